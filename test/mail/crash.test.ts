/**
 * The real service (`src/main.ts`, PostgreSQL, Dovecot, SMTP) killed with SIGKILL at random
 * points while it ingests a batch, then restarted: every message is filed exactly once, every
 * sender gets a receipt, nothing is left half-done.
 */
import { spawn, type ChildProcess } from "node:child_process";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { buildPhuLuc3Xlsx } from "../../src/reports/documents/phu-luc-3-xlsx.ts";
import { loadReportTemplate } from "../../src/reports/template.ts";
import { createPostgresDatabase } from "../helpers/db.ts";
import { hasDovecot, TestDovecot } from "../helpers/dovecot.ts";
import { TestSmtp } from "../helpers/smtp.ts";

const SCHOOLS = 8;
// Enough mail that three runs, each killed soon after its first filing, cannot finish the batch
// (ingestion runs at ~100 mails/s once started).
const PER_SCHOOL = 5;
const TOTAL = SCHOOLS * PER_SCHOOL;
const KILLS = 3;
const template = loadReportTemplate();

describe.skipIf((!hasDovecot || !inject("postgresUrl")) && !process.env.CI)("SIGKILL while the service ingests a batch", () => {
  let db: Database;
  let drop: () => Promise<void>;
  let url: string;
  let dovecot: TestDovecot;
  let smtp: TestSmtp;
  const children: ChildProcess[] = [];
  let stderr = "";

  beforeAll(async () => {
    ({ url, drop } = await createPostgresDatabase());
    db = await openDatabase({ kind: "postgres", url });
    dovecot = await new TestDovecot().start();
    smtp = await new TestSmtp().start();
    for (let s = 0; s < SCHOOLS; s++) {
      await db.prisma.school.create({ data: { code: `TH-${s}`, name: `Trường Tiểu học Số ${s}`, level: "TH", emails: [`th${s}@example.edu.vn`] } });
    }
    for (let v = 0; v < PER_SCHOOL; v++) {
      for (let s = 0; s < SCHOOLS; s++) {
        const xlsx = await buildPhuLuc3Xlsx({ school: { code: "X", name: "X" }, period: { code: "2025-Q3", quarter: 3, year: 2025 }, version: 1, referenceNo: null, submittedAt: null, late: false, items: [{ taskCode: "8", status: "dang_thuc_hien", progressPercent: 10 * (v + 1), done: `Lần ${v + 1}`, next: null, difficulties: null, recommendations: null }] }, template);
        await dovecot.append(await new MailComposer({ from: `th${s}@example.edu.vn`, to: "cntt.cc@hcm.edu.vn", messageId: `<s${s}-v${v}@example.edu.vn>`, date: new Date("2025-09-12T02:00:00Z"), subject: "Báo cáo CĐS quý 3/2025", text: "Gửi Phòng.", attachments: [{ filename: "PL3.xlsx", content: xlsx }] }).compile().build());
      }
    }
  }, 120_000);

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    await smtp?.stop();
    dovecot?.destroy();
    await db?.close();
    await drop?.();
  });

  function startService(): ChildProcess {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: {
        ...process.env, NODE_ENV: "test", PORT: "0", LOG_LEVEL: "silent", DEMO_DATA: "false", REMINDERS_ENABLED: "false",
        DATABASE_URL: url, IMAP_URL: dovecot.url, IMAP_ALLOW_PLAIN: "true", IMAP_RECHECK_SECONDS: "1",
        SMTP_URL: smtp.url, SMTP_ALLOW_INSECURE: "true", CLOCK_NOW: "2025-09-12T09:00:00+07:00",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    children.push(child);
    return child;
  }
  /** Polls until `ok()` (no fixed sleeps); fails with `why()` after a minute. */
  async function until(ok: () => Promise<boolean>, why: () => string | Promise<string>, timeoutMs = 60_000, intervalMs = 20) {
    const end = Date.now() + timeoutMs;
    while (!(await ok())) {
      if (Date.now() > end) throw new Error(await why());
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
  const filed = () => db.prisma.inboundEmail.count({ where: { status: "filed" } });
  const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once("exit", () => r())));

  it("files every message exactly once across kills and restarts", async () => {
    const killedAt: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      const before = await filed();
      const child = startService();
      // Kill only after this run made progress, so no message is interrupted every time.
      await until(async () => (await filed()) > before, () => `no message filed since the restart; service stderr: ${stderr}`);
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 60)));
      child.kill("SIGKILL");
      await exited(child);
      killedAt.push(await filed());
    }
    expect(killedAt.at(-1), `filed at each kill: ${killedAt.join(", ")} of ${TOTAL}`).toBeLessThan(TOTAL); // the kills really happened mid-batch

    const last = startService();
    await until(async () => (await dovecot.count("INBOX")) === 0 && (await dovecot.count("Đã xử lý")) === TOTAL, async () => `batch not finished: ${JSON.stringify(await db.prisma.inboundEmail.groupBy({ by: ["status", "attempts", "error"], _count: true }))}; stderr: ${stderr}`, 120_000, 500);
    last.kill("SIGTERM");
    await exited(last);
    // A receipt claimed by a killed process waits for its 10-minute lease; let that time pass, restart once more.
    await db.prisma.outboundEmail.updateMany({ where: { status: "pending" }, data: { nextAttemptAt: new Date() } });
    const mailer = startService();
    await until(async () => (await db.prisma.outboundEmail.count({ where: { status: { not: "sent" } } })) === 0, () => `receipts not sent; stderr: ${stderr}`, 60_000, 250);
    mailer.kill("SIGTERM");
    await exited(mailer);

    const inbound = await db.prisma.inboundEmail.findMany({ include: { reports: true } });
    expect(inbound).toHaveLength(TOTAL);
    expect(inbound.every((m) => m.status === "filed")).toBe(true);
    expect(inbound.map((m) => m.reports.length)).toEqual(Array(TOTAL).fill(1));
    expect(await db.prisma.report.count({ where: { status: "draft" } })).toBe(0);
    for (let s = 0; s < SCHOOLS; s++) {
      const versions = await db.prisma.report.findMany({ where: { school: { code: `TH-${s}` } }, orderBy: { version: "asc" }, select: { version: true, status: true } });
      expect(versions).toEqual(Array.from({ length: PER_SCHOOL }, (_, v) => ({ version: v + 1, status: v + 1 < PER_SCHOOL ? "superseded" : "submitted" })));
    }
    // One receipt per message in the database; SMTP may see a resend if a kill fell between "sent" and its record.
    expect(await db.prisma.outboundEmail.count({ where: { kind: "reply" } })).toBe(TOTAL);
    expect(new Set(smtp.received.map((r) => r.parsed.inReplyTo)).size).toBe(TOTAL);
  }, 300_000);
});

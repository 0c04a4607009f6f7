/**
 * Scale-out: two replicas of the service on one PostgreSQL database, as behind a load balancer.
 * Chat updates arrive at either replica (and a redelivery at the other one), both watch the same
 * IMAP mailbox, both start a reminder round at the same moment, and both send the outbox through
 * one SMTP server. Every message is answered once, every mail filed and acknowledged once, every
 * reminder sent once.
 */
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ZaloEmulator } from "../../src/channels/zalo/emulator/emulator.ts";
import { openDatabase, type Database } from "../../src/db/client.ts";
import type { Service } from "../../src/service.ts";
import { buildPhuLuc3Xlsx } from "../../src/reports/documents/phu-luc-3-xlsx.ts";
import { loadReportTemplate } from "../../src/reports/template.ts";
import { createPostgresDatabase, engines } from "../helpers/db.ts";
import { hasDovecot, TestDovecot } from "../helpers/dovecot.ts";
import { TestSmtp } from "../helpers/smtp.ts";
import { startTestService } from "../helpers/service.ts";
import { ZALO_SECRET, zaloEnv } from "../helpers/zalo-chat.ts";

const OFFICE_EMAIL = "cntt.pgd@example.vn";
const template = loadReportTemplate();

describe.skipIf(!engines.includes("postgres") || (!hasDovecot && !process.env.CI))("two replicas on one PostgreSQL", () => {
  const cleanup: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  it("answer every chat message once, file and acknowledge every mail once, and send every reminder once", async () => {
    const pg = await createPostgresDatabase();
    cleanup.push(() => pg.drop());
    const dovecot = await new TestDovecot().start();
    cleanup.push(() => dovecot.destroy());
    const smtp = await new TestSmtp().start();
    cleanup.push(() => smtp.stop());
    const emulator = await new ZaloEmulator().start();
    cleanup.push(() => emulator.stop());

    // Four schools mail their report; three do not and are due a reminder (T-3 of quý 3/2025).
    const setup = await openDatabase({ kind: "postgres", url: pg.url });
    const mailing = Array.from({ length: 4 }, (_, i) => ({ code: `TH-M${i}`, name: `Trường Tiểu học Mùa Xuân ${i + 1}`, email: `m${i}@example.edu.vn` }));
    const silent = Array.from({ length: 3 }, (_, i) => ({ code: `TH-S${i}`, name: `Trường Tiểu học Sông Lam ${i + 1}`, email: `s${i}@example.edu.vn` }));
    for (const s of [...mailing, ...silent]) await setup.prisma.school.create({ data: { code: s.code, name: s.name, level: "TH", emails: [s.email] } });
    await setup.close();
    for (const [i, s] of mailing.entries()) {
      const xlsx = await buildPhuLuc3Xlsx(
        { school: { code: s.code, name: s.name }, period: { code: "2025-Q3", quarter: 3, year: 2025 }, version: 1, referenceNo: null, submittedAt: null, late: false, items: [{ taskCode: "8", status: "da_hoan_thanh", progressPercent: 100, done: `Việc của trường ${i + 1}`, next: null, difficulties: null, recommendations: null }] },
        template,
      );
      await dovecot.append(
        await new MailComposer({ from: s.email, to: OFFICE_EMAIL, messageId: `<bc-${i}@example.edu.vn>`, date: new Date("2025-09-15T02:00:00Z"), subject: "Báo cáo CĐS quý 3/2025", text: "Kính gửi Phòng, trường gửi báo cáo.", attachments: [{ filename: "PL3.xlsx", content: xlsx }] })
          .compile()
          .build(),
      );
    }

    const env = {
      ...zaloEnv(emulator),
      OFFICE_EMAIL,
      IMAP_URL: dovecot.url,
      IMAP_ALLOW_PLAIN: "true",
      IMAP_RECHECK_SECONDS: "1",
      SMTP_URL: smtp.url,
      SMTP_ALLOW_INSECURE: "true",
      REMINDERS_ENABLED: "true",
      CLOCK_NOW: "2025-09-16T08:00:00+07:00",
    };
    const replicas: { db: Database; service: Service }[] = [];
    // Both start at once: migrations, the reminder catch-up round and the mailbox race each other.
    await Promise.all(
      [0, 1].map(async () => {
        const db = await openDatabase({ kind: "postgres", url: pg.url });
        const service = await startTestService(db, env, { outboxBaseDelayMs: 50 });
        replicas.push({ db, service });
      }),
    );
    cleanup.push(async () => {
      for (const r of replicas) {
        await r.service.stop();
        await r.db.close();
      }
    });

    // Chat: twelve messages from six people, spread over the replicas; each also redelivered to the other.
    const post = (replica: number, update: object) =>
      fetch(`${replicas[replica]!.service.url}/webhooks/zalo`, { method: "POST", headers: { "content-type": "application/json", "x-bot-api-secret-token": ZALO_SECRET }, body: JSON.stringify(update) });
    const updates = Array.from({ length: 12 }, (_, i) => emulator.userSays(`zr-${i % 6}`, i < 6 ? "hạn nộp báo cáo quý 3 là ngày nào?" : "mẫu phụ lục 3 ở đâu ạ"));
    const statuses = await Promise.all(updates.flatMap((u, i) => [post(i % 2, u), post((i + 1) % 2, u)]).map(async (r) => (await r).status));
    expect(statuses.every((s) => s === 200)).toBe(true);

    // Everything settles: mails filed, outbox sent, both replicas idle.
    const prisma = replicas[0]!.db.prisma;
    await vi.waitFor(async () => expect(await prisma.report.count({ where: { inboundEmailId: { not: null }, status: { not: "draft" } } })).toBe(4), { timeout: 60_000, interval: 250 });
    await vi.waitFor(async () => expect(await prisma.outboundEmail.count({ where: { status: { not: "sent" } } })).toBe(0), { timeout: 60_000, interval: 250 });
    for (const r of replicas) expect(await r.service.idle()).toBe(true);

    // Chat: each message answered exactly once, stored once.
    for (let u = 0; u < 6; u++) expect(emulator.sentTo(`zr-${u}`)).toHaveLength(2);
    expect(await prisma.chatMessage.count({ where: { direction: "in" } })).toBe(12);
    expect(await prisma.inboundUpdate.count({ where: { status: "done" } })).toBe(12);

    // Mail: one filed version per school, one acknowledgement per mail.
    for (const s of mailing) {
      const reports = await prisma.report.findMany({ where: { school: { code: s.code }, status: { not: "draft" } } });
      expect(reports).toHaveLength(1);
      expect(smtp.received.filter((m) => m.envelopeTo.includes(s.email) && !/Nhắc hạn/.test(m.parsed.subject ?? ""))).toHaveLength(1);
    }
    expect(await prisma.inboundEmail.count()).toBe(4);

    // Reminders: exactly one per silent school (the leader's round; the other replica's was skipped).
    for (const s of silent) {
      expect(smtp.received.filter((m) => m.envelopeTo.includes(s.email) && /Nhắc hạn/.test(m.parsed.subject ?? ""))).toHaveLength(1);
    }
    const reminderRows = await prisma.reminderSend.findMany({ where: { status: "sent" } });
    const remindersMailed = smtp.received.filter((m) => /Nhắc hạn/.test(m.parsed.subject ?? "")).length;
    expect(remindersMailed).toBe(reminderRows.length);
    // Nothing went out twice, whatever it was.
    const keys = smtp.received.map((m) => `${m.envelopeTo.join(",")}|${m.parsed.subject}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

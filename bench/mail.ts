/**
 * `npm run bench` (mail part): N report emails (default 2,000) with .xlsx attachments APPENDed to
 * a real Dovecot, then ingested end to end by the mailbox consumer (parse, classify, match,
 * extract, file a version, queue the receipt, move the message) on PGlite and on PostgreSQL.
 * Baseline in the same run: imapflow fetching the same messages + mailparser parsing them.
 *
 * `npx tsx --expose-gc bench/mail.ts --memory` (BENCH_DB=postgres for PostgreSQL): instead, the
 * batch of unusual mails of the memory issue (a 15 MB attachment, a 30 MB message, 200
 * attachments, between two ordinary reports) ingested by the consumer on a PGlite data directory
 * (the default deployment) or on PostgreSQL, with this process's peak RSS sampled every 50 ms.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ImapFlow } from "imapflow";
import { simpleParser } from "mailparser";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { openDatabase, type DatabaseTarget } from "../src/db/client.ts";
import { DEFAULT_DEADLINE_RULES } from "../src/domain/periods.ts";
import { createLogger } from "../src/logger.ts";
import { fixedClock } from "../src/clock.ts";
import { MailboxConsumer } from "../src/mail/inbound/consumer.ts";
import { threadReader } from "../src/mail/inbound/reader.ts";
import { Outbox } from "../src/mail/outbound/outbox.ts";
import { buildPhuLuc3Xlsx } from "../src/reports/documents/phu-luc-3-xlsx.ts";
import { loadSelfAssessmentForm } from "../src/reports/self-assessment.ts";
import { loadReportTemplate } from "../src/reports/template.ts";
import { hasDovecot, TestDovecot } from "../test/helpers/dovecot.ts";
import { BATCH_SCHOOL, peakRss, unusualBatch } from "../test/helpers/mail.ts";
import { benchPostgres, recreateDatabase } from "../test/setup/postgres.ts";
import { processCpuMs } from "./process-cpu.ts";

/** Dovecot's processes (the master, the IMAP login and the IMAP session processes). */
const IMAP_PROCESSES = ["dovecot", "imap", "imap-login", "auth", "config", "log", "anvil", "stats"];

const { values } = parseArgs({ options: { mails: { type: "string", default: "2000" }, memory: { type: "boolean", default: false }, "append-batch": { type: "string" }, "init-db": { type: "string" }, only: { type: "string" } } });
const N = Number(values.mails);
const SCHOOLS = 200;
if (!hasDovecot) {
  console.log("mail bench: skipped (Dovecot is not installed: apt-get install dovecot-imapd)");
  process.exit(0);
}
const template = loadReportTemplate();
const logger = createLogger({ level: "silent", secrets: [] });

async function buildMails(): Promise<Buffer[]> {
  const variants = await Promise.all(
    Array.from({ length: 10 }, (_, v) =>
      buildPhuLuc3Xlsx({ school: { code: "X", name: "X" }, period: { code: "2025-Q3", quarter: 3, year: 2025 }, version: 1, referenceNo: null, submittedAt: null, late: false,
        items: [{ taskCode: "2", status: "dang_thuc_hien", progressPercent: 10 * v, done: `Tập huấn đợt ${v}`, next: "Tiếp tục", difficulties: null, recommendations: null }, { taskCode: "8", status: "da_hoan_thanh", progressPercent: 100, done: "Dạy trực tuyến", next: null, difficulties: null, recommendations: null }] }, template),
    ),
  );
  const mails: Buffer[] = [];
  for (let i = 0; i < N; i++) {
    const s = i % SCHOOLS;
    mails.push(await new MailComposer({ from: `truong${s}@example.edu.vn`, to: "cntt.cc@hcm.edu.vn", messageId: `<bench-${i}@example.edu.vn>`, date: new Date("2025-09-12T02:00:00Z"), subject: `Báo cáo CĐS quý 3/2025 - lần ${Math.floor(i / SCHOOLS) + 1}`, text: "Kính gửi Phòng, trường gửi báo cáo.", attachments: [{ filename: "PL3.xlsx", content: variants[i % variants.length]! }] }).compile().build());
  }
  return mails;
}

async function fill(dovecot: TestDovecot, mails: Buffer[]) {
  const c = await dovecot.client();
  for (const m of mails) await c.append("INBOX", m);
  await c.logout();
}

async function baseline(dovecot: TestDovecot): Promise<number> {
  const c = await dovecot.client();
  const t0 = performance.now();
  await c.mailboxOpen("INBOX", { readOnly: true });
  let n = 0;
  for await (const msg of c.fetch("1:*", { source: true })) {
    const parsed = await simpleParser(msg.source!);
    if (parsed.attachments.length) n++;
  }
  const s = (performance.now() - t0) / 1000;
  await c.logout();
  if (n !== N) throw new Error(`baseline parsed ${n} of ${N}`);
  return s;
}

async function endToEnd(dovecot: TestDovecot, target: DatabaseTarget): Promise<{ seconds: number; cpuMsPerMail: number; serversCpuMsPerMail: { postgres: number; dovecot: number } }> {
  const db = await openDatabase(target);
  try {
    await db.prisma.school.createMany({ data: Array.from({ length: SCHOOLS }, (_, s) => ({ code: `TH-${s}`, name: `Trường Tiểu học Số ${s}`, level: "TH", emails: [`truong${s}@example.edu.vn`] })) });
    const outbox = new Outbox(db.prisma, undefined, { from: "Trợ lý <tro-ly@example.vn>", logger });
    // As the service runs it: mail read on worker threads.
    const selfAssessment = loadSelfAssessmentForm();
    const reader = threadReader({ forms: { template, selfAssessment } });
    const consumer = new MailboxConsumer(
      { url: dovecot.url, allowPlain: true, processedFolder: "Đã xử lý", reviewFolder: "Cần xem xét", recheckSeconds: 5 },
      { prisma: db.prisma, outbox, template, selfAssessment, rules: DEFAULT_DEADLINE_RULES, clock: fixedClock("2025-09-12T09:00:00+07:00"), office: { name: "Phòng GD&ĐT", email: "cntt.cc@hcm.edu.vn" }, logger, answer: async () => ({ text: "", declined: true }), reader },
    );
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const pg0 = processCpuMs(["postgres"]);
    const imap0 = processCpuMs(IMAP_PROCESSES);
    consumer.start();
    while ((await db.prisma.inboundEmail.count({ where: { status: { not: "stored" } } })) < N) await new Promise((r) => setTimeout(r, 100));
    const s = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const serversCpuMsPerMail = { postgres: (processCpuMs(["postgres"]) - pg0) / N, dovecot: (processCpuMs(IMAP_PROCESSES) - imap0) / N };
    await consumer.stop();
    await reader.close();
    const filed = await db.prisma.report.count({ where: { status: { in: ["submitted", "superseded"] } } });
    if (filed !== N) throw new Error(`filed ${filed} of ${N}`);
    return { seconds: s, cpuMsPerMail: (cpu.user + cpu.system) / 1000 / N, serversCpuMsPerMail };
  } finally {
    await db.close();
  }
}

const MB = 1024 * 1024;

/**
 * Steps run in a child process, so that what they allocate is not in the measured process: the
 * unusual batch built and APPENDed to Dovecot, and the PGlite data directory created (initdb).
 */
if (values["append-batch"]) {
  const u = new URL(values["append-batch"]);
  const c = new ImapFlow({ host: u.hostname, port: Number(u.port), secure: false, doSTARTTLS: false, auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) }, logger: false });
  await c.connect();
  for (const m of await unusualBatch()) await c.append("INBOX", m.raw);
  await c.logout();
  process.exit(0);
}
if (values["init-db"]) {
  await (await openDatabase({ kind: "pglite", dataDir: values["init-db"] })).close();
  process.exit(0);
}
const child = (...args: string[]) => execFileSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), ...args], { stdio: "inherit" });

/** The unusual batch through the consumer; the peak RSS of this process while it is ingested. */
async function memoryRun(target: DatabaseTarget): Promise<string> {
  const dovecot = await new TestDovecot().start();
  child("--append-batch", dovecot.url);
  const db = await openDatabase(target);
  try {
    await db.prisma.school.create({ data: BATCH_SCHOOL });
    const outbox = new Outbox(db.prisma, undefined, { from: "Trợ lý <tro-ly@example.vn>", logger });
    const consumer = new MailboxConsumer(
      { url: dovecot.url, allowPlain: true, processedFolder: "Đã xử lý", reviewFolder: "Cần xem xét", recheckSeconds: 1 },
      { prisma: db.prisma, outbox, template, selfAssessment: loadSelfAssessmentForm(), rules: DEFAULT_DEADLINE_RULES, clock: fixedClock("2025-09-12T09:00:00+07:00"), office: { name: "Phòng GD&ĐT", email: "cntt.cc@hcm.edu.vn" }, logger, answer: async () => ({ text: "", declined: true }) },
    );
    global.gc?.();
    const t0 = performance.now();
    const { peakRss: peak, startRss } = await peakRss(async () => {
      consumer.start();
      while ((await dovecot.count("INBOX")) > 0 && performance.now() - t0 < 600_000) await new Promise((r) => setTimeout(r, 200));
      await consumer.stop();
    });
    const rows = await db.prisma.inboundEmail.findMany({ orderBy: { createdAt: "asc" }, select: { messageId: true, status: true, attempts: true, reason: true, error: true, _count: { select: { attachments: true } } } });
    const blobs = await db.prisma.attachment.count({ where: { content: { not: null } } });
    const [stored] = await db.prisma.$queryRaw<{ bytes: bigint | null }[]>`SELECT sum(length("raw"))::bigint AS bytes FROM "InboundEmail"`;
    const lines = rows.map((r) => `    ${r.messageId} ${r.status} (attempts ${r.attempts}, ${r._count.attachments} attachment rows)${r.reason ? ` — ${r.reason.slice(0, 140)}` : ""}${r.error ? ` [error: ${r.error.slice(0, 80)}]` : ""}`);
    return [`peak RSS ${Math.round(peak / MB)} MB (before the batch ${Math.round(startRss / MB)} MB), ${((performance.now() - t0) / 1000).toFixed(1)} s, INBOX left ${await dovecot.count("INBOX")}, raw bytes stored ${(Number(stored?.bytes ?? 0) / MB).toFixed(1)} MB, attachment blobs ${blobs}`, ...lines].join("\n");
  } finally {
    await db.close();
    dovecot.destroy();
  }
}

if (values.memory) {
  const which = process.env.BENCH_DB ?? "pglite";
  let out: string;
  if (which === "postgres") {
    const pg = await benchPostgres();
    if (!pg.url) throw new Error("no PostgreSQL for the bench");
    try {
      out = await memoryRun({ kind: "postgres", url: await recreateDatabase(pg.url, "cds_bench_mail_memory") });
    } finally {
      pg.stop();
    }
  } else {
    // A data directory created beforehand, as a running service has one (initdb is not measured).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cds-bench-mail-"));
    try {
      child("--init-db", path.join(dir, "pglite"));
      out = await memoryRun({ kind: "pglite", dataDir: path.join(dir, "pglite") });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(`\nmail memory, unusual batch (${which}):\n  ${out}`);
  process.exit(0);
}

const mails = await buildMails();
const rows: string[] = [];
const pg = await benchPostgres();
const targets: [string, () => Promise<DatabaseTarget>][] = [];
if (values.only !== "postgres") targets.push(["pglite", async () => ({ kind: "pglite-memory" })]);
if (pg.url && values.only !== "pglite") targets.push(["postgres", async () => ({ kind: "postgres", url: await recreateDatabase(pg.url!, "cds_bench_mail") })]);
for (const [name, target] of targets) {
  const dovecot = await new TestDovecot().start();
  try {
    await fill(dovecot, mails);
    const base = await baseline(dovecot);
    const ours = await endToEnd(dovecot, await target());
    rows.push(`${name.padEnd(9)} imapflow+mailparser ${(N / base).toFixed(1).padStart(7)} mails/s | ingest end to end ${(N / ours.seconds).toFixed(1).padStart(6)} mails/s | ratio ${(base / ours.seconds).toFixed(2)}× | CPU ms/mail: this process ${ours.cpuMsPerMail.toFixed(1)} (all threads), PostgreSQL server ${name === "postgres" ? ours.serversCpuMsPerMail.postgres.toFixed(1) : "—"}, Dovecot ${ours.serversCpuMsPerMail.dovecot.toFixed(1)}`);
  } finally {
    dovecot.destroy();
  }
}
pg.stop();
console.log(`\nmail ingestion, ${N} report mails with .xlsx (Dovecot on loopback):`);
for (const r of rows) console.log(`  ${r}`);
process.exit(0);

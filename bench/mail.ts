/**
 * `npm run bench` (mail part): N report emails (default 2,000) with .xlsx attachments APPENDed to
 * a real Dovecot, then ingested end to end by the mailbox consumer (parse, classify, match,
 * extract, file a version, queue the receipt, move the message) on PGlite and on PostgreSQL.
 * Baseline in the same run: imapflow fetching the same messages + mailparser parsing them.
 */
import { parseArgs } from "node:util";
import { simpleParser } from "mailparser";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { openDatabase, type DatabaseTarget } from "../src/db/client.ts";
import { DEFAULT_DEADLINE_RULES } from "../src/domain/periods.ts";
import { createLogger } from "../src/logger.ts";
import { fixedClock } from "../src/clock.ts";
import { MailboxConsumer } from "../src/mail/inbound/consumer.ts";
import { Outbox } from "../src/mail/outbound/outbox.ts";
import { buildPhuLuc3Xlsx } from "../src/reports/documents/phu-luc-3-xlsx.ts";
import { loadSelfAssessmentForm } from "../src/reports/self-assessment.ts";
import { loadReportTemplate } from "../src/reports/template.ts";
import { hasDovecot, TestDovecot } from "../test/helpers/dovecot.ts";
import { benchPostgres, recreateDatabase } from "../test/setup/postgres.ts";

const { values } = parseArgs({ options: { mails: { type: "string", default: "2000" } } });
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

async function endToEnd(dovecot: TestDovecot, target: DatabaseTarget): Promise<number> {
  const db = await openDatabase(target);
  try {
    await db.prisma.school.createMany({ data: Array.from({ length: SCHOOLS }, (_, s) => ({ code: `TH-${s}`, name: `Trường Tiểu học Số ${s}`, level: "TH", emails: [`truong${s}@example.edu.vn`] })) });
    const outbox = new Outbox(db.prisma, undefined, { from: "Trợ lý <tro-ly@example.vn>", logger });
    const consumer = new MailboxConsumer(
      { url: dovecot.url, allowPlain: true, processedFolder: "Đã xử lý", reviewFolder: "Cần xem xét", recheckSeconds: 5 },
      { prisma: db.prisma, outbox, template, selfAssessment: loadSelfAssessmentForm(), rules: DEFAULT_DEADLINE_RULES, clock: fixedClock("2025-09-12T09:00:00+07:00"), office: { name: "Phòng GD&ĐT", email: "cntt.cc@hcm.edu.vn" }, logger, answer: async () => ({ text: "", declined: true }) },
    );
    const t0 = performance.now();
    consumer.start();
    while ((await db.prisma.inboundEmail.count({ where: { status: { not: "stored" } } })) < N) await new Promise((r) => setTimeout(r, 100));
    const s = (performance.now() - t0) / 1000;
    await consumer.stop();
    const filed = await db.prisma.report.count({ where: { status: { in: ["submitted", "superseded"] } } });
    if (filed !== N) throw new Error(`filed ${filed} of ${N}`);
    return s;
  } finally {
    await db.close();
  }
}

const mails = await buildMails();
const rows: string[] = [];
const pg = await benchPostgres();
const targets: [string, () => Promise<DatabaseTarget>][] = [["pglite", async () => ({ kind: "pglite-memory" })]];
if (pg.url) targets.push(["postgres", async () => ({ kind: "postgres", url: await recreateDatabase(pg.url!, "cds_bench_mail") })]);
for (const [name, target] of targets) {
  const dovecot = await new TestDovecot().start();
  try {
    await fill(dovecot, mails);
    const base = await baseline(dovecot);
    const ours = await endToEnd(dovecot, await target());
    rows.push(`${name.padEnd(9)} imapflow+mailparser ${(N / base).toFixed(1).padStart(7)} mails/s | ingest end to end ${(N / ours).toFixed(1).padStart(6)} mails/s | ratio ${(base / ours).toFixed(2)}×`);
  } finally {
    dovecot.destroy();
  }
}
pg.stop();
console.log(`\nmail ingestion, ${N} report mails with .xlsx (Dovecot on loopback):`);
for (const r of rows) console.log(`  ${r}`);
process.exit(0);

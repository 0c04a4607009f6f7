/** The mailbox consumer against a real Dovecot IMAP server and a real SMTP receiver. */
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "../../src/db/client.ts";
import { createLogger } from "../../src/logger.ts";
import { MailboxConsumer } from "../../src/mail/inbound/consumer.ts";
import { threadReader, type MailReader } from "../../src/mail/inbound/reader.ts";
import { Outbox } from "../../src/mail/outbound/outbox.ts";
import { createSmtpTransport } from "../../src/mail/outbound/transport.ts";
import { buildPhuLuc3Xlsx } from "../../src/reports/documents/phu-luc-3-xlsx.ts";
import { loadReportTemplate } from "../../src/reports/template.ts";
import { openTestDatabase } from "../helpers/db.ts";
import { hasDovecot, TestDovecot } from "../helpers/dovecot.ts";
import { TestSmtp } from "../helpers/smtp.ts";
import { ingestDeps, TEST_OFFICE } from "../helpers/mail.ts";

const template = loadReportTemplate();
const OFFICE = TEST_OFFICE;
const compose = (o: ConstructorParameters<typeof MailComposer>[0]) => new MailComposer(o).compile().build();
const PROCESSED = "Đã xử lý";
const REVIEW = "Cần xem xét";

describe.skipIf(!hasDovecot && !process.env.CI)("district mailbox (Dovecot)", () => {
  let db: Database;
  let dovecot: TestDovecot;
  let smtp: TestSmtp;
  let outbox: Outbox;
  let consumer: MailboxConsumer;
  let reader: MailReader;
  const readers: MailReader[] = [];
  const logger = createLogger({ level: process.env.DEBUG_MAILBOX ? "debug" : "silent", secrets: [] });

  beforeAll(async () => {
    db = await openTestDatabase("pglite");
    dovecot = await new TestDovecot().start();
    smtp = await new TestSmtp().start();
    outbox = new Outbox(db.prisma, createSmtpTransport(smtp.url, { allowInsecure: true }), { from: "Trợ lý <tro-ly@example.vn>", logger, baseDelayMs: 50 });
    await db.prisma.school.create({ data: { code: "TH-TTCC", name: "Trường Tiểu học Thị Trấn Củ Chi", level: "TH", emails: ["thttcuchi@example.edu.vn"] } });
    // As in the service: mail is read on a worker thread.
    const deps = ingestDeps(db.prisma, outbox, { logger });
    reader = threadReader({ forms: { template: deps.template, selfAssessment: deps.selfAssessment } });
    consumer = new MailboxConsumer(
      { url: dovecot.url, allowPlain: true, processedFolder: PROCESSED, reviewFolder: REVIEW, recheckSeconds: 1, tidyIntervalMs: 0 },
      { ...deps, reader },
    );
  });
  afterAll(async () => {
    await consumer.stop();
    await reader.close();
    for (const r of readers) await r.close();
    await outbox.stop();
    await smtp.stop();
    dovecot.destroy();
    await db.close();
  });

  const reportMail = async (id: string, quarterText = "quý 3/2025") =>
    compose({
      from: "thttcuchi@example.edu.vn", to: OFFICE.email, messageId: `<${id}@example.edu.vn>`, date: new Date("2025-09-12T02:00:00Z"),
      subject: `Báo cáo CĐS ${quarterText}`, text: "Kính gửi Phòng.",
      attachments: [{ filename: "PL3.xlsx", content: await buildPhuLuc3Xlsx({ school: { code: "X", name: "X" }, period: { code: "2025-Q3", quarter: 3, year: 2025 }, version: 1, referenceNo: null, submittedAt: null, late: false, items: [{ taskCode: "8", status: "da_hoan_thanh", progressPercent: 100, done: `Đợt ${id}`, next: null, difficulties: null, recommendations: null }] }, template) }],
    });

  const spamMail = () => compose({ from: "shop@promo.example", to: OFFICE.email, messageId: "<promo-1@promo.example>", date: new Date("2025-09-12T03:00:00Z"), subject: "Khuyến mãi", text: "Mua ngay" });

  it("processes what is waiting, files reports, moves mail to folders and answers; spam only moves", async () => {
    await dovecot.append(await reportMail("first"));
    await dovecot.append(await spamMail());
    consumer.start();
    await vi.waitFor(async () => {
      expect(await dovecot.count(PROCESSED)).toBe(1);
      expect(await dovecot.count(REVIEW)).toBe(1);
    }, { timeout: 20_000, interval: 200 });
    expect(await dovecot.count("INBOX")).toBe(0);
    expect(await db.prisma.report.count({ where: { source: "email", status: "submitted" } })).toBe(1);
    await smtp.waitFor(1);
    expect(smtp.received.map((r) => r.envelopeTo[0])).toEqual(["thttcuchi@example.edu.vn"]);
    expect(smtp.received[0]!.parsed.inReplyTo).toBe("<first@example.edu.vn>");
  });

  it("notices new mail while idle, and after Dovecot restarts it reconnects and picks up what arrived", async () => {
    await dovecot.append(await reportMail("second"));
    await vi.waitFor(async () => expect(await dovecot.count(PROCESSED)).toBe(2), { timeout: 20_000, interval: 200 });

    dovecot.stop();
    await dovecot.start();
    await dovecot.append(await reportMail("third"));
    await vi.waitFor(async () => expect(await dovecot.count(PROCESSED)).toBe(3), { timeout: 40_000, interval: 300 });
    expect(consumer.reconnects).toBeGreaterThanOrEqual(1);
    const versions = await db.prisma.report.findMany({ orderBy: { version: "asc" }, select: { version: true, status: true } });
    expect(versions).toEqual([
      { version: 1, status: "superseded" },
      { version: 2, status: "superseded" },
      { version: 3, status: "submitted" },
    ]);
    expect(await db.prisma.inboundEmail.count()).toBe(4);
  });

  it("moves mail an officer has decided out of the review folder, and keeps watching INBOX", async () => {
    expect(await dovecot.count(REVIEW)).toBe(1);
    await db.prisma.inboundEmail.updateMany({ where: { status: "review" }, data: { resolvedAt: new Date() } });
    await dovecot.append(await reportMail("fourth"));
    await vi.waitFor(async () => {
      expect(await dovecot.count(REVIEW)).toBe(0);
      expect(await dovecot.count(PROCESSED)).toBe(5);
    }, { timeout: 20_000, interval: 200 });
    expect(await db.prisma.report.count({ where: { status: "submitted" } })).toBe(1);
    expect(await db.prisma.report.count()).toBe(4);
  });

  it("handles mail already flagged as read in INBOX: a new one is filed, one a crash left behind goes where it went the first time", async () => {
    // Someone opened the new report in a mail client before the assistant saw it.
    await dovecot.append(await reportMail("fifth"), "INBOX", ["\\Seen"]);
    // The spam of the first test, flagged but not moved (a kill between the two IMAP commands).
    await dovecot.append(await spamMail(), "INBOX", ["\\Seen"]);
    await vi.waitFor(async () => {
      expect(await dovecot.count("INBOX")).toBe(0);
      expect(await dovecot.count(PROCESSED)).toBe(6);
      expect(await dovecot.count(REVIEW)).toBe(1);
    }, { timeout: 20_000, interval: 200 });
    expect(await db.prisma.report.count()).toBe(5);
    expect(await db.prisma.inboundEmail.count({ where: { subject: "Khuyến mãi" } })).toBe(1);
  });
  it("files a batch of several schools' mails side by side, and each school's versions in the order its mails arrived", async () => {
    const others = await Promise.all(["A", "B"].map((k) => db.prisma.school.create({ data: { code: `TH-${k}`, name: `Trường Tiểu học Lô ${k}`, level: "TH", emails: [`th${k.toLowerCase()}@example.edu.vn`] } })));
    const mail = async (from: string, round: number) =>
      compose({
        from, to: OFFICE.email, messageId: `<${from}-${round}@example.edu.vn>`, date: new Date("2025-09-12T02:00:00Z"), subject: "Báo cáo CĐS quý 3/2025", text: "Kính gửi Phòng.",
        attachments: [{ filename: "PL3.xlsx", content: await buildPhuLuc3Xlsx({ school: { code: "X", name: "X" }, period: { code: "2025-Q3", quarter: 3, year: 2025 }, version: 1, referenceNo: null, submittedAt: null, late: false, items: [{ taskCode: "8", status: "da_hoan_thanh", progressPercent: 100, done: `Lần gửi ${round}`, next: null, difficulties: null, recommendations: null }] }, template) }],
      });
    // All waiting when a consumer starts (as after a night or a restart), interleaved by school: one pass, one batch.
    await consumer.stop();
    const senders = others.map((o) => o.emails[0]!);
    for (let round = 1; round <= 4; round++) for (const from of senders) await dovecot.append(await mail(from, round));
    const deps = ingestDeps(db.prisma, outbox, { logger });
    const twoThreads = threadReader({ forms: { template: deps.template, selfAssessment: deps.selfAssessment } }, { threads: 2 });
    readers.push(twoThreads);
    consumer = new MailboxConsumer({ url: dovecot.url, allowPlain: true, processedFolder: PROCESSED, reviewFolder: REVIEW, recheckSeconds: 1, tidyIntervalMs: 0 }, { ...deps, reader: twoThreads });
    consumer.start();
    await vi.waitFor(async () => {
      expect(await dovecot.count("INBOX")).toBe(0);
      expect(await db.prisma.report.count({ where: { schoolId: { in: others.map((o) => o.id) } } })).toBe(8);
    }, { timeout: 30_000, interval: 200 });
    for (const school of others) {
      const versions = await db.prisma.report.findMany({ where: { schoolId: school.id }, orderBy: { version: "asc" }, include: { items: true } });
      expect(versions.map((v) => [v.version, v.items[0]!.done, v.status])).toEqual([
        [1, "Lần gửi 1", "superseded"], [2, "Lần gửi 2", "superseded"], [3, "Lần gửi 3", "superseded"], [4, "Lần gửi 4", "submitted"],
      ]);
    }
  });
  it("tries a mail an earlier run left unfinished first and alone, then the others side by side", async () => {
    await consumer.stop();
    const [a, b] = await db.prisma.school.findMany({ where: { code: { in: ["TH-A", "TH-B"] } }, orderBy: { code: "asc" } });
    const mail = (from: string, id: string) => compose({ from, to: OFFICE.email, messageId: `<${id}@example.edu.vn>`, date: new Date("2025-09-12T02:00:00Z"), subject: "Báo cáo CĐS quý 3/2025", text: "Kính gửi Phòng, mục 8 đã hoàn thành 100%." });
    // Waiting: two ordinary mails, then one an earlier run stored and started but never finished (killed mid-way).
    await dovecot.append(await mail(a!.emails[0]!, "plain-a"));
    await dovecot.append(await mail(b!.emails[0]!, "plain-b"));
    await dovecot.append(await mail("thttcuchi@example.edu.vn", "unfinished"));
    await db.prisma.inboundEmail.create({ data: { messageId: "<unfinished@example.edu.vn>", rawSha256: "0".repeat(64), attempts: 1 } });
    const deps = ingestDeps(db.prisma, outbox, { logger });
    const inner = threadReader({ forms: { template: deps.template, selfAssessment: deps.selfAssessment } }, { threads: 2 });
    readers.push(inner);
    const reads: { id: string; othersReading: number }[] = [];
    let reading = 0;
    const recording: MailReader = {
      async read(raw, schools, at) {
        const id = /Message-ID: <([^@]+)@/i.exec(raw.toString("latin1"))?.[1] ?? "?";
        reads.push({ id, othersReading: reading++ });
        try {
          return await inner.read(raw, schools, at);
        } finally {
          reading--;
          if (id === "unfinished") reads.push({ id: "unfinished done", othersReading: reading });
        }
      },
      close: () => inner.close(),
    };
    consumer = new MailboxConsumer({ url: dovecot.url, allowPlain: true, processedFolder: PROCESSED, reviewFolder: REVIEW, recheckSeconds: 1, tidyIntervalMs: 0 }, { ...deps, reader: recording });
    consumer.start();
    await vi.waitFor(async () => expect(await dovecot.count("INBOX")).toBe(0), { timeout: 30_000, interval: 200 });
    expect(reads.slice(0, 2)).toEqual([{ id: "unfinished", othersReading: 0 }, { id: "unfinished done", othersReading: 0 }]);
    expect(reads.slice(2).map((r) => r.id).sort()).toEqual(["plain-a", "plain-b"]);
    expect(await db.prisma.inboundEmail.findFirstOrThrow({ where: { messageId: "<unfinished@example.edu.vn>" } })).toMatchObject({ attempts: 2, status: expect.not.stringMatching(/stored|quarantined/) });
  });
});

/**
 * Size limits before anything is kept in full: a message above the message limit becomes a
 * truncated record and its sender a Vietnamese answer; a file above the attachment cap, or past
 * the number of files read, is listed without its bytes. Through the real mailbox (Dovecot), the
 * real database and a real SMTP receiver, with the memory of the whole batch measured.
 */
import { createHash, randomBytes } from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "../../src/db/client.ts";
import { createLogger } from "../../src/logger.ts";
import { MailboxConsumer } from "../../src/mail/inbound/consumer.ts";
import { DEFAULT_LIMITS } from "../../src/mail/inbound/extract/index.ts";
import { ingestRaw } from "../../src/mail/inbound/ingest.ts";
import { parseEmail } from "../../src/mail/inbound/parse.ts";
import { MAX_OTHER_KEPT, reduceMessage } from "../../src/mail/inbound/reduce.ts";
import { suggestForReview } from "../../src/mail/inbound/review.ts";
import { Outbox } from "../../src/mail/outbound/outbox.ts";
import { createSmtpTransport } from "../../src/mail/outbound/transport.ts";
import { openTestDatabase } from "../helpers/db.ts";
import { hasDovecot, TestDovecot } from "../helpers/dovecot.ts";
import { BATCH_SCHOOL, ingestDeps, peakRss, TEST_OFFICE, unusualBatch, type BatchMail } from "../helpers/mail.ts";
import { TestSmtp } from "../helpers/smtp.ts";

const MB = 1024 * 1024;
const PROCESSED = "Đã xử lý";
const REVIEW = "Cần xem xét";
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const compose = (o: ConstructorParameters<typeof MailComposer>[0]) => new MailComposer(o).compile().build();

describe("what is kept of a large message", () => {
  it("keeps the message without the bytes of a file above the cap: same text, same kept files, the other listed with its size and hash", async () => {
    const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(3 * MB)]);
    const xlsx = randomBytes(4_000);
    const raw = await compose({ from: "a@example.edu.vn", to: TEST_OFFICE.email, subject: "Báo cáo kèm minh chứng", text: "Kính gửi Phòng.", html: "<p>Kính gửi <b>Phòng</b>.</p>", attachments: [{ filename: "Báo cáo quý 3.xlsx", content: xlsx }, { filename: "minh chứng.pdf", content: pdf }] });
    const limits = { ...DEFAULT_LIMITS, maxAttachmentBytes: 1 * MB };

    const reduced = reduceMessage(raw, limits);
    expect(reduced.omitted).toBe(1);
    expect(reduced.raw.length).toBeLessThan(20_000);
    const full = await parseEmail(raw, limits);
    const kept = await parseEmail(reduced.raw, limits);
    expect(kept.text).toBe(full.text);
    expect(kept.html).toBe(full.html);
    expect(kept.attachments.map((a) => [a.filename, a.size, a.sha256, a.skipped, a.content && sha(a.content)])).toEqual([
      ["Báo cáo quý 3.xlsx", xlsx.length, sha(xlsx), undefined, sha(xlsx)],
      ["minh chứng.pdf", pdf.length, sha(pdf), "too_large", undefined],
    ]);
    expect(full.attachments.map((a) => [a.filename, a.size, a.sha256, a.skipped])).toEqual(kept.attachments.map((a) => [a.filename, a.size, a.sha256, a.skipped]));
    // Nothing to leave out: the very same bytes.
    const small = await compose({ from: "a@example.edu.vn", subject: "x", text: "y", attachments: [{ filename: "PL3.xlsx", content: xlsx }] });
    expect(reduceMessage(small, limits).raw).toBe(small);
  });

  it("reads only so many documents of a mail, and keeps only a few other files", async () => {
    const files = [
      ...Array.from({ length: 30 }, (_, i) => ({ filename: `anh-${i}.jpg`, content: randomBytes(2_000) })),
      ...Array.from({ length: 4 }, (_, i) => ({ filename: `PL3-${i}.xlsx`, content: randomBytes(2_000) })),
    ];
    const raw = await compose({ from: "a@example.edu.vn", subject: "Nhiều tệp", text: "Gửi Phòng.", attachments: files });
    const m = await parseEmail(reduceMessage(raw, { maxAttachmentBytes: MB, maxAttachments: 2 }).raw, { maxAttachmentBytes: MB, maxAttachments: 2 });
    expect(m.attachments).toHaveLength(34);
    expect(m.attachments.filter((a) => a.content).map((a) => a.filename)).toEqual([...Array.from({ length: MAX_OTHER_KEPT }, (_, i) => `anh-${i}.jpg`), "PL3-0.xlsx", "PL3-1.xlsx"]);
    expect(m.attachments.filter((a) => a.skipped === "too_many")).toHaveLength(34 - MAX_OTHER_KEPT - 2);
  });

  it("stores a message above the message limit as a truncated record once, and answers its sender once", async () => {
    const db = await openTestDatabase("pglite");
    try {
      const outbox = new Outbox(db.prisma, undefined, { from: "Trợ lý <tro-ly@example.vn>", logger: createLogger({ level: "silent", secrets: [] }) });
      const deps = { ...ingestDeps(db.prisma, outbox), limits: { ...DEFAULT_LIMITS, maxMessageBytes: 1 * MB } };
      const raw = await compose({ from: "b@example.edu.vn", to: TEST_OFFICE.email, messageId: "<lon@example.edu.vn>", subject: "Ảnh hoạt động", text: "Gửi Phòng ảnh.", attachments: [{ filename: "anh.jpg", content: randomBytes(2 * MB) }] });
      const first = await ingestRaw(deps, raw);
      const again = await ingestRaw(deps, raw);
      expect([first.outcome, again.outcome, again.id]).toEqual(["rejected", "duplicate", first.id]);
      const row = await db.prisma.inboundEmail.findUniqueOrThrow({ where: { id: first.id }, include: { attachments: true } });
      expect(row.raw!.length).toBeLessThan(10_000);
      expect(row.attachments.map((a) => [a.filename, a.content])).toEqual([["anh.jpg", null]]);
      const m = await parseEmail(Buffer.from(row.raw!));
      expect(m.truncated).toEqual({ size: raw.length, limit: 1 * MB });
      expect(m.text).toContain("Gửi Phòng ảnh.");
      expect((await suggestForReview(deps, first.id))?.note).toContain("vượt giới hạn 1 MB");
      const replies = await db.prisma.outboundEmail.findMany();
      expect(replies.map((r) => [r.to, r.subject])).toEqual([[["b@example.edu.vn"], "Re: Ảnh hoạt động"]]);
      expect(replies[0]!.text).toContain("vượt giới hạn 1 MB");
    } finally {
      await db.close();
    }
  });
});

describe("what an oversized mail says it is", () => {
  it("a report too large to download is still recorded as the quarter's report its subject names (never filed)", async () => {
    const db = await openTestDatabase("pglite");
    try {
      const outbox = new Outbox(db.prisma, undefined, { from: "Trợ lý <tro-ly@example.vn>", logger: createLogger({ level: "silent", secrets: [] }) });
      const deps = { ...ingestDeps(db.prisma, outbox), limits: { ...DEFAULT_LIMITS, maxMessageBytes: 1 * MB } };
      const raw = await compose({ from: "c@example.edu.vn", to: TEST_OFFICE.email, messageId: "<lon-bc@example.edu.vn>", subject: "Báo cáo CĐS quý IV/2026", text: "Gửi Phòng báo cáo kèm ảnh minh chứng.", attachments: [{ filename: "PL3_quy4.xlsx", content: randomBytes(2 * MB) }] });
      const r = await ingestRaw(deps, raw);
      expect(r.outcome).toBe("rejected");
      const row = await db.prisma.inboundEmail.findUniqueOrThrow({ where: { id: r.id } });
      expect([row.classification, row.periodCode]).toEqual(["quarterly_report", "2026-Q4"]);
      expect(await db.prisma.report.count()).toBe(0);
    } finally {
      await db.close();
    }
  });
});

describe.skipIf(!hasDovecot && !process.env.CI)("a batch of unusual mail through the mailbox (Dovecot)", () => {
  let db: Database;
  let dovecot: TestDovecot;
  let smtp: TestSmtp;
  let outbox: Outbox;
  let consumer: MailboxConsumer;
  let batch: { name: string; messageId: string; size: number }[];
  let oversized: BatchMail;
  const logger = createLogger({ level: process.env.DEBUG_MAILBOX ? "debug" : "silent", secrets: [] });

  beforeAll(async () => {
    db = await openTestDatabase("pglite");
    dovecot = await new TestDovecot().start();
    smtp = await new TestSmtp().start();
    outbox = new Outbox(db.prisma, createSmtpTransport(smtp.url, { allowInsecure: true }), { from: "Trợ lý <tro-ly@example.vn>", logger, baseDelayMs: 50 });
    await db.prisma.school.create({ data: BATCH_SCHOOL });
    const mails = await unusualBatch();
    for (const m of mails) await dovecot.append(m.raw);
    batch = mails.map((m) => ({ name: m.name, messageId: m.messageId, size: m.raw.length }));
    oversized = mails.find((m) => m.name === "thu-30mb")!;
    consumer = new MailboxConsumer(
      { url: dovecot.url, allowPlain: true, processedFolder: PROCESSED, reviewFolder: REVIEW, recheckSeconds: 1, tidyIntervalMs: 60_000 },
      ingestDeps(db.prisma, outbox, { logger }),
    );
  }, 120_000);
  afterAll(async () => {
    await consumer?.stop();
    await outbox?.stop();
    await smtp?.stop();
    dovecot?.destroy();
    await db?.close();
  });

  const row = (name: string) =>
    db.prisma.inboundEmail.findFirstOrThrow({ where: { messageId: batch.find((b) => b.name === name)!.messageId }, include: { attachments: { orderBy: { filename: "asc" } }, reports: true } });
  const replyTo = (name: string) => smtp.received.find((r) => r.parsed.inReplyTo === batch.find((b) => b.name === name)!.messageId);

  it("files the ordinary mail around it, keeps a truncated record of the 30 MB message and answers it, stores no large file, within a memory bound", async () => {
    global.gc?.();
    const { peakRss: peak, startRss } = await peakRss(async () => {
      consumer.start();
      await vi.waitFor(async () => {
        expect(await dovecot.count("INBOX")).toBe(0);
        expect(await dovecot.count(PROCESSED)).toBe(3);
        expect(await dovecot.count(REVIEW)).toBe(2);
      }, { timeout: 120_000, interval: 250 });
    });
    // Before the limits, this batch took the service from 0.3 GB to 2.8 GB (npx tsx --expose-gc bench/mail.ts --memory).
    // Here it grows by some 40 MB; the bound is generous, far below what the batch took before.
    expect(peak - startRss).toBeLessThan(250 * MB);

    // The siblings of the large mail are filed, in order, as versions 1 to 3.
    expect((await row("truoc")).status).toBe("filed");
    expect((await row("sau")).status).toBe("filed");
    const versions = await db.prisma.report.findMany({ orderBy: { version: "asc" }, select: { version: true, status: true, inboundEmail: { select: { messageId: true } } } });
    expect(versions.map((v) => [v.version, v.status, v.inboundEmail?.messageId])).toEqual([
      [1, "superseded", "<truoc@example.edu.vn>"],
      [2, "superseded", "<tep-15mb@example.edu.vn>"],
      [3, "submitted", "<sau@example.edu.vn>"],
    ]);

    // 30 MB: never downloaded; its headers, text and list of files are kept, marked truncated.
    const big = await row("thu-30mb");
    expect(big.status).toBe("rejected");
    expect(big.raw!.length).toBeLessThan(64 * 1024);
    expect(big.reason).toContain("vượt giới hạn 25 MB");
    const record = await parseEmail(Buffer.from(big.raw!));
    expect(record.truncated).toEqual({ size: batch.find((b) => b.name === "thu-30mb")!.size, limit: 25 * MB });
    expect([record.from, record.subject, record.messageId]).toEqual(["thttcuchi@example.edu.vn", "Báo cáo CĐS quý 3/2025 kèm video tiết dạy", "<thu-30mb@example.edu.vn>"]);
    expect(record.text).toContain("Kính gửi Phòng, trường gửi báo cáo.");
    expect(record.text).toContain("tiet-day.mp4");
    expect(big.attachments.map((a) => [a.filename, a.content])).toEqual([["PL3.xlsx", null], ["tiet-day.mp4", null]]);
    expect(Math.abs(big.attachments[1]!.size - 22 * MB)).toBeLessThan(0.02 * 22 * MB);
    // Replies leave through the outbox after the mail is moved: wait for all four before reading one.
    await smtp.waitFor(4);
    const answer = replyTo("thu-30mb")?.parsed.text ?? "";
    expect(answer).toContain("thư nặng 30 MB, vượt giới hạn 25 MB của hộp thư nhận báo cáo, nên hệ thống chưa mở thư và chưa ghi nhận báo cáo");
    expect(answer).toContain("Tệp quá lớn (mỗi tệp tối đa 10 MB): “tiet-day.mp4” (khoảng 22 MB).");
    expect(answer).toContain("nộp báo cáo ngay qua trợ lý trên Zalo");

    // A 15 MB file beside the report: the report is filed, the file listed without its bytes, the school told.
    const withFile = await row("tep-15mb");
    expect(withFile.status).toBe("filed");
    expect(withFile.raw!.length).toBeLessThan(100_000);
    expect(withFile.attachments.map((a) => [a.filename, a.size, a.content === null])).toEqual([["PL3.xlsx", expect.any(Number), false], ["minh-chung.pdf", 15 * MB + 9, true]]);
    expect(replyTo("tep-15mb")?.parsed.text).toContain("Lưu ý: tệp “minh-chung.pdf” (15 MB) lớn hơn giới hạn 10 MB nên Phòng không lưu và không mở tệp này");

    // 200 photos: 200 rows listed, a few kept, not 200 blobs.
    const photos = await row("200-tep");
    expect(photos.status).toBe("review");
    expect(photos.attachments).toHaveLength(200);
    expect(photos.attachments.filter((a) => a.content !== null)).toHaveLength(MAX_OTHER_KEPT);
    expect(photos.raw!.length).toBeLessThan(2 * MB);
    expect(await db.prisma.attachment.count({ where: { content: { not: null } } })).toBe(3 + MAX_OTHER_KEPT);

    // Every sender of a report or of the large mail is answered once; the photos (not a report) wait for a person.
    expect(smtp.received.map((r) => r.parsed.inReplyTo).sort()).toEqual(["<sau@example.edu.vn>", "<tep-15mb@example.edu.vn>", "<thu-30mb@example.edu.vn>", "<truoc@example.edu.vn>"]);
  }, 180_000);

  it("knows the large message when it comes again (a crash before it left INBOX): same record, no second answer", async () => {
    await dovecot.append(oversized.raw);
    await vi.waitFor(async () => {
      expect(await dovecot.count("INBOX")).toBe(0);
      expect(await dovecot.count(REVIEW)).toBe(3);
    }, { timeout: 60_000, interval: 250 });
    expect(await db.prisma.inboundEmail.count()).toBe(5);
    expect(await db.prisma.outboundEmail.count({ where: { kind: "reply" } })).toBe(4);
  }, 90_000);
});

/**
 * Ingesting emails end to end (without IMAP here): stored first, filed as a report version,
 * answered through the outbox and a real SMTP server with threading headers; automatic mail and
 * spam never answered; a message seen twice filed once.
 */
import { createHash } from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Database } from "../../src/db/client.ts";
import { createLogger } from "../../src/logger.ts";
import { ingestRaw, type IngestDeps } from "../../src/mail/inbound/ingest.ts";
import { Outbox } from "../../src/mail/outbound/outbox.ts";
import { createSmtpTransport } from "../../src/mail/outbound/transport.ts";
import { buildPhuLuc3Xlsx } from "../../src/reports/documents/phu-luc-3-xlsx.ts";
import { loadReportTemplate } from "../../src/reports/template.ts";
import { buildReviewDigest } from "../../src/mail/inbound/review-digest.ts";
import { engines, openTestDatabase } from "../helpers/db.ts";
import { TestSmtp } from "../helpers/smtp.ts";
import { ingestDeps, TEST_OFFICE } from "../helpers/mail.ts";

const template = loadReportTemplate();
const OFFICE = TEST_OFFICE;
const compose = (o: ConstructorParameters<typeof MailComposer>[0]) => new MailComposer(o).compile().build();

async function reportXlsx() {
  return buildPhuLuc3Xlsx(
    {
      school: { code: "X", name: "X" }, period: { code: "2025-Q3", quarter: 3, year: 2025 }, version: 1, referenceNo: null, submittedAt: null, late: false,
      items: [{ taskCode: "2", status: "dang_thuc_hien", progressPercent: 60, done: "Tập huấn 18/30 GV", next: "Tập huấn tiếp", difficulties: null, recommendations: null }],
    },
    template,
  );
}

describe.each(engines)("email ingestion (%s)", (engine) => {
  let db: Database;
  let smtp: TestSmtp;
  let outbox: Outbox;
  let deps: IngestDeps;
  beforeEach(async () => {
    db = await openTestDatabase(engine);
    smtp = await new TestSmtp().start();
    const logger = createLogger({ level: "silent", secrets: [] });
    outbox = new Outbox(db.prisma, createSmtpTransport(smtp.url, { allowInsecure: true }), { from: "Trợ lý CĐS <tro-ly@example.vn>", logger, baseDelayMs: 50 });
    deps = ingestDeps(db.prisma, outbox, {
      logger,
      answer: async (q) => (/han nop|hạn nộp/i.test(q) ? { text: "Báo cáo quý 3/2025: trước ngày 20/09/2025.", declined: false } : { text: "", declined: true }),
    });
    await db.prisma.school.create({ data: { code: "TH-TTCC", name: "Trường Tiểu học Thị Trấn Củ Chi", shortName: "TH Thị Trấn Củ Chi", level: "TH", emails: ["thttcuchi@example.edu.vn"] } });
  });
  afterEach(async () => {
    await outbox.stop();
    await smtp.stop();
    await db.close();
  });

  it("files an .xlsx report from a registered sender, once, and answers in the same thread", async () => {
    const raw = await compose({
      from: "thttcuchi@example.edu.vn", to: OFFICE.email, messageId: "<bc-q3-ttcc@example.edu.vn>",
      subject: "Báo cáo CĐS quý 3/2025", text: "Kính gửi Phòng, trường gửi báo cáo quý 3.",
      attachments: [{ filename: "PL3-quy3.xlsx", content: await reportXlsx() }],
    });
    const received = new Date("2025-09-12T09:00:00+07:00");
    expect(await ingestRaw(deps, raw, received)).toMatchObject({ outcome: "filed" });
    expect(await ingestRaw(deps, raw, received)).toMatchObject({ outcome: "duplicate" });
    const reports = await db.prisma.report.findMany({ include: { items: true, period: true } });
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ source: "email", status: "submitted", late: false, version: 1, period: { code: "2025-Q3" } });
    expect(reports[0]!.items.map((i) => [i.taskCode, i.status, i.progressPercent, i.done])).toEqual([["2", "dang_thuc_hien", 60, "Tập huấn 18/30 GV"]]);
    const stored = await db.prisma.inboundEmail.findFirstOrThrow({ include: { attachments: true } });
    expect(stored).toMatchObject({ status: "filed", classification: "quarterly_report", messageId: "<bc-q3-ttcc@example.edu.vn>" });
    expect(Buffer.from(stored.raw!).equals(raw)).toBe(true);
    expect(stored.attachments.map((a) => a.filename)).toEqual(["PL3-quy3.xlsx"]);
    // Written in one statement each (raw SQL): the instant received, one attempt, sender and subject, the file's bytes.
    expect(stored.receivedAt?.toISOString()).toBe(received.toISOString());
    expect(stored).toMatchObject({ attempts: 1, fromAddress: "thttcuchi@example.edu.vn", subject: "Báo cáo CĐS quý 3/2025", error: null });
    expect(stored.attachments[0]).toMatchObject({ contentType: expect.stringContaining("spreadsheetml"), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const content = Buffer.from(stored.attachments[0]!.content!);
    expect([content.length, createHash("sha256").update(content).digest("hex"), content.subarray(0, 2).toString()]).toEqual([stored.attachments[0]!.size, stored.attachments[0]!.sha256, "PK"]);

    await smtp.waitFor(1);
    const r = smtp.received[0]!;
    expect(r.envelopeTo).toEqual(["thttcuchi@example.edu.vn"]);
    expect(r.parsed.subject).toBe("Re: Báo cáo CĐS quý 3/2025");
    expect(r.parsed.inReplyTo).toBe("<bc-q3-ttcc@example.edu.vn>");
    expect(r.parsed.headers.get("auto-submitted")).toBe("auto-replied");
    expect(r.parsed.text).toContain("mã tiếp nhận BC-2025Q3-TH-TTCC-v1");
  });

  it("a corrected table replaces the report (rows it leaves out are gone); a text addendum keeps the other rows", async () => {
    const xlsx = (items: { taskCode: string; done: string }[]) =>
      buildPhuLuc3Xlsx({ school: { code: "X", name: "X" }, period: { code: "2025-Q3", quarter: 3, year: 2025 }, version: 1, referenceNo: null, submittedAt: null, late: false, items: items.map((i) => ({ ...i, status: null, progressPercent: null, next: null, difficulties: null, recommendations: null })) }, template);
    const mail = async (id: string, o: { text?: string; file?: Buffer }) =>
      compose({ from: "thttcuchi@example.edu.vn", to: OFFICE.email, messageId: `<${id}@x>`, subject: "Báo cáo CĐS quý 3/2025", text: o.text ?? "Gửi Phòng.", attachments: o.file ? [{ filename: "PL3.xlsx", content: o.file }] : [] });
    const at = new Date("2025-09-12T09:00:00+07:00");
    await ingestRaw(deps, await mail("v1", { file: await xlsx([{ taskCode: "2", done: "Tập huấn" }, { taskCode: "8", done: "Dạy trực tuyến" }]) }), at);
    await ingestRaw(deps, await mail("v2", { file: await xlsx([{ taskCode: "2", done: "Tập huấn đủ 30 GV" }]) }), at);
    await ingestRaw(deps, await mail("v3", { text: "Trường bổ sung:\nI. KẾT QUẢ CÁC CÔNG TÁC THỰC HIỆN TRONG QUÝ\n- Tên nội dung công việc: 9. Thư viện số\n- Nội dung đã thực hiện trong quý: Số hoá 300 đầu sách" }), at);
    const versions = await db.prisma.report.findMany({ orderBy: { version: "asc" }, include: { items: { orderBy: { taskCode: "asc" } } } });
    expect(versions.map((v) => [v.version, v.status, v.items.map((i) => `${i.taskCode}: ${i.done}`)])).toEqual([
      [1, "superseded", ["2: Tập huấn", "8: Dạy trực tuyến"]],
      [2, "superseded", ["2: Tập huấn đủ 30 GV"]],
      [3, "submitted", ["2: Tập huấn đủ 30 GV", "9: Số hoá 300 đầu sách"]],
    ]);
  });

  it("knows a message by its own Message-ID, not by one of a message forwarded inside it", async () => {
    const original = await compose({ from: "thttcuchi@example.edu.vn", to: OFFICE.email, messageId: "<goc@example.edu.vn>", subject: "Báo cáo CĐS quý 3/2025", text: "Gửi Phòng.", attachments: [{ filename: "PL3.xlsx", content: await reportXlsx() }] });
    expect(await ingestRaw(deps, original)).toMatchObject({ outcome: "filed" });
    // A forward with no Message-ID of its own, carrying the original as message/rfc822, the original's header near the top.
    const head = `From: thttcuchi@example.edu.vn\r\nTo: ${OFFICE.email}\r\nSubject: Fwd: Báo cáo CĐS quý 3/2025 (bản sửa)\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b1"\r\n\r\n`;
    const forward = Buffer.concat([
      Buffer.from(`${head}--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nChuyển tiếp bản sửa.\r\n--b1\r\nContent-Type: message/rfc822\r\n\r\n`),
      original,
      Buffer.from("\r\n--b1--\r\n"),
    ]);
    const r = await ingestRaw(deps, forward);
    expect(r.outcome).not.toBe("duplicate");
    expect(await db.prisma.inboundEmail.count()).toBe(2);
    expect(await db.prisma.inboundEmail.findMany({ select: { messageId: true }, orderBy: { createdAt: "asc" } })).toEqual([{ messageId: "<goc@example.edu.vn>" }, { messageId: null }]);
    // The same forward again is known by its bytes.
    expect((await ingestRaw(deps, forward)).outcome).toBe("duplicate");
  });

  it("never answers automatic mail or spam, sends unknown senders to review, rejects an unreadable file with the reason", async () => {
    const outOfOffice = await compose({ from: "thttcuchi@example.edu.vn", to: OFFICE.email, subject: "Tự động trả lời: Báo cáo", text: "Tôi nghỉ phép.", headers: { "Auto-Submitted": "auto-replied" } });
    const spam = await compose({ from: "shop@promo.example", to: OFFICE.email, subject: "Khuyến mãi", text: "Mua ngay" });
    const unknown = await compose({ from: "someone@gmail.com", to: OFFICE.email, subject: "Báo cáo CĐS quý 3", text: "Gửi Phòng.", attachments: [{ filename: "bc.xlsx", content: await reportXlsx() }] });
    const oldXls = await compose({ from: "thttcuchi@example.edu.vn", to: OFFICE.email, subject: "Báo cáo quý 3", text: "Gửi Phòng báo cáo CĐS.", attachments: [{ filename: "bc.xls", content: Buffer.from("old binary") }] });
    expect((await ingestRaw(deps, outOfOffice)).outcome).toBe("ignored");
    expect((await ingestRaw(deps, spam)).outcome).toBe("review");
    expect((await ingestRaw(deps, unknown)).outcome).toBe("review");
    expect((await ingestRaw(deps, oldXls)).outcome).toBe("rejected");
    await smtp.waitFor(2);
    await vi.waitFor(async () => expect(await db.prisma.outboundEmail.count({ where: { status: "sent" } })).toBe(2));
    // Nothing to the automatic mail or the spam: the unknown sender learns a person will look, the school why its file was refused.
    const to = (addr: string) => smtp.received.filter((r) => r.envelopeTo[0] === addr);
    expect(smtp.received).toHaveLength(2);
    expect(to("someone@gmail.com")[0]!.parsed.text).toContain("Cán bộ phụ trách sẽ xem và xác nhận");
    expect(to("thttcuchi@example.edu.vn")[0]!.parsed.text).toContain("Tệp “bc.xls” bị hỏng, không mở được.");
    const reasons = await db.prisma.inboundEmail.findMany({ where: { status: "review" }, select: { reason: true } });
    expect(reasons.map((r) => r.reason)).toContain("Không nhận ra trường gửi thư (địa chỉ chưa đăng ký, thư không ghi tên trường): cán bộ xác nhận trường.");
    expect(await db.prisma.report.count()).toBe(0);
    // The staff's daily digest lists the three mails waiting for a person, with why.
    const digest = await buildReviewDigest(db.prisma, new Date("2025-09-12T02:00:00Z"), OFFICE);
    expect(digest?.dedupeKey).toBe("review-digest:2025-09-12");
    expect(digest?.text.split("\n")[0]).toBe("Có 3 thư gửi tới hộp thư báo cáo đang chờ cán bộ xem (bảng điều khiển → “Thư cần xem”):");
    for (const s of ["shop@promo.example", "someone@gmail.com", "Tệp “bc.xls” bị hỏng"]) expect(digest?.text).toContain(s);
    await db.prisma.inboundEmail.updateMany({ data: { resolvedAt: new Date() } });
    expect(await buildReviewDigest(db.prisma, new Date(), OFFICE)).toBeUndefined();
  });

  it("answers a question by email from the knowledge base", async () => {
    const q = await compose({ from: "thttcuchi@example.edu.vn", to: OFFICE.email, subject: "Hỏi hạn nộp", text: "Cho hỏi hạn nộp báo cáo quý 3 là ngày nào?" });
    expect((await ingestRaw(deps, q)).outcome).toBe("answered");
    await smtp.waitFor(1);
    expect(smtp.received[0]!.parsed.text).toContain("trước ngày 20/09/2025");
  });

  it("a mail that fails half-way keeps who sent it and its files, answers nobody; the retry writes its outcome, files and answer once", async () => {
    let fail = true;
    deps = { ...deps, answer: async () => { if (fail) throw new Error("knowledge base down"); return { text: "Báo cáo quý 3/2025: trước ngày 20/09/2025.", declined: false }; } };
    const q = await compose({ from: "thttcuchi@example.edu.vn", to: OFFICE.email, messageId: "<hoi-han@example.edu.vn>", subject: "Hỏi hạn nộp", text: "Cho hỏi hạn nộp?", attachments: [{ filename: "anh-chup.png", content: Buffer.from("89504e470d0a1a0a0000000d49484452", "hex") }] });
    await expect(ingestRaw(deps, q)).rejects.toThrow("knowledge base down");
    const failed = await db.prisma.inboundEmail.findFirstOrThrow({ include: { attachments: true } });
    expect([failed.status, failed.error, failed.fromAddress, failed.attachments.map((a) => a.filename)]).toEqual(["stored", "knowledge base down", "thttcuchi@example.edu.vn", ["anh-chup.png"]]);
    expect(await db.prisma.outboundEmail.count()).toBe(0);

    fail = false;
    expect((await ingestRaw(deps, q)).outcome).toBe("answered");
    expect((await ingestRaw(deps, q)).outcome).toBe("duplicate");
    const done = await db.prisma.inboundEmail.findFirstOrThrow({ include: { attachments: true } });
    expect([done.status, done.error, done.classification, done.attachments.map((a) => a.filename)]).toEqual(["answered", null, "question", ["anh-chup.png"]]);
    expect((await db.prisma.outboundEmail.findMany()).map((o) => [o.kind, o.to, o.dedupeKey, o.threading])).toEqual([["reply", ["thttcuchi@example.edu.vn"], `answer:${done.id}`, { inReplyTo: "<hoi-han@example.edu.vn>", references: ["<hoi-han@example.edu.vn>"] }]]);
    await smtp.waitFor(1);
    expect(smtp.received[0]!.parsed.inReplyTo).toBe("<hoi-han@example.edu.vn>");
  });
});

describe("npm run ingest (dry run)", () => {
  it("judges .eml files in order without a database: accepted, duplicate, next version, review, ignored", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const { spawnSync } = await import("node:child_process");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cds-ingest-"));
    try {
      const write = (name: string, raw: Buffer) => (fs.writeFileSync(path.join(dir, name), raw), path.join(dir, name));
      fs.writeFileSync(path.join(dir, "schools.csv"), "code,name,short_name,level,emails\nTH-TTCC,Trường Tiểu học Thị Trấn Củ Chi,TH Thị Trấn Củ Chi,TH,thttcuchi@example.edu.vn\n");
      const xlsx = await reportXlsx();
      const report = await compose({ from: "thttcuchi@example.edu.vn", to: OFFICE.email, messageId: "<a@x>", subject: "Báo cáo CĐS quý 3/2025", text: "Gửi Phòng.", attachments: [{ filename: "PL3.xlsx", content: xlsx }] });
      const files = [
        write("1-report.eml", report),
        write("2-same-again.eml", report),
        write("3-corrected.eml", await compose({ from: "thttcuchi@example.edu.vn", to: OFFICE.email, messageId: "<b@x>", subject: "Báo cáo CĐS quý 3/2025 (bổ sung)", text: "Gửi lại.", attachments: [{ filename: "PL3.xlsx", content: xlsx }] })),
        write("4-spam.eml", await compose({ from: "shop@promo.example", to: OFFICE.email, subject: "Khuyến mãi", text: "Mua ngay" })),
        write("5-ooo.eml", await compose({ from: "thttcuchi@example.edu.vn", to: OFFICE.email, subject: "Tự động trả lời", text: "Nghỉ phép", headers: { "Auto-Submitted": "auto-replied" } })),
      ];
      const r = spawnSync(process.execPath, ["--import", "tsx", "src/mail/inbound/cli.ts", "--json", "--schools", path.join(dir, "schools.csv"), "--now", "2025-09-21T09:00:00+07:00", ...files], { encoding: "utf8", timeout: 60_000 });
      expect(r.status).toBe(0);
      const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
      expect(lines.map((l) => [path.basename(l.file), l.outcome, l.kind, l.school, l.duplicate, l.version, l.reply])).toEqual([
        ["1-report.eml", "accepted", "quarterly_report", "TH-TTCC", false, 1, "receipt"],
        ["2-same-again.eml", "ignored", "quarterly_report", "TH-TTCC", true, null, "none"],
        ["3-corrected.eml", "accepted", "quarterly_report", "TH-TTCC", false, 2, "receipt"],
        ["4-spam.eml", "needs_review", "unrelated", null, false, null, "none"],
        ["5-ooo.eml", "ignored", "auto_reply", "TH-TTCC", false, null, "none"],
      ]);
      expect(lines[0].period).toEqual({ year: 2025, quarter: 3 });
      expect(lines[0].late).toBe(true);
      expect(lines[0].items).toEqual({ "2": { status: "dang_thuc_hien", progress: 60, done: "Tập huấn 18/30 GV", next: "Tập huấn tiếp", difficulties: null, recommendations: null } });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

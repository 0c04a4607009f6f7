/** Ingestion building blocks on real files: parsing, classification, matching, PHỤ LỤC 3 extraction. */
import ExcelJS from "exceljs";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { describe, expect, it } from "vitest";
import { decideKind } from "../../src/mail/inbound/decide.ts";
import { extractQuarterly, readMail } from "../../src/mail/inbound/extract/index.ts";
import { loadSelfAssessmentForm } from "../../src/reports/self-assessment.ts";
import { matchQuarter, matchSchool, NAME_MATCH_THRESHOLD, quarterInText, type SchoolRef } from "../../src/mail/inbound/match.ts";
import { parseEmail } from "../../src/mail/inbound/parse.ts";
import { buildPhuLuc3Xlsx } from "../../src/reports/documents/phu-luc-3-xlsx.ts";
import { loadReportTemplate } from "../../src/reports/template.ts";
import { mailWithFile } from "../helpers/mail.ts";

const template = loadReportTemplate();
const selfAssessment = loadSelfAssessmentForm();
/** What ingestion judges a mail to be, from what it read in it. */
async function classify(raw: Buffer) {
  const m = await parseEmail(raw);
  return decideKind(m, await readMail(m, { template, selfAssessment })).kind;
}

function compose(opts: ConstructorParameters<typeof MailComposer>[0]): Promise<Buffer> {
  return new MailComposer(opts).compile().build();
}

/** An email that carries only this file. */
const extractPhuLuc3 = (content: Buffer) => extractQuarterly(mailWithFile(content), template);

describe("PHỤ LỤC 3 from .xlsx", () => {
  it("reads back the official layout exactly", async () => {
    const items = [
      { taskCode: "2", status: "dang_thuc_hien", progressPercent: 80, done: "Tập huấn 25/30 GV", next: "Tập huấn nốt", difficulties: "Thiếu máy chiếu", recommendations: "Cấp 2 máy chiếu" },
      { taskCode: "8", status: "da_hoan_thanh", progressPercent: 100, done: "Dạy trực tuyến 3 lớp", next: null, difficulties: null, recommendations: null },
    ];
    const xlsx = await buildPhuLuc3Xlsx({ school: { code: "X", name: "Trường X" }, period: { code: "2025-Q3", quarter: 3, year: 2025 }, version: 1, referenceNo: null, submittedAt: null, late: false, items }, template);
    const r = await extractPhuLuc3(xlsx);
    expect(r).toMatchObject({ ok: true, source: "xlsx", file: "PL3.xlsx" });
    expect(r.ok && r.items).toEqual(Object.fromEntries(items.map(({ taskCode, ...rest }) => [taskCode, rest])));
  });

  it("finds the table in a school-edited file: renamed sheet, shifted columns, merged headers, blank rows, dotted codes, a date", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Ghi chú").getCell("A1").value = "Không phải bảng";
    const ws = wb.addWorksheet("Sheet1");
    ws.getCell("B2").value = "PHÒNG GD&ĐT";
    ws.getCell("B4").value = "BẢNG TỔNG HỢP BÁO CÁO";
    // Headers start at row 6, column B (column A left empty), titles edited, two-row merged header for TT.
    ws.getRow(6).values = [null, "TT", "Nội dung công việc theo kế hoạch", "Kết quả đạt được trong quý", "Kế hoạch quý tiếp theo", "Khó khăn", "Kiến nghị"];
    ws.mergeCells("B6:B7");
    ws.getRow(7).values = [null, null, "(2)", "(3)", "(4)", "(5)", "(6)"];
    ws.getRow(9).values = [null, "1.", "Triển khai nền tảng quản trị dữ liệu Ngành"];
    ws.getRow(10).values = [null, "1.1.", "EDUGIS", "Cập nhật bản đồ số", "", "", ""];
    ws.getRow(13).values = [null, "7", "Văn phòng điện tử", new Date(Date.UTC(2025, 8, 5)), "Mở rộng", "", "Đề nghị tập huấn"];
    ws.getRow(14).values = [null, "99", "Dòng lạ", "x"];
    const r = await extractPhuLuc3(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.items).toEqual({
      "1.1": { status: null, progressPercent: null, done: "Cập nhật bản đồ số", next: null, difficulties: null, recommendations: null },
      "7": { status: null, progressPercent: null, done: "05/09/2025", next: "Mở rộng", difficulties: null, recommendations: "Đề nghị tập huấn" },
    });
    expect(r.warnings).toEqual(["dòng 14: mã 99 không có trong danh sách"]);
  });

  it("explains in Vietnamese why a file cannot be read", async () => {
    expect(await extractPhuLuc3(Buffer.from("not a zip at all"))).toEqual({ ok: false, reason: "Tệp “PL3.xlsx” bị hỏng, không mở được." });
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("A").getCell("A1").value = "Danh sách học sinh";
    const r = await extractPhuLuc3(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(r).toMatchObject({ ok: false, reason: "Tệp “PL3.xlsx” không có bảng PHỤ LỤC 3 (cột “Nội dung công việc” và “Nội dung đã thực hiện”)." });
  });
});

describe("parsing and classifying emails", () => {
  it("decodes a legacy windows-1258 body and normalises to NFC", async () => {
    const raw = Buffer.concat([
      Buffer.from("From: a@example.edu.vn\r\nTo: cntt.cc@hcm.edu.vn\r\nSubject: =?utf-8?B?" + Buffer.from("Báo cáo quý 3").toString("base64") + "?=\r\nContent-Type: text/plain; charset=windows-1258\r\n\r\n"),
      // "Báo cáo quý": windows-1258 has á precomposed (0xE1) but writes ý as y + combining acute (0xEC).
      Buffer.from([0x42, 0xe1, 0x6f, 0x20, 0x63, 0xe1, 0x6f, 0x20, 0x71, 0x75, 0x79, 0xec]),
    ]);
    const m = await parseEmail(raw);
    expect(m.text.trim()).toBe("Báo cáo quý");
    expect(m.text.trim()).toBe(m.text.trim().normalize("NFC"));
    expect(m.subject).toBe("Báo cáo quý 3");
  });

  it.each([
    ["an out-of-office with Auto-Submitted", { headers: { "Auto-Submitted": "auto-replied" }, subject: "Re: Báo cáo quý 3", text: "Tôi đang nghỉ phép." }, "auto_reply"],
    ["a Vietnamese auto-reply subject", { subject: "Tự động trả lời: Báo cáo quý 3", text: "Cảm ơn." }, "auto_reply"],
    ["a bounce from mailer-daemon", { from: "MAILER-DAEMON@mail.example.vn", subject: "Undelivered Mail Returned to Sender", text: "..." }, "auto_reply"],
    ["a quarterly report with an attachment", { subject: "Báo cáo CĐS quý 3/2025 - TH Thị Trấn Củ Chi", text: "Kính gửi Phòng, trường gửi báo cáo.", attachments: [{ filename: "PL3.xlsx", content: "x" }] }, "quarterly_report"],
    ["a self-assessment", { subject: "Bản tự đánh giá CĐS năm 2026", text: "Nhóm 1: 80 điểm", attachments: [{ filename: "TDG.xlsx", content: "x" }] }, "self_assessment"],
    ["a question", { subject: "Hỏi về hạn nộp", text: "Cho hỏi hạn nộp báo cáo quý 4 là ngày nào ạ?" }, "question"],
    ["spam", { subject: "Khuyến mãi lớn", text: "Mua ngay hôm nay" }, "unrelated"],
  ])("%s", async (_label, opts, kind) => {
    const raw = await compose({ from: "hieutruong@example.edu.vn", to: "cntt.cc@hcm.edu.vn", ...opts });
    expect(await classify(raw)).toBe(kind);
  });
});

describe("matching school and quarter", () => {
  const schools: SchoolRef[] = [
    { id: "1", code: "TH-TTCC", name: "Trường Tiểu học Thị Trấn Củ Chi", shortName: "TH Thị Trấn Củ Chi", emails: ["thttcuchi@example.edu.vn"] },
    { id: "2", code: "THCS-TT2", name: "Trường THCS Thị Trấn 2", shortName: "THCS Thị Trấn 2", emails: [] },
    { id: "3", code: "TH-THCS-TANTRUNG", name: "Trường TH-THCS Tân Trung", shortName: null, emails: [] },
  ];
  it("trusts a registered sender address", () => {
    expect(matchSchool("ThTtCuChi@example.edu.vn".toLowerCase(), [], schools)).toMatchObject({ school: { code: "TH-TTCC" }, by: "sender", confidence: 1 });
  });
  it("recognises a name in the subject without diacritics, and refuses to guess between two", () => {
    const m = matchSchool("gmail.user@gmail.com", ["Bao cao quy 3 - truong TH-THCS Tan Trung"], schools);
    expect(m).toMatchObject({ school: { code: "TH-THCS-TANTRUNG" }, by: "name" });
    expect(m!.confidence).toBeGreaterThanOrEqual(NAME_MATCH_THRESHOLD);
    const vague = matchSchool("x@gmail.com", ["Báo cáo của trường Thị Trấn"], schools);
    expect(vague === undefined || vague.confidence < NAME_MATCH_THRESHOLD).toBe(true);
  });
  it("keeps the proper name's words: “Quy Đức” is not matched by “quý” (a word of every report) with “giáo dục” elsewhere", () => {
    const two: SchoolRef[] = [
      { id: "a", code: "TH-QUYDUC", name: "Trường Tiểu học Quy Đức", shortName: "TH Quy Đức", emails: [] },
      { id: "b", code: "TH-PHONGPHU", name: "Trường Tiểu học Phong Phú", shortName: "TH Phong Phú", emails: [] },
    ];
    const m = matchSchool(undefined, ["Báo cáo quý 3/2026 - TH Phong Phú", "Kính gửi Phòng Giáo dục, trường TH Phong Phú gửi báo cáo quý 3"], two);
    expect(m).toMatchObject({ school: { code: "TH-PHONGPHU" }, confidence: 1 });
    expect(matchSchool(undefined, ["báo cáo của trường tiểu học quy đức"], two)).toMatchObject({ school: { code: "TH-QUYDUC" }, confidence: 1 });
  });
  it.each([
    ["Báo cáo quý 3/2025", { quarter: 3, year: 2025 }],
    ["BC QIII", { quarter: 3, year: undefined }],
    ["bao cao Q3-2025", { quarter: 3, year: 2025 }],
    ["Báo cáo quý III năm 2025", { quarter: 3, year: 2025 }],
    ["qúy 4 năm 2025", { quarter: 4, year: 2025 }],
  ])("reads the quarter in “%s”", (text, q) => expect(quarterInText(text)).toEqual(q));
  it("falls back to the date received", () => {
    expect(matchQuarter(["Báo cáo CĐS"], new Date("2025-12-05T10:00:00+07:00"))).toEqual({ quarter: { year: 2025, quarter: 4 }, by: "date" });
    expect(matchQuarter(["Báo cáo quý 3"], new Date("2025-09-25T10:00:00+07:00"))).toEqual({ quarter: { year: 2025, quarter: 3 }, by: "text" });
  });
});

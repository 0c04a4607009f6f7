/**
 * What schools really send, judged as ingestion judges it (analyzeEmail, no database): legacy
 * .xls and .ods read like .xlsx; Word 97–2003 .doc and PDF read but never filed by the machine;
 * a scan goes to a person; a password is explained; evidence decides the kind, not keywords; a
 * registered sender files only for its own school. Files in test/fixtures/mail-formats were made
 * by LibreOffice (see the README there).
 */
import fs from "node:fs";
import path from "node:path";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import * as XLSX from "@e965/xlsx";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { analyzeEmail, type Analysis } from "../../src/mail/inbound/analyze.ts";
import type { SchoolRef } from "../../src/mail/inbound/match.ts";
import { parseEmail } from "../../src/mail/inbound/parse.ts";
import { buildPhuLuc3Xlsx } from "../../src/reports/documents/phu-luc-3-xlsx.ts";
import { loadSelfAssessmentForm } from "../../src/reports/self-assessment.ts";
import { loadReportTemplate } from "../../src/reports/template.ts";
import yazl from "yazl";
import { asLegacyXls, encryptedOffice, zipBomb } from "../fixtures/mail-corpus/build.ts";

const template = loadReportTemplate();
const forms = { template, selfAssessment: loadSelfAssessmentForm() };
const FIXTURES = path.join(import.meta.dirname, "../fixtures/mail-formats");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const RECEIVED = new Date("2025-09-12T02:00:00Z");

const SCHOOLS: SchoolRef[] = [
  { id: "ttcc", code: "TH-TTCC", name: "Trường Tiểu học Thị Trấn Củ Chi", shortName: "TH Thị Trấn Củ Chi", emails: ["thttcuchi@example.edu.vn"] },
  { id: "hoamai", code: "MN-HOAMAI", name: "Trường Mầm non Hoa Mai", shortName: "MN Hoa Mai", emails: ["mnhoamai@example.edu.vn"] },
  { id: "so1", code: "TH-SO1", name: "Trường Tiểu học Số 1", shortName: null, emails: ["thso1@example.edu.vn"] },
];

async function analyze(o: ConstructorParameters<typeof MailComposer>[0]): Promise<Analysis> {
  const raw = await new MailComposer({ from: "thttcuchi@example.edu.vn", to: "cntt.cc@hcm.edu.vn", date: RECEIVED, subject: "Báo cáo CĐS quý 3/2025", text: "Kính gửi Phòng.", ...o }).compile().build();
  return analyzeEmail(await parseEmail(raw), SCHOOLS, forms, RECEIVED);
}

const ROW_2 = { status: null, progressPercent: null, done: "Tập huấn 24/30 giáo viên về học liệu số", next: "Tập huấn 6 giáo viên còn lại" };
const ROW_8 = { status: null, progressPercent: null, done: "Dạy trực tuyến 3 lớp trên K12Online", next: null, difficulties: null, recommendations: null };
const items = [
  { taskCode: "2", status: "dang_thuc_hien", progressPercent: 80, done: "Tập huấn 24/30 GV", next: "Tập huấn nốt", difficulties: "Thiếu máy chiếu", recommendations: null },
  { taskCode: "8", status: "da_hoan_thanh", progressPercent: 100, done: "Dạy trực tuyến 3 lớp", next: null, difficulties: null, recommendations: null },
];
const officialXlsx = () => buildPhuLuc3Xlsx({ school: { code: "X", name: "X" }, period: { code: "2025-Q3", quarter: 3, year: 2025 }, version: 1, referenceNo: null, submittedAt: null, late: false, items }, template);
const expectedItems = Object.fromEntries(items.map(({ taskCode, ...r }) => [taskCode, r]));

describe("formats schools send", () => {
  it("files an Excel 97–2003 .xls and an .ods exactly like the .xlsx they were saved from", async () => {
    const xlsx = await officialXlsx();
    const ods = XLSX.write(XLSX.read(xlsx, { type: "buffer" }), { type: "buffer", bookType: "ods" }) as Buffer;
    for (const [filename, content] of [["PL3.xls", await asLegacyXls(xlsx)], ["PL3.ods", ods]] as const) {
      const a = await analyze({ attachments: [{ filename, content }] });
      expect({ file: filename, decision: a.decision, source: a.source }).toEqual({ file: filename, decision: "filed", source: filename.slice(4) });
      expect(a.items).toEqual(expectedItems);
    }
  });

  it("reads a Word 97–2003 .doc (table or outline) but leaves filing to a person, rows prefilled", async () => {
    const table = await analyze({ attachments: [{ filename: "PL3.doc", content: fixture("pl3-table.doc") }] });
    expect(table).toMatchObject({ decision: "review", source: "doc", school: { code: "TH-TTCC" }, notify: true });
    expect(table.reason).toContain("không giữ được cấu trúc bảng");
    expect(table.items).toEqual({ "2": { ...ROW_2, difficulties: "Thiếu máy chiếu", recommendations: "Đề nghị cấp 2 máy chiếu" }, "8": ROW_8 });
    const outline = await analyze({ attachments: [{ filename: "bao cao.doc", content: fixture("pl3-outline.doc") }], subject: "Gửi Phòng" });
    expect(outline).toMatchObject({ decision: "review", kind: "quarterly_report", source: "doc", period: { quarter: { quarter: 3, year: 2025 } }, periodBy: "tệp đính kèm" });
    expect(outline.items).toEqual({ "2": { ...ROW_2, difficulties: null, recommendations: null }, "8": ROW_8 });
  });

  it("reads the text of a PDF saved from Word, tone marks in place, and leaves it to a person", async () => {
    const a = await analyze({ attachments: [{ filename: "BaoCao.pdf", content: fixture("pl3-outline.pdf") }] });
    expect(a).toMatchObject({ decision: "review", source: "pdf", notify: true });
    expect(Object.keys(a.items ?? {})).toEqual(["2", "8"]);
    expect(a.items!["2"]!.next).toBe("Tập huấn 6 giáo viên còn lại");
    const table = await analyze({ attachments: [{ filename: "PL3.pdf", content: fixture("pl3-table.pdf") }] });
    expect(table.decision).toBe("review");
    // The table rebuilt from where its lines start (cells wrap over several lines, "TT" is narrow): rows prefilled for the officer.
    expect(table.items).toEqual({
      "2": { status: null, progressPercent: null, done: "Tập huấn 24/30 giáo viên về học liệu số", next: "Tập huấn 6 giáo viên còn lại", difficulties: "Thiếu máy chiếu", recommendations: "Đề nghị cấp 2 máy chiếu" },
      "8": { status: null, progressPercent: null, done: "Dạy trực tuyến 3 lớp trên K12Online", next: null, difficulties: null, recommendations: null },
    });
  });

  it("sends a scanned PDF to a person instead of refusing it, and explains a password", async () => {
    const scan = await analyze({ attachments: [{ filename: "scan.pdf", content: fixture("scan.pdf") }] });
    expect(scan).toMatchObject({ decision: "review", notify: true, reason: "Tệp “scan.pdf” không có chữ (có thể là ảnh quét) nên cán bộ cần đọc trực tiếp." });
    const locked = await analyze({ attachments: [{ filename: "PL3.xlsx", content: encryptedOffice() }] });
    expect(locked).toMatchObject({ decision: "rejected", reason: "Tệp “PL3.xlsx” có đặt mật khẩu nên hệ thống không đọc được." });
  });

  it("a Word 97–2003 file the reader cannot parse goes to a person (Word may open it), not back to the school as broken", async () => {
    // A compound file with a WordDocument stream in a layout the reader does not know.
    const cfb = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(cfb, "/WordDocument", Buffer.alloc(4096, 7));
    const odd = Buffer.from(XLSX.CFB.write(cfb, { type: "buffer" }) as Uint8Array);
    const a = await analyze({ attachments: [{ filename: "BaoCao_QIII.doc", content: odd }] });
    expect(a).toMatchObject({ decision: "review", notify: true, reason: "Hệ thống không đọc được tệp “BaoCao_QIII.doc”; cán bộ sẽ mở trực tiếp." });
  });
});

describe("deciding from evidence", () => {
  it("a PHỤ LỤC 3 whose row 3.1 talks about the indicator set and its scores is still a quarterly report", async () => {
    const a = await analyze({
      subject: "Bao cao tu danh gia va tien do CDS quy 3",
      text: "Kính gửi Phòng,\nMục 3.1: Trường đã tự đánh giá theo bộ chỉ số, nhóm dạy học đạt 72 điểm, quản trị 68 điểm.\nMục 8: dạy trực tuyến 3 lớp trên K12Online.\nTrân trọng.",
    });
    expect(a).toMatchObject({ kind: "quarterly_report", decision: "filed" });
    expect(Object.keys(a.items!).sort()).toEqual(["3.1", "8"]);
    expect(a.evidence).toContain("đề cương theo mục");
  });

  it("a report that names no quarter anywhere is not filed under the quarter its date suggests: a person confirms", async () => {
    const a = await analyze({ subject: "Báo cáo tiến độ CĐS", text: "Kính gửi Phòng,\nMục 8: dạy trực tuyến 3 lớp trên K12Online.\nTrân trọng." });
    expect(a).toMatchObject({ kind: "quarterly_report", decision: "review", notify: true, periodBy: "ngày nhận" });
    expect(a.reason).toBe("Thư không ghi báo cáo quý nào; theo ngày nhận có lẽ là quý 3/2025: cán bộ xác nhận quý trước khi ghi nhận.");
    expect(Object.keys(a.items!)).toEqual(["8"]);
  });

  it("scores written in prose by group name make a self-assessment; the year comes from the subject", async () => {
    const a = await analyze({ subject: "Kết quả tự đánh giá mức độ CĐS năm 2025", text: "Trường tự đánh giá: nhóm chuyển đổi số trong quản trị đạt 72 điểm; dạy, học 68 điểm." });
    expect(a).toMatchObject({ kind: "self_assessment", decision: "filed", scores: { N1: 68, N2: 72 }, period: { kind: "self_assessment", year: 2025 }, periodBy: "tiêu đề" });
  });

  it("a file named PL3.xlsx on Sheet1 with no subject and the quarter only in the sheet title is a quarterly report of that quarter", async () => {
    const wb = XLSX.utils.book_new();
    const ws = XLSX.utils.aoa_to_sheet([
      ["BÁO CÁO TIẾN ĐỘ QUÝ III/2025"],
      [],
      ["TT", "Nội dung công việc", "Nội dung đã thực hiện trong quý", "Quý tiếp theo", "Khó khăn", "Kiến nghị"],
      ["8", "Dạy học trực tuyến", "Dạy trực tuyến 3 lớp trên K12Online", "", "", ""],
    ]);
    XLSX.utils.book_append_sheet(wb, ws, "Sheet1");
    const content = XLSX.write(wb, { type: "buffer", bookType: "xlsx" }) as Buffer;
    const a = await analyze({ subject: "", text: "", attachments: [{ filename: "PL3.xlsx", content }] }).then((x) => x);
    const late = new Date("2025-10-02T02:00:00Z");
    const raw = await new MailComposer({ from: "thttcuchi@example.edu.vn", to: "x@y", date: late, subject: "", text: "", attachments: [{ filename: "PL3.xlsx", content }] }).compile().build();
    const b = await analyzeEmail(await parseEmail(raw), SCHOOLS, forms, late);
    for (const r of [a, b]) expect(r).toMatchObject({ kind: "quarterly_report", decision: "filed", period: { quarter: { quarter: 3, year: 2025 } }, periodBy: "tệp đính kèm", items: { "8": ROW_8 } });
  });
});

describe("who may file for which school", () => {
  it("a registered sender naming another school goes to a person with both schools", async () => {
    const a = await analyze({ subject: "Báo cáo CĐS quý 3/2025 - Trường Mầm non Hoa Mai", attachments: [{ filename: "PL3.xlsx", content: await officialXlsx() }] });
    expect(a).toMatchObject({ decision: "review", school: { code: "TH-TTCC" }, namedSchool: { code: "MN-HOAMAI" }, notify: true });
    expect(a.reason).toBe("Thư gửi từ địa chỉ của Trường Tiểu học Thị Trấn Củ Chi nhưng ghi tên Trường Mầm non Hoa Mai: cán bộ xác nhận báo cáo của trường nào.");
    expect(a.items).toEqual(expectedItems);
  });

  it("a sender naming its own school files; an unregistered one never does, even naming a school exactly", async () => {
    const own = await analyze({ subject: "Báo cáo CĐS quý 3/2025 - TH Thị Trấn Củ Chi", attachments: [{ filename: "PL3.xlsx", content: await officialXlsx() }] });
    expect(own.decision).toBe("filed");
    const stranger = await analyze({ from: "hieutruong@gmail.com", subject: "Báo cáo CĐS quý 3/2025 - Trường Mầm non Hoa Mai", attachments: [{ filename: "PL3.xlsx", content: await officialXlsx() }] });
    expect(stranger).toMatchObject({ decision: "review", school: { code: "MN-HOAMAI" }, notify: true });
  });

  it("a bare number in a table is not “Trường Tiểu học Số 1”", async () => {
    const a = await analyze({ attachments: [{ filename: "PL3.xlsx", content: await officialXlsx() }] });
    expect(a).toMatchObject({ decision: "filed", school: { code: "TH-TTCC" } });
    expect(a.namedSchool).toBeUndefined();
  });
});

/** A workbook of one sheet from rows of cells, with merged ranges ([r1, c1, r2, c2]). */
function sheet(aoa: string[][], merges: [number, number, number, number][] = []): Buffer {
  const ws = XLSX.utils.aoa_to_sheet(aoa);
  ws["!merges"] = merges.map(([r1, c1, r2, c2]) => ({ s: { r: r1, c: c1 }, e: { r: r2, c: c2 } }));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, "BC");
  return XLSX.write(wb, { type: "buffer", bookType: "xlsx" }) as Buffer;
}

/** The text parts of the rows read, by row. */
const parts = (a: Analysis) => Object.fromEntries(Object.entries(a.items ?? {}).map(([c, r]) => [c, Object.fromEntries(Object.entries(r).filter(([k, v]) => v !== null && k !== "status" && k !== "progressPercent"))]));

describe("shapes of the third blind set, each as a class", () => {
  it("reads a column or a label of the plan by the other words schools use (“Phương hướng”, “Q tới”)", async () => {
    const content = sheet([
      ["TRƯỜNG TIỂU HỌC THỊ TRẤN CỦ CHI"],
      ["STT", "Nội dung công việc", "Kết quả đạt được", "Phương hướng", "Tồn tại, hạn chế", "Đề xuất"],
      ["2", "Đào tạo bồi dưỡng", "Tập huấn 24/30 giáo viên", "Tập huấn 6 giáo viên còn lại", "", ""],
      ["8", "Dạy học trực tuyến", "Dạy 3 lớp trên K12Online", "Thêm lớp 5", "", "Cấp tài khoản"],
    ]);
    const a = await analyze({ attachments: [{ filename: "BC quy 3.xlsx", content }] });
    expect(a.decision).toBe("filed");
    expect(parts(a)).toEqual({ "2": { done: "Tập huấn 24/30 giáo viên", next: "Tập huấn 6 giáo viên còn lại" }, "8": { done: "Dạy 3 lớp trên K12Online", next: "Thêm lớp 5", recommendations: "Cấp tài khoản" } });
    const typed = await analyze({ text: "Gui phong bc q3 a\nMuc 8: day 3 lop tren K12Online. Q toi them lop 5\nMuc 2: tap huan 24 gv. Phuong huong: tap huan not 6 gv" });
    expect(parts(typed)).toEqual({ "8": { done: "day 3 lop tren K12Online", next: "them lop 5" }, "2": { done: "tap huan 24 gv", next: "tap huan not 6 gv" } });
  });

  it("maps rows numbered I…IX with sub-rows 1, 2, 3 to the form's rows by their names, under a two-row merged header", async () => {
    const content = sheet(
      [
        ["BÁO CÁO CĐS QUÝ III/2025"],
        ["TT", "Nội dung", "Kết quả quý III", "", "Dự kiến quý IV", "Khó khăn, đề xuất", ""],
        ["", "", "Việc đã làm", "Tỷ lệ %", "", "Khó khăn", "Đề xuất"],
        ["I", "Nền tảng dữ liệu ngành", "", "", "", "", ""],
        ["1", "Cập nhật EDUGIS", "Cập nhật ảnh trường", "100%", "", "", ""],
        ["2", "IOC của Sở", "-", "", "-", "", ""],
        ["II", "Bồi dưỡng giáo viên về CĐS", "Tập huấn 24 GV", "80%", "Tập huấn 6 GV còn lại", "Thiếu máy chiếu", ""],
        ["III", "Văn bản, quy định CĐS", "", "", "", "", ""],
        ["1", "Tiêu chí mức độ CĐS", "", "", "", "", ""],
        ["2", "Quy chế dữ liệu", "Ban hành quy chế", "100%", "", "", ""],
        ["3", "Kiến trúc tham chiếu", "", "", "", "", ""],
        ["IV", "Tuyển sinh đầu cấp", "", "", "", "", ""],
        ["V", "Giải pháp CĐS cơ bản", "", "", "", "", ""],
        ["VI", "Học bạ điện tử", "Ký số học bạ khối 5", "60%", "Ký số khối 4", "", "Gia hạn chứng thư số"],
        ["VII", "Văn phòng điện tử", "", "", "", "", ""],
        ["VIII", "Dạy học trực tuyến", "", "", "", "", ""],
        ["IX", "Thư viện số", "Số hóa 100 đầu sách", "50%", "", "", ""],
      ],
      [[1, 0, 2, 0], [1, 1, 2, 1], [1, 2, 1, 3], [1, 4, 2, 4], [1, 5, 1, 6]],
    );
    const a = await analyze({ attachments: [{ filename: "BaoCao.xlsx", content }] });
    expect(a.decision).toBe("filed");
    expect(parts(a)).toEqual({
      "1.1": { done: "Cập nhật ảnh trường" },
      "2": { done: "Tập huấn 24 GV", next: "Tập huấn 6 GV còn lại", difficulties: "Thiếu máy chiếu" },
      "3.2": { done: "Ban hành quy chế" },
      "6": { done: "Ký số học bạ khối 5", next: "Ký số khối 4", recommendations: "Gia hạn chứng thư số" },
      "9": { done: "Số hóa 100 đầu sách" },
    });
    expect(a.items!["6"]!.progressPercent).toBe(60);
  });

  it("reads Word paragraphs per task under the school's own numbering by the task names", async () => {
    const { Document, Packer, Paragraph } = await import("docx");
    const lines = [
      "BÁO CÁO KẾT QUẢ CHUYỂN ĐỔI SỐ QUÝ III/2025",
      "1. Thư viện số",
      "- Kết quả: Số hóa 100 đầu sách.",
      "2. Ký số học bạ điện tử",
      "- Kết quả: Ký số học bạ khối 5.",
      "- Kiến nghị: Gia hạn chứng thư số.",
      "3. Tập huấn giáo viên về chuyển đổi số",
      "- Kết quả: Tập huấn 24 GV.",
      "- Dự kiến: Tập huấn 6 GV còn lại.",
      "Các nhiệm vụ còn lại chưa có hoạt động mới.",
      "HIỆU TRƯỞNG",
    ];
    const content = await Packer.toBuffer(new Document({ sections: [{ children: lines.map((l) => new Paragraph(l)) }] }));
    const a = await analyze({ attachments: [{ filename: "Bao cao.docx", content }] });
    expect(a.decision).toBe("filed");
    expect(parts(a)).toEqual({
      "9": { done: "Số hóa 100 đầu sách." },
      "6": { done: "Ký số học bạ khối 5.", recommendations: "Gia hạn chứng thư số." },
      "2": { done: "Tập huấn 24 GV.", next: "Tập huấn 6 GV còn lại." },
    });
  });

  it("files a reply that corrects one row in prose, not the receipt quoted under it", async () => {
    const text = [
      "Dạ trường xin điều chỉnh nội dung mục 8 (dạy học trực tuyến) trong báo cáo quý 3 như sau:",
      "Kết quả: Dạy 4 lớp trên K12Online (bản trước ghi thiếu).",
      "Kế hoạch quý tới: Thêm lớp 5.",
      "Những mục khác không thay đổi.",
      "",
      "-----Original Message-----",
      "From: Phòng GD&ĐT <cntt.cc@hcm.edu.vn>",
      "Sent: Friday, September 12, 2025 9:00 AM",
      "To: thttcuchi@example.edu.vn",
      "",
      "Phòng đã nhận báo cáo quý 3/2025 (phiên bản 1). Các mục đã đọc: 2, 8.",
      "Mục 2 - Đã làm: Tập huấn 24/30 giáo viên. Mục 8 - Đã làm: Dạy 3 lớp.",
    ].join("\n");
    const a = await analyze({ subject: "RE: Đã nhận báo cáo quý 3/2025", text });
    expect(a).toMatchObject({ decision: "filed", complete: false, period: { quarter: { quarter: 3, year: 2025 } } });
    expect(parts(a)).toEqual({ "8": { done: "Dạy 4 lớp trên K12Online (bản trước ghi thiếu).", next: "Thêm lớp 5." } });
  });

  it("files an Outlook HTML supplement (quoted-printable) adding one row in a bulleted list", async () => {
    const html = `<html><body><div class="WordSection1"><p class="MsoNormal">Kính gửi Phòng,</p><p class="MsoNormal">&nbsp;</p><p class="MsoNormal">Trường gửi bổ sung nhiệm vụ 6 (Học bạ số) vào báo cáo quý III/2025 đã nộp:</p><ul><li class="MsoListParagraph">Đã thực hiện: Ký số học bạ khối 5.</li><li class="MsoListParagraph">Đề xuất: Gia hạn chứng thư số cho 2 giáo viên.</li></ul><p class="MsoNormal">Các nội dung còn lại giữ nguyên.</p><p class="MsoNormal">Trân trọng,</p></div></body></html>`;
    const a = await analyze({ subject: "Bổ sung báo cáo CĐS quý III/2025", text: undefined, html, textEncoding: "quoted-printable" });
    expect(a).toMatchObject({ decision: "filed", complete: false });
    expect(parts(a)).toEqual({ "6": { done: "Ký số học bạ khối 5.", recommendations: "Gia hạn chứng thư số cho 2 giáo viên." } });
  });

  it("ignores marketing full of the office's words (an unsubscribe link or header), and still answers a real question", async () => {
    const advert = "ƯU ĐÃI THÁNG 12 – GIẢM 30%\nThầy cô đã sẵn sàng nộp báo cáo chuyển đổi số quý IV? Phần mềm của chúng tôi tự lập PHỤ LỤC 3, ký số học bạ, thư viện số.\nĐăng ký dùng thử: https://vendor.example.com/dung-thu?utm_source=email&utm_campaign=q4\nBạn nhận được thư này vì có tên trong danh sách khách hàng. Hủy đăng ký: https://vendor.example.com/unsub";
    const withHeader = await analyze({ from: "sales@vendor.example.com", subject: "Lập báo cáo CĐS quý IV chỉ 1 cú nhấp?", text: advert.split("\n").slice(0, 2).join("\n"), headers: { "List-Unsubscribe": "<https://vendor.example.com/unsub>" } });
    expect(withHeader).toMatchObject({ kind: "unrelated", decision: "ignored" });
    const footerOnly = await analyze({ from: "sales@vendor.example.com", subject: "Lập báo cáo CĐS quý IV chỉ 1 cú nhấp?", text: advert });
    expect(footerOnly).toMatchObject({ kind: "unrelated", decision: "ignored" });
    const question = await analyze({ from: "gv.tin@gmail.com", subject: "Hỏi hạn nộp báo cáo quý IV", text: "Cho em hỏi hạn nộp báo cáo chuyển đổi số quý IV là ngày nào ạ?" });
    expect(question).toMatchObject({ kind: "question", decision: "question" });
  });

  it("leaves an empty mail (a greeting, no file) to a person without calling it any kind", async () => {
    const a = await analyze({ subject: "Báo cáo", text: "Gửi anh/chị." });
    expect(a).toMatchObject({ decision: "review", school: { code: "TH-TTCC" } });
    expect(a.kind).toBeUndefined();
    expect(a.reason).toContain("không có nội dung");
  });
});

describe("blind mail set 5: a CSV table, a forward as an attached message, a self-assessment written in the letter", () => {
  const csv = (sep: string) =>
    [
      ["STT", "Nội dung công việc theo kế hoạch", "Nội dung đã thực hiện trong quý, kết quả đạt được", "Nội dung thực hiện trong quý tiếp theo", "Khó khăn, vướng mắc", "Kiến nghị, đề xuất"],
      ["2", "Đào tạo bồi dưỡng cho cán bộ quản lý, giáo viên", "Tập huấn 24/30 giáo viên về học liệu số", "Tập huấn 6 giáo viên còn lại", "", ""],
      ["8", "Đẩy mạnh hoạt động dạy học trên môi trường trực tuyến", "Dạy trực tuyến 3 lớp; dùng K12Online", "", "", ""],
    ]
      .map((r) => r.map((c) => (c.includes(sep) || c.includes(";") ? `"${c}"` : c)).join(sep))
      .join("\r\n");

  it.each([
    ["UTF-8 with a BOM, semicolons", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv(";"), "utf8")])],
    ["UTF-16 (Excel's “Unicode text”), tabs", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv("\t"), "utf16le")])],
    ["UTF-8, commas", Buffer.from(csv(","), "utf8")],
  ])("files a PHỤ LỤC 3 saved as CSV: %s", async (_, content) => {
    const a = await analyze({ attachments: [{ filename: "PL3_quy3.csv", content }] });
    expect(a).toMatchObject({ decision: "filed", source: "csv" });
    expect(a.items?.["2"]).toMatchObject({ done: "Tập huấn 24/30 giáo viên về học liệu số", next: "Tập huấn 6 giáo viên còn lại" });
    expect(a.items?.["8"]?.done).toBe("Dạy trực tuyến 3 lớp; dùng K12Online");
  });

  it("reads a report forwarded as an attached message (message/rfc822): its files and text are the mail's", async () => {
    const inner = await new MailComposer({
      from: "vanthu.ttcc@example.edu.vn",
      to: "thttcuchi@example.edu.vn",
      date: RECEIVED,
      subject: "PL3 quý 3 gửi hiệu trưởng duyệt",
      text: "Em gửi cô bảng PL3 quý 3 ạ.",
      attachments: [{ filename: "PL3_Q3.xlsx", content: await officialXlsx() }],
    })
      .compile()
      .build();
    const a = await analyze({ text: "Kính gửi Phòng, trường chuyển tiếp báo cáo quý 3 (thư đính kèm).", attachments: [{ filename: "Fwd PL3 quy 3.eml", content: inner, contentType: "message/rfc822", contentDisposition: "attachment" }] });
    expect(a).toMatchObject({ decision: "filed", school: { code: "TH-TTCC" } });
    expect(a.items).toEqual(expectedItems);
    const parsed = await parseEmail(await new MailComposer({ from: "thttcuchi@example.edu.vn", subject: "Fwd", text: "xem thư đính kèm", attachments: [{ filename: "a.eml", content: inner, contentType: "message/rfc822", contentDisposition: "attachment" }] }).compile().build());
    expect(parsed.attachments.map((x) => x.filename)).toEqual(["a.eml", "PL3_Q3.xlsx"]);
    expect(parsed.text).toContain("Em gửi cô bảng PL3 quý 3 ạ.");
  });

  const ownOrder = (last: string) => {
    const ws = XLSX.utils.aoa_to_sheet([
      ["STT", "Nhiệm vụ", "Kết quả thực hiện trong quý", "Dự kiến quý sau", "Khó khăn", "Đề xuất"],
      [1, "Học bạ số", "Ký số học bạ cho 12 lớp", "Ký số các lớp còn lại", "", ""],
      [2, "Tuyển sinh trực tuyến đầu cấp", "Nhận 96 hồ sơ lớp 1 trực tuyến", "", "", ""],
      [3, "Dạy học online", "6 lớp giao bài trên OLM", "", "Thiếu máy tính", ""],
      [4, last, "Số hóa 80 đầu sách", "", "", ""],
    ]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, "Quý 3");
    return analyze({ attachments: [{ filename: "BC_CDS_Q3.xlsx", content: XLSX.write(wb, { type: "buffer", bookType: "xlsx" }) as Buffer }] });
  };
  const doneBy = (a: Analysis) => Object.fromEntries(Object.entries(a.items ?? {}).map(([code, r]) => [code, r.done]));

  it("numbered 1, 2, 3… in its own order with short names: each row goes where its name says", async () => {
    const a = await ownOrder("Giải pháp thư viện số");
    expect(a.decision).toBe("filed");
    expect(doneBy(a)).toEqual({ "6": "Ký số học bạ cho 12 lớp", "4": "Nhận 96 hồ sơ lớp 1 trực tuyến", "8": "6 lớp giao bài trên OLM", "9": "Số hóa 80 đầu sách" });
  });

  it("…and a name that says no row is not put where its number points: a person checks", async () => {
    const a = await ownOrder("Góc đọc sách của trường");
    expect(a.decision).toBe("review");
    expect(a.reason).toContain("Góc đọc sách của trường");
    expect(doneBy(a)).toEqual({ "6": "Ký số học bạ cho 12 lớp", "4": "Nhận 96 hồ sơ lớp 1 trực tuyến", "8": "6 lớp giao bài trên OLM" });
  });

  it("“Muc N:” blocks typed on a phone: a closing line listing rows is no row, the signature no part of the last one", async () => {
    const text = [
      "Kinh gui Phong, truong bao cao quy 3 nhu sau:",
      "",
      "Muc 2: Boi duong giao vien",
      "- Da lam: 18 giao vien hoc xong khoa ky nang so",
      "- Quy toi: boi duong them 6 giao vien",
      "",
      "Muc 8: Day hoc truc tuyen",
      "- Da lam: 4 lop hoc tren K12Online",
      "- Quy toi: them 2 lop",
      "",
      "Muc 6 va 7 truong se gui bo sung sau a.",
      "",
      "Co Lan - PHT",
    ].join("\n");
    const a = await analyze({ subject: "bao cao cds quy 3", text });
    expect(a.decision).toBe("filed");
    expect(Object.keys(a.items ?? {}).sort()).toEqual(["2", "8"]);
    expect(a.items?.["8"]).toMatchObject({ done: "4 lop hoc tren K12Online", next: "them 2 lop" });
  });

  it("reads “Nhóm 1 – …: 74/100 điểm (năm trước: 63 điểm)” as 74, not the maximum or last year's", async () => {
    const text = [
      "Kính gửi Phòng,",
      "Trường báo cáo kết quả tự đánh giá mức độ chuyển đổi số theo QĐ 4725 (điểm tối đa mỗi nhóm: 100 điểm):",
      "- Nhóm 1 – Chuyển đổi số trong dạy, học: 74/100 điểm (năm học trước: 63 điểm).",
      "- Nhóm 2 – Chuyển đổi số trong quản trị cơ sở giáo dục: 81/100 điểm (năm học trước: 70 điểm).",
    ].join("\n");
    const a = await analyze({ subject: "Kết quả tự đánh giá mức độ CĐS", text });
    expect(a.kind).toBe("self_assessment");
    expect(a.items).toMatchObject({ N1: { done: "74 điểm" }, N2: { done: "81 điểm" } });
  });
});

describe("blind mail set 6: Vietnamese Windows CSV, a zipped report, a mailbox-locked lure, a school named like a common word", () => {
  /** windows-1258 as Excel on a Vietnamese Windows writes it: base letters (with ^, ˘, ơ, ư) and tone marks apart. */
  const cp1258 = (text: string) =>
    iconv.encode(
      [...text.normalize("NFC")]
        .map((c) => {
          const d = c.normalize("NFD");
          const tones = [...d].filter((x) => /[\u0300\u0301\u0303\u0309\u0323]/u.test(x)).join("");
          return [...d].filter((x) => !/[\u0300\u0301\u0303\u0309\u0323]/u.test(x)).join("").normalize("NFC") + tones;
        })
        .join(""),
      "windows1258",
    );

  it("files a PHỤ LỤC 3 CSV saved in windows-1258", async () => {
    const csv = [
      "TT,Nội dung công việc theo kế hoạch,\"Nội dung đã thực hiện trong quý, kết quả đạt được\",Nội dung thực hiện trong quý tiếp theo,\"Khó khăn, vướng mắc\",\"Kiến nghị, đề xuất\"",
      "2,Đào tạo bồi dưỡng,Tập huấn 24/30 giáo viên về học liệu số,Tập huấn 6 giáo viên còn lại,,",
      "8,Dạy học trực tuyến,Dạy trực tuyến 3 lớp; dùng K12Online,,Thiếu máy tính,",
    ].join("\r\n");
    const a = await analyze({ attachments: [{ filename: "PL3_Q3.csv", content: cp1258(csv) }] });
    expect(a).toMatchObject({ decision: "filed", source: "csv" });
    expect(a.items?.["2"]).toMatchObject({ done: "Tập huấn 24/30 giáo viên về học liệu số", next: "Tập huấn 6 giáo viên còn lại" });
    expect(a.items?.["8"]).toMatchObject({ done: "Dạy trực tuyến 3 lớp; dùng K12Online", difficulties: "Thiếu máy tính" });
  });

  it("reads the report inside a .zip (folders and macOS leftovers skipped); a zip bomb is not opened", async () => {
    const zip = new yazl.ZipFile();
    zip.addBuffer(await officialXlsx(), "BaoCao_Quy3/PL3_Quy3.xlsx");
    zip.addBuffer(Buffer.from("junk"), "__MACOSX/BaoCao_Quy3/._PL3_Quy3.xlsx");
    zip.addBuffer(Buffer.from([0xff, 0xd8, 0xff]), "BaoCao_Quy3/anh-minh-chung.jpg");
    zip.end();
    const parts: Buffer[] = [];
    const zipped = await new Promise<Buffer>((resolve) => zip.outputStream.on("data", (d: Buffer) => parts.push(d)).on("end", () => resolve(Buffer.concat(parts))));
    const a = await analyze({ attachments: [{ filename: "BaoCao_Quy3.zip", content: zipped }] });
    expect(a).toMatchObject({ decision: "filed", source: "xlsx" });
    expect(a.items).toEqual(expectedItems);
    const bomb = await analyze({ attachments: [{ filename: "BaoCao.zip", content: await zipBomb(300 * 1024 * 1024, "PL3.xlsx") }] });
    expect(bomb.decision).not.toBe("filed");
  });

  it("ignores a “your mailbox will be locked, verify here” lure from outside; a school's own mail with a link is read", async () => {
    const lure = await analyze({
      from: "support@mail-admin-center.example",
      subject: "[Thông báo] Hộp thư sẽ bị khóa trong 24 giờ",
      text: "Hộp thư cntt.cc@hcm.edu.vn đã đầy. Để tránh bị khóa, vui lòng xác minh tài khoản tại http://hcm-edu.login-check.example/owa ngay hôm nay.",
    });
    expect(lure).toMatchObject({ decision: "ignored", kind: "unrelated" });
    expect(lure.evidence).toContain("thư lừa đảo");
    const own = await analyze({ subject: "Hỏi về mật khẩu EDUGIS", text: "Trường em quên mật khẩu tài khoản EDUGIS, xem hướng dẫn ở https://edugis.example.com thì không thấy. Phòng hỗ trợ giúp em với ạ." });
    expect(own.decision).not.toBe("ignored");
  });
});


describe("blind mail set 7: a report written as a letter, rows lettered a) b) c), months for the quarter, schools of one commune", () => {
  const letter = [
    "Kính gửi Phòng Giáo dục và Đào tạo,",
    "",
    "Trường Tiểu học Thị Trấn Củ Chi báo cáo kết quả chuyển đổi số quý 3/2025 như sau:",
    "",
    "Hiệu trưởng và 2 tổ trưởng học xong lớp bồi dưỡng năng lực số. Thời gian tới, trường tập huấn cho giáo viên mới.",
    "",
    "Cập nhật lại tọa độ và diện tích điểm trường trên EDUGIS.",
    "",
    "Tiếp nhận 150 văn bản đến trên Văn phòng điện tử. Máy quét hay kẹt giấy.",
    "",
    "Ngoài ra, cũng trong nội dung này, văn thư đã ký số 40 văn bản đi.",
    "",
    "Giáo viên khối 5 giao bài trên LMS mỗi tuần.",
    "",
    "Trân trọng,",
    "Hiệu trưởng",
  ].join("\n");

  it("files each paragraph under the task its words name, splitting the plan and a difficulty off", async () => {
    const a = await analyze({ text: letter });
    expect(a.decision).toBe("filed");
    expect(Object.keys(a.items ?? {}).sort()).toEqual(["1.1", "2", "7", "8"]);
    expect(a.items?.["2"]).toMatchObject({ done: "Hiệu trưởng và 2 tổ trưởng học xong lớp bồi dưỡng năng lực số", next: "trường tập huấn cho giáo viên mới" });
    // The paragraph that goes on ("Ngoài ra, …") stays with its task.
    expect(a.items?.["7"]?.done).toContain("ký số 40 văn bản đi");
    expect(a.items?.["7"]?.difficulties).toContain("kẹt giấy");
  });

  it("sends a letter with a task paragraph it cannot place to a person", async () => {
    const a = await analyze({ text: letter.replace("Giáo viên khối 5 giao bài trên LMS mỗi tuần.", "Tổ chức hội thi giáo viên dạy giỏi cấp trường cho 12 giáo viên.") });
    expect(a.decision).toBe("review");
  });

  it("reads a table whose rows the school lettered a), b), c) by their titles", async () => {
    const xlsx = sheet([
      ["TT", "Nội dung công việc theo kế hoạch", "Nội dung đã thực hiện trong quý, kết quả đạt được", "Nội dung thực hiện trong quý tiếp theo", "Khó khăn, vướng mắc", "Kiến nghị, đề xuất"],
      ["a)", "Phối hợp thực hiện trong công tác hoàn thiện Bản đồ số ngành GDĐT (EDUGIS)", "Cập nhật tọa độ điểm trường", "", "", ""],
      ["b)", "Đào tạo bồi dưỡng cho cán bộ quản lý, giáo viên, nhân viên CNTT về chuyển đổi số", "Tập huấn 20 giáo viên", "", "", ""],
      ["c)", "Áp dụng Kiến trúc tham chiếu bộ giải pháp chuyển đổi số cơ bản cho đơn vị giáo dục phổ thông và giáo dục thường xuyên", "Lập danh mục phần mềm", "", "", ""],
    ]);
    const a = await analyze({ attachments: [{ filename: "PL3.xlsx", content: xlsx }] });
    expect(a.decision).toBe("filed");
    // Row 3.3's title holds all of row 5's words ("bộ giải pháp chuyển đổi số cơ bản") and more: it is 3.3.
    expect(Object.keys(a.items ?? {}).sort()).toEqual(["1.1", "2", "3.3"]);
  });

  it("reads a letter forwarded as an attached message (its header lines are no task)", async () => {
    const inner = await new MailComposer({ from: "gv.tin@gmail.com", to: "thttcuchi@example.edu.vn", date: RECEIVED, subject: "Báo cáo CĐS quý 3/2025", text: letter.replace("Kính gửi Phòng Giáo dục và Đào tạo,", "Kính gửi cô Hiệu trưởng,") })
      .compile()
      .build();
    const a = await analyze({ text: "Kính gửi Phòng, trường chuyển tiếp báo cáo quý 3 do tổ Tin soạn (thư đính kèm).\n\nTrân trọng.", attachments: [{ filename: "Fwd.eml", content: inner, contentType: "message/rfc822", contentDisposition: "attachment" }] });
    expect(a.decision).toBe("filed");
    expect(Object.keys(a.items ?? {}).sort()).toEqual(["1.1", "2", "7", "8"]);
  });

  it("a greeting (“Dạ em chào Tổ CNTT,”) is no task heading: a question after a refusal stays a question", async () => {
    const a = await analyze({ subject: "Re: V/v gửi lại báo cáo CĐS quý 3/2025", text: "Dạ em chào Tổ CNTT,\nFile báo cáo em lỡ đặt mật khẩu, em không biết cách gỡ. Cho em hỏi gửi lại bản PDF có được không ạ?\nEm cảm ơn." });
    expect(a.kind).toBe("question");
    expect(a.items).toBeUndefined();
  });

  it("reads a “Thời gian dự kiến hoàn thành” column as no part of the form (the plan is the plan column)", async () => {
    const xlsx = sheet([
      ["TT", "Nội dung công việc theo kế hoạch", "Thời gian dự kiến hoàn thành", "Nội dung đã thực hiện trong quý, kết quả đạt được", "Nội dung thực hiện trong quý tiếp theo", "Khó khăn, vướng mắc", "Kiến nghị, đề xuất"],
      ["2", "Đào tạo bồi dưỡng", "Thường xuyên", "Tập huấn 20 giáo viên", "Tập huấn 10 giáo viên còn lại", "", ""],
    ]);
    const a = await analyze({ attachments: [{ filename: "PL3.xlsx", content: xlsx }] });
    expect(a.items?.["2"]).toMatchObject({ done: "Tập huấn 20 giáo viên", next: "Tập huấn 10 giáo viên còn lại" });
  });

  it("a self-assessment table with two years' columns gives this year's totals", async () => {
    const xlsx = sheet([
      ["STT", "Tiêu chí", "Điểm tối đa", "Tự đánh giá năm 2024", "Tự đánh giá năm 2025"],
      ["", "Tổng điểm Nhóm 1", "100", "58", "71"],
      ["", "Tổng điểm Nhóm 2", "100", "55", "66"],
    ]);
    const a = await analyze({ subject: "Tự đánh giá mức độ CĐS năm 2025", attachments: [{ filename: "TuDanhGia_2025.xlsx", content: xlsx }] });
    expect(a).toMatchObject({ kind: "self_assessment", scores: { N1: 71, N2: 66 } });
  });

  it("a PHỤ LỤC 2 outline with an ad-hoc task from the Sở files the rows it has; the ad-hoc task is no row and no doubt", async () => {
    const text = [
      "Kính gửi Phòng,",
      "I. KẾT QUẢ THỰC HIỆN",
      "1. Nội dung được phân công",
      "a) Đào tạo bồi dưỡng cho cán bộ quản lý, giáo viên, nhân viên CNTT về chuyển đổi số",
      "- Nội dung đã thực hiện trong quý, kết quả đạt được: Tập huấn 20 giáo viên về học liệu số",
      "2. Các công việc đột xuất theo chỉ đạo của Sở GDĐT",
      "a) Tổ chức cho học sinh tham gia cuộc thi an toàn thông tin cấp thành phố",
      "- Nội dung đã thực hiện trong quý, kết quả đạt được: 300 học sinh dự thi vòng trường",
    ].join("\n");
    const a = await analyze({ text });
    expect(a.decision).toBe("filed");
    expect(Object.keys(a.items ?? {})).toEqual(["2"]);
  });

  it("a reply correcting one row reads that row, not the quoted original's table in the HTML", async () => {
    const row = (n: string, task: string, done: string) => `<tr><td>${n}</td><td>${task}</td><td>${done}</td><td></td><td></td><td></td></tr>`;
    const quotedTable = `<table><tr><td>TT</td><td>Nội dung công việc theo kế hoạch</td><td>Nội dung đã thực hiện trong quý, kết quả đạt được</td><td>Nội dung thực hiện trong quý tiếp theo</td><td>Khó khăn, vướng mắc</td><td>Kiến nghị, đề xuất</td></tr>${row("2", "Đào tạo bồi dưỡng cho cán bộ quản lý, giáo viên", "Tập huấn 24/30 giáo viên về học liệu số")}${row("7", "Phối hợp triển khai hệ thống Văn phòng điện tử", "Tiếp nhận 200 văn bản đến trên hệ thống")}</table>`;
    const correction = "Kính gửi Tổ CNTT,\nTrường xin đính chính mục 7:\n- Nội dung đã thực hiện trong quý: Tiếp nhận 312 văn bản đến trên hệ thống.\nCác nội dung khác giữ nguyên.\n";
    const quotedText = "\n________________________________\nFrom: Trường <thttcuchi@example.edu.vn>\nSent: Friday, September 11, 2025 9:20 AM\n\nTT\tNội dung công việc theo kế hoạch\tNội dung đã thực hiện trong quý, kết quả đạt được\n2\tĐào tạo bồi dưỡng cho cán bộ quản lý, giáo viên\tTập huấn 24/30 giáo viên về học liệu số\n7\tPhối hợp triển khai hệ thống Văn phòng điện tử\tTiếp nhận 200 văn bản đến trên hệ thống\n";
    const a = await analyze({ subject: "RE: Báo cáo CĐS quý 3/2025", text: correction + quotedText, html: `<p>${correction.replace(/\n/g, "<br>")}</p><hr><p>From: Trường</p>${quotedTable}` });
    expect(Object.keys(a.items ?? {})).toEqual(["7"]);
    expect(a.items?.["7"]?.done).toContain("312 văn bản");
  });

  it("takes the quarter from its three months (“tháng 7-9/2025”)", async () => {
    const a = await analyze({ subject: "Báo cáo CĐS tháng 7-9/2025", attachments: [{ filename: "PL3.xlsx", content: await officialXlsx() }] });
    expect(a).toMatchObject({ decision: "filed", period: { kind: "quarter", quarter: { year: 2025, quarter: 3 } } });
  });

  it("tells schools of one commune apart by the level written before the name", async () => {
    const schools: SchoolRef[] = ["Mầm non", "Tiểu học", "Trung học cơ sở"].map((level, i) => ({
      id: `ph${i}`,
      code: `X-${i}`,
      name: `Trường ${level} Phú Hòa`,
      shortName: `${["MN", "TH", "THCS"][i]} Phú Hòa`,
      emails: [`ph${i}@example.edu.vn`],
    }));
    const raw = await new MailComposer({ from: "co.lan@gmail.com", to: "cntt.cc@hcm.edu.vn", date: RECEIVED, subject: "Báo cáo CĐS quý 3/2025", text: "Kính gửi Phòng, em gửi báo cáo.\n\nNguyễn Thị Lan\nGiáo viên Tin học - THCS Phú Hòa", attachments: [{ filename: "PL3.xlsx", content: await officialXlsx() }] }).compile().build();
    const a = await analyzeEmail(await parseEmail(raw), schools, forms, RECEIVED);
    expect(a.decision).toBe("review");
    expect(a.school?.code).toBe("X-2");
  });
});

describe("blind mail set 8: Roman group codes with their row, a row carried on over two table rows, a correction naming “dòng N”", () => {
  const HEAD = ["TT", "Nội dung công việc theo kế hoạch", "Nội dung đã thực hiện trong quý, kết quả đạt được", "Nội dung thực hiện trong quý tiếp theo", "Khó khăn, vướng mắc", "Kiến nghị, đề xuất"];

  it("reads “I.2”, “III.1” as rows 1.2 and 3.1", async () => {
    const xlsx = sheet([HEAD, ["I", "TRIỂN KHAI NỀN TẢNG QUẢN TRỊ DỮ LIỆU NGÀNH", "", "", "", ""], ["I.2", "Phối hợp xây dựng IOC", "Gửi số liệu cho Sở", "", "", ""], ["III", "CÁC VĂN BẢN", "", "", "", ""], ["III.1", "Áp dụng Bộ tiêu chí", "Tự đánh giá thử", "", "", ""]]);
    const a = await analyze({ attachments: [{ filename: "PL3.xlsx", content: xlsx }] });
    expect(a.decision).toBe("filed");
    expect(Object.keys(a.items ?? {}).sort()).toEqual(["1.2", "3.1"]);
  });

  it("joins a row's continuation (no number, no title) and a row merged over two table rows (number and title repeated)", async () => {
    const xlsx = sheet([
      HEAD,
      ["2", "Đào tạo bồi dưỡng", "Tập huấn 20 giáo viên", "", "", ""],
      ["", "", "Tập huấn thêm 5 nhân viên", "", "Thiếu phòng máy", ""],
      ["9", "Thư viện số", "Số hóa 100 đầu sách", "", "", ""],
      ["9", "Thư viện số", "Mở thư viện điện tử", "Số hóa thêm 50 đầu sách", "", ""],
      ["", "", "", "", "", "HIỆU TRƯỞNG"],
    ]);
    const a = await analyze({ attachments: [{ filename: "PL3.xlsx", content: xlsx }] });
    expect(a.decision).toBe("filed");
    expect(a.items?.["2"]).toMatchObject({ done: "Tập huấn 20 giáo viên\nTập huấn thêm 5 nhân viên", difficulties: "Thiếu phòng máy" });
    expect(a.items?.["9"]).toMatchObject({ done: "Số hóa 100 đầu sách\nMở thư viện điện tử", next: "Số hóa thêm 50 đầu sách", recommendations: null });
  });

  it("reads a correction that names “dòng 7” with labelled lines, up to “Các dòng khác giữ nguyên”", async () => {
    const a = await analyze({ subject: "RE: Báo cáo CĐS quý 3/2025", text: "Kính gửi Phòng,\n\nTrường xin điều chỉnh dòng 7 trong Phụ lục 3 quý 3/2025 như sau:\n- Nội dung đã thực hiện trong quý: Ký số 120 văn bản đi.\n- Nội dung thực hiện trong quý tiếp theo: Cấp chữ ký số cho kế toán.\nCác dòng khác giữ nguyên.\n\nTrân trọng." });
    expect(a.items?.["7"]).toMatchObject({ done: "Ký số 120 văn bản đi.", next: "Cấp chữ ký số cho kế toán." });
    expect(Object.keys(a.items ?? {})).toEqual(["7"]);
  });
});

describe("blind mail set 8: reports typed as bulleted lists, and “quý này”", () => {
  it("reads a topic bullet with labelled sub-bullets under it (“- Thư viện số / + Đã làm: …”)", async () => {
    const text = "Kính gửi Phòng,\n\nTrường báo cáo quý 3/2025:\n\n- Thư viện số\n  + Đã làm: Số hóa 120 đầu sách.\n  + Quý tới: Số hóa thêm 80 đầu sách.\n- Văn phòng điện tử\n  + Đã làm: Ký số 90 văn bản đi.\n  + Kiến nghị: Cấp thêm chứng thư số.\n\nTrân trọng.";
    const a = await analyze({ subject: "Báo cáo CĐS", text });
    expect(a.decision).toBe("filed");
    expect(a.items?.["9"]).toMatchObject({ done: "Số hóa 120 đầu sách.", next: "Số hóa thêm 80 đầu sách." });
    expect(a.items?.["7"]).toMatchObject({ done: "Ký số 90 văn bản đi.", recommendations: "Cấp thêm chứng thư số." });
  });

  it("reads “• Đào tạo, bồi dưỡng: …” (a comma in the name) with “◦ Khó khăn: …” under it", async () => {
    const text = "Trường báo cáo quý 3/2025 như sau:\n\n• Bản đồ số EDUGIS: Cập nhật phòng học mới.\n• Đào tạo, bồi dưỡng về CĐS: Bồi dưỡng 30 giáo viên.\n   ◦ Khó khăn: Trùng lịch dạy.\n• Thư viện số: Số hóa 50 đầu sách.\n\nTrân trọng.";
    const a = await analyze({ subject: "Báo cáo CĐS quý 3/2025", text });
    expect(a.items?.["1.1"]?.done).toMatch(/^Cập nhật phòng học mới\.?$/);
    expect(a.items?.["2"]?.done).toMatch(/^Bồi dưỡng 30 giáo viên\.?$/);
    expect(a.items?.["2"]?.difficulties).toMatch(/^Trùng lịch dạy\.?$/);
  });

  it("takes “báo cáo … quý này” as the quarter the mail was sent in (not in a quarter's first month)", async () => {
    const text = "Kính gửi Phòng,\nTrường gửi báo cáo chuyển đổi số quý này:\n- Thư viện số: Số hóa 120 đầu sách.\n- Văn phòng điện tử: Ký số 90 văn bản đi.\nTrân trọng.";
    const late = await analyzeEmail(await parseEmail(await new MailComposer({ from: "thttcuchi@example.edu.vn", to: "cntt.cc@hcm.edu.vn", date: new Date("2025-09-12T02:00:00Z"), subject: "Báo cáo CĐS", text }).compile().build()), SCHOOLS, forms, new Date("2025-09-12T02:00:00Z"));
    expect(late.period).toEqual({ kind: "quarter", quarter: { year: 2025, quarter: 3 } });
    expect(late.decision).toBe("filed");
    const early = await analyzeEmail(await parseEmail(await new MailComposer({ from: "thttcuchi@example.edu.vn", to: "cntt.cc@hcm.edu.vn", date: new Date("2025-10-03T02:00:00Z"), subject: "Báo cáo CĐS", text }).compile().build()), SCHOOLS, forms, new Date("2025-10-03T02:00:00Z"));
    expect(early.decision).toBe("review");
  });

  it("sends a report left on Google Drive to a person (a “?” in the link is no question)", async () => {
    const a = await analyze({ subject: "Báo cáo chuyển đổi số quý 3/2025", text: "Kính gửi Phòng,\nFile báo cáo nặng nên trường để trên Drive, Phòng xem giúp tại:\nhttps://drive.google.com/file/d/abc123/view?usp=sharing\nTrân trọng." });
    expect(a.kind).toBe("quarterly_report");
    expect(a.decision).toBe("review");
    expect(a.reason).toContain("drive.google.com");
  });

  it("reads a request for the template (“Nhờ Phòng gửi giúp trường bản Word của mẫu”) as a question, not a report without a table", async () => {
    const a = await analyze({ subject: "Xin mẫu Phụ lục báo cáo chuyển đổi số", text: "Kính gửi Phòng,\nTrường chưa có file mẫu Phụ lục 2 và Phụ lục 3 để làm báo cáo quý 3. Nhờ Phòng gửi giúp trường bản Word/Excel của mẫu ạ.\nTrân trọng." });
    expect(a.kind).toBe("question");
  });
});


describe("blind mail set 9 (written after session 16's work): what would have been filed wrong", () => {
  const HEAD = ["TT", "Nội dung công việc theo kế hoạch", "Nội dung đã thực hiện trong quý, kết quả đạt được", "Nội dung thực hiện trong quý tiếp theo", "Khó khăn, vướng mắc", "Kiến nghị, đề xuất"];
  const pl3 = (title: string) => sheet([[title, "", "", "", "", ""], HEAD, ["2", "Đào tạo bồi dưỡng", "Tập huấn 20 giáo viên", "", "", ""], ["9", "Thư viện số", "Số hóa 100 đầu sách", "", "", ""]]);

  it("sends to a person a file that names another school, though the letter names the sender's", async () => {
    const a = await analyze({ text: "Trường Tiểu học Thị Trấn Củ Chi gửi báo cáo quý 3/2025 (file đính kèm).", attachments: [{ filename: "BaoCao_Quy3_MN_HoaMai.xlsx", content: pl3("TRƯỜNG MẦM NON HOA MAI") }] });
    expect(a.decision).toBe("review");
    expect(a.reason).toContain("Trường Mầm non Hoa Mai");
  });

  it("reads “quý 04/2025” and “Q.3” as the quarter", async () => {
    for (const subject of ["Báo cáo định kỳ quý 03/2025 về CĐS", "BC CĐS Q.3 năm 2025"]) {
      const a = await analyze({ subject, text: "Trường gửi báo cáo (file đính kèm).", attachments: [{ filename: "PL3.xlsx", content: pl3("BÁO CÁO") }] });
      expect(a.period, subject).toEqual({ kind: "quarter", quarter: { year: 2025, quarter: 3 } });
      expect(a.decision, subject).toBe("filed");
    }
  });

  it("never files a letter that announces its attachment when the attachment is the wrong file", async () => {
    const { Document, Packer, Paragraph } = await import("docx");
    const content = await Packer.toBuffer(new Document({ sections: [{ children: ["LỊCH CÔNG TÁC THÁNG 9", "Thứ Hai: chào cờ"].map((l) => new Paragraph(l)) }] }));
    const a = await analyze({ text: "Thay mặt cô Hiệu trưởng, em gửi báo cáo tiến độ CNTT - chuyển đổi số quý 3/2025 của Trường Tiểu học Thị Trấn Củ Chi (file đính kèm).", attachments: [{ filename: "LichCongTac.docx", content }] });
    expect(a.decision).not.toBe("filed");
    expect(a.items).toBeUndefined();
  });

  it("reads a self-assessment's scores from the latest year's column, never the maximum (“Điểm tối đa | Năm 2024 | Năm 2025”)", async () => {
    const xlsx = sheet([["TT", "Nhóm tiêu chí", "Điểm tối đa", "Năm 2024", "Năm 2025", "Mức độ (2025)"], ["1", "Nhóm 1 - Chuyển đổi số trong dạy, học", "100", "61", "78", "Mức 3"], ["2", "Nhóm 2 - Chuyển đổi số trong quản trị cơ sở giáo dục", "100", "66", "71", "Mức 2"]]);
    const a = await analyze({ subject: "Gửi bản tự đánh giá mức độ CĐS năm 2025", text: "Trường gửi bản tự đánh giá theo Bộ chỉ số 4725 (file đính kèm).", attachments: [{ filename: "TuDanhGia_2025.xlsx", content: xlsx }] });
    expect(a.kind).toBe("self_assessment");
    expect(a.scores).toEqual({ N1: 78, N2: 71 });
  });
});

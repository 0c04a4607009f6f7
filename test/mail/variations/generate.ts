/**
 * The mail variation generator: a handful of base reports, each written out in every layout a
 * school uses (official .xlsx, its own .xlsx, .xls, .ods, .docx table, .docx outline, HTML table,
 * a table pasted from Excel, a typed outline in several numbering styles, PHỤ LỤC 2 sections),
 * with label synonyms, missing/unaccented/NFD subjects, Re:/Fwd: quoting an older report,
 * greetings and sign-offs, and every charset and transfer encoding (UTF-8 8bit, quoted-printable,
 * base64, windows-1258). Every variant must be judged exactly like its base: filed, same school,
 * same quarter, same cells. Deterministic (seeded), so a failure names a reproducible message.
 */
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import iconv from "iconv-lite";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import * as XLSX from "@e965/xlsx";
import { buildPhuLuc3Xlsx } from "../../../src/reports/documents/phu-luc-3-xlsx.ts";
import type { ReportTemplate } from "../../../src/reports/template.ts";

export type TextField = "done" | "next" | "difficulties" | "recommendations";
export type BaseRow = Partial<Record<TextField, string>>;

export interface BaseReport {
  name: string;
  from: string;
  school: string;
  schoolName: string;
  quarter: { year: number; quarter: 1 | 2 | 3 | 4 };
  rows: Record<string, BaseRow>;
}

export interface Variant {
  id: string;
  base: BaseReport;
  layout: string;
  raw: Buffer;
}

export const BASES: BaseReport[] = [
  {
    name: "ttcc", from: "thttcuchi@example.edu.vn", school: "TH-TTCC", schoolName: "Trường Tiểu học Thị Trấn Củ Chi", quarter: { year: 2025, quarter: 3 },
    rows: {
      "2": { done: "Tập huấn 24/30 giáo viên về học liệu số", next: "Tập huấn 6 giáo viên còn lại", difficulties: "Thiếu máy chiếu ở 2 phòng học", recommendations: "Đề nghị cấp 2 máy chiếu" },
      "8": { done: "Dạy trực tuyến 3 lớp trên K12Online" },
    },
  },
  {
    name: "tt2", from: "thcstt2@example.edu.vn", school: "THCS-TT2", schoolName: "Trường THCS Thị Trấn 2", quarter: { year: 2025, quarter: 3 },
    rows: {
      "1.1": { done: "Cập nhật toạ độ và ảnh trường trên EDUGIS" },
      "3.1": { done: "Trường đã tự đánh giá theo bộ chỉ số, nhóm dạy học đạt 72 điểm, nhóm quản trị 68 điểm", next: "Rà soát các tiêu chí chưa đạt" },
      "6": { done: "Ký số học bạ khối 6 và 7", next: "Ký số học bạ khối 8, 9", difficulties: "Chứng thư số của 3 giáo viên hết hạn" },
    },
  },
  {
    name: "hoamai", from: "mnhoamai@example.edu.vn", school: "MN-HOAMAI", schoolName: "Trường Mầm non Hoa Mai", quarter: { year: 2025, quarter: 3 },
    rows: {
      "7": { done: "Toàn bộ văn bản đi, đến xử lý trên văn phòng điện tử", recommendations: "Đề nghị tập huấn thêm cho nhân viên văn thư" },
      "9": { done: "Số hoá 300 đầu sách của thư viện", next: "Số hoá thêm 200 đầu sách" },
    },
  },
  {
    name: "phd", from: "thcsphd@example.edu.vn", school: "THCS-PHUHOA", schoolName: "Trường THCS Phú Hòa Đông", quarter: { year: 2025, quarter: 2 },
    rows: {
      "4": { done: "Tuyển sinh lớp 6 trực tuyến 100% hồ sơ", next: "Tổng kết công tác tuyển sinh" },
      "5": { done: "Triển khai phần mềm quản lý trường học cho 45 giáo viên", difficulties: "Đường truyền internet yếu vào giờ cao điểm", recommendations: "Đề nghị nâng cấp đường truyền" },
      "8": { done: "Dạy học trực tuyến môn Tin học cho khối 9", next: "Mở rộng sang khối 8" },
    },
  },
];

/** A small seeded generator (mulberry32): the same seed gives the same corpus. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROMAN = ["I", "II", "III", "IV"];
const HEADERS: Record<TextField | "task" | "code", string[]> = {
  code: ["TT", "STT", "Mục"],
  task: ["Nội dung công việc theo kế hoạch", "Nội dung công việc", "Nhiệm vụ", "Tên nhiệm vụ"],
  done: ["Nội dung đã thực hiện trong quý, kết quả đạt được", "Kết quả thực hiện", "Đã thực hiện", "Kết quả quý này"],
  next: ["Nội dung thực hiện trong quý tiếp theo", "Kế hoạch quý tới", "Quý tiếp theo", "Dự kiến quý sau", "Phương hướng", "Phương hướng, nhiệm vụ quý tới"],
  difficulties: ["Khó khăn, vướng mắc", "Tồn tại, hạn chế", "Khó khăn"],
  recommendations: ["Kiến nghị, đề xuất", "Đề xuất", "Kiến nghị"],
};
const LABELS: Record<TextField, string[]> = {
  done: ["Đã thực hiện", "Kết quả quý này", "Nội dung đã thực hiện", "Kết quả"],
  next: ["Quý tới", "Quý tiếp theo", "Dự kiến", "Kế hoạch quý tới", "Phương hướng", "Q tới"],
  difficulties: ["Khó khăn", "Tồn tại", "Vướng mắc", "Khó khăn, vướng mắc"],
  recommendations: ["Kiến nghị", "Đề xuất", "Kiến nghị, đề xuất"],
};
const FIELDS: TextField[] = ["done", "next", "difficulties", "recommendations"];
const GREETINGS = ["Kính gửi Phòng GD&ĐT,", "Kính gửi: Phòng Giáo dục và Đào tạo", "Dạ em chào Phòng ạ,", "Kinh gui Phong,", ""];
const CLOSINGS = ["Trân trọng.", "Trân trọng kính chào.\nHiệu trưởng", "Xin cảm ơn ạ.", "Tran trong", "Nơi nhận:\n- Như trên;\n- Lưu: VT."];

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

function title(template: ReportTemplate, code: string): string {
  return template.rows.find((x) => x.code === code)!.title;
}
const strip = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D");

/** A subject in one of the ways schools write it (or none). */
function subject(r: () => number, b: BaseReport): string {
  const q = b.quarter;
  const forms = [
    `Báo cáo CĐS quý ${q.quarter}/${q.year}`,
    `Báo cáo chuyển đổi số quý ${ROMAN[q.quarter - 1]} năm ${q.year} - ${b.schoolName}`,
    strip(`Bao cao CDS Q${q.quarter}-${q.year}`),
    `BC tiến độ CĐS quý ${q.quarter}/${q.year}`.normalize("NFD"),
    `Gửi báo cáo quý ${ROMAN[q.quarter - 1]}/${q.year}`,
  ];
  return pick(r, forms);
}

/** Where the quarter is written when the subject does not say it. */
const quarterLine = (b: BaseReport) => `Báo cáo kết quả chuyển đổi số quý ${ROMAN[b.quarter.quarter - 1]}/${b.quarter.year}`;

function officialXlsx(b: BaseReport, template: ReportTemplate) {
  return buildPhuLuc3Xlsx(
    {
      school: { code: b.school, name: b.schoolName }, period: { code: `${b.quarter.year}-Q${b.quarter.quarter}`, quarter: b.quarter.quarter, year: b.quarter.year }, version: 1, referenceNo: null, submittedAt: null, late: false,
      items: Object.entries(b.rows).map(([taskCode, x]) => ({ taskCode, status: null, progressPercent: null, done: x.done ?? null, next: x.next ?? null, difficulties: x.difficulties ?? null, recommendations: x.recommendations ?? null })),
    },
    template,
  );
}

/** A school's own sheet: a title with the quarter, headers in its own words, an extra column, all template rows. */
function ownSheet(r: () => number, b: BaseReport, template: ReportTemplate): unknown[][] {
  const h = (k: keyof typeof HEADERS) => pick(r, HEADERS[k]);
  const note = r() < 0.5;
  const aoa: unknown[][] = [[b.schoolName.toUpperCase()], [quarterLine(b).toUpperCase()], []];
  // Part columns in the school's order; sometimes "Kết quả" spans "đã thực hiện" and "quý tiếp theo" on a second header row.
  const parts: TextField[] = r() < 0.3 ? ["done", "next", "recommendations", "difficulties"] : FIELDS;
  const twoRows = r() < 0.3 && parts[0] === "done" && parts[1] === "next";
  if (twoRows) {
    aoa.push([h("code"), h("task"), "Kết quả", "Kết quả", ...parts.slice(2).map((p) => h(p)), ...(note ? ["Ghi chú"] : [])]);
    aoa.push(["", "", "Đã thực hiện trong quý", "Quý tiếp theo", "", "", ...(note ? [""] : [])]);
  } else {
    aoa.push([h("code"), h("task"), ...parts.map((p) => h(p)), ...(note ? ["Ghi chú"] : [])]);
  }
  for (const row of template.rows) {
    const x = b.rows[row.code] ?? {};
    aoa.push([r() < 0.3 ? `${row.code}.` : row.code, row.title, ...parts.map((p) => x[p] ?? ""), ...(note ? [""] : [])]);
  }
  return aoa;
}

function workbook(aoa: unknown[][], sheet: string, bookType: XLSX.BookType): Buffer {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), sheet);
  return XLSX.write(wb, { type: "buffer", bookType }) as Buffer;
}

async function docxTable(r: () => number, b: BaseReport, template: ReportTemplate): Promise<Buffer> {
  const aoa = ownSheet(r, b, template).slice(3) as string[][];
  const cell = (t: string) => new TableCell({ children: String(t).split("\n").map((l) => new Paragraph(l)), width: { size: 15, type: WidthType.PERCENTAGE } });
  const table = new Table({ rows: aoa.map((row) => new TableRow({ children: row.map((c) => cell(String(c))) })) });
  const doc = new Document({ sections: [{ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: quarterLine(b).toUpperCase(), bold: true })] }), table] }] });
  return Packer.toBuffer(doc);
}

async function docxOutline(lines: string[]): Promise<Buffer> {
  return Packer.toBuffer(new Document({ sections: [{ children: lines.map((l) => new Paragraph(l)) }] }));
}

function htmlTable(r: () => number, b: BaseReport, template: ReportTemplate): string {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const aoa = ownSheet(r, b, template).slice(3) as string[][];
  return `<table border="1">${aoa.map((row, i) => `<tr>${row.map((c) => `<${i ? "td" : "th"}>${esc(String(c))}</${i ? "td" : "th"}>`).join("")}</tr>`).join("\n")}</table>`;
}

function pastedTable(r: () => number, b: BaseReport, template: ReportTemplate): string {
  const aoa = ownSheet(r, b, template).slice(3) as string[][];
  return aoa.map((row) => row.map(String).join("\t")).join("\n");
}

/** The item markers schools type before a row. */
const MARKERS: ((code: string, t: string) => string)[] = [
  (c) => `Mục ${c}:`,
  (c, t) => `Nhiệm vụ ${c} - ${t}:`,
  (c) => `Nội dung ${c}.`,
  (c, t) => `${c}. ${t}`,
  (c) => `NV ${c}:`,
  (c, t) => `- ${c}. ${t}:`,
];

/** A typed outline: a marker line per row, then one labelled line per field. */
function outline(r: () => number, b: BaseReport, template: ReportTemplate): string[] {
  const marker = pick(r, MARKERS);
  const bullet = pick(r, ["- ", "+ ", "• ", ""]);
  const lines: string[] = [];
  for (const [code, x] of Object.entries(b.rows).sort(([a], [c]) => a.localeCompare(c, "en", { numeric: true }))) {
    lines.push(marker(code, title(template, code)));
    for (const f of FIELDS) if (x[f]) lines.push(`${bullet}${pick(r, LABELS[f])}: ${x[f]}`);
  }
  return lines;
}

/** One line per row, labels inline: "Mục 8: Dạy trực tuyến…. Quý tới: Mở rộng…" */
function inlineOutline(r: () => number, b: BaseReport): string[] {
  return Object.entries(b.rows).map(([code, x]) => {
    const parts = FIELDS.filter((f) => x[f]).map((f, i) => (i === 0 && f === "done" ? `${x[f]}.` : `${pick(r, LABELS[f])}: ${x[f]}.`));
    return `${pick(r, [`Mục ${code}:`, `Nhiệm vụ ${code} -`, `- Nội dung ${code}:`, `${code})`])} ${parts.join(" ")}`;
  });
}

/** The same outline with letters "a) Title:" — the title alone says which row. */
function letteredOutline(r: () => number, b: BaseReport, template: ReportTemplate): string[] {
  const lines: string[] = [];
  Object.entries(b.rows).forEach(([code, x], i) => {
    lines.push(`${"abcdefgh"[i]}) ${title(template, code)}:`);
    for (const f of FIELDS) if (x[f]) lines.push(`  - ${pick(r, LABELS[f])}: ${x[f]}`);
  });
  return lines;
}

/** PHỤ LỤC 2: sections I (done), II (next), III (difficulties, recommendations), rows repeated. */
function phuLuc2(r: () => number, b: BaseReport, template: ReportTemplate): string[] {
  const entries = Object.entries(b.rows);
  const lines = ["I. KẾT QUẢ CÁC CÔNG TÁC THỰC HIỆN TRONG QUÝ"];
  for (const [code, x] of entries) if (x.done) lines.push(`- Tên nội dung công việc: ${code}. ${title(template, code)}`, `- Nội dung đã thực hiện trong quý: ${x.done}`);
  lines.push("II. KẾ HOẠCH THỰC HIỆN TRONG QUÝ TIẾP THEO");
  for (const [code, x] of entries) if (x.next) lines.push(`- ${code}. ${title(template, code)}: ${x.next}`);
  lines.push("III. CÁC KHÓ KHĂN VÀ KIẾN NGHỊ, ĐỀ XUẤT");
  for (const [code, x] of entries) {
    if (x.difficulties) lines.push(`- ${pick(r, ["Khó khăn", "Vướng mắc"])} (${code}): ${x.difficulties}`);
    if (x.recommendations) lines.push(`- ${pick(r, ["Kiến nghị", "Đề xuất"])} (${code}): ${x.recommendations}`);
  }
  return lines;
}

/** How schools shorten a row's title in their own tables and letters. */
const SHORT: Record<string, string[]> = {
  "1": ["Nền tảng quản trị dữ liệu ngành"],
  "1.1": ["Bản đồ số EDUGIS", "Cập nhật bản đồ số ngành (EDUGIS)"],
  "1.2": ["Hệ thống IOC của Sở", "Hệ thống điều hành, giám sát (IOC)"],
  "2": ["Bồi dưỡng CBQL, GV về chuyển đổi số", "Đào tạo, bồi dưỡng về CĐS"],
  "3": ["Văn bản, quy định về CĐS"],
  "3.1": ["Bộ tiêu chí đánh giá mức độ CĐS", "Tự đánh giá mức độ chuyển đổi số"],
  "3.2": ["Quy chế khai thác dữ liệu ngành"],
  "3.3": ["Kiến trúc tham chiếu giải pháp CĐS"],
  "4": ["Tuyển sinh đầu cấp", "Tuyển sinh trực tuyến đầu cấp"],
  "5": ["Bộ giải pháp CĐS cơ bản", "Phần mềm quản lý, giải pháp CĐS cơ bản"],
  "6": ["Học bạ điện tử (Blockchain)", "Học bạ số, ký số học bạ"],
  "7": ["Văn phòng điện tử", "Văn phòng điện tử và ký số văn bản"],
  "8": ["Dạy học trực tuyến", "Dạy học trên LMS, trực tuyến"],
  "9": ["Thư viện số", "Thư viện điện tử, thư viện số"],
};
const ROMAN_NUMERALS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];

/**
 * A school's own sheet numbered I…IX, the sub-rows of a group 1, 2, 3 under it, titles shortened,
 * and a two-row header merged over the parts ("Kết quả thực hiện" over "Đã thực hiện" | "Tỉ lệ").
 */
function romanSheet(r: () => number, b: BaseReport, template: ReportTemplate): XLSX.WorkSheet {
  const full = r() < 0.3;
  const name = (code: string) => (full ? title(template, code) : pick(r, SHORT[code]!));
  const aoa: unknown[][] = [[b.schoolName.toUpperCase()], [quarterLine(b).toUpperCase()], []];
  aoa.push(["STT", pick(r, ["Nhiệm vụ", "Nội dung công việc", "Tên nhiệm vụ"]), "Kết quả thực hiện", "", pick(r, ["Kế hoạch quý tới", "Phương hướng quý tới", "Nhiệm vụ quý tiếp theo"]), "Khó khăn, kiến nghị", ""]);
  aoa.push(["", "", pick(r, ["Đã thực hiện", "Nội dung đã thực hiện", "Kết quả đạt được"]), "Tỉ lệ (%)", "", "Khó khăn", pick(r, ["Kiến nghị", "Đề xuất"])]);
  let top = 0;
  let sub = 0;
  for (const row of template.rows) {
    const x = b.rows[row.code] ?? {};
    const cells = [x.done ?? "", x.done ? pick(r, ["100%", "80%", ""]) : "", x.next ?? "", x.difficulties ?? "", x.recommendations ?? ""];
    if (!row.code.includes(".")) {
      sub = 0;
      aoa.push([ROMAN_NUMERALS[top++], name(row.code), ...(row.heading ? ["", "", "", "", ""] : cells)]);
    } else aoa.push([String(++sub), name(row.code), ...cells]);
  }
  const ws = XLSX.utils.aoa_to_sheet(aoa);
  const h = 3;
  ws["!merges"] = [
    { s: { r: h, c: 0 }, e: { r: h + 1, c: 0 } },
    { s: { r: h, c: 1 }, e: { r: h + 1, c: 1 } },
    { s: { r: h, c: 2 }, e: { r: h, c: 3 } },
    { s: { r: h, c: 4 }, e: { r: h + 1, c: 4 } },
    { s: { r: h, c: 5 }, e: { r: h, c: 6 } },
  ];
  return ws;
}

/** Word paragraphs, one block per task the school reports, under its own numbering 1, 2, 3… (not the form's codes). */
function ownNumbering(r: () => number, b: BaseReport, template: ReportTemplate): string[] {
  const lines = [b.schoolName.toUpperCase(), `BÁO CÁO KẾT QUẢ CHUYỂN ĐỔI SỐ QUÝ ${ROMAN[b.quarter.quarter - 1]}/${b.quarter.year}`, "Trường báo cáo kết quả thực hiện như sau:"];
  const bullet = pick(r, ["- ", "+ ", ""]);
  Object.entries(b.rows).forEach(([code, x], i) => {
    lines.push(`${i + 1}${pick(r, [".", ")", "."])} ${pick(r, [...SHORT[code]!, title(template, code)])}`);
    for (const f of FIELDS) if (x[f]) lines.push(`${bullet}${pick(r, LABELS[f])}: ${x[f]}`);
  });
  lines.push(pick(r, ["Các nội dung khác trong kế hoạch: không phát sinh trong quý.", "Các nhiệm vụ còn lại chưa có hoạt động mới.", ""]));
  return lines;
}

/**
 * A reply to the office's receipt correcting rows in prose ("trường xin sửa lại mục 2 (…) như
 * sau:"), labelled lines under it, the receipt quoted below (its old cells must not be read).
 */
function correction(r: () => number, b: BaseReport): string {
  const q = b.quarter;
  const lines: string[] = [];
  for (const [code, x] of Object.entries(b.rows)) {
    const verb = pick(r, ["xin sửa lại", "xin bổ sung", "xin điều chỉnh", "gửi bổ sung"]);
    lines.push(`${pick(r, ["Dạ trường", "Trường", "Nhà trường"])} ${verb} ${pick(r, ["mục", "nội dung mục", "nhiệm vụ"])} ${code} (${pick(r, SHORT[code]!)}) ${pick(r, [`trong báo cáo quý ${q.quarter}`, `vào báo cáo quý ${ROMAN[q.quarter - 1]}/${q.year} đã gửi`, ""])} như sau:`.replace(/\s+/g, " "));
    for (const f of FIELDS) if (x[f]) lines.push(`${pick(r, ["", " * ", "- "])}${pick(r, LABELS[f])}: ${x[f]}`);
  }
  lines.push(pick(r, ["Các mục khác giữ nguyên ạ.", "Các nội dung còn lại giữ nguyên như bản đã gửi.", "Những mục khác không thay đổi."]));
  const receipt = [
    `Phòng GD&ĐT đã nhận báo cáo quý ${q.quarter}/${q.year} của ${b.schoolName} (phiên bản 1).`,
    `Mã tiếp nhận: BC-${q.year}Q${q.quarter}-${b.school}-v1`,
    `Các mục đã đọc: ${Object.keys(b.rows).join(", ")}.`,
    ...Object.keys(b.rows).map((c) => `Mục ${c} - Đã làm: nội dung cũ của mục ${c}. Quý tới: kế hoạch cũ ${c}.`),
  ];
  const quote = pick(r, [
    `\n\n----- Tin nhắn gốc -----\nTừ: "Phòng GD&ĐT - Tổ CNTT" <cntt.cc@hcm.edu.vn>\nĐến: ${b.from}\nĐã gửi: Thứ Sáu, 19 Tháng Chín 2025 16:49:10\nChủ đề: Đã nhận báo cáo\n\n${receipt.join("\n")}`,
    `\n\n-----Original Message-----\nFrom: Phòng GD&ĐT <cntt.cc@hcm.edu.vn>\nSent: Friday, September 19, 2025 4:49 PM\nTo: ${b.from}\nSubject: Đã nhận báo cáo\n\n${receipt.join("\n")}`,
    `\n\nVào Th 6, 19 thg 9, 2025 lúc 16:49 Phòng GD&ĐT <cntt.cc@hcm.edu.vn> đã viết:\n${receipt.map((l) => `> ${l}`).join("\n")}`,
  ]);
  return `${lines.join("\n")}\n\nTrân trọng.${quote}`;
}

/** An older report of the same school quoted under a reply (different cells: must not be read). */
function quotedOld(b: BaseReport): string {
  const old = Object.keys(b.rows).map((c) => `> Mục ${c}: bản cũ chưa sửa ${c}`);
  return `\n\nVào Th 5, 11 thg 9, 2025 lúc 08:00 Trợ lý CĐS <tro-ly@example.vn> đã viết:\n> Phòng đã nhận báo cáo.\n${old.join("\n")}`;
}

type Encoding = "8bit" | "quoted-printable" | "base64" | "windows-1258";

/** A plain-text mail in the given charset/transfer encoding. */
function textMail(o: { from: string; subject: string; text: string; messageId: string; date: Date; encoding: Encoding; attachments?: { filename: string; content: Buffer }[] }): Promise<Buffer> {
  if (o.encoding === "windows-1258" && !o.attachments?.length) {
    const head = `From: ${o.from}\r\nTo: cntt.cc@hcm.edu.vn\r\nDate: ${o.date.toUTCString()}\r\nMessage-ID: ${o.messageId}\r\nSubject: =?UTF-8?B?${Buffer.from(o.subject).toString("base64")}?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=windows-1258\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`;
    return Promise.resolve(Buffer.concat([Buffer.from(head), windows1258(o.text.replace(/\r?\n/g, "\r\n"))]));
  }
  const textEncoding = o.encoding === "base64" ? "base64" : o.encoding === "quoted-printable" ? "quoted-printable" : undefined;
  return new MailComposer({ from: o.from, to: "cntt.cc@hcm.edu.vn", subject: o.subject, messageId: o.messageId, date: o.date, text: o.text, textEncoding, attachments: o.attachments }).compile().build();
}

/** windows-1258 as old Vietnamese Outlook writes it (base letter + shape precomposed, tone marks combining). */
export function windows1258(text: string): Buffer {
  const cp = text.normalize("NFD").replace(/([a-zA-Z])([\u0300-\u036f]+)/g, (_, letter: string, marks: string) => {
    const shape = marks.replace(/[^\u0302\u0306\u031B]/g, "");
    return (letter + shape).normalize("NFC") + marks.replace(/[\u0302\u0306\u031B]/g, "");
  });
  return iconv.encode(cp, "windows-1258");
}

const LAYOUTS = ["xlsx-official", "xlsx-own", "xls", "ods", "docx-table", "docx-outline", "html-table", "pasted-table", "outline", "outline-inline", "outline-lettered", "phu-luc-2", "outline-unaccented", "xlsx-roman", "docx-own-numbering", "correction-reply"] as const;
export type Layout = (typeof LAYOUTS)[number];

/** `perLayout` variants of every base in every layout. */
export async function generateVariants(template: ReportTemplate, perLayout = 12, seed = 4725): Promise<Variant[]> {
  const r = rng(seed);
  const out: Variant[] = [];
  const date = (b: BaseReport) => new Date(Date.UTC(b.quarter.year, b.quarter.quarter * 3 - 1, 12, 2));
  for (const b of BASES) {
    for (const layout of LAYOUTS) {
      for (let k = 0; k < perLayout; k++) {
        const id = `${b.name}-${layout}-${k}`;
        const messageId = `<${id}@example.edu.vn>`;
        const subj = subject(r, b);
        const noSubject = r() < 0.15;
        const reply = r() < 0.25;
        const greeting = pick(r, GREETINGS);
        const closing = pick(r, CLOSINGS);
        const encoding: Encoding = pick(r, ["8bit", "quoted-printable", "base64", "windows-1258"] as const);
        const nfd = r() < 0.2;
        const finalSubject = noSubject ? "" : reply ? `${pick(r, ["Re: ", "RE: ", "Fwd: ", "TL: "])}${subj}` : subj;
        // Without a subject, the quarter is in the letter (or the file's title).
        const intro = [greeting, noSubject ? quarterLine(b) : "Trường gửi báo cáo ạ."].filter(Boolean).join("\n");
        let raw: Buffer;
        const file = async (): Promise<{ filename: string; content: Buffer } | undefined> => {
          switch (layout) {
            case "xlsx-official": return { filename: pick(r, ["PL3.xlsx", "bao cao q3.xlsx", `PL3_${b.name}.xlsx`]), content: await officialXlsx(b, template) };
            case "xlsx-own": return { filename: "PL3.xlsx", content: workbook(ownSheet(r, b, template), pick(r, ["Sheet1", "BC quy", "PL3"]), "xlsx") };
            case "xls": return { filename: "PL3.xls", content: workbook(ownSheet(r, b, template), "Sheet1", "biff8") };
            case "ods": return { filename: "PL3.ods", content: workbook(ownSheet(r, b, template), "Trang1", "ods") };
            case "docx-table": return { filename: "Bao cao.docx", content: await docxTable(r, b, template) };
            case "xlsx-roman": {
              const wb = XLSX.utils.book_new();
              XLSX.utils.book_append_sheet(wb, romanSheet(r, b, template), pick(r, ["Sheet1", `Quy ${ROMAN[b.quarter.quarter - 1]}`]));
              return { filename: "BaoCao_CDS.xlsx", content: XLSX.write(wb, { type: "buffer", bookType: "xlsx" }) as Buffer };
            }
            case "docx-own-numbering": return { filename: "Bao cao CDS.docx", content: await docxOutline([...ownNumbering(r, b, template), pick(r, CLOSINGS)]) };
            case "docx-outline": return { filename: "BaoCao.docx", content: await docxOutline([b.schoolName.toUpperCase(), quarterLine(b), ...outline(r, b, template), pick(r, CLOSINGS)]) };
            default: return undefined;
          }
        };
        const attachment = await file();
        if (attachment) {
          raw = await textMail({ from: b.from, subject: finalSubject, text: `${intro}\n${closing}${reply ? quotedOld(b) : ""}`, messageId, date: date(b), encoding: encoding === "windows-1258" ? "8bit" : encoding, attachments: [attachment] });
        } else if (layout === "html-table") {
          const html = `<div>${greeting}<br>${noSubject ? quarterLine(b) : "Trường dán bảng PHỤ LỤC 3:"}</div>${htmlTable(r, b, template)}<div>${closing.replace(/\n/g, "<br>")}</div>${reply ? `<div class="gmail_quote">Vào Th 5 … đã viết:<blockquote>${htmlTable(r, { ...b, rows: { "2": { done: "bản cũ" } } }, template)}</blockquote></div>` : ""}`;
          raw = await new MailComposer({ from: b.from, to: "cntt.cc@hcm.edu.vn", subject: finalSubject, messageId, date: date(b), html }).compile().build();
        } else if (layout === "correction-reply") {
          // A reply to the receipt: the quarter is in the subject ("Re: Đã nhận báo cáo quý 3/2025") or the letter.
          const subj = `Re: Đã nhận báo cáo quý ${b.quarter.quarter}/${b.quarter.year} - ${b.schoolName}`;
          const text = `${greeting ? `${greeting}\n` : ""}${correction(r, b)}`;
          raw = await textMail({ from: b.from, subject: subj, text: nfd ? text.normalize("NFD") : text, messageId, date: date(b), encoding });
        } else {
          const body =
            layout === "pasted-table" ? pastedTable(r, b, template)
            : layout === "outline" ? outline(r, b, template).join("\n")
            : layout === "outline-lettered" ? letteredOutline(r, b, template).join("\n")
            : layout === "outline-inline" ? inlineOutline(r, b).join("\n")
            : layout === "outline-unaccented" ? strip(outline(r, b, template).join("\n"))
            : phuLuc2(r, b, template).join("\n");
          const text = `${intro}\n\n${body}\n\n${closing}${reply ? quotedOld(b) : ""}`;
          raw = await textMail({ from: b.from, subject: finalSubject, text: nfd ? text.normalize("NFD") : text, messageId, date: date(b), encoding });
        }
        // Typed without diacritics: the cells are read as typed.
        const base = layout === "outline-unaccented" ? { ...b, rows: Object.fromEntries(Object.entries(b.rows).map(([c, x]) => [c, Object.fromEntries(Object.entries(x).map(([f, v]) => [f, strip(v!)]))])) } : b;
        out.push({ id, base, layout, raw });
      }
    }
  }
  return out;
}

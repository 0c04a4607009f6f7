/**
 * Any attachment a school sends, read into the same shape: grids (tables as cell texts), plain
 * text, and titles (sheet names, document headings — where "QUÝ III/2025" often is). Each format
 * through a library made for it: .xlsx, .xls and .ods (SheetJS), .docx (mammoth), .doc
 * (word-extractor), .pdf (unpdf). Every file is size-capped, zip-checked where it is a zip and
 * time-limited; when it cannot be read, the reason is plain Vietnamese and names the file.
 *
 * `autoFile` says whether what was read can be filed without a person: a PDF or a legacy .doc
 * loses the table structure, so its rows are only a suggestion for the officer.
 */
import pTimeout from "p-timeout";
import type * as SheetJS from "@e965/xlsx";
import { checkZip, DEFAULT_ZIP_LIMITS } from "../../../files/zip-guard.ts";
import type { ParsedEmail } from "../parse.ts";
import type { Grid } from "./grid.ts";
import { readHtml } from "./html.ts";
import { readPdf } from "./pdf.ts";
import { xlsxGrids } from "./xlsx.ts";

export interface ExtractionLimits {
  /** An attachment above this is neither kept nor opened (MAIL_MAX_ATTACHMENT_MB). */
  maxAttachmentBytes: number;
  maxInflatedBytes: number;
  parseTimeoutMs: number;
  /** Documents (.xlsx, .docx, .pdf…) kept and read per mail; more are listed only. Default 20. */
  maxAttachments?: number;
  /** A message above this is not fetched in full but kept as a truncated record (MAIL_MAX_MESSAGE_MB). Default 25 MB. */
  maxMessageBytes?: number;
}

export const DEFAULT_LIMITS: Required<ExtractionLimits> = { maxAttachmentBytes: 10 * 1024 * 1024, maxInflatedBytes: 100 * 1024 * 1024, parseTimeoutMs: 20_000, maxAttachments: 20, maxMessageBytes: 25 * 1024 * 1024 };

export type DocumentFormat = "xlsx" | "xls" | "ods" | "csv" | "docx" | "doc" | "pdf";

export interface ReadDocument {
  file: string;
  format: DocumentFormat;
  grids: Grid[];
  /** The sheet names of a workbook, one per grid. */
  sheets?: string[];
  text: string;
  titles: string[];
  autoFile: boolean;
}

export type Attachment = ParsedEmail["attachments"][number];
/** An attachment whose bytes were kept. */
type Kept = Attachment & { content: Buffer };

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);
const ZIP_MAGIC = Buffer.from([0x50, 0x4b]);
const MAX_ROWS = 500;
const MAX_COLS = 40;
const MAX_TEXT = 200_000;
export const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

/** The formats read at all (by name); anything else (images, archives) is left for a person. */
export const DOCUMENT_FILE = /\.(xlsx|xlsm|xls|ods|csv|docx|doc|pdf)$/i;
export const OTHER_FILE = /\.(odt|rtf|rar|zip|7z|jpe?g|png|heic|gif|tiff?)$/i;

class Unreadable extends Error {}

/** SheetJS, loaded with the first attachment rather than at start-up (as are the other readers). */
let XLSX: typeof SheetJS;

/**
 * An OLE compound file is a legacy .xls or .doc, or an Office file saved with a password (the
 * encrypted package inside a compound file) — told apart by the streams it holds.
 */
function oleKind(content: Buffer): "xls" | "doc" | "encrypted" | "corrupt" {
  let paths: string[];
  try {
    paths = XLSX.CFB.read(content, { type: "buffer" }).FullPaths.map((p: string) => (p.split("/").filter(Boolean).slice(1).join("/") || "").toLowerCase());
  } catch {
    return "corrupt";
  }
  if (paths.includes("encryptedpackage") || paths.includes("encryptioninfo")) return "encrypted";
  if (paths.includes("worddocument")) return "doc";
  if (paths.includes("workbook") || paths.includes("book")) return "xls";
  return "corrupt";
}

/** What the file is, by its bytes first (a renamed file is common), then by its name. */
function formatOf(a: Kept): DocumentFormat | "encrypted" | "corrupt" {
  const name = (a.filename ?? "").toLowerCase();
  const head = a.content.subarray(0, 8);
  if (head.subarray(0, 5).toString("latin1") === "%PDF-") return "pdf";
  if (head.subarray(0, 4).equals(OLE_MAGIC)) return oleKind(a.content);
  if (head.subarray(0, 2).equals(ZIP_MAGIC)) {
    if (/\.docx$/.test(name)) return "docx";
    if (/\.ods$/.test(name)) return "ods";
    return "xlsx";
  }
  // A table saved as text ("Lưu dưới dạng CSV"): read as one sheet.
  if (/\.csv$/.test(name)) return "csv";
  // Named like an Office file or a PDF but none of those inside: damaged (or renamed from something else).
  return "corrupt";
}

/** A SheetJS sheet → grid; a merged cell repeats its value in every cell it covers. */
function sheetGrid(ws: SheetJS.WorkSheet): Grid {
  const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: false, defval: "", blankrows: true, dateNF: "dd/mm/yyyy" });
  const grid: Grid = rows.slice(0, MAX_ROWS).map((r) => r.slice(0, MAX_COLS).map((v) => String(v ?? "")));
  const origin = ws["!ref"] ? XLSX.utils.decode_range(ws["!ref"]).s : { r: 0, c: 0 };
  for (const m of ws["!merges"] ?? []) {
    const value = grid[m.s.r - origin.r]?.[m.s.c - origin.c] ?? "";
    for (let r = m.s.r; r <= Math.min(m.e.r, MAX_ROWS - 1); r++) {
      for (let c = m.s.c; c <= Math.min(m.e.c, MAX_COLS - 1); c++) {
        const row = (grid[r - origin.r] ??= []);
        if (!row[c - origin.c]) row[c - origin.c] = value;
      }
    }
  }
  return grid.map((r) => Array.from(r, (v) => v ?? ""));
}

/** A CSV file's text: UTF-16 by its byte-order mark, else UTF-8 (its mark dropped), else Windows-1252 as a last resort. */
function csvText(content: Buffer): string {
  if (content[0] === 0xff && content[1] === 0xfe) return new TextDecoder("utf-16le").decode(content.subarray(2));
  if (content[0] === 0xfe && content[1] === 0xff) return new TextDecoder("utf-16be").decode(content.subarray(2));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(content).replace(/^\ufeff/, "").normalize("NFC");
  } catch {
    // Not UTF-8: Excel's "CSV" on a Vietnamese Windows saves windows-1258 (tone marks as combining
    // characters, composed here), which reads Western text as windows-1252 does.
    return new TextDecoder("windows-1258").decode(content).normalize("NFC");
  }
}

function spreadsheet(content: Buffer): { grids: Grid[]; titles: string[] } {
  let wb: SheetJS.WorkBook;
  try {
    wb = XLSX.read(content, { type: "buffer", cellDates: true, sheetRows: MAX_ROWS, dense: false });
  } catch (err) {
    if (/password|encrypt/i.test((err as Error).message)) throw new Unreadable("password");
    throw err;
  }
  const sheets = wb.SheetNames.map((name) => ({ name, grid: sheetGrid(wb.Sheets[name]!) }));
  return { grids: sheets.map((s) => s.grid), titles: sheets.map((s) => s.name) };
}

/** Title lines: the first non-empty cells of each sheet, or the first lines of a text. */
function gridTitles(grids: Grid[]): string[] {
  return grids.flatMap((g) => g.slice(0, 8).flatMap((r) => r.filter((c) => c.trim()).slice(0, 2))).slice(0, 40);
}
const textTitles = (text: string) => text.split(/\n/).map((l) => l.trim()).filter(Boolean).slice(0, 12);

async function readByFormat(a: Kept, format: DocumentFormat, limits: ExtractionLimits): Promise<Omit<ReadDocument, "file" | "format" | "autoFile">> {
  switch (format) {
    case "xlsx": {
      const sheets = await xlsxGrids(a.content);
      const grids = sheets.map((s) => s.grid);
      return { grids, sheets: sheets.map((s) => s.name), text: "", titles: [...sheets.map((s) => s.name), ...gridTitles(grids)] };
    }
    case "xls":
    case "ods": {
      const s = spreadsheet(a.content);
      return { grids: s.grids, sheets: s.titles, text: "", titles: [...s.titles, ...gridTitles(s.grids)] };
    }
    case "csv": {
      // Excel writes CSV as UTF-8 (with a BOM) or UTF-16 ("Unicode text"); the separator (, ; tab) is guessed by SheetJS.
      const wb = XLSX.read(csvText(a.content), { type: "string", raw: true, sheetRows: MAX_ROWS });
      const grids = wb.SheetNames.map((n) => sheetGrid(wb.Sheets[n]!));
      return { grids, text: "", titles: gridTitles(grids) };
    }
    case "docx": {
      const { default: mammoth } = await import("mammoth");
      const h = readHtml((await mammoth.convertToHtml({ buffer: a.content })).value);
      return { grids: h.tables, text: h.text, titles: textTitles(h.text) };
    }
    case "doc": {
      const { default: WordExtractor } = await import("word-extractor");
      const doc = await new WordExtractor().extract(a.content);
      const text = doc.getBody().replace(/\r\n?/g, "\n").slice(0, MAX_TEXT);
      return { grids: [], text, titles: [...textTitles(doc.getHeaders({ includeFooters: false })), ...textTitles(text)] };
    }
    case "pdf": {
      const pdf = await readPdf(a.content);
      const text = pdf.text.slice(0, MAX_TEXT);
      if (!text.trim()) throw new Unreadable("no_text");
      return { grids: pdf.grids, text, titles: textTitles(text) };
    }
  }
  void limits;
}

/** A readable file's content, or why it cannot be read (Vietnamese, names the file). */
export interface Unread {
  file: string;
  reason: string;
  /** Nothing wrong with the file, only nothing the machine can read (a scan): a person reads it. */
  forPerson?: boolean;
}

export async function readAttachment(a: Attachment, limits: ExtractionLimits = DEFAULT_LIMITS): Promise<ReadDocument | Unread> {
  const file = a.filename ?? "tệp đính kèm";
  const name = `“${file}”`;
  if (a.skipped === "too_large" || a.size > limits.maxAttachmentBytes || (a.content && a.content.length > limits.maxAttachmentBytes)) return { file, reason: `Tệp ${name} lớn hơn ${mb(limits.maxAttachmentBytes)} nên không được mở.` };
  if (!a.content) return { file, reason: `Thư có quá nhiều tệp đính kèm: tệp ${name} không được mở (hệ thống chỉ đọc ${limits.maxAttachments ?? DEFAULT_LIMITS.maxAttachments} tệp văn bản đầu tiên của mỗi thư).` };
  const kept = a as Kept;
  XLSX ??= await import("@e965/xlsx");
  const format = formatOf(kept);
  if (format === "encrypted") return { file, reason: `Tệp ${name} có đặt mật khẩu nên hệ thống không đọc được.` };
  if (format === "corrupt") return { file, reason: `Tệp ${name} bị hỏng, không mở được.` };
  if (format === "xlsx" || format === "docx" || format === "ods") {
    const zip = await checkZip(kept.content, { ...DEFAULT_ZIP_LIMITS, maxInflatedBytes: limits.maxInflatedBytes });
    if (!zip.ok) {
      if (zip.problem === "too_large" || zip.problem === "too_many_entries") return { file, reason: `Tệp ${name} khi giải nén lớn bất thường (hơn ${mb(limits.maxInflatedBytes)}) nên không được mở.` };
      if (zip.problem === "encrypted") return { file, reason: `Tệp ${name} có đặt mật khẩu nên hệ thống không đọc được.` };
      return { file, reason: `Tệp ${name} bị hỏng, không mở được.` };
    }
  }
  try {
    const read = await pTimeout(readByFormat(kept, format, limits), { milliseconds: limits.parseTimeoutMs });
    return { file, format, autoFile: format !== "pdf" && format !== "doc", ...read };
  } catch (err) {
    if ((err as Error).name === "TimeoutError") return { file, reason: `Tệp ${name} đọc quá lâu (hơn ${Math.ceil(limits.parseTimeoutMs / 1000)} giây) nên đã dừng đọc.` };
    if (err instanceof Unreadable && err.message === "password") return { file, reason: `Tệp ${name} có đặt mật khẩu nên hệ thống không đọc được.` };
    if (err instanceof Unreadable && err.message === "no_text") return { file, reason: `Tệp ${name} không có chữ (có thể là ảnh quét) nên cán bộ cần đọc trực tiếp.`, forPerson: true };
    // Word 97–2003 files come in many variants the reader does not know, and Word may still open
    // them: a person looks (.doc is never filed automatically anyway). A PDF the viewer cannot
    // open is broken.
    if (format === "doc") return { file, reason: `Hệ thống không đọc được tệp ${name}; cán bộ sẽ mở trực tiếp.`, forPerson: true };
    return { file, reason: `Tệp ${name} bị hỏng, không mở được.` };
  }
}

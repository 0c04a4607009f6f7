/**
 * Everything a school can send a report in, read into the chat flow's rows: .xlsx and .docx
 * attachments (size-capped, zip-checked, time-limited), HTML tables in the body, a PHỤ LỤC 3
 * pasted as text or a PHỤ LỤC 2 outline — only the new part of a reply. When nothing can be
 * read, the reason is plain Vietnamese for the sender.
 */
import mammoth from "mammoth";
import pTimeout from "p-timeout";
import type { ReportTemplate } from "../../../reports/template.ts";
import type { SelfAssessmentForm } from "../../../reports/self-assessment.ts";
import type { ParsedEmail } from "../parse.ts";
import { extractFromGrid, type ExtractedRow, type Grid } from "./grid.ts";
import { readHtml } from "./html.ts";
import { extractOutline, pastedGrid } from "./outline.ts";
import { newPartOfText } from "./quoted.ts";
import { extractSelfAssessment, selfAssessmentItems } from "./self-assessment.ts";
import { xlsxGrids } from "./xlsx.ts";
import { checkZip, DEFAULT_ZIP_LIMITS } from "../../../files/zip-guard.ts";

export type { ExtractedRow } from "./grid.ts";

export interface ExtractionLimits {
  maxAttachmentBytes: number;
  maxInflatedBytes: number;
  parseTimeoutMs: number;
}

export const DEFAULT_LIMITS: ExtractionLimits = { maxAttachmentBytes: 10 * 1024 * 1024, maxInflatedBytes: 100 * 1024 * 1024, parseTimeoutMs: 20_000 };

export type Source = "xlsx" | "docx" | "html" | "text";

export type Extraction =
  | {
      ok: true;
      source: Source;
      file?: string;
      items: Record<string, ExtractedRow>;
      /** A whole table (rows left out are empty), not an addendum in prose that only names some rows. */
      complete: boolean;
      scores?: Record<string, number>;
      warnings: string[];
    }
  | { ok: false; reason: string };

type Attachment = ParsedEmail["attachments"][number];

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);
const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

/** A readable file's tables, or why it cannot be read (Vietnamese, names the file). */
async function readFile(a: Attachment, limits: ExtractionLimits): Promise<{ source: "xlsx" | "docx"; grids: Grid[]; text: string } | { reason: string }> {
  const name = `“${a.filename ?? "tệp đính kèm"}”`;
  if (a.content.length > limits.maxAttachmentBytes) return { reason: `Tệp ${name} lớn hơn ${mb(limits.maxAttachmentBytes)} nên không được mở.` };
  if (a.content.subarray(0, 4).equals(OLE_MAGIC)) {
    return { reason: `Tệp ${name} có đặt mật khẩu hoặc là định dạng cũ (.xls/.doc) nên hệ thống không đọc được.` };
  }
  const zip = await checkZip(a.content, { ...DEFAULT_ZIP_LIMITS, maxInflatedBytes: limits.maxInflatedBytes });
  if (!zip.ok) {
    if (zip.problem === "too_large" || zip.problem === "too_many_entries") return { reason: `Tệp ${name} khi giải nén lớn bất thường (hơn ${mb(limits.maxInflatedBytes)}) nên không được mở.` };
    if (zip.problem === "encrypted") return { reason: `Tệp ${name} có đặt mật khẩu nên hệ thống không đọc được.` };
    return { reason: `Tệp ${name} bị hỏng, không mở được.` };
  }
  const source = /\.docx$/i.test(a.filename ?? "") ? "docx" : "xlsx";
  try {
    return await pTimeout(
      source === "docx"
        ? mammoth.convertToHtml({ buffer: a.content }).then((r) => readHtml(r.value)).then((h) => ({ source, grids: h.tables, text: h.text }))
        : xlsxGrids(a.content).then((s) => ({ source, grids: s.map((x) => x.grid), text: "" })),
      { milliseconds: limits.parseTimeoutMs },
    );
  } catch (err) {
    if ((err as Error).name === "TimeoutError") return { reason: `Tệp ${name} đọc quá lâu (hơn ${Math.ceil(limits.parseTimeoutMs / 1000)} giây) nên đã dừng đọc.` };
    return { reason: `Tệp ${name} bị hỏng, không mở được.` };
  }
}

const READABLE = /\.(xlsx|docx)$/i;
const UNREADABLE = /\.(xls|doc|pdf|odt|ods|rar|zip|jpe?g|png|heic)$/i;

interface BodyParts {
  htmlTables: Grid[];
  text: string;
}

function bodyParts(m: ParsedEmail): BodyParts {
  const html = m.html ? readHtml(m.html) : undefined;
  const text = newPartOfText(m.text || html?.text || "");
  return { htmlTables: html?.tables ?? [], text };
}

export async function extractQuarterly(m: ParsedEmail, template: ReportTemplate, limits = DEFAULT_LIMITS): Promise<Extraction> {
  const reasons: string[] = [];
  for (const a of m.attachments.filter((x) => READABLE.test(x.filename ?? ""))) {
    const read = await readFile(a, limits);
    if ("reason" in read) {
      reasons.push(read.reason);
      continue;
    }
    const { source } = read;
    for (const grid of read.grids) {
      const t = extractFromGrid(grid, template);
      if (t.ok) return { ok: true, source, file: a.filename, items: t.items, complete: true, warnings: t.warnings };
    }
    const outline = extractOutline(read.text, template);
    if (outline) return { ok: true, source, file: a.filename, items: outline.items, complete: false, warnings: outline.warnings };
    reasons.push(`Tệp “${a.filename}” không có bảng PHỤ LỤC 3 (cột “Nội dung công việc” và “Nội dung đã thực hiện”).`);
  }
  const body = bodyParts(m);
  for (const grid of body.htmlTables) {
    const t = extractFromGrid(grid, template);
    if (t.ok && Object.keys(t.items).length) return { ok: true, source: "html", items: t.items, complete: true, warnings: t.warnings };
  }
  const pasted = pastedGrid(body.text);
  const fromPaste = pasted ? extractFromGrid(pasted, template) : undefined;
  if (fromPaste?.ok && Object.keys(fromPaste.items).length) return { ok: true, source: "text", items: fromPaste.items, complete: true, warnings: fromPaste.warnings };
  const outline = extractOutline(body.text, template);
  if (outline) return { ok: true, source: "text", items: outline.items, complete: false, warnings: outline.warnings };
  const other = m.attachments.find((a) => UNREADABLE.test(a.filename ?? ""));
  if (other) reasons.push(`Tệp “${other.filename}” là định dạng hệ thống chưa đọc được (.xls, .doc, .pdf, ảnh hoặc tệp nén).`);
  return { ok: false, reason: reasons[0] ?? "Thư không có bảng PHỤ LỤC 3 (tệp .xlsx/.docx, hoặc bảng trong nội dung thư)." };
}

export async function extractSelfAssessmentMail(m: ParsedEmail, form: SelfAssessmentForm, limits = DEFAULT_LIMITS): Promise<Extraction> {
  const grids: Grid[] = [];
  const texts: string[] = [];
  const reasons: string[] = [];
  for (const a of m.attachments.filter((x) => READABLE.test(x.filename ?? ""))) {
    const read = await readFile(a, limits);
    if ("reason" in read) reasons.push(read.reason);
    else {
      grids.push(...read.grids);
      texts.push(read.text);
    }
  }
  const body = bodyParts(m);
  const x = extractSelfAssessment({ grids: [...grids, ...body.htmlTables], text: [body.text, ...texts].join("\n") }, form);
  if (!x) return { ok: false, reason: reasons[0] ?? "Thư không ghi điểm Nhóm 1 và Nhóm 2 của bản tự đánh giá." };
  return { ok: true, source: grids.length ? "xlsx" : "text", items: selfAssessmentItems(x), complete: false, scores: x.scores, warnings: [] };
}

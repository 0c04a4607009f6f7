/**
 * Everything a school can send a report in, read first and judged after: every attachment
 * (documents.ts), the tables of an HTML body, and the new part of the text body (only what the
 * sender wrote, not the quoted old mail). From those, the PHỤ LỤC 3 candidates (a table matched
 * by its headers, a table pasted as text, an outline of items) and the self-assessment
 * candidates (group scores in a table or labelled lines, or named in prose). Which one the mail
 * is, is decided from this evidence in ../decide.ts, not from keywords.
 */
import { foldVietnamese } from "../../../domain/text.ts";
import { normalize } from "../../../lang/normalize.ts";
import { findGroupScores } from "../../../lang/scores.ts";
import type { ReportTemplate } from "../../../reports/template.ts";
import type { SelfAssessmentForm } from "../../../reports/self-assessment.ts";
import { looksLikeDocument, type ParsedEmail } from "../parse.ts";
import { DEFAULT_LIMITS, OTHER_FILE, readAttachment, type DocumentFormat, type ExtractionLimits, type ReadDocument, type Unread } from "./documents.ts";
import { extractFromGrid, type ExtractedRow, type Grid, type Layout } from "./grid.ts";
import { readHtml } from "./html.ts";
import { extractOutline, pastedGrid } from "./outline.ts";
import { extractProse } from "./prose.ts";
import { forwardedPart, newPartOfText } from "./quoted.ts";
import { quarterInText } from "../match.ts";
import { extractSelfAssessment, selfAssessmentItems, type SelfAssessmentExtraction } from "./self-assessment.ts";

export type { ExtractedRow } from "./grid.ts";
export { DEFAULT_LIMITS, type ExtractionLimits } from "./documents.ts";

export type Source = DocumentFormat | "html" | "text";

/** A PHỤ LỤC 3 read from one place of the mail. */
export interface QuarterlyCandidate {
  source: Source;
  file?: string;
  /** table = header row recognised; outline = items found in text. */
  shape: "table" | "outline";
  items: Record<string, ExtractedRow>;
  /** A whole table (rows left out are empty), not an addendum that only names some rows. */
  complete: boolean;
  /** May be filed without a person (not from a PDF or a legacy .doc). */
  autoFile: boolean;
  warnings: string[];
  /** Why a person should check what was read before it is filed. */
  doubt?: string;
}

export interface SelfAssessmentCandidate {
  source: Source;
  file?: string;
  scores: Record<string, number>;
  conditions: Record<string, boolean>;
  /** Read from a table or "Nhóm 1: 72 điểm" lines; false = group named in prose only. */
  structured: boolean;
  autoFile: boolean;
}

export interface MailContents {
  documents: ReadDocument[];
  /** Attachments that could not be read, each with the reason for the sender. */
  unreadable: Unread[];
  /** Attachments of kinds not read at all (images, archives, .odt…). */
  others: string[];
  /** The new part of the body (without the quoted mail of a reply). */
  text: string;
  /** Lines where a period or a school name is often written: sheet names, headings. */
  titles: string[];
  /** Tables recognised as PHỤ LỤC 3, filled rows or not (best first). */
  quarterly: QuarterlyCandidate[];
  selfAssessment?: SelfAssessmentCandidate;
}

/**
 * The PHỤ LỤC 3 in a set of tables (one file's sheets or a document's tables): the first table
 * with filled rows, joined with the tables right after it that continue it without a header (a
 * Word table split across pages). An empty table is remembered in case nothing is filled.
 */
function fromGrids(grids: Grid[], template: ReportTemplate, base: Pick<QuarterlyCandidate, "source" | "file" | "autoFile">, quarter?: number): QuarterlyCandidate | undefined {
  let empty: QuarterlyCandidate | undefined;
  let found: QuarterlyCandidate | undefined;
  let layout: Layout | undefined;
  for (const grid of grids) {
    const t = extractFromGrid(grid, template, { continues: found ? layout : undefined, quarter });
    if (!t.ok) {
      if (found) break;
      continue;
    }
    if (found) {
      if (t.layout !== layout) break; // a new table with its own header: another table, not a continuation
      Object.assign(found.items, t.items);
      found.warnings.push(...t.warnings);
      if (t.doubt) found.doubt = found.doubt ? `${found.doubt}; ${t.doubt}` : t.doubt;
      continue;
    }
    const c: QuarterlyCandidate = { ...base, shape: "table", items: { ...t.items }, complete: true, warnings: [...t.warnings], ...(t.doubt ? { doubt: t.doubt } : {}) };
    if (Object.keys(t.items).length) {
      found = c;
      layout = t.layout;
    } else empty ??= c;
  }
  return found ?? empty;
}

function fromText(text: string, template: ReportTemplate, base: Pick<QuarterlyCandidate, "source" | "file" | "autoFile">, quarter?: number): QuarterlyCandidate | undefined {
  const pasted = pastedGrid(text);
  const table = pasted ? fromGrids([pasted], template, base, quarter) : undefined;
  if (table && Object.keys(table.items).length) return table;
  const outline = extractOutline(text, template, quarter);
  // A letter, one paragraph per task named by its topic — when it says more than an outline read in it.
  const prose = table ? undefined : extractProse(text, template);
  if (prose && (!outline || (!prose.doubt && Object.keys(prose.items).length > Object.keys(outline.items).length))) return { ...base, shape: "outline", items: prose.items, complete: false, warnings: [], ...(prose.doubt ? { doubt: prose.doubt } : {}) };
  if (outline) return { ...base, shape: "outline", items: outline.items, complete: false, warnings: outline.warnings, ...(outline.doubt ? { doubt: outline.doubt } : {}) };
  return table;
}

const filled = (c: QuarterlyCandidate) => Object.keys(c.items).length;

/**
 * A workbook with a sheet per quarter ("Q2-2025", "Quý III"): the sheet named by the mail's
 * quarter (in its name or its first rows) is read first.
 */
function bySheetQuarter(d: ReadDocument, quarter?: number): Grid[] {
  if (quarter === undefined || d.grids.length < 2) return d.grids;
  const names = (i: number) => [d.sheets?.[i] ?? "", ...(d.grids[i] ?? []).slice(0, 6).flat()].join(" \n ");
  const order = d.grids.map((g, i) => ({ g, own: quarterInText(names(i))?.quarter === quarter }));
  return [...order.filter((x) => x.own), ...order.filter((x) => !x.own)].map((x) => x.g);
}

/** The group scores a text names in prose ("nhóm quản trị đạt 72 điểm; dạy, học 68"). */
function proseScores(text: string, form: SelfAssessmentForm): Record<string, number> {
  // Numbers near "dạy học" or "quản trị" are scores only in a text about scoring ("điểm", "tự đánh giá").
  const t = normalize(text.slice(0, 5_000));
  if (!/\b(tu danh gia|danh gia|muc do|bo chi so|4725)\b/.test(t)) return {};
  const g = findGroupScores(t);
  // Each score written as one ("72 điểm", "đạt 68"), not any number near a group's name.
  const written = new Set([...t.matchAll(/\b(\d{1,3}(?:[.,]\d+)?) ?diem\b|\bdat (\d{1,3}(?:[.,]\d+)?)\b/g)].map((m) => Number((m[1] ?? m[2])!.replace(",", "."))));
  if (g.teaching !== undefined && !written.has(g.teaching)) delete g.teaching;
  if (g.management !== undefined && !written.has(g.management)) delete g.management;
  const out: Record<string, number> = {};
  const [teaching, management] = form.groups;
  if (g.teaching !== undefined && teaching && g.teaching <= teaching.max) out[teaching.code] = g.teaching;
  if (g.management !== undefined && management && g.management <= management.max) out[management.code] = g.management;
  return out;
}

function selfAssessmentOf(docs: ReadDocument[], body: { tables: Grid[]; text: string }, form: SelfAssessmentForm): SelfAssessmentCandidate | undefined {
  const sources: { source: Source; file?: string; grids: Grid[]; text: string; autoFile: boolean }[] = [
    ...docs.map((d) => ({ source: d.format as Source, file: d.file, grids: d.grids, text: d.text, autoFile: d.autoFile })),
    { source: body.tables.length ? "html" : "text", grids: body.tables, text: body.text, autoFile: true },
  ];
  let best: SelfAssessmentCandidate | undefined;
  for (const s of sources) {
    const x: SelfAssessmentExtraction | undefined = extractSelfAssessment({ grids: s.grids, text: s.text }, form);
    if (x && (!best || Object.keys(x.scores).length > Object.keys(best.scores).length)) {
      best = { source: s.source, file: s.file, scores: x.scores, conditions: x.conditions, structured: true, autoFile: s.autoFile };
    }
  }
  if (best) return best;
  for (const s of sources) {
    const scores = proseScores(s.text, form);
    if (Object.keys(scores).length) return { source: s.source, file: s.file, scores, conditions: {}, structured: false, autoFile: s.autoFile };
  }
  return undefined;
}

/** Reads every part of the mail once; nothing here decides what the mail is. */
export async function readMail(m: ParsedEmail, forms: { template: ReportTemplate; selfAssessment?: SelfAssessmentForm }, limits: ExtractionLimits = DEFAULT_LIMITS): Promise<MailContents> {
  const { template, selfAssessment: form } = forms;
  const documents: ReadDocument[] = [];
  const unreadable: MailContents["unreadable"] = [];
  const others: string[] = [];
  for (const a of m.attachments) {
    const name = a.filename ?? "";
    if (!looksLikeDocument(name, a.head)) {
      if (OTHER_FILE.test(name)) others.push(name);
      continue;
    }
    const read = await readAttachment(a, limits);
    if ("reason" in read) unreadable.push(read);
    else documents.push(read);
  }
  const html = m.html ? readHtml(m.html) : undefined;
  const full = m.text || html?.text || "";
  const text = newPartOfText(full);
  // A reply quoting the report it corrects: the HTML's tables that are the quoted original's (their
  // cells stand in the quoted text) are not what the school sends now.
  const newAt = full.indexOf(text);
  const quoted = text.length < full.trim().length && newAt >= 0 ? foldVietnamese(full.slice(newAt + text.length)) : "";
  const inQuote = (t: Grid) => {
    const cells = t.flat().map((c) => foldVietnamese(c.trim())).filter((c) => c.length >= 12);
    return cells.length > 0 && cells.filter((c) => quoted.includes(c)).length >= cells.length / 2;
  };
  const tables = (html?.tables ?? []).filter((t) => !quoted || !inQuote(t));
  // The quarter the mail names (a reply's subject is the old thread's: the body first), to read "Quý 4:" labels.
  const quarter = quarterInText(text.slice(0, 1_500))?.quarter ?? quarterInText(m.subject)?.quarter;

  const quarterly: QuarterlyCandidate[] = [];
  for (const d of documents) {
    const base = { source: d.format as Source, file: d.file, autoFile: d.autoFile };
    const c = fromGrids(bySheetQuarter(d, quarter), template, base, quarter);
    const o = !c || !filled(c) ? fromText(d.text, template, base, quarter) : undefined;
    for (const x of [c, o]) if (x) quarterly.push(x);
  }
  const fromHtml = fromGrids(tables, template, { source: "html", autoFile: true }, quarter);
  if (fromHtml) quarterly.push(fromHtml);
  // "… gửi báo cáo … (file đính kèm)": a letter announcing its attachment is no report of its own — a
  // task or two read in it would file the letter when the file is the wrong one.
  const announcesFile = m.attachments.length > 0 && /\b(file|tep|tap tin)?\s*dinh kem\b/.test(foldVietnamese(text.toLowerCase()));
  const fromBody0 = fromText(text, template, { source: "text", autoFile: true }, quarter);
  const fromBody = fromBody0 && announcesFile && Object.keys(fromBody0.items).length < 2 ? undefined : fromBody0;
  if (fromBody) quarterly.push(fromBody);
  // A forward ("---------- Forwarded message ---------") whose own part says nothing: the forwarded report is the report.
  const forwarded = !fromBody || !filled(fromBody) ? forwardedPart(full) : undefined;
  const fromForward = forwarded ? fromText(forwarded, template, { source: "text", autoFile: true }, quarter) : undefined;
  if (fromForward) quarterly.push(fromForward);
  // Best first: rows filled, a table before an outline, a file that may be filed before one that may not.
  quarterly.sort((a, b) => Number(filled(b) > 0) - Number(filled(a) > 0) || Number(b.autoFile) - Number(a.autoFile) || Number(b.shape === "table") - Number(a.shape === "table"));

  const titles = documents.flatMap((d) => d.titles);
  return { documents, unreadable, others, text, titles, quarterly, selfAssessment: form ? selfAssessmentOf(documents, { tables, text }, form) : undefined };
}

export type Extraction =
  | { ok: true; source: Source; file?: string; items: Record<string, ExtractedRow>; complete: boolean; autoFile: boolean; scores?: Record<string, number>; warnings: string[]; doubt?: string }
  | { ok: false; reason: string };

/** Why no report could be read, for the sender. */
export function whyUnread(c: MailContents, what: "quarterly" | "self_assessment"): string {
  if (c.unreadable.length) return c.unreadable[0]!.reason;
  if (what === "quarterly" && c.quarterly.length) return "Bảng PHỤ LỤC 3 chưa có dòng nào được điền (cột (3)–(6)).";
  if (c.others.length) return `Tệp “${c.others[0]}” là định dạng hệ thống chưa đọc được (ảnh, tệp nén hoặc .odt).`;
  if (what === "self_assessment") return "Thư không ghi điểm Nhóm 1 và Nhóm 2 của bản tự đánh giá.";
  const doc = c.documents[0];
  if (doc) return `Tệp “${doc.file}” không có bảng PHỤ LỤC 3 (cột “Nội dung công việc” và “Nội dung đã thực hiện”).`;
  return "Thư không có bảng PHỤ LỤC 3 (tệp Excel/Word, hoặc bảng trong nội dung thư).";
}

export function quarterlyOf(c: MailContents): Extraction {
  const best = c.quarterly[0];
  if (!best || !filled(best)) return { ok: false, reason: whyUnread(c, "quarterly") };
  return { ok: true, source: best.source, file: best.file, items: best.items, complete: best.complete, autoFile: best.autoFile, warnings: best.warnings, doubt: best.doubt };
}

export function selfAssessmentExtraction(c: MailContents): Extraction {
  const x = c.selfAssessment;
  if (!x) return { ok: false, reason: whyUnread(c, "self_assessment") };
  return { ok: true, source: x.source, file: x.file, items: selfAssessmentItems(x), complete: false, autoFile: x.autoFile, scores: x.scores, warnings: [] };
}

/** The PHỤ LỤC 3 of a mail, read as ingestion reads it (for tests and tools). */
export async function extractQuarterly(m: ParsedEmail, template: ReportTemplate, limits = DEFAULT_LIMITS): Promise<Extraction> {
  return quarterlyOf(await readMail(m, { template }, limits));
}

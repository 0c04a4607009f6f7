/**
 * A report typed or pasted into a text (an e-mail body, a Word or PDF file's text): either
 * PHỤ LỤC 3 copied from Excel (tab- or "|"-separated rows → a grid) or an outline of items.
 *
 * Items are found by their marker in every common form — "Mục 2", "Nhiệm vụ 1.1 -", "Nội dung
 * 3:", "NV 8", "1.1.", "2)" — or by their title matched to the template (row-title.ts) after a
 * letter, a Roman numeral, a dash or the PHỤ LỤC 2 label "Tên nội dung công việc:". The PHỤ LỤC 2
 * sections (I. kết quả, II. kế hoạch quý tiếp theo, III. khó khăn, kiến nghị) say which part an
 * unlabelled line belongs to; without them the text is one results section. Field labels come
 * from the language layer's list (lang/row-answer.ts: "Kết quả quý này", "Quý tới", "Dự kiến",
 * "Tồn tại", "Đề xuất"…), and an item written as one free sentence is split into its parts,
 * status and % the same way the chat splits a principal's answer.
 */
import { foldVietnamese } from "../../../domain/text.ts";
import { parseProgress, parseStatus } from "../../../domain/report-input.ts";
import { foldSameLength, parseRowAnswer, type RowAnswer } from "../../../lang/row-answer.ts";
import { fieldLabel, spellOutLabels } from "./labels.ts";
import type { ReportTemplate } from "../../../reports/template.ts";
import { EMPTY_ROW, type ExtractedRow, type Grid } from "./grid.ts";
import { rowByHeading, rowByTitle } from "./row-title.ts";
import { normalize } from "../../../lang/normalize.ts";

export function pastedGrid(text: string): Grid | undefined {
  const rows = text.split(/\r?\n/).filter((l) => (l.match(/\t/g) ?? []).length >= 2 || (l.match(/\|/g) ?? []).length >= 3);
  if (rows.length < 2) return undefined;
  return rows.map((l) => (l.includes("\t") ? l.split("\t") : l.replace(/^\s*\||\|\s*$/g, "").split("|")).map((c) => c.trim()));
}

type Section = "results" | "plan" | "issues";
type Field = "status" | "progress" | "done" | "next" | "difficulties" | "recommendations" | "ignored";
type TextField = "done" | "next" | "difficulties" | "recommendations";

const SECTION_HEADINGS: [RegExp, Section][] = [
  [/^(i|1|a)[.)]?\s+(ket qua|tinh hinh thuc hien|noi dung da thuc hien)/, "results"],
  [/^(ii|2|b)[.)]?\s+(ke hoach|phuong huong|nhiem vu)/, "plan"],
  [/^(iii|3|c)[.)]?\s+.*(kho khan|kien nghi|de xuat|vuong mac|ton tai)/, "issues"],
];
const SECTION_FIELD: Record<Section, TextField> = { results: "done", plan: "next", issues: "difficulties" };
/** What a form prints when a field was left empty. */
const NOTHING = /^(khong co|khong|chua ghi|chua co|khong co gi|\.+|-+)\.?$/;
/** Where the report ends and the letter's closing begins. */
const SIGN_OFF = /^(\(?dinh kem|tran trong|kinh thu|tran trong kinh chao|noi nhan|hieu truong|pho hieu truong|nguoi lap bieu|xin cam on|thay mat|kinh chuc|gui tu (iphone|ipad|dien thoai|thiet bi)|sent from my)\b/;
/**
 * "Các mục khác giữ nguyên", "Các nội dung còn lại không phát sinh", "Những nhiệm vụ khác chưa có
 * hoạt động mới": a sentence about the rows not written closes the item before it and is no content.
 */
const OTHER_ROWS = /^(cac|nhung|nhung)\s+(muc|dong|noi dung|nhiem vu|viec|phan|hang muc|cong viec)\s+(khac|con lai)\b/;
/**
 * A row named inside a sentence that introduces what follows ("mục" or "dòng"): "Trường xin sửa lại mục 2 (Đào tạo)
 * trong báo cáo quý 3 như sau:", "xin bổ sung nội dung mục 9 (Thư viện số) vào báo cáo đã gửi:".
 */
const ROW_IN_SENTENCE = /\b(?:muc|dong|nhiem vu|nv|noi dung)\s*(?:so\s*)?(\d{1,2}(?:\.\d{1,2})?)(?![\d/])/g;
const EDIT_VERB = /\b(sua|sua lai|bo sung|dieu chinh|cap nhat|dinh chinh|thay doi|gui lai|gui bo sung)\b/;
/** PHỤ LỤC 2's sub-headings inside section I: they close the item before them. */
const SUBHEADING = /^\d\.?\s+(cac\s+)?(noi dung duoc phan cong|cong viec dot xuat|nhiem vu dot xuat|cac nhiem vu khac)/;
const TASK_LABEL = /^(\d+\.\s*)?(cac\s+)?(ten\s+)?noi dung cong viec\b/;
/** PHỤ LỤC 2's own labels first (its "Kết quả đạt được" is the % of the plan). */
const FORM_LABELS: [RegExp, Field][] = [
  [/^(tinh trang|trang thai)\b/, "status"],
  [/^(ket qua dat duoc|tien do)\b/, "progress"],
  [/^(noi dung thuc hien trong quy tiep theo|ke hoach quy tiep theo)\b/, "next"],
  [/^(thoi gian du kien|hien trang|thoi han)\b/, "ignored"],
];
/** A row marker: "Mục 2", "Nhiệm vụ 1.1", "Nội dung số 3", "NV8", "Việc 2" (the word says it is an item). */
// Not a list of rows ("Mục 1.2, 3.2, 3.3 trường sẽ bổ sung sau"): that names rows, it answers none.
const MARKED = /^(?:muc|nhiem vu|nv|noi dung|cong viec|viec|dong|chi tieu)\s*(?:so\s*)?(\d{1,2}(?:\.\d{1,2})?)(?![\d/])(?!\s*(?:,|;|va\b|voi\b|vs\b)\s*\d)\.?\s*[:.)\-–—]?\s*/;
/** A bare number at the start: "2.", "1.1.", "3)", "8 -". */
// "2.", "8)", "4 -", "3.1:", and a form code alone before its name ("1.1 EDUGIS: …").
const NUMBERED = /^(\d{1,2}(?:\.\d{1,2})?)(?:\.|\)|\s*[-–—:]|(?<=\d\.\d{1,2})\s+(?=[a-z]))\s*/;
/** A letter or Roman numeral: "a)", "b.", "IV." — the title must then say which row. */
const LETTERED = /^(?:[a-hđ]|[ivx]{1,4})[.)]\s+/;

/** The field a label names: PHỤ LỤC 2's own labels, then the language layer's list. */
function fieldOfLabel(foldedLabel: string, quarter?: number): Field | undefined {
  const form = FORM_LABELS.find(([re]) => re.test(foldedLabel))?.[1];
  if (form) return form;
  const part = fieldLabel(foldedLabel);
  if (part) return part === "percent" ? "progress" : part;
  // "Quý 4:", "q4:": the report's own quarter is what was done, another one the plan.
  const q = /^(?:q|quy)\s*(iv|iii|ii|i|[1-4])$/.exec(foldedLabel.trim())?.[1];
  if (!q) return undefined;
  const n = ({ i: 1, ii: 2, iii: 3, iv: 4 } as Record<string, number>)[q] ?? Number(q);
  return quarter !== undefined && n === quarter ? "done" : "next";
}

/**
 * A line cut at its field labels: "Tập huấn 24 GV. Quý tới: tập huấn tiếp. Khó khăn: thiếu máy"
 * → [text], [next], [difficulties]. A label opens the line or follows a sentence end.
 */
function splitInline(line: string, quarter?: number): { label?: string; field?: Field; text: string }[] {
  const folded = foldSameLength(line);
  const cuts: { at: number; end: number; label: string; field: Field }[] = [];
  for (const m of folded.matchAll(/(^|[.;!?]\s+)([^:.;!?]{2,60}?)\s*:\s*/g)) {
    const label = m[2]!.trim();
    const field = fieldOfLabel(label, quarter);
    if (field) cuts.push({ at: m.index! + m[1]!.length, end: m.index! + m[0].length, label, field });
  }
  if (!cuts.length) return [{ text: line }];
  const out: { label?: string; field?: Field; text: string }[] = [];
  if (cuts[0]!.at > 0) out.push({ text: line.slice(0, cuts[0]!.at).trim() });
  cuts.forEach((c, i) => out.push({ label: c.label, field: c.field, text: line.slice(c.end, cuts[i + 1]?.at ?? line.length).trim() }));
  return out;
}

/** A short name made (mostly) of row `code`'s own words ("Học bạ số", "EDUGIS"), not a greeting that shares one. */
function namesRow(name: string, code: string, template: ReportTemplate): boolean {
  const title = new Set(normalize(template.rows.find((r) => r.code === code)!.title).split(/[^a-z0-9]+/));
  const words = normalize(name).split(/[^a-z0-9]+/).filter(Boolean);
  return words.length > 0 && words.filter((w) => title.has(w)).length >= words.length * 0.6;
}

/** The text is (mostly) the title of row `code`, not content that happens to share its words. */
function isTitleOf(text: string, code: string, template: ReportTemplate): boolean {
  if (rowByTitle(text, template) !== code) return false;
  const title = new Set(foldVietnamese(template.rows.find((r) => r.code === code)!.title).split(/[^a-z0-9]+/));
  const words = foldVietnamese(text).split(/[^a-z0-9]+/).filter(Boolean);
  return words.filter((w) => title.has(w)).length >= words.length * 0.7;
}

export interface OutlineExtraction {
  items: Record<string, ExtractedRow>;
  warnings: string[];
  /** Why a person should check before filing (a task heading naming no row), or none. */
  doubt?: string;
}

interface Collected {
  /** Lines with a label, as read. */
  labelled: Partial<Record<Field, string>>;
  /** Unlabelled text by the part its section implies. */
  free: Partial<Record<TextField, string>>;
}

const join = (a: string | undefined, b: string) => (a ? `${a}\n${b}` : b);

/** `quarter`: the report's quarter when the mail names it, to tell "Quý 3:" (done) from "Quý 4:" (plan). */
/** A parsed text's parts added to a row, each after what the row already has. */
function appendParts(row: ExtractedRow, a: RowAnswer): void {
  for (const g of ["done", "next", "difficulties", "recommendations"] as const) {
    const v = a[g];
    if (v) row[g] = row[g] ? `${row[g]}\n${v}` : v;
  }
}

export function extractOutline(text: string, template: ReportTemplate, quarter?: number): OutlineExtraction | undefined {
  const fillable = new Set(template.rows.filter((r) => !r.heading).map((r) => r.code));
  const collected = new Map<string, Collected>();
  const warnings: string[] = [];
  const general: Partial<Record<"difficulties" | "recommendations", string>> = {};
  /** Task headings whose name matches no row. */
  const unnamed: string[] = [];
  /** Under "Các công việc đột xuất …" (PHỤ LỤC 2 I.2): tasks named there are no rows. */
  let adhoc = false;
  let section: Section | undefined;
  let code: string | undefined;
  let field: Field | undefined;
  let started = false;

  const hasContent = (c: string) => {
    const got = collected.get(c);
    return !!got && (Object.keys(got.labelled).length > 0 || Object.keys(got.free).length > 0);
  };
  const startTask = (c: string) => {
    code = c;
    if (!collected.has(c)) collected.set(c, { labelled: {}, free: {} });
    field = undefined;
    started = true;
    section ??= "results";
  };
  const put = (f: Field, value: string, labelled: boolean) => {
    const v = value.trim();
    if (!v || f === "ignored" || NOTHING.test(foldVietnamese(v).replace(/[.!]+$/, ""))) return;
    if (!code) {
      if (f === "difficulties" || f === "recommendations") general[f] = join(general[f], v);
      return;
    }
    const c = collected.get(code)!;
    if (labelled || f === "status" || f === "progress") c.labelled[f] = join(c.labelled[f], v);
    else c.free[f as TextField] = join(c.free[f as TextField], v);
  };
  /** "Title: value" or "Title - value" after a marker: the title is not content. */
  const afterTitle = (rest: string, c: string): string => {
    const m = /^([^:]{2,200}?)\s*(?::|\s[-–—]\s)\s*(.*)$/.exec(rest);
    // The row's title, or a short name of it ("Mục 6 học bạ số: …").
    if (m && (isTitleOf(m[1]!, c, template) || (m[1]!.split(/\s+/).length <= 6 && !fieldOfLabel(foldVietnamese(m[1]!)) && rowByTitle(m[1]!, template) === c))) return m[2]!;
    return isTitleOf(rest, c, template) ? "" : rest;
  };
  /** A row named by a short name at the head of a line: "Về EDUGIS: …", "Học bạ số, …", "Thư viện số - …". */
  function namedAtHead(text: string): { code: string; value: string; introduced: boolean } | undefined {
    const folded = foldSameLength(text);
    // "Đào tạo, bồi dưỡng về CĐS: …": a name with a comma in it, up to its colon; else up to a comma or a dash.
    const colon = /^((?:ve|doi voi|rieng|nhiem vu|noi dung|cong tac|mang)\s+)?([^:.;]{2,60}?)\s*:\s*(.*)$/s.exec(folded);
    const byColon = colon && colon[2]!.includes(",") ? namedBy(text, colon) : undefined;
    if (byColon) return byColon;
    return namedBy(text, /^((?:ve|doi voi|rieng|nhiem vu|noi dung|cong tac|mang)\s+)?([^:,.;]{2,60}?)\s*(?::|,|\s[-–—]\s)\s*(.*)$/s.exec(folded));
  }

  function namedBy(text: string, head: RegExpExecArray | null): { code: string; value: string; introduced: boolean } | undefined {
    if (!head || head[2]!.split(" ").length > 12 || fieldOfLabel(head[2]!)) return undefined;
    // "Dạ em chào Tổ CNTT,", "Kính gửi Tổ CNTT Phòng …": whom the letter greets, not a task.
    if (/^(?:(?:da|vang|em|toi|xin)\s+)*(?:chao|kinh gui|kinh thua|thua|gui|dear)\b/.test(head[2]!.toLowerCase())) return undefined;
    const c = rowByTitle(head[2]!, template);
    if (!c || !namesRow(head[2]!, c, template)) return undefined;
    return { code: c, value: text.slice(text.length - head[3]!.length), introduced: !!head[1] };
  }

  /** How the first item was marked: a bare "2)" then marks the next ones too. */
  let style: "marked" | "numbered" | "title" | undefined;

  const lines = text.split(/\r?\n/);
  /** The next line with text opens with a field label ("- Đã thực hiện: …"). */
  const labelFollows = (i: number): boolean => {
    for (let j = i + 1; j < lines.length; j++) {
      const next = lines[j]!.replace(/^\s*[-•*+–◦▪▫●○►➢➤✓·]\s*/, "").trim();
      if (!next) continue;
      const head = /^([^:]{2,60}):/.exec(next)?.[1];
      return !!head && !!fieldOfLabel(foldVietnamese(head), quarter);
    }
    return false;
  };
  /** The single row a sentence introduces ("xin sửa lại mục 2 (…) như sau:"), and what follows its colon. */
  const introduced = (line: string, folded: string): { code: string; value: string } | undefined => {
    const lead = /^([^:]{2,60}):/.exec(folded)?.[1];
    if (lead && fieldOfLabel(lead, quarter)) return undefined; // "Quý tới: cập nhật mục 2…" is a value
    const refs = [...folded.matchAll(ROW_IN_SENTENCE)].filter((m) => fillable.has(m[1]!));
    const codes = [...new Set(refs.map((m) => m[1]!))];
    if (codes.length !== 1) return undefined;
    const ref = refs[0]!;
    const colon = folded.indexOf(":", ref.index! + ref[0].length);
    const edit = EDIT_VERB.exec(folded.slice(0, ref.index!));
    if (!edit && !/:\s*$/.test(folded)) return undefined;
    if (colon < 0 && !edit) return undefined;
    // "(Thư viện số)" after the number: a name of another row makes the reference unsure.
    const named = /^\s*\(([^)]{2,80})\)/.exec(folded.slice(ref.index! + ref[0].length))?.[1];
    const other = named ? rowByTitle(named, template) : undefined;
    if (other && other !== codes[0] && !namesRow(named!, codes[0]!, template)) {
      warnings.push(`câu “${line.slice(0, 80)}” ghi mục ${codes[0]} nhưng tên là của mục ${other}: không đọc`);
      return undefined;
    }
    return { code: codes[0]!, value: colon < 0 ? "" : line.slice(colon + 1).trim() };
  };
  /**
   * "3. Học bạ điện tử" alone on its line, labelled lines under it: a task's heading under the
   * school's own numbering; its name says which row (`code` undefined: a heading naming no row).
   */
  const ownHeading = (line: string, i: number, bulleted = false): { code?: string; name: string } | undefined => {
    // ("- Bản đồ số EDUGIS" on its line, "+ Đã làm: …" under it: a bullet marks it as well as a number.)
    const m = /^(?:\d{1,2}|[ivx]{1,4}|[a-hđ])[.)]\s+(.{2,120})$/i.exec(line) ?? (bulleted ? /^(.{2,120})$/.exec(line) : null);
    if (!m) return undefined;
    const name = m[1]!.replace(/\s*:\s*$/, "");
    if (/[:.;!?]/.test(name.replace(/\([^)]*\)/g, "")) || name.split(/\s+/).length > 30) return undefined;
    if (fieldOfLabel(foldVietnamese(name), quarter) || !labelFollows(i)) return undefined;
    const c = rowByHeading(name, template);
    return { code: c && fillable.has(c) ? c : undefined, name };
  };

  let blankBefore = false;
  let bulletedBefore = false;
  for (const [i, rawLine] of lines.entries()) {
    const line = rawLine.replace(/^\s*[-•*+–◦▪▫●○►➢➤✓·]\s*/, "").trim();
    if (!line) {
      blankBefore = true;
      continue;
    }
    const bulleted = /^\s*[-•*+–◦▪▫●○►➢➤✓·]\s/.test(rawLine);
    // After a row's bulleted lines ("- Đã làm: …", "- Quý tới: …"), a plain paragraph after a blank line is
    // the letter again ("Mục 1.2, 3.2 trường sẽ bổ sung sau.", a signature), not more of the last part.
    const leftRow = blankBefore && bulletedBefore && !bulleted;
    blankBefore = false;
    bulletedBefore = bulleted;
    const folded = foldVietnamese(line);
    const heading = SECTION_HEADINGS.find(([re]) => re.test(folded));
    if (heading && !MARKED.test(folded)) {
      section = heading[1];
      adhoc = false;
      code = undefined;
      field = undefined;
      started = true;
      continue;
    }
    if (started && SIGN_OFF.test(folded)) break;
    if (OTHER_ROWS.test(folded)) {
      code = undefined;
      field = undefined;
      continue;
    }
    if (SUBHEADING.test(folded)) {
      code = undefined;
      field = undefined;
      started = true;
      // "2. Các công việc đột xuất theo chỉ đạo của Sở": tasks that map to no row, by design.
      adhoc = /\b(dot xuat|nhiem vu khac)\b/.test(folded);
      continue;
    }
    const defaultField: TextField = SECTION_FIELD[section ?? "results"];

    // "Tên nội dung công việc: 2. Đào tạo…" (PHỤ LỤC 2).
    const labelled = /^([^:]{2,200}):\s*(.*)$/.exec(line);
    const label = labelled ? foldVietnamese(labelled[1]!) : "";
    // "a) Tên nội dung công việc: …", "1. Tên nội dung công việc: …": the list marker is not part of the label.
    if (labelled && TASK_LABEL.test(label.replace(/^([a-hđ]|[ivx]{1,4}|\d{1,2})[.)]\s*/, ""))) {
      const name = labelled[2]!.trim();
      const lead = /^(\d{1,2}(?:\.\d{1,2})?)\.?(\s|$)/.exec(name)?.[1];
      const c = lead && fillable.has(lead) ? lead : name ? rowByTitle(name, template) : undefined;
      if (name && !c) warnings.push(`không nhận ra nội dung “${name.slice(0, 80)}” trong danh sách PHỤ LỤC 3`);
      if (c) startTask(c);
      else code = undefined;
      continue;
    }

    // A row marker with its number: the number decides.
    const marked = MARKED.exec(folded);
    if (marked && fillable.has(marked[1]!)) {
      startTask(marked[1]!);
      style ??= "marked";
      const rest = afterTitle(line.slice(marked[0].length), marked[1]!);
      if (rest) readValue(rest, defaultField);
      continue;
    }
    // The school's own numbering over the tasks it reports: the name decides.
    const own = ownHeading(line, i, /^\s*[-•*+–◦▪▫●○►➢➤✓·]\s/.test(rawLine));
    if (own?.code) {
      startTask(own.code);
      style ??= "title";
      continue;
    }
    if (own) {
      // Its lines belong to no row we know: not to the row before it, and a person looks —
      // unless it stands under the ad-hoc tasks, which the form has no row for.
      if (!adhoc) unnamed.push(own.name);
      code = undefined;
      field = undefined;
      started = true;
      continue;
    }
    // A row introduced in a sentence, then its labelled lines.
    const intro = introduced(line, folded);
    if (intro) {
      startTask(intro.code);
      if (intro.value) readValue(intro.value, defaultField);
      continue;
    }
    // A bare number: only when the title that follows is that row's (a numbered list inside a row's text is common).
    const numbered = NUMBERED.exec(folded);
    if (numbered && fillable.has(numbered[1]!)) {
      const rest = line.slice(numbered[0].length);
      // "2. Đối với kiến trúc tham chiếu…": a list number, the name says which row.
      const other = namedAtHead(rest);
      if (other && other.code !== numbered[1]) {
        startTask(other.code);
        if (other.value.trim()) readValue(other.value, defaultField);
        continue;
      }
      const head = /^([^:]{2,200}?)\s*(?::|\s[-–—]\s)/.exec(rest)?.[1] ?? rest;
      // Next in the list after an item with content: "Mục 2: …" then "8) …" (a sub-list "1) 2) 3)" inside row 8 goes backwards).
      const order = [...fillable];
      const onward = code !== undefined && numbered[1] !== code && !collected.has(numbered[1]!) && order.indexOf(numbered[1]!) > order.indexOf(code) && hasContent(code);
      const sameStyle = (style === "numbered" && numbered[1] !== code) || onward;
      const firstWithFields = !started && splitInline(rest, quarter).some((x) => x.field);
      // "1.1)" is the form's own code, not a sub-list's number: in any order.
      const formCode = numbered[1]!.includes(".") && !!rest.trim();
      if (rowByTitle(head, template) === numbered[1] || (!rest.trim() && started) || sameStyle || firstWithFields || formCode) {
        startTask(numbered[1]!);
        style ??= "numbered";
        const value = afterTitle(rest, numbered[1]!);
        if (value) readValue(value, defaultField);
        continue;
      }
    }
    // "a) Học bạ điện tử: …", "IV. Văn phòng điện tử – …": the title says which row.
    const lettered = LETTERED.exec(folded);
    if (lettered) {
      const rest = line.slice(lettered[0].length);
      const head = /^([^:]{2,200}?)\s*(?::|\s[-–—]\s)/.exec(rest)?.[1] ?? rest;
      const c = rowByTitle(head, template);
      if (c) {
        startTask(c);
        const value = afterTitle(rest, c);
        if (value) readValue(value, defaultField);
        continue;
      }
    }
    // "- Học bạ điện tử: đã ký số khối 1, 2", "Về EDUGIS: trường đã…", "1. Đối với thư viện số, …": a
    // short name at the head of a line or paragraph says which row.
    const unmarked = line.replace(/^(?:\d{1,2}|[a-hđ]|[ivx]{1,4})[.)]\s+/i, "");
    const named = namedAtHead(unmarked);
    if (named && !fieldLabel(label) && (named.introduced || unmarked !== line || /^\s*[-•*+–◦▪▫●○►➢➤✓·]/.test(rawLine) || labelled || !code)) {
      startTask(named.code);
      if (named.value.trim()) readValue(named.value, defaultField);
      continue;
    }
    if (!started) continue;
    if (leftRow) {
      code = undefined;
      field = undefined;
      continue;
    }
    readValue(line, field && field !== "ignored" ? field : defaultField, true);
  }

  /** One line of an item: labelled fields ("Quý tới: …", "Khó khăn (8): …", several in one line) or text for `fallback`. */
  function readValue(value: string, fallback: Field, continuation = false) {
    const segments = splitInline(value.trim(), quarter);
    segments.forEach((seg, i) => {
      if (seg.field) {
        // "Khó khăn (8): …" names its row.
        const named = /\((\d{1,2}(?:\.\d{1,2})?)\)/.exec(seg.label!)?.[1];
        if (named && fillable.has(named)) startTask(named);
        field = seg.field;
        put(seg.field, segments.length > 1 ? seg.text.replace(/(?<!\.)\.\s*$/, "") : seg.text, true);
        return;
      }
      if (i === 0 && !continuation) field = undefined;
      put(fallback, seg.text, continuation && field !== undefined);
    });
  }

  const items: Record<string, ExtractedRow> = {};
  for (const [c, got] of collected) {
    const row: ExtractedRow = { ...EMPTY_ROW };
    if (got.labelled.status) row.status = parseStatus(got.labelled.status) ?? null;
    if (got.labelled.progress) {
      const pct = /(\d{1,3}(?:[.,]\d+)?)\s*%/.exec(got.labelled.progress);
      const p = pct ? parseProgress(`${pct[1]}%`) : undefined;
      if (p !== undefined && !Number.isNaN(p)) row.progressPercent = p;
      got.labelled.done = join(got.labelled.done, got.labelled.progress);
    }
    for (const f of ["done", "next", "difficulties", "recommendations"] as const) {
      const value = got.labelled[f];
      if (!value) continue;
      // "Khó khăn: phòng máy chỉ có 35 máy. Kiến nghị Phòng hỗ trợ …": the label's part is its first
      // sentence; a later sentence with another cue goes where its cue says, as in a chat answer.
      const [first, ...rest] = value.split(/(?<=[.!?;])\s+(?=\p{Lu})/u);
      const own = rest.length ? first!.replace(/(?<!\.)[.;]\s*$/, "") : first!;
      row[f] = row[f] ? `${row[f]}\n${own}` : own;
      if (rest.length) appendParts(row, parseRowAnswer(rest.join(" "), f, { verbatim: true }));
    }
    // Unlabelled text: split into parts, status and % as a principal's answer is.
    for (const f of ["done", "next", "difficulties", "recommendations"] as const) {
      const free = got.free[f];
      if (!free) continue;
      const a = parseRowAnswer(spellOutLabels(free), f, { verbatim: true });
      appendParts(row, a);
      if (a.status && !row.status) row.status = a.status;
      if (a.percent !== undefined && !Number.isNaN(a.percent) && row.progressPercent === null) row.progressPercent = a.percent;
    }
    if (Object.values(row).some((v) => v !== null)) items[c] = row;
  }
  const codes = Object.keys(items);
  if (!codes.length) return undefined;
  for (const f of ["difficulties", "recommendations"] as const) {
    if (!general[f]) continue;
    const first = items[codes[0]!]!;
    first[f] = first[f] ? `${first[f]}\n${general[f]}` : general[f]!;
    if (codes.length > 1) warnings.push(`phần III không ghi mục nào: đã gắn vào mục ${codes[0]}`);
  }
  const doubt = unnamed.length ? `không nhận ra nhiệm vụ “${unnamed.slice(0, 3).join("”, “")}” trong danh sách PHỤ LỤC 3` : undefined;
  if (doubt) warnings.push(doubt);
  return { items, warnings, doubt };
}

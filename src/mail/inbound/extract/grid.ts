/**
 * PHỤ LỤC 3 from a table of cell texts, wherever the table came from (an .xlsx sheet, a .docx
 * or HTML table, a pasted tab-separated block): the header row is found by its titles, columns
 * by their titles or their "(3)…(6)" numbers, rows by their codes ("1.1", "1.1.", "2").
 */
import { foldVietnamese } from "../../../domain/text.ts";
import { parseProgress, parseStatus } from "../../../domain/report-input.ts";
import type { ReportTemplate } from "../../../reports/template.ts";
import type { ItemAnswers } from "../../../reports/store.ts";
import type { RowPart } from "../../../lang/row-answer.ts";
import { fieldLabel } from "./labels.ts";
import { rowByTitle } from "./row-title.ts";

/** Rows of cell texts; a merged or spanned cell is repeated in each column it covers. */
export type Grid = string[][];

/** One row's answers as read from a file or a body (the report's own shape, without the row code). */
export type ExtractedRow = Omit<ItemAnswers, "taskCode">;

/** A row with nothing answered; spread it and set what was read. */
export const EMPTY_ROW: Readonly<ExtractedRow> = Object.freeze({ status: null, progressPercent: null, done: null, next: null, difficulties: null, recommendations: null });

export type TableExtraction =
  | { ok: true; items: Record<string, ExtractedRow>; warnings: string[]; layout: Layout; doubt?: string }
  | { ok: false };

type Key = "done" | "next" | "difficulties" | "recommendations" | "status" | "progressPercent";

const HEADER_PATTERNS: [Key, RegExp][] = [
  ["done", /(da thuc hien|ket qua dat duoc)/],
  ["next", /(quy tiep theo|quy sau|thuc hien trong quy toi)/],
  ["difficulties", /(kho khan|vuong mac)/],
  ["recommendations", /(kien nghi|de xuat)/],
  ["status", /^tinh trang/],
  ["progressPercent", /(tien do|%)/],
];
const NUMBERED: Record<string, Key> = { "3": "done", "4": "next", "5": "difficulties", "6": "recommendations" };
const MAX_HEADER_ROW = 40;
const MAX_ROWS = 500;

const ROMAN = /^\s*(X{0,1}(?:IX|IV|V?I{0,3}))\s*[.)]?\s*$/i;
const ROMAN_VALUE: Record<string, number> = { I: 1, V: 5, X: 10 };

/** "IV", "ix.": the value of a Roman numeral in a number cell, or undefined. */
export function romanNumber(text: string): number | undefined {
  const m = ROMAN.exec(text);
  if (!m || !m[1]) return undefined;
  const s = m[1].toUpperCase();
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const v = ROMAN_VALUE[s[i]!]!;
    n += v < (ROMAN_VALUE[s[i + 1] ?? ""] ?? 0) ? -v : v;
  }
  return n;
}

export function rowCode(text: string): string | undefined {
  return /^\s*(\d{1,2}(?:\.\d{1,2})?)\.?\s*$/.exec(text)?.[1];
}

/** Cleans a cell as a principal meant it: NFC, trimmed, empty → null. */
const clean = (v: string | undefined) => (v ?? "").normalize("NFC").replace(/[ \t]+\n/g, "\n").trim() || null;

/** The sign-off under a table: who signs, where, when — never a row's continuation. */
const CLOSING_CELL = /^(hieu truong|pho hieu truong|kt\.? hieu truong|nguoi lap( bieu)?|thu truong|giam doc|ky ten|noi nhan|tran trong|xac nhan|.{0,40}ngay \d{1,2} thang \d{1,2}|\(ky|luu:)/;

/** A row's cells carried on in the next table row: their lines after the row's own. */
function appendRow(row: ExtractedRow, more: ExtractedRow): void {
  for (const k of ["done", "next", "difficulties", "recommendations"] as const) if (more[k]) row[k] = row[k] ? `${row[k]}\n${more[k]}` : more[k];
  if (!row.status && more.status) row.status = more.status;
  if (row.progressPercent === null && more.progressPercent !== null) row.progressPercent = more.progressPercent;
}

export function rowFromCells(get: (key: Key) => string | null): ExtractedRow {
  const statusText = get("status");
  const progressText = get("progressPercent");
  const progress = progressText ? parseProgress(progressText.includes("%") ? progressText : `${progressText}%`) : undefined;
  return {
    status: statusText ? (parseStatus(statusText) ?? null) : null,
    progressPercent: progress !== undefined && !Number.isNaN(progress) ? progress : null,
    done: get("done"),
    next: get("next"),
    difficulties: get("difficulties"),
    recommendations: get("recommendations"),
  };
}

const LABEL_KEY: Partial<Record<RowPart, Key>> = { done: "done", next: "next", difficulties: "difficulties", recommendations: "recommendations", status: "status", percent: "progressPercent" };

/**
 * Header cells read recently: every mail made from the same template has the same header row,
 * and reading one cell tries each of its word suffixes as a label. Short cells only, emptied when full.
 */
const headerKeys = new Map<string, Key | undefined>();
const HEADER_MEMO_SIZE = 2_000;
const HEADER_MEMO_MAX_LENGTH = 300;

/** The column a header cell names: the form's own titles first, then any label the language layer knows. */
function headerKey(folded: string): Key | undefined {
  if (folded.length > HEADER_MEMO_MAX_LENGTH) return readHeaderKey(folded);
  if (headerKeys.has(folded)) return headerKeys.get(folded);
  if (headerKeys.size >= HEADER_MEMO_SIZE) headerKeys.clear();
  const key = readHeaderKey(folded);
  headerKeys.set(folded, key);
  return key;
}

function readHeaderKey(folded: string): Key | undefined {
  const t = folded.trim();
  if (!t) return undefined;
  // "Thời gian dự kiến hoàn thành", "Thời hạn": when, not what — no part of the form.
  if (/^(thoi gian|thoi han|han hoan thanh|ngay hoan thanh|moc thoi gian)\b/.test(t)) return undefined;
  for (const [key, re] of HEADER_PATTERNS) if (re.test(t)) return key;
  const part = fieldLabel(t) ?? labelIn(t);
  return part ? LABEL_KEY[part] : undefined;
}

/** "Việc đã làm quý III", "Những việc sẽ làm": a label inside the header's words. */
function labelIn(t: string): RowPart | undefined {
  const words = t.replace(/[^a-z0-9 ]+/g, " ").split(/\s+/).filter(Boolean);
  for (let i = 1; i < words.length; i++) {
    const part = fieldLabel(words.slice(i).join(" "));
    if (part) return part;
  }
  if (/\b(se lam|se thuc hien|viec se)\b/.test(t)) return "next";
  if (/\b(da lam|viec da)\b/.test(t)) return "done";
  return undefined;
}

/**
 * Two columns named by quarters ("Kết quả quý III/2025", "Nhiệm vụ quý IV/2025"): the later one
 * is the plan for the next quarter, the earlier one what was done.
 */
function quarterColumns(header: string[], quarter?: number): { done?: number; next?: number } {
  const named = header
    .map((cell, c) => ({ c, q: /\b(?:quy|q)\s*(iv|iii|ii|i|[1-4])\b/.exec(foldVietnamese(cell))?.[1] }))
    .filter((x) => x.q)
    .map((x) => ({ c: x.c, n: ({ i: 1, ii: 2, iii: 3, iv: 4 } as Record<string, number>)[x.q!] ?? Number(x.q) }));
  const distinct = [...new Set(named.map((x) => x.n))];
  if (distinct.length === 1 && quarter !== undefined) {
    // One column named by a quarter: the mail's own quarter is what was done, the next one the plan.
    const only = named[0]!;
    return only.n === quarter ? { done: only.c } : only.n === (quarter % 4) + 1 ? { next: only.c } : {};
  }
  if (distinct.length !== 2) return {};
  const [a, b] = distinct.sort((x, y) => x - y);
  // Q4 then Q1 of the next year: the plan is Q1.
  const [early, late] = a === 1 && b === 4 ? [4, 1] : [a, b];
  return { done: named.find((x) => x.n === early)?.c, next: named.find((x) => x.n === late)?.c };
}
const TASK_HEADER = /^(noi dung cong viec|ten (nhiem vu|noi dung|cong viec)|nhiem vu|noi dung|cong viec|chi tieu|hang muc)\b/;
/** What a school writes in a cell that does not apply. */
const EMPTY_CELL = /^[-–—.x/]*$|^(khong co|khong|ko|k co|chua co)\.?$/;
const CODE_HEADER = /^(tt|stt|so tt|muc|ma|ma so)$/;

/** A second header row under the first ("Kết quả" over "Đã thực hiện" | "Quý tiếp theo"), not a data row. */
function subHeader(row: string[] | undefined): string[] | undefined {
  if (!row || !row.some((c) => c.trim())) return undefined;
  if (row.slice(0, 2).some((c) => rowCode(c))) return undefined;
  if (row.every((c) => !c.trim() || /^\(\d\)$/.test(c.trim()))) return undefined;
  return row;
}

/** How many distinct words of a task's name stand in a row's title. */
function titleOverlap(task: string, code: string, template: ReportTemplate): number {
  const row = template.rows.find((r) => r.code === code);
  if (!row) return 0;
  const title = new Set(foldVietnamese(row.title).split(/[^a-z0-9]+/).filter((w) => w.length > 1));
  return new Set(foldVietnamese(task).split(/[^a-z0-9]+/).filter((w) => w.length > 1 && title.has(w))).size;
}

/** Where a table's columns are: found from its header, reused for a continuation table without one. */
export interface Layout {
  cols: Map<Key, number>;
  taskCol: number;
  codeCol?: number;
  width: number;
}

function findLayout(grid: Grid, quarter?: number): { layout: Layout; headerRow: number } | undefined {
  for (let r = 0; r < Math.min(grid.length, MAX_HEADER_ROW); r++) {
    const header = grid[r] ?? [];
    const sub = subHeader(grid[r + 1]);
    const cols = new Map<Key, number>();
    let taskCol: number | undefined;
    let codeCol: number | undefined;
    const byQuarter = quarterColumns(header, quarter);
    header.forEach((cell, c) => {
      const t = foldVietnamese(cell);
      const below = sub ? foldVietnamese(sub[c] ?? "") : "";
      const named = c === byQuarter.done ? "done" : c === byQuarter.next ? "next" : undefined;
      if (taskCol === undefined && !named && (TASK_HEADER.test(t) || /noi dung cong viec/.test(t)) && !fieldLabel(t)) {
        taskCol = c;
        return;
      }
      if (codeCol === undefined && CODE_HEADER.test(t)) {
        codeCol = c;
        return;
      }
      const key = named ?? (below && below !== t ? headerKey(below) : undefined) ?? headerKey(t);
      if (key && !cols.has(key)) cols.set(key, c);
    });
    // A numbering row "(1) (2) (3)…" right below the header fixes columns whose titles were edited.
    for (const below of [grid[r + 1], grid[r + 2]]) {
      (below ?? []).forEach((cell, c) => {
        const key = NUMBERED[/^\((\d)\)$/.exec(cell.trim())?.[1] ?? ""];
        if (key && !cols.has(key)) cols.set(key, c);
      });
    }
    if (taskCol === undefined || !cols.has("done")) continue;
    return { layout: { cols, taskCol, codeCol, width: header.length }, headerRow: r };
  }
  return undefined;
}

/**
 * PHỤ LỤC 3 from one table. `continues`: the layout of the table before it in the same document,
 * for a table Word split in two (the second part has no header) — used when the widths agree.
 * `quarter`: the mail's quarter, to tell a "Quý IV" column (plan) from a "Quý III" one (done).
 */
export function extractFromGrid(grid: Grid, template: ReportTemplate, opts: { continues?: Layout; quarter?: number } = {}): TableExtraction {
  const found = findLayout(grid, opts.quarter);
  const cont = !found && opts.continues && grid.some((row) => row.length === opts.continues!.width) ? { layout: opts.continues, headerRow: -1 } : undefined;
  const use = found ?? cont;
  if (!use) return { ok: false };
  const { cols, taskCol, codeCol } = use.layout;
  const codes = new Set(template.rows.map((r) => r.code));
  const headings = new Set(template.rows.filter((r) => r.heading).map((r) => r.code));
  const items: Record<string, ExtractedRow> = {};
  const warnings: string[] = [];
  // Groups numbered I, II, III… (the form's top rows in order), their rows 1, 2, 3 under each: "III" then "2" is 3.2.
  const top = template.rows.filter((r) => !r.code.includes("."));
  let group: string | undefined;
  const read: { line: number; code: string; titled?: string; task: string; row: ExtractedRow }[] = [];
  const readRow = (cells: string[]) =>
    rowFromCells((key) => {
      const c = cols.get(key);
      const v = c === undefined ? null : clean(cells[c]);
      return v === null || EMPTY_CELL.test(foldVietnamese(v)) ? null : v;
    });
  for (let rr = use.headerRow + 1; rr < Math.min(grid.length, MAX_ROWS); rr++) {
    const cells = grid[rr] ?? [];
    const task = cells[taskCol] ?? "";
    const numberCell = cells[codeCol ?? 0] ?? "";
    // "III.2": the group and its row in one cell.
    const romanSub = /^\s*([IVX]{1,4})\s*\.\s*(\d{1,2})\.?\s*$/i.exec(numberCell);
    const roman = romanSub ? undefined : romanNumber(numberCell);
    if (roman !== undefined) group = top[roman - 1]?.code;
    if (romanSub) group = top[(romanNumber(romanSub[1]!) ?? 0) - 1]?.code;
    const sub = romanSub ? romanSub[2] : group !== undefined && roman === undefined ? /^\s*(\d{1,2})\.?\s*$/.exec(numberCell)?.[1] : undefined;
    // A row under a group the form does not split: only its name can say which row it is (not the group's own).
    const underGroup = sub === undefined ? undefined : codes.has(`${group}.${sub}`) ? `${group}.${sub}` : task.trim() ? rowByTitle(task, template) : undefined;
    const code =
      sub !== undefined
        ? underGroup !== group ? underGroup : undefined
        : ((roman !== undefined ? group : undefined) ??
          rowCode(numberCell) ??
          rowCode(cells[0] ?? "") ??
          // No number column: "2. Đào tạo…" or only the title in the task column.
          /^\s*(\d{1,2}(?:\.\d{1,2})?)[.)]?\s+\S/.exec(task)?.[1] ??
          // No number column, or rows lettered a), b), c) by the school: the title says which row.
          ((codeCol === undefined || /^\s*[a-zđ][.)]?\s*$/iu.test(numberCell)) && task.trim() ? rowByTitle(task, template) : undefined));
    if (!code) {
      // A row's cells carried on in the next table row (no number, no title): its lines go on the row above.
      const last = read.at(-1);
      const closing = cells.some((c) => CLOSING_CELL.test(foldVietnamese((c ?? "").toLowerCase()).trim()));
      if (last && !numberCell.trim() && !task.trim() && rr === last.line && !closing && Object.values(last.row).some((v) => v !== null)) {
        const more = readRow(cells);
        appendRow(last.row, more);
        last.line = rr + 1;
      }
      continue;
    }
    // A school numbering its rows 1, 2, 3… in order: the title says which row it is.
    const titled = task.trim() ? rowByTitle(task, template) : undefined;
    const row = readRow(cells);
    // A row merged over two table rows (its number and title repeated by the merge): one row, its lines joined.
    const prev = read.at(-1);
    if (prev && prev.code === code && prev.line === rr && task.trim() && foldVietnamese(prev.task.trim()) === foldVietnamese(task.trim())) {
      appendRow(prev.row, row);
      prev.line = rr + 1;
      continue;
    }
    read.push({ line: rr + 1, code, titled, task, row });
  }
  // The name decides when it shares more words with another row's title than with the numbered one's
  // ("8 | Tuyển sinh đầu cấp trực tuyến": row 4's words, not row 8's "trực tuyến"). When it does so
  // twice or more, the numbers are the school's own 1, 2, 3…: a row whose name says no row is not placed
  // by its number, and the table is read with a doubt.
  const renamed = (r: (typeof read)[number]) => !!r.titled && r.titled !== r.code && titleOverlap(r.task, r.titled, template) > titleOverlap(r.task, r.code, template);
  const ownNumbers = read.filter(renamed).length >= 2;
  const unplaced: string[] = [];
  const twice: string[] = [];
  for (const r of read) {
    const meant = renamed(r) || (ownNumbers && r.titled) ? r.titled! : ownNumbers && r.task.trim() ? undefined : r.code;
    if (!meant) {
      if (Object.values(r.row).some((v) => v !== null)) unplaced.push(r.task.trim());
      continue;
    }
    if (!codes.has(meant)) {
      warnings.push(`dòng ${r.line}: mã ${r.code} không có trong danh sách`);
      continue;
    }
    if (headings.has(meant)) continue; // a group heading ("1. Triển khai nền tảng…") has nothing to fill
    if (!Object.values(r.row).some((v) => v !== null)) continue;
    if (items[meant]) twice.push(meant);
    else items[meant] = r.row;
  }
  const doubts = [
    unplaced.length ? `không nhận ra nhiệm vụ “${unplaced.slice(0, 3).join("”, “")}” trong danh sách PHỤ LỤC 3` : "",
    twice.length ? `hai dòng cùng là mục ${[...new Set(twice)].join(", ")}` : "",
  ].filter(Boolean);
  warnings.push(...doubts);
  return { ok: true, items, warnings, layout: use.layout, ...(doubts.length ? { doubt: doubts.join("; ") } : {}) };
}

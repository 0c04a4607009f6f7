/**
 * PHỤ LỤC 3 from a table of cell texts, wherever the table came from (an .xlsx sheet, a .docx
 * or HTML table, a pasted tab-separated block): the header row is found by its titles, columns
 * by their titles or their "(3)…(6)" numbers, rows by their codes ("1.1", "1.1.", "2").
 */
import { foldVietnamese } from "../../../domain/text.ts";
import { parseProgress, parseStatus } from "../../../domain/report-input.ts";
import type { ReportTemplate } from "../../../reports/template.ts";
import type { ItemAnswers } from "../../../reports/store.ts";

/** Rows of cell texts; a merged or spanned cell is repeated in each column it covers. */
export type Grid = string[][];

/** One row's answers as read from a file or a body (the report's own shape, without the row code). */
export type ExtractedRow = Omit<ItemAnswers, "taskCode">;

/** A row with nothing answered; spread it and set what was read. */
export const EMPTY_ROW: Readonly<ExtractedRow> = Object.freeze({ status: null, progressPercent: null, done: null, next: null, difficulties: null, recommendations: null });

export type TableExtraction =
  | { ok: true; items: Record<string, ExtractedRow>; warnings: string[] }
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

export function rowCode(text: string): string | undefined {
  return /^\s*(\d{1,2}(?:\.\d{1,2})?)\.?\s*$/.exec(text)?.[1];
}

/** Cleans a cell as a principal meant it: NFC, trimmed, empty → null. */
const clean = (v: string | undefined) => (v ?? "").normalize("NFC").replace(/[ \t]+\n/g, "\n").trim() || null;

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

export function extractFromGrid(grid: Grid, template: ReportTemplate): TableExtraction {
  const codes = new Set(template.rows.map((r) => r.code));
  for (let r = 0; r < Math.min(grid.length, MAX_HEADER_ROW); r++) {
    const header = grid[r] ?? [];
    const cols = new Map<Key, number>();
    let taskCol: number | undefined;
    let codeCol: number | undefined;
    header.forEach((cell, c) => {
      const t = foldVietnamese(cell);
      if (taskCol === undefined && /noi dung cong viec/.test(t)) taskCol = c;
      if (codeCol === undefined && /^(tt|stt)$/.test(t)) codeCol = c;
      for (const [key, re] of HEADER_PATTERNS) if (!cols.has(key) && re.test(t) && c !== taskCol) cols.set(key, c);
    });
    // A numbering row "(1) (2) (3)…" right below the header fixes columns whose titles were edited.
    (grid[r + 1] ?? []).forEach((cell, c) => {
      const key = NUMBERED[/^\((\d)\)$/.exec(cell.trim())?.[1] ?? ""];
      if (key && !cols.has(key)) cols.set(key, c);
    });
    if (taskCol === undefined || !cols.has("done")) continue;
    const items: Record<string, ExtractedRow> = {};
    const warnings: string[] = [];
    for (let rr = r + 1; rr < Math.min(grid.length, MAX_ROWS); rr++) {
      const cells = grid[rr] ?? [];
      const code = rowCode(cells[codeCol ?? 0] ?? "") ?? rowCode(cells[0] ?? "");
      if (!code) continue;
      if (!codes.has(code)) {
        warnings.push(`dòng ${rr + 1}: mã ${code} không có trong danh sách`);
        continue;
      }
      const row = rowFromCells((key) => {
        const c = cols.get(key);
        return c === undefined ? null : clean(cells[c]);
      });
      if (Object.values(row).some((v) => v !== null)) items[code] = row;
    }
    return { ok: true, items, warnings };
  }
  return { ok: false };
}

/**
 * References to the report template by number (on normalised text): "mục 7", "dòng 1.2",
 * "nhiệm vụ số 6", "nội dung 3.1", "cột (5)". A bare "muc 2" without diacritics is a row only
 * when the message also speaks of the report or its appendix; "mức 2" (with diacritics) is
 * normalised to "muc do 2" and is never a row.
 */

export interface TemplateReference {
  row?: string;
  column?: number;
  /** Every row and column named ("dòng 4 với dòng 7", "cột 5 và 6"), in order. */
  rows: string[];
  columns: number[];
  /** The rows are offered as a choice ("dòng 3.2 hay 3.3"): which one is asked, by the topic said besides. */
  choice?: boolean;
}

const ROW = /\b(?:muc|dong|hang|nhiem vu(?: so)?|noi dung(?: so)?|cong viec(?: so)?|stt|tt)(?: so)? (\d{1,2}(?:\.\d{1,2})?)\b(?!\/)/;
const STRONG_ROW = /\b(?:dong|hang|nhiem vu|noi dung|cong viec|stt|tt)(?: so)? \d/;
const REPORT_CONTEXT = /\b(phu luc [23]|bao cao|bang|ghi|dien|lam gi|noi dung|viet|bao gom|gom)\b/;
const COLUMN = /\bcot (?:so )?([1-6])\b/;

/** "3.2 hay 3.3", "dong 4 hay dong 7": the number after the first is an alternative. */
const CHOICE = /^\s*hay (?:(?:muc|dong|hang) )?\d{1,2}(?:\.\d{1,2})?\b(?!\/)/;

/**
 * "4 voi 7", "5 va 6", "2, 3", "muc 2 muc 4 voi muc 8" (the comma is gone once normalised): more
 * numbers after the first — with a joining word or the row/column word said again.
 */
const MORE = /^(?:\s*(?:(?:,|va|voi|hoac)\s*)?(?:muc|dong|cot|hang)\s+(\d{1,2}(?:\.\d{1,2})?)\b(?!\/)|\s*(?:,|va|voi|hoac)\s*(\d{1,2}(?:\.\d{1,2})?)\b(?!\/))+/;
/** "cot 5 6" (from "Cột (5), (6)"): columns are 1–6, so bare numbers right after one are columns too. */
const MORE_COLUMNS = /^(?:\s*(?:(?:,|va|voi|hoac)\s*)?(?:cot\s+)?[1-6]\b(?![.\/]\d))+/;

function followers(text: string, end: number, more = MORE): string[] {
  const m = more.exec(text.slice(end));
  return m ? [...m[0].matchAll(/(\d{1,2}(?:\.\d{1,2})?)/g)].map((x) => x[1]!) : [];
}

export function findTemplateReference(text: string): TemplateReference | undefined {
  const ref: TemplateReference = { rows: [], columns: [] };
  const row = ROW.exec(text);
  if (row && !/\bmuc do \d/.test(text.slice(Math.max(0, row.index - 1)))) {
    if (STRONG_ROW.test(text) || REPORT_CONTEXT.test(text)) {
      const end = row.index + row[0].length;
      const choice = CHOICE.exec(text.slice(end));
      ref.rows = choice ? [row[1]!, choice[0].replace(/^\D+/, "")] : [row[1]!, ...followers(text, end)];
      ref.row = ref.rows[0];
      if (choice) ref.choice = true;
    }
  }
  const col = COLUMN.exec(text);
  if (col) {
    ref.columns = [Number(col[1]), ...followers(text, col.index + col[0].length, MORE_COLUMNS).map(Number).filter((n) => n >= 1 && n <= 6)];
    ref.column = ref.columns[0];
  }
  return ref.row || ref.column ? ref : undefined;
}

/**
 * References to the report template by number (on normalised text): "mục 7", "dòng 1.2",
 * "nhiệm vụ số 6", "nội dung 3.1", "cột (5)". A bare "muc 2" without diacritics is a row only
 * when the message also speaks of the report or its appendix; "mức 2" (with diacritics) is
 * normalised to "muc do 2" and is never a row.
 */

export interface TemplateReference {
  row?: string;
  column?: number;
}

const ROW = /\b(?:muc|dong|hang|nhiem vu(?: so)?|noi dung(?: so)?|cong viec(?: so)?|stt|tt)(?: so)? (\d{1,2}(?:\.\d{1,2})?)\b(?!\/)/;
const STRONG_ROW = /\b(?:dong|hang|nhiem vu|noi dung|cong viec|stt|tt)(?: so)? \d/;
const REPORT_CONTEXT = /\b(phu luc [23]|bao cao|bang|ghi|dien|lam gi|noi dung|viet|bao gom|gom)\b/;
const COLUMN = /\bcot (?:so )?([1-6])\b/;

export function findTemplateReference(text: string): TemplateReference | undefined {
  const ref: TemplateReference = {};
  const row = ROW.exec(text);
  if (row && !/\bmuc do \d/.test(text.slice(Math.max(0, row.index - 1)))) {
    if (STRONG_ROW.test(text) || REPORT_CONTEXT.test(text)) ref.row = row[1]!.replace(/\.$/, "");
  }
  const col = COLUMN.exec(text);
  if (col) ref.column = Number(col[1]);
  return ref.row || ref.column ? ref : undefined;
}

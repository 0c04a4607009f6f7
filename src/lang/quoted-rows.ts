/**
 * "mục “Các văn bản, quy định liên quan đến chuyển đổi số” có mấy dòng con", "văn bản có câu
 * 'Triển khai nền tảng quản trị dữ liệu Ngành', dưới mục đó là mấy hệ thống": a row of the report
 * template quoted by its title is that row ("mục 3") — the quote's words would otherwise be read as
 * a question about each of them.
 */
import { foldVietnamese } from "../domain/text.ts";

const QUOTE = /["“”'‘’«»]([^"“”'‘’«»\n]{8,200})["“”'‘’«»]/gu;

const words = (s: string) =>
  foldVietnamese(s.toLowerCase())
    .replace(/[^a-z0-9 ]+/g, " ")
    .split(/\s+/)
    .filter(Boolean);

/** The message with each quoted row title replaced by "mục N" (rows: the template's, code and title). */
export function quotedRowsAsCodes(text: string, rows: readonly { code: string; title: string }[]): string {
  return text.replace(QUOTE, (all, quoted: string) => {
    const q = words(quoted);
    if (q.length < 3) return all;
    // The title the quote is (nearly all its words, in a title of about its length).
    const hit = rows.filter((r) => {
      const t = words(r.title);
      const shared = q.filter((w) => t.includes(w)).length;
      return shared >= 0.9 * q.length && shared >= 0.8 * t.length;
    });
    return hit.length === 1 ? `mục ${hit[0]!.code}` : all;
  });
}

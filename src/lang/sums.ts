/**
 * Points a principal adds up inside a question: "26 + 9 + 17 + 15 + 14", "nhóm 1 tự chấm: 25 18
 * 12 14 8. tổng?", "các tiêu chí lần lượt được 22, 20, 16 và 10 điểm, tổng bao nhiêu", "được 40
 * điểm, cộng thêm 9 nữa là bao nhiêu". The question is read with the total in place of the terms,
 * and the sum is shown so the person can check it.
 */
import { foldVietnamese } from "../domain/text.ts";

export interface Summed {
  /** The question with the terms replaced by their total ("… được 77 điểm …"). */
  question: string;
  /** Each sum read: its terms and total. */
  sums: { terms: number[]; total: number }[];
}

/** Asks for a total: "tổng", "total", "cộng lại", "cộng thêm", "cộng 5đ nữa", "bao nhiêu điểm" (folded). */
const ASKS_TOTAL = /\b(tong|total|cong lai|cong het|cong tat ca|cong ca|cong them|cong vao|bao nhieu diem|bn diem|bao nhieu d|bn d)\b|\b(?:cong|them) \d{1,2}(?:[.,]5)? ?(?:d|diem)? nua\b/;
/** A number, with its points unit if typed ("18", "6đ", "7,5 điểm"). */
const TERM = /(?<![\p{L}\p{N}.,/])(?<!\p{L}-)(\d{1,2}(?:[.,]5)?)(?:\s*(đ|d|điểm|diem)(?![\p{L}]))?(?![\p{N}%/\p{L}]|[.,]\d)/gu;
/**
 * A criterion's code as a school writes it ("DH-3a", "QT-4", "dh3"): a name, never points. Written as
 * a code — a hyphen, or one digit glued on — so "dh 70, qt 80" (dạy học 70, quản trị 80) stays two scores.
 */
export const CRITERION_CODE = /(?<![\p{L}\p{N}])[a-z]{1,3}(?:-\d{1,2}|\d)[a-z]?(?![\p{L}\p{N}])/giu;
/** What may stand between two terms of one list (folded): separators, "và", "với", "cộng (thêm)". */
const BETWEEN_LIST = /^[\s,;+]*(?:(?:va|voi|cong|cong them|them|,|;|\+)[\s,;+]*)*$/;
/** Words after which a number is not points (quý 3, mức 2, nhóm 1, tiêu chí 1.3, cột 5, ngày 20, lớp 6…). */
const NOT_POINTS_AFTER = /\b(quy|q|muc|nhom|chi|cot|dong|ngay|thang|nam|lop|khoi|pl|phu luc|so|tieu chuan|dieu|khoan|ky|hk|lan|buoi|tuan|gio)\s*$/;
/** Words after which a number counts things, not points. */
const NOT_POINTS_BEFORE = /^\s*(%|truong|lop|gv|giao vien|hoc sinh|hs|nguoi|tre|phong|tiet|cau|bai|tai khoan|may|ngay|thang|nam|tieu chi|muc|nhom|dong|cot|lan|buoi|van ban)\b/;
/** A criterion's code ("1.3", "2.10"): the existing criteria reader sums those. */
const CODE = /(?<![\d.])[12]\.\d{1,2}(?![\d])/;

/** "26 + 9 + 17": the total in place of the sum, always (a plus sign says it). */
function plusSums(q: string): Summed {
  const sums: Summed["sums"] = [];
  const question = q.replace(/(?<![\d.,/])\d{1,3}(?:[.,]\d{1,2})?(?:\s*\+\s*\d{1,3}(?:[.,]\d{1,2})?)+(?![\d/])/g, (sum) => {
    const terms = sum.split("+").map((x) => Number(x.trim().replace(",", ".")));
    const total = round(terms.reduce((t, x) => t + x, 0));
    sums.push({ terms, total });
    return String(total);
  });
  return { question, sums };
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * The question with its added-up points read as their total, or undefined when it adds nothing up.
 * Without a plus sign, only when the question asks for a total and the terms are points: marked
 * ("6đ", "được 5"), or a run of bare numbers; never a count ("50 trường"), a code, a quarter, a level.
 */
export function summedPoints(question: string): Summed | undefined {
  const plus = plusSums(question);
  if (plus.sums.length) return plus;
  const folded = foldVietnamese(question.toLowerCase());
  if (!ASKS_TOTAL.test(folded)) return undefined;
  // Two groups named ("dạy học 70, quản trị 80"): each is scored on its own, never added together.
  if (/\b(nhom 1|day hoc|day va hoc)\b/.test(folded) && /\b(nhom 2|quan tri)\b/.test(folded)) return undefined;
  const found: { at: number; end: number; value: number; marked: boolean }[] = [];
  for (const m of question.matchAll(TERM)) {
    const before = foldVietnamese(question.slice(Math.max(0, m.index! - 20), m.index!).toLowerCase());
    const after = foldVietnamese(question.slice(m.index! + m[0].length, m.index! + m[0].length + 20).toLowerCase());
    if (NOT_POINTS_AFTER.test(before) || (!m[2] && NOT_POINTS_BEFORE.test(after))) continue;
    const marked = !!m[2] || /\b(duoc|dc|dat|la|cham|them)\s*:?\s*$/.test(before) || /^\s*(diem|d)\b/.test(after);
    found.push({ at: m.index!, end: m.index! + m[0].length, value: Number(m[1]!.replace(",", ".")), marked });
  }
  // The longest stretch of terms: each next one after list words only, or (when both are marked) a few words on.
  let best: typeof found = [];
  for (let i = 0; i < found.length; i++) {
    const run = [found[i]!];
    for (let j = i + 1; j < found.length; j++) {
      // ("48đ, mới thêm tiêu chí 1.6 được cộng 5đ nữa": the code of what was added is no term and no word.)
      const gap = question.slice(run.at(-1)!.end, found[j]!.at).replace(CRITERION_CODE, " ").replace(/(?<![\d.])[12]\.\d{1,2}(?![\d])/g, " ");
      const words = foldVietnamese(gap.toLowerCase()).split(/[^a-z0-9]+/).filter(Boolean);
      const listed = BETWEEN_LIST.test(foldVietnamese(gap.toLowerCase()).replace(/[^a-z0-9,;+ ]/g, " "));
      const near = found[j]!.marked && run.at(-1)!.marked && words.length <= 8 && /\b(cong|them|voi|va|phan|con|duoc|dc|dat)\b/.test(words.join(" ")) && !/[.?!]/.test(gap);
      if (!listed && !near) break;
      run.push(found[j]!);
    }
    if (run.length > best.length) best = run;
  }
  if (best.length < 2) return undefined;
  // A bare run must be a list said as such: at least three numbers, or two with a mark.
  if (!best.some((t) => t.marked) && best.length < 3) return undefined;
  const span = question.slice(best[0]!.at, best.at(-1)!.end);
  // Criteria scored one by one ("1.3 được 12, 1.4 được 8") are summed by the criteria reader; one code
  // inside an "added" clause ("… tiêu chí 1.6 được cộng 5đ nữa") names what the last term is for.
  const codes = span.match(new RegExp(CODE.source, "g")) ?? [];
  if (codes.length > 1 || (codes.length === 1 && !/\b(cong|them)\b/.test(foldVietnamese(span.toLowerCase())))) return undefined;
  const terms = best.map((t) => t.value);
  const total = round(terms.reduce((t, x) => t + x, 0));
  return { question: `${question.slice(0, best[0]!.at)}${total} điểm${question.slice(best.at(-1)!.end).replace(/^\s*(?:đ|d|điểm|diem)(?![\p{L}])/iu, "")}`, sums: [{ terms, total }] };
}

/** "Tổng: 25 + 18 + 12 + 14 + 8 = 77 điểm." — the sum as it was read, to check. */
export function sumLine(s: Summed): string {
  const n = (x: number) => String(x).replace(".", ",");
  return s.sums.map((x) => `Tổng: ${x.terms.map(n).join(" + ")} = ${n(x.total)} điểm.`).join("\n");
}

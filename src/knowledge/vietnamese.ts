/**
 * Vietnamese as principals type it on Zalo: folded (no diacritics, đ → d, lower case), Zalo
 * abbreviations expanded (bc, ko, đc, cds, gv…), Roman numerals and number words for quarters.
 * The same normalisation is applied to the corpus and to questions, so they meet halfway.
 */
import { foldVietnamese } from "../domain/text.ts";

/** Whole-token abbreviations, on folded text. */
const ABBREVIATIONS: Record<string, string> = {
  bc: "bao cao",
  bcao: "bao cao",
  bca: "bao cao",
  ko: "khong",
  k: "khong",
  kh: "khong",
  hok: "khong",
  hong: "khong",
  dc: "duoc",
  dk: "dieu kien",
  dkbb: "dieu kien bat buoc",
  cds: "chuyen doi so",
  cntt: "cong nghe thong tin",
  hs: "hoc sinh",
  gv: "giao vien",
  cbql: "can bo quan ly",
  ht: "hieu truong",
  pgd: "phong giao duc",
  sgd: "so giao duc",
  gd: "giao duc",
  gddt: "giao duc dao tao",
  csdl: "co so du lieu",
  tdg: "tu danh gia",
  qd: "quyet dinh",
  cv: "cong van",
  pl: "phu luc",
  tg: "thoi gian",
  j: "gi",
  ntn: "nhu the nao",
  bn: "bao nhieu",
  bnhieu: "bao nhieu",
  mn: "mam non",
  thcs: "trung hoc co so",
  thpt: "trung hoc pho thong",
  gdtx: "giao duc thuong xuyen",
  deadline: "han nop",
  mail: "email",
  hcm: "ho chi minh",
  tphcm: "thanh pho ho chi minh",
  tp: "thanh pho",
};

/** Phrase-level fixes (typos, spellings), on folded text. */
const PHRASES: [RegExp, string][] = [
  [/\bhang nop\b/g, "han nop"],
  [/\bdead line\b/g, "han nop"],
  [/\be-?mail\b/g, "email"],
  [/\bmuc do\b/g, "muc"],
  [/\bmd ?([123])\b/g, "muc $1"],
  [/\bphu luc ?(ii|2)\b/g, "phu luc 2"],
  [/\bphu luc ?(iii|3)\b/g, "phu luc 3"],
];

const ROMAN: Record<string, string> = { i: "1", ii: "2", iii: "3", iv: "4" };
const NUMBER_WORDS: Record<string, string> = { mot: "1", nhat: "1", hai: "2", ba: "3", bon: "4", tu: "4" };

/** Folded, expanded text; punctuation becomes spaces except inside numbers (20/12/2025, 8.5, 80%). */
export function normalizeForSearch(text: string): string {
  let t = foldVietnamese(text);
  // Keep "/", "." and "%" only between or after digits.
  t = t.replace(/(?<!\d)[/.]|[/.](?!\d)/g, " ").replace(/[^\p{L}\p{N}/.%\s]/gu, " ");
  // Quarters: q3, qiii, q3-2025 (the dash is gone by now), quy iii, quy ba.
  t = t.replace(/\bq([1-4])\b/g, "quy $1").replace(/\bq(i{1,3}|iv)\b/g, (_, r: string) => `quy ${ROMAN[r]}`);
  t = t.replace(/\bquy (i{1,3}|iv)\b/g, (_, r: string) => `quy ${ROMAN[r]}`);
  t = t.replace(/\bquy (mot|nhat|hai|ba|bon|tu)\b/g, (_, w: string) => `quy ${NUMBER_WORDS[w]}`);
  t = t
    .split(/\s+/)
    .map((w) => ABBREVIATIONS[w] ?? w)
    .join(" ");
  for (const [re, to] of PHRASES) t = t.replace(re, to);
  return t.replace(/\s+/g, " ").trim();
}

/** Syllables that carry no topic on their own. */
export const STOPWORDS = new Set(
  (
    "a ah ai anh ba bi biet bo cac cai cam can cho chi chu chua co con cua cung da dang day de den di do duoc em gi gio giup " +
    "ha hay hoac hoi khi khong la lai lam len luc ma minh moi muon nao nay ne nen neu nha nhe nho nhu nhung noi o oi on phai " +
    "ra roi sao se sau tai thay the thi thoi toi trong va vay ve vi voi xin xem ban duoc dau"
  ).split(" "),
);

/** Tokens for the index: content syllables and adjacent-syllable bigrams ("han_nop"). */
export function tokenize(text: string): string[] {
  const words = normalizeForSearch(text).split(" ").filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!STOPWORDS.has(w) || /\d/.test(w)) out.push(w);
    const next = words[i + 1];
    if (next && (!STOPWORDS.has(w) || !STOPWORDS.has(next))) out.push(`${w}_${next}`);
  }
  return out;
}

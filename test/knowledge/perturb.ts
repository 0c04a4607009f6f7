/**
 * Variants of a question that must get the same answer: fillers before and after, diacritics
 * removed, Zalo abbreviations, one typo, a polite preamble, group scores swapped or unnamed.
 * Deterministic (no randomness), so a failure is reproducible.
 */
import { foldVietnamese } from "../../src/domain/text.ts";

export interface Variant {
  kind: string;
  q: string;
}

const ABBREVIATE: [RegExp, string][] = [
  [/báo cáo/gi, "bc"],
  [/không/gi, "ko"],
  [/được/gi, "dc"],
  [/trước/gi, "trc"],
  [/phụ lục 3/gi, "pl3"],
  [/phụ lục 2/gi, "pl2"],
  [/phụ lục/gi, "pl"],
  [/quản trị/gi, "qt"],
  [/dạy học/gi, "dh"],
  [/tự đánh giá/gi, "tdg"],
  [/giáo viên/gi, "gv"],
  [/chuyển đổi số/gi, "cđs"],
  [/quyết định/gi, "qđ"],
  [/công văn/gi, "cv"],
  [/quý (\d)/gi, "q$1"],
  [/gì/gi, "j"],
];

/** Swaps two inner letters of the longest word of ≥ 6 letters (a typing slip), if any. */
function typo(q: string): string | undefined {
  const words = q.split(" ");
  let best = -1;
  words.forEach((w, i) => {
    if (/^\p{L}{6,}$/u.test(w) && (best < 0 || w.length > words[best]!.length)) best = i;
  });
  if (best < 0) return undefined;
  const w = [...words[best]!];
  const k = Math.floor(w.length / 2);
  [w[k], w[k + 1]] = [w[k + 1]!, w[k]!];
  words[best] = w.join("");
  return words.join(" ");
}

/** "nhóm 1 … 80, nhóm 2 … 60" → the same with the two groups named in the other order. */
function swapGroups(q: string): string | undefined {
  const m = /^(.*?)(nhóm 1[^,]*?\d+(?:[.,]\d+)?(?: điểm)?)(,? )(nhóm 2[^,]*?\d+(?:[.,]\d+)?(?: điểm)?)(.*)$/iu.exec(q);
  if (!m) return undefined;
  return `${m[1]}${m[4]}${m[3]}${m[2]}${m[5]}`;
}

/** "nhóm 1 … 80, nhóm 2 … 60" → "dạy học … 80, quản trị … 60" (groups by name). */
function nameGroups(q: string): string | undefined {
  if (!/nhóm 1/i.test(q) || !/nhóm 2/i.test(q)) return undefined;
  return q.replace(/nhóm 1/gi, "dạy, học").replace(/nhóm 2/gi, "quản trị");
}

const DIGIT_WORDS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];

/** 0–99 and 2000–2099 as a voice typist's phone writes them ("hai mươi mốt", "hai nghìn không trăm hai mươi bảy"). */
function spoken(n: number): string | undefined {
  if (n >= 2000 && n < 2100) return `hai nghìn không trăm ${n % 100 < 10 ? `linh ${DIGIT_WORDS[n % 10]}` : spoken(n % 100)}`;
  if (n < 10) return DIGIT_WORDS[n];
  if (n >= 100) return undefined;
  const [t, u] = [Math.floor(n / 10), n % 10];
  const unit = u === 0 ? "" : u === 5 ? " lăm" : u === 1 && t > 1 ? " mốt" : ` ${DIGIT_WORDS[u]}`;
  return `${t === 1 ? "mười" : `${DIGIT_WORDS[t]} mươi`}${unit}`;
}

/** Numbers said, not typed: "quý 3" → "quý ba", "1.3" → "một chấm ba", "80%" → "tám mươi phần trăm" (dates and codes like 4725/QĐ stay). */
function numbersSpoken(q: string): string | undefined {
  // Voice typing writes diacritics: only questions written with them are said aloud.
  if (foldVietnamese(q) === q) return undefined;
  const out = q.replace(/(?<![\d/.,\p{L}-])(\d{1,4})(?:\.(\d))?(%?)(?![\d/\p{L}]|[.,]\d)/gu, (all, n: string, dec: string | undefined, pct: string) => {
    const a = spoken(Number(n));
    const b = dec === undefined ? "" : spoken(Number(dec));
    if (a === undefined || b === undefined) return all;
    return `${a}${dec === undefined ? "" : ` chấm ${b}`}${pct ? " phần trăm" : ""}`;
  });
  return out === q ? undefined : out;
}

export function variants(q: string): Variant[] {
  const out: Variant[] = [
    { kind: "filler after: ad", q: `${q} ad` },
    { kind: "filler after: ạ", q: `${q.replace(/\?$/, "")} ạ` },
    { kind: "filler after: nha", q: `${q} nha` },
    { kind: "filler before: cho e hỏi", q: `cho e hỏi ${q}` },
    { kind: "filler before: dạ thầy ơi", q: `Dạ thầy ơi, ${q}` },
    { kind: "no diacritics", q: foldVietnamese(q) },
    { kind: "preamble", q: `Dạ em chào thầy. Em là hiệu trưởng trường Tiểu học Phước Vĩnh An. ${q}` },
  ];
  let abbreviated = q;
  for (const [re, to] of ABBREVIATE) abbreviated = abbreviated.replace(re, to);
  if (abbreviated !== q) out.push({ kind: "abbreviations", q: abbreviated });
  if (abbreviated !== q) out.push({ kind: "abbreviations, no diacritics", q: foldVietnamese(abbreviated) });
  const t = typo(q);
  if (t) out.push({ kind: "typo", q: t });
  // A secretary or teacher asking for the principal — only before a question (not before "cảm ơn").
  if (/\?|\b(gì|gi|j|nào|nao|mấy|may|bao nhiêu|bn|không|khong|ko|ai|sao|đâu|dau|khi nào)\b/iu.test(q)) out.push({ kind: "asked for the principal", q: `Dạ thầy hiệu trưởng nhờ em hỏi ${q}` });
  const said = numbersSpoken(q);
  if (said) out.push({ kind: "numbers spoken", q: said });
  const swapped = swapGroups(q);
  if (swapped) out.push({ kind: "groups swapped", q: swapped });
  const named = nameGroups(q);
  if (named) out.push({ kind: "groups by name", q: named });
  return out;
}

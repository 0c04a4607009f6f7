/**
 * Numbers spoken into a phone's voice typing come out as words: "quý hai năm hai nghìn không trăm
 * hai mươi bảy", "dòng số năm", "một chấm ba được mười hai điểm phẩy …", "tám mươi phần trăm".
 * Written as digits here, so every reader (deadline arithmetic, sums, row and criterion codes,
 * corrections) sees what a typist would have typed.
 *
 * Voice typing writes diacritics, so only accented number words are read — folded text is left
 * alone ("nam" is also "năm" = year, "sau" is "sau" = after). A single digit word is a number only
 * where a typist would write a digit: after a slot word ("quý hai", "mục năm", "nhóm một"), before
 * "chấm" in a code ("một chấm ba"), before a unit ("mười hai điểm", "sáu mươi phần trăm"), or a
 * score right after "được/đạt". Compound numbers ("mười hai", "năm mươi", "hai nghìn …") always are.
 * No npm package parses Vietnamese number words inside a sentence (the ones published go the
 * other way, number → words), hence this small grammar.
 */

const DIGITS: Record<string, number> = { không: 0, một: 1, hai: 2, ba: 3, bốn: 4, năm: 5, sáu: 6, bảy: 7, bẩy: 7, tám: 8, chín: 9 };
/** Unit forms only used after "mươi/mười": "hai mươi mốt", "ba mươi tư", "mười lăm". */
const AFTER_TENS: Record<string, number> = { mốt: 1, tư: 4, lăm: 5, nhăm: 5 };
const MULTIPLIERS = new Set(["mười", "mươi", "trăm", "nghìn", "ngàn", "linh", "lẻ"]);
/** Words after which a single digit word is a number ("quý hai", "mục năm", "dòng số sáu"). */
const SLOTS = new Set(["quý", "mục", "dòng", "cột", "nhóm", "mức", "độ", "lục", "chí", "chuẩn", "số", "kiện", "lần", "khối", "bản", "đợt", "hạng", "lớp", "câu", "phần", "điều", "tháng", "ngày"]);
/** Words before which a number word is a number ("mười hai điểm", "tám lớp"). */
const UNITS = new Set(["điểm", "%", "lớp", "giáo", "học", "trường", "đầu", "máy", "phòng", "tiêu", "ngày", "tháng", "quý", "lần", "bộ", "cán", "nhân"]);
/** Words that make "một" something else: "một số" (some), "một nửa" (a half), "một chút". */
const NOT_A_NUMBER_AFTER_MOT = new Set(["số", "nửa", "chút", "ít", "vài", "lúc", "cách", "khi", "mình", "người", "cái"]);

/** "năm học", "năm nay", "hai năm trước": after these a number word is part of a time. */
const TIME_AFTER = new Set(["học", "nay", "ngoái", "qua", "tới", "sau", "trước", "phần", "năm", "tháng", "tuần", "hôm"]);

type Token = { word: string; lower: string; start: number; end: number };

function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}%]+/gu)) out.push({ word: m[0], lower: m[0].toLowerCase(), start: m.index!, end: m.index! + m[0].length });
  return out;
}

const isNumberWord = (w: string) => w in DIGITS || w in AFTER_TENS || MULTIPLIERS.has(w);

/**
 * The value of number words ws[i..j) if they form one number, else undefined. Reads
 * "[X nghìn] [Y trăm] [(linh|lẻ) Z | mười [U] | T mươi [U]] | D".
 */
export function numberValue(ws: string[]): number | undefined {
  let total = 0;
  let i = 0;
  const below1000 = (): number | undefined => {
    let v = 0;
    let any = false;
    const d = DIGITS[ws[i]!];
    if (d !== undefined && ws[i + 1] === "trăm") {
      v += d * 100;
      i += 2;
      any = true;
      if (ws[i] === "linh" || ws[i] === "lẻ") {
        const u = DIGITS[ws[i + 1]!];
        if (u === undefined || u === 0) return undefined;
        i += 2;
        return v + u;
      }
    }
    // Units after "mười/mươi": 5 is "lăm/nhăm" ("mười năm", "hai mươi năm" are years), 1 "mốt", 4 "tư".
    const unit = (w: string | undefined) => (w === undefined || w === "năm" || w === "không" ? undefined : (DIGITS[w] ?? AFTER_TENS[w]));
    const ends = (w: string | undefined) => w !== "trăm" && w !== "mươi" && w !== "nghìn" && w !== "ngàn";
    if (ws[i] === "mười") {
      i++;
      const u = unit(ws[i]);
      if (u !== undefined && u !== 1 && ends(ws[i + 1])) {
        i++;
        return v + 10 + u;
      }
      return v + 10;
    }
    const t = DIGITS[ws[i]!];
    if (t !== undefined && t >= 2 && ws[i + 1] === "mươi") {
      i += 2;
      const u = unit(ws[i]);
      if (u !== undefined && ends(ws[i + 1])) {
        i++;
        return v + t * 10 + u;
      }
      return v + t * 10;
    }
    if (any) return v;
    if (t !== undefined && ws[i + 1] !== "mươi") {
      i++;
      return v + t;
    }
    return undefined;
  };
  const first = below1000();
  if (first === undefined) return undefined;
  if (ws[i] === "nghìn" || ws[i] === "ngàn") {
    i++;
    total = first * 1000;
    if (i < ws.length) {
      const rest = below1000();
      if (rest === undefined) return undefined;
      total += rest;
    }
  } else total = first;
  return i === ws.length ? total : undefined;
}

/** The longest run of number words from `i` that reads as one number: [end, value]. */
function longestNumber(ts: Token[], i: number): [number, number] | undefined {
  let j = i;
  while (j < ts.length && isNumberWord(ts[j]!.lower) && (j === i || ts[j]!.start - ts[j - 1]!.end <= 1)) j++;
  for (let k = j; k > i; k--) {
    const v = numberValue(ts.slice(i, k).map((t) => t.lower));
    if (v !== undefined) return [k, v];
  }
  return undefined;
}

/** Folded number words, as typed without diacritics: read only inside a compound ("tam muoi", "hai muoi tu"). */
const FOLDED: Record<string, string> = { khong: "không", mot: "một", hai: "hai", ba: "ba", bon: "bốn", nam: "năm", sau: "sáu", bay: "bảy", tam: "tám", chin: "chín", tram: "trăm", nghin: "nghìn", ngan: "ngàn", linh: "linh", le: "lẻ", lam: "lăm", tu: "tư" };

/**
 * Text typed without diacritics: a number only where "muoi/tram/nghin" makes it a compound — "tam
 * muoi phan tram" (80%), "hai muoi tu" (24), "chin tren muoi lop" (9/10) — single words stay
 * words ("nam" is year, "sau" after, "tam" temporary).
 */
function foldedTokens(text: string): Token[] {
  const ts = tokens(text);
  const out = ts.map((t) => ({ ...t }));
  for (const [i, t] of out.entries()) {
    const prev = out[i - 1]?.lower;
    if (t.lower === "muoi") t.lower = prev && DIGITS[prev] !== undefined && DIGITS[prev]! >= 2 ? "mươi" : "mười";
    else if (t.lower === "mot" && (prev === "mươi")) t.lower = "mốt";
    else if (t.lower === "phan" && ts[i + 1]?.lower === "tram") t.lower = "phần";
    else if (t.lower === "tram" && prev === "phần") t.lower = "trăm";
    else if (t.lower === "tren") t.lower = "trên";
    else if (FOLDED[t.lower] && (t.lower !== "tu" || prev === "mươi") && (t.lower !== "lam" || prev === "mươi" || prev === "mười")) t.lower = FOLDED[t.lower]!;
  }
  // Only runs holding a multiplier are numbers; every other word goes back to what it was.
  for (let i = 0; i < out.length; i++) {
    if (!isNumberWord(out[i]!.lower)) continue;
    let j = i;
    while (j < out.length && isNumberWord(out[j]!.lower)) j++;
    const run = out.slice(i, j);
    const compound = run.some((t) => t.lower === "mươi" || t.lower === "mười" || t.lower === "trăm" || t.lower === "nghìn" || t.lower === "ngàn");
    const fraction = run.length === 1 && out[j]?.lower === "trên" && out[j + 1] && ["mươi", "mười"].includes(out[j + 1]!.lower);
    if (!compound && !fraction) for (let k = i; k < j; k++) out[k]!.lower = ts[k]!.lower;
    i = j - 1;
  }
  return out;
}

const ACCENTED = /[àáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵđ]/iu;

/** The message with spoken numbers written as digits ("phẩy" → ",", "N phần trăm" → "N%", "X chấm Y" → "X.Y"). */
export function spokenNumbers(text: string, opts: { units?: boolean } = {}): string {
  // `units: false` (text that will be stored): "hai lớp", "một lần" stay as typed; only figures that carry a
  // meaning of their own change (slots, codes, percentages, fractions, compounds).
  const units = opts.units ?? true;
  const folded = !ACCENTED.test(text);
  const ts = folded ? foldedTokens(text) : tokens(text);
  if (folded && !ts.some((t) => t.lower === "mươi" || t.lower === "mười" || t.lower === "trăm" || t.lower === "nghìn")) return text;
  const edits: { start: number; end: number; to: string }[] = [];
  let i = 0;
  while (i < ts.length) {
    const t = ts[i]!;
    if (t.lower === "phẩy" && i > 0) {
      edits.push({ start: ts[i - 1]!.end, end: t.end, to: "," });
      i++;
      continue;
    }
    if (t.lower === "tư" && SLOTS.has(ts[i - 1]?.lower ?? "")) {
      edits.push({ start: t.start, end: t.end, to: "4" });
      i++;
      continue;
    }
    const found = isNumberWord(t.lower) ? longestNumber(ts, i) : undefined;
    if (!found) {
      i++;
      continue;
    }
    let [end, value] = found;
    const words = end - i;
    const prev = ts[i - 1]?.lower;
    const next = ts[end]?.lower;
    let to = String(value);
    // "một chấm ba" / "1 chấm 3": a code or a decimal.
    if (next === "chấm" && ts[end + 1]) {
      const after: [number, number] | undefined = /^\d+$/.test(ts[end + 1]!.word) ? [end + 2, Number(ts[end + 1]!.word)] : longestNumber(ts, end + 1);
      if (after) {
        edits.push({ start: t.start, end: ts[after[0] - 1]!.end, to: `${value}.${after[1]}` });
        i = after[0];
        continue;
      }
    }
    // "chín trên mười lớp": a fraction.
    if (next === "trên" && ts[end + 1] && isNumberWord(ts[end + 1]!.lower)) {
      const after = longestNumber(ts, end + 1);
      if (after) {
        edits.push({ start: t.start, end: ts[after[0] - 1]!.end, to: `${value}/${after[1]}` });
        i = after[0];
        continue;
      }
    }
    const compound = words > 1 || t.lower === "mười";
    const percent = next === "phần" && ts[end + 1]?.lower === "trăm";
    const single =
      compound ||
      percent ||
      (prev !== undefined && SLOTS.has(prev) && !(t.lower === "một" && next !== undefined && NOT_A_NUMBER_AFTER_MOT.has(next))) ||
      (units && next !== undefined && UNITS.has(next) && t.lower !== "năm" && !(t.lower === "một" && NOT_A_NUMBER_AFTER_MOT.has(next))) ||
      (units && (prev === "được" || prev === "đạt") && !(next !== undefined && (NOT_A_NUMBER_AFTER_MOT.has(next) || TIME_AFTER.has(next))));
    // "năm" before a number is the year word ("năm hai nghìn …"), "không" alone is "no".
    if (!single || (words === 1 && (t.lower === "không" || (t.lower === "năm" && ts[end] && isNumberWord(ts[end]!.lower))))) {
      i = end;
      continue;
    }
    let stop = ts[end - 1]!.end;
    if (percent) {
      to += "%";
      stop = ts[end + 1]!.end;
      end += 2;
    }
    edits.push({ start: t.start, end: stop, to });
    i = end;
  }
  let out = text;
  for (const e of edits.reverse()) out = out.slice(0, e.start) + e.to + out.slice(e.end);
  return out;
}

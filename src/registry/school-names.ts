/**
 * Which school a text is about: from a registered sender address, otherwise from its name in the
 * text (diacritics-insensitive, generic words like "Trường Tiểu học" ignored) with a confidence
 * score — below the threshold a person decides. Used by mail ingestion and by the chat, which
 * notices a report request for a school other than the one the account is linked to.
 */
import distance from "damerau-levenshtein";
import { foldVietnamese } from "../domain/text.ts";
import { lexicon } from "../lang/lexicon.ts";
import { foldForMatching } from "../lang/normalize.ts";

export interface SchoolRef {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  emails: string[];
}

export interface SchoolMatch {
  school: SchoolRef;
  by: "sender" | "name";
  confidence: number;
}

export const NAME_MATCH_THRESHOLD = 0.8;

/**
 * What names the kind of school, not the school: whole phrases ("giáo dục thường xuyên"), so that a
 * word of a proper name stays ("Quy Đức" keeps "đức", or its name would be "quý" — in every report).
 */
const GENERIC_PHRASES = /\b(truong|tieu hoc|trung hoc co so|trung hoc pho thong|trung hoc|pho thong|mam non|mau giao|trung tam|giao duc nghe nghiep|giao duc thuong xuyen|giao duc|nghe nghiep|thuong xuyen|th|thcs|thpt|mn|mg|tt|gdnn|gdtx)\b/g;
const GENERIC = new Set(["truong", "th", "thcs", "thpt", "mn", "tt", "gdnn", "gdtx"]);

/** A name's distinctive words, remembered: a mail is matched against every school's names. */
const known = new Map<string, string[]>();
function distinctive(name: string): string[] {
  let words = known.get(name);
  if (!words) {
    if (known.size >= 20_000) known.clear();
    known.set(name, (words = distinctiveOf(name)));
  }
  return words;
}

function distinctiveOf(name: string): string[] {
  const words = foldVietnamese(name).replace(/[^a-z0-9 ]/g, " ").split(/\s+/).filter(Boolean);
  const kept = words.join(" ").replace(GENERIC_PHRASES, " ").split(/\s+/).filter((w) => w && !GENERIC.has(w));
  // "Trường Tiểu học Số 1": a bare "1" is in every table; the name is "số 1".
  if (kept.length && kept.every((w) => /^\d+$/.test(w))) {
    const at = words.indexOf(kept[0]!);
    return at > 0 ? words.slice(at - 1).filter((w, i) => i === 0 || !GENERIC.has(w)) : kept;
  }
  return kept;
}

export function matchSchool(from: string | undefined, texts: string[], schools: SchoolRef[]): SchoolMatch | undefined {
  const sender = from?.toLowerCase();
  if (sender) {
    const s = schools.find((x) => x.emails.includes(sender));
    if (s) return { school: s, by: "sender", confidence: 1 };
  }
  const hay = ` ${foldVietnamese(texts.join(" ")).replace(/[^a-z0-9 ]/g, " ").replace(/\s+/g, " ")} `;
  // The text's words once: a school's word is in the text when it is one of them (the phrase only then).
  const hayWords = new Set(hay.split(" "));
  const scored = schools.map((s) => {
    let score = 0;
    let phrase = "";
    for (const name of [s.name, s.shortName].filter((n): n is string => !!n)) {
      const words = distinctive(name);
      if (!words.length) continue;
      const p = ` ${words.join(" ")} `;
      const found = words.filter((w) => hayWords.has(w)).length;
      const hit = found === words.length && hay.includes(p) ? 1 : (found / words.length) * 0.7;
      if (hit > score || (hit === score && p.length > phrase.length)) [score, phrase] = [hit, p];
    }
    return { school: s, score, phrase };
  });
  // "MN Nhơn Đức", "Trường Tiểu học Nhơn Đức": schools of one commune share their words; the level
  // written right before them tells which (when it fits exactly one of those that matched).
  const tied = scored.filter((x) => x.score === 1);
  if (tied.length > 1) {
    const withLevel = tied.filter(({ school, phrase }) =>
      [school.name, school.shortName]
        .filter((n): n is string => !!n)
        .some((n) => {
          const level = foldVietnamese(n).replace(/[^a-z0-9 ]/g, " ").replace(/\s+/g, " ").trim().replace(/^truong /, "").split(phrase.trim())[0]!.trim();
          return level && hay.includes(` ${level}${phrase}`);
        }),
    );
    if (withLevel.length === 1) for (const x of tied) if (x !== withLevel[0]) x.score = 0.7;
  }
  // "Hoa Mai" inside "Hoa Mai 2": the longer name that fully matched is the one meant.
  const full = scored.filter((x) => x.score === 1);
  const candidates = scored.filter((x) => !(x.score === 1 && full.some((y) => y !== x && y.phrase.length > x.phrase.length && y.phrase.includes(x.phrase))));
  let best: SchoolMatch | undefined;
  let second = 0;
  for (const { school, score } of candidates) {
    if (!best || score > best.confidence) {
      second = best?.confidence ?? 0;
      best = { school, by: "name", confidence: score };
    } else if (score > second) second = score;
  }
  if (!best || best.confidence === 0) return undefined;
  // Two schools matching equally well is no match at all.
  if (best.confidence - second < 0.2) return { ...best, confidence: Math.min(best.confidence, 0.5) };
  return best;
}


// === A school named in a chat message ==========================================================

/**
 * A registered school as the chat reads it: its level (TH, THCS, TH-THCS…) decides whether
 * "trường tiểu học …" can mean it.
 */
export interface ChatSchoolRef extends SchoolRef {
  level?: string | null;
}

/** What a message says about a school, when it names one. */
export interface SchoolNamed {
  /** The message's words for the school, folded ("tieu hoc thi tran"). */
  words: string[];
  /** The school the account is linked to fits the words (then the message is about it). */
  own: boolean;
  /** Other registered schools the words fit best; empty when the name is not in the registry. */
  others: ChatSchoolRef[];
}

/** Level words (after the lexicon's abbreviations: "th" → "tieu hoc") and the levels they name. */
const LEVEL_PHRASES: [string[], string[]][] = [
  [["trung", "hoc", "co", "so"], ["THCS"]],
  [["trung", "hoc", "pho", "thong"], ["THPT"]],
  [["tieu", "hoc"], ["TH"]],
  [["mam", "non"], ["MN", "MG"]],
  [["mau", "giao"], ["MN", "MG"]],
  [["giao", "duc", "nghe", "nghiep"], ["GDNN", "GDTX"]],
  [["giao", "duc", "thuong", "xuyen"], ["GDNN", "GDTX"]],
  [["gdnn"], ["GDNN", "GDTX"]],
  [["trung", "tam"], ["GDNN", "GDTX"]],
  [["lien", "cap"], ["TH", "THCS", "THPT"]],
];
/** Words of an administrative unit ("huyện", "xã"): part of a name but never what tells two schools apart. */
const UNIT_WORDS = new Set(["huyen", "quan", "xa", "phuong", "tp"]);
/** "hiệu trưởng", "môi trường", "thị trường", "tổ trưởng", "nhà trường" (the school itself): not a school being named. */
const NOT_SCHOOL_BEFORE = new Set(["hieu", "moi", "thi", "to", "bo", "hien", "lap", "cong", "chien", "nha", "ra", "quan"]);
/** "trường hợp", "trường học số", "trưởng phòng": not a school name after it. */
const NOT_SCHOOL_AFTER = new Set(["hop", "phong", "ban", "khoi", "thanh", "doan", "nhom"]);
/** Words that end a school name in a message: the request around it, fillers, self-reference. */
const NAME_STOP = new Set(
  (
    "nop gui sua chinh lam bao cao quy nam ky xem chua roi xong giup cua cho nay da dang duoc em e minh toi ta chung a ad admin nha nhe ne oi voi va vs la gi " +
    "khong ko k co the sao nao len ve o tai thay khi han tinh trang hay lai di luon muon can xin thang tuan ngay hom lan dot tu danh gia hoi nhu vay day do kia ay " +
    "nua phan muc dong vua moi cung se sap con thoi vang u ok dc bc nhap cap rieng"
  ).split(" "),
);
/** Folded words that are everyday words too ("thì", "là", "có"): alone after a level they name no school. */
const COMMON_ALONE = new Set(["thi", "la", "va", "co", "o", "de", "cho", "ma", "nen", "khi", "ra", "vo", "len", "lai", "tu", "tan", "an", "hoa", "phu"]);
/** Words before a level word that make it a kind of class or learner ("lớp GDTX", "cấp tiểu học"), not a school. */
const LEVEL_USE_BEFORE = new Set(["lop", "khoi", "he", "cap", "vien", "sinh", "bac", "chuong", "trinh", "nganh", "mon"]);
/** After "trường": "mình", "em", "nhà"… — the sender's own school, not a name. */
const SELF = new Set(["em", "e", "minh", "toi", "chung", "ta", "nay", "con", "t", "mik", "mk"]);

/** Folded words with the lexicon's glued forms and abbreviations spelled out ("q4" → "quy 4", "th" → "tieu hoc"). */
function chatWords(text: string): string[] {
  const lex = lexicon();
  const words: string[] = [];
  for (const w of foldForMatching(text.replace(/[-–—_/]/g, " "), lex).split(" ").filter(Boolean)) {
    const m = lex.gluedPattern.exec(w);
    if (m && lex.glued.has(m[1]!)) words.push(...lex.glued.get(m[1]!)!, m[2]!);
    else words.push(w);
  }
  return lex.abbreviations.apply(words);
}

/** The level phrase starting at `i`, if any. */
function levelAt(words: string[], i: number): { length: number; levels: string[] } | undefined {
  for (const [phrase, levels] of LEVEL_PHRASES) if (phrase.every((p, j) => words[i + j] === p)) return { length: phrase.length, levels };
  return undefined;
}

interface SchoolShape {
  school: ChatSchoolRef;
  levels: Set<string>;
  /** Every word of its name but the kind of school ("thi tran cu chi"). */
  words: Set<string>;
  /** Words that tell this school apart ("thi tran 2"): its name without the district. */
  telling: Set<string>;
  /** Initials of two to four consecutive words of its name ("tt" thị trấn, "cc" Củ Chi, "ttcc"). */
  initials: Set<string>;
  /** Words that may be said with its name without telling it apart (the district, "huyện"). */
  free: Set<string>;
}

function shapeOf(school: ChatSchoolRef, place: Set<string>): SchoolShape {
  const levels = new Set((school.level ?? "").toUpperCase().split(/[^A-Z]+/).filter(Boolean));
  const words = new Set<string>();
  const initials = new Set<string>();
  for (const name of [school.name, school.shortName].filter((n): n is string => !!n)) {
    const all = chatWords(name);
    const kept: string[] = [];
    for (let i = 0; i < all.length; ) {
      const lv = levelAt(all, i);
      if (lv) {
        lv.levels.forEach((l) => levels.add(l));
        i += lv.length;
        continue;
      }
      const w = all[i++]!;
      if (w !== "truong" && w !== "tt") kept.push(w);
    }
    kept.forEach((w) => words.add(w));
    const letters = kept.filter((w) => /^[a-z]/.test(w));
    for (let n = 2; n <= 4; n++) for (let i = 0; i + n <= letters.length; i++) initials.add(letters.slice(i, i + n).map((w) => w[0]).join(""));
  }
  const telling = new Set([...words].filter((w) => !place.has(w) && !UNIT_WORDS.has(w)));
  const free = new Set([...place, ...UNIT_WORDS].filter((w) => !telling.has(w)));
  return { school, levels, words, telling, initials, free };
}

const near = (a: string, b: string) => a === b || (a.length >= 4 && b.length >= 4 && !/\d/.test(a + b) && distance(a, b).steps === 1);

/** A span of the message that may name a school: the words, and the level said before them. */
interface Span {
  words: string[];
  levels?: string[];
  /** Said after "trường" or a level word: an unknown name here is still a school. */
  explicit: boolean;
}

function spansIn(words: string[], shapes: SchoolShape[]): Span[] {
  const spans: Span[] = [];
  const covered = new Set<number>();
  const nameFrom = (j: number): string[] => {
    const out: string[] = [];
    while (j < words.length && out.length < 6 && !NAME_STOP.has(words[j]!) && !levelAt(words, j)) out.push(words[j++]!);
    return out;
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const afterTruong = w === "truong" && !NOT_SCHOOL_BEFORE.has(words[i - 1] ?? "") && !NOT_SCHOOL_AFTER.has(words[i + 1] ?? "");
    // "lớp GDTX", "khối tiểu học", "học viên GDTX": a kind of class or learner, not a school named.
    const lvHere = LEVEL_USE_BEFORE.has(words[i - 1] ?? "") ? undefined : levelAt(words, i);
    if (!afterTruong && !lvHere) continue;
    let j = afterTruong ? i + 1 : i;
    if (afterTruong && words[j] === "hoc" && !levelAt(words, j - 1)) {
      if (words[j + 1] === "so") continue; // "trường học số": the national programme
      j++;
    }
    if (afterTruong && SELF.has(words[j] ?? "")) continue;
    const levels: string[] = [];
    for (let lv = levelAt(words, j); lv; lv = levelAt(words, j)) {
      levels.push(...lv.levels);
      j += lv.length;
    }
    const name = nameFrom(j);
    for (let k = i; k < j + name.length; k++) covered.add(k);
    // A name made only of the kind of school ("Trung tâm GDNN-GDTX") is named by its level alone.
    if (name.length || levels.length) spans.push({ words: name, levels: levels.length ? levels : undefined, explicit: true });
    i = j + name.length - 1;
  }
  // A registered name without "trường" ("thị trấn củ chi nộp chưa"): two or more of one school's
  // telling words in a row, matched exactly.
  for (let i = 0; i < words.length; i++) {
    if (covered.has(i)) continue;
    for (const s of shapes) {
      let j = i;
      while (j < words.length && !covered.has(j) && (s.words.has(words[j]!) || s.free.has(words[j]!))) j++;
      const run = words.slice(i, j);
      if (run.filter((w) => s.telling.has(w) && /[a-z]/.test(w)).length >= 2) {
        spans.push({ words: run, explicit: false });
        for (let k = i; k < j; k++) covered.add(k);
        i = j - 1;
        break;
      }
    }
  }
  return spans;
}

/**
 * How well a span fits a school: the words matched from its start, how many of them are in its
 * name (the district said with another school's name does not make it that school).
 */
function fit(span: Span, s: SchoolShape): { matched: number; inName: number } | undefined {
  if (span.levels && s.levels.size && !span.levels.some((l) => s.levels.has(l))) return undefined;
  if (!span.words.length) return s.telling.size === 0 ? { matched: 0, inName: 0 } : undefined;
  let matched = 0;
  let inName = 0;
  let telling = 0;
  let stopped = false;
  for (const w of span.words) {
    const initials = s.initials.has(w) && ![...s.words].includes(w);
    const tells = initials || [...s.telling].some((d) => near(w, d));
    const named = tells || [...s.words].some((d) => near(w, d));
    if (!named && !s.free.has(w)) {
      stopped = true;
      break;
    }
    // "tt" for "thị trấn" says as much as the two words.
    const weight = initials ? w.length : 1;
    matched += weight;
    if (named) inName += weight;
    if (tells) telling += weight;
  }
  // A school named by its kind and the district alone ("Trung tâm GDNN-GDTX huyện Củ Chi"): the level and nothing else.
  if (s.telling.size === 0) return span.levels && !stopped ? { matched, inName } : undefined;
  // Two telling words, or one with a level ("trường TH Hòa …"), or the whole of a one-word name.
  if (!telling || (telling < 2 && !span.levels && s.telling.size > 1)) return undefined;
  // One word that is also a common word ("TH-THCS thì …", "thi" of "Thị Trấn") tells nothing alone.
  if (telling < 2 && s.telling.size > 1 && span.words.length === 1 && COMMON_ALONE.has(span.words[0]!)) return undefined;
  // One telling word, then a word that is not in the name ("THCS Tân Thông Hội" is not "Tân Trung"):
  // a longer name that is not registered, unless the whole name is that one word.
  if (stopped && telling < 2 && s.telling.size > 1) return undefined;
  return { matched, inName };
}

/**
 * The school a chat message names, if it names one: "sửa bc q4 trường tiểu học thị trấn",
 * "trường thị trấn củ chi nộp chưa", "bc THCS Thị Trấn 2". Full or partial names, with or without
 * diacritics, abbreviated ("TH", "THCS", "cc"), one typo per long word. `own` is the school the
 * account is linked to; `place` the district's name (words every school shares). A partial name
 * that fits the account's own school is its own school.
 */
export function schoolNamedIn(text: string, schools: ChatSchoolRef[], own: string, place = ""): SchoolNamed | undefined {
  const placeWords = new Set(chatWords(place).slice(chatWords(place).findLastIndex((w) => ["huyen", "quan", "thanh", "pho", "xa"].includes(w)) + 1));
  const shapes = schools.map((s) => shapeOf(s, placeWords));
  // A name never runs over a sentence's end ("… chỉ các trường MN, TH, THCS? bộ chỉ số 4725 …").
  const spans = text.split(/[.?!;\n]+/).flatMap((sentence) => spansIn(chatWords(sentence), shapes));
  let result: SchoolNamed | undefined;
  for (const span of spans) {
    const fits = shapes.map((s) => ({ s, f: fit(span, s) })).filter((x): x is { s: SchoolShape; f: { matched: number; inName: number } } => !!x.f);
    const rank = (f: { matched: number; inName: number }) => f.matched * 100 + f.inName;
    const best = Math.max(0, ...fits.map((x) => rank(x.f)));
    const top = fits.filter((x) => rank(x.f) === best);
    if (top.some((x) => x.s.school.id === own)) {
      result ??= { words: span.words, own: true, others: [] };
      continue;
    }
    if (top.length) return { words: span.words, own: false, others: top.map((x) => x.s.school) };
    // Not in the registry: a name after "trường" or a level word, of two words or more that are not just the district.
    const named = span.words.filter((w) => !placeWords.has(w));
    if (span.explicit && named.length >= 2 && !named.every((w) => /^\d+$/.test(w))) return { words: span.words, own: false, others: [] };
  }
  return result;
}

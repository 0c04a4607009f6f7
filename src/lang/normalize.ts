/**
 * Vietnamese as principals type it on Zalo, normalised one way for every reader (knowledge,
 * report dialogue, mail): NFC, lower case, the few accented words whose meaning folding would
 * lose, folded (no diacritics, đ → d), then the lexicon: spellings, letters glued to numbers
 * (q3, pl3, n1), abbreviations, Roman numerals and number words after "quý/nhóm/mức/phụ lục",
 * compounds, fillers, synonyms. The corpus goes through the same function, so both meet halfway.
 */
import { foldVietnamese } from "../domain/text.ts";
import { lexicon, type Lexicon } from "./lexicon.ts";
import { Speller } from "./speller.ts";

export { foldVietnamese };

export interface Analysis {
  /** The message as given (NFC). */
  raw: string;
  /** Normalised words; a compound is one word joined by "_" ("dia_chi"). */
  tokens: string[];
  /** The same words with compounds spelled out, for patterns ("dia chi email phong"). */
  text: string;
  /**
   * Off-domain phrases found (salary, weather…): `certain` when matched with its diacritics,
   * else only the folded form matched ("luong" may be "lương" or "luồng").
   */
  offDomain: { phrase: string; words: string[]; certain: boolean }[];
}

const ROMAN: Record<string, string> = { i: "1", ii: "2", iii: "3", iv: "4" };
const NUMBER_WORDS: Record<string, string> = { mot: "1", nhat: "1", hai: "2", ba: "3", bon: "4", tu: "4" };
/** After "mục/dòng" only, the rows' higher numbers typed as words ("muc tam" = mục tám); "sau" stays "after". */
const ROW_NUMBER_WORDS: Record<string, string> = { nam: "5", bay: "7", tam: "8", chin: "9" };
/** Words after which a Roman numeral or a number word is a number. */
const NUMBERED = new Set(["quy", "nhom", "muc", "do", "luc", "chuan", "dong", "cot"]);

/** Folded text with punctuation reduced to spaces, numbers kept whole (20/9/2025, 1.2, 75.5, 80%). */
export function foldForMatching(text: string, lex: Lexicon = lexicon()): string {
  let t = text.normalize("NFC").toLowerCase();
  for (const [re, to] of lex.accented) t = t.replace(re, ` ${to} `);
  t = foldVietnamese(t);
  t = t
    .replace(/(\d),(\d{1,2})(?!\d)/g, "$1.$2") // 75,5 and 80,25 are decimals; a list is written "75, 68"
    .replace(/(?<![\d.])(\d{1,3}(?:\.\d{1,2})?)d\b/g, "$1 diem") // "68đ" is 68 points (money is written 500.000đ)
    .replace(/(?<!\d)[/.:,]|[/.:,](?!\d)/g, " ")
    .replace(/[^\p{L}\p{N}/.:%\s]/gu, " ")
    .replace(/(\d)%/g, "$1 %")
    .replace(/\s+/g, " ")
    .trim();
  return t;
}

/** Prefixes a Roman numeral may be glued to ("qIII", "plII"); "khi", "mi", "ni" are words, not "kh I", "m I", "n I". */
const ROMAN_GLUED = new Set(["q", "quy", "pl", "phuluc", "nhom", "md"]);

function expandGlued(words: string[], lex: Lexicon): string[] {
  const out: string[] = [];
  for (const w of words) {
    const m = lex.gluedPattern.exec(w);
    if (m && lex.glued.has(m[1]!) && (!ROMAN[m[2]!] || ROMAN_GLUED.has(m[1]!))) out.push(...lex.glued.get(m[1]!)!, ROMAN[m[2]!] ?? m[2]!);
    else out.push(w);
  }
  return out;
}

function numerals(words: string[]): string[] {
  const out: string[] = [];
  // "quý I, II, III": a Roman numeral that continues a list begun after a numbered word is a number too.
  let listing = false;
  for (const [i, w] of words.entries()) {
    const prev = words[i - 1];
    if (prev && NUMBERED.has(prev)) {
      const n = ROMAN[w] ?? NUMBER_WORDS[w] ?? (prev === "muc" || prev === "dong" ? ROW_NUMBER_WORDS[w] : undefined) ?? w;
      listing = /^[1-4]$/.test(n);
      out.push(n);
    } else if (listing && ROMAN[w]) out.push(ROMAN[w]!);
    else {
      listing &&= /^[1-4]$/.test(w) || w === "va" || w === "voi";
      out.push(w);
    }
  }
  return out;
}

/** "phụ lục 2", "phụ lục 3" are names, not a word and a number: one token each ("phu_luc_3"). */
function numberedNames(words: string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    const prev = out.at(-1);
    if (prev === "phu_luc" && /^[1-9]$/.test(w)) out[out.length - 1] = `${prev}_${w}`;
    else out.push(w);
  }
  return out;
}

function dropFillers(words: string[], lex: Lexicon): string[] {
  let out = lex.fillerPhrases.apply(words).filter((w) => !lex.fillerWords.has(w));
  while (out.length && lex.edgeFillers.has(out[0]!)) out = out.slice(1);
  while (out.length && lex.edgeFillers.has(out.at(-1)!)) out = out.slice(0, -1);
  return out;
}

function findOffDomain(raw: string, words: string[], lex: Lexicon): Analysis["offDomain"] {
  const found = new Map<string, Analysis["offDomain"][number]>();
  const accented = raw.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  for (let i = 0; i < accented.length; i++) {
    const m = lex.offDomainAccented.match(accented, i);
    if (m) found.set(m.to[0]!, { phrase: m.to[0]!, words: accented.slice(i, i + m.length).map(foldVietnamese), certain: true });
  }
  for (let i = 0; i < words.length; i++) {
    const m = lex.offDomain.match(words, i);
    if (m && !found.has(m.to[0]!)) found.set(m.to[0]!, { phrase: m.to[0]!, words: words.slice(i, i + m.length), certain: false });
  }
  return [...found.values()];
}

/** Everything the readers need from one message (or one sentence of it). */
export function analyze(text: string, lex: Lexicon = lexicon(), speller: Speller | undefined = currentSpeller): Analysis {
  const raw = text.normalize("NFC");
  let words = foldForMatching(raw, lex).split(" ").filter(Boolean);
  if (speller) words = words.map((w) => speller.correct(w));
  words = lex.spellings.apply(words);
  words = expandGlued(words, lex);
  words = lex.abbreviations.apply(words);
  words = lex.spellings.apply(words); // an expansion can form a known misspelling ("muc do do")
  words = numerals(words);
  words = lex.compounds.apply(words);
  words = numberedNames(words);
  const offDomain = findOffDomain(raw, words, lex);
  words = dropFillers(words, lex);
  words = lex.synonyms.apply(words);
  return { raw, tokens: words, text: words.join(" ").replace(/_/g, " "), offDomain };
}

/** "quý I, II, III", "mục 2, mục 4", "cột 5, 6": a comma inside a list of numbered things joins, it does not end a clause. */
const LIST_COMMA = /(?<=(?<![\p{L}\d.\/])(?:I{1,3}|IV|\d(?:\.\d{1,2})?))\s*,\s*(?=(?:(?:quý|quy|q|mục|muc|dòng|dong|cột|cot)\s*)?(?:I{1,3}|IV|\d(?:\.\d{1,2})?)(?![\p{L}\d\/]))/gu;

/** Where a clause ends inside a sentence: a comma, semicolon, "?" or "!" not inside a number ("75,5", "20/9"), or a line break. */
const CLAUSE_BREAK = /(?<!\d)[,;?!]+|[,;?!]+(?!\d)|\n+/u;

/**
 * A question as typed, clause by clause: fillers that only go at an edge ("ạ", "v", "a", "ok")
 * are dropped at each clause's edges too — "có mấy nhóm tiêu chí v a, tổng bao nhiêu điểm" reads
 * like "có mấy nhóm tiêu chí vậy ạ, tổng bao nhiêu điểm" (where the accented "ạ", "vậy" go anywhere).
 */
export function analyzeQuestion(text: string, lex: Lexicon = lexicon()): Analysis {
  const raw = text.normalize("NFC");
  const clauses = raw
    .replace(LIST_COMMA, " và ")
    .split(CLAUSE_BREAK)
    .filter((c) => c.trim());
  if (clauses.length < 2) return analyze(raw, lex);
  const parts = clauses.map((c) => analyze(c, lex));
  const tokens = parts.flatMap((p) => p.tokens);
  const offDomain = new Map(parts.flatMap((p) => p.offDomain).map((o) => [o.phrase, o] as const));
  return { raw, tokens, text: tokens.join(" ").replace(/_/g, " "), offDomain: [...offDomain.values()] };
}

/** Shorthand: the normalised text of a message. */
export function normalize(text: string, lex?: Lexicon): string {
  return analyze(text, lex).text;
}

let currentSpeller: Speller | undefined;

/** Sets the words typing slips are corrected to (the knowledge corpus' words plus the lexicon's); undefined turns it off. */
export function useVocabulary(words: Iterable<string> | undefined, lex: Lexicon = lexicon()): void {
  currentSpeller = words ? new Speller(new Set([...words, ...lex.knownWords])) : undefined;
}

export function isStopword(word: string, lex: Lexicon = lexicon()): boolean {
  return lex.stopwords.has(word);
}

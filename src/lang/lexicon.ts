/**
 * The lexicon (src/lang/lexicon.yaml, or LANG_LEXICON): the office's editable list of chat
 * spellings, abbreviations, fillers, compounds, synonyms, off-domain words and stopwords.
 * Validated with zod and compiled once into phrase tables the normaliser walks.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { foldVietnamese } from "../domain/text.ts";

export const DEFAULT_LEXICON_PATH = path.join(import.meta.dirname, "lexicon.yaml");

const folded = z
  .string()
  .regex(/^[a-z0-9 ]*$/, "chỉ chữ không dấu, chữ số và dấu cách")
  .transform((s) => s.trim().replace(/\s+/g, " "));
const phrase = folded.refine((s) => s.length > 0, "cụm từ trống");

const lexiconSchema = z.object({
  accented: z.record(z.string().min(1), folded).default({}),
  spellings: z.record(phrase, folded).default({}),
  glued: z.record(z.string().regex(/^[a-z]+$/), phrase).default({}),
  abbreviations: z.record(z.string().regex(/^[a-z0-9]+$/), phrase).default({}),
  fillers: z
    .object({ phrases: z.array(phrase).default([]), words: z.array(phrase).default([]), edge: z.array(phrase).default([]) })
    .default({ phrases: [], words: [], edge: [] }),
  compounds: z.array(phrase).default([]),
  synonyms: z.record(phrase, z.array(phrase)).default({}),
  offDomain: z.array(z.string().min(1).transform((x) => x.normalize("NFC").toLowerCase().trim().replace(/\s+/g, " "))).default([]),
  stopwords: z.string().default(""),
});

export type LexiconSource = z.infer<typeof lexiconSchema>;

/** Phrase → replacement, looked up by first word, longest phrase first. */
export class PhraseTable {
  private readonly byFirst = new Map<string, { from: string[]; to: string[] }[]>();

  add(from: string[], to: string[]): void {
    if (!from.length) return;
    const list = this.byFirst.get(from[0]!) ?? [];
    list.push({ from, to });
    list.sort((a, b) => b.from.length - a.from.length);
    this.byFirst.set(from[0]!, list);
  }

  /** The longest phrase starting at `i`, if any. */
  match(words: string[], i: number): { length: number; to: string[] } | undefined {
    const list = this.byFirst.get(words[i]!);
    if (!list) return undefined;
    for (const { from, to } of list) {
      if (from.every((w, j) => words[i + j] === w)) return { length: from.length, to };
    }
    return undefined;
  }

  /** Replaces every phrase in one left-to-right pass. */
  apply(words: string[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < words.length; ) {
      const m = this.match(words, i);
      if (m) {
        out.push(...m.to);
        i += m.length;
      } else {
        out.push(words[i]!);
        i++;
      }
    }
    return out;
  }
}

export interface Lexicon {
  accented: [RegExp, string][];
  spellings: PhraseTable;
  glued: Map<string, string[]>;
  gluedPattern: RegExp;
  abbreviations: PhraseTable;
  fillerPhrases: PhraseTable;
  fillerWords: Set<string>;
  edgeFillers: Set<string>;
  compounds: PhraseTable;
  synonyms: PhraseTable;
  /** Off-domain phrases as written (with diacritics) and folded. */
  offDomainAccented: PhraseTable;
  offDomain: PhraseTable;
  stopwords: Set<string>;
  /** Every single word the lexicon itself spells (keys and expansions): never "corrected" away. */
  knownWords: Set<string>;
}

export class LexiconError extends Error {}

const words = (s: string) => s.split(" ").filter(Boolean);

export function compileLexicon(src: LexiconSource): Lexicon {
  const spellings = new PhraseTable();
  for (const [from, to] of Object.entries(src.spellings)) spellings.add(words(from), words(to));
  const abbreviations = new PhraseTable();
  for (const [from, to] of Object.entries(src.abbreviations)) abbreviations.add([from], words(to));
  const fillerPhrases = new PhraseTable();
  for (const p of src.fillers.phrases) fillerPhrases.add(words(p), []);
  const compounds = new PhraseTable();
  for (const c of src.compounds) compounds.add(words(c), [words(c).join("_")]);
  // Synonym variants are matched after compounds were joined, so compile them the same way.
  const synonyms = new PhraseTable();
  for (const [canonical, variants] of Object.entries(src.synonyms)) {
    const to = compounds.apply(words(canonical));
    for (const v of variants) synonyms.add(compounds.apply(words(v)), to);
  }
  const offDomain = new PhraseTable();
  const offDomainAccented = new PhraseTable();
  for (const p of src.offDomain) {
    offDomainAccented.add(words(p), [p]);
    offDomain.add(compounds.apply(words(foldVietnamese(p))), [p]);
  }
  const glued = new Map(Object.entries(src.glued).map(([k, v]) => [k, words(v)]));
  const prefixes = [...glued.keys()].sort((a, b) => b.length - a.length).join("|");
  return {
    accented: Object.entries(src.accented).map(([from, to]) => [new RegExp(`(?<![\\p{L}\\p{N}])${from.normalize("NFC")}(?![\\p{L}\\p{N}])`, "giu"), to]),
    spellings,
    glued,
    gluedPattern: new RegExp(`^(${prefixes || "(?!)"})(\\d+(?:\\.\\d+)*(?:\\/\\d{4})?|i{1,3}|iv)$`),
    abbreviations,
    fillerPhrases,
    fillerWords: new Set(src.fillers.words),
    edgeFillers: new Set(src.fillers.edge),
    compounds,
    synonyms,
    offDomain,
    offDomainAccented,
    stopwords: new Set(words(src.stopwords)),
    knownWords: new Set(
      [
        ...Object.entries(src.spellings).flat(),
        ...Object.entries(src.abbreviations).flat(),
        ...Object.values(src.glued),
        ...src.fillers.phrases,
        ...src.fillers.words,
        ...src.fillers.edge,
        ...src.compounds,
        ...Object.entries(src.synonyms).flat(2),
        ...src.offDomain.map(foldVietnamese),
        src.stopwords,
      ].flatMap(words),
    ),
  };
}

export function loadLexiconSource(file = DEFAULT_LEXICON_PATH): LexiconSource {
  let raw: unknown;
  try {
    raw = parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new LexiconError(`${file}: ${(err as Error).message}`);
  }
  const parsed = lexiconSchema.safeParse(raw);
  if (!parsed.success) {
    throw new LexiconError(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}

let current: Lexicon | undefined;

/** The lexicon in use (the default file unless the service loaded the configured one with useLexicon). */
export function lexicon(): Lexicon {
  current ??= compileLexicon(loadLexiconSource());
  return current;
}

/** Replaces the lexicon in use (a reload, or a test). */
export function useLexicon(lex: Lexicon): void {
  current = lex;
}

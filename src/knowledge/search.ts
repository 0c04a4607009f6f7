/**
 * Retrieval over the corpus with MiniSearch (BM25+, in memory): title, tags and example
 * questions weighted above the body, fuzzy matching for typos on longer words, and the
 * language layer's words (folded, expanded, compounds joined, fillers dropped) plus adjacent
 * pairs. Bodies are indexed with their placeholders already filled ({{office.email}} → the
 * configured address), so "địa chỉ mail của phòng" finds the entry that states it.
 *
 * Whether to answer is decided by how much of the question's content the entry covers, each
 * word weighted by its rarity in the corpus. A word the corpus never uses weighs like a rare
 * one, not more: one unknown word ("ad", a name, a typo) lowers coverage, it does not sink it.
 * Off-domain words (salary, weather…) are handled by the caller.
 */
import MiniSearch from "minisearch";
import { analyze, isStopword } from "../lang/normalize.ts";
import type { KnowledgeEntry } from "./corpus.ts";

export interface SearchHit {
  entry: KnowledgeEntry;
  score: number;
  /** Share of the question's content words found in the entry, weighted by rarity (0–1). */
  coverage: number;
  /** A pair of adjacent content words of the question also stands in the entry, or the only word is rare/in its title. */
  specific: boolean;
  /** The question's content words the entry does not use. */
  missing: string[];
}

export interface SearchThresholds {
  minScore: number;
  minCoverage: number;
}

export const DEFAULT_THRESHOLDS: SearchThresholds = { minScore: 5, minCoverage: 0.6 };

/** A word found in at most this many entries can carry a one-word question. */
const RARE_DOC_FREQUENCY = 3;

interface Doc {
  id: string;
  title: string;
  tags: string;
  questions: string;
  body: string;
}

/** A numbered name ("phu_luc_3"): the family it belongs to ("phu_luc"). */
const NUMBERED_NAME = /^([a-z_]+)_\d$/;

/** Index words: content words and adjacent pairs ("han+nop"). */
export function indexTerms(text: string): string[] {
  const words = analyze(text).tokens;
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!isStopword(w) || /\d/.test(w)) out.push(w);
    // "phu_luc_3" is also a "phu_luc" ("theo mẫu phụ lục nào").
    const family = NUMBERED_NAME.exec(w);
    if (family) out.push(family[1]!);
    const next = words[i + 1];
    if (next && (!isStopword(w) || !isStopword(next))) out.push(`${w}+${next}`);
  }
  return out;
}

/** A number of one or two digits ("3", "12") says little on its own; "396", "4725", "1.2" do. */
const weakNumber = (w: string) => /^\d{1,2}$/.test(w);

/** The question's distinct content words (no stopwords, no bare small numbers). */
export function contentWords(tokens: string[]): string[] {
  return [...new Set(tokens.filter((w) => w && !isStopword(w) && !weakNumber(w)))];
}

function contentPairs(tokens: string[]): string[] {
  const pairs: string[] = [];
  for (let i = 1; i < tokens.length; i++) {
    const a = tokens[i - 1]!;
    const b = tokens[i]!;
    if (!isStopword(a) && !isStopword(b) && !(weakNumber(a) && weakNumber(b))) pairs.push(`${a} ${b}`);
  }
  return pairs;
}

export class KnowledgeIndex {
  private readonly index: MiniSearch<Doc>;
  private readonly byId = new Map<string, KnowledgeEntry>();
  private readonly termsById = new Map<string, Set<string>>();
  private readonly pairsById = new Map<string, Set<string>>();
  private readonly titleTermsById = new Map<string, Set<string>>();
  private readonly docFrequency = new Map<string, number>();

  /**
   * `fill` turns placeholders into configured values before indexing. `sourceOf` names an entry's
   * document ("Kế hoạch … của Phòng GD&ĐT huyện Củ Chi"): its words count as covered ("theo kế hoạch
   * của huyện") without weighing in the ranking.
   */
  constructor(entries: KnowledgeEntry[], fill: (text: string) => string = (t) => t, sourceOf: (e: KnowledgeEntry) => string = () => "") {
    this.index = new MiniSearch<Doc>({
      fields: ["title", "tags", "questions", "body"],
      tokenize: (text) => indexTerms(text),
      processTerm: (term) => term,
      searchOptions: {
        boost: { title: 2.5, tags: 2, questions: 2, body: 1 },
        fuzzy: (term) => (!term.includes("+") && term.length >= 5 ? 0.2 : false),
        prefix: false,
        combineWith: "OR",
      },
    });
    const docs = entries.map((e) => ({
      id: e.id,
      title: e.title,
      tags: e.tags.join(" . "),
      questions: e.questions.join(" . "),
      body: fill(e.body),
    }));
    for (const [i, e] of entries.entries()) {
      this.byId.set(e.id, e);
      const d = docs[i]!;
      const words = [d.title, d.tags, d.questions, d.body].flatMap((part) => analyze(part).tokens);
      const terms = new Set(words.flatMap((w) => [w, ...(NUMBERED_NAME.exec(w)?.slice(1, 2) ?? [])]));
      const coveredBySource = analyze(sourceOf(e)).tokens.filter((w) => !terms.has(w));
      this.termsById.set(e.id, terms);
      this.pairsById.set(e.id, new Set(words.slice(1).map((w, j) => `${words[j]} ${w}`)));
      this.titleTermsById.set(e.id, new Set(analyze(d.title).tokens));
      for (const t of terms) this.docFrequency.set(t, (this.docFrequency.get(t) ?? 0) + 1);
      for (const t of coveredBySource) terms.add(t);
    }
    this.index.addAll(docs);
  }

  /** Whether few entries use this word (a rare word the question turns on). */
  isRare(word: string): boolean {
    return (this.docFrequency.get(word) ?? 0) <= RARE_DOC_FREQUENCY;
  }

  /** Whether the corpus uses this word at all. */
  knows(word: string): boolean {
    return this.docFrequency.has(word);
  }

  /** Whether one entry uses these words side by side (one word: whether the corpus uses it at all). */
  knowsPhrase(words: string[]): boolean {
    if (words.length < 2) return words.every((w) => this.knows(w));
    const pairs = words.slice(1).map((w, i) => `${words[i]} ${w}`);
    return [...this.pairsById.values()].some((entryPairs) => pairs.every((p) => entryPairs.has(p)));
  }

  /** Rarity weight; a word the corpus never uses weighs like a word found in one entry. */
  private idf(term: string): number {
    const n = this.byId.size;
    return Math.log((n + 1) / (Math.max(1, this.docFrequency.get(term) ?? 0) + 0.5));
  }

  search(tokens: string[], limit = 3): SearchHit[] {
    const content = contentWords(tokens);
    if (!content.length) return [];
    const pairs = contentPairs(tokens);
    const query = tokens.join(" ");
    return this.index
      .search(query)
      .slice(0, limit)
      .map((r) => {
        const terms = this.termsById.get(r.id as string)!;
        const total = content.reduce((sum, w) => sum + this.idf(w), 0);
        const covered = content.filter((w) => terms.has(w)).reduce((sum, w) => sum + this.idf(w), 0);
        const entryPairs = this.pairsById.get(r.id as string)!;
        // One or two content words ("tin nhắn", "EDUGIS"): one of them must be rare, or all stand in the entry's
        // title, or two domain terms of the lexicon (compounds) stand side by side in the entry ("tự đánh giá
        // trường học số") — two plain words side by side ("tin nhắn 3") are not a question about the entry.
        const short = content.length <= 2;
        const titleTerms = this.titleTermsById.get(r.id as string)!;
        return {
          entry: this.byId.get(r.id as string)!,
          score: r.score,
          coverage: total > 0 ? covered / total : 0,
          missing: content.filter((w) => !terms.has(w)),
          specific: short
            ? content.some((w) => (this.docFrequency.get(w) ?? 0) <= RARE_DOC_FREQUENCY) ||
              content.every((w) => titleTerms.has(w)) ||
              pairs.some((p) => entryPairs.has(p) && p.split(" ").every((w) => w.includes("_"))) ||
              // "điều kiện bắt buộc nhóm 1": the domain term the entry is titled by, and the other word in it too.
              (content.every((w) => terms.has(w)) && content.some((w) => w.includes("_") && titleTerms.has(w)))
            : pairs.length
              ? pairs.some((p) => entryPairs.has(p)) || content.every((w) => terms.has(w))
              : true,
        };
      });
  }
}

/** Confident when the entry scores, covers most of the question's content, and shares a phrase with it. */
export function isConfident(hit: SearchHit | undefined, t: SearchThresholds = DEFAULT_THRESHOLDS): boolean {
  return !!hit && hit.score >= t.minScore && hit.coverage >= t.minCoverage && hit.specific;
}

/**
 * Retrieval over the corpus with MiniSearch (BM25+ ranking, in memory, no dependencies):
 * title, tags and example questions weighted above the body, fuzzy matching for typos on
 * longer syllables, Vietnamese-aware tokens (folded syllables and bigrams). A confidence test
 * — how much of the question's content the best entry covers — decides when to decline.
 */
import MiniSearch from "minisearch";
import type { KnowledgeEntry } from "./corpus.ts";
import { STOPWORDS, normalizeForSearch, tokenize } from "./vietnamese.ts";

export interface SearchHit {
  entry: KnowledgeEntry;
  score: number;
  /**
   * Share of the question's content found in the entry (0–1): its content syllables weighted
   * by rarity in the corpus (IDF), a syllable the corpus never uses weighing most. Only exact
   * matches count, so a fuzzy match never makes an off-topic question look covered.
   */
  coverage: number;
  /**
   * Whether the match is specific: a pair of adjacent content syllables of the question also
   * stands in the entry; for a one-word question, that word is rare in the corpus or in the
   * entry's title (“EDUGIS”, “LMS”, not “máy”).
   */
  specific: boolean;
}

export interface SearchThresholds {
  minScore: number;
  minCoverage: number;
}

// Chosen on the development set: off-topic questions covered ≤ 0.54, answerable ones ≥ 0.75.
export const DEFAULT_THRESHOLDS: SearchThresholds = { minScore: 6, minCoverage: 0.65 };

/** A word found in at most this many entries can carry a one-word question. */
const RARE_DOC_FREQUENCY = 3;

interface Doc {
  id: string;
  title: string;
  tags: string;
  questions: string;
  body: string;
}

export class KnowledgeIndex {
  private readonly index: MiniSearch<Doc>;
  private readonly byId = new Map<string, KnowledgeEntry>();
  private readonly termsById = new Map<string, Set<string>>();
  private readonly pairsById = new Map<string, Set<string>>();
  private readonly titleTermsById = new Map<string, Set<string>>();
  private readonly docFrequency = new Map<string, number>();

  constructor(entries: KnowledgeEntry[]) {
    this.index = new MiniSearch<Doc>({
      fields: ["title", "tags", "questions", "body"],
      tokenize: (text) => tokenize(text),
      processTerm: (term) => term,
      searchOptions: {
        boost: { title: 2.5, tags: 2, questions: 2, body: 1 },
        fuzzy: (term) => (!term.includes("_") && term.length >= 5 ? 0.2 : false),
        prefix: false,
        combineWith: "OR",
      },
    });
    const docs = entries.map((e) => ({
      id: e.id,
      title: e.title,
      tags: e.tags.join(" . "),
      questions: e.questions.join(" . "),
      body: e.body.replace(/\{\{[^}]*\}\}/g, " "),
    }));
    for (const [i, e] of entries.entries()) {
      this.byId.set(e.id, e);
      const d = docs[i]!;
      const words = normalizeForSearch([d.title, d.tags, d.questions, d.body].join(" . ")).split(" ");
      const terms = new Set(words);
      this.termsById.set(e.id, terms);
      this.pairsById.set(e.id, new Set(words.slice(1).map((w, j) => `${words[j]} ${w}`)));
      this.titleTermsById.set(e.id, new Set(normalizeForSearch(d.title).split(" ")));
      for (const t of terms) this.docFrequency.set(t, (this.docFrequency.get(t) ?? 0) + 1);
    }
    this.index.addAll(docs);
  }

  /** Inverse document frequency; a syllable absent from the corpus weighs most. */
  private idf(term: string): number {
    const n = this.byId.size;
    return Math.log((n + 1) / ((this.docFrequency.get(term) ?? 0) + 0.5));
  }

  search(question: string, limit = 3): SearchHit[] {
    const content = contentSyllables(question);
    if (!content.length) return [];
    const pairs = contentPairs(question);
    return this.index
      .search(question)
      .slice(0, limit)
      .map((r) => {
        const terms = this.termsById.get(r.id as string)!;
        const total = content.reduce((sum, w) => sum + this.idf(w), 0);
        const covered = content.filter((w) => terms.has(w)).reduce((sum, w) => sum + this.idf(w), 0);
        const entryPairs = this.pairsById.get(r.id as string)!;
        return {
          entry: this.byId.get(r.id as string)!,
          score: r.score,
          coverage: total > 0 ? covered / total : 0,
          specific: pairs.length
            ? pairs.some((p) => entryPairs.has(p))
            : content.length > 1 ||
              (this.docFrequency.get(content[0]!) ?? 0) <= RARE_DOC_FREQUENCY ||
              this.titleTermsById.get(r.id as string)!.has(content[0]!),
        };
      });
  }
}

/** The question's distinct content syllables (no stopwords). */
export function contentSyllables(question: string): string[] {
  return [...new Set(normalizeForSearch(question).split(" ").filter((w) => w && !STOPWORDS.has(w)))];
}

/** Adjacent pairs of content syllables ("tin nhan", "han nop"). */
export function contentPairs(question: string): string[] {
  const words = normalizeForSearch(question).split(" ");
  const pairs: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const a = words[i - 1]!;
    const b = words[i]!;
    if (a && b && !STOPWORDS.has(a) && !STOPWORDS.has(b)) pairs.push(`${a} ${b}`);
  }
  return pairs;
}

/** Confident when the entry scores, covers most of the question's content, and shares a phrase with it. */
export function isConfident(hit: SearchHit | undefined, t: SearchThresholds = DEFAULT_THRESHOLDS): boolean {
  return !!hit && hit.score >= t.minScore && hit.coverage >= t.minCoverage && hit.specific;
}

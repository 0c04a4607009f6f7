/**
 * The knowledge service: computed answers first, then retrieval; declines below the
 * confidence threshold. Every answer carries its source line. An optional LLM may reword a
 * retrieved answer from the retrieved entries only; any failure falls back to the extract.
 */
import type { Logger } from "../logger.ts";
import { loadCorpus, type Corpus, type CorpusProblem } from "./corpus.ts";
import { caveatFor, declineText, fillPlaceholders, sourceLine, type ComposeContext } from "./compose.ts";
import { computeAnswer } from "./computed.ts";
import { detectIntent } from "./intents.ts";
import { DEFAULT_THRESHOLDS, isConfident, KnowledgeIndex, type SearchThresholds } from "./search.ts";
import { normalizeForSearch } from "./vietnamese.ts";

export interface Answer {
  text: string;
  declined: boolean;
  kind: "computed" | "retrieved" | "declined" | "smalltalk";
  /** Source labels, as printed. */
  sources: string[];
  entryIds: string[];
  score?: number;
}

/** Rewrites an extractive answer with an LLM (see src/llm/); resolves undefined to keep the extract. */
export type Rewriter = (question: string, extract: string, facts: string[]) => Promise<string | undefined>;

export interface KnowledgeOptions extends ComposeContext {
  corpusDir?: string;
  thresholds?: SearchThresholds;
  rewriter?: Rewriter;
  logger?: Logger;
}

export const MAX_QUESTION_CHARS = 2_000;

export class Knowledge {
  private corpus!: Corpus;
  private index!: KnowledgeIndex;

  constructor(private readonly opts: KnowledgeOptions) {
    const problems = this.reload();
    if (problems.length) {
      throw new Error(`Kho kiến thức lỗi / knowledge corpus invalid:\n${problems.map((p) => `  ${p.file}: ${p.message}`).join("\n")}`);
    }
  }

  get size(): number {
    return this.corpus.entries.length;
  }

  /** Re-reads the corpus; keeps the previous one when the new one has problems. */
  reload(): CorpusProblem[] {
    const { corpus, problems } = loadCorpus(this.opts.corpusDir);
    if (problems.length && this.corpus) return problems;
    this.corpus = corpus;
    this.index = new KnowledgeIndex(corpus.entries);
    return problems;
  }

  private label(sourceId: string): string {
    const label = this.corpus.sources[sourceId]?.label ?? sourceId;
    return fillPlaceholders(label, this.opts);
  }

  async answer(question: string, opts: { now?: Date } = {}): Promise<Answer> {
    const now = opts.now ?? new Date();
    const q = question.normalize("NFC").slice(0, MAX_QUESTION_CHARS);
    const normalized = normalizeForSearch(q);
    const intent = detectIntent(normalized);

    if (intent?.kind === "smalltalk") {
      const text = intent.what === "thanks" ? "Dạ, không có gì ạ. Thầy/cô cần gì cứ nhắn nhé." : "Dạ vâng. Thầy/cô cần gì cứ nhắn nhé.";
      return { text, declined: false, kind: "smalltalk", sources: [], entryIds: [] };
    }
    if (intent) {
      const computed = computeAnswer(intent, now, this.opts.deadlines, this.opts.office);
      const sources = computed.sources.map((s) => this.label(s));
      return { text: `${computed.text}\n${sourceLine(sources)}`, declined: false, kind: "computed", sources, entryIds: [] };
    }

    const hits = this.index.search(q);
    const top = hits[0];
    if (!top || !isConfident(top, this.opts.thresholds ?? DEFAULT_THRESHOLDS)) {
      return { text: declineText(this.opts.office), declined: true, kind: "declined", sources: [], entryIds: [], score: top?.score };
    }

    const body = fillPlaceholders(top.entry.body, this.opts);
    const caveat = caveatFor(top.entry, this.opts);
    const sources = [this.label(top.entry.source)];
    let main = body;
    if (this.opts.rewriter) {
      try {
        main = (await this.opts.rewriter(q, body, [body])) ?? body;
      } catch (err) {
        this.opts.logger?.warn({ err }, "llm rewrite failed; extractive answer used");
      }
    }
    const second = hits[1];
    const seeAlso =
      second && second.entry.id !== top.entry.id && isConfident(second, this.opts.thresholds ?? DEFAULT_THRESHOLDS) && second.score >= top.score * 0.8
        ? `Xem thêm: hỏi “${second.entry.title}”.`
        : undefined;
    const text = [main, caveat, seeAlso, sourceLine(sources)].filter(Boolean).join("\n\n");
    return { text, declined: false, kind: "retrieved", sources, entryIds: [top.entry.id], score: top.score };
  }
}

/**
 * Intent classification: NLP.js's neural classifier (@nlpjs/neural, one perceptron per intent),
 * trained at start-up on the utterance banks in intents.yaml plus the knowledge corpus' example
 * questions, over the language layer's words and a few slot features (a score, a date, a quarter).
 * Slots stay deterministic (periods.ts, scores.ts, references.ts); the caller checks the slots an
 * intent needs before acting on it.
 */
import fs from "node:fs";
import path from "node:path";
import { NeuralNetwork } from "@nlpjs/neural";
import { parse } from "yaml";
import { z } from "zod";
import { analyze, type Analysis } from "./normalize.ts";

export const DEFAULT_INTENTS_PATH = path.join(import.meta.dirname, "intents.yaml");

export const INTENTS = ["deadline_quarter", "deadline_self_assessment", "lateness", "level", "period_current", "help", "thanks", "ack", "knowledge"] as const;
export type IntentName = (typeof INTENTS)[number];

const banksSchema = z.record(z.enum(INTENTS), z.array(z.string().min(1)).min(1));

export interface Classification {
  intent: IntentName;
  score: number;
  /** Second best, to tell a clear decision from a close one. */
  runnerUp?: { intent: IntentName; score: number };
}

/** Words plus slot features: what the network sees. */
export function features(a: Analysis): Record<string, number> {
  const f: Record<string, number> = {};
  const words = a.tokens;
  for (const w of words) f[w] = 1;
  for (let i = 1; i < words.length; i++) f[`${words[i - 1]}+${words[i]}`] = 1;
  if (/\b\d{1,2}\/\d{1,2}\b|\bngay \d{1,2} thang\b/.test(a.text)) f["#date"] = 1;
  if (/\bquy [1-4]\b|\bquy (nay|toi|sau|truoc)\b/.test(a.text)) f["#quarter"] = 1;
  const numbers = a.text.match(/(?<![\d/.])\b\d{2,3}(\.\d+)?\b(?![/.]\d)/g)?.filter((n) => Number(n) <= 150 && !/^20\d\d$/.test(n)) ?? [];
  if (numbers.length) f["#score"] = 1;
  if (numbers.length >= 2) f["#scores"] = 1;
  for (const k of Object.keys(f)) if (/^\d/.test(k)) delete f[k]; // numbers themselves are slots, not words
  return f;
}

export class IntentClassifier {
  private readonly net: NeuralNetwork;

  private constructor(net: NeuralNetwork) {
    this.net = net;
  }

  /** Words of the short social intents (help, thanks, ack): a message made only of these is small talk. */
  readonly socialWords = new Set<string>();

  /** Trains on the banks plus extra examples (the corpus' questions, labelled "knowledge" or their entry's intent). */
  static train(extra: { text: string; intent: IntentName }[] = [], file = DEFAULT_INTENTS_PATH): IntentClassifier {
    const parsed = banksSchema.safeParse(parse(fs.readFileSync(file, "utf8")));
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    const corpus: { input: Record<string, number>; output: Record<string, number> }[] = [];
    const social = new Set<string>();
    for (const [intent, utterances] of Object.entries(parsed.data)) {
      for (const u of utterances ?? []) {
        const a = analyze(u);
        corpus.push({ input: features(a), output: { [intent]: 1 } });
        if (intent === "help" || intent === "thanks" || intent === "ack") for (const t of a.tokens) social.add(t);
      }
    }
    for (const { text, intent } of extra) corpus.push({ input: features(analyze(text)), output: { [intent]: 1 } });
    const net = new NeuralNetwork({ log: false });
    net.train(corpus.filter((c) => Object.keys(c.input).length));
    const classifier = new IntentClassifier(net);
    for (const w of social) classifier.socialWords.add(w);
    return classifier;
  }

  classify(a: Analysis): Classification {
    const input = features(a);
    if (!Object.keys(input).length) return { intent: "knowledge", score: 0 };
    const scores = Object.entries((this.net.run(input) ?? {}) as Record<string, number>)
      .filter(([k]) => (INTENTS as readonly string[]).includes(k))
      .sort((x, y) => y[1] - x[1]);
    const [best, second] = scores;
    if (!best) return { intent: "knowledge", score: 0 };
    return {
      intent: best[0] as IntentName,
      score: best[1],
      runnerUp: second ? { intent: second[0] as IntentName, score: second[1] } : undefined,
    };
  }
}

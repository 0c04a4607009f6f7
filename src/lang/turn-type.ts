/**
 * What a message typed while a report is open is: content for the row asked (`answer`), a
 * `question` to the bot, a `command` about the conversation (which one: confirm, skip, review…),
 * a `correction` of something said before, or `meta` talk. NLP.js's neural classifier (the same
 * as for intents, over the language layer's words) trained at first use on turn-types.yaml; slots
 * (row numbers, parts) stay with the deterministic readers. The dialogue uses it as a guard: text is
 * stored as a row's content only when it reads as an answer, and a command the grammar of acts.ts
 * did not parse is still recognised, or asked back about — never stored.
 */
import fs from "node:fs";
import path from "node:path";
import { NeuralNetwork } from "@nlpjs/neural";
import { parse } from "yaml";
import { z } from "zod";
import { features } from "./classifier.ts";
import { analyze, type Analysis } from "./normalize.ts";

export const DEFAULT_TURN_TYPES_PATH = path.join(import.meta.dirname, "turn-types.yaml");

export const TURN_TYPES = ["answer", "question", "command", "correction", "meta"] as const;
export type TurnType = (typeof TURN_TYPES)[number];
export const COMMANDS = ["confirm", "deny", "cancel", "pause", "resume", "back", "review", "skip", "skip_rest", "keep", "add", "remove", "edit"] as const;
export type CommandKind = (typeof COMMANDS)[number];

const examples = z.array(z.string().min(1)).min(1);
const bankSchema = z.object({
  answer: examples,
  question: examples,
  command: z.partialRecord(z.enum(COMMANDS), examples),
  correction: examples,
  meta: examples,
});
export type TurnBank = z.infer<typeof bankSchema>;

export interface TurnReading {
  type: TurnType;
  /** The command's kind, when `type` is command. */
  command?: CommandKind;
  /** The network's output for the chosen label (0…1). */
  score: number;
  /** Best minus second best: small means the message reads two ways. */
  margin: number;
}

/** Features of a turn: the words and slots of an intent, plus the shape of a report answer. */
export function turnFeatures(a: Analysis): Record<string, number> {
  const f = features(a);
  const raw = a.raw;
  if (/\d\s*%/.test(raw)) f["#percent"] = 1;
  if (/\d+\s*\/\s*\d+/.test(raw) && !/\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/.test(raw)) f["#fraction"] = 1;
  if (/\?\s*$/.test(raw)) f["#ask"] = 1;
  if (/\b(muc|dong)\s+\d/.test(a.text)) f["#row"] = 1;
  if (/["“”'‘’]/.test(raw)) f["#quoted"] = 1;
  if (/:/.test(raw.replace(/\d:\d/g, ""))) f["#label"] = 1;
  const n = a.tokens.length;
  f[n <= 2 ? "#len1" : n <= 6 ? "#len2" : n <= 15 ? "#len3" : "#len4"] = 1;
  return f;
}

const labelOf = (type: TurnType, command?: CommandKind) => (command ? `command:${command}` : type);

export class TurnTypeClassifier {
  private readonly net: NeuralNetwork;
  /** Words (and word pairs) seen in training: a message with none of them is not read at all. */
  private readonly vocabulary: Set<string>;

  private constructor(net: NeuralNetwork, vocabulary: Set<string>) {
    this.net = net;
    this.vocabulary = vocabulary;
  }

  static train(bank: TurnBank): TurnTypeClassifier {
    const corpus: { input: Record<string, number>; output: Record<string, number> }[] = [];
    const add = (text: string, label: string) => {
      const input = turnFeatures(analyze(text));
      if (Object.keys(input).length) corpus.push({ input, output: { [label]: 1 } });
    };
    for (const type of TURN_TYPES) {
      if (type === "command") continue;
      for (const text of bank[type]) add(text, type);
    }
    for (const [kind, texts] of Object.entries(bank.command)) for (const text of texts ?? []) add(text, labelOf("command", kind as CommandKind));
    const net = new NeuralNetwork({ log: false });
    net.train(corpus);
    return new TurnTypeClassifier(net, new Set(corpus.flatMap((c) => Object.keys(c.input).filter((k) => !k.startsWith("#")))));
  }

  static load(file = DEFAULT_TURN_TYPES_PATH): TurnBank {
    const parsed = bankSchema.safeParse(parse(fs.readFileSync(file, "utf8")));
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    return parsed.data;
  }

  classify(text: string): TurnReading {
    const input = turnFeatures(analyze(text));
    // Nonsense, emoji, words never seen: nothing to go on.
    if (!Object.keys(input).some((k) => this.vocabulary.has(k))) return { type: "meta", score: 0, margin: 0 };
    const scores = Object.entries((this.net.run(input) ?? {}) as Record<string, number>).sort((x, y) => y[1] - x[1]);
    const [best, second] = scores;
    if (!best) return { type: "meta", score: 0, margin: 0 };
    const [type, command] = best[0].split(":") as [TurnType, CommandKind | undefined];
    return { type, command, score: best[1], margin: best[1] - (second?.[1] ?? 0) };
  }
}

let shared: TurnTypeClassifier | undefined;

/** The classifier trained on the bank shipped with the code, trained once on first use. */
export function turnTypes(): TurnTypeClassifier {
  shared ??= TurnTypeClassifier.train(TurnTypeClassifier.load());
  return shared;
}

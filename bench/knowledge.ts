/**
 * Knowledge benchmark: index build time and answer latency (p50/p99) over 10,000 questions
 * drawn from the development set, against a baseline measured in the same run: plain
 * MiniSearch over the same entries with its default tokenizer (no Vietnamese handling, no
 * intents, no composition).
 */
import MiniSearch from "minisearch";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.ts";
import { loadCorpus } from "../src/knowledge/corpus.ts";
import { createKnowledge } from "../src/knowledge/create.ts";
import { readEvalSet } from "../src/knowledge/eval.ts";
import { KnowledgeIndex } from "../src/knowledge/search.ts";

const { values } = parseArgs({ options: { questions: { type: "string", default: "10000" } } });
const N = Number(values.questions);
const base = readEvalSet("test/fixtures/qa-dev.jsonl").map((c) => c.q);
const suffixes = ["", " ạ", " vậy", " thầy ơi", "?", " ad", ". Còn edugis là gì ạ?"];
const questions = Array.from({ length: N }, (_, i) => `${base[i % base.length]}${suffixes[i % suffixes.length]}`);
const { corpus } = loadCorpus();
const now = new Date("2025-09-10T09:00:00+07:00");

function percentiles(ms: number[]) {
  ms.sort((a, b) => a - b);
  const p = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!;
  return { p50: p(0.5), p99: p(0.99) };
}

function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const r = fn();
  return [r, performance.now() - t];
}

// Baseline: MiniSearch defaults.
const [plain, plainBuild] = time(() => {
  const ms = new MiniSearch({ fields: ["title", "tags", "questions", "body"] });
  ms.addAll(corpus.entries.map((e) => ({ id: e.id, title: e.title, tags: e.tags.join(" "), questions: e.questions.join(" "), body: e.body })));
  return ms;
});
const plainLat = questions.map((q) => time(() => plain.search(q))[1]);

const [, ourBuild] = time(() => new KnowledgeIndex(corpus.entries));
const knowledge = createKnowledge(loadConfig({ LOG_LEVEL: "silent" }));
const ourLat: number[] = [];
for (const q of questions) {
  const t = performance.now();
  await knowledge.answer(q, { now });
  ourLat.push(performance.now() - t);
}

const b = percentiles(plainLat);
const o = percentiles(ourLat);
console.log(`\nKnowledge: ${corpus.entries.length} entries, ${N} questions (Node ${process.versions.node})\n`);
console.log("variant                      build ms   p50 ms   p99 ms");
console.log(`baseline (MiniSearch search) ${plainBuild.toFixed(1).padStart(8)}   ${b.p50.toFixed(3).padStart(6)}   ${b.p99.toFixed(3).padStart(6)}`);
console.log(`answer() (ours, full)        ${ourBuild.toFixed(1).padStart(8)}   ${o.p50.toFixed(3).padStart(6)}   ${o.p99.toFixed(3).padStart(6)}`);
console.log(`ratio p50 ours/baseline: ${(o.p50 / b.p50).toFixed(1)}×`);

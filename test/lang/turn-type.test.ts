/**
 * The turn-type classifier (src/lang/turn-type.ts): its bank is the dev set; the perturbation suite
 * (each bank message typed other ways principals type: fillers, no diacritics, abbreviations, a
 * typo) must read the same; the blind held-out set (test/fixtures/turn-types-heldout.jsonl, written
 * from the seeds only, never tuned on) must not fall below its recorded score.
 */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { createKnowledge } from "../../src/knowledge/create.ts";
import { TURN_TYPES, turnTypes, TurnTypeClassifier } from "../../src/lang/turn-type.ts";
import { testConfig } from "../helpers/service.ts";
import { variants } from "../knowledge/perturb.ts";

// As in the service: the knowledge corpus sets the speller the language layer uses.
createKnowledge(testConfig());
const label = (r: { type: string; command?: string }) => (r.command ? `${r.type}:${r.command}` : r.type);
/** Variants that keep what a message does (not "cho e hỏi …", which makes anything a question). */
const KEEPS_MEANING = new Set(["filler after: ad", "filler after: ạ", "filler after: nha", "no diacritics", "abbreviations", "abbreviations, no diacritics", "typo"]);

describe("turn-type classifier", () => {
  it("reads nonsense, emoji and unknown words as nothing (score 0), so they are never refused as non-content by it", () => {
    for (const t of ["asdfgh qwerty", "🙂🙂", "👍", "zzz xxx yyy"]) expect(turnTypes().classify(t).score).toBe(0);
  });

  it("reads the same message typed other ways the same, at least 95 % of the time", () => {
    const bank = TurnTypeClassifier.load();
    const texts = [...TURN_TYPES.filter((t) => t !== "command").flatMap((t) => bank[t] as string[]), ...Object.values(bank.command).flat()];
    let total = 0;
    const misses: string[] = [];
    for (const text of texts) {
      const base = label(turnTypes().classify(text));
      for (const v of variants(text).filter((v) => KEEPS_MEANING.has(v.kind) && v.q !== text)) {
        total++;
        const got = label(turnTypes().classify(v.q));
        if (got !== base) misses.push(`[${v.kind}] ${v.q}: ${got} (was ${base})`);
      }
    }
    const invariance = (total - misses.length) / total;
    console.log(`turn-type perturbation invariance: ${total - misses.length}/${total} = ${(invariance * 100).toFixed(1)} %`);
    expect(total).toBeGreaterThan(1500);
    expect(invariance, misses.slice(0, 30).join("\n")).toBeGreaterThanOrEqual(0.95);
  });

  it("keeps its score on the blind held-out set (first score 134/150 types)", () => {
    const set = fs.readFileSync("test/fixtures/turn-types-heldout.jsonl", "utf8").trim().split("\n").map((l) => JSON.parse(l) as { text: string; type: string });
    const right = set.filter((l) => turnTypes().classify(l.text).type === l.type).length;
    expect(set).toHaveLength(150);
    expect(right).toBeGreaterThanOrEqual(134);
  });
});

/**
 * Perturbation suite: every answerable question of the development set, rewritten the ways
 * principals type (fillers, no diacritics, abbreviations, a typo, a preamble, groups swapped or
 * named), must get the same answer — the same entry, or the same computed text.
 */
import { describe, expect, it } from "vitest";
import { createKnowledge } from "../../src/knowledge/create.ts";
import { DEFAULT_EVAL_NOW, readEvalSet } from "../../src/knowledge/eval.ts";
import type { Answer } from "../../src/knowledge/service.ts";
import { testConfig } from "../helpers/service.ts";
import { variants } from "./perturb.ts";

/** What must not change: the entry answered, or the computed text without its source line. */
const gist = (a: Answer) => (a.kind === "retrieved" ? `entry:${a.entryIds.join(",")}` : `${a.kind}:${a.text.split("\nNguồn:")[0]}`);

describe("perturbations of the development set", () => {
  const knowledge = createKnowledge(testConfig());

  it("give the same answer at least 97 % of the time", async () => {
    const cases = readEvalSet("test/fixtures/qa-dev.jsonl").filter((c) => !c.declined);
    let total = 0;
    const misses: string[] = [];
    for (const c of cases) {
      const now = new Date(c.now ?? DEFAULT_EVAL_NOW);
      const base = gist(await knowledge.answer(c.q, { now }));
      for (const v of variants(c.q)) {
        total++;
        const got = gist(await knowledge.answer(v.q, { now }));
        if (got !== base) misses.push(`${c.id} [${v.kind}] ${v.q}\n   want ${base.slice(0, 90)}\n   got  ${got.slice(0, 90)}`);
      }
    }
    const invariance = (total - misses.length) / total;
    console.log(`perturbation invariance: ${total - misses.length}/${total} = ${(invariance * 100).toFixed(1)} %`);
    if (misses.length) console.log(misses.join("\n"));
    expect(total).toBeGreaterThan(600);
    expect(invariance).toBeGreaterThanOrEqual(0.97);
  });
});

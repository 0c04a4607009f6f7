/**
 * Answer-quality evaluation over a JSONL set: `{"id","q","expect":[facts],"declined":bool,"now"?}`.
 * A question passes when it is declined exactly when expected and, if answered, the answer
 * contains every expected fact (compared without diacritics and case).
 */
import fs from "node:fs";
import { z } from "zod";
import { foldVietnamese } from "../domain/text.ts";
import type { Knowledge } from "./service.ts";

const caseSchema = z.object({
  id: z.string(),
  q: z.string().min(1),
  expect: z.array(z.string()).default([]),
  declined: z.boolean().default(false),
  now: z.string().optional(),
});
export type EvalCase = z.infer<typeof caseSchema>;

/** The fixed "today" of the dev set, so computed answers are reproducible. */
export const DEFAULT_EVAL_NOW = "2025-09-10T09:00:00+07:00";

export function readEvalSet(file: string): EvalCase[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l, i) => {
      const parsed = caseSchema.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

export interface EvalResult {
  total: number;
  passed: number;
  accuracy: number;
  offTopic: number;
  offTopicDeclined: number;
  failures: { id: string; q: string; why: string; answer: string }[];
}

/** Folded text with dates written one way: “20/3” and “20/03/2027” both contain “20/3”. */
function comparable(s: string): string {
  return foldVietnamese(s).replace(/\b0(\d)(?=\/\d)/g, "$1").replace(/(\d\/)0(\d)\b/g, "$1$2");
}

export async function evaluate(knowledge: Knowledge, cases: EvalCase[]): Promise<EvalResult> {
  const failures: EvalResult["failures"] = [];
  let offTopic = 0;
  let offTopicDeclined = 0;
  for (const c of cases) {
    const a = await knowledge.answer(c.q, { now: new Date(c.now ?? DEFAULT_EVAL_NOW) });
    if (c.declined) {
      offTopic++;
      if (a.declined) offTopicDeclined++;
      else failures.push({ id: c.id, q: c.q, why: "should have declined", answer: a.text });
      continue;
    }
    if (a.declined) {
      failures.push({ id: c.id, q: c.q, why: "declined", answer: a.text });
      continue;
    }
    const text = comparable(a.text);
    const missing = c.expect.filter((f) => !text.includes(comparable(f)));
    if (missing.length) failures.push({ id: c.id, q: c.q, why: `missing: ${missing.join(" | ")}`, answer: a.text });
  }
  const passed = cases.length - failures.length;
  return { total: cases.length, passed, accuracy: passed / cases.length, offTopic, offTopicDeclined, failures };
}

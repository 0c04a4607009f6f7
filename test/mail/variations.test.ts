/**
 * The variation suite (generator in ./variations/generate.ts): ≥ 500 mails made from a few base
 * reports in every layout, wording, numbering, subject form and charset. Each must be judged as
 * its base: filed under the sender's school, the same quarter, the same cells. The gate is 98 %
 * invariant; every miss is printed with its variant id so it can be rebuilt and looked at
 * (`npx tsx test/mail/variations/write.ts <dir>`).
 */
import { describe, expect, it } from "vitest";
import { analyzeEmail } from "../../src/mail/inbound/analyze.ts";
import type { SchoolRef } from "../../src/mail/inbound/match.ts";
import { parseEmail } from "../../src/mail/inbound/parse.ts";
import { loadSelfAssessmentForm } from "../../src/reports/self-assessment.ts";
import { loadReportTemplate } from "../../src/reports/template.ts";
import { BASES, generateVariants, type TextField, type Variant } from "./variations/generate.ts";

const template = loadReportTemplate();
const forms = { template, selfAssessment: loadSelfAssessmentForm() };
const SCHOOLS: SchoolRef[] = BASES.map((b) => ({ id: b.school, code: b.school, name: b.schoolName, shortName: null, emails: [b.from] }));
const FIELDS: TextField[] = ["done", "next", "difficulties", "recommendations"];
const GATE = 0.98;

/** What differs between the judgement of a variant and its base ("" when nothing). */
async function judge(v: Variant): Promise<string> {
  const m = await parseEmail(v.raw);
  const received = m.date ?? new Date();
  const a = await analyzeEmail(m, SCHOOLS, forms, received);
  const problems: string[] = [];
  if (a.decision !== "filed") problems.push(`${a.decision}: ${a.reason ?? ""}`);
  if (a.school?.code !== v.base.school) problems.push(`school ${a.school?.code}`);
  const q = a.period?.kind === "quarter" ? a.period.quarter : undefined;
  if (q?.quarter !== v.base.quarter.quarter || q?.year !== v.base.quarter.year) problems.push(`period ${JSON.stringify(a.period)} by ${a.periodBy}`);
  const got = a.items ?? {};
  for (const code of new Set([...Object.keys(got), ...Object.keys(v.base.rows)])) {
    for (const f of FIELDS) {
      const want = v.base.rows[code]?.[f] ?? null;
      const have = got[code]?.[f] ?? null;
      if (want !== have) problems.push(`${code}.${f}: ${JSON.stringify(have)} ≠ ${JSON.stringify(want)}`);
    }
  }
  return problems.join("; ");
}

describe("mail variations", () => {
  it(`≥ 500 variants of the base reports are judged as their base (gate ${GATE * 100} %)`, async () => {
    const variants = await generateVariants(template);
    expect(variants.length).toBeGreaterThanOrEqual(500);
    const misses: string[] = [];
    const byLayout = new Map<string, { n: number; ok: number }>();
    for (const v of variants) {
      const problem = await judge(v);
      const s = byLayout.get(v.layout) ?? { n: 0, ok: 0 };
      s.n++;
      if (problem) misses.push(`${v.id}: ${problem}`);
      else s.ok++;
      byLayout.set(v.layout, s);
    }
    const rate = 1 - misses.length / variants.length;
    console.log(`mail variations: ${variants.length - misses.length}/${variants.length} invariant (${(rate * 100).toFixed(1)} %)`);
    console.log([...byLayout].map(([l, s]) => `  ${l}: ${s.ok}/${s.n}`).join("\n"));
    if (misses.length) console.log(`misses:\n${misses.slice(0, 40).join("\n")}`);
    expect(rate).toBeGreaterThanOrEqual(GATE);
  }, 300_000);
});

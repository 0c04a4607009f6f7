/** The self-assessment's own columns and the row shape mail and the dashboard speak: one conversion each way. */
import { describe, expect, it } from "vitest";
import { loadSelfAssessmentForm } from "../../src/reports/self-assessment.ts";
import { mergeValues, rowsFromValues, valuesFromRows } from "../../src/reports/self-assessment-values.ts";

const form = loadSelfAssessmentForm();
const row = (r: object) => ({ status: null, progressPercent: null, done: null, ...r });

describe("self-assessment values", () => {
  it("reads scores with their decimals, conditions as yes/no, evidence; and back", () => {
    const rows = { N1: row({ progressPercent: 73, done: "72.5 điểm" }), N2: row({ progressPercent: 66 }), DK1: row({ status: "da_hoan_thanh" }), DK3: row({ status: "chua_thuc_hien" }), MC: row({ done: " QĐ 12/QĐ-TH " }) };
    const v = valuesFromRows(rows, form);
    expect(v).toEqual({ teachingScore: 72.5, managementScore: 66, conditions: { DK1: true, DK3: false }, evidence: "QĐ 12/QĐ-TH" });
    expect(valuesFromRows(Object.fromEntries(rowsFromValues(v, form).map((r) => [r.taskCode, r])), form)).toEqual(v);
  });

  it("an addendum changes only what it says", () => {
    const base = { teachingScore: 70, managementScore: 60, conditions: { DK1: true, DK2: false }, evidence: "LMS" };
    expect(mergeValues(base, valuesFromRows({ DK2: row({ status: "da_hoan_thanh" }) }, form))).toEqual({ ...base, conditions: { DK1: true, DK2: true } });
  });
});

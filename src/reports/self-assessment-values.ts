/**
 * The self-assessment as stored (SelfAssessment: two scores, conditions, evidence) and as the
 * places that speak PHỤ LỤC-shaped rows see it — mail extraction, the dashboard's cells, the
 * report pages: N1/N2 carry a score, DK… a yes/no as a status, MC the evidence. One conversion
 * each way, here.
 */
import type { Prisma } from "../generated/prisma/client.ts";
import type { SelfAssessmentForm } from "./self-assessment.ts";

export interface SelfAssessmentValues {
  teachingScore: number | null;
  managementScore: number | null;
  conditions: Record<string, boolean>;
  evidence: string | null;
}

export const EVIDENCE_CODE = "MC";
export const EMPTY_SELF_ASSESSMENT: Readonly<SelfAssessmentValues> = Object.freeze({ teachingScore: null, managementScore: null, conditions: {}, evidence: null });

interface RowLike {
  status?: unknown;
  progressPercent?: unknown;
  done?: unknown;
}

/** "72.5 điểm" keeps its decimals; otherwise the row's number. */
function scoreOf(row: RowLike | undefined): number | null {
  const m = /^(\d{1,3}(?:[.,]\d+)?)\s*điểm$/u.exec(typeof row?.done === "string" ? row.done.trim() : "");
  if (m) return Number(m[1]!.replace(",", "."));
  return typeof row?.progressPercent === "number" ? row.progressPercent : null;
}

export function valuesFromRows(rows: Record<string, RowLike>, form: SelfAssessmentForm): SelfAssessmentValues {
  const conditions: Record<string, boolean> = {};
  for (const c of form.conditions) {
    const s = rows[c.code]?.status;
    if (s) conditions[c.code] = s === "da_hoan_thanh";
  }
  return {
    teachingScore: scoreOf(rows[form.groups[0]!.code]),
    managementScore: scoreOf(rows[form.groups[1]!.code]),
    conditions,
    evidence: typeof rows[EVIDENCE_CODE]?.done === "string" ? (rows[EVIDENCE_CODE].done as string).trim() || null : null,
  };
}

/** Later values over earlier ones (an addendum by mail changes only what it says). */
export function mergeValues(base: SelfAssessmentValues, over: SelfAssessmentValues): SelfAssessmentValues {
  return {
    teachingScore: over.teachingScore ?? base.teachingScore,
    managementScore: over.managementScore ?? base.managementScore,
    conditions: { ...base.conditions, ...over.conditions },
    evidence: over.evidence ?? base.evidence,
  };
}

export interface SelfAssessmentRow {
  taskCode: string;
  status: "chua_thuc_hien" | "da_hoan_thanh" | null;
  progressPercent: number | null;
  done: string | null;
  next: null;
  difficulties: null;
  recommendations: null;
}

export function rowsFromValues(v: SelfAssessmentValues, form: SelfAssessmentForm): SelfAssessmentRow[] {
  const row = (taskCode: string, r: Partial<SelfAssessmentRow>): SelfAssessmentRow => ({ taskCode, status: null, progressPercent: null, done: null, next: null, difficulties: null, recommendations: null, ...r });
  const out: SelfAssessmentRow[] = [];
  [v.teachingScore, v.managementScore].forEach((score, i) => {
    if (score !== null) out.push(row(form.groups[i]!.code, { progressPercent: Math.round(score), done: `${score} điểm` }));
  });
  for (const c of form.conditions) if (c.code in v.conditions) out.push(row(c.code, { status: v.conditions[c.code] ? "da_hoan_thanh" : "chua_thuc_hien" }));
  if (v.evidence) out.push(row(EVIDENCE_CODE, { done: v.evidence }));
  return out;
}

/** A stored row (or none) as values. */
export function storedValues(row: { teachingScore: number | null; managementScore: number | null; conditions: Prisma.JsonValue; evidence: string | null } | null | undefined): SelfAssessmentValues {
  if (!row) return { ...EMPTY_SELF_ASSESSMENT, conditions: {} };
  const conditions = row.conditions && typeof row.conditions === "object" && !Array.isArray(row.conditions) ? Object.fromEntries(Object.entries(row.conditions).filter(([, b]) => typeof b === "boolean")) as Record<string, boolean> : {};
  return { teachingScore: row.teachingScore, managementScore: row.managementScore, conditions, evidence: row.evidence };
}

export function hasAnyValue(v: SelfAssessmentValues): boolean {
  return v.teachingScore !== null || v.managementScore !== null || Object.keys(v.conditions).length > 0 || !!v.evidence;
}

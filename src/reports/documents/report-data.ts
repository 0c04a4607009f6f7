/** What the official documents need from a filed report, in one plain shape. */
import type { Db } from "../../db/client.ts";
import { parseQuarterCode } from "../../domain/periods.ts";
import { storableText } from "../../domain/text.ts";
import { answersOf, asFiled, type ItemAnswers } from "../store.ts";
import { storedValues, type SelfAssessmentValues } from "../self-assessment-values.ts";

export interface ReportDocumentData {
  school: { code: string; name: string };
  period: { code: string; quarter: number; year: number };
  version: number;
  referenceNo: string | null;
  submittedAt: Date | null;
  late: boolean;
  items: ItemAnswers[];
  /** Set for a self-assessment (its items are then the same answers shown as rows). */
  selfAssessment?: SelfAssessmentValues;
}

export async function loadReportDocumentData(prisma: Db, reportId: string): Promise<ReportDocumentData> {
  const r = await prisma.report.findUniqueOrThrow({ where: { id: reportId }, include: { school: true, period: true, items: true, selfAssessment: true } });
  const q = parseQuarterCode(r.period.code) ?? { quarter: 0, year: r.period.year };
  // Text stored before storableText existed may still hold characters an Office file cannot carry.
  const clean = (v: string | null) => (v === null ? null : storableText(v));
  return {
    school: { code: r.school.code, name: storableText(r.school.name) },
    period: { code: r.period.code, quarter: q.quarter, year: q.year },
    version: asFiled(r).version,
    referenceNo: r.referenceNo,
    submittedAt: r.submittedAt,
    late: r.late,
    selfAssessment: r.selfAssessment ? storedValues(r.selfAssessment) : undefined,
    items: answersOf(r).map((i) => ({ ...i, done: clean(i.done), next: clean(i.next), difficulties: clean(i.difficulties), recommendations: clean(i.recommendations) })),
  };
}

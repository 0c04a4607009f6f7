/**
 * The state of every school for one period: on time, late, draft (with % of rows answered),
 * under review (a mail waiting for an officer), or missing — with the source of the report and
 * the last reminder sent and its outcome.
 */
import { formatDate, parsePeriodCode, quarterCode, reportingDeadline, upcomingReportQuarter, previousQuarter, type DeadlineRules } from "../../domain/periods.ts";
import type { Db } from "../../db/client.ts";
import { fillableRows, type ReportTemplate } from "../../reports/template.ts";
import { AWAITING_REVIEW } from "../../mail/inbound/awaiting-review.ts";

export type SchoolState = "on_time" | "late" | "draft" | "review" | "missing";
export const STATE_LABELS: Record<SchoolState, string> = { on_time: "Đúng hạn", late: "Trễ hạn", draft: "Đang soạn", review: "Chờ cán bộ xem", missing: "Chưa nộp" };
export const SOURCE_LABELS: Record<string, string> = { chat: "Zalo/Telegram", email: "Email", dashboard: "Bảng điều khiển" };

export interface PeriodInfo {
  code: string;
  label: string;
  kind: "quarter" | "self_assessment" | "campaign";
  dueAt: Date;
  id?: string;
}

export interface BoardRow {
  school: { id: string; code: string; name: string; level: string; paused: boolean };
  state: SchoolState;
  percent?: number;
  source?: string;
  reportId?: string;
  version?: number;
  referenceNo?: string;
  submittedAt?: Date;
  firstSubmittedAt?: Date;
  reviewEmailId?: string;
  lastNudge?: { stage: string; channel: string; status: string; at: Date };
}

export function periodLabel(code: string): string {
  const p = parsePeriodCode(code);
  if (!p) return code;
  return p.kind === "quarter" ? `Quý ${p.quarter.quarter}/${p.quarter.year}` : `Tự đánh giá năm ${p.year}`;
}

/** A period from the database, or one not opened yet (nobody has reported) from its code. */
export async function periodInfo(prisma: Db, code: string, rules: DeadlineRules): Promise<PeriodInfo | undefined> {
  const row = await prisma.period.findUnique({ where: { code } });
  if (row) return { code, label: periodLabel(code), kind: row.kind, dueAt: row.dueAt, id: row.id };
  const p = parsePeriodCode(code);
  return p && { code, label: periodLabel(code), kind: p.kind, dueAt: reportingDeadline(p, rules).cutoff };
}

/** Periods to offer: those in the database plus the quarter being reported now and the one before. */
export async function knownPeriods(prisma: Db, now: Date, rules: DeadlineRules): Promise<string[]> {
  const current = upcomingReportQuarter(now, rules);
  const codes = new Set([quarterCode(current), quarterCode(previousQuarter(current)), ...(await prisma.period.findMany({ select: { code: true } })).map((p) => p.code)]);
  return [...codes].sort().reverse();
}

export async function loadBoard(prisma: Db, period: PeriodInfo, template: ReportTemplate): Promise<BoardRow[]> {
  const schools = await prisma.school.findMany({ orderBy: [{ level: "asc" }, { name: "asc" }], select: { id: true, code: true, name: true, level: true, paused: true } });
  const reports = period.id ? await prisma.report.findMany({ where: { periodId: period.id, status: { in: ["submitted", "draft"] } }, include: { items: { select: { taskCode: true } } } }) : [];
  const firsts = period.id ? await prisma.report.groupBy({ by: ["schoolId"], where: { periodId: period.id, submittedAt: { not: null } }, _min: { submittedAt: true } }) : [];
  const reviews = await prisma.inboundEmail.findMany({ where: { ...AWAITING_REVIEW, periodCode: period.code, schoolId: { not: null } }, select: { id: true, schoolId: true } });
  const nudges = period.id ? await prisma.reminderSend.findMany({ where: { periodId: period.id }, orderBy: { claimedAt: "desc" }, select: { schoolId: true, stage: true, channel: true, status: true, claimedAt: true } }) : [];
  const fillable = fillableRows(template).map((r) => r.code);
  const bySchool = <T extends { schoolId: string | null }>(xs: T[]) => {
    const m = new Map<string, T>();
    for (const x of xs) if (x.schoolId && !m.has(x.schoolId)) m.set(x.schoolId, x);
    return m;
  };
  const submitted = bySchool(reports.filter((r) => r.status === "submitted"));
  const drafts = bySchool(reports.filter((r) => r.status === "draft"));
  const review = bySchool(reviews);
  const nudge = bySchool(nudges);
  const first = new Map(firsts.map((f) => [f.schoolId, f._min.submittedAt ?? undefined]));
  return schools.map((school) => {
    const s = submitted.get(school.id);
    const d = drafts.get(school.id);
    const n = nudge.get(school.id);
    const row: BoardRow = { school, state: "missing", lastNudge: n ? { stage: n.stage, channel: n.channel, status: n.status, at: n.claimedAt } : undefined, firstSubmittedAt: first.get(school.id) };
    // On time is decided by the first filing: a correction sent after the deadline keeps it.
    if (s) Object.assign(row, { state: s.late && !(row.firstSubmittedAt && row.firstSubmittedAt < period.dueAt) ? "late" : "on_time", source: s.source, reportId: s.id, version: s.version, referenceNo: s.referenceNo ?? undefined, submittedAt: s.submittedAt ?? undefined });
    else if (review.has(school.id)) Object.assign(row, { state: "review", reviewEmailId: review.get(school.id)!.id });
    else if (d) {
      const answered = d.items.filter((i) => fillable.includes(i.taskCode)).length;
      Object.assign(row, { state: "draft", source: d.source, reportId: d.id, percent: Math.round((100 * answered) / Math.max(fillable.length, 1)) });
    }
    return row;
  });
}

/** First submissions per day over the `days` days up to the deadline (and after it, up to `now`). */
export function submissionsByDay(rows: BoardRow[], dueAt: Date, now: Date, days = 14): { day: string; count: number; late: boolean }[] {
  const dayMs = 86_400_000;
  const end = Math.max(dueAt.getTime(), Math.min(now.getTime(), dueAt.getTime() + 7 * dayMs));
  const out: { day: string; count: number; late: boolean }[] = [];
  for (let t = dueAt.getTime() - days * dayMs; t < end; t += dayMs) {
    const from = t;
    const to = t + dayMs;
    out.push({ day: formatDate(new Date(from)).slice(0, 5), count: rows.filter((r) => r.firstSubmittedAt && r.firstSubmittedAt.getTime() >= from && r.firstSubmittedAt.getTime() < to).length, late: from >= dueAt.getTime() });
  }
  return out;
}

/**
 * Reporting periods and their deadlines, in Asia/Ho_Chi_Minh (pure: no I/O).
 *
 * Terminology
 * - due day: the date the document names ("trước ngày 20/12/2025" → 20/12/2025).
 * - cut-off: the instant from which a report is late. CV 396 says "before the 20th", so by
 *   default the cut-off is 00:00 of the due day; an office may choose the end of that day.
 * - last day: the last calendar day on which a report is still on time.
 */
import { TZDate } from "@date-fns/tz";
import { addDays } from "date-fns/addDays";
import { differenceInCalendarDays } from "date-fns/differenceInCalendarDays";

export const VN_TZ = "Asia/Ho_Chi_Minh";

export type QuarterNumber = 1 | 2 | 3 | 4;
export interface Quarter {
  year: number;
  quarter: QuarterNumber;
}

export interface DayOfYear {
  day: number;
  month: number;
}

export interface DeadlineRules {
  /** Day of the quarter's last month before which the quarterly report is due (CV 396: 20). */
  quarterlyDueDay: number;
  /** "start-of-day": on time only before 00:00 of the due day; "end-of-day": through 23:59 of it. */
  cutoff: "start-of-day" | "end-of-day";
  /** Self-assessment: to the district office (CV 396: 20/5) and into the national database (QĐ 4725: 31/5). */
  selfAssessmentDistrict: DayOfYear;
  selfAssessmentNational: DayOfYear;
}

export const DEFAULT_DEADLINE_RULES: DeadlineRules = {
  quarterlyDueDay: 20,
  cutoff: "start-of-day",
  selfAssessmentDistrict: { day: 20, month: 5 },
  selfAssessmentNational: { day: 31, month: 5 },
};

const WEEKDAYS = ["Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy"];

/** The date as Vietnamese people write it: 20/12/2025. */
export function formatDate(d: Date): string {
  const t = new TZDate(d, VN_TZ);
  return `${String(t.getDate()).padStart(2, "0")}/${String(t.getMonth() + 1).padStart(2, "0")}/${t.getFullYear()}`;
}

export function weekdayName(d: Date): string {
  return WEEKDAYS[new TZDate(d, VN_TZ).getDay()]!;
}

/** Midnight (00:00) in Vietnam of the given calendar date. */
export function vnDate(year: number, month: number, day: number): TZDate {
  return new TZDate(year, month - 1, day, VN_TZ);
}

/** Calendar days from `now`'s date to `target`'s date, in Vietnam (negative when past). */
export function calendarDaysUntil(target: Date, now: Date): number {
  return differenceInCalendarDays(new TZDate(target, VN_TZ), new TZDate(now, VN_TZ));
}

export function quarterOf(now: Date): Quarter {
  const t = new TZDate(now, VN_TZ);
  return { year: t.getFullYear(), quarter: (Math.floor(t.getMonth() / 3) + 1) as QuarterNumber };
}

export function nextQuarter(q: Quarter): Quarter {
  return q.quarter === 4 ? { year: q.year + 1, quarter: 1 } : { year: q.year, quarter: (q.quarter + 1) as QuarterNumber };
}

export function previousQuarter(q: Quarter): Quarter {
  return q.quarter === 1 ? { year: q.year - 1, quarter: 4 } : { year: q.year, quarter: (q.quarter - 1) as QuarterNumber };
}

export function quarterCode(q: Quarter): string {
  return `${q.year}-Q${q.quarter}`;
}

export function parseQuarterCode(code: string): Quarter | undefined {
  const m = /^(\d{4})-Q([1-4])$/.exec(code);
  return m ? { year: Number(m[1]), quarter: Number(m[2]) as QuarterNumber } : undefined;
}

/** A period a school reports for: a quarter ("2025-Q3") or the annual self-assessment ("2026-SA"). */
export type ReportingPeriod = { kind: "quarter"; quarter: Quarter } | { kind: "self_assessment"; year: number };

export function selfAssessmentCode(year: number): string {
  return `${year}-SA`;
}

export function periodCode(p: ReportingPeriod): string {
  return p.kind === "quarter" ? quarterCode(p.quarter) : selfAssessmentCode(p.year);
}

export function parsePeriodCode(code: string): ReportingPeriod | undefined {
  const quarter = parseQuarterCode(code);
  if (quarter) return { kind: "quarter", quarter };
  const sa = /^(\d{4})-SA$/.exec(code);
  return sa ? { kind: "self_assessment", year: Number(sa[1]) } : undefined;
}

export interface Deadline {
  /** The date the document names. */
  dueDay: TZDate;
  /** From this instant a report is late. */
  cutoff: Date;
  /** Last calendar day on which a report is on time. */
  lastDay: TZDate;
}

function deadlineFor(year: number, month: number, day: number, rules: DeadlineRules): Deadline {
  const dueDay = vnDate(year, month, day);
  const cutoff = rules.cutoff === "start-of-day" ? dueDay : addDays(dueDay, 1);
  const lastDay = rules.cutoff === "start-of-day" ? addDays(dueDay, -1) : dueDay;
  return { dueDay, cutoff: new Date(cutoff.getTime()), lastDay };
}

/** The quarterly report's deadline: before the due day of the quarter's last month. */
export function quarterlyDeadline(q: Quarter, rules: DeadlineRules = DEFAULT_DEADLINE_RULES): Deadline {
  return deadlineFor(q.year, q.quarter * 3, rules.quarterlyDueDay, rules);
}

export function selfAssessmentDeadlines(year: number, rules: DeadlineRules = DEFAULT_DEADLINE_RULES) {
  return {
    district: deadlineFor(year, rules.selfAssessmentDistrict.month, rules.selfAssessmentDistrict.day, rules),
    national: deadlineFor(year, rules.selfAssessmentNational.month, rules.selfAssessmentNational.day, rules),
  };
}

export function isLate(receivedAt: Date, q: Quarter, rules: DeadlineRules = DEFAULT_DEADLINE_RULES): boolean {
  return receivedAt.getTime() >= quarterlyDeadline(q, rules).cutoff.getTime();
}

/**
 * The quarter whose report is due next: the current quarter until its cut-off, then the next
 * one (a report for the current quarter after its cut-off is late).
 */
export function upcomingReportQuarter(now: Date, rules: DeadlineRules = DEFAULT_DEADLINE_RULES): Quarter {
  const q = quarterOf(now);
  return now.getTime() < quarterlyDeadline(q, rules).cutoff.getTime() ? q : nextQuarter(q);
}

/** The deadline a school reports to the office by: the quarter's, or the district one of the self-assessment. */
export function reportingDeadline(p: ReportingPeriod, rules: DeadlineRules = DEFAULT_DEADLINE_RULES): Deadline {
  return p.kind === "quarter" ? quarterlyDeadline(p.quarter, rules) : selfAssessmentDeadlines(p.year, rules).district;
}

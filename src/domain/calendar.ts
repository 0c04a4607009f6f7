/**
 * The reminder calendar (pure): working days in Vietnam (no weekends, no configured public
 * holidays), reminder stages relative to a deadline's last on-time day, and quiet hours.
 *
 * Terminology
 * - stage: a reminder moment counted in working days from the deadline: "T0" is the last
 *   working day on or before the last on-time day; "T-3" three working days before T0;
 *   "T+1" the first working day after the last on-time day. Counting working days keeps
 *   stages on distinct days and never on a weekend or holiday.
 */
import { TZDate } from "@date-fns/tz";
import { addDays } from "date-fns/addDays";
import { calendarDaysUntil, VN_TZ, type Deadline } from "./periods.ts";

export interface Holiday {
  from: string; // YYYY-MM-DD
  to: string;
  name: string;
}

export interface Stage {
  code: string;
  offset: number;
  escalate?: boolean;
}

export interface QuietHours {
  /** Local hour (0–23) from which messages may be sent. */
  start: number;
  /** Local hour (1–24) from which they may not. */
  end: number;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { start: 7, end: 21 };

export function isoDay(d: Date): string {
  const t = new TZDate(d, VN_TZ);
  return `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, "0")}-${String(t.getDate()).padStart(2, "0")}`;
}

export function holidayOn(d: Date, holidays: readonly Holiday[]): Holiday | undefined {
  const day = isoDay(d);
  return holidays.find((h) => h.from <= day && day <= h.to);
}

export function isWorkingDay(d: Date, holidays: readonly Holiday[]): boolean {
  const dow = new TZDate(d, VN_TZ).getDay();
  return dow !== 0 && dow !== 6 && !holidayOn(d, holidays);
}

/** Moves `n` working days from `from` (not counting `from` itself); n = 0 returns `from`. */
function workingDaysFrom(from: TZDate, n: number, holidays: readonly Holiday[]): TZDate {
  let day = from;
  const step = n > 0 ? 1 : -1;
  for (let left = Math.abs(n); left > 0; ) {
    day = addDays(day, step);
    if (isWorkingDay(day, holidays)) left--;
  }
  return day;
}

/** The day a stage is sent (see Terminology). */
export function stageSendDay(deadline: Deadline, stage: Stage, holidays: readonly Holiday[]): TZDate {
  if (stage.offset > 0) return workingDaysFrom(deadline.lastDay, stage.offset, holidays);
  let t0 = deadline.lastDay;
  for (let i = 0; i < 60 && !isWorkingDay(t0, holidays); i++) t0 = addDays(t0, -1);
  return workingDaysFrom(t0, stage.offset, holidays);
}

/** The stage due on `now`'s calendar day, if any. */
export function stageDueOn(now: Date, deadline: Deadline, stages: readonly Stage[], holidays: readonly Holiday[]): Stage | undefined {
  const today = isoDay(now);
  return stages.find((s) => isoDay(stageSendDay(deadline, s, holidays)) === today);
}

export function withinQuietHours(now: Date, q: QuietHours = DEFAULT_QUIET_HOURS): boolean {
  const hour = new TZDate(now, VN_TZ).getHours();
  return hour >= q.start && hour < q.end;
}

/** Days from now to the last on-time day (negative when overdue). */
export function daysLeft(now: Date, deadline: Deadline): number {
  return calendarDaysUntil(deadline.lastDay, now);
}

/**
 * The reminder calendar (pure): working days in Vietnam (no weekends, no configured public
 * holidays), reminder stages relative to a deadline's last on-time day, and quiet hours.
 *
 * Terminology
 * - stage: a reminder moment, e.g. "T-3" = three days before the last on-time day.
 * - send day: the stage's nominal day moved onto a working day — earlier for stages before
 *   the deadline (a nudge must not arrive too late), later for overdue stages.
 */
import { TZDate } from "@date-fns/tz";
import { addDays } from "date-fns";
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

/** The day a stage is sent, moved off weekends and holidays (earlier before the deadline, later after). */
export function stageSendDay(deadline: Deadline, stage: Stage, holidays: readonly Holiday[]): TZDate {
  let day = addDays(deadline.lastDay, stage.offset);
  const step = stage.offset > 0 ? 1 : -1;
  for (let i = 0; i < 30 && !isWorkingDay(day, holidays); i++) day = addDays(day, step);
  return day;
}

/** The stage due on `now`'s calendar day, if any (several stages moved onto one day: the latest wins). */
export function stageDueOn(now: Date, deadline: Deadline, stages: readonly Stage[], holidays: readonly Holiday[]): Stage | undefined {
  const today = isoDay(now);
  const due = stages.filter((s) => isoDay(stageSendDay(deadline, s, holidays)) === today);
  return due.sort((a, b) => b.offset - a.offset)[0];
}

export function withinQuietHours(now: Date, q: QuietHours = DEFAULT_QUIET_HOURS): boolean {
  const hour = new TZDate(now, VN_TZ).getHours();
  return hour >= q.start && hour < q.end;
}

/** Days from now to the last on-time day (negative when overdue). */
export function daysLeft(now: Date, deadline: Deadline): number {
  return calendarDaysUntil(deadline.lastDay, now);
}

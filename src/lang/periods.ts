/**
 * Periods and dates named in a message (on normalised text): "quý 3/2025", "quý III năm sau",
 * "quý này/tới/trước", "năm nay/sau/ngoái", "tháng 8 này", "25/9", "ngày 25 tháng 9",
 * "hôm nay". Resolved against "now" in Vietnam time; a quarter without a year is the nearest
 * one to the current quarter (from the one just past to two ahead).
 */
import { TZDate } from "@date-fns/tz";
import { addDays } from "date-fns/addDays";
import { quarterOf, vnDate, VN_TZ, type Quarter, type QuarterNumber } from "../domain/periods.ts";

export interface PeriodMention {
  quarter?: QuarterNumber;
  year?: number;
  /** quý trước / này / tới. */
  relativeQuarter?: -1 | 0 | 1;
  /** năm ngoái / nay / sau. */
  relativeYear?: -1 | 0 | 1;
  month?: number;
  /** "quý 1, 2 và 3 năm 2027": every quarter named in a list (two or more). */
  quarters?: QuarterNumber[];
}

const REL_QUARTER: [RegExp, -1 | 0 | 1][] = [
  [/\bquy (nay|hien tai|hien nay|dang lam)\b/, 0],
  [/\bquy (toi|sau|ke tiep|tiep theo|toi day|sap toi)\b/, 1],
  [/\bquy (truoc|vua roi|vua qua|roi|qua)\b/, -1],
];
const REL_YEAR: [RegExp, -1 | 0 | 1][] = [
  [/\bnam (nay|hien tai|hien nay)\b/, 0],
  [/\bnam (sau|toi|ke tiep|tiep theo|toi day|sap toi)\b/, 1],
  [/\bnam (ngoai|truoc|roi|qua|vua roi)\b/, -1],
];

/** The period a message names, if any. */
export function findPeriod(text: string): PeriodMention | undefined {
  const m: PeriodMention = {};
  const q = /\bquy ([1-4])(?:\/(\d{4})|(?: nam)? (20\d{2}))?\b/.exec(text);
  if (q) {
    m.quarter = Number(q[1]) as QuarterNumber;
    const y = q[2] ?? q[3];
    if (y) m.year = Number(y);
  }
  const list = /\bquy ([1-4])((?: (?:va |voi |hoac )?(?:quy )?[1-4]\b(?!\/))+)/.exec(text);
  if (list) m.quarters = [...new Set([list[1]!, ...list[2]!.match(/[1-4]/g)!].map((n) => Number(n) as QuarterNumber))];
  if (m.quarters && m.quarters.length < 2) delete m.quarters;
  if (!m.quarter) for (const [re, rel] of REL_QUARTER) if (re.test(text)) m.relativeQuarter = rel;
  if (q && !m.year) {
    // A quarter's year is said next to it ("quý 4 của năm 2026", "năm 2026 quý 4"); a year further
    // on belongs to something else ("… quý sau lập kế hoạch tuyển sinh 2027", "năm học 2027-2028").
    const after = /^(?: (?!quy\b)\S+){0,3}? nam (20\d{2})\b(?!\s*-\s*20\d{2})/.exec(text.slice(q.index + q[0].length));
    const before = /\bnam (20\d{2})(?: (?!quy\b)\S+){0,2} $/.exec(text.slice(0, q.index));
    const y = after ?? before;
    if (y) m.year = Number(y[1]);
    else for (const [re, rel] of REL_YEAR) if (re.test(text)) m.relativeYear = rel;
  } else if (!m.year) {
    const y = /\bnam (20\d{2})\b/.exec(text) ?? /\b(20\d{2})\b/.exec(text.replace(/\b\d{1,2}\/\d{1,2}\/20\d{2}\b/g, " "));
    if (y) m.year = Number(y[1]);
    else for (const [re, rel] of REL_YEAR) if (re.test(text)) m.relativeYear = rel;
  }
  const month = /\bthang (1[0-2]|[1-9])\b(?!\/)/.exec(text);
  if (month && !/\bngay \d{1,2} thang\b/.test(text)) m.month = Number(month[1]);
  return Object.keys(m).length ? m : undefined;
}

const index = (q: Quarter) => q.year * 4 + q.quarter - 1;
const fromIndex = (i: number): Quarter => ({ year: Math.floor(i / 4), quarter: ((i % 4) + 1) as QuarterNumber });

/** The quarter a mention means, or undefined when it names none. */
export function resolveQuarter(m: PeriodMention | undefined, now: Date): Quarter | undefined {
  if (!m) return undefined;
  const current = quarterOf(now);
  const year = m.year ?? (m.relativeYear !== undefined ? current.year + m.relativeYear : undefined);
  const quarter = m.quarter ?? (m.month ? (Math.ceil(m.month / 3) as QuarterNumber) : undefined);
  if (m.relativeQuarter !== undefined && !quarter) return fromIndex(index(current) + m.relativeQuarter);
  if (!quarter) return undefined;
  if (year) return { year, quarter };
  // No year: the nearest occurrence, from the quarter just past to two quarters ahead.
  for (const y of [current.year, current.year + 1, current.year - 1]) {
    const d = index({ year: y, quarter }) - index(current);
    if (d >= -1 && d <= 2) return { year: y, quarter };
  }
  return { year: current.year, quarter };
}

/** The year a message names ("năm 2026", "năm sau"), resolved against now. */
export function resolveYear(m: PeriodMention | undefined, now: Date): number | undefined {
  if (!m) return undefined;
  if (m.year) return m.year;
  if (m.relativeYear !== undefined) return quarterOf(now).year + m.relativeYear;
  return undefined;
}

/** Calendar dates named in a message, as 00:00 Vietnam time; a date without a year is the one nearest to now. */
export function findDates(text: string, now: Date): Date[] {
  const out: Date[] = [];
  const today = new TZDate(now, VN_TZ);
  const make = (day: number, month: number, year?: number): Date | undefined => {
    if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
    const build = (y: number) => {
      const d = vnDate(y, month, day);
      return d.getMonth() === month - 1 ? d : undefined;
    };
    if (year) return build(year);
    const candidates = [today.getFullYear() - 1, today.getFullYear(), today.getFullYear() + 1].map(build).filter((d): d is TZDate => !!d);
    return candidates.sort((a, b) => Math.abs(a.getTime() - now.getTime()) - Math.abs(b.getTime() - now.getTime()))[0];
  };
  for (const m of text.matchAll(/\b(\d{1,2})\/(\d{1,2})(?:\/(20\d{2}))?\b/g)) {
    const d = make(Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : undefined);
    if (d) out.push(d);
  }
  for (const m of text.matchAll(/\bngay (\d{1,2}) thang (\d{1,2})(?: nam (20\d{2}))?\b/g)) {
    const d = make(Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : undefined);
    if (d) out.push(d);
  }
  if (/\bhom nay\b/.test(text) && !out.length) out.push(vnDate(today.getFullYear(), today.getMonth() + 1, today.getDate()));
  if (/\bngay mai\b/.test(text)) out.push(addDays(vnDate(today.getFullYear(), today.getMonth() + 1, today.getDate()), 1));
  return out;
}

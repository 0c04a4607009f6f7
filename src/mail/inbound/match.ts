/**
 * Which school and which period an email is about. The school: src/registry/school-names.ts
 * (sender address, else the name in the text, with a confidence). The period: from "quý 3/2025",
 * "QIII", "Q3-2025", "quý III năm 2025"… or else from the date received.
 */
import { quarterOf, type Quarter, type QuarterNumber } from "../../domain/periods.ts";
import { normalize } from "../../lang/normalize.ts";
import { findPeriod } from "../../lang/periods.ts";

export { matchSchool, NAME_MATCH_THRESHOLD, type SchoolMatch, type SchoolRef } from "../../registry/school-names.ts";

/** The quarter named in the text ("quý 3/2025", "QIII", "Q3-2025", "quý III năm 2025"), or undefined. */
export function quarterInText(text: string): Partial<Quarter> | undefined {
  // "Q.4", "quý 04": the quarter with a dot or a leading zero, as office forms write it.
  const n = normalize(text.replace(/(?<![\p{L}\d])[Qq]\s*\.\s*0?([1-4])(?!\d)/gu, "quý $1").replace(/(?<![\p{L}])(quý|quy|Quý|QUÝ)\s+0([1-4])(?!\d)/gu, "$1 $2"));
  const m = findPeriod(n);
  if (m?.quarter) return { quarter: m.quarter, year: m.year };
  // "tháng 10-12/2026", "từ tháng 7 đến tháng 9": the three months of one quarter.
  const months = /\bthang (\d{1,2}) ?(?:-|–|den |toi | )?(?:thang )?(\d{1,2})(?! ?(?:gio|h|phut)\b)(?:(?: nam)? ?\/? ?(20\d{2}))?\b/.exec(n);
  if (months) {
    const [a, b] = [Number(months[1]), Number(months[2])];
    if (a >= 1 && b <= 12 && b - a === 2 && a % 3 === 1) return { quarter: ((a + 2) / 3) as QuarterNumber, year: months[3] ? Number(months[3]) : undefined };
  }
  return undefined;
}

/** The report's quarter: named in subject/body (year defaulting to the received year), else the received date's. */
export function matchQuarter(texts: string[], received: Date): { quarter: Quarter; by: "text" | "date" } {
  for (const t of texts) {
    const q = quarterInText(t);
    if (q?.quarter) return { quarter: { quarter: q.quarter as QuarterNumber, year: q.year ?? quarterOf(received).year }, by: "text" };
  }
  return { quarter: quarterOf(received), by: "date" };
}

/** Where a period was read, in the order they are trusted. */
export type PeriodSource = "tiêu đề" | "nội dung thư" | "tệp đính kèm" | "tên tệp" | "ngày nhận";

/**
 * The quarter of a report from the places a school writes it, in order (subject, body, the
 * sheet titles and first cells of the files, file names), else the date received — and which.
 */
export function reportQuarter(places: [Exclude<PeriodSource, "ngày nhận">, string][], received: Date): { quarter: Quarter; by: PeriodSource } {
  for (const [by, text] of places) {
    const q = quarterInText(text);
    if (q?.quarter) return { quarter: { quarter: q.quarter as QuarterNumber, year: q.year ?? quarterOf(received).year }, by };
  }
  // "báo cáo … quý này": the quarter the mail was sent in — unless sent in a quarter's first month,
  // when "this quarter" may still mean the one just ended (a late report): then it says nothing.
  const current = quarterOf(received);
  const firstMonth = Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Ho_Chi_Minh", month: "numeric" }).format(received)) % 3 === 1;
  for (const [by, text] of places) if (!firstMonth && /\bquy (nay|hien tai|hien nay)\b/.test(normalize(text))) return { quarter: current, by };
  return { quarter: current, by: "ngày nhận" };
}

/** The year of a self-assessment ("năm 2025", "2025") from the same places, else the year received. */
export function reportYear(places: [Exclude<PeriodSource, "ngày nhận">, string][], received: Date): { year: number; by: PeriodSource } {
  for (const [by, text] of places) {
    const m = /\b(20[2-9]\d)\b/.exec(text.replace(/\b\d{1,2}\/\d{1,2}\/20\d{2}\b/g, " "));
    if (m) return { year: Number(m[1]), by };
  }
  return { year: Number(received.toISOString().slice(0, 4)), by: "ngày nhận" };
}

import { describe, expect, it } from "vitest";
import {
  DEFAULT_DEADLINE_RULES,
  formatDate,
  isLate,
  quarterlyDeadline,
  quarterOf,
  selfAssessmentDeadlines,
  upcomingReportQuarter,
  weekdayName,
  type QuarterNumber,
} from "../../src/domain/periods.ts";
import { gapText, levelFor, nextLevelGap } from "../../src/domain/levels.ts";

describe("quarterly deadlines (CV 396: before the 20th of the quarter's last month)", () => {
  const years = [2023, 2024, 2025, 2026, 2027, 2028, 2030];
  it.each(years)("every quarter of %i", (year) => {
    const due = ([1, 2, 3, 4] as QuarterNumber[]).map((quarter) => formatDate(quarterlyDeadline({ year, quarter }).dueDay));
    expect(due).toEqual([`20/03/${year}`, `20/06/${year}`, `20/09/${year}`, `20/12/${year}`]);
  });

  it("names the weekday as the calendar does", () => {
    expect(weekdayName(quarterlyDeadline({ year: 2025, quarter: 4 }).dueDay)).toBe("thứ Bảy"); // 20/12/2025
    expect(weekdayName(quarterlyDeadline({ year: 2026, quarter: 1 }).dueDay)).toBe("thứ Sáu"); // 20/03/2026
    expect(weekdayName(quarterlyDeadline({ year: 2024, quarter: 4 }).dueDay)).toBe("thứ Sáu"); // 20/12/2024
  });

  it("is on time until 00:00 of the 20th in Vietnam by default, and through the 20th when configured", () => {
    const q = { year: 2025, quarter: 3 as const };
    expect(isLate(new Date("2025-09-19T23:59:59+07:00"), q)).toBe(false);
    expect(isLate(new Date("2025-09-20T00:00:00+07:00"), q)).toBe(true);
    // 23:30 on the 19th in UTC is already 06:30 on the 20th in Vietnam.
    expect(isLate(new Date("2025-09-19T23:30:00Z"), q)).toBe(true);
    const endOfDay = { ...DEFAULT_DEADLINE_RULES, cutoff: "end-of-day" as const };
    expect(isLate(new Date("2025-09-20T23:59:00+07:00"), q, endOfDay)).toBe(false);
    expect(isLate(new Date("2025-09-21T00:00:00+07:00"), q, endOfDay)).toBe(true);
  });

  it("finds the quarter and the next report due in Vietnam's time zone", () => {
    expect(quarterOf(new Date("2025-12-31T18:00:00Z"))).toEqual({ year: 2026, quarter: 1 }); // 01:00 on 1/1 in Vietnam
    expect(upcomingReportQuarter(new Date("2025-09-19T12:00:00+07:00"))).toEqual({ year: 2025, quarter: 3 });
    expect(upcomingReportQuarter(new Date("2025-09-20T08:00:00+07:00"))).toEqual({ year: 2025, quarter: 4 });
    expect(upcomingReportQuarter(new Date("2025-12-25T08:00:00+07:00"))).toEqual({ year: 2026, quarter: 1 });
  });

  it("self-assessment: district 20/5, national 31/5", () => {
    const d = selfAssessmentDeadlines(2026);
    expect([formatDate(d.district.dueDay), formatDate(d.national.dueDay)]).toEqual(["20/05/2026", "31/05/2026"]);
  });
});

describe("levels (QĐ 4725: <50, 50–75, >75 per group)", () => {
  it.each([
    [0, 1], [49, 1], [50, 2], [74, 2], [75, 2], [76, 3], [100, 3],
  ])("%i points → Mức độ %i", (points, level) => expect(levelFor(points)).toBe(level));
  it("says what is missing for the next level", () => {
    expect(nextLevelGap(74)).toEqual({ level: 3, points: 2, above: false });
    expect(nextLevelGap(40)).toEqual({ level: 2, points: 10, above: false });
    expect(nextLevelGap(80)).toBeUndefined();
  });
  it("keeps the decimals of a decimal score: the exact gap, never rounded up to whole points", () => {
    expect(nextLevelGap(47.5)).toEqual({ level: 2, points: 2.5, above: false });
    expect(nextLevelGap(72.5)).toEqual({ level: 3, points: 2.5, above: true }); // Mức độ 3 is above 75
    expect(nextLevelGap(49.75)).toEqual({ level: 2, points: 0.25, above: false });
    expect(nextLevelGap(72.3)).toEqual({ level: 3, points: 2.7, above: true });
    expect(gapText(47.5)).toBe("cần thêm 2,5 điểm để đạt Mức độ 2 (đáp ứng cơ bản)");
    expect(gapText(72.5)).toBe("cần thêm hơn 2,5 điểm để đạt Mức độ 3 (đáp ứng tốt)");
    expect(gapText(74)).toBe("cần thêm 2 điểm để đạt Mức độ 3 (đáp ứng tốt)");
  });
});

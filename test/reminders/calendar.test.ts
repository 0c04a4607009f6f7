import { describe, expect, it } from "vitest";
import { isoDay, isWorkingDay, stageSendDay, withinQuietHours } from "../../src/domain/calendar.ts";
import { quarterlyDeadline, selfAssessmentDeadlines } from "../../src/domain/periods.ts";
import { loadReminderCalendar } from "../../src/reminders/calendar.ts";

const cal = loadReminderCalendar();
const days = (d: ReturnType<typeof quarterlyDeadline>, holidays = cal.holidays) => cal.stages.map((s) => isoDay(stageSendDay(d, s, holidays)));

describe("reminder calendar", () => {
  it("puts every stage of every quarter on a distinct working day", () => {
    for (const year of [2025, 2026, 2027, 2028]) {
      for (const quarter of [1, 2, 3, 4] as const) {
        const sendDays = cal.stages.map((s) => stageSendDay(quarterlyDeadline({ year, quarter }), s, cal.holidays));
        expect(new Set(sendDays.map(isoDay)).size).toBe(cal.stages.length);
        for (const d of sendDays) expect(isWorkingDay(d, cal.holidays), isoDay(d)).toBe(true);
      }
    }
  });

  it("counts working days around the deadline: quý 3/2025", () => {
    // Last on-time day Fri 19/09/2025; the 20th and 21st are a weekend.
    expect(days(quarterlyDeadline({ year: 2025, quarter: 3 }))).toEqual(["2025-09-10", "2025-09-16", "2025-09-18", "2025-09-19", "2025-09-22", "2025-09-24"]);
  });

  it("moves stages off holidays: a holiday on the last day pulls T0 earlier", () => {
    const holidays = [...cal.holidays, { from: "2025-09-18", to: "2025-09-19", name: "Nghỉ thử" }];
    expect(days(quarterlyDeadline({ year: 2025, quarter: 3 }), holidays)).toEqual(["2025-09-08", "2025-09-12", "2025-09-16", "2025-09-17", "2025-09-22", "2025-09-24"]);
  });

  it("knows the weekend and Tết", () => {
    expect(isWorkingDay(new Date("2025-09-20T08:00:00+07:00"), cal.holidays)).toBe(false); // Saturday
    expect(isWorkingDay(new Date("2025-09-02T08:00:00+07:00"), cal.holidays)).toBe(false); // Quốc khánh
    expect(isWorkingDay(new Date("2026-02-17T08:00:00+07:00"), cal.holidays)).toBe(false); // Tết
    expect(isWorkingDay(new Date("2026-02-23T08:00:00+07:00"), cal.holidays)).toBe(true);
  });

  it("self-assessment stages end on 20/5 (district): T0 is the last working day before it", () => {
    expect(days(selfAssessmentDeadlines(2026).district)).toEqual(["2026-05-08", "2026-05-14", "2026-05-18", "2026-05-19", "2026-05-20", "2026-05-22"]);
  });

  it("respects quiet hours in Vietnam's time", () => {
    expect(withinQuietHours(new Date("2025-09-10T08:00:00+07:00"))).toBe(true);
    expect(withinQuietHours(new Date("2025-09-10T06:59:00+07:00"))).toBe(false);
    expect(withinQuietHours(new Date("2025-09-10T21:00:00+07:00"))).toBe(false);
    expect(withinQuietHours(new Date("2025-09-10T13:30:00Z"))).toBe(true); // 20:30 in Vietnam
  });
});

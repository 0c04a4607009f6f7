/**
 * The board's state of each school for a quarter: on time is decided by the school's first filing,
 * so a correction sent after the deadline does not turn an on-time school into a late one.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBoard, periodInfo } from "../../src/dashboard/data/board.ts";
import type { Database } from "../../src/db/client.ts";
import { DEFAULT_DEADLINE_RULES } from "../../src/domain/periods.ts";
import { ensureQuarterPeriod, fileVersion } from "../../src/reports/store.ts";
import { loadReportTemplate } from "../../src/reports/template.ts";
import { openTestDatabase } from "../helpers/db.ts";

describe("board states", () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase("pglite");
  });
  afterAll(async () => {
    await db?.close();
  });

  it("on time when first filed before the deadline, whatever later versions came; late otherwise", async () => {
    const rules = DEFAULT_DEADLINE_RULES;
    const period = await ensureQuarterPeriod(db.prisma, { year: 2025, quarter: 3 }, rules);
    const school = (code: string) => db.prisma.school.create({ data: { code, name: `Trường ${code}`, level: "TH", emails: [] } });
    const [fixed, late] = [await school("TH-FIXED"), await school("TH-LATE")];
    await school("TH-NONE");
    const file = (schoolId: string, at: string, percent: number) =>
      fileVersion(db.prisma, { schoolId, periodId: period.id, source: "chat", actor: { type: "system" }, rows: { "9": { status: "dang_thuc_hien", progressPercent: percent, done: "Số hóa sách" } }, mode: "replace", now: new Date(at), rules });
    await file(fixed.id, "2025-09-15T09:00:00+07:00", 30);
    const correction = await file(fixed.id, "2025-09-23T09:00:00+07:00", 40);
    expect(correction).toMatchObject({ version: 2, late: true });
    await file(late.id, "2025-09-21T09:00:00+07:00", 50);

    const info = await periodInfo(db.prisma, "2025-Q3", rules);
    const rows = await loadBoard(db.prisma, info!, loadReportTemplate());
    const state = Object.fromEntries(rows.map((r) => [r.school.code, [r.state, r.version]]));
    expect(state).toEqual({ "TH-FIXED": ["on_time", 2], "TH-LATE": ["late", 1], "TH-NONE": ["missing", undefined] });
  });
});

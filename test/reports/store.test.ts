/**
 * fileVersion's numbering: one read gives the next number and the version in force. When the
 * highest-numbered version is not in force (a row changed by hand), the number still goes on from
 * it and nothing is superseded by guess. Rows a caller already read (period, school) are used
 * only when they are the ones asked for.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import { DEFAULT_DEADLINE_RULES } from "../../src/domain/periods.ts";
import { ensureQuarterPeriod, fileVersion } from "../../src/reports/store.ts";
import { engines, openTestDatabase } from "../helpers/db.ts";

describe.each(engines)("filing versions (%s)", (engine) => {
  let db: Database;
  beforeEach(async () => {
    db = await openTestDatabase(engine);
  });
  afterEach(async () => {
    await db.close();
  });

  const rows = (done: string) => ({ "2": { status: "dang_thuc_hien" as const, progressPercent: 50, done } });

  it("numbers on from the highest version and supersedes only the version in force", async () => {
    const prisma = db.prisma;
    const school = await prisma.school.create({ data: { code: "TH-A", name: "Trường Tiểu học A", level: "TH", emails: [] } });
    const other = await prisma.school.create({ data: { code: "TH-B", name: "Trường Tiểu học B", level: "TH", emails: [] } });
    const period = await ensureQuarterPeriod(prisma, { year: 2025, quarter: 3 }, DEFAULT_DEADLINE_RULES);
    const now = new Date("2025-09-10T03:00:00Z");
    const file = (done: string, known?: Parameters<typeof fileVersion>[1]["known"]) =>
      fileVersion(prisma, { schoolId: school.id, periodId: period.id, source: "email", actor: { type: "system" }, rows: rows(done), mode: "replace", now, rules: DEFAULT_DEADLINE_RULES, known });

    const v1 = await file("một");
    const v2 = await file("hai", { period, school });
    expect([v1.version, v2.version, v2.supersedesId, v2.referenceNo]).toEqual([1, 2, v1.id, "BC-2025Q3-TH-A-v2"]);
    expect((await prisma.report.findUniqueOrThrow({ where: { id: v1.id } })).status).toBe("superseded");

    // Version 2 taken out of force by hand: version 3 follows it and supersedes nothing.
    await prisma.report.update({ where: { id: v2.id }, data: { status: "superseded" } });
    const v3 = await file("ba");
    expect([v3.version, v3.supersedesId, v3.status]).toEqual([3, null, "submitted"]);

    // A known school that is not the one asked for is not used (the reference names the right one).
    const v4 = await file("bốn", { period, school: other });
    expect([v4.version, v4.referenceNo, v4.school.name]).toEqual([4, "BC-2025Q3-TH-A-v4", "Trường Tiểu học A"]);
    const versions = await prisma.report.findMany({ where: { schoolId: school.id }, orderBy: { version: "asc" }, select: { version: true, status: true } });
    expect(versions).toEqual([
      { version: 1, status: "superseded" },
      { version: 2, status: "superseded" },
      { version: 3, status: "superseded" },
      { version: 4, status: "submitted" },
    ]);
  });
});

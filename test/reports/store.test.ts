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

  it("writes a table's version whole: every field of its rows, the superseded one, the audit row; an addendum over the version in force", async () => {
    const prisma = db.prisma;
    const school = await prisma.school.create({ data: { code: "TH-C", name: "Trường Tiểu học C", level: "TH", emails: [] } });
    const period = await ensureQuarterPeriod(prisma, { year: 2025, quarter: 3 }, DEFAULT_DEADLINE_RULES);
    const now = new Date("2025-09-25T03:04:05.678Z");
    const v1 = await fileVersion(prisma, {
      schoolId: school.id, periodId: period.id, source: "dashboard", actor: { type: "staff", id: "staff-1" }, mode: "replace", now, rules: DEFAULT_DEADLINE_RULES,
      rows: {
        "1.1": { title: "Cập nhật CSDL", status: "da_hoan_thanh", progressPercent: 100, expectedCompletion: "12/2025", done: "Đã cập nhật ‘đủ’ 100%", next: null, difficulties: "", recommendations: "Xin hỗ trợ" } as Record<string, string | number | null>,
        "8": { status: "dang_thuc_hien", progressPercent: 40, done: "Dạy trực tuyến", next: "Mở rộng" },
        "9": { done: "", next: null },
      },
    });
    expect([v1.version, v1.late, v1.submittedAt?.toISOString(), v1.source, v1.inboundEmailId]).toEqual([1, true, now.toISOString(), "dashboard", null]);
    const items = await prisma.reportItem.findMany({ where: { reportId: v1.id }, orderBy: { taskCode: "asc" } });
    expect(items.map(({ taskCode, title, status, progressPercent, expectedCompletion, done, next, difficulties, recommendations, updatedById }) => ({ taskCode, title, status, progressPercent, expectedCompletion, done, next, difficulties, recommendations, updatedById }))).toEqual([
      { taskCode: "1.1", title: "Cập nhật CSDL", status: "da_hoan_thanh", progressPercent: 100, expectedCompletion: "12/2025", done: "Đã cập nhật ‘đủ’ 100%", next: null, difficulties: "", recommendations: "Xin hỗ trợ", updatedById: null },
      { taskCode: "8", title: null, status: "dang_thuc_hien", progressPercent: 40, expectedCompletion: null, done: "Dạy trực tuyến", next: "Mở rộng", difficulties: null, recommendations: null, updatedById: null },
    ]);
    const stored = await prisma.report.findUniqueOrThrow({ where: { id: v1.id } });
    expect([stored.status, stored.submittedAt?.toISOString(), stored.referenceNo, stored.updatedAt.toISOString()]).toEqual(["submitted", now.toISOString(), "BC-2025Q3-TH-C-v1", now.toISOString()]);

    // An addendum ("bổ sung mục 9") keeps the rows in force and adds its own; the audit says so.
    const v2 = await fileVersion(prisma, { schoolId: school.id, periodId: period.id, source: "email", actor: { type: "system" }, mode: "amend", now, rules: DEFAULT_DEADLINE_RULES, rows: { "9": { done: "Thư viện số" } } });
    expect((await prisma.reportItem.findMany({ where: { reportId: v2.id }, orderBy: { taskCode: "asc" } })).map((i) => [i.taskCode, i.done])).toEqual([["1.1", "Đã cập nhật ‘đủ’ 100%"], ["8", "Dạy trực tuyến"], ["9", "Thư viện số"]]);
    expect((await prisma.report.findUniqueOrThrow({ where: { id: v1.id } })).status).toBe("superseded");
    const audit = await prisma.auditLog.findMany({ where: { entity: "Report", action: "report.submitted", entityId: { in: [v1.id, v2.id] } }, orderBy: { at: "asc" } });
    expect(audit.map((a) => [a.actorType, a.entityId, [...(a.data as { rows: string[] }).rows].sort(), (a.data as { supersedes: string | null }).supersedes])).toEqual([
      ["staff", v1.id, ["1.1", "8"], null],
      ["system", v2.id, ["1.1", "8", "9"], v1.id],
    ]);

    // A table with nothing in it is still a version (the officer sees it), with no rows.
    const v3 = await fileVersion(prisma, { schoolId: school.id, periodId: period.id, source: "email", actor: { type: "system" }, mode: "replace", now, rules: DEFAULT_DEADLINE_RULES, rows: {} });
    expect([v3.version, await prisma.reportItem.count({ where: { reportId: v3.id } })]).toEqual([3, 0]);
  });

  it("mail's tables filed at the same moment for one school get versions 1…n, each superseding the one before", async () => {
    const prisma = db.prisma;
    const school = await prisma.school.create({ data: { code: "TH-D", name: "Trường Tiểu học D", level: "TH", emails: [] } });
    const period = await ensureQuarterPeriod(prisma, { year: 2025, quarter: 3 }, DEFAULT_DEADLINE_RULES);
    const now = new Date("2025-09-10T03:00:00Z");
    const filed = await Promise.all(
      ["một", "hai", "ba", "bốn"].map((done) =>
        fileVersion(prisma, { schoolId: school.id, periodId: period.id, source: "email", actor: { type: "system" }, rows: rows(done), mode: "replace", now, rules: DEFAULT_DEADLINE_RULES, known: { period, school } }),
      ),
    );
    expect(filed.map((f) => f.version).sort()).toEqual([1, 2, 3, 4]);
    const versions = await prisma.report.findMany({ where: { schoolId: school.id }, orderBy: { version: "asc" }, select: { id: true, version: true, status: true, supersedesId: true } });
    expect(versions.map((v) => v.status)).toEqual(["superseded", "superseded", "superseded", "submitted"]);
    expect(versions.slice(1).map((v) => v.supersedesId)).toEqual(versions.slice(0, -1).map((v) => v.id));
    expect(await prisma.reportItem.count({ where: { report: { schoolId: school.id } } })).toBe(4);
  });
});

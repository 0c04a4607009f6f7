/**
 * The sender on its own: claims made by one statement per batch, on a PGlite database migrated
 * by the same process (a first start-up) as well as on the test engines.
 */
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { DEFAULT_DEADLINE_RULES } from "../../src/domain/periods.ts";
import type { PlannedMessage } from "../../src/reminders/planner.ts";
import { sendReminders } from "../../src/reminders/sender.ts";
import { ensureQuarterPeriod } from "../../src/reports/store.ts";

async function emailPlan(db: Database, n: number): Promise<PlannedMessage[]> {
  const period = await ensureQuarterPeriod(db.prisma, { year: 2025, quarter: 3 }, DEFAULT_DEADLINE_RULES);
  const planned: PlannedMessage[] = [];
  for (let i = 0; i < n; i++) {
    const s = await db.prisma.school.create({ data: { code: `S${i}`, name: `Trường ${i}`, level: "TH", emails: [`s${i}@example.edu.vn`] } });
    planned.push({ period: period.code, periodId: period.id, school: s.code, schoolId: s.id, schoolName: s.name, stage: "T-3", channel: "email", recipient: s.emails[0]!, text: `Nhắc hạn: ${s.name}` });
  }
  return planned;
}

describe("reminder sender on a freshly migrated PGlite", () => {
  let db: Database | undefined;
  afterEach(async () => void (await db?.close()));

  it("claims with the channel enum even though PGlite learnt its types before the migration created it", async () => {
    // PGlite registers array types once, when it starts: a ReminderChannel[] parameter would be
    // sent as "email,email" (malformed array literal) on the first run after the migration.
    db = await openDatabase({ kind: "pglite-memory" });
    const planned = await emailPlan(db, 3);
    const sent: string[] = [];
    const r = await sendReminders(db.prisma, planned, { email: async (to) => void sent.push(...to) });
    expect(r).toEqual({ sent: 3, skipped: 0, failed: 0, fellBack: 0 });
    expect(sent.sort()).toEqual(["s0@example.edu.vn", "s1@example.edu.vn", "s2@example.edu.vn"]);
    expect(await db.prisma.reminderSend.count({ where: { status: "sent", channel: "email" } })).toBe(3);
  });
});

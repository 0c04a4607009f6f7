/**
 * Reminders at scale: plan (the dry run) and record (claim + send + outcome, one statement each
 * per chunk of messages) one stage for N schools (default 50,000), on PGlite and on PostgreSQL.
 * Baseline in the same run: inserting the same number of ReminderSend rows with one createMany.
 */
import { parseArgs } from "node:util";
import { openDatabase, type Database, type DatabaseTarget } from "../src/db/client.ts";
import { DEFAULT_DEADLINE_RULES } from "../src/domain/periods.ts";
import { createLogger } from "../src/logger.ts";
import { loadReminderCalendar } from "../src/reminders/calendar.ts";
import { planReminders } from "../src/reminders/planner.ts";
import { sendReminders } from "../src/reminders/sender.ts";
import { ensureQuarterPeriod } from "../src/reports/store.ts";
import { benchPostgres, recreateDatabase } from "../test/setup/postgres.ts";

const { values } = parseArgs({ options: { schools: { type: "string", default: "50000" } } });
const N = Number(values.schools);
const logger = createLogger({ level: "silent", secrets: [] });
const plan = {
  rules: DEFAULT_DEADLINE_RULES,
  calendar: loadReminderCalendar(),
  quiet: { start: 7, end: 21 },
  office: { name: "Phòng GD&ĐT", email: "cntt@example.vn" },
};
const at = new Date("2025-09-16T08:00:00+07:00"); // T-3 of quý 3/2025

async function seed(db: Database) {
  for (let i = 0; i < N; i += 5000) {
    await db.prisma.school.createMany({
      data: Array.from({ length: Math.min(5000, N - i) }, (_, j) => ({ code: `S${i + j}`, name: `Trường ${i + j}`, level: "TH", emails: [`s${i + j}@example.edu.vn`] })),
    });
  }
}

async function measure(name: string, target: DatabaseTarget) {
  const db = await openDatabase(target);
  try {
    await seed(db);
    const period = await ensureQuarterPeriod(db.prisma, { year: 2025, quarter: 3 }, DEFAULT_DEADLINE_RULES);
    const schools = await db.prisma.school.findMany({ select: { id: true } });
    let t = performance.now();
    await db.prisma.reminderSend.createMany({
      data: schools.map((s) => ({ periodId: period.id, schoolId: s.id, stage: "BASELINE", channel: "email", recipient: "x", text: "x" })),
    });
    const baseline = performance.now() - t;

    t = performance.now();
    const planned = await planReminders(db.prisma, { ...plan, now: at });
    const planMs = performance.now() - t;
    t = performance.now();
    const r = await sendReminders(db.prisma, planned, { email: async () => undefined });
    const recordMs = performance.now() - t;
    t = performance.now();
    const again = await sendReminders(db.prisma, planned, { email: async () => undefined });
    const replayMs = performance.now() - t;
    // Every outcome recorded (no row left "claimed"), exactly one row per school.
    const rows = await db.prisma.reminderSend.groupBy({ by: ["status"], where: { stage: { not: "BASELINE" } }, _count: true });
    const byStatus = Object.fromEntries(rows.map((g) => [g.status, g._count]));
    if (planned.length !== N || r.sent !== N || again.skipped !== N || byStatus.sent !== N || rows.length !== 1) {
      throw new Error(`unexpected: ${JSON.stringify({ planned: planned.length, r, again, byStatus })}`);
    }
    return { name, planMs, recordMs, replayMs, baseline };
  } finally {
    await db.close();
  }
}

const results = [await measure("pglite", { kind: "pglite-memory" })];
const server = await benchPostgres();
if (server.url) results.push(await measure("postgres", { kind: "postgres", url: await recreateDatabase(server.url, "cds_bench_reminders") }));
server.stop();

console.log(`\nReminders: one stage for ${N} schools (Node ${process.versions.node})\n`);
console.log("engine     plan (dry run) ms   claim+send+record ms   replay (all skipped) ms   baseline createMany ms   record/baseline");
for (const r of results) {
  console.log(
    `${r.name.padEnd(10)} ${r.planMs.toFixed(0).padStart(17)}   ${r.recordMs.toFixed(0).padStart(20)}   ${r.replayMs.toFixed(0).padStart(23)}   ${r.baseline.toFixed(0).padStart(22)}   ${(r.recordMs / r.baseline).toFixed(1)}×`,
  );
}
process.exit(0);

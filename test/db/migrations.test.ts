import { describe, expect, it } from "vitest";
import { openAdapter } from "../../src/db/adapters.ts";
import { applyMigrations, diffSchemaAgainstMigrations, migrationsUpToDate, MIGRATIONS_DIR } from "../../src/db/migrations.ts";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPostgresDatabase, engines } from "../helpers/db.ts";

const migrationNames = fs
  .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe.each(engines)("migrations on %s", (engine) => {
  it("apply every migration to an empty database, and a second run is a no-op", async () => {
    const pgDb = engine === "postgres" ? await createPostgresDatabase() : undefined;
    const adapter = await openAdapter(pgDb ? { kind: "postgres", url: pgDb.url } : { kind: "pglite-memory" });
    try {
      expect(await applyMigrations(adapter.factory)).toEqual(migrationNames);
      expect(await applyMigrations(adapter.factory)).toEqual([]);
      const conn = await adapter.factory.connect();
      const rows = await conn.queryRaw({
        sql: `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name`,
        args: [],
        argTypes: [],
      });
      expect(rows.rows.map((r) => r[0])).toEqual(migrationNames);
      await conn.dispose();
    } finally {
      await adapter.close();
      await pgDb?.drop();
    }
  });

  it("skips the schema engine only when every migration is recorded, finished and unchanged", async () => {
    const pgDb = engine === "postgres" ? await createPostgresDatabase() : undefined;
    const adapter = await openAdapter(pgDb ? { kind: "postgres", url: pgDb.url } : { kind: "pglite-memory" });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-"));
    const sql = async (text: string) => {
      const conn = await adapter.factory.connect();
      try {
        await conn.executeRaw({ sql: text, args: [], argTypes: [] });
      } finally {
        await conn.dispose();
      }
    };
    try {
      fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
      expect(await migrationsUpToDate(adapter.factory, dir)).toBe(false); // empty database: no table yet
      await applyMigrations(adapter.factory, dir);
      expect(await migrationsUpToDate(adapter.factory, dir)).toBe(true);

      // A new migration folder: not up to date, and the engine applies it.
      fs.mkdirSync(path.join(dir, "29990101000000_probe"));
      fs.writeFileSync(path.join(dir, "29990101000000_probe", "migration.sql"), `CREATE TABLE "Probe" ("id" TEXT PRIMARY KEY);\n`);
      expect(await migrationsUpToDate(adapter.factory, dir)).toBe(false);
      expect(await applyMigrations(adapter.factory, dir)).toEqual(["29990101000000_probe"]);
      expect(await migrationsUpToDate(adapter.factory, dir)).toBe(true);

      // An applied migration edited afterwards, or one recorded as failed: the engine decides.
      fs.appendFileSync(path.join(dir, "29990101000000_probe", "migration.sql"), "-- edited\n");
      expect(await migrationsUpToDate(adapter.factory, dir)).toBe(false);
      fs.writeFileSync(path.join(dir, "29990101000000_probe", "migration.sql"), `CREATE TABLE "Probe" ("id" TEXT PRIMARY KEY);\n`);
      await sql(`UPDATE "_prisma_migrations" SET "finished_at" = NULL WHERE "migration_name" = '29990101000000_probe'`);
      expect(await migrationsUpToDate(adapter.factory, dir)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await adapter.close();
      await pgDb?.drop();
    }
  });

  it("upgrades a database with data: forms move to their sender, drafts lose their number, statuses and kinds keep their values, self-assessments move to their table", async () => {
    const pgDb = engine === "postgres" ? await createPostgresDatabase() : undefined;
    const adapter = await openAdapter(pgDb ? { kind: "postgres", url: pgDb.url } : { kind: "pglite-memory" });
    const before = fs.mkdtempSync(path.join(os.tmpdir(), "cds-migrations-"));
    try {
      // The database as it was before the per-author drafts and typed statuses.
      const upgrade = ["20261129024429_per_author_drafts_and_update_store", "20261129031253_typed_statuses", "20261129032819_typed_kinds_and_channels", "20261129033116_self_assessment_table"];
      fs.cpSync(MIGRATIONS_DIR, before, { recursive: true, filter: (src) => !upgrade.some((u) => src.includes(u)) });
      await applyMigrations(adapter.factory, before);
      const conn = await adapter.factory.connect();
      await conn.executeRaw({ sql: `INSERT INTO "School" (id, code, name, level, emails, "updatedAt") VALUES ('s1', 'TH-A', 'A', 'TH', '{}', now())`, args: [], argTypes: [] });
      await conn.executeRaw({ sql: `INSERT INTO "ChatAccount" (id, channel, "externalId") VALUES ('a1', 'zalo', 'z1')`, args: [], argTypes: [] });
      await conn.executeRaw({ sql: `INSERT INTO "Conversation" (id, channel, "chatId", "accountId", state, "updatedAt") VALUES ('c1', 'zalo', 'z1', 'a1', '{"flow":"quarterly"}', now())`, args: [], argTypes: [] });
      await conn.executeRaw({ sql: `INSERT INTO "Period" (id, code, kind, year, quarter, "dueAt") VALUES ('p1', '2025-Q3', 'quarter', 2025, 3, now())`, args: [], argTypes: [] });
      await conn.executeRaw({ sql: `INSERT INTO "Report" (id, "schoolId", "periodId", version, status, source, "referenceNo", "updatedAt") VALUES ('r1', 's1', 'p1', 1, 'submitted', 'chat', 'BC-1', now())`, args: [], argTypes: [] });
      await conn.executeRaw({ sql: `INSERT INTO "Report" (id, "schoolId", "periodId", version, status, source, "draftKey", "createdById", "supersedesId", "updatedAt") VALUES ('r2', 's1', 'p1', 2, 'draft', 'chat', 's1:p1', 'k1', 'r1', now())`, args: [], argTypes: [] });
      await conn.executeRaw({ sql: `INSERT INTO "ReportItem" (id, "reportId", "taskCode", status, "updatedAt") VALUES ('i1', 'r1', '2', 'da_hoan_thanh', now())`, args: [], argTypes: [] });
      await conn.executeRaw({ sql: `INSERT INTO "InboundEmail" (id, "rawSha256", status, "updatedAt") VALUES ('m1', 'h1', 'review', now())`, args: [], argTypes: [] });
      await conn.executeRaw({ sql: `INSERT INTO "AuditLog" (id, "actorType", action) VALUES ('l1', 'staff', 'x')`, args: [], argTypes: [] });
      await conn.executeRaw({ sql: `INSERT INTO "OutboundEmail" (id, kind, "to", subject, text) VALUES ('o1', 'receipt', '{}', 's', 't'), ('o2', 'digest', '{}', 's', 't')`, args: [], argTypes: [] });
      await conn.executeRaw({ sql: `INSERT INTO "ReminderSend" (id, "periodId", "schoolId", stage, channel) VALUES ('n1', 'p1', 's1', 'T-3', 'zalo')`, args: [], argTypes: [] });
      await conn.executeRaw({ sql: `UPDATE "InboundEmail" SET classification = 'quarterly_report'`, args: [], argTypes: [] });
      // A self-assessment kept as rows the old way: N1/N2 scores, DK conditions, MC evidence.
      await conn.executeRaw({ sql: `INSERT INTO "Period" (id, code, kind, year, "dueAt") VALUES ('p2', '2025-SA', 'self_assessment', 2025, now())`, args: [], argTypes: [] });
      await conn.executeRaw({ sql: `INSERT INTO "Report" (id, "schoolId", "periodId", version, status, source, "updatedAt") VALUES ('r3', 's1', 'p2', 1, 'submitted', 'email', now())`, args: [], argTypes: [] });
      await conn.executeRaw({ sql: `INSERT INTO "ReportItem" (id, "reportId", "taskCode", status, "progressPercent", done, "updatedAt") VALUES ('i2', 'r3', 'N1', NULL, 73, '72.5 điểm', now()), ('i3', 'r3', 'N2', NULL, 58, NULL, now()), ('i4', 'r3', 'DK1', 'da_hoan_thanh', NULL, NULL, now()), ('i5', 'r3', 'DK3', 'chua_thuc_hien', NULL, NULL, now()), ('i6', 'r3', 'MC', NULL, NULL, 'QĐ 12', now())`, args: [], argTypes: [] });
      await conn.dispose();

      expect(await applyMigrations(adapter.factory)).toEqual(upgrade);
      const after = await adapter.factory.connect();
      const q = async (text: string) => (await after.queryRaw({ sql: text, args: [], argTypes: [] })).rows;
      expect(await q(`SELECT "conversationId", "accountId", state::text FROM "DialogueState"`)).toEqual([["c1", "a1", '{"flow": "quarterly"}']]);
      expect(await q(`SELECT id, version, "draftKey", "basedOnId", "supersedesId" FROM "Report" WHERE "periodId" = 'p1' ORDER BY id`)).toEqual([["r1", 1, null, null, null], ["r2", null, "s1:p1:k1", "r1", null]]);
      expect(await q(`SELECT status::text FROM "ReportItem"`)).toEqual([["da_hoan_thanh"]]);
      expect(await q(`SELECT status::text FROM "InboundEmail"`)).toEqual([["review"]]);
      expect(await q(`SELECT "actorType"::text FROM "AuditLog"`)).toEqual([["staff"]]);
      expect(await q(`SELECT id, kind::text FROM "OutboundEmail" ORDER BY id`)).toEqual([["o1", "reply"], ["o2", "digest"]]);
      expect(await q(`SELECT stage, channel::text FROM "ReminderSend"`)).toEqual([["T-3", "zalo"]]);
      expect(await q(`SELECT classification::text FROM "InboundEmail"`)).toEqual([["quarterly_report"]]);
      expect(await q(`SELECT "reportId", "teachingScore", "managementScore", conditions::text, evidence FROM "SelfAssessment"`)).toEqual([["r3", 72.5, 58, '{"DK1": true, "DK3": false}', "QĐ 12"]]);
      expect(await q(`SELECT "taskCode" FROM "ReportItem" ORDER BY "taskCode"`)).toEqual([["2"]]);
      await after.dispose();
    } finally {
      fs.rmSync(before, { recursive: true, force: true });
      await adapter.close();
      await pgDb?.drop();
    }
  });

  it("the migrations folder matches prisma/schema.prisma (no forgotten migration)", async () => {
    const pgDb = engine === "postgres" ? await createPostgresDatabase() : undefined;
    const adapter = await openAdapter(pgDb ? { kind: "postgres", url: pgDb.url } : { kind: "pglite-memory" });
    try {
      expect(await diffSchemaAgainstMigrations(adapter.factory)).toBeNull();
    } finally {
      await adapter.close();
      await pgDb?.drop();
    }
  });
});

describe.skipIf(!engines.includes("postgres"))("migrations with several replicas", () => {
  it("a second replica starts while the first is running (the schema engine's advisory lock is released)", async () => {
    const { openDatabase } = await import("../../src/db/client.ts");
    const pgDb = await createPostgresDatabase();
    const first = await openDatabase({ kind: "postgres", url: pgDb.url });
    try {
      const [row] = await first.prisma.$queryRaw<{ held: bigint }[]>`SELECT count(*) AS held FROM pg_locks WHERE locktype = 'advisory' AND objid = 72707369`;
      expect(Number(row!.held)).toBe(0);
      const second = await openDatabase({ kind: "postgres", url: pgDb.url });
      expect(second.appliedMigrations).toEqual([]);
      await second.close();
    } finally {
      await first.close();
      await pgDb.drop();
    }
  });

  it("database-side timestamps are UTC like Prisma's, whatever the server's time zone", async () => {
    const { openDatabase } = await import("../../src/db/client.ts");
    const pgDb = await createPostgresDatabase();
    const admin = await openDatabase({ kind: "postgres", url: pgDb.url }, { migrate: false });
    await admin.prisma.$executeRawUnsafe(`ALTER DATABASE "${new URL(pgDb.url).pathname.slice(1)}" SET timezone = 'Asia/Ho_Chi_Minh'`);
    await admin.close();
    const db = await openDatabase({ kind: "postgres", url: pgDb.url });
    try {
      const [row] = await db.prisma.$queryRaw<{ tz: string; now: Date }[]>`SELECT current_setting('TimeZone') AS tz, now()::timestamp(3) AS now`;
      expect(row!.tz).toBe("UTC");
      // A default now() read back through Prisma is the real instant, not seven hours off.
      expect(Math.abs(row!.now.getTime() - Date.now())).toBeLessThan(60 * 60_000);
    } finally {
      await db.close();
      await pgDb.drop();
    }
  });
});

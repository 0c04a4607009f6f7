import { describe, expect, it } from "vitest";
import { openAdapter } from "../../src/db/adapters.ts";
import { applyMigrations, diffSchemaAgainstMigrations, MIGRATIONS_DIR } from "../../src/db/migrations.ts";
import fs from "node:fs";
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
});

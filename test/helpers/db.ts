/** Fresh, migrated databases for tests, on both engines of our one dialect. */
import fs from "node:fs";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";

export type Engine = "pglite" | "postgres";

/** The engines this run can test: PGlite always, PostgreSQL when one is available. */
export const engines: Engine[] = inject("postgresUrl") ? ["pglite", "postgres"] : ["pglite"];

/** A new empty PostgreSQL database; returns its URL and a drop function. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = inject("postgresUrl");
  const name = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A migrated database of the given engine; `close()` also discards it. */
export async function openTestDatabase(engine: Engine): Promise<Database> {
  if (engine === "pglite") {
    const image = new Blob([fs.readFileSync(inject("pgliteImage"))]);
    return openDatabase({ kind: "pglite-memory", loadDataDir: image });
  }
  const { url, drop } = await createPostgresDatabase();
  const db = await openDatabase({ kind: "postgres", url });
  const close = db.close.bind(db);
  return { ...db, close: async () => (await close(), await drop()) };
}

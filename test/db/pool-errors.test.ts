/**
 * PostgreSQL ending an idle connection (a restart, a failover, pg_terminate_backend) must not end
 * the service: the pool drops that connection and the next query opens a new one.
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import { createPgPool } from "../../src/db/adapters.ts";
import { createPostgresDatabase } from "../helpers/db.ts";

describe.skipIf(!inject("postgresUrl"))("a PostgreSQL pool whose idle connection the server ends", () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup) await c();
  });

  it("warns instead of crashing, and answers the next query on a new connection", async () => {
    const { url, drop } = await createPostgresDatabase();
    const pool = createPgPool(url, 2);
    cleanup.push(drop, () => pool.end());
    const [{ pid }] = (await pool.query<{ pid: number }>("select pg_backend_pid() as pid")).rows as [{ pid: number }];
    const warned = new Promise<string>((resolve) => process.once("warning", (w) => resolve(w.message)));
    const admin = createPgPool(inject("postgresUrl")!, 1);
    cleanup.push(() => admin.end());
    await admin.query("select pg_terminate_backend($1)", [pid]);
    expect(await warned).toContain("57P01");
    const [{ again }] = (await pool.query<{ again: number }>("select pg_backend_pid() as again")).rows as [{ again: number }];
    expect(again).not.toBe(pid);
  });
});

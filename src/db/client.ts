/**
 * The only place that constructs Prisma clients. Opens the configured engine (embedded PGlite
 * or a PostgreSQL server), applies pending migrations, and hands back a client plus `close`.
 */
import { PrismaClient } from "../generated/prisma/client.ts";
import { openAdapter, type DatabaseTarget } from "./adapters.ts";
import { applyMigrations } from "./migrations.ts";
import { registerSql } from "./sql.ts";

export type Db = PrismaClient;
export type { DatabaseTarget };

export interface Database {
  prisma: Db;
  kind: DatabaseTarget["kind"];
  /** Migrations applied while opening (empty when the database was up to date). */
  appliedMigrations: string[];
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Prisma's schema engine takes a session-level advisory lock while it migrates. On a pool, the
 * unlock may run on another connection and the lock would outlive the migration, blocking every
 * other replica's start-up: on PostgreSQL it gets one connection of its own, closed afterwards.
 */
async function migrate(target: DatabaseTarget, factory: Awaited<ReturnType<typeof openAdapter>>["factory"]): Promise<string[]> {
  if (target.kind !== "postgres") return applyMigrations(factory);
  const own = await openAdapter(target, { poolSize: 1 });
  try {
    return await applyMigrations(own.factory);
  } finally {
    await own.close();
  }
}

export async function openDatabase(target: DatabaseTarget, opts: { migrate?: boolean } = {}): Promise<Database> {
  const adapter = await openAdapter(target);
  try {
    const appliedMigrations = opts.migrate === false ? [] : await migrate(target, adapter.factory);
    if (appliedMigrations.length) await adapter.refreshTypes?.();
    const prisma = new PrismaClient({ adapter: adapter.factory });
    registerSql(prisma, adapter.sql);
    let closed = false;
    return {
      prisma,
      kind: target.kind,
      appliedMigrations,
      async ping() {
        try {
          await prisma.$queryRaw`SELECT 1`;
          return true;
        } catch {
          return false;
        }
      },
      async close() {
        if (closed) return;
        closed = true;
        await prisma.$disconnect().catch(() => undefined);
        await adapter.close();
      },
    };
  } catch (err) {
    await adapter.close().catch(() => undefined);
    throw err;
  }
}

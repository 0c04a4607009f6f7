/**
 * The only place that constructs Prisma clients. Opens the configured engine (embedded PGlite
 * or a PostgreSQL server), applies pending migrations, and hands back a client plus `close`.
 */
import { PrismaClient } from "../generated/prisma/client.ts";
import { openAdapter, type DatabaseTarget } from "./adapters.ts";
import { applyMigrations } from "./migrations.ts";

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

export async function openDatabase(target: DatabaseTarget, opts: { migrate?: boolean } = {}): Promise<Database> {
  const adapter = await openAdapter(target);
  try {
    const appliedMigrations = opts.migrate === false ? [] : await applyMigrations(adapter.factory);
    const prisma = new PrismaClient({ adapter: adapter.factory });
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

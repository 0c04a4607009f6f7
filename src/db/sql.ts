/**
 * The driver beneath a Prisma client, for the few statements every chat message runs (store the
 * update, identify the sender, record the outcome): Prisma's raw-query path costs ≈ 0.36 ms of
 * CPU per statement, the driver's own ≈ 0.08 ms (measured on PostgreSQL, `$queryRaw` against
 * `pg.Pool.query` with the same SQL). Same SQL on both engines: node-postgres' pool on a server,
 * PGlite embedded (pglite-sql.ts: under the locks PGlite's own `query` takes, so it queues behind
 * another caller's open transaction exactly as Prisma's statements would).
 *
 * Parameters are numbered ($1…). Pass dates as ISO text cast in SQL (`$1::timestamp(3)`): the
 * drivers turn a JS Date into local time, which a `timestamp` column would keep as is. Rows come
 * back as the driver parses them (json as objects, booleans, text); select no timestamps here.
 */
import { createHash } from "node:crypto";
import type { Prisma, PrismaClient } from "../generated/prisma/client.ts";

export interface Sql {
  /**
   * `name`: a statement run on every message or mail, prepared once per connection (PostgreSQL:
   * parsed and planned once; PGlite: parsed and described once), then only bound and executed.
   */
  query<T>(text: string, params?: readonly unknown[], name?: string): Promise<T[]>;
}

const drivers = new WeakMap<object, Sql>();

/** Called where the client is made (db/client.ts): `sql` runs on the same database as `prisma`. */
export function registerSql(prisma: PrismaClient, sql: Sql): void {
  drivers.set(prisma, sql);
}

/** The driver of this client; Prisma's own raw path for a client made elsewhere (same results, slower). */
export function sqlOf(prisma: PrismaClient): Sql {
  return drivers.get(prisma) ?? { query: <T>(text: string, params: readonly unknown[] = []) => prisma.$queryRawUnsafe<T[]>(text, ...params) };
}

/**
 * A statement written with Prisma.sql (fragments joined as needed), run by the driver of this
 * client, prepared under a name derived from its text (one per shape, a handful in all). Dates
 * go as ISO text, which PostgreSQL reads as UTC in both timestamp kinds. Inside an interactive
 * transaction (`tx`) it runs through Prisma, in that transaction.
 */
export async function runSql<T = unknown>(prisma: PrismaClient | Prisma.TransactionClient, q: Prisma.Sql): Promise<T[]> {
  const driver = drivers.get(prisma);
  if (!driver) return (prisma as PrismaClient).$queryRaw<T[]>(q);
  return driver.query<T>(q.text, q.values.map(plain), `s_${createHash("sha1").update(q.text).digest("hex").slice(0, 20)}`);
}

const plain = (v: unknown) => (v instanceof Date ? v.toISOString() : v);

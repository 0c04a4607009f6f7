/**
 * One reminder leader at a time across replicas: on PostgreSQL, a transaction-scoped advisory
 * lock held for the round (other replicas skip it); the embedded database serves one process
 * only (its data directory is locked), so there the round simply runs.
 */
import type { Database } from "../db/client.ts";

const REMINDER_LOCK_KEY = 4725_0396; // any constant shared by all replicas

export function leaderOnly(db: Database): <T>(fn: () => Promise<T>) => Promise<T | undefined> {
  if (db.kind !== "postgres") return (fn) => fn();
  return (fn) =>
    db.prisma.$transaction(
      async (tx) => {
        const [row] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${REMINDER_LOCK_KEY}::bigint) AS locked`;
        return row?.locked ? fn() : undefined;
      },
      { timeout: 30 * 60_000, maxWait: 10_000 },
    );
}

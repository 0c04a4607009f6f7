/**
 * One leader at a time across replicas (reminder rounds, mailbox passes): on PostgreSQL, a transaction-scoped advisory
 * lock held for the round (other replicas skip it); the embedded database serves one process
 * only (its data directory is locked), so there the round simply runs.
 */
import type { Database } from "./client.ts";

/** Advisory-lock keys: any constants shared by all replicas. */
export const LOCK_KEYS = { reminders: 4725_0396, mailbox: 4725_0397, digest: 4725_0398 } as const;

export function leaderOnly(db: Database, key: number = LOCK_KEYS.reminders): <T>(fn: () => Promise<T>) => Promise<T | undefined> {
  if (db.kind !== "postgres") return (fn) => fn();
  return (fn) =>
    db.prisma.$transaction(
      async (tx) => {
        const [row] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${key}::bigint) AS locked`;
        return row?.locked ? fn() : undefined;
      },
      { timeout: 30 * 60_000, maxWait: 10_000 },
    );
}

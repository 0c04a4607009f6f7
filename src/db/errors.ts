/** Database errors the code expects and handles; anything else is a fault and is thrown on. */
import { Prisma } from "../generated/prisma/client.ts";

/**
 * A unique constraint refused the row (PostgreSQL 23505): someone else wrote it first. Prisma says
 * P2002 for its own queries, and P2010 with the driver adapter's error kind for raw SQL; the
 * driver itself gives the SQLSTATE as `code`.
 */
export function isUniqueViolation(err: unknown): boolean {
  // The driver's own error (statements run by db/sql.ts): node-postgres and PGlite both say the SQLSTATE.
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return (err as { code?: unknown } | null)?.code === "23505";
  if (err.code === "P2002") return true;
  const cause = (err.meta as { driverAdapterError?: { cause?: { kind?: string; originalCode?: string } } } | undefined)?.driverAdapterError?.cause;
  return err.code === "P2010" && (cause?.kind === "UniqueConstraintViolation" || cause?.originalCode === "23505");
}

/** The row to update or connect to does not exist (P2025 record not found, P2003 foreign key): an unknown id. */
export function isMissingRecord(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && (err.code === "P2025" || err.code === "P2003");
}

/** Database errors the code expects and handles; anything else is a fault and is thrown on. */
import { Prisma } from "../generated/prisma/client.ts";

/** A unique constraint refused the row (PostgreSQL 23505, Prisma P2002): someone else wrote it first. */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

/** The row to update or connect to does not exist (P2025 record not found, P2003 foreign key): an unknown id. */
export function isMissingRecord(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && (err.code === "P2025" || err.code === "P2003");
}

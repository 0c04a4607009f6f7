/**
 * One-time link codes: the district issues a code for a school (optionally for a named
 * contact); whoever types "liên kết <mã>" in a chat links that chat account to the school.
 * Only a SHA-256 of the code is stored.
 */
import { createHash, randomInt } from "node:crypto";
import type { Db } from "../db/client.ts";
import type { ContactRole } from "../generated/prisma/client.ts";

/** No 0/O, 1/I/L: codes are read aloud and typed on phones. */
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LENGTH = 8;
/** Failed attempts allowed per chat account per hour (guessing protection). */
export const MAX_FAILED_LINK_ATTEMPTS_PER_HOUR = 5;

export function generateLinkCode(): string {
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** Canonical form of what someone typed: "k7m2 q9xp", "K7M2-Q9XP" → "K7M2Q9XP". */
export function canonicalCode(typed: string): string {
  return typed.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

export function hashLinkCode(typed: string): string {
  return createHash("sha256").update(canonicalCode(typed)).digest("hex");
}

export async function issueLinkCode(
  prisma: Db,
  opts: { schoolId: string; contactId?: string; role?: ContactRole; ttlDays: number; createdBy?: string; now?: Date },
): Promise<{ code: string; expiresAt: Date }> {
  const now = opts.now ?? new Date();
  const code = generateLinkCode();
  const expiresAt = new Date(now.getTime() + opts.ttlDays * 86_400_000);
  await prisma.linkCode.create({
    data: {
      codeHash: hashLinkCode(code),
      schoolId: opts.schoolId,
      contactId: opts.contactId,
      role: opts.role ?? "principal",
      expiresAt,
      createdBy: opts.createdBy,
    },
  });
  return { code, expiresAt };
}

export type LinkResult =
  | { ok: true; schoolName: string; contactName: string; alreadyLinked: boolean }
  | { ok: false; reason: "empty" | "unknown" | "used" | "expired" | "too_many_attempts" | "linked_elsewhere"; schoolName?: string };

/** Redeems a code for a chat account. Exactly one account can redeem a code. */
export async function redeemLinkCode(
  prisma: Db,
  opts: { accountId: string; typedCode: string; displayName?: string; now?: Date },
): Promise<LinkResult> {
  const now = opts.now ?? new Date();
  const canonical = canonicalCode(opts.typedCode);
  if (!canonical) return { ok: false, reason: "empty" };

  const recentFailures = await prisma.auditLog.count({
    where: {
      actorType: "account",
      actorId: opts.accountId,
      action: "link.failed",
      at: { gte: new Date(now.getTime() - 3_600_000) },
    },
  });
  if (recentFailures >= MAX_FAILED_LINK_ATTEMPTS_PER_HOUR) return { ok: false, reason: "too_many_attempts" };

  const fail = async (reason: "unknown" | "used" | "expired" | "linked_elsewhere", schoolName?: string) => {
    await prisma.auditLog.create({
      data: { actorType: "account", actorId: opts.accountId, action: "link.failed", data: { reason } },
    });
    return { ok: false as const, reason, schoolName };
  };

  const code = await prisma.linkCode.findUnique({
    where: { codeHash: hashLinkCode(canonical) },
    include: { school: true, contact: true },
  });
  if (!code) return fail("unknown");
  const account = await prisma.chatAccount.findUniqueOrThrow({
    where: { id: opts.accountId },
    include: { contact: true },
  });
  if (code.usedAt) {
    if (code.usedByAccountId === account.id) {
      return { ok: true, schoolName: code.school.name, contactName: account.contact?.name ?? "", alreadyLinked: true };
    }
    return fail("used");
  }
  if (code.expiresAt <= now) return fail("expired");
  if (account.contact?.schoolId && account.contact.schoolId !== code.schoolId) {
    const other = await prisma.school.findUnique({ where: { id: account.contact.schoolId } });
    return fail("linked_elsewhere", other?.name);
  }

  return prisma.$transaction(async (tx) => {
    // Claim the code: only one concurrent redeemer can flip usedAt from null.
    const claimed = await tx.linkCode.updateMany({
      where: { id: code.id, usedAt: null },
      data: { usedAt: now, usedByAccountId: account.id },
    });
    if (claimed.count !== 1) return { ok: false as const, reason: "used" as const };

    let contactId = code.contactId ?? account.contactId;
    let contactName = code.contact?.name ?? account.contact?.name;
    if (!contactId) {
      const contact = await tx.contact.create({
        data: { schoolId: code.schoolId, name: opts.displayName || "Chưa rõ tên", role: code.role },
      });
      contactId = contact.id;
      // A contact made from the chat's display name: not worth echoing back ("Khách (trang web)").
      contactName = "";
    }
    await tx.chatAccount.update({ where: { id: account.id }, data: { contactId, linkedAt: now } });
    await tx.auditLog.create({
      data: {
        actorType: "account",
        actorId: account.id,
        action: "link.succeeded",
        entity: "School",
        entityId: code.schoolId,
        data: { contactId, linkCodeId: code.id },
      },
    });
    return { ok: true as const, schoolName: code.school.name, contactName: contactName ?? "", alreadyLinked: false };
  });
}

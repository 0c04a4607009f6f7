/**
 * Dashboard sessions: a random token in an HttpOnly, SameSite=Strict cookie (Secure over HTTPS);
 * the database keeps only its SHA-256, the staff member, a CSRF token and an expiry.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { parse as parseCookies, serialize } from "cookie";
import type { Request, Response } from "express";
import type { Db } from "../../db/client.ts";

export const SESSION_COOKIE = "cds_staff";
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export interface StaffIdentity {
  sessionId: string;
  staffId: string;
  username: string;
  name: string;
  role: "viewer" | "officer";
  csrfToken: string;
}

export async function createSession(prisma: Db, res: Response, req: Request, staffId: string, hours: number): Promise<void> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + hours * 3_600_000);
  await prisma.staffSession.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  await prisma.staffSession.create({ data: { tokenHash: sha256(token), staffId, csrfToken: randomBytes(24).toString("base64url"), expiresAt } });
  res.setHeader("Set-Cookie", serialize(SESSION_COOKIE, token, { httpOnly: true, sameSite: "strict", secure: req.secure, path: "/dashboard", expires: expiresAt }));
}

export async function loadSession(prisma: Db, req: Request): Promise<StaffIdentity | undefined> {
  const token = parseCookies(req.headers.cookie ?? "")[SESSION_COOKIE];
  if (!token || token.length > 100) return undefined;
  const s = await prisma.staffSession.findUnique({ where: { tokenHash: sha256(token) }, include: { staff: true } });
  if (!s || s.expiresAt.getTime() <= Date.now() || s.staff.disabled) return undefined;
  return { sessionId: s.id, staffId: s.staffId, username: s.staff.username, name: s.staff.name, role: s.staff.role, csrfToken: s.csrfToken };
}

export async function destroySession(prisma: Db, res: Response, req: Request, sessionId: string): Promise<void> {
  await prisma.staffSession.deleteMany({ where: { id: sessionId } });
  res.setHeader("Set-Cookie", serialize(SESSION_COOKIE, "", { httpOnly: true, sameSite: "strict", secure: req.secure, path: "/dashboard", maxAge: 0 }));
}

export function csrfMatches(expected: string, given: unknown): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

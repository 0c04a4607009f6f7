/**
 * Every dashboard page needs a signed-in staff member; every POST needs the session's CSRF
 * token and the officer role (viewers only read).
 */
import type { NextFunction, Request, Response } from "express";
import type { Db } from "../../db/client.ts";
import { csrfMatches, loadSession, type StaffIdentity } from "./sessions.ts";

declare module "express-serve-static-core" {
  interface Request {
    staff?: StaffIdentity;
  }
}

export function requireStaff(prisma: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const staff = await loadSession(prisma, req);
    if (!staff) {
      if (req.method === "GET") return res.redirect(303, `/dashboard/login?next=${encodeURIComponent(req.originalUrl.slice(0, 300))}`);
      return res.status(401).type("text/plain; charset=utf-8").send("Phiên đăng nhập đã hết, vui lòng đăng nhập lại.");
    }
    req.staff = staff;
    if (req.method !== "GET" && req.method !== "HEAD") {
      if (staff.role !== "officer" && !req.path.endsWith("/logout")) {
        return res.status(403).type("text/plain; charset=utf-8").send("Tài khoản chỉ có quyền xem.");
      }
      // A file upload's fields are read by its own route, which then calls checkCsrf.
      if (!req.is("multipart/form-data")) return checkCsrf(req, res, next);
    }
    next();
  };
}

export function checkCsrf(req: Request, res: Response, next: NextFunction) {
  if (!req.staff || !csrfMatches(req.staff.csrfToken, (req.body as Record<string, unknown> | undefined)?._csrf)) {
    return res.status(403).type("text/plain; charset=utf-8").send("Biểu mẫu đã cũ hoặc không hợp lệ (CSRF). Tải lại trang rồi thử lại.");
  }
  next();
}

/**
 * The first dashboard account: from DASHBOARD_ADMIN_USERNAME/PASSWORD when no account exists;
 * on the demo embedded database, a "canbo" officer with a random password printed once.
 */
import { randomBytes } from "node:crypto";
import type { Db } from "../db/client.ts";
import type { Logger } from "../logger.ts";
import { hashPassword } from "./auth/passwords.ts";

export async function ensureFirstStaff(prisma: Db, logger: Logger, o: { adminUsername: string; adminPassword?: string; demo: boolean }): Promise<void> {
  if ((await prisma.staffUser.count()) > 0) return;
  if (o.adminPassword) {
    await prisma.staffUser.create({ data: { username: o.adminUsername.toLowerCase(), name: "Quản trị", role: "officer", passwordHash: await hashPassword(o.adminPassword) } });
    logger.info({ username: o.adminUsername }, "dashboard officer account created from DASHBOARD_ADMIN_PASSWORD");
    return;
  }
  if (o.demo) {
    const password = randomBytes(9).toString("base64url");
    await prisma.staffUser.create({ data: { username: "canbo", name: "Cán bộ CNTT (dùng thử)", role: "officer", passwordHash: await hashPassword(password) } });
    console.log(`\nBảng điều khiển (dùng thử): /dashboard — tên đăng nhập: canbo — mật khẩu: ${password}\n`);
    return;
  }
  logger.warn("no dashboard account yet: set DASHBOARD_ADMIN_PASSWORD or run `npm run staff -- add <tên> --role officer`");
}

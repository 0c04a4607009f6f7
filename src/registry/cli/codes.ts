/**
 * `npm run codes -- --school <code> [--contact <contact id>] [--role principal] [--ttl-days 14]`
 * Issues a one-time link code; prints it once (only its hash is stored).
 */
import { cliArgs, intFlag } from "../../cli/args.ts";
import { CONTACT_ROLES } from "../csv.ts";
import { issueLinkCode } from "../link-codes.ts";
import { openDatabaseForCli } from "../../db/open-for-cli.ts";
import type { ContactRole } from "../../generated/prisma/client.ts";

const USAGE = `Cách dùng / usage: npm run codes -- --school <mã trường> [--contact <id>] [--role principal] [--ttl-days N]`;
const { values } = cliArgs({
  options: {
    school: { type: "string" },
    contact: { type: "string" },
    role: { type: "string", default: "principal" },
    "ttl-days": { type: "string" },
  },
}, USAGE);
if (!values.school || !(CONTACT_ROLES as readonly string[]).includes(values.role!)) {
  console.error(`Cách dùng / usage: npm run codes -- --school <mã trường> [--contact <id>] [--role ${CONTACT_ROLES.join("|")}] [--ttl-days N]`);
  process.exit(2);
}

const ttlFlag = intFlag(values["ttl-days"], "ttl-days", 1, 365, USAGE);
const { config, db } = await openDatabaseForCli();
try {
  const school = await db.prisma.school.findUnique({ where: { code: values.school } });
  if (!school) {
    console.error(`Không có trường mã ${values.school}.`);
    process.exitCode = 1;
  } else {
    const ttlDays = ttlFlag ?? config.linkCodeTtlDays;
    const { code, expiresAt } = await issueLinkCode(db.prisma, {
      schoolId: school.id,
      contactId: values.contact,
      role: values.role as ContactRole,
      ttlDays,
      createdBy: "cli",
    });
    console.log(`${school.name}: mã liên kết ${code} (hết hạn ${expiresAt.toLocaleString("vi-VN", { timeZone: "Asia/Ho_Chi_Minh" })})`);
    console.log(`Người dùng gõ trong Zalo/Telegram: liên kết ${code}`);
  }
} finally {
  await db.close();
}
process.exit(process.exitCode ?? 0);

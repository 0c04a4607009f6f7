/**
 * `npm run staff -- add <username> --name "Nguyễn Văn A" --role officer|viewer` (password from
 * STAFF_PASSWORD or typed), `passwd <username>`, `disable <username>`, `list`.
 */
import { cliArgs } from "../../cli/args.ts";
import { createInterface } from "node:readline/promises";
import { loadConfig } from "../../config.ts";
import { openDatabase } from "../../db/client.ts";
import { hashPassword, MIN_PASSWORD_LENGTH } from "../auth/passwords.ts";

const USAGE = `Cách dùng: npm run staff -- add <tên> --name "Họ tên" --role officer|viewer | passwd <tên> | disable <tên> | list`;
const { values, positionals } = cliArgs({ allowPositionals: true, options: { name: { type: "string" }, role: { type: "string", default: "viewer" } } }, USAGE);
const [command, username] = positionals;

async function password(): Promise<string> {
  const p = process.env.STAFF_PASSWORD ?? (await createInterface({ input: process.stdin, output: process.stdout }).question("Mật khẩu: "));
  if (p.length < MIN_PASSWORD_LENGTH) {
    console.error(`Mật khẩu cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`);
    process.exit(2);
  }
  return p;
}

const db = await openDatabase(loadConfig().database);
try {
  if (command === "list") {
    for (const u of await db.prisma.staffUser.findMany({ orderBy: { username: "asc" } })) console.log(`${u.username}\t${u.role}\t${u.disabled ? "đã khóa" : "hoạt động"}\t${u.name}`);
  } else if (command === "add" && username) {
    if (values.role !== "officer" && values.role !== "viewer") throw new Error("--role phải là officer hoặc viewer");
    await db.prisma.staffUser.create({ data: { username: username.toLowerCase(), name: values.name ?? username, role: values.role, passwordHash: await hashPassword(await password()) } });
    console.log(`Đã tạo tài khoản ${username} (${values.role}).`);
  } else if (command === "passwd" && username) {
    await db.prisma.staffUser.update({ where: { username: username.toLowerCase() }, data: { passwordHash: await hashPassword(await password()) } });
    await db.prisma.staffSession.deleteMany({ where: { staff: { username: username.toLowerCase() } } });
    console.log(`Đã đổi mật khẩu ${username}; các phiên đăng nhập cũ bị hủy.`);
  } else if (command === "disable" && username) {
    await db.prisma.staffUser.update({ where: { username: username.toLowerCase() }, data: { disabled: true } });
    await db.prisma.staffSession.deleteMany({ where: { staff: { username: username.toLowerCase() } } });
    console.log(`Đã khóa ${username}.`);
  } else {
    console.error('Cách dùng: npm run staff -- add <tên> --name "Họ tên" --role officer|viewer | passwd <tên> | disable <tên> | list');
    process.exitCode = 2;
  }
} finally {
  await db.close();
}

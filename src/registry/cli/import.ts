/**
 * `npm run schools:import -- schools.csv [--contacts contacts.csv]`
 * Imports (or re-imports) schools and contacts; prints one line per rejected row.
 */
import fs from "node:fs";
import { cliArgs } from "../../cli/args.ts";
import { importContactsCsv, importSchoolsCsv, type ImportResult } from "../csv.ts";
import { openDatabaseForCli } from "../../db/open-for-cli.ts";

const USAGE = `Cách dùng / usage: npm run schools:import -- schools.csv [--contacts contacts.csv]`;
const { values, positionals } = cliArgs({ allowPositionals: true, options: { contacts: { type: "string" } } }, USAGE);
if (!positionals[0] && !values.contacts) {
  console.error("Cách dùng / usage: npm run schools:import -- schools.csv [--contacts contacts.csv]");
  process.exit(2);
}

function report(label: string, r: ImportResult): void {
  console.log(`${label}: thêm mới ${r.created}, cập nhật ${r.updated}, không đổi ${r.unchanged}, lỗi ${r.errors.length}`);
  for (const e of r.errors) console.log(`  dòng ${e.line}: ${e.message}`);
}

const { db } = await openDatabaseForCli();
let failed = false;
try {
  if (positionals[0]) {
    const r = await importSchoolsCsv(db.prisma, fs.readFileSync(positionals[0]));
    report("Trường", r);
    failed ||= r.errors.length > 0;
  }
  if (values.contacts) {
    const r = await importContactsCsv(db.prisma, fs.readFileSync(values.contacts));
    report("Liên hệ", r);
    failed ||= r.errors.length > 0;
  }
} finally {
  await db.close();
}
process.exit(failed ? 1 : 0);

/**
 * `npx tsx test/mail/variations/write.ts <dir>` — writes every variant of the variation suite as
 * an .eml file (named by its variant id), to open in a mail client or feed to `npm run ingest`.
 */
import fs from "node:fs";
import path from "node:path";
import { loadReportTemplate } from "../../../src/reports/template.ts";
import { generateVariants } from "./generate.ts";

const dir = process.argv[2] ?? "mail-variations";
fs.mkdirSync(dir, { recursive: true });
const variants = await generateVariants(loadReportTemplate());
for (const v of variants) fs.writeFileSync(path.join(dir, `${v.id}.eml`), v.raw);
console.log(`${variants.length} thư biến thể → ${dir}`);

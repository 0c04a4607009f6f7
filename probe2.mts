import fs from "node:fs";
import { parseEmail } from "./src/mail/inbound/parse.ts";
import { rowByTitle } from "./src/mail/inbound/extract/row-title.ts";
import { loadReportTemplate } from "./src/reports/template.ts";
import { normalize } from "./src/lang/normalize.ts";
const m = await parseEmail(fs.readFileSync("/tmp/var/ttcc-outline-3.eml"));
console.log(m.text.slice(0, 300));
const t = loadReportTemplate();
for (const l of m.text.split("\n").slice(0, 4)) console.log(JSON.stringify(l), rowByTitle(l.split(/[:,]/)[0]!, t), normalize(l));

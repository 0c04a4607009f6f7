import fs from "node:fs";
import { parseEmail } from "./src/mail/inbound/parse.ts";
import { readMail } from "./src/mail/inbound/extract/index.ts";
import { loadReportTemplate } from "./src/reports/template.ts";
import { loadSelfAssessmentForm } from "./src/reports/self-assessment.ts";
const forms = { template: loadReportTemplate(), selfAssessment: loadSelfAssessmentForm() };
for (const f of process.argv.slice(2)) {
  const m = await parseEmail(fs.readFileSync(`test/fixtures/${process.env.SET ?? "mail-heldout"}/eml/${f}`));
  const c = await readMail(m, forms);
  console.log("=====", f, "| subject:", m.subject);
  for (const d of c.documents) { console.log("doc", d.file, d.format); for (const g of d.grids) console.log(g.slice(0, 40).map((r) => r.join(" | ")).join("\n")); if (d.text) console.log(d.text.slice(0, 6000)); }
  if (!c.documents.length) console.log(c.text.slice(0, 1500));
}

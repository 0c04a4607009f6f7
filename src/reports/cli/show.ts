/**
 * `npm run report:show -- --school <code> --period 2025-Q3 [--json]`
 * Prints a school's report for a period with all its versions (JSON for scripts and checks).
 */
import { cliArgs } from "../../cli/args.ts";
import { openDatabaseForCli } from "../../db/open-for-cli.ts";
import { parseQuarterCode } from "../../domain/periods.ts";
import { STATUS_LABELS, type Status } from "../../domain/report-input.ts";
import { itemAnswers, reportVersions } from "../store.ts";

const USAGE = `Cách dùng / usage: npm run report:show -- --school <mã trường> --period 2025-Q3 [--json]`;
const { values } = cliArgs({ options: { school: { type: "string" }, period: { type: "string" }, json: { type: "boolean", default: false } } }, USAGE);
if (!values.school || !values.period || !parseQuarterCode(values.period)) {
  console.error("Cách dùng / usage: npm run report:show -- --school <mã trường> --period 2025-Q3 [--json]");
  process.exit(2);
}

const { db } = await openDatabaseForCli();
let code = 0;
try {
  const school = await db.prisma.school.findUnique({ where: { code: values.school } });
  const period = await db.prisma.period.findUnique({ where: { code: values.period } });
  if (!school) {
    console.error(`Không có trường mã ${values.school}.`);
    code = 1;
  } else {
    const versions = period ? await reportVersions(db.prisma, school.id, period.id) : [];
    const out = {
      school: { code: school.code, name: school.name },
      period: values.period,
      versions: versions.map((r) => ({
        version: r.version,
        status: r.status,
        source: r.source,
        late: r.late,
        referenceNo: r.referenceNo,
        submittedAt: r.submittedAt?.toISOString() ?? null,
        items: r.items.map(itemAnswers),
      })),
    };
    if (values.json) console.log(JSON.stringify(out, null, 2));
    else if (!out.versions.length) console.log(`${school.name}: chưa có báo cáo ${values.period}.`);
    else {
      for (const v of out.versions) {
        console.log(`${school.name} — ${values.period} — phiên bản ${v.version}: ${v.status}${v.late ? " (nộp trễ)" : ""}${v.referenceNo ? `, mã ${v.referenceNo}` : ""}`);
        for (const i of v.items) {
          console.log(`  ${i.taskCode}: ${i.status ? STATUS_LABELS[i.status as Status] : "—"}${i.progressPercent !== null ? `, ${i.progressPercent}%` : ""}${i.done ? ` — ${i.done}` : ""}`);
        }
      }
    }
  }
} finally {
  await db.close();
}
process.exit(code);

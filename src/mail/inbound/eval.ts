/**
 * `npm run eval:mail -- <dir>` — scores the dry run (`npm run ingest -- --json`) on a labelled
 * set of e-mails: `<dir>/eml/*.eml`, `<dir>/expected.jsonl` (one line per file, in name order:
 * outcome, kind, school, period, rows {code: {field: "words that must appear"}}, scores) and
 * `<dir>/schools.csv`. A mail counts as right when outcome, kind, school and period are right
 * and every expected phrase is in its field (and, for a filed report, no other row has content).
 * Prints every miss and the total. Exit code 0 whatever the score: this measures, it is not a gate.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

interface Expected {
  file: string;
  outcome: string;
  kind: string | null;
  school: string | null;
  period: unknown;
  rows?: Record<string, Record<string, string>>;
  scores?: Record<string, number>;
}

const dir = process.argv[2];
if (!dir) {
  console.error("Cách dùng: npm run eval:mail -- <thư mục có eml/, expected.jsonl, schools.csv>");
  process.exit(2);
}
const expected: Expected[] = fs.readFileSync(path.join(dir, "expected.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
const files = expected.map((e) => path.join(dir, "eml", e.file));
const r = spawnSync(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "cli.ts"), "--json", "--schools", path.join(dir, "schools.csv"), ...files], {
  encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: { ...process.env, LOG_LEVEL: "silent" },
});
if (r.status !== 0) {
  console.error(r.stderr);
  process.exit(1);
}
const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
const norm = (s: unknown) => String(s ?? "").normalize("NFC").toLowerCase();
let right = 0;
const byOutcome = new Map<string, { n: number; ok: number }>();
for (const [i, e] of expected.entries()) {
  const got = lines[i]!;
  const problems: string[] = [];
  if (got.outcome !== e.outcome) problems.push(`outcome ${got.outcome} (expected ${e.outcome}): ${got.reason ?? ""}`);
  if (got.kind !== e.kind) problems.push(`kind ${got.kind} (expected ${e.kind})`);
  // A report for another school is shown with both: the sender's and the one it names.
  if (e.school !== null && got.school !== e.school && got.namedSchool !== e.school) problems.push(`school ${got.school}${got.namedSchool ? `/${got.namedSchool}` : ""} (expected ${e.school})`);
  if (e.school === null && got.school !== null && e.outcome === "needs_review") problems.push(`school ${got.school} guessed (expected none)`);
  if (e.period && JSON.stringify(got.period) !== JSON.stringify(e.period)) problems.push(`period ${JSON.stringify(got.period)} (expected ${JSON.stringify(e.period)})`);
  const items = (got.items ?? {}) as Record<string, Record<string, unknown>>;
  for (const [code, fields] of Object.entries(e.rows ?? {})) {
    for (const [field, words] of Object.entries(fields)) {
      if (!norm(items[code]?.[field]).includes(norm(words))) problems.push(`${code}.${field} lacks “${words}” (has ${JSON.stringify(items[code]?.[field] ?? null)})`);
    }
  }
  if (e.outcome === "accepted" && e.rows) {
    const extra = Object.keys(items).filter((c) => !e.rows![c]);
    if (extra.length) problems.push(`extra rows ${extra.join(", ")}`);
  }
  for (const [g, v] of Object.entries(e.scores ?? {})) {
    const s = (got.scores ?? {}) as Record<string, number>;
    if (s[g] !== v) problems.push(`score ${g} ${s[g]} (expected ${v})`);
  }
  const stat = byOutcome.get(e.outcome) ?? { n: 0, ok: 0 };
  stat.n++;
  if (problems.length) console.log(`✗ ${e.file}: ${problems.join("; ")}`);
  else {
    right++;
    stat.ok++;
  }
  byOutcome.set(e.outcome, stat);
}
console.log(`\n${right}/${expected.length} right (${((right / expected.length) * 100).toFixed(1)} %)`);
console.log([...byOutcome].map(([o, s]) => `  ${o}: ${s.ok}/${s.n}`).join("\n"));

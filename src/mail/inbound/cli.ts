/**
 * `npm run ingest -- --json [--schools schools.csv] [--now <ISO>] file.eml…` — parses, classifies,
 * extracts and matches without writing to the database or sending mail. Files are judged in the
 * order given, as if delivered in that order (a repeated Message-ID or identical bytes is a
 * duplicate; a second report for a school and quarter is the next version). One JSON line per file.
 */
import fs from "node:fs";
import { createHash } from "node:crypto";
import { cliArgs } from "../../cli/args.ts";
import { parse } from "csv-parse/sync";
import { loadConfig } from "../../config.ts";
import { openDatabase } from "../../db/client.ts";
import { createKnowledge } from "../../knowledge/create.ts";
import { periodCode, reportingDeadline } from "../../domain/periods.ts";
import { loadReportTemplate } from "../../reports/template.ts";
import { loadSelfAssessmentForm } from "../../reports/self-assessment.ts";
import { analyzeEmail } from "./analyze.ts";
import { messageLimit, oversizedFromRaw } from "./ingest.ts";
import { truncatedRecord } from "./oversized.ts";
import type { SchoolRef } from "./match.ts";
import { parseEmail } from "./parse.ts";

const USAGE = `Cách dùng: npm run ingest -- --json [--schools schools.csv] [--now <ISO>] thư.eml…`;
const { values, positionals } = cliArgs({
  allowPositionals: true,
  options: { json: { type: "boolean", default: false }, schools: { type: "string" }, now: { type: "string" } },
}, USAGE);
if (!positionals.length) {
  console.error("Cách dùng: npm run ingest -- --json [--schools schools.csv] [--now <ISO>] thư.eml…");
  process.exit(2);
}
const config = loadConfig();
const forms = { template: loadReportTemplate(), selfAssessment: loadSelfAssessmentForm() };
const knowledge = createKnowledge(config);

let schools: SchoolRef[];
const priorVersions = new Map<string, number>();
if (values.schools) {
  const rows = parse(fs.readFileSync(values.schools), { columns: true, bom: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  schools = rows.map((r) => ({ id: r.code!, code: r.code!, name: r.name!, shortName: r.short_name || null, emails: (r.emails ?? "").split(/[;,\s]+/).map((e) => e.toLowerCase()).filter(Boolean) }));
} else {
  const db = await openDatabase(config.database);
  schools = await db.prisma.school.findMany({ select: { id: true, code: true, name: true, shortName: true, emails: true } });
  for (const r of await db.prisma.report.groupBy({ by: ["schoolId", "periodId"], _max: { version: true }, where: { status: { not: "draft" } } })) {
    const period = await db.prisma.period.findUnique({ where: { id: r.periodId } });
    if (period) priorVersions.set(`${r.schoolId}:${period.code}`, r._max.version ?? 0);
  }
  await db.close();
}

const seenIds = new Set<string>();
const seenHashes = new Set<string>();
for (const file of positionals) {
  let line: Record<string, unknown>;
  try {
    const raw = fs.readFileSync(file);
    // As ingestion reads it: a message above the limit only as its truncated record.
    const limit = messageLimit({ limits: config.mailLimits });
    const m = raw.length > limit ? await parseEmail(truncatedRecord({ ...(await oversizedFromRaw(raw)), limit })) : await parseEmail(raw, config.mailLimits);
    const hash = createHash("sha256").update(raw).digest("hex");
    const duplicate = (m.messageId !== undefined && seenIds.has(m.messageId)) || seenHashes.has(hash);
    if (m.messageId) seenIds.add(m.messageId);
    seenHashes.add(hash);
    const received = values.now ? new Date(values.now) : (m.date ?? new Date());
    const a = await analyzeEmail(m, schools, forms, received, config.mailLimits);
    let outcome = { filed: "accepted", question: "accepted", review: "needs_review", rejected: "rejected", ignored: "ignored" }[a.decision];
    let replyKind = { filed: "receipt", question: "answer", review: "none", rejected: "rejection", ignored: "none" }[a.decision];
    if (a.decision === "review" && a.notify) replyKind = "notice";
    let reason = a.reason ?? null;
    if (a.decision === "question") {
      const ans = await knowledge.answer(`${m.subject}\n${m.text}`.slice(0, 1_000), { now: received });
      if (ans.declined) [outcome, replyKind, reason] = ["needs_review", "none", "Câu hỏi chưa có trong kho kiến thức: cán bộ trả lời."];
    }
    let version: number | null = null;
    if (a.decision === "filed" && !duplicate) {
      const key = `${a.school!.id}:${periodCode(a.period!)}`;
      version = (priorVersions.get(key) ?? 0) + 1;
      priorVersions.set(key, version);
    }
    line = {
      file,
      outcome: duplicate ? "ignored" : outcome,
      kind: a.kind ?? null,
      school: a.school?.code ?? null,
      period: !a.period ? null : a.period.kind === "quarter" ? { year: a.period.quarter.year, quarter: a.period.quarter.quarter } : { kind: "self_assessment", year: a.period.year },
      late: a.period ? received.getTime() >= reportingDeadline(a.period, config.deadlines).cutoff.getTime() : null,
      duplicate,
      version,
      items: Object.fromEntries(
        Object.entries(a.items ?? {}).map(([code, r]) => [code, { status: r.status, progress: r.progressPercent, done: r.done, next: r.next, difficulties: r.difficulties, recommendations: r.recommendations }]),
      ),
      scores: a.scores ?? null,
      reply: duplicate ? "none" : replyKind,
      reason: duplicate ? "Thư đã nhận trước đó (trùng Message-ID hoặc nội dung)." : reason,
      namedSchool: a.namedSchool?.code ?? null,
      periodBy: a.periodBy ?? null,
      source: a.source ?? null,
      evidence: a.evidence ?? null,
    };
  } catch (err) {
    line = { file, outcome: "needs_review", kind: null, school: null, period: null, late: null, duplicate: false, version: null, items: {}, scores: null, reply: "none", reason: `Không đọc được thư: ${(err as Error).message}`, namedSchool: null, periodBy: null, source: null, evidence: null };
  }
  console.log(values.json ? JSON.stringify(line) : `${file}: ${line.outcome} (${line.kind ?? "?"}) ${line.school ?? ""} ${line.reason ?? ""}`);
}
process.exit(0);

/**
 * The dry run (`npm run ingest`, analyzeEmail without a database) and the live path (ingestRaw:
 * stored, filed, answered) decide the same: a sample of the variation suite and of the blind
 * held-out mails go through both, and the stored outcome, school, period and cells must be what
 * the analysis said. A report is filed as a version only from the mail itself, whole.
 */
import { answersOf } from "../../src/reports/store.ts";
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import { periodCode } from "../../src/domain/periods.ts";
import { createLogger } from "../../src/logger.ts";
import { analyzeEmail } from "../../src/mail/inbound/analyze.ts";
import { ingestRaw, type IngestDeps } from "../../src/mail/inbound/ingest.ts";
import type { SchoolRef } from "../../src/mail/inbound/match.ts";
import { parseEmail } from "../../src/mail/inbound/parse.ts";
import { Outbox } from "../../src/mail/outbound/outbox.ts";
import { openTestDatabase } from "../helpers/db.ts";
import { ingestDeps } from "../helpers/mail.ts";
import { generateVariants } from "./variations/generate.ts";

const HELDOUT = path.join(import.meta.dirname, "../fixtures/mail-heldout");
const FIELDS = ["done", "next", "difficulties", "recommendations"] as const;
const STATUS = { filed: "filed", review: "review", rejected: "rejected", ignored: "ignored", question: "review" } as const;

describe("dry run and live path decide alike (pglite)", () => {
  let db: Database;
  let deps: IngestDeps;
  let schools: SchoolRef[];
  beforeAll(async () => {
    db = await openTestDatabase("pglite");
    const logger = createLogger({ level: "silent", secrets: [] });
    // No SMTP here (no transport): replies wait in the outbox table.
    const outbox = new Outbox(db.prisma, undefined, { from: "Trợ lý <tro-ly@example.vn>", logger });
    deps = ingestDeps(db.prisma, outbox, { logger });
    const rows = parse(fs.readFileSync(path.join(HELDOUT, "schools.csv")), { columns: true, bom: true, trim: true }) as Record<string, string>[];
    for (const r of rows) await db.prisma.school.create({ data: { code: r.code!, name: r.name!, shortName: r.short_name || null, level: r.level!, emails: r.emails!.split(/[;,\s]+/).filter(Boolean) } });
    schools = await db.prisma.school.findMany({ select: { id: true, code: true, name: true, shortName: true, emails: true } });
  });
  afterAll(async () => db?.close());

  it("for variants of every layout and for the held-out mails", async () => {
    const variants = (await generateVariants(deps.template, 2)).map((v) => ({ id: v.id, raw: v.raw }));
    const heldout = fs.readdirSync(path.join(HELDOUT, "eml")).sort().map((f) => ({ id: f, raw: fs.readFileSync(path.join(HELDOUT, "eml", f)) }));
    const mails = [...variants, ...heldout];
    expect(mails.length).toBeGreaterThanOrEqual(60);
    for (const mail of mails) {
      const m = await parseEmail(mail.raw);
      const received = m.date ?? new Date("2025-09-12T02:00:00Z");
      const dry = await analyzeEmail(m, schools, { template: deps.template, selfAssessment: deps.selfAssessment }, received);
      const live = await ingestRaw(deps, mail.raw, received);
      const row = await db.prisma.inboundEmail.findUniqueOrThrow({ where: { id: live.id }, select: { status: true, schoolId: true, periodCode: true } });
      const answered = dry.decision === "question" ? ["answered", "review"] : [STATUS[dry.decision]];
      expect({ mail: mail.id, status: answered.includes(row.status) }).toEqual({ mail: mail.id, status: true });
      expect({ mail: mail.id, school: row.schoolId ?? null, period: row.periodCode ?? null }).toEqual({ mail: mail.id, school: dry.school?.id ?? null, period: dry.period && dry.decision !== "question" ? periodCode(dry.period) : (row.periodCode ?? null) });
      if (dry.decision !== "filed") {
        expect(await db.prisma.report.count({ where: { inboundEmailId: live.id } })).toBe(0);
        continue;
      }
      const report = await db.prisma.report.findFirstOrThrow({ where: { inboundEmailId: live.id }, include: { items: true, selfAssessment: true } });
      // A self-assessment is stored in its own table: read back as rows, as every page shows it.
      const stored = Object.fromEntries(answersOf(report).map((i) => [i.taskCode, Object.fromEntries(FIELDS.map((f) => [f, i[f]]))]));
      const analysed = Object.fromEntries(Object.entries(dry.items ?? {}).map(([c, r]) => [c, Object.fromEntries(FIELDS.map((f) => [f, r[f]]))]));
      // A whole table replaces the previous version's rows; an outline (addendum) keeps rows it does not name.
      if (dry.complete) expect({ mail: mail.id, rows: stored }).toEqual({ mail: mail.id, rows: analysed });
      else for (const [c, r] of Object.entries(analysed)) expect({ mail: mail.id, code: c, row: stored[c] }).toEqual({ mail: mail.id, code: c, row: r });
    }
  }, 300_000);
});

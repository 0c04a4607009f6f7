/**
 * Reports in the database. A chat draft belongs to its author (Report.draftKey is unique per
 * author, school and period) and gets a version number only when filed. Every version — chat,
 * e-mail, dashboard — is filed by `fileVersion`, with lateness, a reference number and an
 * audit row naming who. A report from chat, email or the dashboard is the same thing.
 */
import { storableText } from "../domain/text.ts";
import type { Db } from "../db/client.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { randomUUID } from "node:crypto";
import { Prisma, type Period, type ReportSource, type School } from "../generated/prisma/client.ts";
import { runSql } from "../db/sql.ts";
import { quarterCode, quarterlyDeadline, selfAssessmentCode, selfAssessmentDeadlines, type DeadlineRules, type Quarter, type ReportingPeriod } from "../domain/periods.ts";
import type { FieldKey } from "./template.ts";
import { shippedSelfAssessmentForm as selfAssessmentForm } from "./self-assessment.ts";
import { hasAnyValue, mergeValues, rowsFromValues, storedValues, valuesFromRows, type SelfAssessmentValues } from "./self-assessment-values.ts";


export type ItemValues = Partial<Record<FieldKey, string | number | null>>;

/** One row's answers, as every reader of a report (dialogue, documents, CLI) sees them. */
export interface ItemAnswers {
  taskCode: string;
  status: string | null;
  progressPercent: number | null;
  done: string | null;
  next: string | null;
  difficulties: string | null;
  recommendations: string | null;
}

export function itemAnswers(i: ItemAnswers): ItemAnswers {
  const { taskCode, status, progressPercent, done, next, difficulties, recommendations } = i;
  return { taskCode, status, progressPercent, done, next, difficulties, recommendations };
}

/** Finds or creates a period; safe when two processes create it at the same moment. */
async function ensurePeriod(prisma: Db, data: Prisma.PeriodCreateInput) {
  const found = await prisma.period.findUnique({ where: { code: data.code } });
  if (found) return found;
  try {
    return await prisma.period.create({ data });
  } catch (err) {
    const raced = await prisma.period.findUnique({ where: { code: data.code } });
    if (raced) return raced;
    throw err;
  }
}

export function ensureQuarterPeriod(prisma: Db, q: Quarter, rules: DeadlineRules) {
  return ensurePeriod(prisma, { code: quarterCode(q), kind: "quarter", year: q.year, quarter: q.quarter, dueAt: quarterlyDeadline(q, rules).cutoff });
}

/** The annual self-assessment period ("2026-SA"), due to the office before its district date. */
export function ensureSelfAssessmentPeriod(prisma: Db, year: number, rules: DeadlineRules) {
  return ensurePeriod(prisma, { code: selfAssessmentCode(year), kind: "self_assessment", year, dueAt: selfAssessmentDeadlines(year, rules).district.cutoff });
}

/** The quarter's or the self-assessment's period row. */
export function ensureReportingPeriod(prisma: Db, p: ReportingPeriod, rules: DeadlineRules) {
  return p.kind === "quarter" ? ensureQuarterPeriod(prisma, p.quarter, rules) : ensureSelfAssessmentPeriod(prisma, p.year, rules);
}

/** A campaign the office configured (e.g. the HCMC digital-school self-assessment, 01–31/03/2025). */
export function ensureCampaignPeriod(prisma: Db, code: string, year: number, dueAt: Date) {
  return ensurePeriod(prisma, { code, kind: "campaign", year, dueAt });
}

/** Who changed a report: a linked contact (chat), a staff member (dashboard), an e-mail (its InboundEmail id), the system. */
export interface Actor {
  type: "contact" | "staff" | "email" | "system";
  id?: string | null;
}

const draftKey = (schoolId: string, periodId: string, authorId: string) => `${schoolId}:${periodId}:${authorId}`;
const FIELDS = ["title", "status", "progressPercent", "expectedCompletion", "done", "next", "difficulties", "recommendations"] as const;

/** The one pruning rule of every version: a row with nothing said about it is not kept. */
export function hasContent(i: object): boolean {
  const r = i as Record<string, unknown>;
  return (["status", "progressPercent", "expectedCompletion", "done", "next", "difficulties", "recommendations"] as const).some((k) => r[k] !== null && r[k] !== undefined && r[k] !== "");
}

/** The author's own draft for the school and period (a draft is never shared: others have their own). */
export function findDraft(prisma: Db, schoolId: string, periodId: string, authorId: string) {
  return prisma.report.findUnique({ where: { draftKey: draftKey(schoolId, periodId, authorId) }, include: { items: true } });
}

/** Drafts other people of the school have open for the period (for "X is also writing one"). */
export function otherDrafts(prisma: Db, schoolId: string, periodId: string, authorId: string) {
  return prisma.report.findMany({ where: { schoolId, periodId, status: "draft", NOT: { createdById: authorId } }, select: { id: true, createdById: true, updatedAt: true } });
}

export function latestSubmitted(prisma: Db, schoolId: string, periodId: string) {
  return prisma.report.findFirst({
    where: { schoolId, periodId, status: "submitted" },
    orderBy: { version: "desc" },
    include: { items: true, selfAssessment: true },
  });
}

/**
 * The period's first filed version (superseded or not): a school that filed on time and sent a
 * corrected version after the deadline still filed on time — the correction's own time is kept.
 */
export function firstFiled(prisma: Db, schoolId: string, periodId: string) {
  return prisma.report.findFirst({ where: { schoolId, periodId, version: { not: null } }, orderBy: { version: "asc" }, select: { version: true, late: true, submittedAt: true } });
}

type StoredSelfAssessment = Parameters<typeof storedValues>[0];

/**
 * A version's answers as rows, whatever it is: a quarterly report's rows, or a self-assessment
 * shown as rows (N1/N2 scores, DK… conditions, MC evidence) for the pages and files that list rows.
 */
export function answersOf(r: { items: ItemAnswers[]; selfAssessment?: StoredSelfAssessment }): ItemAnswers[] {
  if (r.selfAssessment) return rowsFromValues(storedValues(r.selfAssessment), selfAssessmentForm());
  return r.items.map(itemAnswers);
}

/** Sets parts of the self-assessment of a draft (scores, some conditions, evidence); audited with its author. */
export async function saveSelfAssessment(prisma: Db, reportId: string, patch: Partial<SelfAssessmentValues>, contactId?: string) {
  const before = storedValues(await prisma.selfAssessment.findUnique({ where: { reportId } }));
  const after: SelfAssessmentValues = { ...before, ...patch, conditions: { ...before.conditions, ...patch.conditions }, evidence: patch.evidence !== undefined ? (patch.evidence === null ? null : storableText(patch.evidence)) : before.evidence };
  const data = { teachingScore: after.teachingScore, managementScore: after.managementScore, conditions: after.conditions, evidence: after.evidence, updatedById: contactId };
  await prisma.selfAssessment.upsert({ where: { reportId }, create: { reportId, ...data }, update: data });
  await prisma.auditLog.create({ data: { actorType: "contact", actorId: contactId, action: "report.self_assessment_edited", entity: "Report", entityId: reportId, data: { changed: patch as Prisma.InputJsonValue } } });
  return after;
}

/** The number the next filed version will get (a draft has none until it is filed). */
export async function nextVersion(prisma: Db, schoolId: string, periodId: string): Promise<number> {
  const max = await prisma.report.aggregate({ where: { schoolId, periodId, version: { not: null } }, _max: { version: true } });
  return (max._max.version ?? 0) + 1;
}

const rowValues = (i: Record<string, unknown>): ItemValues & { title?: string | null; expectedCompletion?: string | null; updatedById?: string | null } =>
  Object.fromEntries([...FIELDS, "updatedById"].filter((k) => k in i).map((k) => [k, i[k]])) as never;

/**
 * The author's draft for the period, created when missing from the last filed version (its rows
 * copied, `basedOnId` pointing at it). Safe against the same author starting twice at once.
 */
export async function openDraft(prisma: Db, opts: { schoolId: string; periodId: string; contactId: string; conversationId?: string }) {
  const existing = await findDraft(prisma, opts.schoolId, opts.periodId, opts.contactId);
  if (existing) return { report: existing, created: false };
  try {
    const report = await prisma.$transaction(async (tx) => {
      const base = await tx.report.findFirst({ where: { schoolId: opts.schoolId, periodId: opts.periodId, status: "submitted" }, orderBy: { version: "desc" }, include: { items: true, selfAssessment: true } });
      const sa = base?.selfAssessment ? storedValues(base.selfAssessment) : undefined;
      return tx.report.create({
        data: {
          schoolId: opts.schoolId,
          periodId: opts.periodId,
          status: "draft",
          source: "chat",
          draftKey: draftKey(opts.schoolId, opts.periodId, opts.contactId),
          createdById: opts.contactId,
          conversationId: opts.conversationId,
          basedOnId: base?.id,
          items: base ? { create: base.items.map((i) => ({ taskCode: i.taskCode, ...rowValues(i) }) as Prisma.ReportItemCreateWithoutReportInput) } : undefined,
          selfAssessment: sa ? { create: { ...sa, updatedById: opts.contactId } } : undefined,
        },
        include: { items: true },
      });
    });
    await prisma.auditLog.create({
      data: { actorType: "contact", actorId: opts.contactId, action: "report.draft_opened", entity: "Report", entityId: report.id, data: { basedOn: report.basedOnId } },
    });
    return { report, created: true };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const raced = await findDraft(prisma, opts.schoolId, opts.periodId, opts.contactId);
    if (raced) return { report: raced, created: false };
    throw err;
  }
}

/** Sets fields of one row of a draft; the change is audited with its author. */
export async function setItem(prisma: Db, reportId: string, taskCode: string, values: ItemValues, contactId?: string) {
  const before = await prisma.reportItem.findUnique({ where: { reportId_taskCode: { reportId, taskCode } } });
  // Whatever the source (chat, mail, dashboard), only text a database and an Office file can hold.
  values = storableValues(values);
  const data = { ...values, updatedById: contactId } as Prisma.ReportItemUncheckedUpdateInput;
  const item = await prisma.reportItem.upsert({
    where: { reportId_taskCode: { reportId, taskCode } },
    create: { reportId, taskCode, ...(data as object) } as Prisma.ReportItemUncheckedCreateInput,
    update: data,
  });
  const changed = Object.fromEntries(
    Object.entries(values).filter(([k, v]) => (before as Record<string, unknown> | null)?.[k] !== v),
  );
  if (Object.keys(changed).length) {
    await prisma.auditLog.create({
      data: {
        actorType: "contact",
        actorId: contactId,
        action: "report.item_edited",
        entity: "Report",
        entityId: reportId,
        data: { taskCode, changed, before: before ? Object.fromEntries(Object.keys(changed).map((k) => [k, (before as Record<string, unknown>)[k] ?? null])) : null } as Prisma.InputJsonValue,
      },
    });
  }
  return item;
}

function storableValues<T extends Record<string, unknown>>(values: T): T {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? storableText(v) : v])) as T;
}

export function referenceNumber(periodCode: string, schoolCode: string, version: number): string {
  return `BC-${periodCode.replace("-", "")}-${schoolCode}-v${version}`;
}

export interface FileVersionInput {
  schoolId: string;
  periodId: string;
  source: ReportSource;
  actor: Actor;
  now: Date;
  rules: DeadlineRules;
  /** A chat draft filed as its author left it (only its author's rows; the draft becomes the version). */
  draftId?: string;
  /**
   * Otherwise the rows of the new version: "replace" = exactly these rows (a complete table, the
   * officer's full form); "amend" = these rows over the last filed version (an addendum "bổ sung mục 9").
   */
  rows?: Record<string, ItemValues & { title?: string | null }>;
  mode?: "replace" | "amend";
  inboundEmailId?: string;
  /** The period and school rows when the caller has just read them (a mail batch): not read again. */
  known?: { period: Period; school: Pick<School, "id" | "code" | "name"> };
  /**
   * What the caller writes with the version, in the same statement (CTEs named by the caller),
   * given its number: a mail's outcome and receipt are then filed with it or not at all. Used for
   * a table of rows only (not a chat draft or a self-assessment).
   */
  alsoWrite?: (filed: { id: string; version: number; referenceNo: string; late: boolean }) => Prisma.Sql[];
}

/**
 * The only way a version is filed — chat, e-mail, the dashboard, a review decision. All or
 * nothing: the next version number (read with the version in force, one statement), rows pruned
 * by one rule (`hasContent`), the previous filed version superseded, a reference number, an audit
 * row naming who. Never reads or writes anyone's open draft except the one it is asked to file.
 * Two filings at the same moment take turns (a transaction-scoped advisory lock per school and
 * period), or — a mail's table, written by one statement — the second fails on the version number
 * and is read and written again.
 */
export async function fileVersion(prisma: Db, input: FileVersionInput) {
  // A quarter's table from a caller that has the period (a mail batch) is written by one statement,
  // so it needs no transaction: one read, one write; a filing that slipped in between makes the
  // write fail on the version number (unique), and it is read and written again.
  const oneStatement = !input.draftId && !!input.known && input.known.period.id === input.periodId && input.known.period.kind !== "self_assessment";
  for (let attempt = 0; ; attempt++) {
    try {
      if (oneStatement) return await fileIn(prisma, input, false);
      return await prisma.$transaction((tx) => fileIn(tx as unknown as Db, input, true));
    } catch (err) {
      if (attempt < 4 && isUniqueViolation(err)) continue;
      throw err;
    }
  }
}

async function fileIn(tx: Db, input: FileVersionInput, inTransaction: boolean) {
  const { schoolId, periodId } = input;
  // Filings for one school and period take turns (until this transaction ends): the last filed
  // version and the next number are then read consistently, also on PostgreSQL under concurrency.
  if (inTransaction) await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`report:${schoolId}:${periodId}`}, 0))::text`;
  const known = input.known && input.known.period.id === periodId && input.known.school.id === schoolId ? input.known : undefined;
  const period = known?.period ?? (await tx.period.findUniqueOrThrow({ where: { id: periodId } }));
  const school = known?.school ?? (await tx.school.findUniqueOrThrow({ where: { id: schoolId } }));
  // The last version's rows are read only where the new version is built from them.
  const fromLatest = !input.draftId && (input.mode === "amend" || period.kind === "self_assessment");
  // The highest-numbered version is the one in force (filing supersedes the one before): one read
  // gives both the next number and the version to supersede. Should it not be in force, the one
  // in force is looked for rather than assumed.
  const top = await tx.report.findFirst({ where: { schoolId, periodId, version: { not: null } }, orderBy: { version: "desc" }, include: { items: fromLatest, selfAssessment: fromLatest } });
  const version = top?.version ?? 0;
  const latest = !top || top.status === "submitted" ? top : await tx.report.findFirst({ where: { schoolId, periodId, status: "submitted" }, orderBy: { version: "desc" }, include: { items: fromLatest, selfAssessment: fromLatest } });
  const late = input.now.getTime() >= period.dueAt.getTime();
  const filed = {
    status: "submitted" as const,
    version: version + 1,
    draftKey: null,
    submittedAt: input.now,
    submittedById: input.actor.type === "contact" ? input.actor.id ?? null : null,
    late,
    referenceNo: referenceNumber(period.code, school.code, version + 1),
    supersedesId: latest?.id ?? null,
    source: input.source,
    inboundEmailId: input.inboundEmailId,
  };
  const auditData = (kept: string[], basedOn: string | null) => ({ version: version + 1, late, source: input.source, rows: kept, supersedes: latest?.id ?? null, basedOn, inboundEmailId: input.inboundEmailId ?? null });
  const createdById = input.actor.type === "contact" ? input.actor.id ?? null : null;
  if (!input.draftId && period.kind !== "self_assessment") {
    // A table of rows (mail, the officer's form, a review decision): one statement writes it all.
    const rows = new Map<string, Record<string, unknown>>();
    if (input.mode === "amend") for (const i of latest?.items ?? []) rows.set(i.taskCode, rowValues(i));
    for (const [code, values] of Object.entries(input.rows ?? {})) rows.set(code, { ...storableValues(values), updatedById: createdById });
    const items = [...rows].filter(([, v]) => hasContent(v)).map(([taskCode, v]) => ({ taskCode, ...v }) as ItemRow);
    const report = { id: randomUUID(), schoolId, periodId, createdById, basedOnId: latest?.id ?? null, conversationId: null, createdAt: input.now, updatedAt: input.now, ...filed, inboundEmailId: input.inboundEmailId ?? null };
    const also = input.alsoWrite?.(report) ?? [];
    await insertVersion(tx, report, latest?.id ?? null, items, { actorType: input.actor.type, actorId: input.actor.id ?? null, data: auditData(items.map((i) => i.taskCode), latest?.id ?? null) }, also);
    return asFiled({ ...report, period, school });
  }
  // The created row alone (its rows are read by whoever needs them, e.g. the documents sent on
  // filing): asking for them back cost three more statements per filing.
  let report: Prisma.ReportGetPayload<object>;
  let kept: string[];
  let basedOn: string | null = latest?.id ?? null;
  if (latest) await tx.report.update({ where: { id: latest.id }, data: { status: "superseded" } });
  if (input.draftId) {
    const draft = await tx.report.findUniqueOrThrow({ where: { id: input.draftId }, include: { items: true } });
    if (draft.status !== "draft" || draft.schoolId !== schoolId || draft.periodId !== periodId) throw new Error(`report ${draft.id} is not a draft of this school and period`);
    const empty = draft.items.filter((i) => !hasContent(i)).map((i) => i.id);
    if (empty.length) await tx.reportItem.deleteMany({ where: { id: { in: empty } } });
    report = await tx.report.update({ where: { id: draft.id }, data: filed });
    kept = draft.items.filter((i) => hasContent(i)).map((i) => i.taskCode);
    basedOn = draft.basedOnId;
  } else {
    // The rows (mail, the officer's cells) say scores and conditions: stored in their own table.
    const given = valuesFromRows(input.rows ?? {}, selfAssessmentForm());
    const values = input.mode === "amend" ? mergeValues(storedValues(latest?.selfAssessment), given) : given;
    report = await tx.report.create({
      data: {
        schoolId, periodId, createdById, basedOnId: latest?.id, ...filed,
        selfAssessment: hasAnyValue(values) ? { create: { ...values, evidence: values.evidence && storableText(values.evidence), updatedById: createdById } } : undefined,
      },
    });
    kept = hasAnyValue(values) ? ["self-assessment"] : [];
  }
  await tx.auditLog.create({
    data: { actorType: input.actor.type, actorId: input.actor.id ?? null, action: "report.submitted", entity: "Report", entityId: report.id, data: auditData(kept, basedOn) },
  });
  return asFiled({ ...report, period, school });
}

type ItemRow = { taskCode: string } & Partial<Record<(typeof FIELDS)[number] | "updatedById", string | number | null>>;

/**
 * A filed version from a table of rows, in one statement: the version in force superseded, the
 * new report, its rows and the audit row (PostgreSQL checks the rows' foreign key at the end of
 * the statement). The same SQL on PGlite and PostgreSQL.
 */
async function insertVersion(
  tx: Db,
  r: { id: string; schoolId: string; periodId: string; version: number; status: string; source: string; late: boolean; referenceNo: string; createdById: string | null; basedOnId: string | null; submittedAt: Date; submittedById: string | null; supersedesId: string | null; inboundEmailId: string | null; updatedAt: Date },
  supersede: string | null,
  items: ItemRow[],
  audit: { actorType: string; actorId: string | null; data: object },
  also: Prisma.Sql[] = [],
) {
  const at = (d: Date) => Prisma.sql`${d.toISOString()}::timestamptz AT TIME ZONE 'UTC'`;
  const col = (k: keyof ItemRow) => items.map((i) => (i[k] === null || i[k] === undefined ? null : String(i[k])));
  await runSql(tx, Prisma.sql`
    WITH superseded AS (
      UPDATE "Report" SET "status" = 'superseded', "updatedAt" = ${at(r.updatedAt)} WHERE "id" = ${supersede} RETURNING "id"
    ), report AS (
      INSERT INTO "Report" ("id", "schoolId", "periodId", "version", "status", "source", "late", "referenceNo", "createdById", "basedOnId", "submittedAt", "submittedById", "supersedesId", "inboundEmailId", "updatedAt")
      VALUES (${r.id}, ${r.schoolId}, ${r.periodId}, ${r.version}, ${r.status}::"ReportStatus", ${r.source}::"ReportSource", ${r.late}, ${r.referenceNo}, ${r.createdById}, ${r.basedOnId}, ${at(r.submittedAt)}, ${r.submittedById}, ${r.supersedesId}, ${r.inboundEmailId}, ${at(r.updatedAt)})
      RETURNING "id"
    ), items AS (
      INSERT INTO "ReportItem" ("id", "reportId", "taskCode", "title", "status", "progressPercent", "expectedCompletion", "done", "next", "difficulties", "recommendations", "updatedById", "updatedAt")
      SELECT u.id, ${r.id}, u.task_code, u.title, u.status::"TaskStatus", u.pct::int, u.expected, u.done, u.next, u.difficulties, u.recommendations, u.updated_by, ${at(r.updatedAt)}
      FROM unnest(${items.map(() => randomUUID())}::text[], ${col("taskCode")}::text[], ${col("title")}::text[], ${col("status")}::text[], ${col("progressPercent")}::text[], ${col("expectedCompletion")}::text[],
        ${col("done")}::text[], ${col("next")}::text[], ${col("difficulties")}::text[], ${col("recommendations")}::text[], ${col("updatedById")}::text[])
        AS u(id, task_code, title, status, pct, expected, done, next, difficulties, recommendations, updated_by)
      RETURNING "id"
    )${also.length ? Prisma.sql`, ${Prisma.join(also, ", ")}` : Prisma.empty}
    INSERT INTO "AuditLog" ("id", "actorType", "actorId", "action", "entity", "entityId", "data")
    VALUES (${randomUUID()}, ${audit.actorType}::"ActorType", ${audit.actorId}, 'report.submitted', 'Report', ${r.id}, ${JSON.stringify(audit.data)}::jsonb)`);
}

/** A filed (submitted or superseded) version: it has its number. */
export function asFiled<T extends { id: string; version: number | null }>(r: T): T & { version: number } {
  if (r.version === null) throw new Error(`report ${r.id} is a draft, not a filed version`);
  return r as T & { version: number };
}

/**
 * "Continue from the newer version": the draft's rows the author changed (compared with the
 * version the draft started from) are laid over the newer filed version; the rest is taken from it.
 */
export async function rebaseDraft(prisma: Db, draftId: string, ontoId: string, contactId: string) {
  return prisma.$transaction(async (tx) => {
    const draft = await tx.report.findUniqueOrThrow({ where: { id: draftId }, include: { items: true } });
    const onto = await tx.report.findUniqueOrThrow({ where: { id: ontoId }, include: { items: true } });
    const base = draft.basedOnId ? await tx.report.findUnique({ where: { id: draft.basedOnId }, include: { items: true } }) : null;
    const mine = draft.items.filter((i) => !sameAnswers(i, base?.items.find((b) => b.taskCode === i.taskCode)));
    const rows = new Map<string, Record<string, unknown>>(onto.items.map((i) => [i.taskCode, rowValues(i)]));
    for (const i of mine) rows.set(i.taskCode, rowValues(i));
    await tx.reportItem.deleteMany({ where: { reportId: draftId } });
    await tx.report.update({
      where: { id: draftId },
      data: { basedOnId: onto.id, items: { create: [...rows].map(([taskCode, v]) => ({ taskCode, ...v }) as Prisma.ReportItemCreateWithoutReportInput) } },
    });
    await tx.auditLog.create({ data: { actorType: "contact", actorId: contactId, action: "report.draft_rebased", entity: "Report", entityId: draftId, data: { onto: onto.id, kept: mine.map((i) => i.taskCode) } } });
    return mine.map((i) => i.taskCode);
  });
}

/** Two rows say the same (a missing row says nothing), field by field. */
function sameAnswers(a: object | undefined, b: object | undefined): boolean {
  const [x, y] = [a as Record<string, unknown> | undefined, b as Record<string, unknown> | undefined];
  return FIELDS.every((k) => (x?.[k] ?? null) === (y?.[k] ?? null));
}

/** Row codes whose answers differ between two versions (either may be missing: no rows). */
export async function changedRows(prisma: Db, fromId: string | null, toId: string): Promise<string[]> {
  const load = async (id: string | null) => (id ? await prisma.reportItem.findMany({ where: { reportId: id } }) : []);
  const [a, b] = [await load(fromId), await load(toId)];
  const codes = new Set([...a, ...b].map((i) => i.taskCode));
  return [...codes].filter((c) => !sameAnswers(a.find((i) => i.taskCode === c), b.find((i) => i.taskCode === c))).sort((x, y) => x.localeCompare(y, "vi", { numeric: true }));
}

/** "Keep my draft": the author saw the newer version; filing the draft will replace it. */
export function acknowledgeNewer(prisma: Db, draftId: string, newerId: string) {
  return prisma.report.update({ where: { id: draftId }, data: { basedOnId: newerId } });
}

/** Discards a draft the person chose to cancel (its rows go with it); audited. Filed versions are never touched. */
export async function discardDraft(prisma: Db, reportId: string, contactId?: string) {
  await prisma.$transaction(async (tx) => {
    const draft = await tx.report.findUnique({ where: { id: reportId }, include: { items: true } });
    if (!draft || draft.status !== "draft") return;
    await tx.reportItem.deleteMany({ where: { reportId } });
    await tx.report.delete({ where: { id: reportId } });
    await tx.auditLog.create({
      data: { actorType: "contact", actorId: contactId, action: "report.draft_discarded", entity: "Report", entityId: reportId, data: { rows: draft.items.map((i) => i.taskCode) } },
    });
  });
}

/** Every version of a school's report for a period, oldest first, with rows. */
export async function reportVersions(prisma: Db, schoolId: string, periodId: string) {
  const versions = await prisma.report.findMany({ where: { schoolId, periodId }, orderBy: { version: "asc" }, include: { items: { orderBy: { taskCode: "asc" } }, selfAssessment: true } });
  return versions.map((v) => ({ ...v, items: answersOf(v) }));
}

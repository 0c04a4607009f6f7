/**
 * Reports in the database: one draft per school and period (Report.draftKey is unique),
 * numbered versions, submission with lateness and a reference number, every edit audited
 * with who made it. A report from chat, email or the dashboard is the same thing.
 */
import { storableText } from "../domain/text.ts";
import type { Db } from "../db/client.ts";
import type { Prisma, ReportSource } from "../generated/prisma/client.ts";
import { quarterCode, quarterlyDeadline, selfAssessmentCode, selfAssessmentDeadlines, type DeadlineRules, type Quarter, type ReportingPeriod } from "../domain/periods.ts";
import type { FieldKey } from "./template.ts";

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

const draftKey = (schoolId: string, periodId: string) => `${schoolId}:${periodId}`;

export function findDraft(prisma: Db, schoolId: string, periodId: string) {
  return prisma.report.findUnique({ where: { draftKey: draftKey(schoolId, periodId) }, include: { items: true } });
}

export function latestSubmitted(prisma: Db, schoolId: string, periodId: string) {
  return prisma.report.findFirst({
    where: { schoolId, periodId, status: { in: ["submitted", "superseded"] } },
    orderBy: { version: "desc" },
    include: { items: true },
  });
}

/**
 * The school's draft for the period, created when missing (a new version; after a
 * submission it starts from the submitted answers). Safe against two contacts starting at once.
 */
export async function openDraft(
  prisma: Db,
  opts: { schoolId: string; periodId: string; contactId?: string; conversationId?: string; source: ReportSource },
) {
  const existing = await findDraft(prisma, opts.schoolId, opts.periodId);
  if (existing) return { report: existing, created: false };
  try {
    const report = await prisma.$transaction(async (tx) => {
      const last = await tx.report.findFirst({
        where: { schoolId: opts.schoolId, periodId: opts.periodId },
        orderBy: { version: "desc" },
        include: { items: true },
      });
      const base = last?.status === "submitted" ? last : undefined;
      return tx.report.create({
        data: {
          schoolId: opts.schoolId,
          periodId: opts.periodId,
          version: (last?.version ?? 0) + 1,
          status: "draft",
          source: opts.source,
          draftKey: draftKey(opts.schoolId, opts.periodId),
          createdById: opts.contactId,
          conversationId: opts.conversationId,
          supersedesId: base?.id,
          items: base
            ? { create: base.items.map(({ id: _id, reportId: _r, updatedAt: _u, ...item }) => item) }
            : undefined,
        },
        include: { items: true },
      });
    });
    await prisma.auditLog.create({
      data: { actorType: "contact", actorId: opts.contactId, action: "report.draft_opened", entity: "Report", entityId: report.id, data: { version: report.version } },
    });
    return { report, created: true };
  } catch (err) {
    // Another contact of the school opened it at the same moment: use theirs.
    const raced = await findDraft(prisma, opts.schoolId, opts.periodId);
    if (raced) return { report: raced, created: false };
    throw err;
  }
}

/** Sets fields of one row; the change is audited with its author. */
export async function setItem(prisma: Db, reportId: string, taskCode: string, values: ItemValues, contactId?: string) {
  const before = await prisma.reportItem.findUnique({ where: { reportId_taskCode: { reportId, taskCode } } });
  // Whatever the source (chat, mail, dashboard), only text a database and an Office file can hold.
  values = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? storableText(v) : v])) as ItemValues;
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

export function referenceNumber(periodCode: string, schoolCode: string, version: number): string {
  return `BC-${periodCode.replace("-", "")}-${schoolCode}-v${version}`;
}

/** Files the draft: submitted, late or not, with a reference number; the previous version is superseded. */
export async function submitDraft(
  prisma: Db,
  opts: { reportId: string; contactId?: string; now: Date; rules: DeadlineRules },
) {
  return prisma.$transaction(async (tx) => {
    const draft = await tx.report.findUniqueOrThrow({ where: { id: opts.reportId }, include: { period: true, school: true } });
    if (draft.status !== "draft") throw new Error(`report ${draft.id} is ${draft.status}, not a draft`);
    if (draft.supersedesId) await tx.report.update({ where: { id: draft.supersedesId }, data: { status: "superseded" } });
    const report = await tx.report.update({
      where: { id: draft.id },
      data: {
        status: "submitted",
        draftKey: null,
        submittedAt: opts.now,
        submittedById: opts.contactId,
        late: opts.now.getTime() >= draft.period.dueAt.getTime(),
        referenceNo: referenceNumber(draft.period.code, draft.school.code, draft.version),
      },
      include: { items: true, period: true, school: true },
    });
    await tx.auditLog.create({
      data: { actorType: "contact", actorId: opts.contactId, action: "report.submitted", entity: "Report", entityId: report.id, data: { version: report.version, late: report.late } },
    });
    return report;
  });
}

/** Discards a draft the person chose to cancel (its rows go with it); audited. Submitted versions are never touched. */
export async function discardDraft(prisma: Db, reportId: string, contactId?: string) {
  await prisma.$transaction(async (tx) => {
    const draft = await tx.report.findUnique({ where: { id: reportId }, include: { items: true } });
    if (!draft || draft.status !== "draft") return;
    await tx.reportItem.deleteMany({ where: { reportId } });
    await tx.report.delete({ where: { id: reportId } });
    await tx.auditLog.create({
      data: { actorType: "contact", actorId: contactId, action: "report.draft_discarded", entity: "Report", entityId: reportId, data: { version: draft.version, rows: draft.items.map((i) => i.taskCode) } },
    });
  });
}

/** Every version of a school's report for a period, oldest first, with rows. */
export function reportVersions(prisma: Db, schoolId: string, periodId: string) {
  return prisma.report.findMany({ where: { schoolId, periodId }, orderBy: { version: "asc" }, include: { items: { orderBy: { taskCode: "asc" } } } });
}

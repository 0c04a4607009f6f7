/**
 * Mail a person must decide (unknown sender, unsure guess, unreadable file): what the machine
 * could read from it as a starting point, then the officer's decision — accept (files the report
 * under the school and period the officer chose, with the cells as corrected, and sends the
 * receipt) or reject (sends the reason to the sender).
 */
import { parsePeriodCode, periodCode, quarterCode } from "../../domain/periods.ts";
import { ensureReportingPeriod } from "../../reports/store.ts";
import type { ExtractedRow } from "./extract/index.ts";
import { analyzeEmail } from "./analyze.ts";
import { fileOnce, receiptText, reply, type IngestDeps } from "./ingest.ts";
import { matchQuarter } from "./match.ts";
import { parseEmail, type ParsedEmail } from "./parse.ts";

export interface ReviewSuggestion {
  parsed?: ParsedEmail;
  schoolId?: string;
  periodCode: string;
  items: Record<string, ExtractedRow>;
  note?: string;
  /** Why the machine judged the mail as it did. */
  evidence?: string;
  /** Another school the mail names, shown next to the sender's. */
  namedSchoolId?: string;
}

/**
 * The stored mail, parsed again — or undefined, logged with its cause: the officer's decision
 * still counts, but the school cannot be answered from a mail that no longer parses.
 */
async function reparse(deps: IngestDeps, emailId: string, raw: Uint8Array | null): Promise<ParsedEmail | undefined> {
  if (!raw) return undefined;
  try {
    return await parseEmail(Buffer.from(raw), deps.limits);
  } catch (err) {
    deps.logger?.warn({ err, inboundEmailId: emailId }, "stored inbound email no longer parses: the sender cannot be answered");
    return undefined;
  }
}

export async function suggestForReview(deps: IngestDeps, emailId: string): Promise<ReviewSuggestion | undefined> {
  const row = await deps.prisma.inboundEmail.findUnique({ where: { id: emailId } });
  if (!row) return undefined;
  const received = row.receivedAt ?? row.createdAt;
  const parsed = await reparse(deps, emailId, row.raw);
  if (!parsed) return { schoolId: row.schoolId ?? undefined, periodCode: row.periodCode ?? quarterCode(matchQuarter([], received).quarter), items: {}, note: "Không đọc được thư." };
  const schools = await deps.prisma.school.findMany({ select: { id: true, code: true, name: true, shortName: true, emails: true } });
  // The same analysis ingestion made: school guess, period, rows read (also from a PDF or .doc).
  const a = await analyzeEmail(parsed, schools, { template: deps.template, selfAssessment: deps.selfAssessment }, received, deps.limits);
  return {
    parsed,
    schoolId: row.schoolId ?? a.school?.id,
    namedSchoolId: a.namedSchool?.id,
    periodCode: row.periodCode ?? (a.period ? periodCode(a.period) : quarterCode(matchQuarter([], received).quarter)),
    items: a.items ?? {},
    note: a.items && Object.keys(a.items).length ? undefined : a.reason,
    evidence: a.evidence,
  };
}

export async function acceptReviewed(deps: IngestDeps, emailId: string, d: { schoolId: string; periodCode: string; items: Record<string, ExtractedRow>; staffId: string }) {
  const row = await deps.prisma.inboundEmail.findUniqueOrThrow({ where: { id: emailId } });
  const school = await deps.prisma.school.findUniqueOrThrow({ where: { id: d.schoolId } });
  const reporting = parsePeriodCode(d.periodCode);
  if (!reporting) throw new Error(`unknown period ${d.periodCode}`);
  const period = await ensureReportingPeriod(deps.prisma, reporting, deps.rules);
  const received = row.receivedAt ?? row.createdAt;
  // The officer saw and corrected every row: the cells are the whole report.
  const filed = await fileOnce(deps, emailId, school.id, period.id, d.items, received, true, { type: "staff", id: d.staffId });
  const parsed = await reparse(deps, emailId, row.raw);
  if (parsed) {
    const analysis = { kind: "quarterly_report" as const, decision: "filed" as const, period: reporting, items: d.items };
    await reply(deps, parsed, parsed.subject, receiptText(deps, analysis, { name: school.name, dueAt: period.dueAt, version: filed.version, referenceNo: filed.referenceNo, late: filed.late }), `receipt:${emailId}`);
  }
  await deps.prisma.inboundEmail.update({ where: { id: emailId }, data: { status: "filed", schoolId: school.id, periodCode: period.code, resolvedById: d.staffId, resolvedAt: new Date() } });
  await deps.prisma.auditLog.create({ data: { actorType: "staff", actorId: d.staffId, action: "review.accepted", entity: "InboundEmail", entityId: emailId, data: { reportId: filed.id, version: filed.version } } });
  return filed;
}

export async function rejectReviewed(deps: IngestDeps, emailId: string, d: { reason: string; staffId: string }) {
  const row = await deps.prisma.inboundEmail.findUniqueOrThrow({ where: { id: emailId } });
  const parsed = await reparse(deps, emailId, row.raw);
  if (parsed) {
    await reply(deps, parsed, parsed.subject, `Kính gửi thầy/cô,\n\nPhòng đã xem thư của thầy/cô nhưng chưa ghi nhận được báo cáo: ${d.reason}\n\nThầy/cô vui lòng gửi lại (tệp .xlsx/.docx theo mẫu PHỤ LỤC 3) hoặc nộp qua trợ lý trên Zalo (gõ “báo cáo”).\n\n${deps.office.name}`, `review-rejection:${emailId}`);
  }
  await deps.prisma.inboundEmail.update({ where: { id: emailId }, data: { status: "rejected", reason: d.reason, resolvedById: d.staffId, resolvedAt: new Date() } });
  await deps.prisma.auditLog.create({ data: { actorType: "staff", actorId: d.staffId, action: "review.rejected", entity: "InboundEmail", entityId: emailId, data: { reason: d.reason } } });
}

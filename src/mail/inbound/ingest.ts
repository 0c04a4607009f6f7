/**
 * One inbound email, end to end: stored first (raw bytes, Message-ID, SHA-256 — a message
 * seen again is not processed twice), then parsed, classified, matched, extracted, filed as a
 * report version (source "email") or put in front of a person with a reason, and answered —
 * never an automatic message or spam. A message that fails repeatedly is quarantined.
 */
import { createHash } from "node:crypto";
import type { Db } from "../../db/client.ts";
import type { Logger } from "../../logger.ts";
import type { Clock } from "../../clock.ts";
import { formatDate, quarterCode, type DeadlineRules, type Quarter } from "../../domain/periods.ts";
import { ensureQuarterPeriod, openDraft, setItem, submitDraft } from "../../reports/store.ts";
import type { ReportTemplate } from "../../reports/template.ts";
import type { Outbox } from "../outbound/outbox.ts";
import { classifyEmail, type EmailKind } from "./classify.ts";
import { extractPhuLuc3, type ExtractedRow } from "./extract-xlsx.ts";
import { matchQuarter, matchSchool, NAME_MATCH_THRESHOLD, type SchoolRef } from "./match.ts";
import { parseEmail, type ParsedEmail } from "./parse.ts";

export const MAX_ATTEMPTS = 3;

export type Outcome = "filed" | "review" | "rejected" | "answered" | "ignored" | "duplicate" | "quarantined";

export interface IngestDeps {
  prisma: Db;
  outbox: Outbox;
  template: ReportTemplate;
  rules: DeadlineRules;
  clock: Clock;
  office: { name: string; email: string };
  answer: (question: string) => Promise<{ text: string; declined: boolean }>;
  logger?: Logger;
}

/** Stores the raw message (or finds it); returns its row and whether it was already done. */
async function store(prisma: Db, raw: Buffer, receivedAt: Date) {
  const rawSha256 = createHash("sha256").update(raw).digest("hex");
  const messageId = /^message-id:\s*(<[^>\r\n]+>)/im.exec(raw.subarray(0, 64 * 1024).toString("latin1"))?.[1];
  const existing = await prisma.inboundEmail.findFirst({ where: { OR: [{ rawSha256 }, ...(messageId ? [{ messageId }] : [])] } });
  if (existing) return { row: existing, seen: true };
  try {
    return { row: await prisma.inboundEmail.create({ data: { rawSha256, messageId, raw: new Uint8Array(raw), receivedAt } }), seen: false };
  } catch {
    const raced = await prisma.inboundEmail.findFirst({ where: { OR: [{ rawSha256 }, ...(messageId ? [{ messageId }] : [])] } });
    if (raced) return { row: raced, seen: true };
    throw new Error("could not store the inbound email");
  }
}

const DONE = new Set(["filed", "review", "rejected", "answered", "ignored", "quarantined"]);

export async function ingestRaw(deps: IngestDeps, raw: Buffer, receivedAt = new Date()): Promise<{ id: string; outcome: Outcome }> {
  const { row, seen } = await store(deps.prisma, raw, receivedAt);
  if (seen && DONE.has(row.status)) return { id: row.id, outcome: "duplicate" };
  if (row.attempts >= MAX_ATTEMPTS) {
    await deps.prisma.inboundEmail.update({ where: { id: row.id }, data: { status: "quarantined" } });
    return { id: row.id, outcome: "quarantined" };
  }
  await deps.prisma.inboundEmail.update({ where: { id: row.id }, data: { attempts: { increment: 1 } } });
  try {
    const outcome = await process(deps, row.id, raw, receivedAt);
    return { id: row.id, outcome };
  } catch (err) {
    await deps.prisma.inboundEmail.update({ where: { id: row.id }, data: { error: String((err as Error).message).slice(0, 500) } });
    deps.logger?.error({ err, inboundEmailId: row.id }, "inbound email processing failed");
    throw err;
  }
}

async function finish(deps: IngestDeps, id: string, status: Exclude<Outcome, "duplicate" | "quarantined">, data: { classification: EmailKind; reason?: string; schoolId?: string; periodCode?: string }) {
  await deps.prisma.inboundEmail.update({ where: { id }, data: { status, error: null, ...data } });
  return status;
}

function reply(deps: IngestDeps, m: ParsedEmail, subject: string, text: string) {
  if (!m.from) return Promise.resolve(undefined);
  return deps.outbox.enqueue({
    kind: "reply",
    to: [m.from],
    subject: /^re:/i.test(subject) ? subject : `Re: ${subject}`,
    text,
    threading: m.messageId ? { inReplyTo: m.messageId, references: [...m.references, m.messageId] } : undefined,
  });
}

async function process(deps: IngestDeps, id: string, raw: Buffer, receivedAt: Date): Promise<Exclude<Outcome, "duplicate" | "quarantined">> {
  const m = await parseEmail(raw);
  await deps.prisma.inboundEmail.update({ where: { id }, data: { fromAddress: m.from, subject: m.subject.slice(0, 500) } });
  await deps.prisma.attachment.deleteMany({ where: { inboundEmailId: id } });
  for (const a of m.attachments) {
    await deps.prisma.attachment.create({
      data: { inboundEmailId: id, filename: a.filename, contentType: a.contentType, size: a.size, sha256: createHash("sha256").update(a.content).digest("hex"), content: new Uint8Array(a.content) },
    });
  }
  const schools = await deps.prisma.school.findMany({ select: { id: true, code: true, name: true, shortName: true, emails: true } });
  const a = await analyzeEmail(m, schools, deps.template, receivedAt);
  const base = { classification: a.kind, schoolId: a.school?.id, periodCode: a.quarter ? quarterCode(a.quarter) : undefined, reason: a.reason };
  if (a.decision === "ignored") return finish(deps, id, "ignored", base);
  if (a.decision === "question") {
    const ans = await deps.answer(`${m.subject}\n${m.text}`.slice(0, 1_000));
    if (ans.declined) return finish(deps, id, "review", { ...base, reason: "Câu hỏi chưa có trong kho kiến thức: cán bộ trả lời." });
    await reply(deps, m, m.subject, `Kính gửi thầy/cô,\n\n${ans.text}\n\nThư trả lời tự động của trợ lý chuyển đổi số — ${deps.office.name}.`);
    return finish(deps, id, "answered", base);
  }
  if (a.decision === "review") return finish(deps, id, "review", base);
  if (a.decision === "rejected") {
    await reply(deps, m, m.subject, `Kính gửi thầy/cô,\n\nPhòng đã nhận thư nhưng chưa ghi nhận được báo cáo: ${a.reason} Thầy/cô vui lòng gửi lại bảng PHỤ LỤC 3 dạng .xlsx, không đặt mật khẩu (hoặc nộp ngay qua trợ lý trên Zalo: gõ “báo cáo”). Thư gốc vẫn được lưu để cán bộ xem.\n\n${deps.office.name}`);
    return finish(deps, id, "rejected", base);
  }
  const school = a.school!;
  const quarter = a.quarter!;
  const items = a.items!;

  const period = await ensureQuarterPeriod(deps.prisma, quarter, deps.rules);
  const { report } = await openDraft(deps.prisma, { schoolId: school.id, periodId: period.id, source: "email" });
  await deps.prisma.report.update({ where: { id: report.id }, data: { inboundEmailId: id, source: "email" } });
  for (const [code, values] of Object.entries(items)) await setItem(deps.prisma, report.id, code, values);
  const filed = await submitDraft(deps.prisma, { reportId: report.id, now: receivedAt, rules: deps.rules });
  await reply(
    deps,
    m,
    m.subject,
    [
      "Kính gửi thầy/cô,",
      "",
      `Phòng đã nhận báo cáo quý ${quarter.quarter}/${quarter.year} của ${school.name} (phiên bản ${filed.version}, mã tiếp nhận ${filed.referenceNo}), đọc được ${Object.keys(items).length} mục của PHỤ LỤC 3.`,
      filed.late ? `Báo cáo được nhận sau hạn (trước ngày ${formatDate(period.dueAt)}) nên ghi nhận là nộp trễ.` : "",
      "Nếu cần sửa, thầy/cô gửi lại tệp (sẽ thành phiên bản mới) hoặc gõ “sửa báo cáo” trên Zalo.",
      "",
      deps.office.name,
    ].filter((l, i, a) => l || a[i - 1]).join("\n"),
  );
  return finish(deps, id, "filed", base);
}

export interface Analysis {
  kind: EmailKind;
  /** filed = a readable report from a known school; the rest need the knowledge base, a person, or nothing. */
  decision: "filed" | "question" | "review" | "rejected" | "ignored";
  school?: SchoolRef;
  quarter?: Quarter;
  items?: Record<string, ExtractedRow>;
  reason?: string;
}

/** Everything ingestion decides about an email, without touching the database or sending anything. */
export async function analyzeEmail(m: ParsedEmail, schools: SchoolRef[], template: ReportTemplate, receivedAt: Date): Promise<Analysis> {
  const kind = classifyEmail(m);
  if (kind === "auto_reply") return { kind, decision: "ignored" };
  if (kind === "unrelated") return { kind, decision: "review", reason: "Thư không phải báo cáo hay câu hỏi: để cán bộ xem." };
  if (kind === "question") return { kind, decision: "question" };
  const texts = [m.subject, m.text.slice(0, 3_000), ...m.attachments.map((a) => a.filename ?? "")];
  const match = matchSchool(m.from, texts, schools);
  if (!match || match.confidence < NAME_MATCH_THRESHOLD) {
    return { kind, decision: "review", reason: match ? `Đoán là ${match.school.name} nhưng chưa chắc: cán bộ xác nhận trường.` : "Không nhận ra trường gửi thư: cán bộ xác nhận trường." };
  }
  const school = match.school;
  if (kind === "self_assessment") return { kind, decision: "review", school, reason: "Bản tự đánh giá gửi qua email: cán bộ nhập điểm (chưa đọc tự động)." };
  const { quarter } = matchQuarter([m.subject, m.text.slice(0, 1_000)], receivedAt);
  const xlsx = m.attachments.find((a) => /\.xlsx$/i.test(a.filename ?? ""));
  const other = m.attachments.find((a) => /\.(xls|pdf|doc)$/i.test(a.filename ?? ""));
  if (!xlsx) {
    const reason = other ? `Tệp “${other.filename}” là định dạng tôi chưa đọc được (.xls cũ, .pdf hoặc .doc).` : "Thư không có tệp Excel (.xlsx) PHỤ LỤC 3.";
    return { kind, decision: "rejected", school, quarter, reason };
  }
  const extracted = await extractPhuLuc3(xlsx.content, template);
  if (!extracted.ok) return { kind, decision: "rejected", school, quarter, reason: `Không đọc được tệp “${xlsx.filename}”: ${extracted.reason}.` };
  return { kind, decision: "filed", school, quarter, items: extracted.items };
}

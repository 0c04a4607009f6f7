/**
 * One inbound email, end to end: stored first (raw bytes, Message-ID, SHA-256 — a message
 * seen again is not processed twice), then parsed, classified, matched, extracted, filed as a
 * report version (source "email") or put in front of a person with a reason, and answered —
 * never an automatic message or spam. A message that fails repeatedly is quarantined.
 *
 * Size limits come before anything is kept in full: a message above the message limit is stored
 * as a truncated record (oversized.ts) and its sender is told what was too large and what to do;
 * an attachment above the attachment cap, or beyond the number of files read, is listed by name,
 * size and hash without its bytes (parse.ts).
 */
import { createHash } from "node:crypto";
import libmime from "libmime";
import type { Db } from "../../db/client.ts";
import type { Logger } from "../../logger.ts";
import type { Clock } from "../../clock.ts";
import { formatDate, periodCode, type DeadlineRules, type ReportingPeriod } from "../../domain/periods.ts";
import { asFiled, ensureReportingPeriod, fileVersion, type Actor } from "../../reports/store.ts";
import { fillableRows, type ReportTemplate } from "../../reports/template.ts";
import type { Outbox } from "../outbound/outbox.ts";
import type { Metrics } from "../../http/metrics.ts";
import { isAutomatic, type EmailKind } from "./classify.ts";
import { decideKind, describeEvidence } from "./decide.ts";
import { DEFAULT_LIMITS, quarterlyOf, readMail, selfAssessmentExtraction, type ExtractedRow, type ExtractionLimits, type Source } from "./extract/index.ts";
import { mb } from "./extract/documents.ts";
import { headerBlock, humanSize, MAX_TEXT_PART_BYTES, truncatedRecord, type PartInfo } from "./oversized.ts";
import { reduceMessage } from "./reduce.ts";
import type { SelfAssessmentForm } from "../../reports/self-assessment.ts";
import { matchSchool, NAME_MATCH_THRESHOLD, reportQuarter, reportYear, type PeriodSource, type SchoolRef } from "./match.ts";
import { looksLikeDocument, MAX_RAW_BYTES, parseEmail, type ParsedEmail } from "./parse.ts";

export const MAX_ATTEMPTS = 3;

export type Outcome = "filed" | "review" | "rejected" | "answered" | "ignored" | "duplicate" | "quarantined";

export interface IngestDeps {
  prisma: Db;
  outbox: Outbox;
  template: ReportTemplate;
  selfAssessment: SelfAssessmentForm;
  limits?: ExtractionLimits;
  rules: DeadlineRules;
  clock: Clock;
  office: { name: string; email: string };
  answer: (question: string) => Promise<{ text: string; declined: boolean }>;
  logger?: Logger;
  /** Counts mails by outcome for /metrics. */
  metrics?: Metrics;
}

/** What ingestion reads back (never the raw bytes: each write would otherwise return them). */
const ROW = { id: true, status: true, attempts: true } as const;

/**
 * The message's own Message-ID, from its top-level header block as libmime parses it (a
 * forwarded message's Message-ID further down is not this message's). Undefined when it has
 * none: the message is then known by its content hash alone.
 */
export function ownMessageId(raw: Buffer): string | undefined {
  const value = libmime.decodeHeaders(raw.subarray(0, 64 * 1024).toString("latin1"))["message-id"]?.[0];
  const id = typeof value === "string" ? value.trim().replace(/\s+/g, "") : "";
  if (!id) return undefined;
  return id.startsWith("<") ? id : `<${id}>`;
}

/**
 * Writes a message's or a file's bytes. Through a base64 text parameter, not a Bytes field:
 * PGlite's bytea serializer turns a value into an array of one string per byte before sending
 * it (a 20 MB message took 42 s with the event loop blocked, and 560 MB more RSS); decoded by
 * PostgreSQL itself, the same bytes take a moment and one string. The same SQL on both engines.
 */
async function writeRaw(prisma: Db, id: string, raw: Buffer) {
  await prisma.$executeRaw`UPDATE "InboundEmail" SET "raw" = decode(${raw.toString("base64")}, 'base64') WHERE "id" = ${id} AND "raw" IS NULL`;
}
async function writeContent(prisma: Db, inboundEmailId: string, sha256: string, content: Buffer) {
  await prisma.$executeRaw`UPDATE "Attachment" SET "content" = decode(${content.toString("base64")}, 'base64') WHERE "inboundEmailId" = ${inboundEmailId} AND "sha256" = ${sha256}`;
}

/**
 * Stores the message (or finds it); returns its row and whether it was already done. `rawSha256`
 * is the hash of the message as received; `stored` is what is kept of it (reduce.ts, oversized.ts).
 * The row is created first and its bytes written after: a row a crash left without its bytes
 * gets them on the next attempt.
 */
async function store(prisma: Db, stored: Buffer, rawSha256: string, messageId: string | undefined, receivedAt: Date) {
  const existing = await prisma.inboundEmail.findFirst({ where: { OR: [{ rawSha256 }, ...(messageId ? [{ messageId }] : [])] }, select: ROW });
  if (existing) {
    if (!DONE.has(existing.status)) await writeRaw(prisma, existing.id, stored);
    return { row: existing, seen: true };
  }
  let row;
  try {
    row = await prisma.inboundEmail.create({ data: { rawSha256, messageId, receivedAt }, select: ROW });
  } catch {
    const raced = await prisma.inboundEmail.findFirst({ where: { OR: [{ rawSha256 }, ...(messageId ? [{ messageId }] : [])] }, select: ROW });
    if (raced) return { row: raced, seen: true };
    throw new Error("could not store the inbound email");
  }
  await writeRaw(prisma, row.id, stored);
  return { row, seen: false };
}

const DONE = new Set(["filed", "review", "rejected", "answered", "ignored", "quarantined"]);

/**
 * `status` is where the message stands now: for a duplicate, what the first pass decided (the
 * mailbox consumer files a message it sees again — after a crash between flagging and moving it —
 * into the same folder as the first time).
 */
export async function ingestRaw(deps: IngestDeps, raw: Buffer, receivedAt = new Date()): Promise<{ id: string; outcome: Outcome; status: string }> {
  const limit = messageLimit(deps);
  // Given whole (a file, a test): kept as the same truncated record the mailbox consumer makes.
  if (raw.length > limit) return ingestOversized(deps, await oversizedFromRaw(raw), receivedAt);
  // What is kept: the message without the bytes of the files not kept (reduce.ts); parsed from that too.
  const stored = reduceMessage(raw, { ...DEFAULT_LIMITS, ...deps.limits }).raw;
  const result = await ingestOnce(deps, stored, { rawSha256: createHash("sha256").update(raw).digest("hex"), messageId: ownMessageId(raw) }, receivedAt);
  deps.metrics?.mail(result.outcome);
  return result;
}

/** What the mailbox consumer would read of an oversized message, from the message itself (nothing kept but names and sizes). */
export async function oversizedFromRaw(raw: Buffer): Promise<OversizedMessage> {
  const listed = raw.length <= MAX_RAW_BYTES ? await parseEmail(raw, { maxAttachmentBytes: 0, maxAttachments: 0 }).catch(() => undefined) : undefined;
  const parts = (listed?.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size }));
  return { header: headerBlock(raw), size: raw.length, parts, text: listed?.text.slice(0, MAX_TEXT_PART_BYTES) };
}

/** The message limit (MAIL_MAX_MESSAGE_MB): above it a message is not fetched in full. */
export function messageLimit(deps: Pick<IngestDeps, "limits">): number {
  return deps.limits?.maxMessageBytes ?? DEFAULT_LIMITS.maxMessageBytes;
}

/** What the mailbox consumer read of a message above the message limit, without downloading it. */
export interface OversizedMessage {
  /** The message's header block. */
  header: Buffer;
  /** Its full size (RFC822.SIZE). */
  size: number;
  /** Its files, from BODYSTRUCTURE. */
  parts: PartInfo[];
  /** What the sender wrote, when that part is small. */
  text?: string;
}

/**
 * A message above the message limit: stored as a truncated record (headers, text, list of
 * files), its files listed without bytes, the sender told in Vietnamese what was too large and
 * what to do (an automatic message is not answered). Exactly once like any other message: the
 * record is the same bytes on every attempt, and the reply has its dedupe key.
 */
export async function ingestOversized(deps: IngestDeps, o: OversizedMessage, receivedAt = new Date()): Promise<{ id: string; outcome: Outcome; status: string }> {
  const record = truncatedRecord({ ...o, limit: messageLimit(deps) });
  // Known by its Message-ID, else by the record (the same bytes on every attempt).
  const result = await ingestOnce(deps, record, { rawSha256: createHash("sha256").update(record).digest("hex"), messageId: ownMessageId(o.header) }, receivedAt, o);
  deps.metrics?.mail(result.outcome);
  return result;
}

async function ingestOnce(deps: IngestDeps, raw: Buffer, key: { rawSha256: string; messageId?: string }, receivedAt: Date, oversized?: OversizedMessage): Promise<{ id: string; outcome: Outcome; status: string }> {
  const { row, seen } = await store(deps.prisma, raw, key.rawSha256, key.messageId, receivedAt);
  if (seen && DONE.has(row.status)) return { id: row.id, outcome: "duplicate", status: row.status };
  if (row.attempts >= MAX_ATTEMPTS) {
    await deps.prisma.inboundEmail.update({ where: { id: row.id }, data: { status: "quarantined" }, select: { id: true } });
    return { id: row.id, outcome: "quarantined", status: "quarantined" };
  }
  await deps.prisma.inboundEmail.update({ where: { id: row.id }, data: { attempts: { increment: 1 } }, select: { id: true } });
  try {
    const outcome = oversized ? await processOversized(deps, row.id, raw, oversized) : await process(deps, row.id, raw, receivedAt);
    return { id: row.id, outcome, status: outcome };
  } catch (err) {
    await deps.prisma.inboundEmail.update({ where: { id: row.id }, data: { error: String((err as Error).message).slice(0, 500) }, select: { id: true } });
    deps.logger?.error({ err, inboundEmailId: row.id }, "inbound email processing failed");
    throw err;
  }
}

async function finish(deps: IngestDeps, id: string, status: Exclude<Outcome, "duplicate" | "quarantined">, data: { classification?: EmailKind; reason?: string; schoolId?: string; periodCode?: string }) {
  await deps.prisma.inboundEmail.update({ where: { id }, data: { status, error: null, ...data }, select: { id: true } });
  return status;
}

/** Answers the sender in the same thread; `dedupeKey` makes a reprocessed email answer once. */
export function reply(deps: IngestDeps, m: ParsedEmail, subject: string, text: string, dedupeKey?: string) {
  if (!m.from) return Promise.resolve(undefined);
  return deps.outbox.enqueue({
    kind: "reply",
    dedupeKey,
    to: [m.from],
    subject: /^re:/i.test(subject) ? subject : `Re: ${subject}`,
    text,
    threading: m.messageId ? { inReplyTo: m.messageId, references: [...m.references, m.messageId] } : undefined,
  });
}

/**
 * The files of a mail: every one listed (name, size, SHA-256); bytes only for those kept under
 * the limits — never one blob per file of a mail with 200 of them.
 */
async function storeAttachments(deps: IngestDeps, id: string, files: { filename?: string; contentType: string; size: number; sha256?: string; content?: Buffer }[]) {
  await deps.prisma.attachment.deleteMany({ where: { inboundEmailId: id } });
  // sha256 "" = not computed (a file of an oversized message is never downloaded).
  const row = (a: (typeof files)[number]) => ({ inboundEmailId: id, filename: a.filename?.slice(0, 500), contentType: a.contentType.slice(0, 200), size: Math.min(a.size, 2 ** 31 - 1), sha256: a.sha256 ?? "" });
  if (files.length) await deps.prisma.attachment.createMany({ data: files.map(row) });
  // The same hash is the same bytes: a file attached twice gets them in both rows.
  const kept = new Map(files.filter((a) => a.content && a.sha256).map((a) => [a.sha256!, a.content!]));
  for (const [sha256, content] of kept) await writeContent(deps.prisma, id, sha256, content);
}

/** The oversized message's record: what staff see, and the reply to the sender. */
async function processOversized(deps: IngestDeps, id: string, record: Buffer, o: OversizedMessage): Promise<Exclude<Outcome, "duplicate" | "quarantined">> {
  const m = await parseEmail(record, deps.limits);
  await deps.prisma.inboundEmail.update({ where: { id }, data: { fromAddress: m.from, subject: m.subject.slice(0, 500) }, select: { id: true } });
  await storeAttachments(deps, id, o.parts);
  const schools = await deps.prisma.school.findMany({ select: { id: true, code: true, name: true, shortName: true, emails: true } });
  const school = matchSchool(m.from, [], schools)?.school;
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const reason = oversizedReason(o, limits);
  if (isAutomatic(m)) return finish(deps, id, "ignored", { reason, schoolId: school?.id });
  await reply(deps, m, m.subject, oversizedReply(deps, m, o, limits), `oversized:${id}`);
  return finish(deps, id, "rejected", { reason, schoolId: school?.id });
}

/** The files worth naming to the sender: those above the attachment cap, else the largest. */
function largeParts(o: Pick<OversizedMessage, "parts">, limits: Required<ExtractionLimits>): PartInfo[] {
  const sorted = [...o.parts].sort((a, b) => b.size - a.size);
  const over = sorted.filter((p) => p.size > limits.maxAttachmentBytes);
  return (over.length ? over : sorted).slice(0, 5);
}

const named = (p: PartInfo) => `“${p.filename ?? "tệp không tên"}” (khoảng ${humanSize(p.size)})`;

/** Why an oversized message was not read (staff see it in “Thư cần xem”; the sender in the reply). */
export function oversizedReason(o: Pick<OversizedMessage, "size" | "parts">, limits: Required<ExtractionLimits>): string {
  const big = largeParts(o, limits);
  return `Thư nặng ${humanSize(o.size)}, vượt giới hạn ${mb(limits.maxMessageBytes)} nên hệ thống không tải cả thư và chưa đọc báo cáo; chỉ lưu phần đầu thư và danh sách tệp${big.length ? ` (tệp lớn: ${big.map(named).join(", ")})` : ""}. Thư đầy đủ vẫn còn trong hộp thư của Phòng.`;
}

export function oversizedReply(deps: IngestDeps, m: ParsedEmail, o: OversizedMessage, limits: Required<ExtractionLimits>): string {
  const big = largeParts(o, limits);
  const over = big.filter((p) => p.size > limits.maxAttachmentBytes);
  return [
    "Kính gửi thầy/cô,",
    "",
    `Phòng đã nhận thư “${m.subject || "(không tiêu đề)"}” nhưng thư nặng ${humanSize(o.size)}, vượt giới hạn ${mb(limits.maxMessageBytes)} của hộp thư nhận báo cáo, nên hệ thống chưa mở thư và chưa ghi nhận báo cáo.`,
    over.length ? `Tệp quá lớn (mỗi tệp tối đa ${mb(limits.maxAttachmentBytes)}): ${over.map(named).join(", ")}.` : big.length ? `Các tệp lớn nhất trong thư: ${big.map(named).join(", ")}.` : "",
    "",
    "Thầy/cô vui lòng gửi lại:",
    `- bảng PHỤ LỤC 3 (.xlsx hoặc .docx, không đặt mật khẩu) trong một thư riêng, mỗi tệp dưới ${mb(limits.maxAttachmentBytes)} và cả thư dưới ${mb(limits.maxMessageBytes)};`,
    "- ảnh, video minh chứng: giảm dung lượng hoặc nén (.zip) trước khi gửi, chia thành nhiều thư, hoặc gửi đường liên kết (Google Drive, OneDrive) thay cho tệp đính kèm;",
    "- hoặc nộp báo cáo ngay qua trợ lý trên Zalo (gõ “báo cáo”).",
    "Thư gốc vẫn được lưu trong hộp thư của Phòng để cán bộ xem khi cần.",
    "",
    deps.office.name,
  ].filter((l, i, all) => l !== "" || all[i - 1] !== "").join("\n");
}

/**
 * What the sender is told about files that were not kept (warnings of the receipt or notice):
 * a file above the attachment cap, and documents beyond the number read.
 */
export function attachmentNotes(m: ParsedEmail, limits: ExtractionLimits = DEFAULT_LIMITS): string[] {
  const notes = m.attachments
    .filter((a) => a.skipped === "too_large")
    .map((a) => `tệp “${a.filename ?? "không tên"}” (${humanSize(a.size)}) lớn hơn giới hạn ${mb(limits.maxAttachmentBytes)} nên Phòng không lưu và không mở tệp này; nếu cần gửi, thầy/cô giảm dung lượng hoặc nén tệp, hoặc gửi đường liên kết (Google Drive, OneDrive)`);
  const unread = m.attachments.filter((a) => a.skipped === "too_many" && looksLikeDocument(a.filename, a.head));
  if (unread.length) {
    notes.push(`thư có ${m.attachments.length + (m.unlisted ?? 0)} tệp đính kèm; hệ thống chỉ đọc ${limits.maxAttachments ?? DEFAULT_LIMITS.maxAttachments} tệp văn bản đầu tiên (chưa đọc: ${unread.slice(0, 3).map((a) => `“${a.filename ?? "không tên"}”`).join(", ")}${unread.length > 3 ? "…" : ""}); báo cáo nên gửi trong thư riêng`);
  }
  return notes;
}

async function process(deps: IngestDeps, id: string, raw: Buffer, receivedAt: Date): Promise<Exclude<Outcome, "duplicate" | "quarantined">> {
  const m = await parseEmail(raw, deps.limits);
  await deps.prisma.inboundEmail.update({ where: { id }, data: { fromAddress: m.from, subject: m.subject.slice(0, 500) }, select: { id: true } });
  await storeAttachments(deps, id, m.attachments);
  const schools = await deps.prisma.school.findMany({ select: { id: true, code: true, name: true, shortName: true, emails: true } });
  const a = await analyzeEmail(m, schools, { template: deps.template, selfAssessment: deps.selfAssessment }, receivedAt, deps.limits);
  const base = { classification: a.kind, schoolId: a.school?.id, periodCode: a.period ? periodCode(a.period) : undefined, reason: a.reason };
  if (a.decision === "ignored") return finish(deps, id, "ignored", base);
  if (a.decision === "question") {
    const ans = await deps.answer(`${m.subject}\n${m.text}`.slice(0, 1_000));
    if (ans.declined) return finish(deps, id, "review", { ...base, reason: "Câu hỏi chưa có trong kho kiến thức: cán bộ trả lời." });
    await reply(deps, m, m.subject, `Kính gửi thầy/cô,\n\n${ans.text}\n\nThư trả lời tự động của trợ lý chuyển đổi số — ${deps.office.name}.`, `answer:${id}`);
    return finish(deps, id, "answered", base);
  }
  if (a.decision === "review") {
    if (a.notify) await reply(deps, m, m.subject, reviewNotice(deps, a), `review-notice:${id}`);
    return finish(deps, id, "review", base);
  }
  if (a.decision === "rejected") {
    await reply(deps, m, m.subject, `Kính gửi thầy/cô,\n\nPhòng đã nhận thư nhưng chưa ghi nhận được báo cáo: ${a.reason} Thầy/cô vui lòng gửi lại bảng PHỤ LỤC 3 dạng .xlsx hoặc .docx, không đặt mật khẩu (hoặc nộp ngay qua trợ lý trên Zalo: gõ “báo cáo”). Thư gốc vẫn được lưu để cán bộ xem.\n\n${deps.office.name}`, `rejection:${id}`);
    return finish(deps, id, "rejected", base);
  }
  const school = a.school!;
  const period = await ensureReportingPeriod(deps.prisma, a.period!, deps.rules);
  const filed = await fileOnce(deps, id, school.id, period.id, a.items!, receivedAt, a.complete ?? false);
  await reply(deps, m, m.subject, receiptText(deps, a, { name: school.name, dueAt: period.dueAt, version: filed.version, referenceNo: filed.referenceNo, late: filed.late }), `receipt:${id}`);
  return finish(deps, id, "filed", base);
}

/**
 * Files the email's report exactly once, even when a previous attempt was killed half-way: a
 * version already filed from this email is reused (filing is one transaction, so there is no
 * half-filed state). A complete table is the new version as it stands; an addendum ("bổ sung
 * mục 9") is laid over the last filed version. Nobody's open chat draft is read or touched.
 */
export async function fileOnce(deps: IngestDeps, id: string, schoolId: string, periodId: string, items: Record<string, ExtractedRow>, receivedAt: Date, complete: boolean, actor: Actor = { type: "email", id }) {
  const done = await deps.prisma.report.findFirst({ where: { inboundEmailId: id, status: { in: ["submitted", "superseded"] } } });
  if (done) return asFiled(done);
  return fileVersion(deps.prisma, { schoolId, periodId, source: "email", actor, rows: items, mode: complete ? "replace" : "amend", inboundEmailId: id, now: receivedAt, rules: deps.rules });
}

/** What a sender whose report waits for a person is told: received, why it waits, what happens next. */
export function reviewNotice(deps: IngestDeps, a: Analysis): string {
  const what = a.kind === "self_assessment" ? "bản tự đánh giá" : "báo cáo";
  return [
    "Kính gửi thầy/cô,",
    "",
    `Phòng đã nhận thư gửi ${what}. Thư chưa được ghi nhận tự động vì: ${a.reason}`,
    ...(a.fileNotes ?? []).map((n) => `Lưu ý: ${n}.`),
    "Cán bộ phụ trách sẽ xem và xác nhận; khi báo cáo được ghi nhận, thầy/cô sẽ nhận thư báo kèm mã tiếp nhận. Thầy/cô không cần gửi lại.",
    "Nếu trường cần đăng ký địa chỉ thư này cho trường, xin liên hệ cán bộ CNTT của Phòng.",
    "",
    deps.office.name,
  ].join("\n");
}

/** The receipt: what was read (rows filled, rows left empty), the period, on time or late. */
export function receiptText(deps: IngestDeps, a: Analysis, f: { name: string; dueAt: Date; version: number; referenceNo: string | null; late: boolean }): string {
  const items = a.items!;
  const p = a.period!;
  const what = p.kind === "quarter" ? `báo cáo quý ${p.quarter.quarter}/${p.quarter.year}` : `bản tự đánh giá năm ${p.year}`;
  const read: string[] = [];
  if (a.scores) {
    read.push(`Điểm đọc được: ${Object.entries(a.scores).map(([g, v]) => `${g} = ${v}`).join(", ")}.`);
  } else {
    const filled = fillableRows(deps.template).map((r) => r.code);
    const empty = filled.filter((c) => !items[c]);
    read.push(`Đã đọc ${Object.keys(items).length}/${filled.length} mục của PHỤ LỤC 3: ${Object.keys(items).join(", ")}.`);
    if (empty.length) read.push(`Mục để trống: ${empty.join(", ")}.`);
  }
  for (const w of [...(a.warnings ?? []), ...(a.fileNotes ?? [])]) read.push(`Lưu ý: ${w}.`);
  return [
    "Kính gửi thầy/cô,",
    "",
    `Phòng đã nhận ${what} của ${f.name} (phiên bản ${f.version}${f.referenceNo ? `, mã tiếp nhận ${f.referenceNo}` : ""}).`,
    ...read,
    f.late ? `Báo cáo được nhận sau hạn (trước ngày ${formatDate(f.dueAt)}) nên ghi nhận là nộp trễ.` : "Báo cáo được ghi nhận đúng hạn.",
    "Nếu cần sửa, thầy/cô gửi lại tệp (sẽ thành phiên bản mới) hoặc gõ “sửa báo cáo” trên Zalo.",
    "",
    deps.office.name,
  ].join("\n");
}

export interface Analysis {
  kind: EmailKind;
  /** filed = a readable report from a known school; the rest need the knowledge base, a person, or nothing. */
  decision: "filed" | "question" | "review" | "rejected" | "ignored";
  /** The school it is filed under — or, for a mail waiting for a person, the best guess shown to the officer. */
  school?: SchoolRef;
  /** Another school the mail names (a registered sender writing for someone else): shown next to `school`. */
  namedSchool?: SchoolRef;
  period?: ReportingPeriod;
  /** Where the period was read. */
  periodBy?: PeriodSource;
  items?: Record<string, ExtractedRow>;
  scores?: Record<string, number>;
  source?: Source;
  /** The mail holds the whole table: rows it leaves out are emptied in the new version. */
  complete?: boolean;
  warnings?: string[];
  /** Files not kept or not read because of the limits (too large, too many): the sender is told. */
  fileNotes?: string[];
  reason?: string;
  /** Why it was judged this kind (Vietnamese, for reviewers and the dry run). */
  evidence?: string;
  /** A report that waits for a person: the sender is told so. */
  notify?: boolean;
}

export interface Forms {
  template: ReportTemplate;
  selfAssessment: SelfAssessmentForm;
}

/** Everything ingestion decides about an email, without touching the database or sending anything. */
export async function analyzeEmail(m: ParsedEmail, schools: SchoolRef[], forms: Forms, receivedAt: Date, limits: ExtractionLimits = DEFAULT_LIMITS): Promise<Analysis> {
  // Who sent it, for every kind of mail (an officer answering a question or reading a notice wants to know).
  const sender = matchSchool(m.from, [], schools);
  if (isAutomatic(m)) return { kind: "auto_reply", decision: "ignored", school: sender?.school };
  // The record of an oversized message (read again for the review page): nothing in it to read.
  if (m.truncated) return { kind: "unrelated", decision: "rejected", school: sender?.school, reason: oversizedReason({ size: m.truncated.size, parts: [] }, { ...DEFAULT_LIMITS, ...limits, maxMessageBytes: m.truncated.limit }) };
  const contents = await readMail(m, forms, limits);
  const d = decideKind(m, contents);
  const kind = d.kind;
  const evidence = describeEvidence(d) || undefined;
  if (kind === "auto_reply") return { kind, decision: "ignored", evidence, school: sender?.school };
  if (kind === "unrelated") return { kind, decision: "review", evidence, school: sender?.school, reason: "Thư không phải báo cáo hay câu hỏi: để cán bộ xem." };
  if (kind === "question") return { kind, decision: "question", evidence, school: sender?.school };

  const files = m.attachments.map((a) => a.filename ?? "").join(" \n ");
  const places: [Exclude<PeriodSource, "ngày nhận">, string][] = [["tiêu đề", m.subject], ["nội dung thư", contents.text.slice(0, 1_500)], ["tệp đính kèm", contents.titles.join(" \n ")], ["tên tệp", files]];
  // A reply or a forward keeps the old thread's subject ("Re: Báo cáo quý 2"): what the sender wrote now comes first.
  if (/^\s*(re|fw|fwd|tl|tr|trả lời|chuyển tiếp)\s*:/i.test(m.subject)) places.unshift(places.splice(1, 1)[0]!);
  let period: ReportingPeriod;
  let periodBy: PeriodSource;
  if (kind === "self_assessment") {
    const y = reportYear(places, receivedAt);
    [period, periodBy] = [{ kind: "self_assessment", year: y.year }, y.by];
  } else {
    const q = reportQuarter(places, receivedAt);
    [period, periodBy] = [{ kind: "quarter", quarter: q.quarter }, q.by];
  }
  const x = kind === "self_assessment" ? selfAssessmentExtraction(contents) : quarterlyOf(contents);
  const periodText = period.kind === "quarter" ? `quý ${period.quarter.quarter}/${period.quarter.year}` : `năm ${period.year}`;
  const evidenceWithPeriod = [evidence, `kỳ ${periodText} đọc từ ${periodBy}`].filter(Boolean).join("; ");
  const read = x.ok ? { items: x.items, scores: x.scores, source: x.source, complete: x.complete, warnings: x.warnings } : {};
  const notes = attachmentNotes(m, limits);
  const base = { kind, period, periodBy, evidence: evidenceWithPeriod, ...read, ...(notes.length ? { fileNotes: notes } : {}) };

  // Who may file: a registered sender, for its own school only.
  // The school the mail names: in what the sender wrote, or in full in a file's title lines.
  const written = matchSchool(undefined, [m.subject, contents.text.slice(0, 3_000), files], schools);
  const titled = matchSchool(undefined, contents.titles, schools);
  const named = written ?? (titled?.confidence === 1 ? titled : undefined);
  const sure = named && named.confidence >= NAME_MATCH_THRESHOLD ? named : titled?.confidence === 1 ? titled : undefined;
  if (!sender) {
    const reason = sure
      ? `Địa chỉ ${m.from ?? "(không rõ)"} chưa đăng ký cho trường nào; thư ghi là ${sure.school.name}: cán bộ xác nhận trước khi ghi nhận.`
      : named
        ? `Địa chỉ gửi chưa đăng ký; đoán là ${named.school.name} nhưng chưa chắc: cán bộ xác nhận trường.`
        : "Không nhận ra trường gửi thư (địa chỉ chưa đăng ký, thư không ghi tên trường): cán bộ xác nhận trường.";
    return { ...base, decision: "review", school: sure?.school, reason, notify: true };
  }
  const school = sender.school;
  if (sure && sure.school.id !== school.id) {
    return { ...base, decision: "review", school, namedSchool: sure.school, notify: true, reason: `Thư gửi từ địa chỉ của ${school.name} nhưng ghi tên ${sure.school.name}: cán bộ xác nhận báo cáo của trường nào.` };
  }
  if (d.unsure) {
    return { ...base, decision: "review", school, notify: true, reason: "Thư vừa giống báo cáo quý vừa giống bản tự đánh giá: cán bộ xác nhận loại báo cáo." };
  }
  if (!x.ok) {
    // A scan: nothing is wrong with what the school sent, a person reads it.
    const scan = contents.unreadable.find((u) => u.forPerson);
    if (scan) return { ...base, decision: "review", school, notify: true, reason: scan.reason };
    // A PDF or .doc whose rows the machine could not find: a person can still read it.
    const doc = contents.documents.find((d) => !d.autoFile);
    if (doc) return { ...base, decision: "review", school, notify: true, reason: `Tệp “${doc.file}” (${doc.format === "pdf" ? "PDF" : "Word cũ .doc"}): máy chưa đọc được các dòng PHỤ LỤC 3, cán bộ đọc tệp và ghi nhận.` };
    return { ...base, decision: "rejected", school, reason: x.reason };
  }
  if (!x.autoFile) {
    return { ...base, decision: "review", school, notify: true, reason: `Tệp “${x.file}” (${x.source === "pdf" ? "PDF" : "Word cũ .doc"}) không giữ được cấu trúc bảng: cán bộ kiểm tra các dòng đã đọc trước khi ghi nhận.` };
  }
  return { ...base, decision: "filed", school };
}

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
import { createHash, randomUUID } from "node:crypto";
import libmime from "libmime";
import type { Db } from "../../db/client.ts";
import type { Logger } from "../../logger.ts";
import type { Clock } from "../../clock.ts";
import { formatDate, periodCode, type DeadlineRules, type ReportingPeriod } from "../../domain/periods.ts";
import { asFiled, ensureReportingPeriod, fileVersion, type Actor, type FileVersionInput } from "../../reports/store.ts";
import { Prisma, type Period } from "../../generated/prisma/client.ts";
import { runSql } from "../../db/sql.ts";
import { fillableRows, type ReportTemplate } from "../../reports/template.ts";
import { Outbox, type OutgoingMail } from "../outbound/outbox.ts";
import type { Metrics } from "../../http/metrics.ts";
import { isAutomatic, type EmailKind } from "./classify.ts";
import { largeParts, named, oversizedKind, oversizedReason, type Analysis } from "./analyze.ts";
import { DEFAULT_LIMITS, type ExtractedRow, type ExtractionLimits } from "./extract/index.ts";
import { mb } from "./extract/documents.ts";
import { headerBlock, humanSize, MAX_TEXT_PART_BYTES, truncatedRecord, type PartInfo } from "./oversized.ts";
import { reduceMessage } from "./reduce.ts";
import { inProcessReader, type MailReader } from "./reader.ts";
import type { SelfAssessmentForm } from "../../reports/self-assessment.ts";
import { matchSchool, type SchoolRef } from "./match.ts";
import { MAX_RAW_BYTES, parseEmail, type ParsedEmail } from "./parse.ts";

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
  /** Where mails are read (parsed and analysed): a worker thread in the service, in-process otherwise. */
  reader?: MailReader;
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
  return normalMessageId(typeof value === "string" ? value : undefined);
}

/** A Message-ID as ingestion keeps it: `<a@b>`, no whitespace (from a header, or from IMAP's envelope). */
export function normalMessageId(value: string | undefined): string | undefined {
  const id = value?.trim().replace(/\s+/g, "") ?? "";
  if (!id) return undefined;
  return id.startsWith("<") ? id : `<${id}>`;
}

// A message's and a file's bytes are written through a base64 text parameter, not a Bytes field:
// PGlite's bytea serializer turns a value into an array of one string per byte before sending
// it (a 20 MB message took 42 s with the event loop blocked, and 560 MB more RSS); decoded by
// PostgreSQL itself, the same bytes take a moment and one string. The same SQL on both engines.

/**
 * Stores the message (or finds it); returns its row and whether it was already there.
 * `rawSha256` is the hash of the message as received; `stored` is what is kept of it
 * (reduce.ts, oversized.ts). A new message is one statement: its row, its bytes and its first
 * attempt counted. A message seen before gets its bytes if a crash left it without them, and its
 * attempt counted — unless it is done, or out of attempts (then the caller quarantines it).
 */
async function store(prisma: Db, stored: Buffer, rawSha256: string, messageId: string | undefined, receivedAt: Date): Promise<{ row: StoredRow; seen: boolean }> {
  const [created] = await runSql<StoredRow>(prisma, Prisma.sql`
    INSERT INTO "InboundEmail" ("id", "messageId", "rawSha256", "raw", "receivedAt", "attempts", "updatedAt")
    VALUES (${randomUUID()}, ${messageId ?? null}, ${rawSha256}, decode(${stored.toString("base64")}, 'base64'), ${receivedAt.toISOString()}::timestamptz AT TIME ZONE 'UTC', 1, now() AT TIME ZONE 'UTC')
    ON CONFLICT DO NOTHING
    RETURNING "id", "status"::text AS "status", "attempts"`);
  if (created) return { row: { ...created, attempts: created.attempts - 1 }, seen: false };
  const existing = await prisma.inboundEmail.findFirst({ where: { OR: [{ rawSha256 }, ...(messageId ? [{ messageId }] : [])] }, select: ROW });
  if (!existing) throw new Error("could not store the inbound email");
  if (DONE.has(existing.status) || existing.attempts >= MAX_ATTEMPTS) return { row: existing, seen: true };
  const [counted] = await prisma.$queryRaw<StoredRow[]>`
    UPDATE "InboundEmail" SET "raw" = COALESCE("raw", decode(${stored.toString("base64")}, 'base64')), "attempts" = "attempts" + 1, "updatedAt" = now() AT TIME ZONE 'UTC'
    WHERE "id" = ${existing.id}
    RETURNING "id", "status"::text AS "status", "attempts"`;
  return { row: { ...counted!, attempts: counted!.attempts - 1 }, seen: true };
}

interface StoredRow {
  id: string;
  status: string;
  /** Attempts started before this one. */
  attempts: number;
}

const DONE = new Set(["filed", "review", "rejected", "answered", "ignored", "quarantined"]);

/**
 * `status` is where the message stands now: for a duplicate, what the first pass decided (the
 * mailbox consumer files a message it sees again — after a crash between flagging and moving it —
 * into the same folder as the first time).
 */
export async function ingestRaw(deps: IngestDeps, raw: Buffer, receivedAt = new Date(), cache = new IngestCache()): Promise<{ id: string; outcome: Outcome; status: string }> {
  const limit = messageLimit(deps);
  // Given whole (a file, a test): kept as the same truncated record the mailbox consumer makes.
  if (raw.length > limit) return ingestOversized(deps, await oversizedFromRaw(raw), receivedAt, cache);
  // What is kept: the message without the bytes of the files not kept (reduce.ts); parsed from that too.
  const stored = reduceMessage(raw, { ...DEFAULT_LIMITS, ...deps.limits }).raw;
  const result = await ingestOnce(deps, stored, { rawSha256: createHash("sha256").update(raw).digest("hex"), messageId: ownMessageId(raw) }, receivedAt, cache);
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
export async function ingestOversized(deps: IngestDeps, o: OversizedMessage, receivedAt = new Date(), cache = new IngestCache()): Promise<{ id: string; outcome: Outcome; status: string }> {
  const record = truncatedRecord({ ...o, limit: messageLimit(deps) });
  // Known by its Message-ID, else by the record (the same bytes on every attempt).
  const result = await ingestOnce(deps, record, { rawSha256: createHash("sha256").update(record).digest("hex"), messageId: ownMessageId(o.header) }, receivedAt, cache, o);
  deps.metrics?.mail(result.outcome);
  return result;
}

async function ingestOnce(deps: IngestDeps, raw: Buffer, key: { rawSha256: string; messageId?: string }, receivedAt: Date, cache: IngestCache, oversized?: OversizedMessage): Promise<{ id: string; outcome: Outcome; status: string }> {
  const { row, seen } = await store(deps.prisma, raw, key.rawSha256, key.messageId, receivedAt);
  if (seen && DONE.has(row.status)) return { id: row.id, outcome: "duplicate", status: row.status };
  if (row.attempts >= MAX_ATTEMPTS) {
    await deps.prisma.inboundEmail.update({ where: { id: row.id }, data: { status: "quarantined" }, select: { id: true } });
    return { id: row.id, outcome: "quarantined", status: "quarantined" };
  }
  try {
    const outcome = oversized ? await processOversized(deps, row.id, raw, oversized, receivedAt, !seen, cache) : await process(deps, row.id, raw, receivedAt, !seen, cache);
    return { id: row.id, outcome, status: outcome };
  } catch (err) {
    await deps.prisma.inboundEmail.update({ where: { id: row.id }, data: { error: String((err as Error).message).slice(0, 500) }, select: { id: true } });
    deps.logger?.error({ err, inboundEmailId: row.id }, "inbound email processing failed");
    throw err;
  }
}

type Finished = Exclude<Outcome, "duplicate" | "quarantined">;
type FileRow = { filename?: string; contentType: string; size: number; sha256?: string; content?: Buffer };

/**
 * The mail's outcome, in one statement with what goes with it: its files (listed, bytes only for
 * those kept — one statement, whatever their number; a retry's replace the earlier attempt's)
 * and the answer to its sender (queued once: the dedupe key). Nothing of it is written when the
 * mail fails half-way (then `process` keeps what was read of it for the officer).
 */
async function finish(deps: IngestDeps, id: string, status: Finished, data: OutcomeData, also: Also = {}): Promise<Finished> {
  await runSql(deps.prisma, Prisma.sql`WITH ${Prisma.join(finishing(id, status, data, also), ", ")} SELECT 1`);
  if (also.answer) deps.outbox.kick();
  return status;
}

type OutcomeData = { fromAddress?: string; subject?: string; classification?: EmailKind; reason?: string; schoolId?: string; periodCode?: string };
type Also = { files?: FileRow[]; fresh?: boolean; answer?: OutgoingMail };

/** The statement parts (CTEs) that write a mail's outcome with its files and answer: on their own (`finish`) or with a filed version. */
function finishing(id: string, status: Finished, data: OutcomeData, also: Also): Prisma.Sql[] {
  const parts: Prisma.Sql[] = [];
  if (also.files && !also.fresh) parts.push(Prisma.sql`replaced AS (DELETE FROM "Attachment" WHERE "inboundEmailId" = ${id})`);
  if (also.files?.length) parts.push(Prisma.sql`files AS (${attachmentsSql(id, also.files)})`);
  if (also.answer) parts.push(Prisma.sql`answer AS (${Outbox.insertSql(also.answer)})`);
  parts.push(Prisma.sql`outcome AS (
    UPDATE "InboundEmail" SET "status" = ${status}::"InboundStatus", "error" = NULL, "updatedAt" = now() AT TIME ZONE 'UTC',
      "fromAddress" = COALESCE(${data.fromAddress ?? null}, "fromAddress"), "subject" = COALESCE(${data.subject ?? null}, "subject"),
      "classification" = COALESCE(${data.classification ?? null}::"EmailKind", "classification"), "reason" = COALESCE(${data.reason ?? null}, "reason"),
      "schoolId" = COALESCE(${data.schoolId ?? null}, "schoolId"), "periodCode" = COALESCE(${data.periodCode ?? null}, "periodCode")
    WHERE "id" = ${id})`);
  return parts;
}

/** The answer to the sender, in the same thread; `dedupeKey` makes a reprocessed email answer once. None without a sender. */
export function answerTo(m: ParsedEmail, subject: string, text: string, dedupeKey?: string): OutgoingMail | undefined {
  if (!m.from) return undefined;
  return {
    kind: "reply",
    dedupeKey,
    to: [m.from],
    subject: /^re:/i.test(subject) ? subject : `Re: ${subject}`,
    text,
    threading: m.messageId ? { inReplyTo: m.messageId, references: [...m.references, m.messageId] } : undefined,
  };
}

/** Answers the sender in the same thread now (queued in the outbox). */
export function reply(deps: IngestDeps, m: ParsedEmail, subject: string, text: string, dedupeKey?: string) {
  const mail = answerTo(m, subject, text, dedupeKey);
  return mail ? deps.outbox.enqueue(mail) : Promise.resolve(undefined);
}

/** The files of a mail as one INSERT: every one listed (name, size, SHA-256); bytes only for those kept under the limits. */
function attachmentsSql(id: string, files: FileRow[]): Prisma.Sql {
  // The same hash is the same bytes: a file attached twice gets them in both rows (one string).
  const kept = new Map(files.filter((a) => a.content && a.sha256).map((a) => [a.sha256!, a.content!.toString("base64")]));
  return Prisma.sql`
    INSERT INTO "Attachment" ("id", "inboundEmailId", "filename", "contentType", "size", "sha256", "content")
    SELECT u.id, ${id}, u.filename, u.content_type, u.size::int, u.sha256, decode(u.content, 'base64')
    FROM unnest(${files.map(() => randomUUID())}::text[], ${files.map((a) => a.filename?.slice(0, 500) ?? null)}::text[], ${files.map((a) => a.contentType.slice(0, 200))}::text[],
      ${files.map((a) => String(Math.min(a.size, 2 ** 31 - 1)))}::text[], ${files.map((a) => a.sha256 ?? "")}::text[], ${files.map((a) => (a.sha256 && kept.get(a.sha256)) ?? null)}::text[])
      AS u(id, filename, content_type, size, sha256, content)`;
}

/** The oversized message's record: what staff see, and the reply to the sender. */
async function processOversized(deps: IngestDeps, id: string, record: Buffer, o: OversizedMessage, receivedAt: Date, fresh: boolean, cache: IngestCache): Promise<Finished> {
  const m = await parseEmail(record, deps.limits);
  const seenAs = { fromAddress: m.from, subject: m.subject.slice(0, 500) };
  const schools = await cache.schools(deps.prisma);
  const school = matchSchool(m.from, [], schools)?.school;
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const reason = oversizedReason(o, limits);
  const files = { files: o.parts, fresh };
  if (isAutomatic(m)) return finish(deps, id, "ignored", { ...seenAs, reason, schoolId: school?.id }, files);
  const what = await oversizedKind(m, { template: deps.template, selfAssessment: deps.selfAssessment }, receivedAt);
  const seen = { ...seenAs, reason, schoolId: school?.id, classification: what.kind, periodCode: what.period ? periodCode(what.period) : undefined };
  return finish(deps, id, "rejected", seen, { ...files, answer: answerTo(m, m.subject, oversizedReply(deps, m, o, limits), `oversized:${id}`) });
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

async function process(deps: IngestDeps, id: string, raw: Buffer, receivedAt: Date, fresh: boolean, cache: IngestCache): Promise<Finished> {
  const reader = deps.reader ?? inProcessReader({ forms: { template: deps.template, selfAssessment: deps.selfAssessment }, limits: deps.limits });
  const { m, a } = await reader.read(raw, await cache.schools(deps.prisma), receivedAt);
  // Who sent it and what about: written with the outcome, or with the error when it fails.
  const seenAs = { fromAddress: m.from, subject: m.subject.slice(0, 500) };
  try {
    return await act(deps, id, m, a, seenAs, receivedAt, fresh, cache);
  } catch (err) {
    // What was read is kept for the officer: who sent it, and its files (replacing an earlier attempt's).
    await deps.prisma.$transaction([
      deps.prisma.inboundEmail.update({ where: { id }, data: seenAs, select: { id: true } }),
      ...(fresh ? [] : [deps.prisma.attachment.deleteMany({ where: { inboundEmailId: id } })]),
      ...(m.attachments.length ? [deps.prisma.$executeRaw`${attachmentsSql(id, m.attachments)}`] : []),
    ]).catch(() => undefined);
    throw err;
  }
}

/** What was decided about the mail, done: its files kept, the report filed, the sender answered, the outcome written. */
async function act(deps: IngestDeps, id: string, m: ParsedEmail, a: Analysis, seenAs: { fromAddress?: string; subject: string }, receivedAt: Date, fresh: boolean, cache: IngestCache): Promise<Finished> {
  const base = { ...seenAs, classification: a.kind, schoolId: a.school?.id, periodCode: a.period ? periodCode(a.period) : undefined, reason: a.reason };
  const files = { files: m.attachments, fresh };
  if (a.decision === "ignored") return finish(deps, id, "ignored", base, files);
  if (a.decision === "question") {
    const ans = await deps.answer(`${m.subject}\n${m.text}`.slice(0, 1_000));
    if (ans.declined) return finish(deps, id, "review", { ...base, reason: "Câu hỏi chưa có trong kho kiến thức: cán bộ trả lời." }, files);
    return finish(deps, id, "answered", base, { ...files, answer: answerTo(m, m.subject, `Kính gửi thầy/cô,\n\n${ans.text}\n\nThư trả lời tự động của trợ lý chuyển đổi số — ${deps.office.name}.`, `answer:${id}`) });
  }
  if (a.decision === "review") return finish(deps, id, "review", base, { ...files, answer: a.notify ? answerTo(m, m.subject, reviewNotice(deps, a), `review-notice:${id}`) : undefined });
  if (a.decision === "rejected") {
    return finish(deps, id, "rejected", base, { ...files, answer: answerTo(m, m.subject, `Kính gửi thầy/cô,\n\nPhòng đã nhận thư nhưng chưa ghi nhận được báo cáo: ${a.reason} Thầy/cô vui lòng gửi lại bảng PHỤ LỤC 3 dạng .xlsx hoặc .docx, không đặt mật khẩu (hoặc nộp ngay qua trợ lý trên Zalo: gõ “báo cáo”). Thư gốc vẫn được lưu để cán bộ xem.\n\n${deps.office.name}`, `rejection:${id}`) });
  }
  const school = a.school!;
  const period = await cache.period(deps.prisma, a.period!, deps.rules);
  // A message stored just now cannot have filed a version yet: only a retry looks for one.
  const receipt = (f: { version: number; referenceNo: string | null; late: boolean }) =>
    answerTo(m, m.subject, receiptText(deps, a, { name: school.name, dueAt: period.dueAt, version: f.version, referenceNo: f.referenceNo, late: f.late }), `receipt:${id}`);
  // The version, the mail's outcome, its files and the receipt: one statement, so all or nothing.
  let withVersion = false;
  const filed = await fileOnce(deps, id, school.id, period.id, a.items!, receivedAt, a.complete ?? false, { type: "email", id }, !fresh, { period, school }, (f) => {
    withVersion = true;
    return finishing(id, "filed", base, { ...files, answer: receipt(f) });
  });
  if (!withVersion) return finish(deps, id, "filed", base, { ...files, answer: receipt(filed) }); // filed by an earlier attempt
  deps.outbox.kick();
  return "filed";
}

/**
 * What the mails of one pass of the mailbox share, read once instead of once per mail: the list
 * of schools (for matching senders and names) and the reporting periods met so far.
 */
export class IngestCache {
  private list?: Promise<SchoolRef[]>;
  private readonly periods = new Map<string, Promise<Period>>();

  schools(prisma: Db): Promise<SchoolRef[]> {
    if (!this.list) {
      this.list = prisma.school.findMany({ select: { id: true, code: true, name: true, shortName: true, emails: true } });
      this.list.catch(() => (this.list = undefined)); // a failed read is tried again by the next mail
    }
    return this.list;
  }

  period(prisma: Db, p: ReportingPeriod, rules: DeadlineRules): Promise<Period> {
    const key = periodCode(p);
    let found = this.periods.get(key);
    if (!found) {
      found = ensureReportingPeriod(prisma, p, rules);
      found.catch(() => this.periods.delete(key));
      this.periods.set(key, found);
    }
    return found;
  }
}

/**
 * Files the email's report exactly once, even when a previous attempt was killed half-way: a
 * version already filed from this email is reused (filing is one transaction, so there is no
 * half-filed state). A complete table is the new version as it stands; an addendum ("bổ sung
 * mục 9") is laid over the last filed version. Nobody's open chat draft is read or touched.
 */
export async function fileOnce(deps: IngestDeps, id: string, schoolId: string, periodId: string, items: Record<string, ExtractedRow>, receivedAt: Date, complete: boolean, actor: Actor = { type: "email", id }, retry = true, known?: FileVersionInput["known"], alsoWrite?: FileVersionInput["alsoWrite"]) {
  const done = retry ? await deps.prisma.report.findFirst({ where: { inboundEmailId: id, status: { in: ["submitted", "superseded"] } } }) : null;
  if (done) return asFiled(done);
  return fileVersion(deps.prisma, { schoolId, periodId, source: "email", actor, rows: items, mode: complete ? "replace" : "amend", inboundEmailId: id, now: receivedAt, rules: deps.rules, known, alsoWrite });
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


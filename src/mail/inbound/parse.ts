/**
 * A raw email → the parts ingestion needs (mailparser: charsets incl. legacy ones, quoted-
 * printable/base64, HTML and text bodies, attachments), Unicode normalised to NFC.
 *
 * Attachments are read as streams: each is hashed and measured as it is decoded, and its bytes
 * are kept only while it stays under the attachment cap and within the number of files read
 * (documents first, a few other files beside them: reduce.ts, KeepBudget). A 15 MB video or the
 * 200th photo costs a hash, not a copy, and is still listed by name and size. A stored message
 * whose parts were emptied (reduce.ts) lists them from their X-CDS-Omitted headers; a truncated
 * record of a message too large to fetch (oversized.ts) says so in `truncated`.
 */
import { createHash } from "node:crypto";
import type { AddressObject, AttachmentStream, Headers, MessageText } from "mailparser";
import { storableText } from "../../domain/text.ts";
import { zipFiles } from "../../files/zip-guard.ts";
import { DEFAULT_LIMITS, DOCUMENT_FILE, type ExtractionLimits } from "./extract/documents.ts";
import { isTruncatedRecord, ORIGINAL_PREFIX, TRUNCATED_HEADER } from "./oversized.ts";
import { isReduced, KeepBudget, looksLikeDocument, OMITTED_HEADER, parseOmitted, type Skipped } from "./reduce.ts";

/**
 * A raw message above this is refused outright. Ingestion never gets that far: a message above
 * the configured message limit (MAIL_MAX_MESSAGE_MB, at most this) is kept as a truncated record.
 */
export const MAX_RAW_BYTES = 100 * 1024 * 1024;

/** Attachments listed at all (name, size, hash); a message with more is listed up to here. */
export const MAX_LISTED_ATTACHMENTS = 500;

export { looksLikeDocument, type Skipped };

export interface ParsedAttachment {
  filename?: string;
  contentType: string;
  /** Decoded size in bytes (counted while streaming, also when the bytes were not kept). */
  size: number;
  sha256: string;
  /** The first bytes (to tell a PDF without a name), kept for every attachment. */
  head: Buffer;
  /** The bytes, unless `skipped` says why not. */
  content?: Buffer;
  skipped?: Skipped;
}

export interface ParsedEmail {
  messageId?: string;
  inReplyTo?: string;
  references: string[];
  from?: string;
  fromName?: string;
  subject: string;
  date?: Date;
  text: string;
  html?: string;
  headers: Map<string, string>;
  contentType: string;
  attachments: ParsedAttachment[];
  /** Attachments past MAX_LISTED_ATTACHMENTS: counted, not listed. */
  unlisted?: number;
  /** Set on the record of a message too large to fetch: only its headers (and text) were kept. */
  truncated?: { size: number; limit: number };
}

export type ParseLimits = Pick<ExtractionLimits, "maxAttachmentBytes" | "maxAttachments">;

function firstAddress(a: AddressObject | AddressObject[] | undefined): { address?: string; name?: string } {
  const obj = Array.isArray(a) ? a[0] : a;
  const v = obj?.value[0];
  return { address: v?.address?.toLowerCase(), name: v?.name || undefined };
}

/** `size=31457280; limit=26214400` → numbers. */
function truncation(value: string | undefined): ParsedEmail["truncated"] {
  if (!value) return undefined;
  const size = Number(/size=(\d+)/.exec(value)?.[1]);
  const limit = Number(/limit=(\d+)/.exec(value)?.[1]);
  return Number.isFinite(size) && Number.isFinite(limit) ? { size, limit } : undefined;
}

const HEAD_BYTES = 8;

/** A forwarded message attached whole (message/rfc822, ".eml"): its text and files are read as part of the mail; so are the documents in a .zip. */
const isAttachedMessage = (a: ParsedAttachment) => !!a.content && (a.contentType.toLowerCase() === "message/rfc822" || /\.eml$/i.test(a.filename ?? ""));

/**
 * The forwarded messages attached to a mail, opened one level deep: their files join the mail's
 * (after its own, within the same limits) and their text follows the mail's under a marker line —
 * "Em chuyển tiếp báo cáo của trường" with the report inside the attached message is that report.
 */
async function withAttachedMessages(m: ParsedEmail, limits: ParseLimits): Promise<ParsedEmail> {
  const inner = m.attachments.filter(isAttachedMessage);
  const zipped = m.attachments.filter((a) => a.content && /\.zip$/i.test(a.filename ?? ""));
  if (!inner.length && !zipped.length) return m;
  let { text, html } = m;
  const attachments = [...m.attachments];
  // "BaoCao_Quy3.zip": the documents inside are read as if attached one by one (the archive is kept as sent).
  for (const a of zipped) {
    const files = await zipFiles(a.content!, (name) => DOCUMENT_FILE.test(name), { maxBytes: limits.maxAttachmentBytes, maxFiles: limits.maxAttachments ?? DEFAULT_LIMITS.maxAttachments });
    for (const f of files ?? []) {
      if (attachments.length >= MAX_LISTED_ATTACHMENTS) break;
      attachments.push({ filename: storableText(f.name), contentType: "application/octet-stream", size: f.content.length, sha256: createHash("sha256").update(f.content).digest("hex"), head: Buffer.from(f.content.subarray(0, HEAD_BYTES)), content: f.content });
    }
  }
  for (const a of inner) {
    const f = await parseEmail(a.content!, limits, 1).catch(() => undefined);
    if (!f) continue;
    const head = [`---------- Thư đính kèm: ${f.subject || a.filename || "(không tiêu đề)"} ----------`, f.from ? `Từ: ${f.fromName ? `${f.fromName} <${f.from}>` : f.from}` : ""].filter(Boolean).join("\n");
    text = `${text}\n\n${head}\n${f.text}`;
    if (f.html) html = `${html ?? ""}\n${f.html}`;
    for (const x of f.attachments) if (attachments.length < MAX_LISTED_ATTACHMENTS) attachments.push(x);
  }
  return { ...m, text, html, attachments };
}

export async function parseEmail(raw: Buffer, limits: ParseLimits = DEFAULT_LIMITS, depth = 0): Promise<ParsedEmail> {
  if (raw.length > MAX_RAW_BYTES) throw new Error(`email larger than ${MAX_RAW_BYTES} bytes`);
  const maxBytes = limits.maxAttachmentBytes;
  const budget = new KeepBudget(limits);
  // Parts emptied by reduce.ts say what they were; only in a message we reduced (its first line says so).
  const reduced = isReduced(raw);
  const { MailParser } = await import("mailparser"); // loaded with the first mail, not at start-up
  const parser = new MailParser({ skipImageLinks: true, skipTextToHtml: true, checksumAlgo: false });
  const attachments: ParsedAttachment[] = [];
  let unlisted = 0;
  let headers: Headers = new Map();
  let text: MessageText | undefined;
  const list = (entry: ParsedAttachment) => (attachments.length < MAX_LISTED_ATTACHMENTS ? attachments.push(entry) : unlisted++);

  /** Reads one attachment stream: hash and size always, bytes only while they may be kept. */
  const consume = (a: AttachmentStream) =>
    new Promise<void>((resolve, reject) => {
      const filename = a.filename ? storableText(a.filename) : undefined;
      const omitted = reduced ? parseOmitted(a.headers.get(OMITTED_HEADER.toLowerCase()) as string | undefined) : undefined;
      if (omitted) {
        a.content.resume();
        a.content.once("end", () => {
          list({ filename, contentType: a.contentType, size: omitted.size, sha256: omitted.sha256, head: omitted.head, skipped: omitted.reason });
          a.release?.();
          resolve();
        });
        a.content.once("error", reject);
        return;
      }
      const hash = createHash("sha256");
      let size = 0;
      let head: Buffer | undefined;
      let keep: "document" | "other" | undefined;
      let chunks: Buffer[] = [];
      let skipped: Skipped | undefined;
      const decide = (first: Buffer) => {
        head = Buffer.from(first.subarray(0, HEAD_BYTES));
        keep = budget.take(filename, head);
        if (!keep) skipped = "too_many";
      };
      a.content.on("data", (chunk: Buffer) => {
        if (!head) decide(chunk);
        hash.update(chunk);
        size += chunk.length;
        if (size > maxBytes && skipped !== "too_large") {
          if (keep) budget.giveBack(keep);
          keep = undefined;
          chunks = [];
          skipped = "too_large";
        }
        if (keep) chunks.push(chunk);
      });
      a.content.once("error", reject);
      a.content.once("end", () => {
        if (!head) decide(Buffer.alloc(0));
        const entry: ParsedAttachment = { filename, contentType: a.contentType, size, sha256: hash.digest("hex"), head: head! };
        if (keep) entry.content = Buffer.concat(chunks, size);
        else entry.skipped = skipped;
        chunks = [];
        list(entry);
        a.release?.();
        resolve();
      });
    });

  await new Promise<void>((resolve, reject) => {
    let reading = false;
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      reject(err);
    };
    const read = () => {
      if (reading) return;
      reading = true;
      const next = (): void => {
        const data = parser.read() as AttachmentStream | MessageText | null;
        if (data === null) {
          reading = false;
          return;
        }
        if (data.type === "text") {
          text = data;
          return next();
        }
        consume(data).then(next, fail);
      };
      next();
    };
    parser.on("headers", (h: Headers) => (headers = h));
    parser.on("readable", read);
    parser.on("error", fail);
    parser.on("end", () => (failed ? undefined : resolve()));
    parser.end(raw);
  });

  const flat = new Map<string, string>();
  for (const [k, v] of headers) flat.set(k.toLowerCase(), typeof v === "string" ? v : JSON.stringify(v));
  // Only our own records start with the marker (a delivered message starts with the headers its servers added).
  const truncated = isTruncatedRecord(raw) ? truncation(flat.get(TRUNCATED_HEADER.toLowerCase())) : undefined;
  // The record of an oversized message is a text/plain note: what the sender's mail was is in the renamed header.
  const contentTypeHeader = headers.get(truncated ? `${ORIGINAL_PREFIX}content-type`.toLowerCase() : "content-type") as { value?: string } | string | undefined;
  const contentType = typeof contentTypeHeader === "string" ? contentTypeHeader.split(";")[0]!.trim() : String(contentTypeHeader?.value ?? "");
  const from = firstAddress(headers.get("from") as AddressObject | undefined);
  const refs = headers.get("references") as string | string[] | undefined;
  const subject = headers.get("subject");
  const date = headers.get("date");
  const parsed: ParsedEmail = {
    messageId: headers.get("message-id") as string | undefined,
    inReplyTo: headers.get("in-reply-to") as string | undefined,
    references: Array.isArray(refs) ? refs : refs ? [refs] : [],
    from: from.address,
    fromName: from.name ? storableText(from.name) : undefined,
    subject: storableText(typeof subject === "string" ? subject : ""),
    date: date instanceof Date ? date : undefined,
    text: storableText(text?.text ?? ""),
    html: typeof text?.html === "string" ? storableText(text.html) : undefined,
    headers: flat,
    contentType,
    attachments,
    ...(unlisted ? { unlisted } : {}),
    ...(truncated ? { truncated } : {}),
  };
  return depth === 0 ? withAttachedMessages(parsed, limits) : parsed;
}

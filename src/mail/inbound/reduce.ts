/**
 * What is stored of a message within the message limit: the message itself, except the bytes of
 * attachments that are not kept — one above the attachment cap (MAIL_MAX_ATTACHMENT_MB), or one
 * past the number of files read (documents first, a few others beside them). Such a part keeps
 * its MIME headers and gets an X-CDS-Omitted header with its decoded size, SHA-256, first bytes
 * and the reason; its body is emptied. Boundaries and every other byte stay as they were, so the
 * stored message is still a valid message that parses to the same text and the same kept files.
 * The full message stays in the mailbox; the database never gets a 15 MB video or 200 photos.
 *
 * The message is walked directly on its bytes (no copy of any part): header blocks parsed with
 * libmime, multipart bodies split at their boundaries, nested messages walked like multiparts.
 */
import { createHash } from "node:crypto";
import libmime from "libmime";
import { DEFAULT_LIMITS, DOCUMENT_FILE, type ExtractionLimits } from "./extract/documents.ts";

/** First header field of a message some of whose parts were emptied: `X-CDS-Reduced: omitted=190`. */
export const REDUCED_HEADER = "X-CDS-Reduced";
/** Header of an emptied part: `X-CDS-Omitted: size=15728640; sha256=…; head=255044462d312e37; reason=too_large`. */
export const OMITTED_HEADER = "X-CDS-Omitted";

/** Why an attachment's bytes were not kept: above the size cap, or beyond the number of files read. */
export type Skipped = "too_large" | "too_many";

/** Files that are not documents (photos, archives) whose bytes are kept beside the documents. */
export const MAX_OTHER_KEPT = 10;

/** A document we may read (by name; a nameless PDF is known by its first bytes). */
export function looksLikeDocument(filename: string | undefined, head?: Buffer): boolean {
  return DOCUMENT_FILE.test(filename ?? "") || (!!head && head.subarray(0, 5).toString("latin1") === "%PDF-");
}

/**
 * Which attachments keep their bytes, in the order they come: documents up to `maxAttachments`,
 * other files up to MAX_OTHER_KEPT, none above the size cap (a file found too large gives its
 * place back). The same rules here and in parse.ts, which reads a message not reduced first.
 */
export class KeepBudget {
  private documents = 0;
  private others = 0;
  private readonly maxDocuments: number;
  constructor(limits: Pick<ExtractionLimits, "maxAttachments">) {
    this.maxDocuments = limits.maxAttachments ?? DEFAULT_LIMITS.maxAttachments;
  }
  /** Takes a place for this file; undefined when none is left. */
  take(filename: string | undefined, head: Buffer): "document" | "other" | undefined {
    if (looksLikeDocument(filename, head)) return this.documents < this.maxDocuments ? (this.documents++, "document") : undefined;
    return this.others < MAX_OTHER_KEPT ? (this.others++, "other") : undefined;
  }
  giveBack(kind: "document" | "other"): void {
    if (kind === "document") this.documents--;
    else this.others--;
  }
}

/** Deeper nesting than this is left as it is (no real mail nests that deep). */
const MAX_DEPTH = 16;
/** Parts walked at most; the rest of a message with more is left as it is. */
const MAX_PARTS = 5_000;
const HEAD_BYTES = 8;
const TEXT_TYPES = new Set(["text/plain", "text/html", "message/delivery-status"]);

export interface Omitted {
  size: number;
  sha256: string;
  head: Buffer;
  reason: Skipped;
}

interface Splice {
  at: number;
  remove: number;
  insert: string;
}

/** Where a part's header block ends and its body starts (a part may have no headers at all). */
function splitHeader(raw: Buffer, start: number, end: number): { headerEnd: number; bodyStart: number } {
  if (raw[start] === 0x0a) return { headerEnd: start, bodyStart: start + 1 };
  if (raw[start] === 0x0d && raw[start + 1] === 0x0a) return { headerEnd: start, bodyStart: start + 2 };
  let i = raw.indexOf(0x0a, start);
  while (i >= 0 && i < end) {
    if (raw[i + 1] === 0x0a) return { headerEnd: i + 1, bodyStart: i + 2 };
    if (raw[i + 1] === 0x0d && raw[i + 2] === 0x0a) return { headerEnd: i + 1, bodyStart: i + 3 };
    i = raw.indexOf(0x0a, i + 1);
  }
  return { headerEnd: end, bodyStart: end };
}

/** The bodies between the boundary lines of a multipart body, as [start, end) ranges. */
function multipartBodies(raw: Buffer, start: number, end: number, boundary: string): [number, number][] {
  const delimiter = Buffer.from(`--${boundary}`, "latin1");
  const parts: [number, number][] = [];
  let open = -1;
  let pos = raw.indexOf(delimiter, start);
  while (pos >= 0 && pos < end) {
    if (pos === start || raw[pos - 1] === 0x0a) {
      // The line break before a delimiter belongs to the delimiter.
      const bodyEnd = pos > start && raw[pos - 2] === 0x0d ? pos - 2 : Math.max(start, pos - 1);
      if (open >= 0) parts.push([open, Math.max(open, bodyEnd)]);
      const closing = raw[pos + delimiter.length] === 0x2d && raw[pos + delimiter.length + 1] === 0x2d;
      if (closing) return parts;
      const eol = raw.indexOf(0x0a, pos + delimiter.length);
      if (eol < 0 || eol >= end) return parts;
      open = eol + 1;
    }
    pos = raw.indexOf(delimiter, pos + delimiter.length);
  }
  if (open >= 0 && open < end) parts.push([open, end]); // no closing delimiter: the last part runs to the end
  return parts;
}

/** Decodes a body as its transfer encoding says, chunk by chunk (a 15 MB body never becomes one more 15 MB buffer). */
function* decodedChunks(raw: Buffer, start: number, end: number, encoding: string): Generator<Buffer> {
  const CHUNK = 1024 * 1024;
  if (encoding === "base64") {
    let carry = "";
    for (let at = start; at < end; at += CHUNK) {
      const text = carry + raw.toString("latin1", at, Math.min(end, at + CHUNK)).replace(/[^A-Za-z0-9+/]/g, "");
      const whole = text.length - (text.length % 4);
      carry = text.slice(whole);
      if (whole) yield Buffer.from(text.slice(0, whole), "base64");
    }
    if (carry.length > 1) yield Buffer.from(carry, "base64");
    return;
  }
  if (encoding === "quoted-printable") {
    const out = Buffer.alloc(Math.min(CHUNK, end - start) + 4);
    let n = 0;
    for (let i = start; i < end; i++) {
      const c = raw[i]!;
      if (c === 0x3d) {
        if (raw[i + 1] === 0x0a) (i += 1);
        else if (raw[i + 1] === 0x0d && raw[i + 2] === 0x0a) i += 2;
        else {
          const hex = raw.toString("latin1", i + 1, i + 3);
          if (/^[0-9A-Fa-f]{2}$/.test(hex)) (out[n++] = parseInt(hex, 16)), (i += 2);
          else out[n++] = c;
        }
      } else out[n++] = c;
      if (n >= out.length - 4) yield Buffer.from(out.subarray(0, n)), (n = 0);
    }
    if (n) yield Buffer.from(out.subarray(0, n));
    return;
  }
  for (let at = start; at < end; at += CHUNK) yield raw.subarray(at, Math.min(end, at + CHUNK));
}

function measure(raw: Buffer, start: number, end: number, encoding: string): { size: number; sha256: string; head: Buffer } {
  const hash = createHash("sha256");
  let size = 0;
  let head = Buffer.alloc(0);
  for (const chunk of decodedChunks(raw, start, end, encoding)) {
    if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
    hash.update(chunk);
    size += chunk.length;
  }
  return { size, sha256: hash.digest("hex"), head };
}

/**
 * The message to store: the same bytes when every attachment is kept, else a copy without the
 * bytes of the attachments not kept (see the module comment), marked X-CDS-Reduced.
 */
export function reduceMessage(raw: Buffer, limits: Pick<ExtractionLimits, "maxAttachmentBytes" | "maxAttachments"> = DEFAULT_LIMITS): { raw: Buffer; omitted: number } {
  const budget = new KeepBudget(limits);
  const eol = raw.indexOf("\r\n") >= 0 ? "\r\n" : "\n";
  const splices: Splice[] = [];
  let parts = 0;

  const walk = (start: number, end: number, depth: number): void => {
    if (++parts > MAX_PARTS) return;
    const { headerEnd, bodyStart } = splitHeader(raw, start, end);
    const headers = libmime.decodeHeaders(raw.toString("utf8", start, headerEnd)) as Record<string, string[] | undefined>;
    const contentType = libmime.parseHeaderValue(headers["content-type"]?.[0] ?? "text/plain");
    const type = (contentType.value || "text/plain").toLowerCase();
    const boundary = contentType.params?.boundary;
    if (depth < MAX_DEPTH && type.startsWith("multipart/") && boundary) {
      for (const [s, e] of multipartBodies(raw, bodyStart, end, boundary)) walk(s, e, depth + 1);
      return;
    }
    const disposition = libmime.parseHeaderValue(headers["content-disposition"]?.[0] ?? "");
    const how = (disposition.value || "").toLowerCase();
    if (depth < MAX_DEPTH && type === "message/rfc822" && how !== "attachment") return walk(bodyStart, end, depth + 1);
    // As mailparser decides: an attachment unless a text type shown inline.
    if (TEXT_TYPES.has(type) && (!how || how === "inline")) return;
    const m = measure(raw, bodyStart, end, (headers["content-transfer-encoding"]?.[0] ?? "").trim().toLowerCase());
    const rawName = disposition.params?.filename ?? contentType.params?.name;
    const filename = rawName ? libmime.decodeWords(rawName) : undefined;
    const reason: Skipped | undefined = m.size > limits.maxAttachmentBytes ? "too_large" : budget.take(filename, m.head) ? undefined : "too_many";
    if (!reason) return;
    const lineEnd = headerEnd > start && raw[headerEnd - 2] === 0x0d ? "\r\n" : headerEnd > start ? "\n" : eol;
    splices.push({ at: headerEnd, remove: 0, insert: `${OMITTED_HEADER}: size=${m.size}; sha256=${m.sha256}; head=${m.head.toString("hex")}; reason=${reason}${lineEnd}` });
    if (end > bodyStart) splices.push({ at: bodyStart, remove: end - bodyStart, insert: "" });
  };

  walk(0, raw.length, 0);
  if (!splices.length) return { raw, omitted: 0 };
  const omitted = splices.filter((s) => s.insert).length;
  const out: Buffer[] = [Buffer.from(`${REDUCED_HEADER}: omitted=${omitted}${eol}`, "latin1")];
  let at = 0;
  for (const s of splices.sort((a, b) => a.at - b.at || b.remove - a.remove)) {
    out.push(raw.subarray(at, s.at));
    if (s.insert) out.push(Buffer.from(s.insert, "latin1"));
    at = s.at + s.remove;
  }
  out.push(raw.subarray(at));
  return { raw: Buffer.concat(out), omitted };
}

/** `size=…; sha256=…; head=…; reason=…` → its values (undefined when malformed). */
export function parseOmitted(value: string | undefined): Omitted | undefined {
  if (!value) return undefined;
  const get = (k: string) => new RegExp(`(?:^|;)\\s*${k}=([^;\\s]*)`).exec(value)?.[1];
  const size = Number(get("size"));
  const reason = get("reason");
  if (!Number.isFinite(size) || (reason !== "too_large" && reason !== "too_many")) return undefined;
  return { size, sha256: get("sha256") ?? "", head: Buffer.from(get("head") ?? "", "hex"), reason };
}

/** True when a message is one this module reduced (the marker is its very first line). */
export function isReduced(raw: Buffer): boolean {
  return raw.subarray(0, REDUCED_HEADER.length + 1).toString("latin1").toLowerCase() === `${REDUCED_HEADER.toLowerCase()}:`;
}

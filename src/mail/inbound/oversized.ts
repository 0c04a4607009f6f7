/**
 * A message above the message limit (MAIL_MAX_MESSAGE_MB) is never downloaded or parsed in full:
 * the mailbox consumer reads its size and structure first (RFC822.SIZE, BODYSTRUCTURE) and then
 * fetches only its header block and, when it is small, its text part. What is stored is a
 * truncated record: a valid message made of the original header fields (its own MIME headers
 * renamed X-CDS-Original-…), an X-CDS-Truncated header giving the real size and the limit, and a
 * text/plain note listing the attachments with their sizes, followed by what the sender wrote.
 * The full message stays untouched in the mailbox (nothing is deleted there).
 */

/** First header field of a truncated record: `X-CDS-Truncated: size=31457280; limit=26214400`. */
export const TRUNCATED_HEADER = "X-CDS-Truncated";
/** The original MIME headers of a truncated record are kept under this prefix. */
export const ORIGINAL_PREFIX = "X-CDS-Original-";

/** The header block kept of an oversized message (a larger one is cut at a field boundary). */
export const MAX_HEADER_BYTES = 64 * 1024;
/** The sender's text part is kept when its encoded size is at most this. */
export const MAX_TEXT_PART_BYTES = 64 * 1024;

/** One file of an oversized message, as its BODYSTRUCTURE describes it (size decoded, approximate). */
export interface PartInfo {
  filename?: string;
  contentType: string;
  size: number;
}

/** The part of BODYSTRUCTURE this module reads (imapflow's MessageStructureObject). */
export interface StructureNode {
  part?: string;
  type: string;
  parameters?: Record<string, string>;
  encoding?: string;
  size?: number;
  disposition?: string;
  dispositionParameters?: Record<string, string>;
  childNodes?: StructureNode[];
}

const MB = 1024 * 1024;

/** "30,1 MB", "22 MB", "640 KB" (Vietnamese decimal comma). */
export function humanSize(bytes: number): string {
  if (bytes >= MB) return `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0).replace(".", ",").replace(/,0$/, "")} MB`;
  return `${Math.max(1, Math.ceil(bytes / 1024))} KB`;
}

/** The decoded size of an encoded part (base64 lines of 76 characters + CRLF carry 57 bytes). */
function decodedSize(node: StructureNode): number {
  const size = node.size ?? 0;
  return /base64/i.test(node.encoding ?? "") ? Math.round((size * 57) / 78) : size;
}

/**
 * The files of a message (leaves with a file name or an attachment disposition) and the part
 * holding what the sender wrote (the first text/plain, else text/html, not an attachment).
 */
export function partsOf(root: StructureNode | undefined): { parts: PartInfo[]; text?: StructureNode } {
  const parts: PartInfo[] = [];
  let plain: StructureNode | undefined;
  let html: StructureNode | undefined;
  const walk = (node: StructureNode) => {
    if (node.childNodes?.length) return node.childNodes.forEach(walk);
    const type = (node.type ?? "").toLowerCase();
    const filename = node.dispositionParameters?.filename ?? node.parameters?.name;
    if (filename || /attachment/i.test(node.disposition ?? "")) {
      parts.push({ filename, contentType: type, size: decodedSize(node) });
      return;
    }
    if (!node.part) return; // a single-part message: its body is the whole (oversized) message
    if (type === "text/plain") plain ??= node;
    else if (type === "text/html") html ??= node;
    else if (type.startsWith("message/") || !type.startsWith("text/")) parts.push({ contentType: type, size: decodedSize(node) });
  };
  if (root) walk(root);
  return { parts, text: plain ?? html };
}

/** The header block of a raw message (up to the first empty line), at most MAX_HEADER_BYTES. */
export function headerBlock(raw: Buffer): Buffer {
  const head = raw.subarray(0, MAX_HEADER_BYTES);
  const crlf = head.indexOf("\r\n\r\n");
  const lf = head.indexOf("\n\n");
  const ends = [crlf >= 0 ? crlf + 2 : -1, lf >= 0 ? lf + 1 : -1].filter((n) => n >= 0);
  return Buffer.from(head.subarray(0, ends.length ? Math.min(...ends) : head.length));
}

/** The text of one part fetched on its own (still transfer-encoded), decoded by mailparser. */
export async function decodePart(bytes: Buffer, node: StructureNode): Promise<string> {
  const params = Object.entries(node.parameters ?? {}).filter(([k]) => /^[a-z0-9-]+$/i.test(k)).map(([k, v]) => `; ${k}="${String(v).replace(/["\r\n\\]/g, "")}"`).join("");
  const head = `Content-Type: ${node.type}${params}\r\nContent-Transfer-Encoding: ${node.encoding ?? "7bit"}\r\n\r\n`;
  const { simpleParser } = await import("mailparser");
  const parsed = await simpleParser(Buffer.concat([Buffer.from(head, "latin1"), bytes]), { skipImageLinks: true, skipTextToHtml: true });
  return (parsed.text ?? "").normalize("NFC");
}

const RENAMED = new Set(["content-type", "content-transfer-encoding", "content-disposition", "mime-version", TRUNCATED_HEADER.toLowerCase()]);

/**
 * The stored record of an oversized message (see the module comment). Deterministic: the same
 * message gives the same bytes, so a refetch after a crash finds the record already stored.
 */
export function truncatedRecord(o: { header: Buffer; size: number; limit: number; parts: PartInfo[]; text?: string }): Buffer {
  const fields = o.header.toString("latin1").replace(/(\r?\n)+$/, "").split(/\r?\n(?![ \t])/).filter((f) => f.includes(":"));
  const kept = fields.map((f) => (RENAMED.has(f.slice(0, f.indexOf(":")).trim().toLowerCase()) ? `${ORIGINAL_PREFIX}${f.trimStart()}` : f));
  const files = o.parts.length
    ? ["Tệp đính kèm trong thư gốc:", ...o.parts.map((p) => `- ${p.filename ?? `(không tên, ${p.contentType})`}: khoảng ${humanSize(p.size)}`)]
    : ["Thư gốc không có tệp đính kèm nào được nhận ra."];
  const note = [
    `[Thư gốc nặng ${humanSize(o.size)}, vượt giới hạn ${humanSize(o.limit)}: hệ thống không tải cả thư về, chỉ lưu phần đầu thư (người gửi, tiêu đề, ngày gửi), phần chữ của thư và danh sách tệp. Thư đầy đủ vẫn còn nguyên trong hộp thư của Phòng.]`,
    "",
    ...files,
    ...(o.text?.trim() ? ["", "--- Nội dung thư ---", o.text.trim()] : []),
  ].join("\r\n");
  const head = [`${TRUNCATED_HEADER}: size=${o.size}; limit=${o.limit}`, ...kept, "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64"].join("\r\n");
  const body = Buffer.from(note, "utf8").toString("base64").replace(/.{76}/g, "$&\r\n");
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`, "latin1"), Buffer.from(`${body}\r\n`, "latin1")]);
}

/** True when a raw message is one of our truncated records (the marker is its very first line). */
export function isTruncatedRecord(raw: Buffer): boolean {
  return raw.subarray(0, TRUNCATED_HEADER.length + 1).toString("latin1").toLowerCase() === `${TRUNCATED_HEADER.toLowerCase()}:`;
}

/**
 * A raw email → the parts ingestion needs (mailparser: charsets incl. legacy ones, quoted-
 * printable/base64, HTML and text bodies, attachments), Unicode normalised to NFC.
 */
import { simpleParser, type AddressObject } from "mailparser";
import { storableText } from "../../domain/text.ts";

export const MAX_RAW_BYTES = 25 * 1024 * 1024;

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
  attachments: { filename?: string; contentType: string; size: number; content: Buffer }[];
}

function firstAddress(a: AddressObject | AddressObject[] | undefined): { address?: string; name?: string } {
  const obj = Array.isArray(a) ? a[0] : a;
  const v = obj?.value[0];
  return { address: v?.address?.toLowerCase(), name: v?.name || undefined };
}

export async function parseEmail(raw: Buffer): Promise<ParsedEmail> {
  if (raw.length > MAX_RAW_BYTES) throw new Error(`email larger than ${MAX_RAW_BYTES} bytes`);
  const m = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const headers = new Map<string, string>();
  for (const [k, v] of m.headers) headers.set(k.toLowerCase(), typeof v === "string" ? v : JSON.stringify(v));
  const from = firstAddress(m.from);
  const refs = m.references;
  return {
    messageId: m.messageId,
    inReplyTo: m.inReplyTo,
    references: Array.isArray(refs) ? refs : refs ? [refs] : [],
    from: from.address,
    fromName: from.name ? storableText(from.name) : undefined,
    subject: storableText(m.subject ?? ""),
    date: m.date,
    text: storableText(m.text ?? ""),
    html: typeof m.html === "string" ? storableText(m.html) : undefined,
    headers,
    contentType: String((m.headers.get("content-type") as { value?: string } | undefined)?.value ?? ""),
    attachments: m.attachments.map((a) => ({
      filename: a.filename ? storableText(a.filename) : undefined,
      contentType: a.contentType,
      size: a.size,
      content: a.content,
    })),
  };
}

/**
 * The new part of a plain-text reply: everything before the quoted original ("Vào … đã viết:",
 * "On … wrote:", "-----Original Message-----", a webmail's "----- Tin nhắn gốc -----", an Outlook or
 * Zimbra "Từ:/From: … Gửi:/Đã gửi:/Sent:" block) and
 * without "> " lines.
 */
import { foldVietnamese } from "../../../domain/text.ts";

const QUOTE_HEADER = [
  /^(vao|luc)\b.{0,200}\b(da viet|viet)\s*:?\s*$/,
  /^on\b.{0,200}\bwrote\s*:?\s*$/,
  /^-{2,}\s*(original message|thu goc|tin nhan goc|forwarded message|thu chuyen tiep)\s*-{2,}/,
  /^_{8,}\s*$/,
];
const OUTLOOK_HEADER = /^(tu|from)\s*:/;
const OUTLOOK_NEXT = /^(gui|da gui|sent|ngay|date|den|to)\s*:/;

export function newPartOfText(text: string): string {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const folded = foldVietnamese(lines[i]!.trim());
    // A header that wraps over two lines ("Vào Th 5, 11 thg 9, 2025 lúc 08:00\nNguyễn A <a@b> đã viết:").
    const joined = `${folded} ${foldVietnamese((lines[i + 1] ?? "").trim())}`;
    if (QUOTE_HEADER.some((re) => re.test(folded)) || (/^(vao|on)\b/.test(folded) && QUOTE_HEADER.some((re) => re.test(joined)))) break;
    if (OUTLOOK_HEADER.test(folded) && OUTLOOK_NEXT.test(foldVietnamese((lines[i + 1] ?? "").trim()))) break;
    if (/^\s*>/.test(lines[i]!)) continue;
    out.push(lines[i]!);
  }
  return out.join("\n").trim();
}

const FORWARD_HEADER = /^-{2,}\s*(forwarded message|thu chuyen tiep|tin nhan chuyen tiep)\s*-{2,}/;
const FORWARDED_FIELD = /^(tu|from|ngay|date|gui|sent|tieu de|chu de|subject|den|to|cc)\s*:/;

/**
 * The body of a forwarded message ("---------- Forwarded message ---------" then From:/Date:/
 * Subject:/To: lines), without those header lines; undefined when the mail forwards nothing.
 */
export function forwardedPart(text: string): string | undefined {
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((l) => FORWARD_HEADER.test(foldVietnamese(l.trim())));
  if (at < 0) return undefined;
  let i = at + 1;
  while (i < lines.length && (FORWARDED_FIELD.test(foldVietnamese(lines[i]!.trim())) || !lines[i]!.trim())) i++;
  return lines.slice(i).filter((l) => !/^\s*>/.test(l)).join("\n").trim() || undefined;
}

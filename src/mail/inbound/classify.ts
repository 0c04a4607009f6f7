/**
 * What an email is: a quarterly report, a self-assessment, a question, an automatic message
 * (out-of-office, bounce, delivery report — never answered: no mail loops, RFC 3834), or
 * unrelated (left for a person, never answered).
 */
import { foldVietnamese } from "../../domain/text.ts";
import type { ParsedEmail } from "./parse.ts";

export type EmailKind = "quarterly_report" | "self_assessment" | "question" | "auto_reply" | "unrelated";

export function isAutomatic(m: ParsedEmail): boolean {
  const h = (name: string) => (m.headers.get(name) ?? "").toLowerCase();
  if (h("auto-submitted") && h("auto-submitted") !== "no") return true;
  if (m.headers.has("x-autoreply") || m.headers.has("x-autorespond") || m.headers.has("x-auto-response-suppress")) return true;
  if (/\b(bulk|junk|list|auto_reply)\b/.test(h("precedence"))) return true;
  if (/multipart\/report/.test(m.contentType.toLowerCase()) || /delivery-status/.test(h("content-type"))) return true;
  if (/^(mailer-daemon|postmaster|no-?reply)@/.test(m.from ?? "")) return true;
  const subject = foldVietnamese(m.subject);
  return /^(out of office|auto(matic)? reply|autoreply|tu dong tra loi|thu tra loi tu dong|undeliver|delivery status notification|returned mail)/.test(subject);
}

const REPORT_FILE = /\.(xlsx|xls|docx|doc|pdf)$/i;

export function classifyEmail(m: ParsedEmail): EmailKind {
  if (isAutomatic(m)) return "auto_reply";
  const subject = foldVietnamese(m.subject);
  const body = foldVietnamese(m.text.slice(0, 5_000));
  const all = `${subject} ${body}`;
  const files = m.attachments.filter((a) => REPORT_FILE.test(a.filename ?? ""));
  const asks = /\?/.test(m.subject + m.text.slice(0, 2_000)) || /\b(cho hoi|xin hoi|hoi ve|nho phong huong dan)\b/.test(all);
  if (asks && !files.length) return "question";
  if (/\btu danh gia\b/.test(all) && (files.length || /\b(nhom 1|nhom 2|diem)\b/.test(all))) return "self_assessment";
  if (/\b(bao cao|bc|phu luc [23]|pl ?[23])\b/.test(all) && (files.length || /\b(quy|phu luc|tien do)\b/.test(all))) {
    if (/\b(cds|chuyen doi so|cntt|cong nghe thong tin|phu luc|quy)\b/.test(all)) return "quarterly_report";
  }
  if (asks) return "question";
  return "unrelated";
}

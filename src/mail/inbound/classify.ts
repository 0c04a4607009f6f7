/**
 * The kinds an email can be — a quarterly report, a self-assessment, a question, an automatic
 * message (out-of-office, bounce, delivery report, bulk mail — never answered: no mail loops,
 * RFC 3834), or unrelated (left for a person) — and the test for automatic mail. Which kind a
 * mail is, is decided from what was read in it: decide.ts.
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

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

/**
 * Marketing — a vendor's advert or newsletter, however full of the office's own words ("báo cáo
 * quý", "học bạ số", "PHỤ LỤC 3"): what says so is how it was sent, not what it talks about. A
 * list header (List-Unsubscribe, List-Id, a campaign id), or the footer of a mass mailing (an
 * unsubscribe line) with the marks of an offer (tracking links, a price, a discount, "đăng ký
 * dùng thử"). The signs found, in Vietnamese, or none.
 */
export function marketingSigns(m: ParsedEmail, text: string): string[] {
  const signs: string[] = [];
  // mailparser folds the List-* headers into one "list" entry.
  const listHeader = ["list", "list-unsubscribe", "list-id", "x-campaign", "x-campaign-id", "x-mailchimp-campaign", "feedback-id", "x-sg-eid"].find((h) => m.headers.has(h));
  if (listHeader) signs.push(`thư gửi hàng loạt (tiêu đề ${listHeader === "list" ? "List-*" : listHeader})`);
  const t = foldVietnamese(`${m.subject}\n${text}`);
  const raw = `${text}\n${m.html ?? ""}`;
  const unsubscribe = /\b(huy dang ky|unsubscribe|ngung nhan (thu|tin|email|ban tin)|tu choi nhan (thu|tin|email)|ban nhan duoc (thu|email) nay (vi|do)|you (are )?receiv(ed|ing) this)\b/.test(t) || /unsubscribe|unsub\b/i.test(raw);
  if (unsubscribe) signs.push("có dòng hủy nhận thư");
  const offer = [
    /[?&]utm_(source|medium|campaign)=/i.test(raw) && "đường dẫn theo dõi quảng cáo",
    /\b(uu dai|khuyen mai|giam (gia )?\d{1,2} ?%|dung thu|mien phi|dang ky ngay|mua ngay|lien he ngay|hotline)\b/.test(t) && "lời mời chào",
    /\b\d{1,3}(?:[.,]\d{3})+ ?(d|dong|vnd)\b/.test(t) && "giá tiền",
  ].filter((x): x is string => !!x);
  // A list header says it alone; a footer needs an offer beside it (a school's own letter has neither).
  if (listHeader || (unsubscribe && offer.length)) return [...signs, ...offer];
  return [];
}

/**
 * Phishing — a "mailbox is full / will be locked, verify now" letter from outside the schools: a
 * link to a host that is not one of the office's domains, with words asking to log in or verify an
 * account, or warning of a lock. Both, never one alone (a school's letter may link its own site or
 * speak of a password). The signs found, in Vietnamese, or none.
 */
export function phishingSigns(m: ParsedEmail, text: string, officeDomains: readonly string[]): string[] {
  const raw = `${text}\n${m.html ?? ""}`;
  const hosts = [...raw.matchAll(/https?:\/\/([a-z0-9.-]+)/gi)].map((x) => x[1]!.toLowerCase());
  const own = (h: string) => officeDomains.some((d) => h === d || h.endsWith(`.${d}`));
  const foreign = hosts.filter((h) => !own(h));
  if (!foreign.length) return [];
  const t = foldVietnamese(`${m.subject}\n${text}`);
  const lure = /\b(xac minh|xac thuc|dang nhap lai|cap nhat (tai khoan|mat khau)|mat khau|bi khoa|tam khoa|khoa tai khoan|het dung luong|dung luong|verify|login|sign in|suspend|password|mailbox)\b/.test(t);
  return lure ? [`đường dẫn tới ${foreign[0]} (không phải tên miền của Phòng)`, "yêu cầu đăng nhập, xác minh hoặc dọa khóa tài khoản"] : [];
}

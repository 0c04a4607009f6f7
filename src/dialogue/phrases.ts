/**
 * What opens a report form, on the language layer's text (folded, abbreviations expanded,
 * fillers dropped): "báo cáo", "thầy muốn gửi báo cáo CĐS quý 2", "làm bc quý II nhé", "em nộp
 * báo cáo quý này ạ", "làm tiếp báo cáo", "sửa báo cáo", "trường em nộp chưa", "tự đánh giá năm
 * nay". A question about reports ("hạn nộp báo cáo quý 2?", "báo cáo gửi email nào") is not an
 * opening: it goes to the knowledge base.
 */
import distance from "damerau-levenshtein";
import { foldVietnamese } from "../domain/text.ts";
import { normalize } from "../lang/normalize.ts";
import { isQuestion, parseRowAnswer } from "../lang/row-answer.ts";

export type Opening = "report" | "correct" | "status" | "show-filed" | "self-assessment" | "correct-self-assessment";

/** Particles, pronouns and forms of address (folded): what a short order is wrapped in ("dạ em xác nhận nộp ạ", "rồi, nộp đi bot"). */
export const POLITE = new Set(["da", "a", "em", "e", "thay", "co", "ad", "admin", "bot", "nha", "nhe", "nhen", "minh", "toi", "tui", "voi", "giup", "gium", "dum", "ho", "cho", "luon", "di", "roi", "r", "vay", "the", "thi", "oi", "ban", "anh", "chi"]);

/** Words that make a message a question about reports rather than a request to file one. */
const QUESTION = /\b(han|han nop|khi nao|bao gio|ngay nao|ngay bao nhieu|ngay may|la gi|o dau|dia chi|email|cho ai|nhu the nao|the nao|lam sao|ai|sao|gom|gom nhung|co phai|mau|bao nhieu|huong dan|cach|hay|khong|nao|gi|tren he thong)\b/;
const VERB = /\b(gui|nop|lam|bat dau|viet|khai|dien|bao|muon|can|xin|mo|tao|soan)\b/;
const CORRECT = /\b(sua|chinh sua|nop lai|gui lai|cap nhat|bo sung|lam lai|mo lai)( lai)? (ban |cai |vao |cho )?(bao cao|tu danh gia)\b/;

/**
 * The message normalised, the annexes read as the report ("làm pl3 quý IV" → "lam bao cao quy 4"),
 * and "báo cáo" typed with one slip ("bao cso", "bao coa", "boa cao") read as such when the
 * message names a quarter or digital transformation — what a report is about.
 */
const reportWords = (text: string) => {
  const n = normalize(text).replace(/\bphu luc [23]\b/g, "bao cao");
  if (/\bbao cao\b/.test(n) || !/\b(quy \d|quy (nay|truoc)|chuyen doi so)\b/.test(n)) return n;
  const words = n.split(" ");
  for (let i = 0; i + 1 < words.length; i++) {
    const pair = `${words[i]} ${words[i + 1]}`;
    if (pair.length >= 6 && pair.length <= 8 && /^b/.test(pair) && distance(pair, "bao cao").steps === 1) words.splice(i, 2, "bao", "cao");
  }
  return words.join(" ");
};

/**
 * A school's name as a principal types it to say who is writing ("MN Sao Mai", "tiểu học Trung An",
 * "trường THCS Phú Hòa Đông"): its proper-name words (capitalised) say nothing of what is asked —
 * "Sao" in "MN Sao Mai" is no "sao" (why).
 */
const SCHOOL_NAME = /(?<![\p{L}\p{N}])(?:trường\s+|truong\s+)?(?:MN|TH|THCS|mn|th|thcs|[Mm]ầm non|[Mm]am non|[Tt]iểu học|[Tt]ieu hoc|[Tt]rung học cơ sở|[Tt]rung hoc co so)\s+(?:\p{Lu}[\p{L}]*(?:\s+|$)){1,4}/gu;

export function detectOpening(text: string): Opening | undefined {
  const named = text.replace(SCHOOL_NAME, " ").trim();
  if (named !== text.trim() && /\p{L}/u.test(named)) return detectOpening(named);
  const n = reportWords(text);
  const raw = foldVietnamese(text);
  if (!n) return undefined;
  // "xem lại bc q4 đã nộp", "cho xem bc đã nộp", "xem bản đã nộp": the rows of the filed version.
  // "…, tình trạng sao rồi ad": asking how it stands is what the filed version shows (version, code, time).
  const afterFiled = n.replace(/^.*\b(da nop|da gui|nop roi|gui roi|vua nop|vua gui)\b/, "").replace(/\btinh trang (sao|the nao|ra sao)( roi)?\b/, "");
  if (/\b(xem|xem lai|coi|coi lai|doc lai|kiem tra lai)\b/.test(n) && /\b(bao cao|ban)\b.*\b(da nop|da gui|nop roi|gui roi|vua nop|vua gui)\b/.test(n) && !/\b(chua|khong|sao|the nao|nhu the nao|o dau)\b/.test(afterFiled)) return "show-filed";
  // "xem lại báo cáo quý 4", "xem lai bc q4": the report itself (the filed version; inside a form, the draft).
  if (/^(cho )?(xem|xem lai|coi|coi lai|doc lai)( lai)? (bao cao|ban)( (quy|ky) (\d|i{1,3}|iv|nay|truoc))?( (nam )?\/?\d{4})?( (voi|nha|nhe|a|di))*$/.test(n)) return "show-filed";
  // "bc q4 trường e nộp được chưa ad, đúng hạn không": how the school's report stands.
  // (Not "nộp ngày 19/12 có được tính đúng hạn ko": a date said asks whether that day is on time.)
  if (/\b(nop|gui) (duoc|dc) chua\b/.test(n) || (/\b(bao cao|nop|gui)\b/.test(n) && /\bdung han (khong|chua|ko)\b/.test(n) && !/\b\d{1,2}\/\d{1,2}\b|\bngay \d{1,2}\b|\b(thu \d|chu nhat|mai|ngay mai)\b/.test(n))) return "status";
  if (/\b(nop chua|da nop (chua|bao cao chua|roi chua)|tinh trang (bao cao|nop)|nop bao cao chua|bao cao chua|gui chua|da gui chua|nhan duoc (bao cao|chua))\b/.test(n)) return "status";
  // The quarter between the verb and "chưa": "trường em nộp báo cáo quý 4 chưa ạ", "đã gửi bc q3/2025 chưa".
  if (/\b(nop|gui)( bao cao)? (quy|ky) (\d|i{1,3}|iv)( nam \d{4}|\/?\d{4})? chua$/.test(n)) return "status";
  if (/\?\s*$/.test(text.trim())) return undefined;
  if (/^(lam tiep|tiep tuc|gui tiep|nop tiep|dien tiep|bao cao tiep|lam not|tiep)( bao cao| lam| di| nhe| nha| ne| luon)*$/.test(n) || /^(lam tiep|tiep tuc) (bao cao|ban nhap)/.test(n)) return "report";
  // "ơ sao lại lưu nháp, e đang trả lời mục 6 mà ad. làm tiếp": a short message whose last sentence asks to go on.
  const last = normalize(text.split(/[.!;\n]+/).filter((x) => /[\p{L}]/u.test(x)).at(-1) ?? "");
  if (last !== n && n.split(" ").length <= 25 && /^(?:(?:thoi|ok|u|vang|duoc roi)\s+)*(lam tiep|tiep tuc)( bao cao| lam| di| nhe| nha| giup| luon)*$/.test(last)) return "report";
  const selfAssessment = /\btu danh gia\b/.test(n) && !/\btruong hoc so\b/.test(n);
  if (CORRECT.test(n) || /^(sua|chinh sua) (bao cao|tu danh gia)$/.test(n)) return selfAssessment ? "correct-self-assessment" : "correct";
  if (QUESTION.test(n)) return clauseOpening(text);
  if (selfAssessment && (VERB.test(n) || /^(ban )?tu danh gia( chuyen doi so| muc do chuyen doi so)?( nam (nay|\d{4}|sau))?$/.test(n))) return "self-assessment";
  if (/\bbao cao\b/.test(n) && (VERB.test(n) || /^bao cao( dinh ky| chuyen doi so| tien do| quy)*( quy)?( \d| nay| truoc| sau| toi)?( (nam )?\d{4}| nam (nay|sau|ngoai))?$/.test(n))) return "report";
  // "bc" alone, or "báo cáo" with a quarter only ("bc quý 3/2025").
  if (/^bao cao\b/.test(n) && n.split(" ").length <= 6 && !/\b(la|gi|nao)\b/.test(raw)) return "report";
  // "quý 4 nè ad", "quy IV nha ad" (with the school's name beside it): the quarter alone opens its report.
  if (/^(?:nop |gui |lam )?quy (\d|i{1,3}|iv|nay)( (nam )?\/?\d{4})?$/.test(n)) return "report";
  return clauseOpening(text);
}

/** "e muốn nộp bc quý 4, lần đầu e làm nên ko rành lắm ạ": one clause opens, the others only talk (none asks). */
function clauseOpening(text: string): Opening | undefined {
  const clauses = text.split(/[,;!\n]|\.(?!\d)/).filter((c) => /\p{L}{2}/u.test(c));
  if (clauses.length < 2 || /\?/.test(text)) return undefined;
  const opens = clauses.map((c) => detectOpening(c));
  const which = opens.find((o) => o === "report" || o === "self-assessment");
  if (which && opens.filter(Boolean).length === 1 && clauses.every((c, i) => opens[i] || !isQuestion(c))) return which;
  return undefined;
}

/**
 * A message about filing, changing or seeing a report, also phrased as a question ("em nộp bc q4
 * giúp trường … được không"): when it names another school, the chat refuses rather than letting
 * the knowledge base answer it as a question about reports.
 */
export function mentionsReportAction(text: string): boolean {
  const n = normalize(text);
  return /\bbao cao\b/.test(n) && /\b(nop|gui|lam|sua|chinh sua|xem|cap nhat|bo sung|khai|dien|soan)\b/.test(n);
}

/**
 * "ad oi e nop tre bc quy 3 dc ko a", "trường em nộp muộn báo cáo quý III, cho em gửi bây giờ được
 * không ạ": the sender asks to file their report now. Not a question about a date ("nộp ngày 21/12
 * có được không") nor about someone else's report.
 */
export function asksToFile(text: string): boolean {
  const n = reportWords(text);
  if (!/\bbao cao\b/.test(n) || /\b\d{1,2}\s*\/\s*\d{1,2}\b|\bngay \d{1,2}\b/.test(n)) return false;
  if (/\b(han|khi nao|bao gio|o dau|email|mau|the nao|lam sao|la gi)\b/.test(n)) return false;
  // "…, giờ nộp còn đc ko, nộp luôn nha": the order to file now, after asking whether it still may be.
  if (/\b(nop|gui|lam) (luon|ngay|bay gio)( (nha|nhe|di|a|ad|luon))*$/.test(n.replace(/\s+(bot|ad|oi)$/g, ""))) return true;
  const asker = /\b(cho )?(e|em|toi|minh|thay|co|truong)\b.*\b(nop|gui|lam)\b/.test(n) || /^(cho )?(nop|gui|lam)\b/.test(n) || /\b(gio|bay gio|bay h|luc nay)\s+(nop|gui)\b|\b(nop|gui) (luon|ngay|bay gio|bu|tre)\b/.test(n);
  return asker && /\b(con )?(duoc khong|duoc ko|duoc k|co duoc khong|duoc chua|duoc nhe|duoc nha)\b/.test(n.replace(/\s+(a|ad|nhe|nha|vay|v|anh|chi)$/g, ""));
}

/**
 * What only makes sense as a report's answer, typed when no form is open: a list of row numbers
 * ("7 8 9", "2, 4 và 6") or a row's answer that says how the task stands or what comes next
 * quarter ("đang làm 70%, 15/21 lớp …", "chưa làm gì hết", "xong. qt duy trì"). A question is not one.
 * The chat points to the report rather than answering it from the documents.
 */
export function looksLikeRowAnswer(text: string): boolean {
  const t = text.trim();
  if (!t || isQuestion(t) || /\?/.test(t)) return false;
  const f = foldVietnamese(t).toLowerCase();
  if (/^(?:(?:muc|dong)\s+)?\d{1,2}(?:\.\d)?(?:\s*(?:,|;|va|voi|vs|\s)\s*(?:(?:muc|dong)\s+)?\d{1,2}(?:\.\d)?)+$/.test(f)) return true;
  const a = parseRowAnswer(t);
  return a.status !== undefined || (a.next !== undefined && a.next !== null && /\b(quy toi|qt)\b/.test(f));
}

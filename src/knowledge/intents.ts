/**
 * From a normalised question to what to do: the classifier's intent, accepted only when the
 * slots it needs are there (a score for a level, a row number for the template…), else the
 * question goes to retrieval. Slots come from the language layer, deterministically.
 */
import { TZDate } from "@date-fns/tz";
import { previousQuarter, quarterOf, VN_TZ, type Quarter } from "../domain/periods.ts";
import type { IntentClassifier } from "../lang/classifier.ts";
import { lexicon } from "../lang/lexicon.ts";
import { isStopword, type Analysis } from "../lang/normalize.ts";
import { findDates, findPeriod, resolveQuarter, resolveYear } from "../lang/periods.ts";
import { findTemplateReference } from "../lang/references.ts";
import { findGroupScores, scoreCount, type GroupScores } from "../lang/scores.ts";

export type Intent =
  | { kind: "quarter-deadline"; quarter?: Quarter; /** "một năm nộp mấy lần, ngày nào": every quarter of the year. */ all?: boolean; /** "quý I, II, III năm 2027": these quarters. */ quarters?: Quarter[] }
  | { kind: "self-assessment-deadline"; year?: number }
  | { kind: "lateness"; date: Date; quarter?: Quarter }
  | { kind: "level"; scores: GroupScores }
  | { kind: "current-period" }
  | { kind: "template-row"; rows: string[]; column?: number; blankOrDelete?: boolean }
  | { kind: "template-column"; columns: number[] }
  | { kind: "template-count" }
  | { kind: "help" }
  | { kind: "smalltalk"; what: "thanks" | "ack" | "wish" }
  | { kind: "retrieve" };

/** Asking whether a row may be left blank or deleted ("dòng 6 để trống được không hay phải xóa"). */
const BLANK_OR_DELETE = /\b(xoa|bo dong|bo di|de trong|bo trong|trong duoc|khong dien|khong ghi|khong co hoat dong|khong lam|khong trien khai|chua trien khai)\b/;

/** A question word: a thanks or an acknowledgement that asks something is a question. */
const SMALLTALK_ASKS = /\b(gi|nao|may|bao nhieu|khong|chua|sao|dau|ai|the nao|khi nao|bao gio|lam sao)\b/;

/** Below this the classifier's choice is not trusted on its own. */
const MIN_INTENT_SCORE = 0.5;

const LEVEL_WORDS = /\b(muc do|muc|xep loai|xep muc|dat|duoc)\b/;
/** Asking which level ("mức mấy", "mức độ nào", "xếp loại gì"): with a score, a level question even if no group is named. */
const LEVEL_QUESTION = /\b(muc( do)?|xep loai|xep muc) (may|nao|gi|bao nhieu)\b/;
/** Asking for every quarter's deadline: "mỗi quý", "các quý", "một năm nộp mấy lần", "cả năm" (normalised). */
const EVERY_QUARTER = /\b(moi quy|cac quy|4 quy|bon quy|ca nam|(mot|1) nam\b.{0,30}\b(may|bao nhieu) lan|(may|bao nhieu) lan\b.{0,20}\b(mot|1|trong) nam)\b/;
const DEADLINE_WORDS = /\b(han nop|han|khi nao|bao gio|ngay nao|ngay bao nhieu|ngay may|truoc ngay|luc nao|chung nao|hom nao|may ngay|bao nhieu ngay)\b/;

/** Contact words that are someone's own: a phone number, or a Zalo/email/address asked for a person. */
const PHONE = /\b(so dien thoai|so dt|hotline)\b/; // not "so may": folded, "số mấy" (which number) is "số máy"
const PRIVATE_CONTACT = /\b(zalo|email|dia chi|facebook)\b.*\b(ca nhan|rieng|nha)\b|\b(xin|cho xin|cho)\b.*\b(zalo|facebook)\b.*\b(truong phong|pho phong|lanh dao|can bo|thay|co|anh|chi|ong|ba)\b/;

/**
 * A request for someone's phone number or private contact ("cho em xin sđt trưởng phòng", "zalo
 * riêng của cán bộ CNTT"): the documents hold none and the assistant gives none.
 */
export function asksPersonalContact(text: string): boolean {
  return PHONE.test(text) || PRIVATE_CONTACT.test(text);
}

/**
 * The report a date is most likely about: its own quarter, except in a quarter's first month,
 * when the previous quarter's report is the one still being sent (late).
 */
export function reportQuarterFor(date: Date): Quarter {
  const q = quarterOf(date);
  const firstMonth = new TZDate(date, VN_TZ).getMonth() % 3 === 0;
  return firstMonth ? previousQuarter(q) : q;
}

/** "ghi vào mục mấy", "thuộc dòng nào": where something is written, not a count. */
const WRITE_WHERE = /\b(ghi|thuoc|dien|bao cao)\b(?: \S+){0,3} (muc|dong|hang) (may|nao)\b/;

/** Words of a question about the table's rows that name no task. */
const ROW_TALK = new Set(["dong", "muc", "hang", "ghi", "dien", "phu_luc_3", "phu_luc", "bang", "bao_cao", "noi", "dung", "cot", "viet"]);

export function understand(a: Analysis, classifier: IntentClassifier, now: Date): Intent {
  const intent = understandOne(a, classifier, now);
  // "hạn quý I, II, III năm 2027": a deadline asked for several quarters names each (of the first one's year).
  const period = intent.kind === "quarter-deadline" && intent.quarter ? findPeriod(a.text) : undefined;
  if (intent.kind !== "quarter-deadline" || !intent.quarter || !period?.quarters) return intent;
  const year = intent.quarter.year;
  return { ...intent, quarters: period.quarters.map((quarter) => ({ year, quarter })) };
}

/**
 * "hạn trước ngày 20/12 đúng ko, nộp ngày 19 là còn kịp chứ": of two dates, the one sent on (after
 * "nộp/gửi … ngày"); a day without its month takes the other date's month.
 */
function sendingDate(t: string, now: Date): Date | undefined {
  const all = findDates(t, now);
  if (all.length < 1) return undefined;
  const m = /\b(?:nop|gui)\s+(?:vao\s+|trong\s+)?ngay\s+(\d{1,2})(?:\s+thang\s+(\d{1,2})|\/(\d{1,2}))?\b/.exec(t);
  if (!m) return undefined;
  const month = m[2] ?? m[3];
  const [sent] = findDates(`${m[1]}/${month ?? String(new TZDate(all[0]!, VN_TZ).getMonth() + 1)}`, now);
  return sent;
}

function understandOne(a: Analysis, classifier: IntentClassifier, now: Date): Intent {
  const t = a.text;

  const ref = findTemplateReference(t);
  // "kiến trúc tham chiếu là dòng 3.2 hay 3.3": the topic decides which row; retrieval reads it
  // ("dòng 3.2 hay 3.3 ghi gì", no topic, shows both rows).
  if (ref?.choice && a.tokens.some((w) => !isStopword(w) && !/\d/.test(w) && !ROW_TALK.has(w))) return { kind: "retrieve" };
  // "pl2 mục III ghi gì": a part of PHỤ LỤC 2 (its outline I/II/III), not a row of PHỤ LỤC 3.
  const annex2 = /\bphu luc 2\b/.test(t) && !/\bphu luc 3\b/.test(t);
  if (ref?.row && !/\btieu chi\b/.test(t) && !annex2) return { kind: "template-row", rows: ref.rows, column: ref.column, blankOrDelete: BLANK_OR_DELETE.test(t) || undefined };
  // "cột 3 với cột 4 khác gì": two numbered columns compared are the table's columns, even unnamed.
  if (ref?.column && (/\b(phu luc 3|bang|bao cao|ghi|dien)\b/.test(t) || ref.columns.length >= 2 || /\b(khac|phan biet|giong)\b/.test(t))) {
    return { kind: "template-column", columns: ref.columns };
  }

  // "pl3 có bao nhiêu mục / mấy dòng / mấy cột": counted from the template in use, never a row's text.
  // "tập huấn ghi mục mấy trong bảng pl3" asks which row, not how many.
  // "pl3 trường điền vào những cột nào": the same answer names the columns a school fills.
  const whichColumns = /\b(dien|ghi)\b/.test(t) && /\b(nhung )?cot (nao|gi)\b/.test(t);
  if (/\b(phu luc 3|bang tong hop)\b/.test(t) && (whichColumns || (/\b(bao nhieu|may)\b/.test(t) && /\b(muc|dong|nhiem vu|noi dung|viec|cot)\b/.test(t) && !WRITE_WHERE.test(t))) && !ref) {
    return { kind: "template-count" };
  }

  // A well-wish, maybe after thanks ("ok ad, chúc ad cuối tuần vui vẻ", "cảm ơn ad, chúc ad sức khỏe"),
  // asking nothing; "tổ chức", "chức năng" are other words.
  const wish = a.tokens.indexOf("chuc");
  if (wish >= 0 && a.tokens.slice(0, wish).every((w) => classifier.socialWords.has(w)) && !/\bchuc (nang|vu|danh)\b/.test(t) && !/\?/.test(a.raw) && !SMALLTALK_ASKS.test(t)) {
    return { kind: "smalltalk", what: "wish" };
  }

  const c = classifier.classify(a);
  const confident = c.score >= MIN_INTENT_SCORE;
  const scores = findGroupScores(t);
  const period = findPeriod(t);

  // Small talk only when every word is a small-talk word ("cảm ơn ad nhiều", "alo", "bạn giúp được gì");
  // thanks and acknowledgements may carry a name or a slip besides ("cảm ơn thầy Hùng nhiều"), as long
  // as nothing is asked.
  const others = a.tokens.filter((w) => !classifier.socialWords.has(w));
  const social = others.length === 0;
  const asks = /\?/.test(a.raw) || SMALLTALK_ASKS.test(t);
  // The extra words are no domain terms of the lexicon ("cảm ơn, còn tự đánh giá" is a follow-up question).
  const plain = others.every((w) => !w.includes("_") && !lexicon().knownWords.has(w));
  const socialWithExtra = (max: number) => social || (!asks && plain && others.length <= max && others.length < a.tokens.length);
  switch (confident ? c.intent : "knowledge") {
    case "help":
      return social ? { kind: "help" } : { kind: "retrieve" };
    case "thanks":
      return socialWithExtra(2) ? { kind: "smalltalk", what: "thanks" } : { kind: "retrieve" };
    case "ack":
      return socialWithExtra(1) ? { kind: "smalltalk", what: "ack" } : { kind: "retrieve" };
    case "level":
      if (scoreCount(scores) >= 1 && scoreCount(scores) <= 2) return { kind: "level", scores };
      return { kind: "retrieve" };
    case "lateness": {
      const date = sendingDate(t, now) ?? findDates(t, now)[0] ?? (/\b(bay gio|gio|hien tai|luc nay)\b/.test(t) ? now : undefined);
      const quarter = resolveQuarter(period, now);
      if (date) return { kind: "lateness", date, quarter: quarter ?? reportQuarterFor(date) };
      return { kind: "quarter-deadline", quarter };
    }
    case "deadline_quarter":
      return { kind: "quarter-deadline", quarter: resolveQuarter(period, now), ...(EVERY_QUARTER.test(t) && !period?.quarter ? { all: true } : {}) };
    case "deadline_self_assessment":
      return { kind: "self-assessment-deadline", year: resolveYear(period, now) };
    case "period_current":
      return { kind: "current-period" };
    default:
      // A level question the classifier was unsure of: scores with level words and nothing else to look up.
      if (scoreCount(scores) >= 1 && scoreCount(scores) <= 2 && (((scores.teaching !== undefined || scores.management !== undefined) && LEVEL_WORDS.test(t)) || LEVEL_QUESTION.test(t))) {
        return { kind: "level", scores };
      }
      // A date and a lateness word ("nộp ngày 18/12 có kịp không") when the classifier hesitates.
      if (!confident && /\b(tre|kip|dung han|qua han)\b/.test(t)) {
        const date = findDates(t, now)[0];
        if (date) return { kind: "lateness", date, quarter: resolveQuarter(period, now) ?? reportQuarterFor(date) };
      }
      // "20/12 năm nay là chủ nhật thì sao": a date said to fall on a weekend asks about that quarter's deadline.
      if (!confident && /\b(chu nhat|thu bay|cuoi tuan|ngay nghi|ngay le)\b/.test(t)) {
        const date = findDates(t, now)[0];
        if (date) return { kind: "quarter-deadline", quarter: resolveQuarter(period, now) ?? quarterOf(date) };
      }
      // "một năm nộp báo cáo quý mấy lần": how often, and when — every quarter's deadline.
      if (EVERY_QUARTER.test(t) && (/\b(may|bao nhieu) lan\b/.test(t) || DEADLINE_WORDS.test(t)) && /\b(bao cao|nop)\b/.test(t) && !/\b(tu danh gia|truong hoc so)\b/.test(t)) return { kind: "quarter-deadline", all: true };
      // "hạn q4 là 20/12 đúng không": a deadline word with the report, or with a quarter named.
      if (!confident && DEADLINE_WORDS.test(t) && (/\bbao cao\b/.test(t) || /\bquy [1-4]\b/.test(t)) && !/\b(tu danh gia|truong hoc so)\b/.test(t)) {
        return { kind: "quarter-deadline", quarter: resolveQuarter(period, now) };
      }
      return { kind: "retrieve" };
  }
}

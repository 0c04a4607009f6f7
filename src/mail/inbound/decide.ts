/**
 * What a mail is, decided from what was read in it (extract/), with weights: a PHỤ LỤC 3 table
 * or outline decides "quarterly report" whatever the subject says; a self-assessment needs its
 * own structure (group scores in a table or labelled lines; scores named in prose count less);
 * words in the subject, body, file names and sheet titles are weak evidence only. Every piece of
 * evidence is kept, in Vietnamese, for the reviewer and the dry run. When the two report kinds
 * are close, a person decides.
 */
import { foldVietnamese } from "../../domain/text.ts";
import { isAutomatic, type EmailKind } from "./classify.ts";
import type { MailContents } from "./extract/index.ts";
import type { ParsedEmail } from "./parse.ts";

export interface Evidence {
  kind: "quarterly_report" | "self_assessment";
  weight: number;
  /** What was seen, for a reviewer (Vietnamese). */
  what: string;
}

export interface KindDecision {
  kind: EmailKind;
  scores: { quarterly_report: number; self_assessment: number };
  evidence: Evidence[];
  /** The two report kinds scored too close to choose: a person decides. */
  unsure: boolean;
}

/** Below this difference between the two report kinds, the mail goes to a person. */
export const MIN_MARGIN = 2;

const QUARTERLY_WORDS = /\b(phu luc ?[23]|pl ?[23]|bao cao (quy|dinh ky|tien do|ket qua)|bc (quy|q ?[1-4]|cds|chuyen doi so)|tien do (thuc hien|cds|chuyen doi so)|quy (i{1,3}|iv|[1-4])\b)/;
const REPORT_WORDS = /\b(bao cao|bc)\b.*\b(cds|chuyen doi so|cntt|cong nghe thong tin|quy|q ?[1-4])\b/;
const SELF_WORDS = /\b(tu danh gia|bo chi so|muc do chuyen doi so|4725)\b/;
/** Asks something, or asks for something ("nhờ Phòng gửi giúp bản Word của mẫu", "cho trường xin file mẫu"). */
const ASKS = /\b(cho (em|toi|minh)? ?hoi|xin hoi|hoi ve|nho phong huong dan|khong biet|lam sao|the nao|bao gio|khi nao|ngay nao|nho phong (gui|cung cap|cho)|(cho|xin) (em|truong|toi|minh|don vi )?xin (file|ban|mau|bieu mau)|xin (file |ban )?mau|gui (giup|gium|dum|ho) (truong|em|toi|minh|don vi)?\s?(file|ban|mau))\b/;

function keywordEvidence(place: string, text: string, weight: number, out: Evidence[]) {
  const t = foldVietnamese(text);
  if (QUARTERLY_WORDS.test(t) || REPORT_WORDS.test(t)) out.push({ kind: "quarterly_report", weight, what: `${place} nói đến báo cáo quý` });
  if (SELF_WORDS.test(t)) out.push({ kind: "self_assessment", weight, what: `${place} nói đến tự đánh giá` });
}

export function decideKind(m: ParsedEmail, c: MailContents): KindDecision {
  const evidence: Evidence[] = [];
  const best = c.quarterly[0];
  if (best) {
    const rows = Object.keys(best.items).length;
    const where = best.file ? `tệp “${best.file}”` : best.source === "html" ? "bảng trong thư" : "nội dung thư";
    if (best.shape === "table" && rows) evidence.push({ kind: "quarterly_report", weight: 6 + 0.5 * Math.min(rows, 6), what: `bảng PHỤ LỤC 3 trong ${where}: ${rows} dòng có nội dung` });
    else if (best.shape === "table") evidence.push({ kind: "quarterly_report", weight: 4, what: `bảng PHỤ LỤC 3 (chưa điền) trong ${where}` });
    else evidence.push({ kind: "quarterly_report", weight: 4 + 0.5 * Math.min(rows, 6), what: `đề cương theo mục trong ${where}: ${rows} mục (${Object.keys(best.items).join(", ")})` });
  }
  const sa = c.selfAssessment;
  if (sa) {
    const groups = Object.keys(sa.scores).length;
    const where = sa.file ? `tệp “${sa.file}”` : "nội dung thư";
    if (sa.structured) evidence.push({ kind: "self_assessment", weight: 3 * groups + (Object.keys(sa.conditions).length ? 0.5 : 0), what: `điểm ${groups} nhóm ghi theo mục trong ${where}` });
    // Scores only named in sentences, next to a PHỤ LỤC 3: row 3.1 is about the self-assessment and often quotes them.
    else if (best && Object.keys(best.items).length) evidence.push({ kind: "self_assessment", weight: 0, what: `điểm ${groups} nhóm nêu trong câu văn (nằm trong báo cáo quý, không tính)` });
    else evidence.push({ kind: "self_assessment", weight: 1.5 * groups, what: `điểm ${groups} nhóm nêu trong câu văn ở ${where}` });
  }
  keywordEvidence("Tiêu đề", m.subject, 1.5, evidence);
  keywordEvidence("Nội dung thư", c.text.slice(0, 3_000), 1, evidence);
  keywordEvidence("Tên tệp/trang tính", [...m.attachments.map((a) => a.filename ?? ""), ...c.titles].join(" \n "), 1, evidence);

  const scores = { quarterly_report: 0, self_assessment: 0 };
  for (const e of evidence) scores[e.kind] += e.weight;
  const structure = !!best || !!sa;
  if (isAutomatic(m)) return { kind: "auto_reply", scores, evidence, unsure: false };
  // (A "?" inside a link — "…/view?usp=sharing" — asks nothing.)
  const said = `${m.subject} ${c.text.slice(0, 2_000)}`.replace(/https?:\/\/\S+/g, " ");
  const asks = /\?/.test(said) || ASKS.test(foldVietnamese(said));
  const files = c.documents.length + c.unreadable.length + c.others.length;
  if (!structure) {
    // Words alone: a report only if a file came with it (to be read or refused with a reason).
    const q = scores.quarterly_report;
    const s = scores.self_assessment;
    if (files && Math.max(q, s) >= 1) return { kind: s > q ? "self_assessment" : "quarterly_report", scores, evidence, unsure: false };
    if (asks) return { kind: "question", scores, evidence, unsure: false };
    if (Math.max(q, s) >= 1.5 && !files) return { kind: s > q ? "self_assessment" : "quarterly_report", scores, evidence, unsure: false };
    return { kind: "unrelated", scores, evidence, unsure: false };
  }
  const kind = scores.self_assessment > scores.quarterly_report ? "self_assessment" : "quarterly_report";
  const both = !!best && !!sa && evidence.some((e) => e.kind === "self_assessment" && e.weight > 0);
  const unsure = both && Math.abs(scores.quarterly_report - scores.self_assessment) < MIN_MARGIN;
  return { kind, scores, evidence, unsure };
}

/** One line per piece of evidence, for the reviewer and the dry run. */
export function describeEvidence(d: KindDecision): string {
  const name = { quarterly_report: "báo cáo quý", self_assessment: "tự đánh giá" };
  return d.evidence.map((e) => `${e.what} (+${e.weight} ${name[e.kind]})`).join("; ");
}

/**
 * What a mail is and what to do with it — the decision, without touching the database or sending
 * anything: the same function runs for a mail being ingested (on the mail-reading thread,
 * reader.ts), for the dry run of the CLI and for the review page.
 */
import { isAutomatic, marketingSigns, phishingSigns, type EmailKind } from "./classify.ts";
import { decideKind, describeEvidence } from "./decide.ts";
import { DEFAULT_LIMITS, quarterlyOf, readMail, selfAssessmentExtraction, type ExtractedRow, type ExtractionLimits, type Source } from "./extract/index.ts";
import { mb } from "./extract/documents.ts";
import { readHtml } from "./extract/html.ts";
import { foldVietnamese } from "../../domain/text.ts";
import { humanSize, type PartInfo } from "./oversized.ts";
import type { ReportingPeriod } from "../../domain/periods.ts";
import type { ReportTemplate } from "../../reports/template.ts";
import type { SelfAssessmentForm } from "../../reports/self-assessment.ts";
import { matchSchool, NAME_MATCH_THRESHOLD, reportQuarter, reportYear, type PeriodSource, type SchoolRef } from "./match.ts";
import { looksLikeDocument, type ParsedEmail } from "./parse.ts";

/** The files worth naming to the sender: those above the attachment cap, else the largest. */
export function largeParts(o: { parts: PartInfo[] }, limits: Required<ExtractionLimits>): PartInfo[] {
  const sorted = [...o.parts].sort((a, b) => b.size - a.size);
  const over = sorted.filter((p) => p.size > limits.maxAttachmentBytes);
  return (over.length ? over : sorted).slice(0, 5);
}

export const named = (p: PartInfo) => `“${p.filename ?? "tệp không tên"}” (khoảng ${humanSize(p.size)})`;

/** Why an oversized message was not read (staff see it in “Thư cần xem”; the sender in the reply). */
export function oversizedReason(o: { size: number; parts: PartInfo[] }, limits: Required<ExtractionLimits>): string {
  const big = largeParts(o, limits);
  return `Thư nặng ${humanSize(o.size)}, vượt giới hạn ${mb(limits.maxMessageBytes)} nên hệ thống không tải cả thư và chưa đọc báo cáo; chỉ lưu phần đầu thư và danh sách tệp${big.length ? ` (tệp lớn: ${big.map(named).join(", ")})` : ""}. Thư đầy đủ vẫn còn trong hộp thư của Phòng.`;
}

/**
 * What the sender is told about files that were not kept (warnings of the receipt or notice):
 * a file above the attachment cap, and documents beyond the number read.
 */
export function attachmentNotes(m: ParsedEmail, limits: ExtractionLimits = DEFAULT_LIMITS): string[] {
  const notes = m.attachments
    .filter((a) => a.skipped === "too_large")
    .map((a) => `tệp “${a.filename ?? "không tên"}” (${humanSize(a.size)}) lớn hơn giới hạn ${mb(limits.maxAttachmentBytes)} nên Phòng không lưu và không mở tệp này; nếu cần gửi, thầy/cô giảm dung lượng hoặc nén tệp, hoặc gửi đường liên kết (Google Drive, OneDrive)`);
  const unread = m.attachments.filter((a) => a.skipped === "too_many" && looksLikeDocument(a.filename, a.head));
  if (unread.length) {
    notes.push(`thư có ${m.attachments.length + (m.unlisted ?? 0)} tệp đính kèm; hệ thống chỉ đọc ${limits.maxAttachments ?? DEFAULT_LIMITS.maxAttachments} tệp văn bản đầu tiên (chưa đọc: ${unread.slice(0, 3).map((a) => `“${a.filename ?? "không tên"}”`).join(", ")}${unread.length > 3 ? "…" : ""}); báo cáo nên gửi trong thư riêng`);
  }
  return notes;
}

export interface Analysis {
  /** None: nothing in the mail to judge (a greeting, no file). */
  kind?: EmailKind;
  /** filed = a readable report from a known school; the rest need the knowledge base, a person, or nothing. */
  decision: "filed" | "question" | "review" | "rejected" | "ignored";
  /** The school it is filed under — or, for a mail waiting for a person, the best guess shown to the officer. */
  school?: SchoolRef;
  /** Another school the mail names (a registered sender writing for someone else): shown next to `school`. */
  namedSchool?: SchoolRef;
  period?: ReportingPeriod;
  /** Where the period was read. */
  periodBy?: PeriodSource;
  items?: Record<string, ExtractedRow>;
  scores?: Record<string, number>;
  source?: Source;
  /** The mail holds the whole table: rows it leaves out are emptied in the new version. */
  complete?: boolean;
  warnings?: string[];
  /** Files not kept or not read because of the limits (too large, too many): the sender is told. */
  fileNotes?: string[];
  reason?: string;
  /** Why it was judged this kind (Vietnamese, for reviewers and the dry run). */
  evidence?: string;
  /** A report that waits for a person: the sender is told so. */
  notify?: boolean;
}

/** Lines that only greet or close a letter. */
const GREETING = /^(kinh gui|gui|chao|xin chao|dear|hi|tran trong|tran trong kinh chao|tran trong cam on|cam on|xin cam on|thanks|thank you|best regards|regards)\b/;

/** A signature line: a name written in capitals ("Trần Văn Lộc"), a position, a phone or an address. */
const SIGNATURE = /^(hieu truong|pho hieu truong|ht|pht|giao vien|gv|nhan vien|to cntt|dt|dien thoai|tel|sdt|email|truong (th|thcs|mn|mg|thpt|tieu hoc|mam non))\b/;
const NAME = /^(?:\p{Lu}[\p{Ll}\p{M}]*\s*){2,5}$/u;

/** No file, no table and no sentence beyond a greeting, a closing and a signature ("Gửi anh/chị."): nothing to judge. */
function saysNothing(c: Awaited<ReturnType<typeof readMail>>): boolean {
  if (c.documents.length || c.unreadable.length || c.others.length || c.quarterly.length || c.selfAssessment) return false;
  const lines = c.text.split(/\r?\n/).map((l) => l.replace(/[\s\u00a0]+/g, " ").trim()).filter(Boolean);
  return lines.every((l) => {
    const f = foldVietnamese(l).replace(/[^a-z0-9?]+/g, " ").trim();
    return !f || (GREETING.test(f) && f.split(" ").length <= 8) || SIGNATURE.test(f) || NAME.test(l.replace(/[.,]$/, ""));
  });
}

const fileNames = (m: ParsedEmail) => m.attachments.map((a) => a.filename ?? "").join(" \n ");

/** Where the period is read, in order: subject, the new text, the files' titles, the file names. */
function periodPlaces(m: ParsedEmail, contents: Awaited<ReturnType<typeof readMail>>): [Exclude<PeriodSource, "ngày nhận">, string][] {
  const places: [Exclude<PeriodSource, "ngày nhận">, string][] = [["tiêu đề", m.subject], ["nội dung thư", contents.text.slice(0, 1_500)], ["tệp đính kèm", contents.titles.join(" \n ")], ["tên tệp", fileNames(m)]];
  // A reply or a forward keeps the old thread's subject ("Re: Báo cáo quý 2"): what the sender wrote now comes first.
  if (/^\s*(re|fw|fwd|tl|tr|trả lời|chuyển tiếp)\s*:/i.test(m.subject)) places.unshift(places.splice(1, 1)[0]!);
  return places;
}

/** A file shared by link instead of attached. */
const CLOUD_LINK = /https?:\/\/(?:drive\.google\.com|docs\.google\.com|onedrive\.live\.com|1drv\.ms|[\w-]+\.sharepoint\.com|(?:www\.)?dropbox\.com|(?:www\.)?fshare\.vn|(?:www\.)?mediafire\.com)\/\S+/i;

/**
 * What the record of an oversized message (its headers, text and list of files) says it is — "Báo
 * cáo quý IV/2026" in the subject, "PL3_quy4.xlsx" among the files — for staff and the dashboard;
 * such a mail is never filed.
 */
export async function oversizedKind(m: ParsedEmail, forms: Forms, receivedAt: Date): Promise<Pick<Analysis, "kind" | "period" | "periodBy">> {
  const contents = await readMail(m, forms);
  const kind = decideKind(m, contents).kind;
  if (kind !== "quarterly_report") return { kind: kind === "self_assessment" ? kind : "unrelated" };
  const q = reportQuarter(periodPlaces(m, contents), receivedAt);
  return { kind, period: { kind: "quarter", quarter: q.quarter }, periodBy: q.by };
}

/** The education network's own domains: links there are no lure. */
const OFFICE_DOMAINS = ["hcm.edu.vn", "moet.gov.vn", "edu.vn", "gov.vn"];

export interface Forms {
  template: ReportTemplate;
  selfAssessment: SelfAssessmentForm;
}

/** Everything ingestion decides about an email, without touching the database or sending anything. */
export async function analyzeEmail(m: ParsedEmail, schools: SchoolRef[], forms: Forms, receivedAt: Date, limits: ExtractionLimits = DEFAULT_LIMITS): Promise<Analysis> {
  // Who sent it, for every kind of mail (an officer answering a question or reading a notice wants to know).
  const sender = matchSchool(m.from, [], schools);
  // A vendor's advert or newsletter (not from a school's address): never answered, never queued.
  const advert = sender ? [] : marketingSigns(m, m.text || (m.html ? readHtml(m.html).text : ""));
  if (advert.length) return { kind: "unrelated", decision: "ignored", evidence: `thư quảng cáo: ${advert.join(", ")}` };
  // A "verify your mailbox" lure: never answered (an answer confirms the address is read).
  const lure = sender ? [] : phishingSigns(m, m.text || (m.html ? readHtml(m.html).text : ""), OFFICE_DOMAINS);
  if (lure.length) return { kind: "unrelated", decision: "ignored", evidence: `thư lừa đảo: ${lure.join(", ")}` };
  if (isAutomatic(m)) return { kind: "auto_reply", decision: "ignored", school: sender?.school };
  // The record of an oversized message: never filed; what it says it is, is kept (oversizedKind).
  if (m.truncated) {
    const reason = oversizedReason({ size: m.truncated.size, parts: [] }, { ...DEFAULT_LIMITS, ...limits, maxMessageBytes: m.truncated.limit });
    return { ...(await oversizedKind(m, forms, receivedAt)), decision: "rejected", school: sender?.school, reason };
  }
  const contents = await readMail(m, forms, limits);
  const d = decideKind(m, contents);
  const kind = d.kind;
  const evidence = describeEvidence(d) || undefined;
  if (kind === "auto_reply") return { kind, decision: "ignored", evidence, school: sender?.school };
  if (kind === "unrelated" && saysNothing(contents)) {
    return { decision: "review", school: sender?.school, reason: "Thư không có nội dung (chỉ lời chào) và không có tệp đính kèm: có thể trường quên đính kèm báo cáo; cán bộ xem và liên hệ trường nếu cần." };
  }
  if (kind === "unrelated") return { kind, decision: "review", evidence, school: sender?.school, reason: "Thư không phải báo cáo hay câu hỏi: để cán bộ xem." };
  if (kind === "question") return { kind, decision: "question", evidence, school: sender?.school };

  const files = fileNames(m);
  const places = periodPlaces(m, contents);
  let period: ReportingPeriod;
  let periodBy: PeriodSource;
  if (kind === "self_assessment") {
    const y = reportYear(places, receivedAt);
    [period, periodBy] = [{ kind: "self_assessment", year: y.year }, y.by];
  } else {
    const q = reportQuarter(places, receivedAt);
    [period, periodBy] = [{ kind: "quarter", quarter: q.quarter }, q.by];
  }
  const x = kind === "self_assessment" ? selfAssessmentExtraction(contents) : quarterlyOf(contents);
  const periodText = period.kind === "quarter" ? `quý ${period.quarter.quarter}/${period.quarter.year}` : `năm ${period.year}`;
  const evidenceWithPeriod = [evidence, `kỳ ${periodText} đọc từ ${periodBy}`].filter(Boolean).join("; ");
  const read = x.ok ? { items: x.items, scores: x.scores, source: x.source, complete: x.complete, warnings: x.warnings } : {};
  const notes = attachmentNotes(m, limits);
  const base = { kind, period, periodBy, evidence: evidenceWithPeriod, ...read, ...(notes.length ? { fileNotes: notes } : {}) };

  // Who may file: a registered sender, for its own school only.
  // The school the mail names: in what the sender wrote, or in full in a file's title lines.
  const written = matchSchool(undefined, [m.subject, contents.text.slice(0, 3_000), files], schools);
  const titled = matchSchool(undefined, contents.titles, schools);
  const named = written ?? (titled?.confidence === 1 ? titled : undefined);
  const sure = named && named.confidence >= NAME_MATCH_THRESHOLD ? named : titled?.confidence === 1 ? titled : undefined;
  if (!sender) {
    const reason = sure
      ? `Địa chỉ ${m.from ?? "(không rõ)"} chưa đăng ký cho trường nào; thư ghi là ${sure.school.name}: cán bộ xác nhận trước khi ghi nhận.`
      : named
        ? `Địa chỉ gửi chưa đăng ký; đoán là ${named.school.name} nhưng chưa chắc: cán bộ xác nhận trường.`
        : "Không nhận ra trường gửi thư (địa chỉ chưa đăng ký, thư không ghi tên trường): cán bộ xác nhận trường.";
    return { ...base, decision: "review", school: sure?.school, reason, notify: true };
  }
  const school = sender.school;
  // The file itself names another school ("BaoCao_CDS_Quy4_MN_HoaHong.xls", "TRƯỜNG MẦM NON HOA HỒNG" in its
  // title) while the letter names the sender's: whose report it is, a person decides — never filed under the sender.
  const inFile = titled?.confidence === 1 ? titled : matchSchool(undefined, [files], schools);
  if (inFile && inFile.confidence >= NAME_MATCH_THRESHOLD && inFile.school.id !== school.id && (!sure || sure.school.id === school.id)) {
    return { ...base, decision: "review", school, namedSchool: inFile.school, notify: true, reason: `Thư gửi từ địa chỉ của ${school.name} nhưng tệp đính kèm ghi tên ${inFile.school.name}: cán bộ xác nhận báo cáo của trường nào.` };
  }
  if (sure && sure.school.id !== school.id) {
    return { ...base, decision: "review", school, namedSchool: sure.school, notify: true, reason: `Thư gửi từ địa chỉ của ${school.name} nhưng ghi tên ${sure.school.name}: cán bộ xác nhận báo cáo của trường nào.` };
  }
  if (d.unsure) {
    return { ...base, decision: "review", school, notify: true, reason: "Thư vừa giống báo cáo quý vừa giống bản tự đánh giá: cán bộ xác nhận loại báo cáo." };
  }
  if (!x.ok) {
    // A scan: nothing is wrong with what the school sent, a person reads it.
    const scan = contents.unreadable.find((u) => u.forPerson);
    if (scan) return { ...base, decision: "review", school, notify: true, reason: scan.reason };
    // A PDF or .doc whose rows the machine could not find: a person can still read it.
    const doc = contents.documents.find((d) => !d.autoFile);
    if (doc) return { ...base, decision: "review", school, notify: true, reason: `Tệp “${doc.file}” (${doc.format === "pdf" ? "PDF" : "Word cũ .doc"}): máy chưa đọc được các dòng PHỤ LỤC 3, cán bộ đọc tệp và ghi nhận.` };
    // The report left on Google Drive / OneDrive: a person opens the link (the machine never fetches it).
    const link = CLOUD_LINK.exec(contents.text)?.[0];
    if (link) return { ...base, decision: "review", school, notify: true, reason: `Báo cáo để ở đường dẫn ${link.slice(0, 80)}: máy không tự mở đường dẫn, cán bộ mở và ghi nhận (hoặc đề nghị trường gửi tệp đính kèm).` };
    return { ...base, decision: "rejected", school, reason: x.reason };
  }
  if (!x.autoFile) {
    return { ...base, decision: "review", school, notify: true, reason: `Tệp “${x.file}” (${x.source === "pdf" ? "PDF" : "Word cũ .doc"}) không giữ được cấu trúc bảng: cán bộ kiểm tra các dòng đã đọc trước khi ghi nhận.` };
  }
  if (x.doubt) {
    return { ...base, decision: "review", school, notify: true, reason: `Báo cáo có phần máy chưa đọc chắc (${x.doubt}): cán bộ kiểm tra các dòng đã đọc trước khi ghi nhận.` };
  }
  // No quarter written anywhere (subject, letter, file, file name): the date received only suggests one —
  // filing under a guessed quarter could overwrite the wrong report, so a person confirms.
  if (periodBy === "ngày nhận" && period.kind === "quarter") {
    return { ...base, decision: "review", school, notify: true, reason: `Thư không ghi báo cáo quý nào; theo ngày nhận có lẽ là ${periodText}: cán bộ xác nhận quý trước khi ghi nhận.` };
  }
  return { ...base, decision: "filed", school };
}

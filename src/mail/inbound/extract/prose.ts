/**
 * A report written as a letter: one paragraph per task, the task named by its topic, not its code
 * ("Rà soát thông tin điểm trường trên EDUGIS, …. Thời gian tới, nhà trường sẽ …"). Each
 * paragraph goes to the one row its words name (the chat's topic lexicon, then the rows' titles);
 * its sentences are placed by their cue like a chat answer ("Thời gian tới …" is next quarter,
 * "Khó khăn …", "Đề nghị …"). A paragraph that only goes on ("Ngoài ra, cũng trong nội dung
 * này, …") belongs to the task before it. Letters' greetings, introductions and signatures name
 * no task and are left out; a paragraph of six words or more that names none makes the reading
 * doubtful. Two paragraphs on one task are that task's text, in order.
 */
import { foldVietnamese } from "../../../domain/text.ts";
import { parseRowAnswer } from "../../../lang/row-answer.ts";
import { rowsByTopic, topicMatches } from "../../../lang/row-topics.ts";
import type { ReportTemplate } from "../../../reports/template.ts";
import { EMPTY_ROW, type ExtractedRow } from "./grid.ts";
import { rowByTitle } from "./row-title.ts";

export interface ProseExtraction {
  items: Record<string, ExtractedRow>;
  /** Why a person should check before filing, or none. */
  doubt?: string;
}

/** At least this many task paragraphs, for distinct rows, make a letter a report. */
const MIN_TASKS = 3;

/** The letter around the report: address, introduction, closing, signature, notes on sending. */
const FRAME = /^(kinh gui|kinh thua|thua|dear|xin chao|chao|truong .{0,60} (bao cao|gui bao cao|xin bao cao|kinh bao cao)|(nha truong|don vi|truong) (xin |kinh )?(bao cao|gui)|tran trong|kinh chao|cam on|xin cam on|noi nhan|ghi chu|truong gui|gui tu|email nay|thu nay|tep dinh kem|file dinh kem|tren day la|cac noi dung khac|nhung noi dung khac|cac nhiem vu khac|con lai)/;
/** A signature line ("Hiệu trưởng …", "TM. Ban giám hiệu"): short — a task may begin with who did it. */
const SIGNATURE = /^(tm\.? |hieu truong|pho hieu truong|nguoi lap|luu|ky ten)/;
/** A paragraph that continues the task before it. */
const GOES_ON = /^(ngoai ra|ben canh do|dong thoi|cung trong|them vao do|ngoai nhung|ve noi dung nay|o noi dung nay|noi dung nay)/;

/** The row one paragraph names: by the topic of its first sentence, of the whole, then by the rows' titles. */
function rowOf(paragraph: string, template: ReportTemplate, fillable: readonly string[]): string | undefined {
  const first = paragraph.split(/(?<=[.;!?])\s+/)[0] ?? paragraph;
  for (const part of [first, paragraph]) {
    const rows = rowsByTopic(part, fillable);
    if (rows.length === 1) return rows[0];
    // "phần mềm quản lý thiết bị, thư viện trong bộ giải pháp chuyển đổi số cơ bản": the longest topic named wins, when clearly longest.
    const [best, second] = topicMatches(part, fillable);
    if (best && second && 2 * best.phrase.split(" ").length >= 3 * second.phrase.split(" ").length) return best.row;
  }
  return rowByTitle(first, template);
}

export function extractProse(text: string, template: ReportTemplate): ProseExtraction | undefined {
  const fillable = template.rows.filter((r) => !r.heading).map((r) => r.code);
  // A forward's or an attached mail's header lines are no paragraph of the letter.
  text = text.replace(/^\s*(?:-{3,}.*|(?:từ|tu|from|to|đến|den|date|ngày|ngay|subject|tiêu đề|tieu de|cc|sent|gửi lúc|gui luc)\s*:.*)$/gimu, "");
  // Paragraphs are blank-line apart in a mail; a document's text has one paragraph per line.
  const blocks = text.split(/\n\s*\n/).length >= MIN_TASKS + 1 ? text.split(/\n\s*\n|\n(?=\s*[-–•+*◦▪▫●○►➢➤✓·]\s)/) : text.split(/\n/);
  const paragraphs = blocks
    .map((p) => p.replace(/^\s*[-–•+*◦▪▫●○►➢➤✓·]\s*/, "").replace(/\s*\n\s*/g, " ").trim())
    .filter((p) => /\p{L}/u.test(p));
  const found: { row: string; text: string }[] = [];
  const unplaced: string[] = [];
  for (const p of paragraphs) {
    const f = foldVietnamese(p.toLowerCase());
    if (FRAME.test(f) || (SIGNATURE.test(f) && p.split(/\s+/).length <= 12) || p.split(/\s+/).length < 6) continue;
    if (found.length && GOES_ON.test(f) && rowsByTopic(p, fillable).length !== 1) {
      found[found.length - 1]!.text += `\n${p}`;
      continue;
    }
    const row = rowOf(p, template, fillable);
    if (row) found.push({ row, text: p });
    else unplaced.push(p);
  }
  if (new Set(found.map((x) => x.row)).size < MIN_TASKS) return undefined;
  const items: Record<string, ExtractedRow> = {};
  for (const { row, text: p } of found) {
    const item = (items[row] ??= { ...EMPTY_ROW });
    for (const piece of p.split("\n")) {
      const a = parseRowAnswer(piece, "done", { verbatim: true });
      if (!a.done && !a.next && !a.difficulties && !a.recommendations) a.done = piece;
      for (const g of ["done", "next", "difficulties", "recommendations"] as const) {
        const v = a[g];
        if (v) item[g] = item[g] ? `${item[g]}\n${v}` : v;
      }
      if (a.status && !item.status) item.status = a.status;
      if (a.percent !== undefined && !Number.isNaN(a.percent) && item.progressPercent === null) item.progressPercent = a.percent;
    }
  }
  // A task paragraph placed nowhere would be lost: a person reads the letter.
  const lost = unplaced[0];
  return { items, ...(lost ? { doubt: `Báo cáo viết thành đoạn văn, đoạn “${lost.slice(0, 80)}${lost.length > 80 ? "…" : ""}” không rõ thuộc nhiệm vụ nào: cán bộ kiểm tra các dòng đã đọc trước khi ghi nhận.` } : {}) };
}

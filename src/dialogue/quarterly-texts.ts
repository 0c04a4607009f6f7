/**
 * What the quarterly form says, sized for Zalo: short row prompts, one compact line of what was
 * understood, a summary under 2,000 characters for a full report (short column labels, rows
 * without activity collapsed into one line, titles cut at word boundaries).
 */
import { parseQuarterCode } from "../domain/periods.ts";
import { STATUS_LABELS, type Status } from "../domain/report-input.ts";
import { hasContent, type ItemAnswers } from "../reports/store.ts";
import { fillableRows, type ReportTemplate } from "../reports/template.ts";

export const SHORT_LABELS = { done: "Đã làm", next: "Quý tới", difficulties: "Khó khăn", recommendations: "Kiến nghị" } as const;
type TextPart = keyof typeof SHORT_LABELS;
const TEXT_PARTS = Object.keys(SHORT_LABELS) as TextPart[];

export const qLabel = (code: string) => {
  const q = parseQuarterCode(code)!;
  return `quý ${q.quarter}/${q.year}`;
};

/** Cut at a word boundary, with an ellipsis. */
export function shortenWords(s: string, max: number): string {
  const one = s.replace(/\s+/g, " ").trim();
  if ([...one].length <= max) return one;
  const cut = one.slice(0, max - 1);
  const at = cut.lastIndexOf(" ");
  return `${(at > max * 0.5 ? cut.slice(0, at) : cut).replace(/[\s,.;:–-]+$/, "")}…`;
}

export const rowTitle = (t: ReportTemplate, code: string) => t.rows.find((r) => r.code === code)?.title ?? code;

export function rowPrompt(t: ReportTemplate, row: string, position?: { index: number; total: number }): string {
  const where = position ? ` (${position.index}/${position.total})` : "";
  // The example once, on the first row; later rows get a one-line question.
  const ask =
    !position || position.index === 1
      ? "Quý này thế nào? Trả lời trong một tin, ví dụ: “Đang làm 80%. Đã tập huấn 25/30 GV. Quý tới: tập huấn nốt. Khó khăn: thiếu máy chiếu. Kiến nghị: …” — hoặc “xong”, “chưa làm”, “như quý trước”, “bỏ qua”."
      : "Quý này thế nào? (tình trạng, đã làm, quý tới, khó khăn, kiến nghị — một tin; hoặc “bỏ qua”)";
  return [`Mục ${row}${where}. ${shortenWords(rowTitle(t, row), 90)}`, ask].join("\n");
}

export function statusPrompt(row: string): string {
  return `Mục ${row}: tình trạng? Gõ 1 (chưa thực hiện), 2 (đang thực hiện) hoặc 3 (đã hoàn thành) — hoặc “80%”, “chưa rõ”.`;
}

export function donePrompt(row: string): string {
  return `Mục ${row}: trong quý đã làm được gì, kết quả ra sao? (gõ “bỏ qua” nếu chưa có gì để ghi)`;
}

export function nextPrompt(row: string): string {
  return `Mục ${row}: quý tới dự kiến làm gì? Có khó khăn, kiến nghị thì ghi luôn (ví dụ: “Tập huấn nốt 5 GV. Khó khăn: thiếu máy chiếu”), hoặc “không có”.`;
}

function statusText(i: Pick<ItemAnswers, "status" | "progressPercent">): string {
  const status = i.status ? STATUS_LABELS[i.status as Status] : "chưa ghi tình trạng";
  const pct = i.progressPercent !== null && i.progressPercent !== undefined && i.status === "dang_thuc_hien" ? ` ${i.progressPercent}%` : "";
  return `${status}${pct}`;
}

/** "2 — đang thực hiện 80% · Đã làm: … · Quý tới: …" */
export function rowLine(item: ItemAnswers, maxPart = 120): string {
  const parts = [`${item.taskCode} — ${statusText(item)}`];
  for (const p of TEXT_PARTS) if (item[p]) parts.push(`${SHORT_LABELS[p]}: ${shortenWords(item[p]!, maxPart)}`);
  return parts.join(" · ");
}

export { hasContent };

/** `pending`: rows picked but not answered yet — listed apart, never under "no activity". */
export function summaryText(t: ReportTemplate, periodCode: string, school: string, version: number, items: ItemAnswers[], replaces?: number, pending: string[] = []): string {
  const lines = [`Báo cáo ${qLabel(periodCode)} — ${school} (bản nháp, phiên bản ${version}${replaces ? `, sẽ thay phiên bản ${replaces}` : ""}):`, ...rowLines(t, items, pending)];
  lines.push("Gõ “xác nhận” để nộp · “sửa 2” sửa một mục · “thêm 7” thêm mục · “hủy” bỏ bản nháp.");
  return lines.join("\n");
}

/**
 * Whether a filed version came on time. A correction sent after the deadline does not make a
 * school that first filed on time late: both facts are said (`first.when`: the first filing's time).
 */
export function timeliness(late: boolean, first: { late: boolean; when: string } | undefined, due: string): string {
  if (!late) return `đúng hạn (hạn trước ngày ${due})`;
  if (first && !first.late) return `bản sửa gửi sau hạn (hạn trước ngày ${due}); báo cáo của trường vẫn tính đúng hạn theo lần nộp đầu lúc ${first.when}`;
  return `nộp trễ (hạn trước ngày ${due}), được ghi nhận là nộp trễ`;
}

/** A filed version's rows, laid out as the draft summary: "xem lại bc q4 đã nộp". */
export function filedText(t: ReportTemplate, periodCode: string, school: string, filed: { version: number; referenceNo: string; when: string; late: boolean }, items: ItemAnswers[]): string {
  const lines = [`Báo cáo ${qLabel(periodCode)} — ${school} (đã nộp, phiên bản ${filed.version}, mã ${filed.referenceNo}, lúc ${filed.when}${filed.late ? ", nộp trễ" : ""}):`, ...rowLines(t, items)];
  lines.push("Gõ “sửa báo cáo” nếu cần nộp phiên bản mới.");
  return lines.join("\n");
}

/**
 * "xem đầy đủ": every row with its text uncut, in as many messages as it takes (each under Zalo's
 * 2,000 characters), so the person can check what will be filed.
 */
export function fullRowsText(t: ReportTemplate, periodCode: string, school: string, items: ItemAnswers[], pending: string[] = []): string[] {
  const order = (code: string) => t.rows.findIndex((r) => r.code === code);
  const filled = items.filter(hasContent).sort((a, b) => order(a.taskCode) - order(b.taskCode));
  const blocks = [`Báo cáo ${qLabel(periodCode)} — ${school}, đầy đủ từng mục:`];
  if (!filled.length) blocks.push("Chưa có mục nào có nội dung.");
  for (const item of filled) {
    const lines = [`• ${item.taskCode}. ${rowTitle(t, item.taskCode)} — ${statusText(item)}`];
    for (const p of TEXT_PARTS) if (item[p]) lines.push(`  ${SHORT_LABELS[p]}: ${item[p]}`);
    blocks.push(lines.join("\n"));
  }
  if (pending.length) blocks.push(`Đã chọn, chưa trả lời: ${pending.join(", ")}.`);
  const messages: string[] = [];
  for (const b of blocks) {
    const last = messages.at(-1);
    if (last !== undefined && last.length + 1 + b.length <= 1_900) messages[messages.length - 1] = `${last}\n${b}`;
    else messages.push(b.length > 1_900 ? b.slice(0, 1_900) : b);
  }
  return messages;
}

/** The rows with answers, then the rows picked but not answered, then the rows without activity. */
function rowLines(t: ReportTemplate, items: ItemAnswers[], pending: string[] = []): string[] {
  const order = (code: string) => t.rows.findIndex((r) => r.code === code);
  const filled = items.filter(hasContent).sort((a, b) => order(a.taskCode) - order(b.taskCode));
  const lines: string[] = [];
  if (!filled.length && !pending.length) lines.push("Quý này trường không có hoạt động ở mục nào.");
  // Long reports get shorter text parts so the whole summary stays one Zalo message.
  const perPart = filled.length > 8 ? 60 : filled.length > 4 ? 90 : 160;
  for (const item of filled) {
    lines.push(`• ${item.taskCode}. ${shortenWords(rowTitle(t, item.taskCode), 45)} — ${statusText(item)}`);
    const texts = TEXT_PARTS.filter((p) => item[p]).map((p) => `${SHORT_LABELS[p]}: ${shortenWords(item[p]!, perPart)}`);
    if (texts.length) lines.push(`  ${texts.join(" | ")}`);
  }
  const empty = fillableRows(t)
    .map((r) => r.code)
    .filter((c) => !filled.some((i) => i.taskCode === c) && !pending.includes(c));
  if (pending.length) lines.push(`Đã chọn, chưa trả lời: ${pending.join(", ")} — gõ “sửa ${pending[0]}” để trả lời, hoặc “bỏ mục ${pending[0]}” nếu quý này không có hoạt động.`);
  if ((filled.length || pending.length) && empty.length) lines.push(`Không có hoạt động: ${empty.join(", ")}.`);
  return lines;
}

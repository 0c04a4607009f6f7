/**
 * The quarterly report conversation, as a state machine over the report template. The state
 * lives in Conversation.state (JSON), so a restart or a reply the next day resumes exactly
 * where it stopped; the answers live in the school's draft report, saved at every step.
 *
 * Terminology: a *row* is a task row of PHỤ LỤC 3 ("2", "3.1"); a *field* is one thing asked
 * about a row (status, %, done, next, difficulties, recommendations); a *step* is what the bot
 * is waiting for (the rows picked, one field of one row, or the confirmation).
 */
import type { Db } from "../db/client.ts";
import type { Clock } from "../clock.ts";
import {
  formatDate,
  parseQuarterCode,
  previousQuarter,
  quarterCode,
  quarterlyDeadline,
  quarterOf,
  type DeadlineRules,
  type Quarter,
} from "../domain/periods.ts";
import { parseLabelledRow, parseProgress, parseRowSelection, parseStatus, STATUS_LABELS, type Status } from "../domain/report-input.ts";
import { normalize } from "../lang/normalize.ts";
import { findPeriod, resolveYear } from "../lang/periods.ts";
import { ensureQuarterPeriod, findDraft, itemAnswers, latestSubmitted, openDraft, setItem, submitDraft, type ItemAnswers } from "../reports/store.ts";
import { fillableRows, type FieldKey, type ReportField, type ReportTemplate } from "../reports/template.ts";
import { detectSteering, type Opening } from "./phrases.ts";

export type Step = { kind: "pick-rows" } | { kind: "field"; row: string; field: FieldKey } | { kind: "review" };

export interface QuarterlyState {
  flow: "quarterly";
  reportId: string;
  period: string;
  rows: string[];
  step: Step;
  back: Step[];
  /** Set by “sửa 3.1”: after that row, go back to the summary instead of the next row. */
  returnToReview?: boolean;
}

export interface Reporter {
  contactId: string;
  contactName: string;
  school: { id: string; code: string; name: string };
  conversationId: string;
}

export interface DialogueDeps {
  prisma: Db;
  template: ReportTemplate;
  rules: DeadlineRules;
  clock: Clock;
  office: { name: string; email: string };
  /** Answers a question asked in the middle of the form. */
  answer: (question: string) => Promise<{ text: string; declined: boolean }>;
}

export interface Turn {
  state: QuarterlyState | null;
  replies: string[];
  /** Set when this turn filed a report (its id). */
  filed?: string;
}

const MAX_BACK = 50;
const qLabel = (code: string) => {
  const q = parseQuarterCode(code)!;
  return `quý ${q.quarter}/${q.year}`;
};
const rowTitle = (t: ReportTemplate, code: string) => t.rows.find((r) => r.code === code)?.title ?? code;
const shorten = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

// === Prompts =================================================================================

function pickRowsPrompt(deps: DialogueDeps, state: QuarterlyState, school: string): string {
  const list = fillableRows(deps.template)
    .map((r) => `${r.code}. ${shorten(r.title, 80)}`)
    .join("\n");
  return [
    `Báo cáo ${qLabel(state.period)} — ${school}.`,
    "Quý này trường có hoạt động ở những mục nào? Gõ số mục, ví dụ: 2 4 7 8 (hoặc 1.1-3.2, hoặc “tất cả”; “không có” nếu quý này không có hoạt động):",
    list,
  ].join("\n\n");
}

function fieldPrompt(deps: DialogueDeps, row: string, field: ReportField, hint?: string): string {
  const head = `Mục ${row}. ${shorten(rowTitle(deps.template, row), 90)}`;
  let ask = field.ask;
  if (field.kind === "status") ask += "\n1. Chưa thực hiện\n2. Đang thực hiện\n3. Đã hoàn thành\n(gõ 1, 2, 3 — hoặc “xong”, “đang làm”, “80%”)";
  else if (field.kind === "text") ask += "\n(gõ “bỏ qua” nếu không có)";
  return [head, ask, hint].filter(Boolean).join("\n");
}

function reviewText(deps: DialogueDeps, state: QuarterlyState, school: string, version: number, items: ItemRow[]): string {
  const lines = [`Báo cáo ${qLabel(state.period)} — ${school} (bản nháp, phiên bản ${version}):`];
  const filled = items.filter((i) => Object.values(pick(i)).some((v) => v !== null && v !== undefined && v !== ""));
  if (!filled.length) lines.push("Quý này trường không có hoạt động ở mục nào.");
  for (const item of filled.sort((a, b) => order(deps, a.taskCode) - order(deps, b.taskCode))) {
    const status = item.status ? STATUS_LABELS[item.status as Status] : "chưa ghi tình trạng";
    const pct = item.progressPercent !== null && item.progressPercent !== undefined ? `, ${item.progressPercent}%` : "";
    lines.push(`\n${item.taskCode}. ${shorten(rowTitle(deps.template, item.taskCode), 70)} — ${status}${pct}`);
    for (const f of deps.template.fields.filter((f) => f.kind === "text")) {
      const v = item[f.key as "done"];
      if (v) lines.push(`  • ${f.label}: ${v}`);
    }
  }
  lines.push("\nGõ “xác nhận” để nộp, “sửa 2” để sửa một mục, “thêm 7” để thêm mục, hoặc “hủy” để dừng (bản nháp được giữ).");
  return lines.join("\n");
}

type ItemRow = ItemAnswers;
/** The answer fields of a row, without its code. */
const pick = (i: ItemRow) => {
  const { taskCode: _code, ...answers } = itemAnswers(i);
  return answers;
};
const order = (deps: DialogueDeps, code: string) => deps.template.rows.findIndex((r) => r.code === code);

// === Opening =================================================================================

/** “báo cáo”, “sửa báo cáo”, “nộp chưa?”: opens (or resumes) the school's draft, or reports status. */
export async function openQuarterly(deps: DialogueDeps, who: Reporter, opening: Opening, text: string): Promise<Turn> {
  const now = deps.clock.now();
  const asked = findPeriod(normalize(text));
  let q: Quarter = quarterOf(now);
  if (asked?.quarter) q = { quarter: asked.quarter, year: resolveYear(asked, now) ?? q.year };
  else if (asked?.relativeQuarter === -1) q = previousQuarter(q);
  const period = await ensureQuarterPeriod(deps.prisma, q, deps.rules);
  const deadline = quarterlyDeadline(q, deps.rules);
  const late = now.getTime() >= deadline.cutoff.getTime();
  const submitted = await latestSubmitted(deps.prisma, who.school.id, period.id);
  const draft = await findDraft(deps.prisma, who.school.id, period.id);

  if (opening === "status") return { state: null, replies: [await statusText(deps, who, q)] };

  if (submitted && !draft && opening !== "correct") {
    return {
      state: null,
      replies: [
        `${who.school.name} đã nộp báo cáo ${qLabel(period.code)} (phiên bản ${submitted.version}, mã ${submitted.referenceNo}, lúc ${timeText(submitted.submittedAt!)}). Gõ “sửa báo cáo” nếu cần nộp phiên bản mới.`,
      ],
    };
  }

  const { report, created } = await openDraft(deps.prisma, {
    schoolId: who.school.id,
    periodId: period.id,
    contactId: who.contactId,
    conversationId: who.conversationId,
    source: "chat",
  });
  const notes: string[] = [];
  if (late) notes.push(`Lưu ý: đã quá hạn nộp báo cáo ${qLabel(period.code)} (trước ngày ${formatDate(deadline.dueDay)}); báo cáo vẫn được nhận và ghi nhận là nộp trễ.`);
  if (!created && report.createdById && report.createdById !== who.contactId) {
    const starter = await deps.prisma.contact.findUnique({ where: { id: report.createdById } });
    notes.push(`Bản nháp này do ${starter?.name ?? "một người khác của trường"} bắt đầu. Thầy/cô tiếp tục trên cùng bản nháp; mỗi thay đổi đều ghi lại người sửa.`);
  }
  if (created && submitted) notes.push(`Đã mở phiên bản ${report.version} từ bản đã nộp (phiên bản ${submitted.version}). Sửa mục nào thì gõ “sửa <số mục>”, xong gõ “xác nhận”.`);

  const base: QuarterlyState = { flow: "quarterly", reportId: report.id, period: period.code, rows: [], step: { kind: "pick-rows" }, back: [] };
  if (report.items.length) {
    const state: QuarterlyState = { ...base, rows: report.items.map((i) => i.taskCode), step: { kind: "review" } };
    if (!created && !submitted && !notes.length) notes.push("Tiếp tục bản nháp đang làm dở.");
    return { state, replies: [...notes, reviewText(deps, state, who.school.name, report.version, report.items)] };
  }
  return { state: base, replies: [...notes, pickRowsPrompt(deps, base, who.school.name)] };
}

// === One turn ================================================================================

export async function continueQuarterly(deps: DialogueDeps, who: Reporter, state: QuarterlyState, text: string): Promise<Turn> {
  const report = await deps.prisma.report.findUnique({ where: { id: state.reportId }, include: { items: true } });
  if (!report || report.status !== "draft") {
    return { state: null, replies: ["Bản nháp này đã được nộp hoặc không còn. Gõ “báo cáo” để bắt đầu lại."] };
  }
  const steering = detectSteering(text);
  const save = (values: Parameters<typeof setItem>[3], row: string) => setItem(deps.prisma, report.id, row, values, who.contactId);
  const say = (next: QuarterlyState, ...before: string[]) => render(deps, who, next, report.version, before);

  // Commands that work at any step.
  if (steering === "back") {
    const prev = state.back.at(-1);
    if (!prev) return say(state, "Đây là bước đầu tiên, không quay lại được nữa.");
    return say({ ...state, step: prev, back: state.back.slice(0, -1) });
  }
  if (steering === "review") return say(pushStep(state, { kind: "review" }));
  if (steering && typeof steering === "object") {
    const row = fillableRows(deps.template).find((r) => r.code === steering.jump);
    if (!row) return say(state, `Không có mục ${steering.jump}. Các mục: ${fillableRows(deps.template).map((r) => r.code).join(", ")}.`);
    const rows = state.rows.includes(row.code) ? state.rows : sortRows(deps, [...state.rows, row.code]);
    return say(pushStep({ ...state, rows, returnToReview: true }, { kind: "field", row: row.code, field: deps.template.fields[0]!.key }));
  }

  const step = state.step;
  if (/\?\s*$/.test(text) && step.kind !== "field") return answerAside(deps, who, state, report.version, text);

  if (step.kind === "pick-rows") {
    if (steering === "skip") return say(pushStep({ ...state, rows: [] }, { kind: "review" }), "Đã ghi: quý này không có hoạt động.");
    const sel = parseRowSelection(text, deps.template.rows);
    if (!sel.ok) {
      return sayAfterNonAnswer(deps, who, state, report.version, text, `Tôi chưa hiểu “${shorten(sel.unknown.join(" "), 40)}”. Gõ các số mục cách nhau bằng dấu cách, ví dụ: 2 4 7 8.`);
    }
    return say(pushStep({ ...state, rows: sel.codes }, { kind: "field", row: sel.codes[0]!, field: deps.template.fields[0]!.key }));
  }

  if (step.kind === "review") {
    if (steering === "confirm") {
      const filed = await submitDraft(deps.prisma, { reportId: report.id, contactId: who.contactId, now: deps.clock.now(), rules: deps.rules });
      const lines = [
        `Đã nộp báo cáo ${qLabel(filed.period.code)} của ${filed.school.name} (phiên bản ${filed.version}).`,
        `Mã tiếp nhận: ${filed.referenceNo}`,
        `Thời điểm: ${timeText(filed.submittedAt!)}.`,
      ];
      if (filed.late) lines.push(`Lưu ý: nộp sau hạn (trước ngày ${formatDate(quarterlyDeadline(parseQuarterCode(filed.period.code)!, deps.rules).dueDay)}) nên được ghi nhận là nộp trễ.`);
      lines.push(`Hồ sơ PHỤ LỤC 2 (.docx) và PHỤ LỤC 3 (.xlsx) được tự động gửi tới ${deps.office.email}.`);
      lines.push("Cảm ơn thầy/cô! Gõ “sửa báo cáo” nếu cần sửa.");
      return { state: null, replies: [lines.join("\n")], filed: filed.id };
    }
    const a = text.length <= 300 ? await deps.answer(text) : undefined;
    const reask = "Gõ “xác nhận” để nộp, “sửa <số mục>” để sửa, “xem lại” để xem bản nháp, hoặc “hủy” để dừng.";
    return { state, replies: a && !a.declined ? [a.text, reask] : [reask] };
  }

  // A field of a row.
  const fields = deps.template.fields;
  const field = fields.find((f) => f.key === step.field)!;
  const item = report.items.find((i) => i.taskCode === step.row);

  if (steering === "same-as-last") {
    const last = await lastQuarterItem(deps, who, state, step.row);
    if (!last) return say(state, `Quý trước trường chưa có báo cáo cho mục ${step.row}.`);
    await save(pick(last), step.row);
    return say(pushStep(state, nextRowStep(deps, state, step.row)), `Đã lấy câu trả lời quý trước cho mục ${step.row}.`);
  }
  if (steering === "as-planned" && field.key === "done") {
    const last = await lastQuarterItem(deps, who, state, step.row);
    if (!last?.next) return say(state, `Quý trước trường chưa ghi kế hoạch cho mục ${step.row}.`);
    await save({ done: last.next }, step.row);
    return say(pushStep(state, nextFieldStep(deps, state, step.row, field.key)));
  }
  if (steering === "keep") return say(pushStep(state, nextFieldStep(deps, state, step.row, field.key, item?.status !== "dang_thuc_hien")));
  if (steering === "skip") {
    await save({ [field.key]: null }, step.row);
    return say(pushStep(state, nextFieldStep(deps, state, step.row, field.key, true)));
  }
  if (/\?\s*$/.test(text)) return answerAside(deps, who, state, report.version, text);

  // A whole row in one message ("Tình trạng: xong / Tiến độ: 100% / Đã làm: …").
  const labelled = parseLabelledRow(text);
  if (Object.keys(labelled).length >= 2) {
    const values: Record<string, string | number | null> = {};
    const problems: string[] = [];
    for (const [key, raw] of Object.entries(labelled)) {
      const f = fields.find((x) => x.key === key)!;
      const v = validate(f, raw!);
      if ("error" in v) problems.push(`${f.label}: ${v.error}`);
      else Object.assign(values, v.values);
    }
    if (problems.length) return say(state, `Chưa lưu được: ${problems.join("; ")}.`);
    await save(values, step.row);
    return say(pushStep(state, nextRowStep(deps, state, step.row)), `Đã lưu mục ${step.row}.`);
  }

  const v = validate(field, text);
  if ("error" in v) return sayAfterNonAnswer(deps, who, state, report.version, text, v.error);
  await save(v.values, step.row);
  return say(pushStep(state, nextFieldStep(deps, state, step.row, field.key, "progressPercent" in v.values)));
}

// === Helpers =================================================================================

type Validated = { values: Record<string, string | number | null> } | { error: string };

function validate(field: ReportField, raw: string): Validated {
  const text = raw.normalize("NFC").trim();
  if (field.kind === "status") {
    const status = parseStatus(text);
    if (!status) return { error: "Tôi chưa hiểu tình trạng. Gõ 1 (chưa thực hiện), 2 (đang thực hiện) hoặc 3 (đã hoàn thành) — ví dụ: 2." };
    const values: Record<string, string | number | null> = { status };
    const pct = parseProgress(text);
    if (pct !== undefined && !Number.isNaN(pct) && /%|\//.test(text)) values.progressPercent = pct;
    else if (status === "da_hoan_thanh") values.progressPercent = 100;
    else if (status === "chua_thuc_hien") values.progressPercent = 0;
    return { values };
  }
  if (field.kind === "percent") {
    const pct = parseProgress(text);
    if (pct === undefined) return { error: "Thầy/cô gõ phần trăm so với kế hoạch, ví dụ: 80% hoặc 8/10." };
    if (Number.isNaN(pct)) return { error: "Tiến độ phải từ 0 đến 100%, ví dụ: 80%." };
    return { values: { progressPercent: pct } };
  }
  const max = field.max ?? 1000;
  if ([...text].length > max) return { error: `Nội dung dài ${[...text].length} ký tự, tối đa ${max}. Thầy/cô rút gọn giúp, hoặc gửi bản đầy đủ qua email.` };
  if ((text.match(/[\p{L}\p{N}]/gu) ?? []).length < 2) return { error: `Tôi chưa đọc được nội dung. ${field.ask} Ví dụ: “Đã tập huấn 25/30 giáo viên dùng LMS”.` };
  return { values: { [field.key]: text } };
}

function pushStep(state: QuarterlyState, step: Step): QuarterlyState {
  const returnToReview = step.kind === "review" ? undefined : state.returnToReview;
  return { ...state, step, returnToReview, back: [...state.back, state.step].slice(-MAX_BACK) };
}

function sortRows(deps: DialogueDeps, rows: string[]): string[] {
  return [...new Set(rows)].sort((a, b) => order(deps, a) - order(deps, b));
}

/**
 * The next field to ask for a row. % is asked only while the task is in progress: not when
 * the status answer already gave it (“80%”) or implied it (done = 100, not started = 0).
 */
function nextFieldStep(deps: DialogueDeps, state: QuarterlyState, row: string, after: FieldKey, percentKnown = false): Step {
  const fields = deps.template.fields;
  for (let i = fields.findIndex((f) => f.key === after) + 1; i < fields.length; i++) {
    const f = fields[i]!;
    if (f.kind === "percent" && percentKnown) continue;
    return { kind: "field", row, field: f.key };
  }
  return nextRowStep(deps, state, row);
}

function nextRowStep(deps: DialogueDeps, state: QuarterlyState, row: string): Step {
  if (state.returnToReview) return { kind: "review" };
  const next = state.rows[state.rows.indexOf(row) + 1];
  return next ? { kind: "field", row: next, field: deps.template.fields[0]!.key } : { kind: "review" };
}

async function lastQuarterItem(deps: DialogueDeps, who: Reporter, state: QuarterlyState, row: string) {
  const prev = previousQuarter(parseQuarterCode(state.period)!);
  const period = await deps.prisma.period.findUnique({ where: { code: quarterCode(prev) } });
  if (!period) return undefined;
  const last = await latestSubmitted(deps.prisma, who.school.id, period.id);
  return last?.items.find((i) => i.taskCode === row);
}

async function render(deps: DialogueDeps, who: Reporter, state: QuarterlyState, version: number, before: string[]): Promise<Turn> {
  const step = state.step;
  let prompt: string;
  if (step.kind === "pick-rows") prompt = pickRowsPrompt(deps, state, who.school.name);
  else if (step.kind === "review") {
    const items = await deps.prisma.reportItem.findMany({ where: { reportId: state.reportId } });
    prompt = reviewText(deps, state, who.school.name, version, items);
  } else {
    const field = deps.template.fields.find((f) => f.key === step.field)!;
    const current = (await deps.prisma.reportItem.findUnique({ where: { reportId_taskCode: { reportId: state.reportId, taskCode: step.row } } }))?.[field.key];
    let hint: string | undefined;
    if (current !== null && current !== undefined && current !== "") {
      const shown = field.kind === "status" ? STATUS_LABELS[current as Status] : field.kind === "percent" ? `${current}%` : shorten(String(current), 200);
      hint = `Hiện tại: “${shown}” — gõ “giữ nguyên” để giữ.`;
    }
    if (field.key === "done") {
      const last = await lastQuarterItem(deps, who, state, step.row);
      if (last?.next && !hint) hint = `Quý trước trường dự kiến: “${shorten(last.next, 200)}”. Gõ “như kế hoạch” để dùng, hoặc “như quý trước” để lấy cả mục.`;
    }
    prompt = fieldPrompt(deps, step.row, field, hint);
  }
  return { state, replies: [...before, prompt] };
}

/** A question in the middle of the form: answer it, then ask again where we were. */
async function answerAside(deps: DialogueDeps, who: Reporter, state: QuarterlyState, version: number, text: string): Promise<Turn> {
  const a = await deps.answer(text);
  const turn = await render(deps, who, state, version, []);
  return { state, replies: [a.text, `Tiếp tục báo cáo:\n${turn.replies.join("\n")}`] };
}

/** Input that is not an answer: a question the knowledge base knows gets answered; anything else a kind re-ask. */
async function sayAfterNonAnswer(deps: DialogueDeps, who: Reporter, state: QuarterlyState, version: number, text: string, reask: string): Promise<Turn> {
  if (text.length <= 300) {
    const a = await deps.answer(text);
    if (!a.declined && a.text) {
      const turn = await render(deps, who, state, version, []);
      return { state, replies: [a.text, `Tiếp tục báo cáo:\n${turn.replies.join("\n")}`] };
    }
  }
  return render(deps, who, state, version, [reask]);
}

function timeText(d: Date): string {
  const hm = new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit", hour12: false }).format(d);
  return `${hm} ngày ${formatDate(d)}`;
}

/** “Trường em nộp chưa?” */
export async function statusText(deps: DialogueDeps, who: Reporter, q: Quarter): Promise<string> {
  const code = quarterCode(q);
  const period = await deps.prisma.period.findUnique({ where: { code } });
  const due = `hạn trước ngày ${formatDate(quarterlyDeadline(q, deps.rules).dueDay)}`;
  const submitted = period && (await latestSubmitted(deps.prisma, who.school.id, period.id));
  const draft = period && (await findDraft(deps.prisma, who.school.id, period.id));
  const lines: string[] = [];
  if (submitted) {
    lines.push(`${who.school.name} đã nộp báo cáo ${qLabel(code)}: phiên bản ${submitted.version}, mã ${submitted.referenceNo}, lúc ${timeText(submitted.submittedAt!)}${submitted.late ? " (nộp trễ)" : ""}.`);
  } else lines.push(`${who.school.name} chưa nộp báo cáo ${qLabel(code)} (${due}).`);
  if (draft) {
    const filled = draft.items.filter((i) => i.status || i.done).length;
    lines.push(`Có bản nháp${submitted ? ` phiên bản ${draft.version}` : ""} đang làm dở: đã điền ${filled} mục. Gõ “báo cáo” để làm tiếp.`);
  } else if (!submitted) lines.push("Gõ “báo cáo” để bắt đầu nộp ngay trong cuộc trò chuyện này.");
  return lines.join("\n");
}

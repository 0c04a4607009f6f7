/**
 * The quarterly report conversation, as a state machine over the report template. The state
 * lives in Conversation.state (JSON), so a restart or a reply the next day resumes exactly
 * where it stopped; the answers live in the school's draft report, saved at every step.
 *
 * One answer per row: the person answers a row in one message, which the language layer splits
 * into status, %, work done, next quarter, difficulties and recommendations (src/lang/row-answer.ts);
 * the bot shows what it understood in one line and asks only for what is missing and needed
 * (the status, and the work done of a task under way). Form acts (src/dialogue/acts.ts) work at
 * every step: confirm, cancel (asked to confirm, then the draft is discarded), pause and resume,
 * skip a row or the rest, copy last quarter (optionally "… nhưng <change>"), go back, review,
 * edit a named row or part — also while another row is being asked —, add a row, ask a question.
 *
 * Terminology: a *row* is a task row of PHỤ LỤC 3 ("2", "3.1"); a *part* is one thing said about
 * it (status, %, done, next, difficulties, recommendations); a *step* is what the bot waits for.
 */
import type { Db } from "../db/client.ts";
import type { Clock } from "../clock.ts";
import {
  formatDate,
  nextQuarter,
  parseQuarterCode,
  previousQuarter,
  quarterCode,
  quarterlyDeadline,
  quarterOf,
  type DeadlineRules,
  type Quarter,
} from "../domain/periods.ts";
import { parseRowSelection, parseStatus, statusForProgress } from "../domain/report-input.ts";
import { foldForMatching, normalize } from "../lang/normalize.ts";
import { findPeriod, resolveQuarter } from "../lang/periods.ts";
import { foldVietnamese } from "../domain/text.ts";
import { foldSameLength, isEmptyAnswer, isMetaTalk, isQuestion, isStatusSentence, NOT_THAT, opensWithShare, parseRowAnswer, parseStatusPhrase, partVerbatim, planSaidAsStatus, saysEmpty, saysHardship, type RowAnswer } from "../lang/row-answer.ts";
import { answerThenQuestion } from "../lang/split.ts";
import { acknowledgeNewer, changedRows, discardDraft, ensureQuarterPeriod, fileVersion, findDraft, firstFiled, itemAnswers, latestSubmitted, nextVersion, openDraft, otherDrafts, rebaseDraft, setItem, type ItemAnswers, type ItemValues } from "../reports/store.ts";
import { fillableRows, type ReportTemplate } from "../reports/template.ts";
import { actSegments, addedRows, approvedThenSend, detectAct, saysNoRows, yesNo, type Act } from "./acts.ts";
import { leadingRow, namedRowAnswer, rowsByTopic, beyondTopic, withoutRowName } from "../lang/row-topics.ts";
import { commandIn, doubtfulConfirm, nonAnswer } from "./turn-reading.ts";
import type { Opening } from "./phrases.ts";
import { donePrompt, filedText, fullRowsText, hasContent, nextPrompt, qLabel, rowLine, rowPrompt, shortenWords, statusPrompt, summaryText, timeliness } from "./quarterly-texts.ts";

export type Step =
  | { kind: "choose-period"; options: string[] }
  | { kind: "pick-rows" }
  | { kind: "row"; row: string }
  | { kind: "field"; row: string; field: "status" | "done" | "next" }
  | { kind: "copied"; row: string }
  | { kind: "review" }
  | { kind: "confirm-cancel"; resume: Step }
  /** A newer version was filed (by e-mail, the dashboard, a colleague) while this draft was open. */
  | { kind: "overtaken"; newer: string; resume: Step }
  /** A correction brought facts that contradict the stored "Đã làm": replace it with `text`? */
  | { kind: "replace-done"; row: string; text: string; said?: string; resume: Step }
  /** Asked for `row`'s next quarter, a message that reads like the answer of the `next` row: whose is it? */
  | { kind: "which-row"; row: string; next: string; text: string; resume: Step };

export interface QuarterlyState {
  flow: "quarterly";
  /** Empty while the person chooses the period. */
  reportId: string;
  period: string;
  rows: string[];
  step: Step;
  back: Step[];
  /** Set by "sửa 3.1" from the summary: after that row, back to the summary. */
  returnToReview?: boolean;
  /** "để tối làm tiếp": the form waits; other messages go to the knowledge base until "làm tiếp". */
  paused?: boolean;
  /** Picked rows the person said have no activity ("bỏ qua"): not pending any more. */
  skipped?: string[];
  /** Rows added together ("thêm 7 và 9"): asked one after the other, then back where the form was. */
  adding?: string[];
  /** Rows answered before their turn ("mục 8 xong r, …" while row 2 was asked): later asked only what they miss. */
  ahead?: string[];
}

/**
 * Rows picked for this report but neither answered nor skipped: they stay pending — listed as
 * such on the summary and asked before filing, never filed as "no activity" without a word.
 */
export function pendingRows(state: QuarterlyState, items: ItemAnswers[]): string[] {
  return state.rows.filter((r) => !state.skipped?.includes(r) && !items.some((i) => i.taskCode === r && hasContent(i)));
}

const withSkipped = (state: QuarterlyState, rows: string[]): QuarterlyState => ({ ...state, skipped: [...new Set([...(state.skipped ?? []), ...rows])] });
/** A row back in the report (added again, or its answer retracted): no longer among the skipped. */
const unskipped = (state: QuarterlyState, row: string): QuarterlyState => {
  const skipped = state.skipped?.filter((r) => r !== row);
  return { ...state, skipped: skipped?.length ? skipped : undefined };
};
/** A row code of this template's PHỤ LỤC 3 that schools fill in. */
const isFillable = (deps: DialogueDeps, code: string | undefined): boolean => fillableRows(deps.template).some((r) => r.code === code);
/** Everything said for a row, emptied (the row stays, with nothing in it). */
const CLEARED: RowAnswer = { done: null, next: null, difficulties: null, recommendations: null };

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
  answer: (question: string) => Promise<{ text: string; declined: boolean; kind?: string }>;
}

export interface Turn {
  state: QuarterlyState | null;
  replies: string[];
  /** Set when this turn filed a report (its id). */
  filed?: string;
}

const MAX_BACK = 50;
const MAX_TEXT = 2_000;
const order = (deps: DialogueDeps, code: string) => deps.template.rows.findIndex((r) => r.code === code);
const pick = (i: ItemAnswers) => {
  const { taskCode: _code, ...answers } = itemAnswers(i);
  return answers;
};

// === Opening =================================================================================

/** The period a request without a quarter most likely means, or two to choose from after a deadline. */
async function periodFor(deps: DialogueDeps, who: Reporter, text: string): Promise<Quarter | Quarter[]> {
  const now = deps.clock.now();
  const asked = resolveQuarter(findPeriod(normalize(text)), now);
  if (asked) return asked;
  const current = quarterOf(now);
  // The last quarter whose deadline has passed: if it was not filed and passed less than 45 days
  // ago, the person may mean it (late) or the quarter now open.
  const lastDue = now.getTime() >= quarterlyDeadline(current, deps.rules).cutoff.getTime() ? current : previousQuarter(current);
  const upcoming = now.getTime() >= quarterlyDeadline(current, deps.rules).cutoff.getTime() ? nextQuarter(current) : current;
  const sinceDue = (now.getTime() - quarterlyDeadline(lastDue, deps.rules).cutoff.getTime()) / 86_400_000;
  if (sinceDue <= 45) {
    const period = await deps.prisma.period.findUnique({ where: { code: quarterCode(lastDue) } });
    const filed = period && (await latestSubmitted(deps.prisma, who.school.id, period.id));
    if (!filed) return [lastDue, upcoming];
  }
  return current;
}

/**
 * "sửa báo cáo, thêm mục 8: đang làm 50%", "sửa bc q4, mục 2 xong rồi": a request to change the
 * report, then a change of a row with its content (a clause that is an edit or an addition with
 * text). The request (where a period may be named) and the change; undefined when none follows.
 */
export function changeAfterRequest(text: string): { request: string; change: string } | undefined {
  for (const m of text.matchAll(/[,;:\n]|\.(?!\d)/g)) {
    const at = m.index! + m[0].length;
    const change = text.slice(at).trim();
    const act = detectAct(change);
    if ((act?.kind === "add" && act.text) || (act?.kind === "edit" && (act.text || act.part))) return { request: text.slice(0, m.index!).trim(), change };
    // "tôi quên chưa báo mục 8 ạ: đang thực hiện 60%, …": the row named before the colon, its answer after it.
    const named = m[0] === ":" ? /(?<![\p{L}])(m[uụ]c\s+\d{1,2}(?:\.\d{1,2})?)(?:\s+(?:ạ|a|nha|nhé|luôn|luon))*\s*$/iu.exec(text.slice(0, m.index!)) : null;
    if (named && !isEmptyAnswer(parseRowAnswer(change))) return { request: text.slice(0, m.index!).trim(), change: `${named[1]}: ${change}` };
  }
  // "mở lại bc q4 sửa mục 4 tí": an order to change a row, without punctuation — that row is asked.
  const order = /(?<![\p{L}])(?:sửa|sua|chỉnh|chinh)\s+(?:lại\s+|lai\s+)?(?:mục|muc)\s+\d{1,2}(?:\.\d{1,2})?\b/iu.exec(text);
  if (order && order.index > 0 && detectAct(text.slice(order.index))?.kind === "edit") return { request: text.slice(0, order.index).trim(), change: text.slice(order.index).trim() };
  return undefined;
}

/** “báo cáo”, “sửa báo cáo”, “nộp chưa?”: opens (or resumes) the school's draft, or reports status. */
export async function openQuarterly(deps: DialogueDeps, who: Reporter, opening: Opening, text: string, previous?: QuarterlyState): Promise<Turn> {
  if (opening === "show-filed") return { state: null, replies: [await filedRowsText(deps, who, text)] };
  // "sửa báo cáo, thêm mục 8: …, quý tới nhân rộng": the period is read from the request only, and
  // the change that follows it is made once the draft is open.
  const change = opening === "correct" ? changeAfterRequest(text) : undefined;
  if (change) {
    const opened = await openQuarterly(deps, who, opening, change.request, previous);
    // Opened at its summary, or at the row the change is for ("quên chưa báo mục 8 ạ: …" adds row 8 and asks it).
    if (!opened.state || (opened.state.step.kind !== "review" && opened.state.step.kind !== "row")) return opened;
    const edited = await continueQuarterly(deps, who, opened.state, change.change);
    return { state: edited.state, replies: [...opened.replies.slice(0, -1), ...edited.replies] };
  }
  const chosen = await periodFor(deps, who, text);
  if (Array.isArray(chosen)) {
    if (opening === "status") return { state: null, replies: [await statusText(deps, who, chosen[0]!)] };
    const [late, next] = chosen as [Quarter, Quarter];
    const due = formatDate(quarterlyDeadline(late, deps.rules).dueDay);
    const state: QuarterlyState = { flow: "quarterly", reportId: "", period: "", rows: [], step: { kind: "choose-period", options: [quarterCode(late), quarterCode(next)] }, back: [] };
    return {
      state,
      replies: [
        `Báo cáo quý ${late.quarter}/${late.year} của trường chưa nộp và đã qua hạn (trước ngày ${due}). Thầy/cô muốn làm báo cáo nào?\n1. Quý ${late.quarter}/${late.year} (ghi nhận nộp trễ)\n2. Quý ${next.quarter}/${next.year}`,
      ],
    };
  }
  return openPeriod(deps, who, opening, chosen, text, previous);
}

async function openPeriod(deps: DialogueDeps, who: Reporter, opening: Opening, q: Quarter, text = "", previous?: QuarterlyState): Promise<Turn> {
  const now = deps.clock.now();
  const period = await ensureQuarterPeriod(deps.prisma, q, deps.rules);
  const deadline = quarterlyDeadline(q, deps.rules);
  const late = now.getTime() >= deadline.cutoff.getTime();
  const submitted = await latestSubmitted(deps.prisma, who.school.id, period.id);
  const draft = await findDraft(deps.prisma, who.school.id, period.id, who.contactId);

  if (opening === "status") return { state: null, replies: [await statusText(deps, who, q)] };

  // "làm thêm bc quý 4 mục 6", "báo cáo tiếp quý 4", "bổ sung mấy mục": adding to what was filed is a new version.
  if (submitted && !draft && opening !== "correct" && !saysAdding(text)) {
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
  });
  const notes: string[] = [];
  if (late) notes.push(`Lưu ý: đã quá hạn nộp báo cáo ${qLabel(period.code)} (trước ngày ${formatDate(deadline.dueDay)}); báo cáo vẫn được nhận và ghi nhận là nộp trễ.`);
  const others = await otherDrafts(deps.prisma, who.school.id, period.id, who.contactId);
  if (others.length) {
    const names = await deps.prisma.contact.findMany({ where: { id: { in: others.map((o) => o.createdById!).filter(Boolean) } }, select: { name: true } });
    notes.push(`Lưu ý: ${names.map((n) => n.name).join(", ") || "một người khác của trường"} cũng đang soạn báo cáo kỳ này. Mỗi người soạn bản nháp riêng; bản nộp sau sẽ là phiên bản mới nhất.`);
  }
  if (created && submitted) notes.push(`Đã mở phiên bản ${await nextVersion(deps.prisma, who.school.id, period.id)} từ bản đã nộp (phiên bản ${submitted.version}). Sửa mục nào thì gõ “sửa <số mục>”, xong gõ “xác nhận”.`);

  const base: QuarterlyState = { flow: "quarterly", reportId: report.id, period: period.code, rows: [], step: { kind: "pick-rows" }, back: [] };
  // The same draft this chat was filling (paused, or reopened by name: "sửa bc q4 …"): where it stopped, with the rows picked.
  if (previous?.reportId === report.id && !created) {
    const rows = sortRows(deps, [...new Set([...previous.rows, ...report.items.filter(hasContent).map((i) => i.taskCode)])]);
    const resumed: QuarterlyState = { ...previous, rows, paused: undefined };
    const done = report.items.filter(hasContent).length;
    return render(deps, who, addRowsSaid(deps, resumed, text), [...notes, `Tiếp tục bản nháp báo cáo ${qLabel(period.code)}: đã điền ${done} mục.`]);
  }
  // A draft reopened without this chat's form (another chat, a lost form): the rows with answers. A row
  // removed from the report keeps an emptied item, and is not a row of the report any more.
  const answered = report.items.filter(hasContent).map((i) => i.taskCode);
  if (answered.length) {
    const state: QuarterlyState = { ...base, rows: sortRows(deps, answered), step: { kind: "review" } };
    if (!created && !submitted && !notes.length) notes.push("Tiếp tục bản nháp đang làm dở.");
    return render(deps, who, addRowsSaid(deps, state, text), notes);
  }
  // The whole report in the opening ("… gửi bc quý IV nha. Mục 4 …: đã hoàn thành, …. Mục 6 …"): those
  // rows picked, and each piece read as that row's answer.
  const whole = opening === "report" ? wholeReport(text, fillableRows(deps.template).map((r) => r.code)) : undefined;
  if (whole) {
    const rows = sortRows(deps, whole.map((p) => p.row));
    const opened: QuarterlyState = pushStep({ ...base, rows }, { kind: "row", row: rows[0]! });
    const answered = await inTurn(deps, who, opened, whole.map((p) => p.text));
    return { ...answered, replies: [...notes, `Báo cáo ${qLabel(period.code)} — ${who.school.name}: ${rows.length > 1 ? "các mục" : "mục"} ${rows.join(", ")}.`, ...answered.replies] };
  }
  // Rows named in the opening itself ("bc quý III, có mục 1.1, 3.1 và 9 ạ"): straight to the first of them.
  const named = rowsNamedIn(deps, text);
  if (named.length && opening === "report") {
    // "…, 8 thì xong r": a status said for a picked row is kept; the row is still asked for the rest.
    const said: string[] = [];
    for (const clause of text.split(/[,;\n]|\.(?!\d)/)) {
      const c = new RegExp("^(?:con\\s+|rieng\\s+)?(?:muc\\s+)?(\\d{1,2}(?:\\.\\d{1,2})?)\\s+(?:thi|la)\\s+(.+)$").exec(normalize(clause));
      const p = c && named.includes(c[1]!) ? parseStatusPhrase(c[2]!) : undefined;
      if (!p?.status) continue;
      const item = await setItem(deps.prisma, report.id, c![1]!, { status: p.status, progressPercent: p.percent ?? null }, who.contactId);
      said.push(`Đã ghi mục ${rowLine(item)}.`);
    }
    const opened = await render(deps, who, pushStep({ ...base, rows: named }, { kind: "row", row: named[0]! }), [...notes, `Báo cáo ${qLabel(period.code)} — ${who.school.name}: ${named.length > 1 ? "các mục" : "mục"} ${named.join(", ")}.`, ...said]);
    // "thầy gửi bc quý 4 mục 7 nha. đang thực hiện 85%, đã xử lý 240 văn bản …": the one row's answer follows.
    const sentences = text.split(/(?<=[.!?;])\s+|\n+/);
    const rest = sentences.slice(1).join(" ").trim();
    if (named.length === 1 && !said.length && rest && rowsNamedIn(deps, sentences[0]!).length && !isEmptyAnswer(parseRowAnswer(rest)) && opened.state) {
      const answered = await continueQuarterly(deps, who, opened.state, rest);
      return { ...answered, replies: [...opened.replies.slice(0, -1), ...answered.replies] };
    }
    return opened;
  }
  return render(deps, who, base, notes);
}

/**
 * "sửa lại bc q4, thêm mục 7 vs 9": rows the opening adds to a reopened draft are asked in turn,
 * then the summary.
 */
/** Words of adding to a report ("thêm", "tiếp", "nốt", "bổ sung"). */
const saysAdding = (text: string) => /\b(them|tiep|not|bo sung)\b/.test(normalize(text));

function addRowsSaid(deps: DialogueDeps, state: QuarterlyState, text: string): QuarterlyState {
  // "thêm 9", or the rows an adding request names ("làm thêm bc quý 4 mục 9", "báo cáo tiếp quý 4 mục 2 và 3.1").
  const named = saysAdding(text) ? rowsNamedIn(deps, text).filter((c) => !state.rows.includes(c)) : [];
  const added = sortRows(deps, [...new Set([...(addedRows(text) ?? []), ...named])].filter((c) => isFillable(deps, c)));
  if (!added.length) return state;
  const rows = sortRows(deps, [...state.rows, ...added]);
  return pushStep({ ...state, rows, returnToReview: true, adding: added.length > 1 ? added : undefined }, { kind: "row", row: added[0]! });
}

/** "mục 2 vs 8", "có mục 1.1, 3.1 và 9": the rows an opening message names after the word "mục". */
function rowsNamedIn(deps: DialogueDeps, text: string): string[] {
  const n = normalize(text);
  // "gui bc quy 4, lam tat ca cac muc luon": every row.
  if (/\b(lam|co|chon|gom)? ?(tat ca|het|toan bo) (cac )?muc\b/.test(n) && !/\b(tru|ngoai|khong)\b/.test(n)) return fillableRows(deps.template).map((r) => r.code);
  // "… có mục 1.1, 3.1 và 9", or "trường e quý này có 1.2, 5, 8 nha" — numbers after "có"/"làm"/"gồm" not followed by a noun ("có 2 lớp").
  // ("làm từ mục 2 đến mục 5": a range, read by parseRowSelection.)
  const m = /\bmuc ((?:\d{1,2}(?:\.\d{1,2})?)(?:\s*(?:,|va|voi|vs|den|toi|-|\s)\s*(?:muc\s+)?\d{1,2}(?:\.\d{1,2})?)*)/.exec(n) ?? /\b(?:co|lam|gom|chon) ((?:\d{1,2}(?:\.\d{1,2})?)(?:\s*(?:,|va|voi|vs|den|toi|-|\s)\s*\d{1,2}(?:\.\d{1,2})?)*)(?=$|\s+(?:nha|nhe|a|thoi|thi|la|roi|ad)\b)/.exec(n);
  if (!m) return [];
  const sel = parseRowSelection(m[1]!, deps.template.rows);
  return sel.ok ? sel.codes : [];
}

/**
 * A message whose first clause is how a task stands ("xong r, …", "đang làm 60%, …", "chưa triển
 * khai …") and not a plan ("sẽ …", "đang làm tiếp …", "dự kiến …", "quý tới 100% …"), with more after it.
 */
function opensOnStatus(text: string): boolean {
  const first = text.split(/[,;.!\n]/)[0] ?? "";
  const f = foldVietnamese(first).trim();
  if (!/^(da |dang |chua |xong|hoan thanh|\d{1,3}\s*%)/.test(f) || /\b(quy toi|quy sau|qt|sap toi|se|du kien|ke hoach|tiep|thang \d+|nam sau)\b/.test(f)) return false;
  const p = parseStatusPhrase(first);
  return p.status !== undefined && /\p{L}{2}/u.test(text.slice(first.length));
}

/**
 * The rows picked, corrected in words: a row said not to be one ("chứ ko phải 5", "ko làm mục 4")
 * and other rows named instead. Only when the row going out has nothing written yet and every row
 * named is new; the person is told what changed. Undefined when the message is no such correction.
 */
async function reselection(ctx: Ctx, state: QuarterlyState, text: string): Promise<Turn | undefined> {
  const n = normalize(text);
  if (!/\b(nham|sai|chon nham|y (e|em|toi|thay|co|minh) la)\b/.test(n)) return undefined;
  const out = /\bchu (?:khong|ko|k) phai (?:muc )?(\d{1,2}(?:\.\d{1,2})?)\b/.exec(n) ?? /\b(?:khong|ko|k) (?:lam|co) (?:muc )?(\d{1,2}(?:\.\d{1,2})?)\b/.exec(n);
  const gone = out?.[1];
  if (!gone || !state.rows.includes(gone) || ctx.items.some((i) => i.taskCode === gone && hasContent(i))) return undefined;
  const named = [...n.replace(out![0], " ").matchAll(/(?<![\d.])(\d{1,2}(?:\.\d{1,2})?)(?![\d.%\/])/g)].map((m) => m[1]!).filter((c) => isFillable(ctx.deps, c));
  const added = [...new Set(named)].filter((c) => c !== gone);
  if (!added.length || added.some((c) => state.rows.includes(c) && c !== gone && !named.includes(c))) return undefined;
  const fresh = added.filter((c) => !state.rows.includes(c));
  if (!fresh.length) return undefined;
  const rows = sortRows(ctx.deps, [...state.rows.filter((r) => r !== gone), ...fresh]);
  const asked = stepRow(state.step);
  const next: QuarterlyState = { ...state, rows, back: state.back.filter((b) => stepRow(b) !== gone) };
  const step: Step = state.step.kind === "review" ? { kind: "row", row: fresh[0]! } : asked === gone ? { kind: "row", row: rows.find((r) => !ctx.items.some((i) => i.taskCode === r && hasContent(i)))! } : state.step;
  return render(ctx.deps, ctx.who, { ...next, step, returnToReview: state.step.kind === "review" ? true : next.returnToReview }, [`Đã sửa các mục đã chọn: bỏ mục ${gone}, thêm mục ${fresh.join(", ")}. Các mục: ${rows.join(", ")}.`]);
}

/** The act a short sentence orders, as the turn-type classifier reads it (a confident reading only). */
function orderRead(sentence: string): Act["kind"] | undefined {
  const command = commandIn(sentence);
  return command && ({ confirm: "confirm", pause: "pause", review: "review", skip_rest: "skip-rest" } as Partial<Record<string, Act["kind"]>>)[command];
}

/** A status, a % or "chưa rõ" said: an answer at the status step. */
function statusIn(text: string): boolean {
  const p = parseStatusPhrase(text);
  // (… or the short answers to "tình trạng?": "rồi ạ", "xong", "chưa", "1/2/3".)
  return p.status !== undefined || p.percent !== undefined || p.unclear === true || parseStatus(text) !== undefined;
}

/** Rows a message names: after "mục"/"dòng" or a verb of the form ("thêm 7", "bỏ 5", "sửa 3.1"), only rows of the report. */
function rowsMentioned(deps: DialogueDeps, text: string): string[] {
  const n = normalize(text);
  const numbered = [...n.matchAll(/\b(?:muc|dong|them|bo|xoa|sua|bo qua)\s+(\d{1,2}(?:\.\d{1,2})?)(?![\d/%])(?!\s*(?:%|gv|giao vien|hs|hoc sinh|lop|phong|may|cuon|dau sach|nguoi|tiet|bai|ngay|thang))/g)].map((m) => m[1]!);
  // "à còn mục thư viện số nữa, thêm vào giúp e": a row added by its topic.
  const found = numbered.length || !/\b(them|bo sung)\b/.test(n) ? numbered : rowsByTopic(text);
  return sortRows(deps, [...new Set(found)].filter((c) => isFillable(deps, c)));
}

/** A question typed where content was expected: the knowledge base's answer, then the step again; never stored. */
async function questionNotContent(ctx: Ctx, state: QuarterlyState, text: string): Promise<Turn> {
  const a = await ctx.deps.answer(text);
  if (!a.declined && a.text && a.kind !== "smalltalk") return answerAside(ctx, state, text);
  const row = stepRow(state.step);
  return render(ctx.deps, ctx.who, state, [row ? notContent(row) : "Tôi chưa ghi gì từ tin vừa rồi."]);
}

/** The step the form is at, asked again (after a message the form does not take: a refusal, say). */
export async function askAgain(deps: DialogueDeps, who: Reporter, state: QuarterlyState): Promise<Turn> {
  return render(deps, who, state);
}

/**
 * "ủa ad ơi, mục 8 e ghi nhầm, phải là 90% thôi chưa xong hẳn. sửa giúp e" with no form open: a
 * correction of a row of the report the school filed. A new version is opened from the filed one
 * (as “sửa báo cáo” does) and the correction applied to it; undefined when the message is no such
 * correction or nothing was filed.
 */
export async function amendFiled(deps: DialogueDeps, who: Reporter, said: string): Promise<Turn | undefined> {
  // "ad ơi t mới nhớ, mục 8 là 18 lớp chứ ko phải 15, sửa lại giùm t": what comes before the row is talk.
  // "Ôi, tôi quên chưa báo mục 8 ạ: …": forgotten, then the row.
  const at = Math.max(said.search(/(?<=^|[,.;!]\s*)m[uụ]c\s+\d/iu), said.search(/(?<=\b(?:quên|quen)\s+(?:chưa\s+|chua\s+)?(?:báo|bao|ghi|điền|dien|nói|noi)(?:\s+(?:lại|lai|cáo|cao))?\s+)m[uụ]c\s+\d/iu));
  const text = at > 0 ? said.slice(at) : said;
  const act = detectAct(text);
  // "sửa luôn mục 6 kiến nghị bỏ chữ kien nghi ở đầu đi": words struck or a number replaced in a named row.
  const textFix = (act?.kind === "strike" || act?.kind === "replace") && !!act.row;
  // "thêm mục 9 vào bc q4 giúp e": a row added to what was filed.
  const added = act?.kind === "add";
  if (!textFix && !added && (act?.kind !== "edit" || (!act.text && !act.part))) return undefined;
  // "mục 3.3 thêm khó khăn: …": a part named with its new text is a change, said as such.
  const labelled = act?.kind === "edit" && !!act.part && !!act.text;
  // Said to be a mistake, or asked to be changed: not a question about the row ("mục 8 ghi gì").
  // "à quên, mục 4 là 90% nhé", "ấy chết, mục 4 phải là 80% mới đúng": forgotten or set right after filing, too.
  if (!textFix && !added && !labelled && !/\b(nham|sai|sua|sua lai|ghi lai|doi lai|chua dung|khong dung|ko dung|quen|bo sung|cap nhat lai|moi dung|moi phai|phai la|chu khong phai|chu ko phai|ay chet|them (?:kho khan|vuong mac|kien nghi|de xuat|de nghi|quy toi|noi dung))\b/.test(foldForMatching(said))) return undefined;
  // The report's quarter, not the plan's ("quý tới mở rộng …" is what the row says, not which report).
  const asked = resolveQuarter(findPeriod(normalize(said).replace(/\b(quy|ky) (toi|sau|tiep theo|ke tiep)\b/g, " ")), deps.clock.now());
  const filed = await deps.prisma.report.findFirst({
    where: { schoolId: who.school.id, status: "submitted", period: asked ? { code: quarterCode(asked) } : { kind: "quarter" as const } },
    orderBy: [{ period: { dueAt: "desc" } }, { version: "desc" }],
    include: { period: true },
  });
  const q = filed && parseQuarterCode(filed.period.code);
  if (!q) return undefined;
  const opened = await openPeriod(deps, who, "correct", q);
  if (!opened.state || opened.state.step.kind !== "review") return undefined;
  const edited = await continueQuarterly(deps, who, opened.state, text);
  // The notes of the opening ("Đã mở phiên bản 2 …"), then what the correction did; the summary once.
  return { state: edited.state, replies: [...opened.replies.slice(0, -1), ...edited.replies] };
}

/** "làm tiếp": a paused form continues where it stopped. */
export async function resumeQuarterly(deps: DialogueDeps, who: Reporter, state: QuarterlyState): Promise<Turn> {
  const items = state.reportId ? await deps.prisma.reportItem.findMany({ where: { reportId: state.reportId } }) : [];
  const done = items.filter(hasContent).length;
  const what = state.period ? `Tiếp tục báo cáo ${qLabel(state.period)}` : "Tiếp tục báo cáo";
  return render(deps, who, { ...state, paused: undefined }, [`${what}: đã điền ${done} mục.`]);
}

// === One turn ================================================================================

export async function continueQuarterly(deps: DialogueDeps, who: Reporter, state: QuarterlyState, text: string): Promise<Turn> {
  const step = state.step;
  if (step.kind === "choose-period") return choosePeriod(deps, who, state, step, text);

  const report = await deps.prisma.report.findUnique({ where: { id: state.reportId }, include: { items: true } });
  if (!report || report.status !== "draft") {
    return { state: null, replies: ["Bản nháp này đã được nộp hoặc không còn. Gõ “báo cáo” để bắt đầu lại."] };
  }
  // Checked at every step, not only at the start: the draft is this person's, for their own school.
  if (report.schoolId !== who.school.id || report.createdById !== who.contactId) {
    return { state: null, replies: [`Bản nháp này không thuộc tài khoản của thầy/cô (hoặc tài khoản đã được liên kết với trường khác), nên tôi đã dừng. Gõ “báo cáo” để làm báo cáo của ${who.school.name}.`] };
  }
  const ctx: Ctx = { deps, who, periodId: report.periodId, reportId: report.id, items: report.items, supersedes: report.basedOnId };

  if (step.kind === "overtaken") return overtakenTurn(ctx, state, step, text);
  const newer = await latestSubmitted(deps.prisma, who.school.id, report.periodId);
  if (newer && newer.id !== report.basedOnId) return askOvertaken(ctx, state, newer);

  if (step.kind === "confirm-cancel") {
    // "à thôi ko hủy, giữ lại": not cancelling, in so many words.
    const keep = /\b(khong|chua|dung) huy\b|\bgiu (lai|nguyen|ban nhap|bao cao)\b/.test(normalize(text));
    // "đúng r hủy", "ừ hủy luôn": agreeing, with the word itself.
    const yes = keep ? false : (yesNo(text) ?? (/\bhuy\b/.test(normalize(text)) && /^(dung|u|uh|uk|vang|ok|oke|co|chac chan|phai)\b/.test(normalize(text)) ? true : undefined));
    if (yes === true) {
      await discardDraft(deps.prisma, report.id, who.contactId);
      const kept = report.supersedesId ? " Bản đã nộp trước đó vẫn giữ nguyên." : "";
      return { state: null, replies: [`Đã hủy bản nháp báo cáo ${qLabel(state.period)}.${kept} Khi cần, gõ “báo cáo” để làm lại.`] };
    }
    if (yes === false) return render(deps, who, { ...state, step: step.resume }, ["Đã giữ bản nháp. Tiếp tục:"]);
    if (detectAct(text)?.kind === "pause") return globalAct(ctx, { ...state, step: step.resume }, { kind: "pause" }, text) as Promise<Turn>;
    // "xác nhận nộp": filing is the opposite of cancelling — the draft stays, and the order goes on.
    if (detectAct(text)?.kind === "confirm" && /\b(nop|gui|chot)\b/.test(normalize(text))) return continueQuarterly(deps, who, { ...state, step: step.resume }, text);
    return { state, replies: ["Thầy/cô gõ “có” để hủy bản nháp, hoặc “không” để làm tiếp."] };
  }

  if (step.kind === "which-row") {
    const yes = yesNo(text) ?? (detectAct(text)?.kind === "confirm" && !/\b(nop|gui|chot)\b/.test(normalize(text)) ? true : undefined);
    const resumed = { ...state, step: step.resume };
    // "có": the next row's answer; "không": this row's after all (its status and plan); else the question lapses.
    if (yes === true) return answerRow(ctx, pushStep(resumed, { kind: "row", row: step.next }), step.next, step.text);
    if (yes === false) return answerRow(ctx, resumed, step.row, step.text);
    return continueQuarterly(deps, who, resumed, text);
  }

  if (step.kind === "replace-done") {
    const sequence = await actsInTurn(deps, who, state, text);
    if (sequence) return sequence;
    const own = ownWording(text);
    const keep = detectAct(text);
    // "dạ xác nhận ạ", "ok": agreeing to the question asked, not filing past it.
    const yes = own ? true : keep?.kind === "keep" && (!keep.row || keep.row === step.row) ? false : (yesNo(text) ?? (keep?.kind === "confirm" ? true : undefined));
    const resumed = { ...state, step: step.resume };
    if (yes === true) {
      // "ko, ghi là: …": the person's own wording replaces the text.
      // "ko, ghi là: … . tình trạng là đang làm 90% nha": the wording is the text, the status said after it is the status.
      const item = await saveAnswer(ctx, step.row, own ? partVerbatim(own, "done") : { done: step.text });
      // "dạ xác nhận ạ" asked at the summary: the change, then the filing it also asked for.
      if (!own && keep?.kind === "confirm" && step.resume.kind === "review" && /\b(xac nhan|nop|gui|chot)\b/.test(normalize(text))) {
        const filed = await continueQuarterly(deps, who, resumed, "xác nhận");
        return { ...filed, replies: [`Đã sửa mục ${rowLine(item)}`, ...filed.replies] };
      }
      return render(deps, who, resumed, [`Đã sửa mục ${rowLine(item)}`]);
    }
    if (yes === false) return render(deps, who, resumed, [`Giữ nguyên phần Đã làm của mục ${step.row}.`]);
    // An order about the form ("thôi hủy bản này đi, giữ bản cũ", "để sau"): the question lapses and nothing is added.
    if (keep?.kind === "cancel" || keep?.kind === "pause") return continueQuarterly(deps, who, resumed, text);
    // Anything else: the question lapses, the message is read where the form was — and what was said is
    // not lost: it goes beside the stored text ("…; đã ban hành quyết định số 45/QĐ-TH").
    const stored = ctx.items.find((i) => i.taskCode === step.row)?.done;
    if (!step.said || !stored || foldVietnamese(stored).includes(foldVietnamese(step.said))) return continueQuarterly(deps, who, resumed, text);
    const kept = await saveAnswer(ctx, step.row, { done: `${stored.replace(/[\s.;,]+$/, "")}; ${step.said}` });
    const after = await continueQuarterly(deps, who, resumed, text);
    return { ...after, replies: [`Đã thêm vào phần Đã làm của mục ${rowLine(kept)} (giữ cả nội dung cũ; gõ “sửa ${step.row}” nếu cần).`, ...after.replies] };
  }

  // "xong 100% r, hs hoc qua k12, quy toi duy tri. vay thoi nop luon nha": the answer, then the order after it.
  if (step.kind === "row" || step.kind === "field") {
    const sentences = text.split(/(?<=[.!;])\s+|\n+/).map((x) => x.trim()).filter(Boolean);
    const last = sentences.at(-1);
    const short = sentences.length > 1 && !!last && last.split(/\s+/).length <= 8;
    const order = short ? detectAct(last!)?.kind ?? orderRead(last!) : undefined;
    const before = sentences.slice(0, -1).join(" ");
    if (order && ["confirm", "pause", "review", "skip-rest"].includes(order) && !detectAct(before) && !isEmptyAnswer(parseRowAnswer(before))) {
      // Filing is not done on the same message as the answer: the person has not seen the draft yet.
      if (order === "confirm") {
        const after = await inTurn(deps, who, state, [before]);
        return after.state?.step.kind === "review" ? { ...after, replies: [...after.replies, "Thầy/cô xem lại bản nháp trên rồi gõ “xác nhận” để nộp."] } : after;
      }
      return inTurn(deps, who, state, [before, last!]);
    }
  }
  // "a nham, muc 4 voi 8 chu ko phai 5", "chọn nhầm, trường ko làm mục 4, ý thầy là mục 7": the rows picked, corrected.
  const reselected = step.kind === "row" || step.kind === "field" || step.kind === "review" ? await reselection(ctx, state, text) : undefined;
  if (reselected) return reselected;
  // Several acts on different rows in one message ("mục 8 mới 90% thôi. còn 1.2 thì xóa đi"): in turn.
  // (While picking rows, "mục 2, mục 4" is one selection, not two acts.)
  const segments = step.kind === "pick-rows" ? undefined : actSegments(text, stepRow(step));
  if (segments) return inTurn(deps, who, state, segments);
  // "mục 2 phần kiến nghị để trống, còn thêm 5 và 8": two orders joined by "còn", "với lại", "rồi".
  const joined = /^(.+?)[,;]\s*(?:còn|con|với lại|voi lai|rồi|roi|và|va)\s+((?:thêm|them|bỏ|bo|sửa|sua|xóa|xoa)\s.+)$/isu.exec(text);
  if (joined && step.kind !== "pick-rows" && detectAct(joined[1]!) && ["add", "remove", "edit"].includes(detectAct(joined[2]!)?.kind ?? "")) return inTurn(deps, who, state, [joined[1]!.trim(), joined[2]!.trim()]);
  // A question ("gửi báo cáo về email nào?", "mục 7 pl3 là gì?") is not a form act, except leaving or looking back.
  const detected = detectAct(text);
  if (!detected) {
    const sequence = await actsInTurn(deps, who, state, text);
    if (sequence) return sequence;
  }
  // "ơ e hỏi thôi mà, ko phải nội dung mục 9. nộp 19/12 có kịp ko?": the retraction stands, the question is answered with it.
  let act = /\?\s*$/.test(text) && detected && !["cancel", "pause", "back", "review", "retract"].includes(detected.kind) ? undefined : detected;
  // "3.2 chưa làm" about a row picked for this report: its status (chưa thực hiện; its plan is asked in its
  // turn), not "no activity, drop it" — that takes "không có" or "bỏ mục 3.2".
  if (act?.kind === "remove" && !act.explicit && state.rows.includes(act.row) && (step.kind === "row" || step.kind === "field") && /\bchua (lam|thuc hien|trien khai)\b/.test(normalize(text))) act = undefined;
  // "à còn mục thư viện số nữa, thêm vào giúp e": adding rows named by their topic.
  const said = normalize(text);
  if (!act && !detected && step.kind !== "pick-rows" && /\b(them|bo sung)\b/.test(said) && /\bmuc (?!tieu\b)/.test(said) && !/\d/.test(text) && said.split(" ").length <= 15) {
    const topics = rowsByTopic(said.slice(said.search(/\bmuc (?!tieu\b)/)), fillableRows(deps.template).map((r) => r.code)).filter((r) => !state.rows.includes(r));
    if (topics.length) act = { kind: "add", row: topics[0]!, rows: topics.length > 1 ? topics : undefined };
  }
  // At the summary, "7 văn phòng điện tử: xong 100%", "thư viện số: chưa làm …": that row's answer —
  // a change to a row in the report, or a row added with its answer.
  if (!act && !detected && step.kind === "review") {
    const named = namedRowAnswer(text, fillableRows(deps.template).map((r) => r.code));
    if (named) act = state.rows.includes(named.row) ? { kind: "edit", row: named.row, text: named.rest } : { kind: "add", row: named.row, text: named.rest };
  }
  if (!act && !detected) {
    // Not parsed as an act, about to be read as content: is it content at all?
    const guarded = step.kind === "row" || step.kind === "review" || (step.kind === "field" && (step.field !== "status" || !statusIn(text)));
    const na = guarded ? nonAnswer(text, stepRow(step), rowsMentioned(deps, text)) : undefined;
    if (na?.kind === "act") act = na.act;
    else if (na?.kind === "repeat") return render(deps, who, state, ["Tiếp tục báo cáo:"]);
    else if (na?.kind === "question") return questionNotContent(ctx, state, text);
    else if (na?.kind === "ask") return render(deps, who, state, [na.reply]);
  }
  // "da gui danh sach hs len phong": at a row, content; at the summary, asked — never filed on a guess.
  // (The draft approved in so many words and an order to send is no guess.)
  if (act?.kind === "confirm" && !approvedThenSend(text) && doubtfulConfirm(text)) {
    if (step.kind === "review") return render(deps, who, state, ["Thầy/cô muốn nộp báo cáo? Gõ “xác nhận” để nộp. Tôi chưa ghi gì từ tin vừa rồi."]);
    act = undefined;
  }
  // "3.1 đang làm 40%, …", "học bạ số đang thực hiện, …": an answer opening with its row is that row's
  // answer, read like "mục 3.1 …" — by name only for a row picked for this report.
  // "3.1 đã hoàn thành …. 3.2 cũng xong rồi, …": sentences each opening with its row by number, each read as if sent alone.
  if (!act && (step.kind === "row" || step.kind === "field")) {
    const codes = fillableRows(deps.template).map((r) => r.code);
    const pieces = rowLedPieces(text, codes);
    if (pieces) return inTurn(deps, who, state, pieces);
    const led = leadingRow(text, codes);
    if (led && (led.row === step.row || led.by === "number" || state.rows.includes(led.row))) act = { kind: "edit", row: led.row, text: led.rest };
  }
  // "phần khó khăn vừa rồi bỏ đi": the row answered last whose part has text (the one asked first, then back in order).
  if (act?.kind === "edit" && act.lastWithPart) {
    const part = act.part as TextPart;
    const visited = [stepRow(step), ...[...state.back].reverse().map(stepRow)].filter((r): r is string => !!r);
    const row = visited.find((r) => !!ctx.items.find((i) => i.taskCode === r)?.[part]);
    if (!row) return render(deps, who, state, [`Chưa mục nào ghi phần ${PART_LABEL[part]}. Tôi chưa ghi gì từ tin vừa rồi.`]);
    act = { ...act, row, lastWithPart: undefined };
  }
  if (act) {
    const handled = await globalAct(ctx, state, act, text);
    if (handled) return handled;
  }
  const trimmed = text.normalize("NFC").trim();
  if ([...trimmed].length > MAX_TEXT) {
    return render(deps, who, state, [`Nội dung dài ${[...trimmed].length} ký tự, tối đa ${MAX_TEXT}. Thầy/cô rút gọn giúp, hoặc gửi bản đầy đủ qua email ${deps.office.email}.`]);
  }

  switch (step.kind) {
    case "pick-rows":
      return pickRows(ctx, state, act, trimmed);
    case "review":
      return reviewTurn(ctx, state, act, trimmed);
    case "copied":
      if (act?.kind === "confirm" || act?.kind === "keep") return render(deps, who, pushStep(state, nextRowStep(deps, state, step.row)));
      return answerRow(ctx, state, step.row, trimmed);
    case "field":
      return fieldTurn(ctx, state, step, act, trimmed);
    case "row":
      return rowTurn(ctx, state, step.row, act, trimmed);
  }
}

/** Acts that may follow one another in one message ("thôi giữ nguyên mục 6, chốt nộp đi"). */
const SEQUENCE_ACTS = new Set<Act["kind"]>(["keep", "confirm", "review", "skip-row", "deny"]);

/**
 * A message made of several acts, one per clause ("à thôi giữ nguyên mục 6, chốt nộp đi"): each
 * is applied in turn, as if sent alone; the acknowledgements of the earlier ones are kept with the
 * last turn's replies. Undefined unless every clause is such an act.
 */
async function actsInTurn(deps: DialogueDeps, who: Reporter, state: QuarterlyState, text: string): Promise<Turn | undefined> {
  if (/\?\s*$/.test(text)) return undefined;
  const clauses = text.split(/[,;!\n]|\.(?!\d)/).map((c) => c.trim()).filter((c) => /[\p{L}\p{N}]/u.test(c));
  if (clauses.length < 2 || clauses.length > 4) return undefined;
  const acts = clauses.map((c) => detectAct(c));
  if (!acts.every((a) => a && SEQUENCE_ACTS.has(a.kind))) return undefined;
  // "ko, ko có" says one thing twice: one act, not two rows skipped.
  if (new Set(acts.map((a) => a!.kind)).size < acts.length) return undefined;
  // Two acts that undo each other ("ok, không") are not a sequence: ask.
  if (acts.some((a) => a!.kind === "confirm") && acts.some((a) => a!.kind === "deny")) return undefined;
  return inTurn(deps, who, state, clauses);
}

/**
 * A message whose sentences open with row numbers ("3.1 đã hoàn thành, đạt mức 2. 3.2 cũng xong r, …"):
 * one piece per row, the sentences before the first row-led one with the row asked. Undefined unless
 * at least two rows are led this way, or one other than where the message starts.
 */
/** "- 1.1: xong …\n- 2: đang làm …": list bullets at line starts say nothing of their own. */
const withoutBullets = (text: string) => text.replace(/^[ \t]*[-•+*–—]+[ \t]+/gmu, "");

function rowLedPieces(text: string, codes: readonly string[]): string[] | undefined {
  const sentences = withoutBullets(text).split(/(?<=[.;!\n])\s+(?=\S)/).map((x) => x.trim()).filter(Boolean);
  if (sentences.length < 2) return undefined;
  const led = sentences.map((x) => leadingRow(x, codes)?.by === "number");
  if (led.filter(Boolean).length < 2 && !(led.some(Boolean) && !led[0])) return undefined;
  const pieces: string[] = [];
  sentences.forEach((x, i) => {
    if (led[i] || !pieces.length) pieces.push(x);
    else pieces[pieces.length - 1] = `${pieces.at(-1)} ${x}`;
  });
  return pieces.length >= 2 ? pieces : undefined;
}

/**
 * An opening that carries the report ("… bc quý IV nha: mục 1.1 EDUGIS xong r, …. mục 4 …"): the
 * pieces led by a row number (with the sentences after each), when every such row says something
 * of its own beyond its name. Undefined when no row is led this way.
 */
function wholeReport(text: string, codes: readonly string[]): { row: string; text: string }[] | undefined {
  const sentences = withoutBullets(text).split(/(?<=[.!\n])\s+(?=\S)|\n+|(?<=;)\s+(?=(?:m[uụ]c|về|ve|phần|phan)\s)|:\s+(?=m[uụ]c\s+\d)/iu).map((x) => x.trim()).filter(Boolean);
  const pieces: { row: string; text: string }[] = [];
  for (const x of sentences) {
    // "Các mục khác không có hoạt động.": the rest of the form, said empty — no row's text.
    if (/^(?:cac|nhung) (?:muc|phan|noi dung) (?:khac|con lai)\b/.test(foldVietnamese(x.toLowerCase()))) continue;
    const led = leadingRow(x, codes);
    // "Về học bạ điện tử: đang thực hiện …": a row named by its topic before a colon leads its piece too.
    const topic = led?.by === "number" ? undefined : /^(?:(?:về|ve|phần|phan|mục|muc)\s+)?([^:,.;]{2,50}):\s*(\S.*)$/isu.exec(x);
    const byTopic = topic ? rowsByTopic(topic[1]!, codes) : [];
    if (led?.by === "number") pieces.push({ row: led.row, text: x });
    else if (byTopic.length === 1) pieces.push({ row: byTopic[0]!, text: `mục ${byTopic[0]}: ${topic![2]}` });
    // "Bản đồ số EDUGIS đã xong, …. Quy chế dữ liệu đã hoàn thành, …": a row named by its topic, then how it stands.
    else if (led?.by === "topic") pieces.push({ row: led.row, text: `mục ${led.row}: ${led.rest}` });
    else if (pieces.length) pieces[pieces.length - 1]!.text += ` ${x}`;
  }
  if (!pieces.length || new Set(pieces.map((p) => p.row)).size < pieces.length) return undefined;
  const says = (p: { row: string; text: string }) => !isEmptyAnswer(parseRowAnswer(leadingRow(p.text, codes)!.rest));
  return pieces.every(says) ? pieces : undefined;
}

/** "thư viện số thực tế": a row's name, with at most words like "thực tế", "hiện tại" — nothing done said. */
function rowNameOnly(text: string, row: string): boolean {
  const topics = rowsByTopic(text);
  if (topics.length !== 1 || topics[0] !== row || /\d/.test(text)) return false;
  return beyondTopic(text, row).every((w) => /^(thuc|te|ra|that|hien|tai|nay|thi|la|cua|truong|em|nha)$/.test(w));
}

/** Pieces of one message read in turn, each as if sent alone; the earlier pieces' acknowledgements are kept. */
async function inTurn(deps: DialogueDeps, who: Reporter, state: QuarterlyState, clauses: string[]): Promise<Turn> {
  const said: string[] = [];
  let turn: Turn = { state, replies: [] };
  for (const clause of clauses) {
    if (!turn.state) break;
    turn = await continueQuarterly(deps, who, turn.state, clause);
    if (turn.filed) break;
    if (clause !== clauses.at(-1) && turn.replies.length > 1) said.push(turn.replies[0]!);
  }
  return { ...turn, replies: [...said, ...turn.replies] };
}

/**
 * "mục 8 sửa lại 75% giúp mình": the order's own words around the change ("sửa lại", "giúp mình",
 * "nhé") are no part of the row — what is left is read ("75%").
 */
function withoutEditWords(text: string): string {
  const out = text
    .replace(/^\s*(?:sửa|sua|chỉnh|chinh|đổi|doi)(?:\s+(?:lại|lai))?(?:\s+(?:thành|thanh|là|la))?(?=\s)\s*/iu, "")
    .replace(/(?:\s+(?:giúp|giùm|dùm|giup|gium|dum|hộ|ho)(?:\s+(?:mình|minh|em|e|tôi|toi|cô|co|thầy|thay))?)?(?:\s+(?:nhé|nhe|nha|ạ|a|với|voi|nhen))*\s*[.!]*\s*$/iu, "");
  return /[\p{L}\p{N}]/u.test(out) ? out : text;
}

/** "ko, ghi là: Dạy 20/20 lớp", "sửa thành …": the person's own wording for the text asked about. */
function ownWording(text: string): string | undefined {
  const same = foldSameLength(text);
  const m = /^(?:(?:khong|ko|k|thoi|a|u|uh|vang|co|ok|da)[\s,.;:!]+)*(?:ghi|sua|doi|viet|de)(?:\s+lai)?\s*(?:(?:thanh|la)(?![\p{L}\p{N}])|:)[\s:–-]*/u.exec(same);
  if (!m) return undefined;
  const rest = text.slice(m[0].length).trim().replace(/^["“”']+|["“”']+$/g, "").trim();
  return (rest.match(/[\p{L}\p{N}]/gu) ?? []).length >= 2 ? rest : undefined;
}

interface Ctx {
  deps: DialogueDeps;
  who: Reporter;
  periodId: string;
  reportId: string;
  items: ItemAnswers[];
  supersedes: string | null;
}

/** Acts that mean the same at every step. Returns undefined when the step should decide. */
async function globalAct(ctx: Ctx, state: QuarterlyState, given: Act, text: string): Promise<Turn | undefined> {
  const { deps, who } = ctx;
  // "sửa mục 4 tí", "mục 8 ạ: đang thực hiện 60%": words around the row that say nothing of it.
  let act = given;
  if ((act.kind === "edit" || act.kind === "add") && act.text) {
    const said = act.text.replace(/^\s*(?:(?:ạ|a|nha|nhé|nhe|luôn|luon)\s*)*[:–—-]\s*/iu, "");
    act = { ...act, text: /^(?:(?:tí|ti|xíu|xiu|chút|chut|tẹo|teo|nha|nhé|nhe|ạ|a|ad|giúp|giup|giùm|gium|em|e|với|voi)[\s,.!]*)+$/iu.test(said.trim()) ? undefined : said };
  }
  switch (act.kind) {
    case "cancel":
      return {
        state: { ...state, step: { kind: "confirm-cancel", resume: state.step } },
        replies: [`Hủy bản nháp báo cáo ${qLabel(state.period)}? Mọi mục đã điền (${ctx.items.filter(hasContent).length} mục) sẽ bị xóa. Gõ “có” để hủy, “không” để làm tiếp (hoặc “để sau” để tạm dừng, bản nháp được giữ).`],
      };
    case "pause": {
      const done = ctx.items.filter(hasContent).length;
      return {
        state: { ...state, paused: true },
        replies: [`Đã lưu bản nháp báo cáo ${qLabel(state.period)}: đã điền ${done} mục${state.rows.length ? ` / ${state.rows.length} mục đã chọn` : ""}. Khi tiện, gõ “làm tiếp” để tiếp tục đúng chỗ này.`],
      };
    }
    case "back": {
      // Never back to a row that is out of the report (removed, or the rest skipped) since.
      const back = [...state.back];
      let prev = back.pop();
      while (prev && stepRow(prev) !== undefined && !state.rows.includes(stepRow(prev)!)) prev = back.pop();
      if (!prev) return render(deps, who, { ...state, back: [] }, ["Đây là bước đầu tiên, không quay lại được nữa."]);
      return render(deps, who, { ...state, step: prev, back });
    }
    case "review":
      return render(deps, who, pushStep(state, { kind: "review" }));
    case "show": {
      // The text uncut, then the step again: looking is not answering.
      if (!act.row) {
        const report = await deps.prisma.report.findUniqueOrThrow({ where: { id: state.reportId }, include: { items: true } });
        const turn = await render(deps, who, state);
        return { state, replies: [...fullRowsText(deps.template, state.period, who.school.name, report.items, pendingRows(state, report.items)), ...turn.replies] };
      }
      const item = ctx.items.find((i) => i.taskCode === act.row && hasContent(i));
      const known = isFillable(deps, act.row);
      const what = !known ? `Không có mục ${act.row}.` : item ? `Mục ${rowLine(item, Number.POSITIVE_INFINITY)}` : `Mục ${act.row} chưa ghi gì.`;
      return render(deps, who, state, [what]);
    }
    case "retract": {
      // What was stored for the row was a question or talk: cleared, and the row asked again.
      const row = act.row ?? stepRow(state.step) ?? [...state.back].reverse().map(stepRow).find(Boolean);
      if (!row || !isFillable(deps, row)) return render(deps, who, state, ["Thầy/cô muốn xóa phần đã ghi của mục nào? Gõ “sửa <số mục>” để ghi lại mục đó."]);
      const item = ctx.items.find((i) => i.taskCode === row && hasContent(i));
      if (item) await saveAnswer(ctx, row, CLEARED, { clear: true });
      const rows = state.rows.includes(row) ? state.rows : sortRows(deps, [...state.rows, row]);
      const base = unskipped({ ...state, rows }, row);
      const here = stepRow(state.step) === row;
      const next = here ? { ...base, step: { kind: "row" as const, row } } : pushStep({ ...base, returnToReview: state.step.kind === "review" ? true : state.returnToReview }, { kind: "row", row });
      // The question the message also asks ("… nộp 19/12 có kịp ko?"), alone: the retraction's words and the row named are no part of it.
      const asked = questionAside(text);
      const answer = asked ? await deps.answer(asked) : undefined;
      const cleared = item ? `Đã xóa phần đã ghi của mục ${row}.` : `Mục ${row} chưa ghi gì.`;
      if (!answer?.text) return render(deps, who, next, [cleared]);
      const turn = await render(deps, who, next);
      return { state: next, replies: [`${cleared}\n\n${answer.text}`, `Tiếp tục báo cáo:\n${turn.replies.join("\n")}`] };
    }
    case "replace":
    case "strike": {
      // A number or words written earlier, changed where the draft has them — only when that is one place; else asked.
      if (state.step.kind === "pick-rows") return undefined;
      const places = textPlaces(ctx, state, act.row, act.kind === "replace" ? numberPattern(act.from) : wordsPattern(act.words));
      const progress = act.kind === "replace" ? progressReplace(ctx, state, act, places) : undefined;
      if (progress) {
        const item = await saveAnswer(ctx, progress.row, progress.answer);
        // The row being asked a part of: asked again as a whole (the part may be there now).
        const here = state.step.kind === "field" && state.step.row === progress.row ? { ...state, step: { kind: "row" as const, row: progress.row } } : state;
        if (act.kind === "replace" && act.rest) {
          const after = await continueQuarterly(deps, who, here, act.rest);
          return { ...after, replies: [`Đã sửa mục ${rowLine(item)}`, ...after.replies] };
        }
        if (here !== state) return askMissing(ctx, here, progress.row, item, progress.answer, "Đã sửa");
        return render(deps, who, state, [`Đã sửa mục ${rowLine(item)}`]);
      }
      // Unquoted words found nowhere ("trường đã bỏ chữ ký tay, …"): not a correction, the step reads the message.
      if (act.kind === "strike" && !act.quoted && !places.length) return undefined;
      const what = act.kind === "replace" ? `số ${act.from}` : `chữ “${act.words}”`;
      if (places.length !== 1) {
        const where = places.length ? ` (có ở ${places.map((p) => `mục ${p.row} phần ${PART_LABEL[p.part]}`).join(", ")})` : "";
        return render(deps, who, state, [`Tôi chưa rõ ${what} cần sửa nằm ở đâu${where}. Thầy/cô gõ “sửa <số mục> phần <tên phần> thành: …” giúp tôi.`]);
      }
      const [{ row, part, value, match }] = places as [TextPlace];
      const changed = act.kind === "replace" ? `${value.slice(0, match.index)}${act.to}${value.slice(match.index + match.length)}` : `${value.slice(0, match.index)} ${value.slice(match.index + match.length)}`;
      const tidy = changed.replace(/\s+([,.;:])/g, "$1").replace(/\s{2,}/g, " ").replace(/^[\s,.;:–-]+|[\s,;:–-]+$/g, "").trim();
      const item = await saveAnswer(ctx, row, { [part]: tidy || null });
      return render(deps, who, state, [`Đã sửa mục ${rowLine(item)}`]);
    }
    case "move": {
      // "cái e gửi lúc nãy là của mục 8": the answer stored last (the row asked before this one, or the row named) goes to the row said.
      if (state.step.kind === "pick-rows") return undefined;
      const to = fillableRows(deps.template).find((r) => r.code === act.to)?.code;
      const content = (r: string) => ctx.items.find((i) => i.taskCode === r && hasContent(i));
      const from = act.from ?? [...state.back].reverse().map(stepRow).find((r) => r && r !== act.to && content(r));
      const source = from ? content(from) : undefined;
      if (!to || !from || !source || content(to)) {
        const why = to && content(to) ? `Mục ${to} đã có nội dung: ${rowLine(content(to)!)}\n` : "";
        return render(deps, who, state, [`${why}Tôi chưa rõ cần chuyển phần đã ghi của mục nào sang mục ${act.to}. Thầy/cô gõ “sửa ${act.to}” để ghi lại mục ${act.to}, “xóa mục <số>” để bỏ mục ghi nhầm.`]);
      }
      const { taskCode: _code, ...values } = itemAnswers(source);
      const moved = await setItem(deps.prisma, ctx.reportId, to, values, who.contactId);
      ctx.items.push(moved);
      await saveAnswer(ctx, from, CLEARED, { clear: true });
      const rows = sortRows(deps, [...new Set([...state.rows, to, from])]);
      const base = unskipped({ ...state, rows, back: state.back.filter((b) => stepRow(b) !== to) }, from);
      // The row left empty is asked again (it may be skipped); the row asked now, if it was the target, is done.
      const asked = stepRow(state.step);
      const next: QuarterlyState = asked === to || asked === from ? { ...base, step: { kind: "row", row: from } } : pushStep({ ...base, returnToReview: state.step.kind === "review" ? true : state.returnToReview }, { kind: "row", row: from });
      const said = `Đã chuyển phần đã ghi sang mục ${rowLine(moved)}\nMục ${from} đã được xóa.`;
      if (act.rest) {
        const after = await continueQuarterly(deps, who, next, act.rest);
        return { ...after, replies: [said, ...after.replies] };
      }
      return render(deps, who, next, [said]);
    }
    case "remove": {
      // "bỏ mục 1.1, 1.2, 3.3": each row as if taken out alone.
      if (act.rows && act.rows.length > 1) return inTurn(deps, who, state, act.rows.map((r) => `bỏ mục ${r}`));
      const row = fillableRows(deps.template).find((r) => r.code === act.row);
      if (state.step.kind === "pick-rows") return undefined; // "1.1 thì không" while picking: the selection's business
      if (!row) return render(deps, who, state, [`Không có mục ${act.row}. Các mục: ${fillableRows(deps.template).map((r) => r.code).join(", ")}.`]);
      const item = ctx.items.find((i) => i.taskCode === row.code && hasContent(i));
      // Answers already given go only on an explicit "bỏ/xóa mục N": "mục 2 không có" about an answered row is asked.
      if (item && !act.explicit) return render(deps, who, state, [`Mục ${row.code} đang ghi: ${rowLine(item)}\nGõ “xóa mục ${row.code}” để bỏ mục này khỏi báo cáo, hoặc “sửa ${row.code}” để sửa.`]);
      if (item) await saveAnswer(ctx, row.code, CLEARED, { clear: true });
      const at = state.step.kind === "row" || state.step.kind === "field" || state.step.kind === "copied" ? state.step.row : undefined;
      const next = at === row.code ? nextRowStep(deps, state, row.code) : state.step;
      const rows = state.rows.filter((r) => r !== row.code);
      const out = withSkipped({ ...state, rows, back: state.back.filter((b) => stepRow(b) !== row.code) }, [row.code]);
      // The removed row's own step is not kept to go back to: “quay lại” goes to the row before it.
      return render(deps, who, at === row.code ? { ...out, step: next, returnToReview: next.kind === "review" ? undefined : out.returnToReview } : out, [`Đã bỏ mục ${row.code} khỏi báo cáo (quý này không có hoạt động)${item ? ", phần đã ghi đã được xóa" : ""}.`]);
    }
    case "keep": {
      // "giữ nguyên mục 6" while another row is asked: nothing to change there.
      const asked = "row" in state.step ? state.step.row : undefined;
      if (act.row && act.row !== asked) return render(deps, who, state, [`Giữ nguyên mục ${act.row}.`]);
      return undefined;
    }
    case "add":
    case "edit": {
      const unknown = act.kind === "add" ? (act.rows ?? [act.row]).find((c) => !isFillable(deps, c)) : undefined;
      const row = fillableRows(deps.template).find((r) => r.code === (unknown ?? act.row));
      if (!row || unknown) {
        if (state.step.kind === "pick-rows") return undefined; // "2 4 7" style selections are the step's business
        return render(deps, who, state, [`Không có mục ${unknown ?? act.row}. Các mục: ${fillableRows(deps.template).map((r) => r.code).join(", ")}.`]);
      }
      if (act.kind === "add" && act.text) {
        // "thêm mục 2 nữa: trường đã cử 5 GV …": the row is added with its answer, then the form carries on.
        const answer = parseRowAnswer(act.text, "done", { progressInSentence: true });
        if (isEmptyAnswer(answer)) answer.done = act.text;
        const rows = sortRows(deps, [...state.rows, row.code]);
        const item = await saveAnswer(ctx, row.code, answer);
        return render(deps, who, unskipped({ ...state, rows }, row.code), [`Đã thêm mục ${rowLine(item)}${item.status ? "" : `\n(chưa có tình trạng: gõ “sửa ${row.code} tình trạng thành: …”, ví dụ “xong” hoặc “đang làm 80%”)`}`]);
      }
      if (act.kind === "add" && act.rows && act.rows.length > 1) {
        const added = sortRows(deps, act.rows);
        const here = state.step.kind === "review" || state.step.kind === "pick-rows";
        const rows = sortRows(deps, [...state.rows, ...added]);
        return render(deps, who, pushStep({ ...state, rows, adding: added, returnToReview: here ? true : state.returnToReview }, { kind: "row", row: added[0]! }), [`Thêm các mục ${added.join(", ")}.`]);
      }
      if (state.step.kind === "pick-rows" && act.kind === "edit" && !/^\s*(sửa|sua|chỉnh|chinh)/i.test(text)) return undefined;
      const rows = state.rows.includes(row.code) ? state.rows : sortRows(deps, [...state.rows, row.code]);
      // "mục 2 thì đang làm, …" while row 2 is asked: an answer that names its row, not a correction.
      const asked = state.step.kind === "row" || state.step.kind === "field" ? state.step.row : undefined;
      if (act.kind === "edit" && act.text && !act.part && asked === row.code && state.rows.includes(row.code)) {
        const step = state.step as Extract<Step, { kind: "row" | "field" }>;
        const inner = detectAct(act.text);
        return step.kind === "row" ? rowTurn(ctx, state, row.code, inner, act.text) : fieldTurn(ctx, state, step, inner, act.text);
      }
      if (act.kind === "edit" && act.text) {
        // A correction of a named row, also while another row is asked: apply it, then carry on.
        // A correction says how the row stands: "tiến độ 78%" inside it is its progress.
        // "mục 8 dạy học trực tuyến: đang làm 50%": the row's name after its number is not part of the answer.
        const said = act.part ? act.text : withoutEditWords(withoutRowName(act.text, row.code));
        let answer: RowAnswer = act.part ? partAnswer(act.part, said) : parseRowAnswer(said, "done", { progressInSentence: true });
        // "thêm khó khăn cho mục 2: …": after what the part already says.
        const textPart = act.append && act.part && act.part in PART_LABEL ? (act.part as TextPart) : undefined;
        const had = textPart && ctx.items.find((i) => i.taskCode === row.code)?.[textPart];
        if (textPart && had && answer[textPart]) answer[textPart] = `${had.replace(/[\s.;,]+$/, "")}; ${answer[textPart]}`;
        if (isEmptyAnswer(answer) || (!act.part && !answer.status && answer.done && /^(là |la )?(xong|đã xong|da xong|hoàn thành|hoan thanh|chưa|chua|đang|dang)/i.test(said))) {
          const p = parseStatusPhrase(said.replace(NOT_THAT, "").replace(/^(là|la)\s+/i, ""));
          if (p.status) answer = { status: p.status, percent: p.percent };
        }
        // "mục 9 thư viện số thực tế đã được một nửa rồi": the row's own name (and "thực tế") is no work done.
        if (answer.done && !act.part && (answer.status || answer.percent !== undefined) && rowNameOnly(answer.done, row.code)) delete answer.done;
        if (isEmptyAnswer(answer)) return render(deps, who, state, [`Tôi chưa hiểu phần sửa cho mục ${row.code}. Ví dụ: “sửa mục ${row.code} phần kiến nghị thành: …”.`]);
        // New facts against the stored "Đã làm" ("… xong rồi, 20/20 lớp" over "10/20 lớp"): the rest is saved, the text is asked.
        const before = ctx.items.find((i) => i.taskCode === row.code);
        const proposed = act.part ? undefined : replacementDone(before?.done ?? null, said, answer);
        // "à mục 4 sửa lại là 90 bé …, lúc nãy em ghi nhầm": a count set right in so many words is put in the stored text at once.
        const explicit = proposed && /\d/.test(proposed.said) && proposed.text !== answer.done && !proposed.text.endsWith(`; ${proposed.said}`) && /\b(sua|sua lai|doi|doi lai)\b/.test(foldForMatching(text));
        if (proposed && explicit) {
          const item = await saveAnswer(ctx, row.code, { ...answer, done: proposed.text });
          return render(deps, who, state, [`Đã sửa mục ${rowLine(item)}\n(sai thì gõ “sửa ${row.code}”)`]);
        }
        if (proposed) {
          const { done: _done, ...rest } = answer;
          const item = isEmptyAnswer(rest) ? before! : await saveAnswer(ctx, row.code, rest);
          // Nothing saved yet: the row as it stands, not "Đã sửa".
          const head = isEmptyAnswer(rest) ? `Mục ${rowLine(item)}` : `Đã sửa mục ${rowLine(item)}`;
          return {
            state: { ...state, rows, step: { kind: "replace-done", row: row.code, text: proposed.text, said: proposed.said, resume: state.step } },
            replies: [`${head}\nPhần Đã làm đang ghi “${before!.done}”, thầy/cô vừa nói “${proposed.said}”. Sửa phần Đã làm thành “${proposed.text}”? Gõ “có” để sửa, “không” để giữ nguyên.`],
          };
        }
        const item = await saveAnswer(ctx, row.code, answer);
        // A row not asked yet, answered now: when its turn comes, only what it lacks is asked.
        const early = asked !== undefined && rows.indexOf(row.code) > rows.indexOf(asked);
        const verb = rows !== state.rows ? "Đã thêm" : before && hasContent(before) ? "Đã sửa" : "Đã ghi";
        return render(deps, who, { ...unskipped({ ...state, rows }, row.code), ahead: early ? [...new Set([...(state.ahead ?? []), row.code])] : state.ahead }, [`${verb} mục ${rowLine(item)}`]);
      }
      const here = state.step.kind === "review" || state.step.kind === "pick-rows";
      const ahead = state.ahead?.filter((r) => r !== row.code);
      return render(deps, who, pushStep({ ...state, rows, ahead: ahead?.length ? ahead : undefined, returnToReview: here ? true : state.returnToReview }, { kind: "row", row: row.code }));
    }
    default:
      return undefined;
  }
}

async function choosePeriod(deps: DialogueDeps, who: Reporter, state: QuarterlyState, step: { options: string[] }, text: string): Promise<Turn> {
  const n = normalize(text);
  const options = step.options.map((c) => parseQuarterCode(c)!);
  const named = resolveQuarter(findPeriod(n), deps.clock.now());
  let q: Quarter | undefined;
  if (/^(so )?1\b/.test(n) || /\b(tre|quy truoc|ky truoc)\b/.test(n)) q = options[0];
  else if (/^(so )?2\b/.test(n) || /\b(quy moi|quy nay|quy toi|quy sau)\b/.test(n)) q = options[1];
  else if (named) q = options.find((o) => o.quarter === named.quarter && o.year === named.year);
  if (!q) {
    if (detectAct(text)?.kind === "cancel") return { state: null, replies: ["Đã dừng. Khi cần, gõ “báo cáo”."] };
    return { state, replies: [`Gõ 1 (quý ${options[0]!.quarter}/${options[0]!.year}) hoặc 2 (quý ${options[1]!.quarter}/${options[1]!.year}).`] };
  }
  return openPeriod(deps, who, "report", q);
}

async function pickRows(ctx: Ctx, state: QuarterlyState, act: Act | undefined, text: string): Promise<Turn> {
  const { deps, who } = ctx;
  // "Mục 2: đã hoàn thành …. Mục 5: …. Mục 8: …": the whole report where the rows were asked.
  const whole = wholeReport(text, fillableRows(deps.template).map((r) => r.code));
  if (whole && whole.length >= 2) {
    const rows = sortRows(deps, whole.map((p) => p.row));
    return inTurn(deps, who, pushStep({ ...state, rows }, { kind: "row", row: rows[0]! }), whole.map((p) => p.text));
  }
  if (act?.kind === "skip-row" || act?.kind === "skip-rest" || saysNoRows(text)) return render(deps, who, pushStep({ ...state, rows: [] }, { kind: "review" }), ["Đã ghi: quý này không có hoạt động."]);
  if (act?.kind === "copy-last" && !/\d/.test(text)) {
    // "như quý trước": the rows last quarter's report had.
    const last = await lastQuarterRows(deps, who, state);
    if (!last.length) return render(deps, who, state, ["Quý trước trường chưa có báo cáo qua trò chuyện, nên chưa lấy được các mục. Thầy/cô gõ số mục giúp tôi."]);
    return render(deps, who, pushStep({ ...state, rows: last }, { kind: "row", row: last[0]! }), [`Các mục như quý trước: ${last.join(", ")}.`]);
  }
  // "…, 1.1 thì không", "trừ 1.1": rows said to be out are left out, not picked.
  // "chỉ có mục 2 thôi: đang làm 90%, …": the rows, then the first one's answer.
  const colon = /^([^:]{1,60}):\s*(\S[\s\S]*)$/.exec(text);
  // ("e bc 5 phần: bản đồ số, bồi dưỡng, …": a number of things counted, not row 5.)
  const counted = colon && /\b\d{1,2}\s+(?:phan|muc|viec|noi dung|nhiem vu|dong|cong viec|hang muc)\b/.test(foldForMatching(colon[1]!));
  if (colon && !counted && /\d/.test(colon[1]!) && /\p{L}{2}/u.test(colon[2]!) && !/\d/.test(colon[2]!.split(/[,.;]/)[0]!.replace(/\d+\s*%/, ""))) {
    const picked = parseRowSelection(normalize(colon[1]!), deps.template.rows);
    if (picked.ok && picked.codes.length) {
      const first = picked.codes[0]!;
      const next = pushStep({ ...state, rows: picked.codes }, { kind: "row", row: first });
      return answerRow(ctx, next, first, colon[2]!.trim());
    }
  }
  // "vpđt: đã xử lý 100% văn bản, xong r", "Mục 2 đào tạo bồi dưỡng: đã tập huấn 35 GV": one row, named, with its answer.
  const namedFirst = namedRowAnswer(text, fillableRows(deps.template).map((r) => r.code));
  if (namedFirst && !isEmptyAnswer(parseRowAnswer(namedFirst.rest))) {
    const next = pushStep({ ...state, rows: [namedFirst.row] }, { kind: "row", row: namedFirst.row });
    return answerRow(ctx, next, namedFirst.row, namedFirst.rest);
  }
  // "2,5 vs 8": no row 2.5, so a list of 2 and 5 ("1,1" stays row 1.1).
  // "mục II, IV và VI": rows in Roman numerals (upper case, as typed for numbering).
  const ROMAN: Record<string, string> = { I: "1", II: "2", III: "3", IV: "4", V: "5", VI: "6", VII: "7", VIII: "8", IX: "9" };
  const arabic = text.replace(/(?<![\p{L}\p{N}.])(VIII|VII|VI|IV|IX|V|III|II|I)(?![\p{L}\p{N}])/gu, (r) => ROMAN[r]!);
  // "2,4,8": three or more numbers joined by commas are a list, whatever pairs of them could be.
  const listed = arabic
    .replace(/(?<![\d.,])\d{1,2}(?:,\d{1,2}){2,}(?![\d.,])/g, (m) => m.split(",").join(", "))
    .replace(/(?<![\d.,])(\d{1,2}),(\d{1,2})(?![\d.,])/g, (m, a: string, b: string) => (isFillable(deps, `${a}.${b}`) ? m : `${a}, ${b}`));
  const { rest, excluded } = excludedRows(listed);
  const sel0 = parseRowSelection(normalize(rest).replace(/\bphu luc \d\b/g, " ") || rest, deps.template.rows);
  const sel = sel0.ok && excluded.length ? { ok: true as const, codes: sel0.codes.filter((c) => !excluded.includes(c)) } : sel0;
  if (sel.ok && !sel.codes.length) return { state, replies: [`Đã hiểu: không tính mục ${excluded.join(", ")}. Quý này trường có hoạt động ở những mục nào? Gõ số mục, ví dụ: 2 4 7 8.`] };
  // "tất cả trừ IOC vs kiến trúc tham chiếu": every row but those the topics name (never those rows picked instead).
  const allBut = /^(?:(?:lam|chon|co|gom)\s+)?(?:tat ca|het|ca bang|toan bo)(?:\s+cac muc)?\s+(?:tru|ngoai tru|ngoai|khong tinh|bo)\s+(.+)$/.exec(foldForMatching(text).replace(/đ/g, "d"));
  if (allBut && !/\d/.test(allBut[1]!)) {
    const out = rowsByTopic(allBut[1]!, fillableRows(deps.template).map((r) => r.code));
    if (!out.length) return { state, replies: [`Tôi chưa rõ mục nào không làm (“${shortenWords(allBut[1]!, 40)}”). Gõ ví dụ: “tất cả trừ 1.2 và 3.3”.`] };
    const rows = fillableRows(deps.template).map((r) => r.code).filter((c) => !out.includes(c));
    return render(deps, who, pushStep({ ...state, rows }, { kind: "row", row: rows[0]! }), [`Các mục ${rows.join(", ")} (không tính mục ${out.join(", ")}).`]);
  }
  // "mục học bạ điện tử với văn phòng điện tử", "dạy học trực tuyến thôi ạ": rows by their topic.
  // Not an answer typed here by mistake ("da hoan thanh, cap nhat thong tin len EDUGIS…"): short, no status.
  // ("Các mục bồi dưỡng giáo viên, học bạ điện tử và thư viện số …": longer when it says it names rows.)
  const selectionLike = (normalize(text).split(" ").length <= 14 || /^(?:cac |nhung )?(?:muc|phan)\b/.test(normalize(text))) && !statusIn(text) && !/[.:;]/.test(text.trim().replace(/[.!]+$/, ""));
  const byTopic = !sel.ok && !sel.unknown.some((u) => /\d/.test(u)) && selectionLike ? rowsByTopic(text, fillableRows(deps.template).map((r) => r.code)) : [];
  if (byTopic.length) {
    const names = byTopic.map((c) => `${c} (${shortenWords(deps.template.rows.find((r) => r.code === c)!.title, 40)})`).join("; ");
    return render(deps, who, pushStep({ ...state, rows: byTopic }, { kind: "row", row: byTopic[0]! }), [`Tôi hiểu là các mục: ${names}. Sai thì gõ lại số mục, ví dụ: 2 4 7 8.`]);
  }
  if (!sel.ok) {
    const codes = fillableRows(deps.template).map((r) => r.code).join(", ");
    const unknownRows = sel.unknown.filter((u) => /\d/.test(u));
    const hint = unknownRows.length
      ? `Không có mục ${unknownRows.join(", ")}. Các mục: ${codes}. Gõ lại số mục, ví dụ: 2 4 7 8.`
      : `Tôi chưa hiểu “${shortenWords(text.trim(), 40)}”. Gõ các số mục cách nhau bằng dấu cách, ví dụ: 2 4 7 8 (hoặc “tất cả”, “không có”). Các mục: ${codes}.`;
    if (/\d/.test(text)) return { state, replies: [hint] };
    return afterNonAnswer(ctx, state, text, hint, false);
  }
  const note = excluded.length ? [`Các mục ${sel.codes.join(", ")} (không tính mục ${excluded.join(", ")}).`] : [];
  return render(deps, who, pushStep({ ...state, rows: sel.codes }, { kind: "row", row: sel.codes[0]! }), note);
}

/**
 * Rows a selection message says are out: a clause "1.1 thì không", "1.1 ko có", "còn 1.1 thì
 * không có", or "trừ 1.1", "ngoài 1.1", "không làm mục 1.1". Returns the text without them.
 */
function excludedRows(text: string): { rest: string; excluded: string[] } {
  const excluded: string[] = [];
  const ROWS = "(\\d{1,2}(?:\\.\\d{1,2})?(?:\\s+(?:va|voi|,)?\\s*\\d{1,2}(?:\\.\\d{1,2})?)*)";
  const codes = (s: string) => s.match(/\d{1,2}(?:\.\d{1,2})?/g) ?? [];
  // "tất cả trừ 1.2, 3.2, 6 với 9": the rows listed after "trừ" go on past the commas.
  let excepting = false;
  const kept = text.split(/[,;]|\.(?!\d)|\n/).map((clause) => {
    // "à khoan 4 thì ko", "nhầm, 4 ko có": a correction may open the clause (dropped as typed: the lexicon reads "khoan" as "không").
    const n = normalize(foldForMatching(clause).replace(/^(?:(?:a|ah|u|ua|oi|khoan|khoan da|nham|nham roi|thoi|ma|xin loi|sorry)[\s,]+)+(?=\d|muc|dong|con|rieng)/, ""));
    const none = new RegExp(`^(?:con\\s+|rieng\\s+)?(?:(?:muc|dong)\\s+)?${ROWS.replace("(?:va|voi|,)?", "(?:va|voi)?")}\\s+(?:thi\\s+|la\\s+|cung\\s+)?(?:khong co|khong lam|chua co|chua lam|khong)(?:\\s+(?:gi|ma|dau|hoat dong|nao|het|co))*$`).exec(n);
    if (none) {
      excluded.push(...codes(none[1]!));
      return "";
    }
    const but = new RegExp(`\\b(?:tru|ngoai tru|ngoai|khong lam|khong tinh|bo)\\s+(?:(?:muc|dong)\\s+)?${ROWS.replace("(?:va|voi|,)?", "(?:va|voi)?")}(?:\\s+(?:ra|thi khong))?$`).exec(n);
    if (but) {
      excluded.push(...codes(but[1]!));
      excepting = true;
      return n.slice(0, but.index);
    }
    const listed = new RegExp(`^(?:(?:va|voi)\\s+)?(?:(?:muc|dong)\\s+)?${ROWS.replace("(?:va|voi|,)?", "(?:va|voi)?")}(?:\\s+(?:ra|nua|thi khong))?$`).exec(n.trim());
    if (excepting && listed) {
      excluded.push(...codes(listed[1]!));
      return "";
    }
    excepting = false;
    return clause;
  });
  return { rest: excluded.length ? kept.join(" , ") : text, excluded: [...new Set(excluded)] };
}

async function reviewTurn(ctx: Ctx, state: QuarterlyState, act: Act | undefined, text: string): Promise<Turn> {
  const { deps, who } = ctx;
  if (act?.kind === "confirm") {
    // A row picked but not answered is asked, never filed as "no activity" without a word.
    const pending = pendingRows(state, ctx.items);
    if (pending.length) {
      const row = pending[0]!;
      return render(deps, who, pushStep({ ...state, returnToReview: true }, { kind: "row", row }), [
        `Chưa nộp: mục ${pending.join(", ")} đã chọn nhưng chưa trả lời. Thầy/cô trả lời mục ${row} giúp tôi, hoặc gõ “bỏ qua” nếu quý này mục ${row} không có hoạt động.`,
      ]);
    }
    const filed = await fileVersion(deps.prisma, { schoolId: who.school.id, periodId: ctx.periodId, source: "chat", actor: { type: "contact", id: who.contactId }, draftId: ctx.reportId, now: deps.clock.now(), rules: deps.rules });
    const due = formatDate(quarterlyDeadline(parseQuarterCode(filed.period.code)!, deps.rules).dueDay);
    const lines = [
      `Đã nộp báo cáo ${qLabel(filed.period.code)} của ${filed.school.name} (phiên bản ${filed.version}${filed.version! > 1 ? `, thay phiên bản ${filed.version! - 1}` : ""}).`,
      `Mã tiếp nhận: ${filed.referenceNo}`,
      `Thời điểm: ${timeText(filed.submittedAt!)} — ${timeliness(filed.late, firstTime(await firstFiled(deps.prisma, who.school.id, ctx.periodId)), due)}.`,
      `Hồ sơ PHỤ LỤC 2 (.docx) và PHỤ LỤC 3 (.xlsx) được tự động gửi tới ${deps.office.email}.`,
      "Cảm ơn thầy/cô! Gõ “sửa báo cáo” nếu cần sửa.",
    ];
    return { state: null, replies: [lines.join("\n")], filed: filed.id };
  }
  const late = act ? undefined : await afterthought(ctx, state, text);
  if (late) return late;
  return afterNonAnswer(ctx, state, text, "Gõ “xác nhận” để nộp, “sửa <số mục>” để sửa, “xem lại” để xem bản nháp, hoặc “hủy”.", false);
}

/**
 * "máy chiếu hư nhiều, mạng yếu" / "xin thêm kinh phí" typed right after the last row's answer,
 * when the summary had already come: the question just answered invited difficulties and
 * recommendations, so a message that is only those belongs to that row (added to what it has).
 * Undefined for anything else (work, a plan, a status, a question).
 */
async function afterthought(ctx: Ctx, state: QuarterlyState, text: string): Promise<Turn | undefined> {
  // The step before the summary (over summaries shown since: a second afterthought, "xem lại").
  const before = state.back.findLast((s) => s.kind !== "review");
  if (!before || (before.kind !== "row" && !(before.kind === "field" && before.field === "next"))) return undefined;
  if (isQuestion(text) || isMetaTalk(text)) return undefined;
  const a = parseRowAnswer(text, "difficulties");
  if (a.status || a.percent !== undefined || a.done !== undefined || a.next !== undefined) return undefined;
  if (!a.difficulties && !a.recommendations) return undefined;
  if (a.difficulties && !saysHardship(a.difficulties)) return undefined;
  const item = ctx.items.find((i) => i.taskCode === before.row);
  const joined = (old: string | null | undefined, add: string | null | undefined) => (add ? (old ? `${old}; ${add}` : add) : undefined);
  return answerRow(ctx, state, before.row, text, { difficulties: joined(item?.difficulties, a.difficulties), recommendations: joined(item?.recommendations, a.recommendations) });
}

async function rowTurn(ctx: Ctx, state: QuarterlyState, row: string, act: Act | undefined, said: string): Promise<Turn> {
  const { deps, who } = ctx;
  // "1.1 đang phối hợp …" at row 1.1: the row's own number opening the answer is no part of it.
  const own = new RegExp(`^\\s*(?:m[uụ]c\\s+)?${escapeRe(row)}(?![\\d.,/%])[\\s:.,–-]*`, "iu").exec(said);
  const text = own && /\p{L}{2}/u.test(said.slice(own[0].length)) ? said.slice(own[0].length) : said;
  if (act?.kind === "skip-row") return render(deps, who, pushStep(withSkipped(state, [row]), nextRowStep(deps, state, row)), [`Bỏ qua mục ${row}.`]);
  if (act?.kind === "skip-rest") {
    const skipped = state.rows.slice(state.rows.indexOf(row)).filter((r) => !ctx.items.some((i) => i.taskCode === r && hasContent(i)));
    return render(deps, who, pushStep({ ...state, rows: state.rows.filter((r) => !skipped.includes(r)) }, { kind: "review" }), [`Bỏ qua ${skipped.length} mục còn lại.`]);
  }
  if (act?.kind === "keep") return render(deps, who, pushStep(state, nextRowStep(deps, state, row)));
  if (act?.kind === "copy-last") return copyLast(ctx, state, row, act.amend);
  if (act?.kind === "confirm") {
    // "nộp luôn" before the last row: the summary, to confirm there; "ok" alone is not an answer.
    if (/\b(nop|gui|xac nhan|chot)\b/.test(normalize(text))) {
      const left = pendingRows(state, ctx.items).filter((r) => state.rows.indexOf(r) >= state.rows.indexOf(row));
      // Every row answered (the bot was asking the optional next quarter of the last one): the bot's own
      // word for filing, "xác nhận", files as it would at the summary; other wordings see the summary first.
      if (!left.length && normalize(text) === "xac nhan") return reviewTurn(ctx, pushStep(state, { kind: "review" }), act, text);
      // Said to be left empty here, in so many words: no longer pending.
      const before = left.length ? `Còn ${left.length} mục chưa trả lời (${left.join(", ")} — sẽ để trống). Kiểm tra rồi gõ “xác nhận” để nộp:` : "Kiểm tra bản nháp rồi gõ “xác nhận” để nộp:";
      return render(deps, who, pushStep(withSkipped(state, left), { kind: "review" }), [before]);
    }
    return render(deps, who, state, [`Mục ${row} quý này thế nào? Gõ “bỏ qua” nếu không có hoạt động.`]);
  }
  if (act?.kind === "as-planned") {
    const last = await lastQuarterItem(deps, who, state, row);
    if (!last?.next) return render(deps, who, state, [`Quý trước trường chưa ghi kế hoạch cho mục ${row}.`]);
    return answerRow(ctx, state, row, "", { done: last.next });
  }
  const mixed = await contentAndQuestion(ctx, state, row, text);
  if (mixed) return mixed;
  if (/\?\s*$/.test(text) || asksOnly(text) || (await isAside(ctx, text))) return answerAside(ctx, state, text);
  return answerRow(ctx, state, row, text);
}

/**
 * "ad ơi cho e hỏi nộp ngày 19/12 có kịp ko": a message that asks and says nothing about the row —
 * no sentence of it is read as a part. A date or a number in it does not make it an answer.
 */
function asksOnly(text: string): boolean {
  return text.length <= 300 && isQuestion(text) && isEmptyAnswer(parseRowAnswer(text));
}

/** Question words that make a message a question even without "?" ("hạn nộp là ngày nào v ad"). */
const QUESTION_WORDS = /\b(la gi|ngay nao|khi nao|bao gio|bao nhieu|o dau|nhu the nao|the nao|lam sao|co duoc khong|duoc khong|co phai|la sao|nop dau|gui dau|han nop|han chot)\b|\b(nao|gi|sao|may)$/;

/**
 * A message at a row that is a question, not an answer: it asks (question words, no status in
 * it) and the knowledge base has an answer. Otherwise it is taken as the answer.
 */
async function isAside(ctx: Ctx, text: string): Promise<boolean> {
  const n = normalize(text);
  const parsed = parseRowAnswer(text);
  const answers = parsed.status || parsed.percent !== undefined || parsed.next !== undefined || parsed.difficulties !== undefined || parsed.recommendations !== undefined;
  if (!QUESTION_WORDS.test(n) || answers || /\d+\s*(%|\/\s*\d)/.test(text) || n.split(" ").length > 20) return false;
  const a = await ctx.deps.answer(text);
  return !a.declined;
}

async function fieldTurn(ctx: Ctx, state: QuarterlyState, step: { row: string; field: "status" | "done" | "next" }, act: Act | undefined, text: string): Promise<Turn> {
  const { deps, who } = ctx;
  if (act?.kind === "skip-row" && step.field === "next") {
    await saveAnswer(ctx, step.row, { next: null });
    return render(deps, who, pushStep(state, nextRowStep(deps, state, step.row)));
  }
  if (act?.kind === "skip-row" || act?.kind === "keep") return render(deps, who, pushStep(act.kind === "skip-row" ? withSkipped(state, [step.row]) : state, nextRowStep(deps, state, step.row)));
  // Asked for the status, "rồi ạ" is it (đã hoàn thành), not an order to file.
  if (act?.kind === "confirm" && step.field === "status" && parseStatus(text) === "da_hoan_thanh") return answerRow(ctx, state, step.row, "", { status: "da_hoan_thanh" });
  if (act?.kind === "skip-rest" || act?.kind === "confirm") return rowTurn(ctx, state, step.row, act, text);
  if (act?.kind === "copy-last") return copyLast(ctx, state, step.row, act.amend);
  if (act?.kind === "as-planned" && step.field === "done") {
    const last = await lastQuarterItem(deps, who, state, step.row);
    if (last?.next) return answerRow(ctx, state, step.row, "", { done: last.next });
  }
  if (step.field !== "status") {
    const mixed = await contentAndQuestion(ctx, state, step.row, text);
    if (mixed) return mixed;
  }
  if (/\?\s*$/.test(text) || asksOnly(text) || (await isAside(ctx, text))) return answerAside(ctx, state, text);
  if (step.field === "next") {
    // "xong r, dạy 12 lớp trên LMS" asked for row 2's plan, row 8 next: opens on how a task stands — whose?
    const ahead = nextRowStep(deps, state, step.row);
    if (ahead.kind === "row" && ahead.row !== step.row && opensOnStatus(text) && !ctx.items.some((i) => i.taskCode === ahead.row && hasContent(i))) {
      return {
        state: { ...state, step: { kind: "which-row", row: step.row, next: ahead.row, text, resume: state.step } },
        replies: [`Tin này nói tình trạng (“${shortenWords(text, 60)}”) — là nội dung mục ${ahead.row}? Gõ “có” để ghi vào mục ${ahead.row}, “không” nếu là của mục ${step.row}.`],
      };
    }
    // The status was already given; a % here belongs to next quarter's plan ("quý tới 100% văn bản ký số").
    // "phần thư viện số thêm kiến nghị: …": the row's name before a label is no plan.
    const { status: _s, percent: _p, statusUnclear: _u, ...a } = parseRowAnswer(withoutRowName(text, step.row), "next");
    if (isEmptyAnswer(a)) {
      const plan = planSaidAsStatus(text);
      if (plan) return answerRow(ctx, state, step.row, text, { next: plan });
      return afterNonAnswer(ctx, state, text, `Tôi chưa đọc được nội dung. ${nextPrompt(step.row)}`);
    }
    return answerRow(ctx, state, step.row, text, a);
  }
  if (step.field === "status") {
    // Asked for the status, a progress value inside a sentence is it ("đã tập huấn 100% GV, tiến độ chung đạt 70%").
    const full = parseRowAnswer(text, "done", { progressInSentence: true });
    if (full.status && !Number.isNaN(full.percent)) {
      // What else the message says fills only parts still empty ("…, 100% HS đã ký số. Không có khó khăn gì").
      const item = ctx.items.find((i) => i.taskCode === step.row);
      const extra: RowAnswer = {};
      for (const k of ["done", "next", "difficulties", "recommendations"] as const) if (full[k] !== undefined && !item?.[k]) extra[k] = full[k];
      return answerRow(ctx, state, step.row, "", { status: full.status, percent: full.percent, ...extra });
    }
    // Asked for the status, the plan, a difficulty or what was done came instead ("Quý tới tập huấn
    // tiếp. Khó khăn: …"): kept, and the status asked again — never dropped.
    // Only into parts still empty: a second plan here is more likely another row's than a change of this one's.
    const stored = ctx.items.find((i) => i.taskCode === step.row);
    const parts: RowAnswer = {};
    for (const k of ["done", "next", "difficulties", "recommendations"] as const) if (typeof full[k] === "string" && !stored?.[k]) parts[k] = full[k];
    if (!full.statusUnclear && Object.keys(parts).length && !isStatusSentence(text)) {
      const item = await saveAnswer(ctx, step.row, parts);
      return render(deps, who, state, [`Đã ghi mục ${rowLine(item)}`]);
    }
    const p = parseStatusPhrase(text);
    if (p.percent !== undefined && Number.isNaN(p.percent)) return render(deps, who, state, ["Tiến độ phải từ 0 đến 100%, ví dụ: 80%."]);
    if (p.status || p.unclear) return answerRow(ctx, state, step.row, "", { status: p.status, percent: p.percent, statusUnclear: p.unclear });
    // "rồi ạ", "xong": the short answers to the question.
    const short = parseStatus(text);
    if (short) return answerRow(ctx, state, step.row, "", { status: short });
    return afterNonAnswer(ctx, state, text, "Tôi chưa hiểu tình trạng. Gõ 1 (chưa thực hiện), 2 (đang thực hiện) hoặc 3 (đã hoàn thành) — ví dụ: 2, hoặc “80%”.");
  }
  const a = parseRowAnswer(text);
  if (isEmptyAnswer(a) || (a.done === undefined && a.next === undefined && a.difficulties === undefined && a.recommendations === undefined && !a.status)) {
    if ((text.match(/[\p{L}\p{N}]/gu) ?? []).length < 2) return afterNonAnswer(ctx, state, text, `Tôi chưa đọc được nội dung. ${donePrompt(step.row)}`);
    if (isMetaTalk(text)) return afterNonAnswer(ctx, state, text, notContent(step.row));
    return answerRow(ctx, state, step.row, "", { done: text });
  }
  // Asked what was done of a task whose status is said ("đang làm 70%"), "100% văn bản … đã xử lý" is a share
  // of the work, not a new progress: the status stays.
  const known = ctx.items.find((i) => i.taskCode === step.row)?.status;
  if (step.field === "done" && known && opensWithShare(text)) {
    const { status: _s, percent: _p, statusUnclear: _u, ...rest } = parseRowAnswer(withoutRowName(text, step.row), "done");
    return answerRow(ctx, state, step.row, text, rest);
  }
  return answerRow(ctx, state, step.row, text);
}

const notContent = (row: string) => `Tin vừa rồi giống câu hỏi hoặc lời nhắn hơn là nội dung mục ${row}, nên tôi chưa ghi gì.`;

/** Saves a row answer (parsed from text, or given), shows what was understood, asks what is missing. */
async function answerRow(ctx: Ctx, state: QuarterlyState, row: string, typed: string, given?: RowAnswer): Promise<Turn> {
  const { deps, who } = ctx;
  // "mục 8 dạy học trực tuyến: đang làm 50%, …": the row's name before the answer is not work done.
  const text = withoutRowName(typed, row);
  // At a row the question is how the task stands: "đạt 70%" inside a sentence is its progress.
  // "90" alone, asked how the task stands: its progress (1–3 stay unclear: the status choices' numbers).
  const bare = !given && state.step.kind === "row" ? /^\s*(?:được|dc|đạt|khoảng|tầm)?\s*(\d{1,3})\s*[.!]?\s*$/iu.exec(text) : null;
  const figure = bare && Number(bare[1]) >= 4 && Number(bare[1]) <= 100 ? Number(bare[1]) : undefined;
  const answer = given ?? (figure !== undefined ? { percent: figure, status: statusForProgress(figure) } : parseRowAnswer(text, "done", { progressInSentence: state.step.kind === "row" }));
  if (answer.percent !== undefined && Number.isNaN(answer.percent)) return render(deps, who, state, ["Tiến độ phải từ 0 đến 100%, ví dụ: 80%."]);
  if (isEmptyAnswer(answer)) {
    if ((text.match(/[\p{L}\p{N}]/gu) ?? []).length < 2) return afterNonAnswer(ctx, state, text, `Tôi chưa đọc được nội dung cho mục ${row}. Ví dụ: “Đang làm 80%. Đã tập huấn 25 GV. Quý tới: …”, hoặc “bỏ qua”.`);
    // A question, a request, talk about the answer: asked, never stored.
    if (!given && isMetaTalk(text)) return afterNonAnswer(ctx, state, text, notContent(row));
    answer.done = text; // free text with no status word: it is the work done
  }
  const item = await saveAnswer(ctx, row, answer);
  return askMissing(ctx, state, row, item, answer, "Đã ghi");
}

/** After a row's answer was saved: what it still lacks is asked, else the next row. */
function askMissing(ctx: Ctx, state: QuarterlyState, row: string, item: ItemAnswers, answer: RowAnswer, verb: string): Promise<Turn> {
  const { deps, who } = ctx;
  const understood = `${verb} mục ${rowLine(item)}`;
  // Ask only for what is missing and needed: the status, then the work done of a task under way.
  if (!item.status && !answer.statusUnclear && !(state.step.kind === "field" && state.step.field === "status")) {
    return render(deps, who, pushStep(state, { kind: "field", row, field: "status" }), [understood]);
  }
  const asked = (f: string) => state.step.kind === "field" && state.step.field === f;
  if (item.status && item.status !== "chua_thuc_hien" && !item.done && !asked("done") && !asked("next") && answer.done !== null) {
    return render(deps, who, pushStep(state, { kind: "field", row, field: "done" }), [understood]);
  }
  // Column (4) of PHỤ LỤC 3: asked once when nothing was said about next quarter (with room for difficulties, recommendations).
  if (!item.next && answer.next === undefined && !asked("next") && !state.returnToReview && state.step.kind !== "copied") {
    return render(deps, who, pushStep(state, { kind: "field", row, field: "next" }), [understood]);
  }
  return render(deps, who, pushStep(state, nextRowStep(deps, state, row)), [`${understood}\n(sai thì gõ “sửa ${row}” hoặc “sửa ${row} phần quý tới thành: …”)`]);
}

/**
 * A correction that says more than a status ("đã xong rồi, 20/20 lớp") while the row already has
 * a "Đã làm" text: what to propose in its place — the stored text with the new count put in
 * ("Dạy trực tuyến 10/20 lớp" → "… 20/20 lớp") or the new text the correction gave. Undefined
 * when nothing contradicts the stored text.
 */
function replacementDone(stored: string | null, said: string, answer: RowAnswer): { text: string; said: string } | undefined {
  if (!stored) return undefined;
  // "… đạt 98% hồ sơ chứ ko phải 95%": the old figure is named — put the new one in its place in the stored text.
  const swap = /(\d+(?:[.,]\d+)?\s*%?)(?:(?!\d)[\s\S])*?\b(?:chu|chứ)\s+(?:khong|không|ko|k)\s+(?:phai|phải)\s+(?:la\s+|là\s+)?(\d+(?:[.,]\d+)?\s*%?)/iu.exec(said);
  if (swap) {
    const [, fresh, old] = swap as unknown as [string, string, string];
    const at = new RegExp(`(?<![\\d.,])${escapeRe(old.replace(/\s+/g, ""))}(?![\\d.,])`).exec(stored.replace(/(\d)\s+%/g, "$1%"));
    if (at && /%$/.test(fresh.trim()) === /%$/.test(old.trim())) {
      const compact = stored.replace(/(\d)\s+%/g, "$1%");
      return { text: compact.slice(0, at.index) + fresh.replace(/\s+/g, "") + compact.slice(at.index + at[0].length), said: fresh.trim() };
    }
  }
  // Counts ("20/20 lớp", "20 lớp") — dropped with the status ("xong rồi 20/20 lớp") or given as the new text.
  const source = said.replace(NOT_THAT, "");
  const inParts = [answer.next, answer.difficulties, answer.recommendations].filter(Boolean).map((x) => foldVietnamese(x!)).join(" ");
  for (const m of source.matchAll(/(\d+)(?:\s*\/\s*(\d+))?\s+([\p{L}]+)/gu)) {
    const [whole, n, of, unit] = m as unknown as [string, string, string | undefined, string];
    if (inParts.includes(foldVietnamese(whole))) continue;
    const fs = foldSameLength(stored);
    const fu = foldVietnamese(unit);
    const at = of ? new RegExp(`\\d+\\s*/\\s*${of}(?=\\s*${escapeRe(fu)}\\b)`).exec(fs) : new RegExp(`\\d+(?:\\s*/\\s*\\d+)?(?=\\s*${escapeRe(fu)}\\b)`).exec(fs);
    const text = at ? stored.slice(0, at.index) + (of ? `${n}/${of}` : n) + stored.slice(at.index + at[0].length) : undefined;
    if (text && foldVietnamese(text) !== foldVietnamese(stored)) return { text, said: whole };
    if (!text && !answer.done) return { text: `${stored}; ${whole}`, said: whole };
  }
  // "còn 2 gv chưa dùng", "nhưng …": what remains is said beside the stored text, not in its place.
  if (answer.done && /^(con|nhung|tuy nhien|tru|rieng)\b/.test(foldVietnamese(answer.done))) return { text: `${stored.replace(/[\s.;,]+$/, "")}, ${answer.done}`, said: answer.done };
  if (answer.done && foldVietnamese(answer.done) !== foldVietnamese(stored)) return { text: answer.done, said: answer.done };
  return undefined;
}

function partAnswer(part: NonNullable<Extract<Act, { kind: "edit" }>["part"]>, text: string): RowAnswer {
  if (part === "status" || part === "percent") {
    const p = parseStatusPhrase(text.replace(NOT_THAT, ""));
    return { status: p.status, percent: p.percent, statusUnclear: p.unclear };
  }
  // "(phần khó khăn) xóa đi, mình ko có khó khăn gì", "để trống", "ko có gì": the part emptied, never stored as its text.
  if (saysEmpty(text)) return { [part]: null };
  // "quý tới thành: X. Khó khăn: Y": the named part gets its text as typed, other labels their own.
  return partVerbatim(text, part);
}

const PART_LABEL = { done: "Đã làm", next: "Quý tới", difficulties: "Khó khăn", recommendations: "Kiến nghị" } as const;
type TextPart = keyof typeof PART_LABEL;
interface TextPlace {
  row: string;
  part: TextPart;
  value: string;
  match: { index: number; length: number };
}

/** "300" as a number of its own (not 3000, 1.300, 300%), on the folded text. */
function numberPattern(n: string): RegExp {
  return new RegExp(`(?<![\\d.,/])${n.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}(?![\\d%]|[.,/]\\d)`, "g");
}

/** Words as typed, with or without diacritics, between word edges, on the folded text. */
function wordsPattern(words: string): RegExp {
  const f = foldSameLength(words).replace(/đ/g, "d").trim().split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("\\s+");
  return new RegExp(`(?<![\\p{L}\\p{N}])${f}(?![\\p{L}\\p{N}])`, "gu");
}

/** Where the draft's text parts (of the row named, else of the report's rows) have the pattern. */
/**
 * "cái 70% lúc nãy là 75", "số 90 hồi nãy là 90% tiến độ": a progress figure replaced — the one row
 * whose progress is the old number (a "%" said, or the number written in no text), or the one part
 * that holds nothing but the old number, now given as a progress.
 */
function progressReplace(ctx: Ctx, state: QuarterlyState, act: { from: string; to: string; row?: string }, places: TextPlace[]): { row: string; answer: RowAnswer } | undefined {
  const [from, to] = [Number(act.from.replace(/%$/, "").replace(",", ".")), Number(act.to.replace(/%$/, "").replace(",", "."))];
  if (!Number.isInteger(to) || to < 0 || to > 100) return undefined;
  const percentOf = (n: number): RowAnswer => ({ percent: n, status: statusForProgress(n) });
  const inScope = ctx.items.filter((i) => (act.row ? i.taskCode === act.row : state.rows.includes(i.taskCode)));
  const withPercent = inScope.filter((i) => i.progressPercent === from);
  if (withPercent.length === 1 && (act.from.endsWith("%") || !places.length)) return { row: withPercent[0]!.taskCode, answer: percentOf(to) };
  // "90" stored as what was done, now said to be the progress.
  const bare = places.filter((p) => p.value.trim().replace(/\s*%$/, "") === act.from.replace(/%$/, ""));
  if (act.to.endsWith("%") && bare.length === 1 && places.length === 1) return { row: bare[0]!.row, answer: { ...percentOf(to), [bare[0]!.part]: null } };
  return undefined;
}

function textPlaces(ctx: Ctx, state: QuarterlyState, row: string | undefined, re: RegExp): TextPlace[] {
  const out: TextPlace[] = [];
  for (const item of ctx.items) {
    if (row ? item.taskCode !== row : !state.rows.includes(item.taskCode)) continue;
    for (const part of Object.keys(PART_LABEL) as TextPart[]) {
      const value = item[part];
      if (!value) continue;
      for (const m of foldSameLength(value).replace(/đ/g, "d").matchAll(re)) out.push({ row: item.taskCode, part, value, match: { index: m.index!, length: m[0].length } });
    }
  }
  return out;
}

/** Sets the parts the answer names; parts it does not name keep their value. */
async function saveAnswer(ctx: Ctx, row: string, a: RowAnswer, opts: { clear?: boolean } = {}): Promise<ItemAnswers> {
  const values: ItemValues = opts.clear ? { status: null, progressPercent: null } : {};
  if (a.status) values.status = a.status;
  if (a.percent !== undefined && !Number.isNaN(a.percent)) values.progressPercent = a.percent;
  for (const k of ["done", "next", "difficulties", "recommendations"] as const) if (a[k] !== undefined) values[k] = a[k] ? a[k]!.slice(0, 2_000) : null;
  const item = await setItem(ctx.deps.prisma, ctx.reportId, row, values, ctx.who.contactId);
  const i = ctx.items.findIndex((x) => x.taskCode === row);
  if (i >= 0) ctx.items[i] = item;
  else ctx.items.push(item);
  return item;
}

async function copyLast(ctx: Ctx, state: QuarterlyState, row: string, amend?: string): Promise<Turn> {
  const { deps, who } = ctx;
  const last = await lastQuarterItem(deps, who, state, row);
  if (!last) return render(deps, who, state, [`Quý trước trường chưa có báo cáo cho mục ${row}, nên chưa chép được. Thầy/cô trả lời mục này giúp tôi.`]);
  const copied = pick(last);
  let item = await saveAnswer(ctx, row, { status: (copied.status ?? undefined) as RowAnswer["status"], percent: copied.progressPercent ?? undefined, done: copied.done, next: copied.next, difficulties: copied.difficulties, recommendations: copied.recommendations });
  if (amend) {
    const changed = applyAmendment(item, amend);
    item = await saveAnswer(ctx, row, changed);
    return render(deps, who, pushStep(state, nextRowStep(deps, state, row)), [`Đã chép mục ${row} từ quý trước rồi sửa theo ý thầy/cô: ${rowLine(item)}\n(sai thì gõ “sửa ${row}”)`]);
  }
  return render(deps, who, pushStep(state, { kind: "copied", row }), [`Đã chép mục ${row} từ quý trước: ${rowLine(item, 300)}\nGiữ nguyên thì gõ “ok”; muốn đổi thì gõ phần mới (ví dụ “Quý tới: …”).`]);
}

/** "đổi số lớp thành 12", "quý tới: …", "xong rồi": applied over the copied row. */
function applyAmendment(item: ItemAnswers, amend: string): RowAnswer {
  const swap = /(?:đổi|doi|sửa|sua|thay)\s+(.+?)\s+(?:thành|thanh|bằng|bang|là|la)\s+(.+)$/iu.exec(amend);
  if (swap) {
    const what = swap[1]!.trim();
    const to = swap[2]!.trim();
    const out: RowAnswer = {};
    for (const k of ["done", "next", "difficulties", "recommendations"] as const) {
      const v = item[k];
      if (!v) continue;
      // Matched without diacritics ("so lop" finds "số lớp"), replaced in the text as written.
      // "số lớp thành 12": the number after (or before) the named words is replaced; else the words themselves.
      const fv = foldSameLength(v);
      const fw = foldVietnamese(what);
      const noun = fw.replace(/^so\s+/, "");
      const after = new RegExp(`(${escapeRe(fw)}\\s*(?:la|:)?\\s*)(\\d+)`).exec(fv);
      const before = /^\d+$/.test(to) ? new RegExp(`(\\d+)(\\s*${escapeRe(noun)})`).exec(fv) : null;
      const words = fv.indexOf(fw);
      if (after) out[k] = v.slice(0, after.index + after[1]!.length) + to + v.slice(after.index + after[0].length);
      else if (before) out[k] = v.slice(0, before.index) + to + v.slice(before.index + before[1]!.length);
      else if (words >= 0) out[k] = v.slice(0, words) + to + v.slice(words + fw.length);
    }
    if (Object.keys(out).length) return out;
  }
  return parseRowAnswer(amend);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// === A newer version filed meanwhile =========================================================

const SOURCE_WORDS: Record<string, string> = { email: "qua email", dashboard: "do cán bộ Phòng nhập", chat: "qua trò chuyện" };

async function askOvertaken(ctx: Ctx, state: QuarterlyState, newer: { id: string; version: number | null; source: string; submittedAt: Date | null; submittedById: string | null }): Promise<Turn> {
  const { deps, who } = ctx;
  const by = newer.submittedById ? (await deps.prisma.contact.findUnique({ where: { id: newer.submittedById }, select: { name: true } }))?.name : undefined;
  const how = `${SOURCE_WORDS[newer.source] ?? ""}${by ? ` (${by})` : ""}`.trim();
  // What the newer version changed, and where both changed the same row: the choice is informed.
  const base = (await deps.prisma.report.findUnique({ where: { id: ctx.reportId }, select: { basedOnId: true } }))?.basedOnId ?? null;
  const theirs = await changedRows(deps.prisma, base, newer.id);
  const mine = await changedRows(deps.prisma, base, ctx.reportId);
  const both = theirs.filter((c) => mine.includes(c));
  const what = [
    theirs.length ? `Phiên bản mới thay đổi ${theirs.length === 1 ? "mục" : "các mục"} ${theirs.join(", ")}.` : "",
    both.length ? `${both.length === 1 ? "Mục" : "Các mục"} ${both.join(", ")} cả hai bên cùng sửa: “có” giữ cách ghi của thầy/cô ở ${both.length === 1 ? "mục đó" : "các mục đó"}; “không” bỏ mọi thay đổi của phiên bản mới.` : "",
  ].filter(Boolean).join(" ");
  return {
    state: { ...state, step: { kind: "overtaken", newer: newer.id, resume: state.step } },
    replies: [
      `Trong lúc thầy/cô soạn, trường vừa nộp phiên bản ${newer.version} báo cáo ${qLabel(state.period)} ${how}${newer.submittedAt ? ` lúc ${timeText(newer.submittedAt)}` : ""}. Tin nhắn vừa rồi chưa được ghi.${what ? `\n${what}` : ""}\nThầy/cô muốn tiếp tục từ phiên bản mới đó không? Gõ “có” để lấy phiên bản mới và giữ các mục thầy/cô đã sửa; “không” để giữ nguyên bản nháp của mình (khi nộp sẽ thay phiên bản ${newer.version}).`,
    ],
  };
}

async function overtakenTurn(ctx: Ctx, state: QuarterlyState, step: Extract<Step, { kind: "overtaken" }>, text: string): Promise<Turn> {
  const { deps, who } = ctx;
  const yes = yesNo(text);
  if (yes === undefined) return { state, replies: ["Gõ “có” để tiếp tục từ phiên bản mới, hoặc “không” để giữ bản nháp của mình."] };
  const resumed = { ...state, step: step.resume };
  if (yes) {
    const kept = await rebaseDraft(deps.prisma, ctx.reportId, step.newer, who.contactId);
    const items = await deps.prisma.reportItem.findMany({ where: { reportId: ctx.reportId } });
    const rows = sortRows(deps, [...new Set([...state.rows, ...items.filter(hasContent).map((i) => i.taskCode)])]);
    return render(deps, who, { ...resumed, rows }, [`Đã chuyển sang phiên bản mới${kept.length ? `, giữ các mục thầy/cô đã sửa: ${kept.join(", ")}` : ""}. Tiếp tục:`]);
  }
  await acknowledgeNewer(deps.prisma, ctx.reportId, step.newer);
  return render(deps, who, resumed, ["Đã giữ bản nháp của thầy/cô. Khi nộp, bản này sẽ là phiên bản mới nhất. Tiếp tục:"]);
}

// === Helpers =================================================================================

/** The row a step is about, also for a step waiting on a question asked there. */
function stepRow(step: Step): string | undefined {
  if ("row" in step) return step.row;
  if ("resume" in step) return stepRow(step.resume);
  return undefined;
}

function pushStep(state: QuarterlyState, step: Step): QuarterlyState {
  const returnToReview = step.kind === "review" ? undefined : state.returnToReview;
  const adding = step.kind === "review" ? undefined : state.adding;
  return { ...state, step, returnToReview, adding, back: [...state.back, state.step].slice(-MAX_BACK) };
}

function sortRows(deps: DialogueDeps, rows: string[]): string[] {
  return [...new Set(rows)].sort((a, b) => order(deps, a) - order(deps, b));
}

function nextRowStep(deps: DialogueDeps, state: QuarterlyState, row: string): Step {
  // Rows added together: the next of them.
  const queued = state.adding?.includes(row) ? state.adding.slice(state.adding.indexOf(row) + 1).find((r) => state.rows.includes(r)) : undefined;
  if (queued) return { kind: "row", row: queued };
  if (state.returnToReview) return { kind: "review" };
  const next = state.rows[state.rows.indexOf(row) + 1];
  return next ? { kind: "row", row: next } : { kind: "review" };
}

async function lastQuarterItem(deps: DialogueDeps, who: Reporter, state: QuarterlyState, row: string) {
  const prev = previousQuarter(parseQuarterCode(state.period)!);
  const period = await deps.prisma.period.findUnique({ where: { code: quarterCode(prev) } });
  if (!period) return undefined;
  const last = await latestSubmitted(deps.prisma, who.school.id, period.id);
  return last?.items.find((i) => i.taskCode === row);
}

/** The rows of last quarter's filed report, in table order. */
async function lastQuarterRows(deps: DialogueDeps, who: Reporter, state: QuarterlyState): Promise<string[]> {
  const prev = previousQuarter(parseQuarterCode(state.period)!);
  const period = await deps.prisma.period.findUnique({ where: { code: quarterCode(prev) } });
  const last = period && (await latestSubmitted(deps.prisma, who.school.id, period.id));
  return last ? sortRows(deps, last.items.filter(hasContent).map((i) => i.taskCode).filter((c) => isFillable(deps, c))) : [];
}

async function render(deps: DialogueDeps, who: Reporter, state: QuarterlyState, before: string[] = []): Promise<Turn> {
  const step = state.step;
  let prompt: string;
  switch (step.kind) {
    case "pick-rows": {
      const list = fillableRows(deps.template)
        .map((r) => `${r.code}. ${shortenWords(r.title, 70)}`)
        .join("\n");
      prompt = [
        `Báo cáo ${qLabel(state.period)} — ${who.school.name}.`,
        "Quý này trường có hoạt động ở những mục nào? Gõ số mục, ví dụ: 2 4 7 8 (hoặc “tất cả”; “không có” nếu quý này không có hoạt động):",
        list,
      ].join("\n\n");
      break;
    }
    case "review": {
      const report = await deps.prisma.report.findUniqueOrThrow({ where: { id: state.reportId }, include: { items: true } });
      const last = await latestSubmitted(deps.prisma, report.schoolId, report.periodId);
      prompt = summaryText(deps.template, state.period, who.school.name, await nextVersion(deps.prisma, report.schoolId, report.periodId), report.items, last?.version ?? undefined, pendingRows(state, report.items));
      break;
    }
    case "row": {
      const item = await deps.prisma.reportItem.findUnique({ where: { reportId_taskCode: { reportId: state.reportId, taskCode: step.row } } });
      // A row answered before its turn: only what it lacks (status, what was done, next quarter), or on to the next.
      if (item && hasContent(item) && state.ahead?.includes(step.row)) {
        const ahead = state.ahead.filter((r) => r !== step.row);
        const rest = { ...state, ahead: ahead.length ? ahead : undefined };
        const field = !item.status ? "status" : item.status !== "chua_thuc_hien" && !item.done ? "done" : !item.next ? "next" : undefined;
        return render(deps, who, { ...rest, step: field ? { kind: "field", row: step.row, field } : nextRowStep(deps, rest, step.row) }, before);
      }
      const index = state.rows.indexOf(step.row);
      prompt = rowPrompt(deps.template, step.row, index >= 0 && state.rows.length > 1 ? { index: index + 1, total: state.rows.length } : undefined);
      if (item && hasContent(item)) prompt += `\nHiện tại: ${rowLine(item, 200)} — gõ “giữ nguyên” để giữ, hoặc chỉ phần cần đổi (ví dụ “Quý tới: …”).`;
      else {
        const last = await lastQuarterItem(deps, who, state, step.row);
        if (last?.next) prompt += `\nQuý trước trường dự kiến: “${shortenWords(last.next, 200)}”. Gõ “như kế hoạch” để ghi đó là việc đã làm, hoặc “như quý trước” để chép cả mục.`;
      }
      break;
    }
    case "field":
      prompt = step.field === "status" ? statusPrompt(step.row) : step.field === "done" ? donePrompt(step.row) : nextPrompt(step.row);
      break;
    case "copied":
      prompt = "";
      break;
    case "confirm-cancel":
      prompt = "Gõ “có” để hủy bản nháp, hoặc “không” để làm tiếp.";
      break;
    case "choose-period":
      prompt = "Gõ 1 hoặc 2.";
      break;
    case "which-row":
      prompt = `Gõ “có” để ghi tin vừa rồi vào mục ${step.next}, “không” nếu là của mục ${step.row}.`;
      break;
    case "replace-done":
      prompt = `Gõ “có” để sửa phần Đã làm của mục ${step.row} thành “${shortenWords(step.text, 200)}”, hoặc “không” để giữ nguyên.`;
      break;
    case "overtaken":
      prompt = "Gõ “có” để tiếp tục từ phiên bản mới (giữ các mục thầy/cô đã sửa), hoặc “không” để giữ nguyên bản nháp của mình.";
      break;
  }
  return { state, replies: [...before, prompt].filter(Boolean) };
}

/** The sentences of a message that ask something, apart from those that say what was stored was not an answer. */
function questionAside(text: string): string | undefined {
  const sentences = text.split(/(?<=[.!?;])\s+|\n+/).map((x) => x.trim()).filter(Boolean);
  const asked = sentences.filter((x) => isQuestion(x) && detectAct(x)?.kind !== "retract");
  return asked.length && asked.length < sentences.length ? asked.join(" ") : undefined;
}

/**
 * The sentences that answer and those that ask; in one sentence, a question clause at its end
 * ("đang làm, … đạt 70% rồi, mà hạn nộp là ngày mấy v ad?"). Undefined unless the message has both.
 */
function answerAndQuestion(text: string): { rest: string; question: string } | undefined {
  const sentences = text.split(/(?<=[.!?;])\s+|\n+/).map((x) => x.trim()).filter(Boolean);
  if (sentences.length < 2) {
    const clauses = answerThenQuestion(text);
    return clauses && detectAct(clauses.question)?.kind !== "retract" ? { rest: clauses.content, question: clauses.question } : undefined;
  }
  const asks = sentences.map((x) => isQuestion(x) && detectAct(x)?.kind !== "retract");
  if (!asks.some(Boolean) || asks.every(Boolean)) return undefined;
  return { rest: sentences.filter((_, i) => !asks[i]).join(" "), question: sentences.filter((_, i) => asks[i]).join(" ") };
}

/**
 * "chưa thực hiện ạ, quý tới tìm hiểu kiến trúc tham chiếu. mà ad ơi hạn tới 20/12 phải ko ạ?": the
 * sentences that answer are the row's answer, the sentences that ask are answered after it.
 * Undefined unless the message has both.
 */
async function contentAndQuestion(ctx: Ctx, state: QuarterlyState, row: string, text: string): Promise<Turn | undefined> {
  const split = answerAndQuestion(text);
  if (!split) return undefined;
  const { rest, question } = split;
  const parsed = parseRowAnswer(rest);
  if (isEmptyAnswer(parsed) || isMetaTalk(rest)) return undefined;
  const a = await ctx.deps.answer(question);
  const step = state.step.kind === "field" ? state.step : undefined;
  const turn = step ? await fieldTurn(ctx, state, step, undefined, rest) : await answerRow(ctx, state, row, rest);
  return !a.declined && a.text && a.kind !== "smalltalk" ? { ...turn, replies: [...turn.replies.slice(0, 1), a.text, ...turn.replies.slice(1)] } : turn;
}

/** A question in the middle of the form: answer it, then ask again where we were. */
async function answerAside(ctx: Ctx, state: QuarterlyState, said: string): Promise<Turn> {
  // "mục này là sao ad": the row being asked.
  const row = stepRow(state.step);
  const text = row ? said.replace(/\b(m[uụ]c|c[aá]i) (n[aà]y|n[aà]y l[aà])\b/giu, `mục ${row} phụ lục 3`) : said;
  const a = await ctx.deps.answer(text);
  const turn = await render(ctx.deps, ctx.who, state);
  return { state, replies: [a.text, `Tiếp tục báo cáo:\n${turn.replies.join("\n")}`] };
}

/**
 * Input that is not an answer for this step: a question the knowledge base knows gets answered
 * (then the step is repeated); anything else gets a short hint for this step — never the
 * knowledge base's refusal, which would be false here.
 */
async function afterNonAnswer(ctx: Ctx, state: QuarterlyState, text: string, hint: string, repeat = true): Promise<Turn> {
  if (text.length <= 300 && /[\p{L}]{2}/u.test(text) && (/\?\s*$/.test(text) || isQuestion(text) || QUESTION_WORDS.test(normalize(text)))) {
    const a = await ctx.deps.answer(text);
    // Small talk ("dạ vâng", the help text) is not an answer to what was typed here.
    if (!a.declined && a.text && a.kind !== "smalltalk") {
      const turn = await render(ctx.deps, ctx.who, state);
      return { state, replies: [a.text, `Tiếp tục báo cáo:\n${turn.replies.join("\n")}`] };
    }
  }
  if (!repeat) return { state, replies: [hint] };
  const turn = await render(ctx.deps, ctx.who, state);
  return { state, replies: [hint, ...turn.replies.filter((r) => r !== hint)].slice(0, 2) };
}

function firstTime(first: { late: boolean; submittedAt: Date | null } | null): { late: boolean; when: string } | undefined {
  return first?.submittedAt ? { late: first.late, when: timeText(first.submittedAt) } : undefined;
}

function timeText(d: Date): string {
  const hm = new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit", hour12: false }).format(d);
  return `${hm} ngày ${formatDate(d)}`;
}

/**
 * "xem lại bc q4 đã nộp": the rows of the school's latest filed version of the quarter named (or
 * of the latest quarter filed), laid out as the draft summary. Only the linked school's own.
 */
export async function filedRowsText(deps: DialogueDeps, who: Reporter, text: string): Promise<string> {
  const asked = resolveQuarter(findPeriod(normalize(text)), deps.clock.now());
  const where = asked ? { code: quarterCode(asked) } : { kind: "quarter" as const };
  const filed = await deps.prisma.report.findFirst({
    where: { schoolId: who.school.id, status: "submitted", period: where },
    orderBy: [{ period: { dueAt: "desc" } }, { version: "desc" }],
    include: { items: true, period: true },
  });
  if (!filed) {
    const what = asked ? `báo cáo ${qLabel(quarterCode(asked))}` : "báo cáo quý nào";
    return `${who.school.name} chưa nộp ${what} qua hệ thống, nên chưa có bản đã nộp để xem. Gõ “báo cáo” để bắt đầu.`;
  }
  return filedText(deps.template, filed.period.code, who.school.name, { version: filed.version ?? 1, referenceNo: filed.referenceNo ?? "", when: timeText(filed.submittedAt!), late: filed.late }, filed.items);
}

/** “Trường em nộp chưa?” */
export async function statusText(deps: DialogueDeps, who: Reporter, q: Quarter): Promise<string> {
  const code = quarterCode(q);
  const period = await deps.prisma.period.findUnique({ where: { code } });
  const due = `hạn trước ngày ${formatDate(quarterlyDeadline(q, deps.rules).dueDay)}`;
  const submitted = period && (await latestSubmitted(deps.prisma, who.school.id, period.id));
  const draft = period && (await findDraft(deps.prisma, who.school.id, period.id, who.contactId));
  const lines: string[] = [];
  if (submitted) {
    const when = timeliness(submitted.late, firstTime(await firstFiled(deps.prisma, who.school.id, period.id)), formatDate(quarterlyDeadline(q, deps.rules).dueDay));
    lines.push(`${who.school.name} đã nộp báo cáo ${qLabel(code)}: phiên bản ${submitted.version}, mã ${submitted.referenceNo}, lúc ${timeText(submitted.submittedAt!)} — ${when}.`);
  } else lines.push(`${who.school.name} chưa nộp báo cáo ${qLabel(code)} (${due}).`);
  if (draft) {
    const filled = draft.items.filter((i) => i.status || i.done).length;
    lines.push(`Thầy/cô có bản nháp đang làm dở: đã điền ${filled} mục. Gõ “báo cáo” để làm tiếp.`);
  } else if (!submitted) lines.push("Gõ “báo cáo” để bắt đầu nộp ngay trong cuộc trò chuyện này.");
  return lines.join("\n");
}

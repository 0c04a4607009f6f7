/**
 * The annual self-assessment by chat (QĐ 4725; to the office before 20/5, into the national
 * database before 31/5): two group scores, the mandatory conditions, evidence notes; the level
 * is computed and explained, then the form is filed like a quarterly report.
 */
import { formatDate, quarterOf, selfAssessmentDeadlines } from "../domain/periods.ts";
import { formatPoints, gapText, levelFor, LEVEL_NAMES } from "../domain/levels.ts";
import { foldVietnamese } from "../domain/text.ts";
import { ensureSelfAssessmentPeriod, fileVersion, findDraft, latestSubmitted, nextVersion, openDraft, saveSelfAssessment } from "../reports/store.ts";
import { storedValues, type SelfAssessmentValues } from "../reports/self-assessment-values.ts";
import { loadSelfAssessmentForm, type SelfAssessmentForm } from "../reports/self-assessment.ts";
import { normalize } from "../lang/normalize.ts";
import { findGroupScores } from "../lang/scores.ts";
import { CRITERION_CODE, summedPoints } from "../lang/sums.ts";
import { NOT_THAT } from "../lang/row-answer.ts";
import { detectAct, yesNo } from "./acts.ts";
import type { DialogueDeps, Reporter } from "./quarterly.ts";

type Step = { kind: "group"; index: number } | { kind: "condition"; index: number } | { kind: "notes" } | { kind: "review" };

export interface SelfAssessmentState {
  flow: "self-assessment";
  reportId: string;
  period: string;
  step: Step;
  back: Step[];
}

export interface SelfAssessmentTurn {
  state: SelfAssessmentState | null;
  replies: string[];
  filed?: string;
}

const form: SelfAssessmentForm = loadSelfAssessmentForm();

/** "có", "đã có", "rồi", "đã ban hành" / "không", "chưa có": the language layer's yes/no plus the form's own words. */
function parseYesNo(text: string): boolean | undefined {
  const t = foldVietnamese(text.toLowerCase()).replace(/[.!]+$/, "").trim();
  if (/^(co roi|da co|roi|1|dat|da ban hanh|co ban hanh|da co roi)$/.test(t)) return true;
  if (/^(chua co|0|2|khong co|chua ban hanh)$/.test(t)) return false;
  const said = yesNo(text);
  if (said !== undefined) return said;
  // "có rồi, lồng ghép trong kế hoạch năm học", "co r", "chưa có quy chế, đang dự thảo": the first words answer.
  const head = t.split(/[,;.]/)[0]!.trim();
  if (/^(?:da |dạ |vang )?(?:co|da co|da ban hanh|dat|roi)(?: roi| r| a| ad| nha)*(?:\s|$)/.test(head) && !/\b(khong|chua)\b/.test(head)) return true;
  if (/^(?:da |vang )?(?:chua|khong|ko|k)\b/.test(head)) return false;
  return undefined;
}

/** Points as said: added up when several are ("44 + 22 + 8", "QT-3 được 44, QT-4 được 22, cộng thêm 8"), codes left out. */
function pointsText(text: string): string {
  const plain = text.normalize("NFC").replace(CRITERION_CODE, " ");
  return summedPoints(plain)?.question ?? plain;
}

function parseScore(text: string, max: number): number | undefined | "invalid" {
  // "ghi 75 nhé", "là 75 điểm ạ", "được 75": one number with words that only carry it.
  const t = pointsText(text).replace(/(?<![\p{L}])(?:ghi|là|la|được|duoc|đạt|dat|khoảng|khoang|tổng|tong|cộng|cong|nhé|nhe|nha|ạ|a|ad|nhen|thôi|thoi|điểm|diem|đ)(?![\p{L}])/giu, " ");
  const m = /^[\s:=,.]*(\d{1,3})(?:[.,](\d+))?[\s.!]*$/.exec(t);
  if (!m) return undefined;
  const n = Number(`${m[1]}.${m[2] ?? 0}`);
  return n >= 0 && n <= max ? n : "invalid";
}

/**
 * "sửa nhóm 2 thành 74", "Nhóm 2 quản trị 74 điểm", "nhóm 2 là 44+22+8 = 74 điểm chứ không phải 3":
 * group scores said by name, read from the points as said (a figure taken back left out).
 */
export function scoresIn(text: string): [number | undefined, number | undefined] {
  const said = pointsText(text.replace(NOT_THAT, "")).replace(/=\s*(\d)/g, " $1");
  const named = findGroupScores(normalize(said));
  return [named.teaching, named.management];
}

/** The self-assessment year: this year until the national deadline has passed, then next year. */
function assessmentYear(now: Date, deps: DialogueDeps): number {
  const year = quarterOf(now).year;
  return now.getTime() >= selfAssessmentDeadlines(year, deps.rules).national.cutoff.getTime() ? year + 1 : year;
}

function prompt(step: Step): string {
  switch (step.kind) {
    case "group": {
      const g = form.groups[step.index]!;
      return `${g.title}: trường tự chấm được bao nhiêu điểm (0–${g.max})? Ví dụ: 72 — hoặc cả hai nhóm một lần: “dạy học 72, quản trị 68”.`;
    }
    case "condition": {
      const c = form.conditions[step.index]!;
      // `verified: false` is a note for the office's staff (kept in the .xlsx they receive), not for the school.
      return `Điều kiện bắt buộc ${step.index + 1}/${form.conditions.length}: ${c.title}.\nTrường đã có chưa? Gõ “có” hoặc “không”.`;
    }
    case "notes":
      return "Ghi chú minh chứng (ví dụ: đường dẫn hệ thống LMS, số quyết định ban hành quy chế), hoặc gõ “bỏ qua”.";
    case "review":
      return "";
  }
}

async function review(deps: DialogueDeps, who: Reporter, state: SelfAssessmentState): Promise<string> {
  const sa = storedValues(await deps.prisma.selfAssessment.findUnique({ where: { reportId: state.reportId } }));
  const lines = [`Bản tự đánh giá mức độ chuyển đổi số năm ${state.period.slice(0, 4)} — ${who.school.name}:`];
  const levels: number[] = [];
  for (const [i, g] of form.groups.entries()) {
    const score = i === 0 ? sa.teachingScore : sa.managementScore;
    if (score === null || score === undefined) {
      lines.push(`• ${g.title}: chưa nhập điểm`);
      continue;
    }
    const level = levelFor(score);
    levels.push(level);
    const gap = gapText(score);
    lines.push(`• ${g.title}: ${formatPoints(score)} điểm — ${LEVEL_NAMES[level]}${gap ? ` (${gap})` : ""}`);
  }
  const missing = form.conditions.filter((c) => sa.conditions[c.code] !== true);
  lines.push(`• Điều kiện bắt buộc: đạt ${form.conditions.length - missing.length}/${form.conditions.length}${missing.length ? ` — chưa có: ${missing.map((c) => c.title).join("; ")}` : ""}`);
  if (levels.length === 2) {
    lines.push(`Mức chung: ${LEVEL_NAMES[Math.min(...levels) as 1 | 2 | 3]} — theo cách hiểu thường gặp, cả hai nhóm phải đạt ngưỡng (dưới 50: Mức 1; 50–75: Mức 2; trên 75: Mức 3).`);
  }
  if (missing.length) lines.push(`Lưu ý: văn bản tôi có chưa nói rõ hệ quả khi chưa đạt điều kiện bắt buộc; thầy/cô hỏi thêm ${deps.office.name} nếu cần.`);
  const notes = sa.evidence;
  if (notes) lines.push(`• Minh chứng: ${notes}`);
  const d = selfAssessmentDeadlines(Number(state.period.slice(0, 4)), deps.rules);
  lines.push(`Hạn gửi Phòng: trước ${formatDate(d.district.dueDay)}; cập nhật lên CSDL ngành: trước ${formatDate(d.national.dueDay)}.`);
  lines.push("Gõ “xác nhận” để nộp, “quay lại” để sửa, hoặc “hủy” để dừng (bản nháp được giữ).");
  return lines.join("\n");
}

const push = (state: SelfAssessmentState, step: Step): SelfAssessmentState => ({ ...state, step, back: [...state.back, state.step].slice(-50) });

function nextStep(step: Step): Step {
  if (step.kind === "group") return step.index + 1 < form.groups.length ? { kind: "group", index: step.index + 1 } : { kind: "condition", index: 0 };
  if (step.kind === "condition") return step.index + 1 < form.conditions.length ? { kind: "condition", index: step.index + 1 } : { kind: "notes" };
  return { kind: "review" };
}

async function show(deps: DialogueDeps, who: Reporter, state: SelfAssessmentState, before: string[] = []): Promise<SelfAssessmentTurn> {
  return { state, replies: [...before, state.step.kind === "review" ? await review(deps, who, state) : prompt(state.step)] };
}

export async function openSelfAssessment(deps: DialogueDeps, who: Reporter): Promise<SelfAssessmentTurn> {
  const now = deps.clock.now();
  const year = assessmentYear(now, deps);
  const period = await ensureSelfAssessmentPeriod(deps.prisma, year, deps.rules);
  const submitted = await latestSubmitted(deps.prisma, who.school.id, period.id);
  if (submitted && !(await findDraft(deps.prisma, who.school.id, period.id, who.contactId))) {
    return { state: null, replies: [`${who.school.name} đã nộp bản tự đánh giá năm ${year} (mã ${submitted.referenceNo}). Gõ “sửa tự đánh giá” nếu cần nộp phiên bản mới.`] };
  }
  const { report } = await openDraft(deps.prisma, { schoolId: who.school.id, periodId: period.id, contactId: who.contactId, conversationId: who.conversationId });
  const state: SelfAssessmentState = { flow: "self-assessment", reportId: report.id, period: period.code, step: { kind: "group", index: 0 }, back: [] };
  const notes = [`Bản tự đánh giá mức độ chuyển đổi số năm ${year} theo QĐ 4725/QĐ-BGDĐT — ${who.school.name}.`];
  if (now.getTime() >= period.dueAt.getTime()) notes.push(`Lưu ý: đã quá hạn gửi Phòng (trước ${formatDate(selfAssessmentDeadlines(year, deps.rules).district.dueDay)}); bản tự đánh giá vẫn được nhận và ghi nhận là nộp trễ.`);
  // A draft already holding answers opens on its summary.
  if (await deps.prisma.selfAssessment.count({ where: { reportId: report.id } })) return show(deps, who, { ...state, step: { kind: "review" } }, notes);
  return show(deps, who, state, notes);
}

export async function reopenSelfAssessment(deps: DialogueDeps, who: Reporter): Promise<SelfAssessmentTurn> {
  const year = assessmentYear(deps.clock.now(), deps);
  const period = await ensureSelfAssessmentPeriod(deps.prisma, year, deps.rules);
  const { report } = await openDraft(deps.prisma, { schoolId: who.school.id, periodId: period.id, contactId: who.contactId, conversationId: who.conversationId });
  const state: SelfAssessmentState = { flow: "self-assessment", reportId: report.id, period: period.code, step: { kind: "review" }, back: [{ kind: "group", index: 0 }] };
  return show(deps, who, state, [`Đã mở phiên bản ${await nextVersion(deps.prisma, who.school.id, period.id)} của bản tự đánh giá năm ${year}. Gõ “quay lại” để sửa từ đầu.`]);
}

/** What stopping the self-assessment says: the draft is kept, and how to go on. */
export const SELF_ASSESSMENT_STOPPED = "Đã dừng tự đánh giá. Bản nháp vẫn được giữ; khi nào tiện, gõ “tự đánh giá” để làm tiếp.";

export async function continueSelfAssessment(deps: DialogueDeps, who: Reporter, state: SelfAssessmentState, text: string): Promise<SelfAssessmentTurn> {
  const report = await deps.prisma.report.findUnique({ where: { id: state.reportId } });
  if (!report || report.status !== "draft") return { state: null, replies: ["Bản nháp này đã được nộp hoặc không còn. Gõ “tự đánh giá” để bắt đầu lại."] };
  // Checked at every step: the draft is this person's, for their own school.
  if (report.schoolId !== who.school.id || report.createdById !== who.contactId) return { state: null, replies: [`Bản nháp này không thuộc tài khoản của thầy/cô, nên tôi đã dừng. Gõ “tự đánh giá” để làm bản của ${who.school.name}.`] };
  const act = detectAct(text);
  // "hủy đi ad", "thôi hủy nha": fillers around the cancel word (a bare "hủy" is a command before this).
  // "để sau", "lát em làm tiếp": a pause stops here the same way (the draft is kept).
  if (act?.kind === "cancel" || act?.kind === "pause") return { state: null, replies: [SELF_ASSESSMENT_STOPPED] };
  const steering = act?.kind === "back" || act?.kind === "review" || act?.kind === "confirm" ? act.kind : act?.kind === "skip-row" ? "skip" : undefined;
  const save = (patch: Partial<SelfAssessmentValues>) => saveSelfAssessment(deps.prisma, report.id, patch, who.contactId);
  const scorePatch = (index: number, score: number): Partial<SelfAssessmentValues> => (index === 0 ? { teachingScore: score } : { managementScore: score });
  if (steering === "back") {
    const prev = state.back.at(-1);
    return prev ? show(deps, who, { ...state, step: prev, back: state.back.slice(0, -1) }) : show(deps, who, state, ["Đây là bước đầu tiên."]);
  }
  if (steering === "review") return show(deps, who, push(state, { kind: "review" }));
  const step = state.step;
  /** A group's score set right by name at the notes or the summary ("sửa nhóm 2 thành 74"): saved, then the summary. */
  const scoreFix = async (said: string): Promise<SelfAssessmentTurn | undefined> => {
    const [teaching, management] = scoresIn(said);
    if (teaching === undefined && management === undefined) return undefined;
    const max = form.groups[0]!.max;
    if ([teaching, management].some((x) => x !== undefined && (x < 0 || x > max))) return show(deps, who, state, [`Điểm mỗi nhóm từ 0 đến ${max}.`]);
    if (teaching !== undefined) await save(scorePatch(0, teaching));
    if (management !== undefined) await save(scorePatch(1, management));
    return show(deps, who, push(state, { kind: "review" }), ["Đã sửa điểm."]);
  };
  if (/\?\s*$/.test(text)) {
    const a = await deps.answer(text);
    return { state, replies: [a.text, `Tiếp tục tự đánh giá:\n${step.kind === "review" ? "Gõ “xác nhận” để nộp." : prompt(step)}`] };
  }
  switch (step.kind) {
    case "group": {
      const g = form.groups[step.index]!;
      // Both groups by name in any order ("quản trị 64, dạy học 58"): both saved, on to the conditions.
      const byGroup = scoresIn(text);
      if (byGroup.some((x) => x !== undefined)) {
        if (byGroup.some((x) => x !== undefined && (x < 0 || x > g.max))) return show(deps, who, state, [`Điểm mỗi nhóm từ 0 đến ${g.max}.`]);
        for (const [i, x] of byGroup.entries()) if (x !== undefined) await save(scorePatch(i, x));
        const missing = byGroup.findIndex((x, i) => x === undefined && i !== step.index && i > step.index);
        const next: Step = byGroup.every((x) => x !== undefined) || missing < 0 ? { kind: "condition", index: 0 } : { kind: "group", index: missing };
        return show(deps, who, push(state, next));
      }
      const score = parseScore(text, g.max);
      if (score === undefined) return show(deps, who, state, [`Thầy/cô gõ số điểm từ 0 đến ${g.max}, ví dụ: 72.`]);
      if (score === "invalid") return show(deps, who, state, [`Điểm mỗi nhóm từ 0 đến ${g.max}.`]);
      await save(scorePatch(step.index, score));
      return show(deps, who, push(state, nextStep(step)));
    }
    case "condition": {
      const yes = parseYesNo(text);
      if (yes === undefined && steering === "skip") return show(deps, who, push(state, nextStep(step)), ["Bỏ qua điều kiện này (chưa ghi)."]);
      if (yes === undefined) return show(deps, who, state, ["Tôi chưa hiểu. Gõ “có”, “không” hoặc “bỏ qua”."]);
      await save({ conditions: { [form.conditions[step.index]!.code]: yes } });
      return show(deps, who, push(state, nextStep(step)));
    }
    case "notes": {
      if (steering === "skip") return show(deps, who, push(state, { kind: "review" }));
      const fixed = await scoreFix(text);
      if (fixed) return fixed;
      const notes = text.normalize("NFC").trim();
      if ([...notes].length > 2000) return show(deps, who, state, [`Ghi chú dài ${[...notes].length} ký tự, tối đa 2000.`]);
      if ((notes.match(/[\p{L}\p{N}]/gu) ?? []).length < 2) return show(deps, who, state, ["Tôi chưa đọc được ghi chú. Gõ nội dung minh chứng hoặc “bỏ qua”."]);
      await save({ evidence: notes });
      return show(deps, who, push(state, { kind: "review" }));
    }
    case "review": {
      const fixed = steering === "confirm" ? undefined : await scoreFix(text);
      if (fixed) return fixed;
      if (steering !== "confirm") return { state, replies: ["Gõ “xác nhận” để nộp, “quay lại” để sửa, “xem lại” để xem, hoặc “hủy” để dừng."] };
      const filed = await fileVersion(deps.prisma, { schoolId: who.school.id, periodId: report.periodId, source: "chat", actor: { type: "contact", id: who.contactId }, draftId: report.id, now: deps.clock.now(), rules: deps.rules });
      const lines = [
        `Đã nộp bản tự đánh giá năm ${filed.period.year} của ${filed.school.name} (phiên bản ${filed.version}).`,
        `Mã tiếp nhận: ${filed.referenceNo}`,
        filed.late ? "Lưu ý: nộp sau hạn gửi Phòng nên được ghi nhận là nộp trễ." : undefined,
        `Bản tổng hợp (.xlsx) được tự động gửi tới ${deps.office.email}. Nhớ cập nhật kết quả lên hệ thống CSDL ngành trước ${formatDate(selfAssessmentDeadlines(filed.period.year, deps.rules).national.dueDay)}.`,
      ].filter(Boolean);
      return { state: null, replies: [lines.join("\n")], filed: filed.id };
    }
  }
}

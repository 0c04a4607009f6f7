/**
 * The report conversation on every channel: opens on “báo cáo”, “em gửi báo cáo quý 2 ạ”, “sửa
 * báo cáo”, “nộp chưa?”, “tự đánh giá”; then owns the chat until the report is filed, cancelled or
 * paused (“để tối làm tiếp” — then other messages go to the knowledge base until “làm tiếp”).
 */
import { spokenNumbers } from "../../lang/spoken-numbers.ts";
import { Composer } from "grammy";
import { loadForm, saveForm, type FormState } from "../../dialogue/form-state.ts";
import { amendFiled, askAgain, changeAfterRequest, continueQuarterly, openQuarterly, resumeQuarterly, type DialogueDeps, type QuarterlyState, type Reporter } from "../../dialogue/quarterly.ts";
import { normalize } from "../../lang/normalize.ts";
import { findPeriod } from "../../lang/periods.ts";
import { schoolNamedIn, type SchoolNamed } from "../../registry/school-names.ts";
import { continueSelfAssessment, openSelfAssessment, reopenSelfAssessment, scoresIn, type SelfAssessmentState } from "../../dialogue/self-assessment.ts";
import { detectAct } from "../../dialogue/acts.ts";
import { asksToFile, detectOpening, looksLikeRowAnswer, mentionsReportAction } from "../../dialogue/phrases.ts";
import { qLabel } from "../../dialogue/quarterly-texts.ts";
import { commandIn, readsAsCommand } from "../../dialogue/turn-reading.ts";
import type { BotContext } from "../context.ts";
import { texts } from "../texts.ts";

function dialogueDeps(ctx: BotContext): DialogueDeps {
  const d = ctx.deps;
  return { prisma: d.prisma, template: d.reports.template, rules: d.reports.rules, clock: d.reports.clock, office: d.office, answer: (q) => d.answer(q, ctx.identity) };
}

function reporterOf(ctx: BotContext): Reporter | undefined {
  const { contact, school, conversationId } = ctx.identity;
  if (!contact || !school) return undefined;
  return { contactId: contact.id, contactName: contact.name, school, conversationId };
}

/** Whether a message names a quarter ("báo cáo quý 2" switches period; "báo cáo" alone does not). */
function namesPeriod(text: string): boolean {
  // "sửa bc, thêm mục 8: …, quý tới nhân rộng": only the request names a period, not the row's content.
  return !!findPeriod(normalize(changeAfterRequest(text)?.request ?? text));
}

/**
 * A school the message names that is not the account's own (full or partial name, with or
 * without diacritics): the bot then acts on no report. A partial name that fits the account's own
 * school is its own school.
 */
async function otherSchoolNamed(ctx: BotContext, who: Reporter, text: string): Promise<SchoolNamed | undefined> {
  const schools = await ctx.deps.prisma.school.findMany({ select: { id: true, code: true, name: true, shortName: true, emails: true, level: true } });
  const named = schoolNamedIn(text, schools, who.school.id, ctx.deps.office.name);
  return named && !named.own ? named : undefined;
}

/** The sender's own form in this chat (in a group, each person's form is theirs alone). */
const formKey = (ctx: BotContext) => ({ conversationId: ctx.identity.conversationId, accountId: ctx.identity.accountId });

async function loadState(ctx: BotContext): Promise<FormState | null> {
  const state = await loadForm(ctx.deps.prisma, formKey(ctx), ctx.storedForm);
  ctx.storedForm = { state: state === "unreadable" ? null : state };
  if (state !== "unreadable") return state;
  ctx.log.warn({ accountId: ctx.identity.accountId }, "unreadable form state reset");
  await ctx.reply(texts.formReset);
  return null;
}

async function saveState(ctx: BotContext, state: FormState | null): Promise<void> {
  ctx.storedForm = undefined; // read again if asked: the saved form is what counts
  await saveForm(ctx.deps.prisma, formKey(ctx), state);
  ctx.storedForm = { state };
}

async function replyAll(ctx: BotContext, replies: string[]): Promise<void> {
  for (const r of replies) await ctx.reply(r);
}

/** Filing or dropping the draft, said in so many words. */
function ordersForm(text: string): boolean {
  const kind = detectAct(text)?.kind;
  const command = commandIn(text);
  return ((kind === "cancel" || kind === "confirm") && (!command || command === kind)) || (!kind && (command === "cancel" || command === "confirm"));
}

export function reportFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.on("message:text", async (ctx, next) => {
    // "được tám mươi phần trăm", "chín trên mười lớp" (voice typing, or typed so): figures as a typist writes them.
    const text = spokenNumbers(ctx.message.text, { units: false });
    let state = await loadState(ctx);
    const opening = detectOpening(text);
    // "hủy", "xác nhận nộp" after "để mai e xem lại rồi gửi": an order about the paused draft is for it.
    if (state?.paused && state.flow === "quarterly" && !opening && ordersForm(text)) state = { ...(state as QuarterlyState), paused: undefined };
    // "em nộp bc q4 giúp trường … được không": a request for another school, asked as a question, is refused, not answered from the documents.
    if ((!state || state.paused) && !opening && mentionsReportAction(text)) {
      const who = reporterOf(ctx);
      const other = who && (await otherSchoolNamed(ctx, who, text));
      if (who && other) return void (await ctx.reply(texts.reportNotOwnSchool(who.school.name, other.others.map((s) => s.name), ctx.deps.office, false)));
    }
    // The same inside an active form ("ad ơi trường TH Thị Trấn Củ Chi nộp bc q4 chưa? e nộp hộ luôn dc ko"):
    // refused, nothing stored, and the step asked again.
    if (state && !state.paused && state.flow === "quarterly" && (mentionsReportAction(text) || opening)) {
      const who = reporterOf(ctx);
      const other = who && (await otherSchoolNamed(ctx, who, text));
      if (who && other) {
        const refusal = texts.reportNotOwnSchool(who.school.name, other.others.map((s) => s.name), ctx.deps.office, false);
        const again = await askAgain(dialogueDeps(ctx), who, state as QuarterlyState);
        return void (await replyAll(ctx, [refusal, `Tiếp tục báo cáo:\n${again.replies.join("\n")}`]));
      }
    }
    // "ad oi e nop tre bc quy 3 dc ko a": a request to file, asked as a question — the answer, then the form.
    if ((!state || state.paused) && !opening && asksToFile(text)) {
      const who = reporterOf(ctx);
      if (who && !(await otherSchoolNamed(ctx, who, text))) {
        const deps = dialogueDeps(ctx);
        const answer = await deps.answer(text);
        const turn = await openQuarterly(deps, who, "report", text, state?.flow === "quarterly" ? (state as QuarterlyState) : undefined);
        await saveState(ctx, turn.state);
        return void (await replyAll(ctx, [...(!answer.declined && answer.text && answer.kind !== "smalltalk" ? [answer.text] : []), ...turn.replies]));
      }
    }
    // "mục 8 e ghi nhầm, phải là 90% thôi", "thêm mục 9 vào bc q4" after filing, no form open: a new version with the change.
    if (!state && (!opening || (opening === "report" && detectAct(text)?.kind === "add"))) {
      const who = reporterOf(ctx);
      const amended = who && (await amendFiled(dialogueDeps(ctx), who, text));
      if (amended) {
        await saveState(ctx, amended.state);
        return void (await replyAll(ctx, amended.replies));
      }
    }
    // "7 8 9", "đang làm 70%, 15/21 lớp …" with no form open: a report's answer, not a question — the
    // documents would answer it with an unrelated passage. Nothing stored; the way in is shown.
    if ((!state || state.paused) && !opening && reporterOf(ctx) && looksLikeRowAnswer(text)) {
      const paused = state?.paused && state.flow === "quarterly" ? qLabel((state as QuarterlyState).period) : undefined;
      return void (await ctx.reply(texts.rowAnswerWithoutForm(paused)));
    }
    // A paused form waits: other messages are questions for the knowledge base.
    if ((!state || state.paused) && !opening) return next();

    const who = reporterOf(ctx);
    if (!who) return void (await ctx.reply(texts.reportNeedsLink(ctx.deps.office)));
    const deps = dialogueDeps(ctx);
    if (opening) {
      // "sửa bc q4 trường tiểu học thị trấn", "trường thị trấn củ chi nộp chưa": never the sender's own report in its place.
      const other = await otherSchoolNamed(ctx, who, text);
      if (other) {
        const refusal = texts.reportNotOwnSchool(who.school.name, other.others.map((s) => s.name), ctx.deps.office, opening === "status" || opening === "show-filed");
        if (opening !== "status") return void (await ctx.reply(refusal));
        const own = await openQuarterly(deps, who, "status", text);
        return void (await replyAll(ctx, [[refusal, texts.ownStatusLabel(who.school.name), ...own.replies].join("\n")]));
      }
    }
    let turn: { state: FormState | null; replies: string[]; filed?: string };
    // "xem lại báo cáo" inside an active form is the draft's summary, not the filed version.
    const draftReview = opening === "show-filed" && !!state && !state.paused && !/\b(da nop|da gui|nop roi|gui roi|vua nop|vua gui)\b/.test(normalize(text));
    if ((opening === "status" || opening === "show-filed") && !draftReview) {
      // A status question neither ends nor forgets the form in progress, paused or not: the
      // paused form keeps its picked rows and its step for “làm tiếp”.
      const status = await openQuarterly(deps, who, opening, text);
      return void (await replyAll(ctx, status.replies));
    }
    // Inside an active form, only a short request names another form or period; a long message
    // that mentions "báo cáo" is an answer ("Đã gửi báo cáo cho Sở…"). A bare "báo cáo" or
    // "làm tiếp" resumes where the form stopped.
    const active = !!state && !state.paused;
    const short = normalize(text).split(" ").length <= 7;
    // "nộp báo cáo" on the summary confirms it; a form act wins over a bare opening.
    const actInForm = active && (draftReview || (opening === "report" && !namesPeriod(text) && (!!detectAct(text) || readsAsCommand(text))));
    if (opening && (!active || short) && !actInForm) {
      if (state?.flow === "quarterly" && opening === "report" && !namesPeriod(text)) turn = await resumeQuarterly(deps, who, state as QuarterlyState);
      else if (opening === "self-assessment") {
        turn = await openSelfAssessment(deps, who);
        // "giờ em làm luôn tự đánh giá nha, dạy học 58 quản trị 64": the scores said with the opening are taken.
        const opened = turn.state as SelfAssessmentState | null;
        if (opened?.step.kind === "group" && scoresIn(text).some((x) => x !== undefined)) {
          const more = await continueSelfAssessment(deps, who, opened, text);
          turn = { ...more, replies: [...turn.replies.slice(0, -1), ...more.replies] };
        }
      }
      else if (opening === "correct-self-assessment") turn = await reopenSelfAssessment(deps, who);
      else turn = await openQuarterly(deps, who, opening, text, state?.flow === "quarterly" ? (state as QuarterlyState) : undefined);
    } else if (state!.flow === "self-assessment") turn = await continueSelfAssessment(deps, who, state as SelfAssessmentState, text);
    else turn = await continueQuarterly(deps, who, state as QuarterlyState, text);
    await saveState(ctx, turn.state);
    if (turn.filed && ctx.deps.reports.onFiled) {
      // The report is filed whatever happens here; documents and mail are retried from the outbox.
      await ctx.deps.reports.onFiled(turn.filed).catch((err: unknown) => ctx.log.error({ err, reportId: turn.filed }, "could not queue the report documents"));
    }
    await replyAll(ctx, turn.replies);
  });

  composer.on("message", async (ctx, next) => {
    const state = await loadState(ctx);
    if (!state || state.paused) return next();
    await ctx.reply(texts.reportTextOnly);
  });
  return composer;
}

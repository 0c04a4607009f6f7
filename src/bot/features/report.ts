/**
 * The report conversation on every channel: opens on “báo cáo” / “sửa báo cáo” / “nộp chưa?”,
 * then owns the chat until the report is filed or the person types “hủy”.
 */
import { Composer } from "grammy";
import { Prisma } from "../../generated/prisma/client.ts";
import { continueQuarterly, openQuarterly, type DialogueDeps, type QuarterlyState, type Reporter } from "../../dialogue/quarterly.ts";
import { continueSelfAssessment, openSelfAssessment, reopenSelfAssessment, type SelfAssessmentState } from "../../dialogue/self-assessment.ts";
import { detectOpening } from "../../dialogue/phrases.ts";
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

type FormState = QuarterlyState | SelfAssessmentState;

async function loadState(ctx: BotContext): Promise<FormState | null> {
  const conv = await ctx.deps.prisma.conversation.findUnique({ where: { id: ctx.identity.conversationId }, select: { state: true } });
  const state = conv?.state as unknown as FormState | null;
  return state?.flow === "quarterly" || state?.flow === "self-assessment" ? state : null;
}

async function saveState(ctx: BotContext, state: FormState | null): Promise<void> {
  await ctx.deps.prisma.conversation.update({
    where: { id: ctx.identity.conversationId },
    data: { state: state ? (state as unknown as Prisma.InputJsonValue) : Prisma.DbNull },
  });
}

async function replyAll(ctx: BotContext, replies: string[]): Promise<void> {
  for (const r of replies) await ctx.reply(r);
}

export function reportFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.on("message:text", async (ctx, next) => {
    const text = ctx.message.text;
    const state = await loadState(ctx);
    const opening = detectOpening(text);
    if (!state && !opening) return next();

    const who = reporterOf(ctx);
    if (!who) return void (await ctx.reply(texts.reportNeedsLink(ctx.deps.office)));
    const deps = dialogueDeps(ctx);
    // An opening phrase wins over the form in progress (“báo cáo quý 2” switches reports),
    // except a bare “báo cáo” typed while a report form is open, which just continues it.
    const reopen = opening && (!state || opening !== "report" || text.trim().length > 8 || state.flow !== "quarterly");
    let turn: { state: FormState | null; replies: string[]; filed?: string };
    if (reopen && opening === "self-assessment") turn = await openSelfAssessment(deps, who);
    else if (reopen && opening === "correct-self-assessment") turn = await reopenSelfAssessment(deps, who);
    else if (reopen) turn = await openQuarterly(deps, who, opening!, text);
    else if (state!.flow === "self-assessment") turn = await continueSelfAssessment(deps, who, state as SelfAssessmentState, text);
    else turn = await continueQuarterly(deps, who, state as QuarterlyState, text);
    if (opening === "status" && state) {
      await replyAll(ctx, turn.replies);
      return; // a status question does not end the form in progress
    }
    await saveState(ctx, turn.state);
    if (turn.filed && ctx.deps.reports.onFiled) {
      // The report is filed whatever happens here; documents and mail are retried from the outbox.
      await ctx.deps.reports.onFiled(turn.filed).catch((err: unknown) => ctx.log.error({ err, reportId: turn.filed }, "could not queue the report documents"));
    }
    await replyAll(ctx, turn.replies);
  });

  composer.on("message", async (ctx, next) => {
    if (!(await loadState(ctx))) return next();
    await ctx.reply(texts.reportTextOnly);
  });
  return composer;
}

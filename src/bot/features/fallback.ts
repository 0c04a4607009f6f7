/**
 * The last stop of the pipeline: free text goes to the answer service (the knowledge module);
 * a question it declines is recorded for the district; anything that is not text gets a
 * polite explanation.
 */
import { Composer } from "grammy";
import type { BotContext } from "../context.ts";
import { texts } from "../texts.ts";

/** Longest question we try to answer. */
export const MAX_QUESTION_LENGTH = 2_000;

export function fallbackFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on("message:text", async (ctx) => {
    const text = ctx.message.text.normalize("NFC").trim();
    if (text.length > MAX_QUESTION_LENGTH) return void (await ctx.reply(texts.tooLong(MAX_QUESTION_LENGTH)));
    const answer = await ctx.deps.answer(text, ctx.identity);
    if (answer.forward ?? answer.declined) {
      // Kept for the district IT staff: they answer it and improve the corpus. Thanks, gibberish
      // and off-topic requests are answered on the spot, so nobody is promised a later answer.
      await ctx.deps.prisma.unansweredQuestion.create({
        data: {
          question: text,
          channel: ctx.channel,
          conversationId: ctx.identity.conversationId,
          accountId: ctx.identity.accountId,
          schoolId: ctx.identity.school?.id,
        },
      });
    }
    await ctx.reply(answer.text);
  });
  composer.on("message", async (ctx) => {
    await ctx.reply(texts.unsupported(ctx.deps.office));
  });
  return composer;
}

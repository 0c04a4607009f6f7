/** start / help / link / cancel, recognised with or without slash and diacritics. */
import { Composer } from "grammy";
import { clearForm, loadForm } from "../../dialogue/form-state.ts";
import { redeemLinkCode } from "../../registry/link-codes.ts";
import { parseCommand } from "../commands.ts";
import type { BotContext } from "../context.ts";
import { texts } from "../texts.ts";

export function commandsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.on("message:text", async (ctx, next) => {
    const command = parseCommand(ctx.message.text);
    if (!command) return next();
    const { office, prisma } = ctx.deps;
    switch (command.name) {
      case "start":
        return void (await ctx.reply(texts.welcome(ctx.identity, office)));
      case "help":
        return void (await ctx.reply(texts.help(office)));
      case "cancel": {
        const key = { conversationId: ctx.identity.conversationId, accountId: ctx.identity.accountId };
        const state = await loadForm(prisma, key, ctx.storedForm);
        if (!state || state === "unreadable") return void (await ctx.reply(texts.nothingToCancel));
        // The quarterly form asks before discarding its draft: it handles "hủy" itself.
        if (state.flow === "quarterly") return next();
        ctx.storedForm = undefined;
        await clearForm(prisma, key);
        return void (await ctx.reply(texts.reportCancelled));
      }
      case "link": {
        if (!command.args) return void (await ctx.reply(texts.linkUsage));
        const result = await redeemLinkCode(prisma, {
          accountId: ctx.identity.accountId,
          typedCode: command.args,
          displayName: ctx.identity.displayName,
        });
        if (result.ok) {
          ctx.log.info({ accountId: ctx.identity.accountId }, "chat account linked to a school");
          return void (await ctx.reply(
            result.alreadyLinked ? texts.linkAlready(result.schoolName) : texts.linkOk(result.schoolName, result.contactName),
          ));
        }
        const reply = {
          empty: texts.linkUsage,
          unknown: texts.linkUnknown,
          used: texts.linkUsed,
          expired: texts.linkExpired,
          too_many_attempts: texts.linkTooMany,
          linked_elsewhere: texts.linkElsewhere(result.schoolName),
        }[result.reason];
        return void (await ctx.reply(reply));
      }
    }
  });

  return composer;
}

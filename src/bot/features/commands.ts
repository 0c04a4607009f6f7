/** start / help / link / cancel, recognised with or without slash and diacritics. */
import { Composer } from "grammy";
import { detectAct } from "../../dialogue/acts.ts";
import { clearForm, loadForm } from "../../dialogue/form-state.ts";
import { SELF_ASSESSMENT_STOPPED } from "../../dialogue/self-assessment.ts";
import { redeemLinkCode } from "../../registry/link-codes.ts";
import { parseCommand } from "../commands.ts";
import type { BotContext } from "../context.ts";
import { texts } from "../texts.ts";
import { foldVietnamese } from "../../domain/text.ts";

/**
 * "Chào bot, em là HT mới ạ. liên kết 242M-XJXW", "dạ chào ad, em gửi mã liên kết: 2GK6-VMAP": a
 * link code named by "liên kết"/"lk"/"mã" later in a message that opens with something else (a
 * greeting, an introduction). Only a word of linking right before a code-shaped token counts, so
 * a question about linking without a code stays a question.
 */
const LINK_INSIDE = /(?:^|[^\p{L}\p{N}])(?:lien ket|lienket|link|lk|ma)(?:\s+(?:tai khoan|tk|ma|la|giup|cho|e|em))*\s*[:\-–]?\s*([A-Za-z0-9]{4}-[A-Za-z0-9]{4}|[A-Za-z0-9]{8})(?![\p{L}\p{N}])/u;

export function linkCodeInside(text: string): string | undefined {
  const m = LINK_INSIDE.exec(foldVietnamese(text.normalize("NFC")));
  // A code has letters of the code alphabet and at least one digit or a hyphen ("ABCD-EFGH"), never a word.
  if (!m || (!/\d/.test(m[1]!) && !m[1]!.includes("-"))) return undefined;
  return m[1]!.toUpperCase();
}

export function commandsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.on("message:text", async (ctx, next) => {
    const inside = linkCodeInside(ctx.message.text);
    // "thôi ad, hủy đi, để em hỏi lại đã": an order to cancel in a sentence — with nothing open, said so (not a question for the office).
    const said = foldVietnamese(ctx.message.text.toLowerCase());
    const cancelSaid = !inside && /\bhuy\b/.test(said) && detectAct(ctx.message.text)?.kind === "cancel" ? { name: "cancel" as const, args: "" } : undefined;
    const command = parseCommand(ctx.message.text) ?? (inside ? { name: "link" as const, args: inside } : cancelSaid);
    if (!command) {
      // "xác nhận", "nộp đi" with nothing to file: said so, not sent to the office as a question.
      if (!inside && /\b(xac nhan|nop di|gui di|nop luon|gui luon|chot)\b/.test(said) && detectAct(ctx.message.text)?.kind === "confirm") {
        const state = await loadForm(ctx.deps.prisma, { conversationId: ctx.identity.conversationId, accountId: ctx.identity.accountId }, ctx.storedForm);
        if (!state) return void (await ctx.reply(texts.nothingToConfirm));
      }
      return next();
    }
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
        // A cancel said in a sentence while a form is open is the form's to read (it may pause, or ask).
        if (command === cancelSaid) return next();
        // The quarterly form asks before discarding its draft: it handles "hủy" itself.
        if (state.flow === "quarterly") return next();
        ctx.storedForm = undefined;
        await clearForm(prisma, key);
        // The self-assessment is taken up again by "tự đánh giá", not by "báo cáo" (which opens the quarterly report).
        return void (await ctx.reply(state.flow === "self-assessment" ? SELF_ASSESSMENT_STOPPED : texts.reportCancelled));
      }
      case "link": {
        if (!command.args) return void (await ctx.reply(texts.linkUsage));
        // "liên kết MWHP-5MQ2 nha": the code-shaped token, without the words around it.
        const code =
          /(?<![\p{L}\p{N}])([A-Za-z0-9]{4}-[A-Za-z0-9]{4}|[A-Za-z0-9]{8})(?![\p{L}\p{N}])/u.exec(command.args)?.[1] ??
          command.args.replace(/(?:[\s,.!]+(?:nha|nhé|nhe|nhen|ạ|a|ad|ak|ah|giúp|giup|em|e|với|voi|ơi|oi))+[\s.!]*$/iu, "");
        const result = await redeemLinkCode(prisma, {
          accountId: ctx.identity.accountId,
          typedCode: code,
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

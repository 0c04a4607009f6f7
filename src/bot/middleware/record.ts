/**
 * Records every inbound message before anything else happens (so nothing is lost), drops
 * a redelivered update (same chat + external message id), records every outbound message,
 * and resolves who is writing.
 */
import type { Message } from "grammy/types";
import type { MiddlewareFn } from "grammy";
import { normalizeText } from "../../domain/text.ts";
import { isUniqueViolation } from "../../db/errors.ts";
import type { BotContext, Identity } from "../context.ts";
import { isReplay } from "../../channels/shared/update-store.ts";

/** Longest inbound text we store verbatim; longer text is cut (and refused by the handlers). */
export const MAX_STORED_TEXT = 10_000;

function describeNonText(msg: Message): string {
  if (msg.sticker) return "[sticker]";
  if (msg.photo) return `[ảnh]${msg.caption ? ` ${msg.caption}` : ""}`;
  if (msg.document) return `[tệp] ${msg.document.file_name ?? ""}`.trim();
  if (msg.voice || msg.audio) return "[âm thanh]";
  return "[không hỗ trợ]";
}

export const recordAndIdentify: MiddlewareFn<BotContext> = async (ctx, next) => {
  const msg = ctx.message;
  if (!msg || !ctx.chat || !ctx.from) return; // channel posts, edits, callbacks: not handled
  const { prisma } = ctx.deps;
  const channel = ctx.channel;
  const now = new Date();
  const displayName = [ctx.from.first_name, ctx.from.last_name].filter(Boolean).join(" ") || undefined;
  const text = msg.text !== undefined ? normalizeText(msg.text) : describeNonText(msg);

  const account = await prisma.chatAccount.upsert({
    where: { channel_externalId: { channel, externalId: String(ctx.from.id) } },
    create: { channel, externalId: String(ctx.from.id), displayName, lastInboundAt: now },
    update: { displayName, lastInboundAt: now },
    include: { contact: { include: { school: true } } },
  });
  const conversation = await prisma.conversation.upsert({
    where: { channel_chatId: { channel, chatId: String(ctx.chat.id) } },
    create: { channel, chatId: String(ctx.chat.id), accountId: account.id },
    update: { accountId: account.id },
  });
  try {
    await prisma.chatMessage.create({
      data: {
        conversationId: conversation.id,
        direction: "in",
        externalId: String(msg.message_id),
        text: text.slice(0, MAX_STORED_TEXT),
      },
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // A webhook update replayed after a crash may have been recorded before the crash: handle it
    // (it was never answered, or the store would have marked it done). Anything else is a redelivery.
    if (!isReplay(ctx.update)) {
      ctx.log.info({ messageId: msg.message_id }, "duplicate update ignored");
      return;
    }
  }

  // Record what the bot sends in this conversation (ctx.api is per update).
  ctx.api.config.use(async (prev, method, payload, signal) => {
    const res = await prev(method, payload, signal);
    if (method === "sendMessage" && res.ok) {
      ctx.deps.metrics?.reply(channel);
      const sent = res.result as { message_id?: string | number };
      await prisma.chatMessage
        .create({
          data: {
            conversationId: conversation.id,
            direction: "out",
            externalId: sent.message_id !== undefined ? String(sent.message_id) : null,
            text: String((payload as { text?: string }).text ?? ""),
          },
        })
        .catch((e: unknown) => ctx.log.error({ err: e }, "could not record outbound message"));
    }
    return res;
  });

  const contact = account.contact;
  const identity: Identity = {
    channel,
    accountId: account.id,
    conversationId: conversation.id,
    displayName,
    contact: contact ? { id: contact.id, name: contact.name, role: contact.role } : undefined,
    school: contact?.school
      ? { id: contact.school.id, code: contact.school.code, name: contact.school.name }
      : undefined,
  };
  ctx.identity = identity;
  await next();
};

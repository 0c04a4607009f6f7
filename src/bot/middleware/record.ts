/**
 * Records every inbound message before anything else happens (so nothing is lost), drops
 * a redelivered update (same chat + external message id), records every outbound message,
 * and resolves who is writing.
 */
import { isCentre, unitWording } from "../unit-wording.ts";
import type { Message } from "grammy/types";
import type { MiddlewareFn } from "grammy";
import { normalizeText } from "../../domain/text.ts";
import { randomUUID } from "node:crypto";
import type { Db } from "../../db/client.ts";
import { sqlOf } from "../../db/sql.ts";
import type { BotContext, ChannelName } from "../context.ts";
import { isReplay, storedRunOf } from "../../channels/shared/update-store.ts";

/** Longest inbound text we store verbatim; longer text is cut (and refused by the handlers). */
export const MAX_STORED_TEXT = 10_000;

function describeNonText(msg: Message): string {
  if (msg.sticker) return "[sticker]";
  if (msg.photo) return `[ảnh]${msg.caption ? ` ${msg.caption}` : ""}`;
  if (msg.document) return `[tệp] ${msg.document.file_name ?? ""}`.trim();
  if (msg.voice || msg.audio) return "[âm thanh]";
  return "[không hỗ trợ]";
}

/** Who is writing, where, whether the message was new, and the sender's stored form: one row. */
interface Identified {
  accountId: string;
  conversationId: string;
  recorded: boolean;
  contactId: string | null;
  contactName: string | null;
  contactRole: string | null;
  schoolId: string | null;
  schoolCode: string | null;
  schoolName: string | null;
  form: unknown;
}

/**
 * One statement per update (the chat path's hot spot): upsert the chat account and the
 * conversation, record the inbound message (a redelivery conflicts and is not recorded again),
 * and read the linked person, their school and their form in this chat.
 */
export async function identify(
  prisma: Db,
  m: { channel: ChannelName; externalUserId: string; displayName: string | null; chatId: string; messageId: string; text: string; now: Date },
): Promise<Identified> {
  const now = m.now.toISOString();
  // Straight to the driver (db/sql.ts); dates as ISO text.
  const rows = await sqlOf(prisma).query<Identified>(
    `WITH acc AS (
       INSERT INTO "ChatAccount" ("id", "channel", "externalId", "displayName", "lastInboundAt", "createdAt")
       VALUES ($1, $2::text::"Channel", $3, $4, $5::timestamp(3), $5::timestamp(3))
       ON CONFLICT ("channel", "externalId") DO UPDATE SET "displayName" = EXCLUDED."displayName", "lastInboundAt" = EXCLUDED."lastInboundAt"
       RETURNING "id", "contactId"
     ), conv AS (
       INSERT INTO "Conversation" ("id", "channel", "chatId", "accountId", "createdAt", "updatedAt")
       SELECT $6, $2::text::"Channel", $7, acc."id", $5::timestamp(3), $5::timestamp(3) FROM acc
       ON CONFLICT ("channel", "chatId") DO UPDATE SET "accountId" = EXCLUDED."accountId", "updatedAt" = EXCLUDED."updatedAt"
       RETURNING "id"
     ), msg AS (
       INSERT INTO "ChatMessage" ("id", "conversationId", "direction", "externalId", "text", "createdAt")
       SELECT $8, conv."id", 'in'::"MessageDirection", $9, $10, $5::timestamp(3) FROM conv
       ON CONFLICT ("conversationId", "direction", "externalId") DO NOTHING
       RETURNING "id"
     )
     SELECT acc."id" AS "accountId", conv."id" AS "conversationId", EXISTS (SELECT 1 FROM msg) AS "recorded",
            c."id" AS "contactId", c."name" AS "contactName", c."role"::text AS "contactRole",
            s."id" AS "schoolId", s."code" AS "schoolCode", s."name" AS "schoolName", ds."state" AS "form"
     FROM acc CROSS JOIN conv
     LEFT JOIN "Contact" c ON c."id" = acc."contactId"
     LEFT JOIN "School" s ON s."id" = c."schoolId"
     LEFT JOIN "DialogueState" ds ON ds."conversationId" = conv."id" AND ds."accountId" = acc."id"`,
    [randomUUID(), m.channel, m.externalUserId, m.displayName, now, randomUUID(), m.chatId, randomUUID(), m.messageId, m.text],
    "chat_identify",
  );
  return rows[0]!;
}

export const recordAndIdentify: MiddlewareFn<BotContext> = async (ctx, next) => {
  const msg = ctx.message;
  if (!msg || !ctx.chat || !ctx.from) return; // channel posts, edits, callbacks: not handled
  const { prisma } = ctx.deps;
  const channel = ctx.channel;
  const displayName = [ctx.from.first_name, ctx.from.last_name].filter(Boolean).join(" ") || undefined;
  const text = msg.text !== undefined ? normalizeText(msg.text) : describeNonText(msg);

  const who = await identify(prisma, {
    channel,
    externalUserId: String(ctx.from.id),
    displayName: displayName ?? null,
    chatId: String(ctx.chat.id),
    messageId: String(msg.message_id),
    text: text.slice(0, MAX_STORED_TEXT),
    now: new Date(),
  });
  // A webhook update replayed after a crash may have been recorded before the crash: handle it
  // (it was never answered, or the store would have marked it done). Anything else is a redelivery.
  if (!who.recorded && !isReplay(ctx.update)) {
    ctx.log.info({ messageId: msg.message_id }, "duplicate update ignored");
    return;
  }

  // What the bot sends in this conversation (ctx.api is per update) is recorded once the update
  // is handled, in one statement; a reply the platform refused is not recorded.
  const sent: { externalId: string | null; text: string; createdAt: Date }[] = [];
  ctx.api.config.use(async (prev, method, payload, signal) => {
    const res = await prev(method, payload, signal);
    if (method === "sendMessage" && res.ok) {
      ctx.deps.metrics?.reply(channel);
      const result = res.result as { message_id?: string | number };
      // Strictly increasing times keep the replies in order on the dashboard.
      const at = Math.max(Date.now(), (sent.at(-1)?.createdAt.getTime() ?? 0) + 1);
      sent.push({ externalId: result.message_id !== undefined ? String(result.message_id) : null, text: String((payload as { text?: string }).text ?? ""), createdAt: new Date(at) });
    }
    return res;
  });

  // A centre's director reads "trung tâm" where the bot would say "trường" of the unit.
  if (isCentre(who.schoolName)) {
    ctx.api.config.use((prev, method, payload, signal) => {
      const p = payload as { text?: unknown };
      return prev(method, method === "sendMessage" && typeof p.text === "string" ? ({ ...payload, text: unitWording(p.text) } as typeof payload) : payload, signal);
    });
  }

  ctx.identity = {
    channel,
    accountId: who.accountId,
    conversationId: who.conversationId,
    displayName,
    contact: who.contactId ? { id: who.contactId, name: who.contactName!, role: who.contactRole! } : undefined,
    school: who.schoolId ? { id: who.schoolId, code: who.schoolCode!, name: who.schoolName! } : undefined,
  };
  ctx.storedForm = { state: who.form ?? null };
  try {
    await next();
  } finally {
    const run = storedRunOf(ctx.update);
    // A stored webhook update records its replies with its outcome (one statement, see update-store.ts).
    if (run) run.replies.push(...sent.map((m) => ({ conversationId: who.conversationId, ...m })));
    else if (sent.length) {
      await prisma.chatMessage
        .createMany({ data: sent.map((m) => ({ conversationId: who.conversationId, direction: "out" as const, ...m })) })
        .catch((e: unknown) => ctx.log.error({ err: e }, "could not record outbound messages"));
    }
  }
};

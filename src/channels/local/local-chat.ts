/**
 * Chat channels with no platform behind them (the web page and the terminal). They run the
 * same grammY pipeline; an API transformer answers sendMessage locally and collects the
 * replies for the caller, so handlers cannot tell them from Zalo or Telegram.
 */
import { randomUUID } from "node:crypto";
import type { Transformer } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { createChannelBot } from "../../bot/pipeline.ts";
import type { BotDeps } from "../../bot/context.ts";

export const LOCAL_TEXT_LIMIT = 4000;

export interface LocalChat {
  /** Sends `text` as `userId` and resolves with the bot's replies, in order. */
  send(userId: string, text: string, displayName?: string): Promise<string[]>;
}

export function createLocalChat(channel: "web" | "cli", deps: BotDeps): LocalChat {
  const collectors = new Map<string, string[]>();

  const localTransport: Transformer = async (_prev, method, payload) => {
    const p = payload as { chat_id?: string | number; text?: string };
    if (method === "sendMessage") {
      collectors.get(String(p.chat_id))?.push(String(p.text ?? ""));
      // Unique across restarts: a counter restarting at 1 collided with the ids recorded before, and those replies went unrecorded.
      const result = { message_id: `${channel}-out-${randomUUID()}`, date: Math.floor(Date.now() / 1000) };
      return { ok: true, result } as never;
    }
    return { ok: true, result: true } as never;
  };

  const bot = createChannelBot({
    channel,
    token: `${channel}:local`,
    botInfo: {
      id: 0,
      is_bot: true,
      first_name: "Trợ lý CĐS",
      username: `${channel}_local_bot`,
      can_join_groups: false,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
    } as UserFromGetMe,
    deps,
    transformers: [localTransport],
  });

  // One message at a time per user: replies are collected per chat.
  const queues = new Map<string, Promise<unknown>>();
  let updateSeq = 0;

  return {
    send(userId, text, displayName = channel === "web" ? "Khách (trang web)" : "Người dùng dòng lệnh") {
      const run = async () => {
        const replies: string[] = [];
        collectors.set(userId, replies);
        const update = {
          update_id: ++updateSeq,
          message: {
            message_id: randomUUID() as unknown as number,
            date: Math.floor(Date.now() / 1000),
            chat: { id: userId as unknown as number, type: "private", first_name: displayName },
            from: { id: userId as unknown as number, is_bot: false, first_name: displayName },
            text,
          },
        } as unknown as Update;
        try {
          await bot.handleUpdate(update);
        } finally {
          collectors.delete(userId);
        }
        return replies;
      };
      const previous = queues.get(userId) ?? Promise.resolve();
      const next = previous.catch(() => undefined).then(run);
      queues.set(userId, next);
      void next.finally(() => queues.get(userId) === next && queues.delete(userId)).catch(() => undefined);
      return next;
    },
  };
}

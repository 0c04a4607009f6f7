/**
 * Handles one message at a time per chat, in arrival order, so a dialogue step never races
 * the next one (Zalo may deliver two quick messages concurrently). In-process: with several
 * replicas behind a load balancer, route a chat to one replica (or add a row lock).
 */
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.ts";

export function oneAtATimePerChat(): MiddlewareFn<BotContext> {
  const tails = new Map<string, Promise<unknown>>();
  return async (ctx, next) => {
    if (!ctx.chat) return next();
    // Before the identity is read: each message then sees what the previous one wrote (its form).
    const key = `${ctx.channel}:${ctx.chat.id}`;
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => next());
    tails.set(key, run);
    try {
      await run;
    } finally {
      if (tails.get(key) === run) tails.delete(key);
    }
  };
}

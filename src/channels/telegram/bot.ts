/** The Telegram channel: grammY natively (webhook with its secret header, or long polling). */
import express, { Router } from "express";
import { webhookCallback, type Bot } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { createChannelBot } from "../../bot/pipeline.ts";
import type { BotContext, BotDeps } from "../../bot/context.ts";
import { retryTransientFailures } from "../shared/transformers.ts";

export const TELEGRAM_WEBHOOK_PATH = "/webhooks/telegram";

export function createTelegramBot(
  cfg: { token: string; apiRoot: string; botInfo?: UserFromGetMe },
  deps: BotDeps,
): Bot<BotContext> {
  const bot = createChannelBot({
    channel: "telegram",
    token: cfg.token,
    apiRoot: cfg.apiRoot,
    // Without botInfo, bot.init() fetches it with getMe before the first update.
    botInfo: cfg.botInfo,
    deps,
    transformers: [retryTransientFailures({ logger: deps.logger })],
  });
  return bot;
}

/** POST /webhooks/telegram; grammY checks X-Telegram-Bot-Api-Secret-Token (401 otherwise). */
export function telegramWebhookRouter(bot: Bot<BotContext>, secret: string): Router {
  const router = Router();
  router.post(TELEGRAM_WEBHOOK_PATH, express.json({ limit: "1mb" }), webhookCallback(bot, "express", { secretToken: secret, onTimeout: "return" }));
  return router;
}

/** The Telegram channel: grammY natively (webhook with its secret header, or long polling). */
import express, { Router } from "express";
import { webhookCallback, type Bot } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { createChannelBot } from "../../bot/pipeline.ts";
import type { BotContext, BotDeps } from "../../bot/context.ts";
import { retryTransientFailures } from "../shared/transformers.ts";
import { secretMatches } from "../shared/secret.ts";

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

/**
 * POST /webhooks/telegram. X-Telegram-Bot-Api-Secret-Token is checked here in constant time
 * before anything else (grammY's callback would first call getMe for an unauthenticated caller).
 */
export function telegramWebhookRouter(bot: Bot<BotContext>, secret: string): Router {
  const router = Router();
  router.post(
    TELEGRAM_WEBHOOK_PATH,
    (req, res, next) => {
      if (!secretMatches(req.get("x-telegram-bot-api-secret-token"), secret)) {
        res.status(401).json({ ok: false, error_code: 401, description: "Unauthorized" });
        return;
      }
      next();
    },
    express.json({ limit: "1mb" }),
    webhookCallback(bot, "express", { secretToken: secret, onTimeout: "return" }));
  return router;
}

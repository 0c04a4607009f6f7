/** The Telegram channel: grammY natively (webhook with its secret header, or long polling). */
import express, { Router } from "express";
import type { Bot } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { createChannelBot } from "../../bot/pipeline.ts";
import type { BotContext, BotDeps } from "../../bot/context.ts";
import { retryTransientFailures } from "../shared/transformers.ts";
import { secretMatches } from "../shared/secret.ts";
import type { InflightTracker } from "../shared/inflight.ts";
import { bindRun, type UpdateHandler, type UpdateStore } from "../shared/update-store.ts";
import type { Logger } from "../../logger.ts";

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

/** Runs a stored Telegram update through the pipeline (fetching the bot's identity first if start-up could not). */
export function telegramUpdateHandler(bot: Bot<BotContext>): UpdateHandler {
  return async (payload, run) => {
    if (!bot.isInited()) await bot.init();
    await bot.handleUpdate(bindRun(payload as Update, run));
  };
}

/**
 * POST /webhooks/telegram. X-Telegram-Bot-Api-Secret-Token is checked here in constant time
 * before anything else; the update is stored (deduplicated by update_id) before the 200, then
 * processed from the store — replayed from it after a crash.
 */
export function telegramWebhookRouter(bot: Bot<BotContext>, secret: string, o: { updates: UpdateStore; inflight: InflightTracker; logger: Logger }): Router {
  const handle = telegramUpdateHandler(bot);
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
    async (req, res) => {
      const body = req.body as { update_id?: unknown } | undefined;
      if (!body || typeof body !== "object" || !Number.isSafeInteger(body.update_id)) {
        res.status(400).json({ ok: false, error_code: 400, description: "Bad Request" });
        return;
      }
      let stored;
      try {
        stored = await o.updates.accept("telegram", String(body.update_id), body);
      } catch (err) {
        o.logger.error({ err }, "telegram webhook: could not store the update");
        res.status(503).json({ ok: false, error_code: 503, description: "Service Unavailable" });
        return;
      }
      res.status(200).json({ ok: true });
      if (stored) void o.inflight.track(o.updates.process(stored, handle));
    });
  return router;
}

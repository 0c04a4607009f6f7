/**
 * POST /webhooks/zalo: checks X-Bot-Api-Secret-Token in constant time (401 otherwise),
 * validates the body, answers 200 at once, then runs the update through the pipeline.
 */
import express, { Router } from "express";
import type { Bot } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import type { Logger } from "../../logger.ts";
import type { InflightTracker } from "../shared/inflight.ts";
import { secretMatches } from "../shared/secret.ts";
import { zaloToTelegramUpdate } from "./translate.ts";
import { unwrapZaloBody, zaloUpdateSchema } from "./types.ts";

export const ZALO_WEBHOOK_PATH = "/webhooks/zalo";
export const ZALO_WEBHOOK_BODY_LIMIT = "1mb";

export function zaloWebhookRouter(opts: {
  bot: Bot<BotContext>;
  secret: string;
  logger: Logger;
  inflight: InflightTracker;
}): Router {
  const router = Router();
  router.post(
    ZALO_WEBHOOK_PATH,
    (req, res, next) => {
      // Check the secret before reading the body.
      if (!secretMatches(req.get("x-bot-api-secret-token"), opts.secret)) {
        opts.logger.warn({ ip: req.ip }, "zalo webhook: wrong or missing secret");
        res.status(401).json({ ok: false, error_code: 401, description: "Unauthorized" });
        return;
      }
      next();
    },
    express.json({ limit: ZALO_WEBHOOK_BODY_LIMIT }),
    (req, res) => {
      const parsed = zaloUpdateSchema.safeParse(unwrapZaloBody(req.body));
      if (!parsed.success) {
        opts.logger.warn({ issues: parsed.error.issues.length }, "zalo webhook: malformed update ignored");
        res.status(400).json({ ok: false, error_code: 400, description: "Bad Request" });
        return;
      }
      res.status(200).json({ ok: true });
      const update = zaloToTelegramUpdate(parsed.data);
      if (!update) return;
      opts.inflight
        .track(opts.bot.handleUpdate(update))
        .catch((err: unknown) => opts.logger.error({ err }, "zalo webhook: update failed"));
    },
  );
  return router;
}

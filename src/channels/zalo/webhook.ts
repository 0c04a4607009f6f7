/**
 * POST /webhooks/zalo: checks X-Bot-Api-Secret-Token in constant time (401 otherwise),
 * validates the body, stores the update (deduplicated by its message id) and only then answers
 * 200; the update is processed from the store, and replayed from it after a crash.
 */
import express, { Router } from "express";
import type { Bot } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import type { Logger } from "../../logger.ts";
import type { InflightTracker } from "../shared/inflight.ts";
import { secretMatches } from "../shared/secret.ts";
import { bindRun, type UpdateHandler, type UpdateStore } from "../shared/update-store.ts";
import { zaloToTelegramUpdate } from "./translate.ts";
import { unwrapZaloBody, zaloUpdateSchema, type ZaloUpdate } from "./types.ts";

export const ZALO_WEBHOOK_PATH = "/webhooks/zalo";
export const ZALO_WEBHOOK_BODY_LIMIT = "1mb";

/** Runs a stored Zalo update through the pipeline. */
export function zaloUpdateHandler(bot: Bot<BotContext>): UpdateHandler {
  return async (payload, run) => {
    const update = zaloToTelegramUpdate(payload as ZaloUpdate);
    if (update) await bot.handleUpdate(bindRun(update, run));
  };
}

/** Zalo has no update id: the event and its message id identify an update. */
const updateIdOf = (u: ZaloUpdate) => `${u.event_name}:${u.message?.message_id ?? ""}`;

export function zaloWebhookRouter(opts: {
  bot: Bot<BotContext>;
  secret: string;
  logger: Logger;
  inflight: InflightTracker;
  updates: UpdateStore;
}): Router {
  const router = Router();
  const handle = zaloUpdateHandler(opts.bot);
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
    async (req, res) => {
      const parsed = zaloUpdateSchema.safeParse(unwrapZaloBody(req.body));
      if (!parsed.success) {
        opts.logger.warn({ issues: parsed.error.issues.length }, "zalo webhook: malformed update ignored");
        res.status(400).json({ ok: false, error_code: 400, description: "Bad Request" });
        return;
      }
      let stored;
      try {
        stored = await opts.updates.accept("zalo", updateIdOf(parsed.data), parsed.data);
      } catch (err) {
        // Not stored: let Zalo deliver it again rather than lose it.
        opts.logger.error({ err }, "zalo webhook: could not store the update");
        res.status(503).json({ ok: false, error_code: 503, description: "Service Unavailable" });
        return;
      }
      res.status(200).json({ ok: true });
      if (!stored) return opts.logger.info("zalo webhook: redelivered update ignored");
      void opts.inflight.track(opts.updates.process(stored, handle));
    },
  );
  return router;
}

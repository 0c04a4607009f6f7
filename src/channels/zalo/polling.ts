/**
 * Zalo long polling. getUpdates returns one update (not an array), answers 408 when nothing
 * arrived before the timeout, and has no offset — so grammY's bot.start() cannot be used.
 */
import { GrammyError, type Bot } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import type { Logger } from "../../logger.ts";
import type { InflightTracker } from "../shared/inflight.ts";
import { zaloToTelegramUpdate } from "./translate.ts";
import { zaloUpdateSchema } from "./types.ts";

export interface ZaloPoller {
  stop(): Promise<void>;
}

export function startZaloPolling(opts: {
  bot: Bot<BotContext>;
  logger: Logger;
  inflight: InflightTracker;
  timeoutS: number;
  /** Backoff after a failed poll: first delay and cap, in ms. */
  backoffMs?: { min: number; max: number };
}): ZaloPoller {
  const controller = new AbortController();
  const { min, max } = opts.backoffMs ?? { min: 1_000, max: 60_000 };
  let delay = min;

  const loop = (async () => {
    opts.logger.info("zalo polling started");
    while (!controller.signal.aborted) {
      try {
        const raw = await opts.bot.api.raw.getUpdates(
          { timeout: String(opts.timeoutS) } as never,
          controller.signal as never,
        );
        delay = min;
        const parsed = zaloUpdateSchema.safeParse(raw);
        if (!parsed.success) {
          opts.logger.warn("zalo polling: malformed update ignored");
          continue;
        }
        const update = zaloToTelegramUpdate(parsed.data);
        // Handle in order: a principal's messages must not overtake each other.
        if (update) await opts.inflight.track(opts.bot.handleUpdate(update)).catch((err: unknown) =>
          opts.logger.error({ err }, "zalo polling: update failed"),
        );
      } catch (err) {
        if (controller.signal.aborted) break;
        if (err instanceof GrammyError && err.error_code === 408) continue; // nothing new
        if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 403)) {
          opts.logger.fatal({ code: err.error_code }, "zalo polling: the bot token was refused; polling stopped");
          break;
        }
        opts.logger.warn({ err, retryInMs: delay }, "zalo polling failed, retrying");
        await new Promise((r) => {
          const t = setTimeout(r, delay);
          controller.signal.addEventListener("abort", () => (clearTimeout(t), r(undefined)), { once: true });
        });
        delay = Math.min(delay * 2, max);
      }
    }
    opts.logger.info("zalo polling stopped");
  })();

  return {
    async stop() {
      controller.abort();
      await loop;
    },
  };
}

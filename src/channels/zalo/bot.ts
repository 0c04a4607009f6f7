/** The Zalo channel's grammY Bot: Zalo's API root, its 2,000-character limit, retries. */
import type { UserFromGetMe } from "grammy/types";
import type { Bot } from "grammy";
import { createChannelBot } from "../../bot/pipeline.ts";
import type { BotContext, BotDeps } from "../../bot/context.ts";
import { retryTransientFailures, splitLongMessages, type RetryOptions } from "../shared/transformers.ts";
import { ZALO_TEXT_LIMIT } from "./types.ts";

export interface ZaloBotConfig {
  token: string;
  apiRoot: string;
  retry?: RetryOptions;
}

export function createZaloBot(cfg: ZaloBotConfig, deps: BotDeps): Bot<BotContext> {
  const botId = cfg.token.split(":")[0] ?? "zalo";
  // Zalo's getMe lacks Telegram's fields: grammY gets its botInfo from us.
  const botInfo = {
    id: botId as unknown as number,
    is_bot: true,
    first_name: "Zalo Bot",
    username: `zalo_${botId}`,
    can_join_groups: false,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
  } as UserFromGetMe;
  return createChannelBot({
    channel: "zalo",
    token: cfg.token,
    apiRoot: cfg.apiRoot,
    botInfo,
    deps,
    // Order matters: each chunk of a split message is retried on its own.
    transformers: [retryTransientFailures({ logger: deps.logger, ...cfg.retry }), splitLongMessages(ZALO_TEXT_LIMIT)],
  });
}

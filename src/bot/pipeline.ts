/**
 * The one pipeline every chat channel feeds: one message at a time per chat, record +
 * identify, commands, the report dialogue, then the text fallback (answers). Channels only translate updates and transport replies.
 */
import { Bot, Composer, type Transformer } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { BotContext, BotDeps, ChannelName } from "./context.ts";
import { recordAndIdentify } from "./middleware/record.ts";
import { commandsFeature } from "./features/commands.ts";
import { fallbackFeature } from "./features/fallback.ts";
import { reportFeature } from "./features/report.ts";
import { oneAtATimePerChat } from "./middleware/serialize.ts";
import { texts } from "./texts.ts";
import { storableText } from "../domain/text.ts";

export function createPipeline(): Composer<BotContext> {
  const pipeline = new Composer<BotContext>();
  pipeline.use(oneAtATimePerChat());
  pipeline.use(recordAndIdentify);
  pipeline.use(commandsFeature());
  pipeline.use(reportFeature());
  pipeline.use(fallbackFeature());
  return pipeline;
}

export interface ChannelBotOptions {
  channel: ChannelName;
  token: string;
  apiRoot?: string;
  /** Required where the platform has no Telegram-style getMe (Zalo, local chats). */
  botInfo?: UserFromGetMe;
  deps: BotDeps;
  /** API transformers of the channel (splitting, retries, local transport). */
  transformers?: Transformer[];
}

let updateSeq = 0;

/** A grammY Bot for one channel, running the shared pipeline. */
export function createChannelBot(opts: ChannelBotOptions): Bot<BotContext> {
  const bot = new Bot<BotContext>(opts.token, {
    botInfo: opts.botInfo,
    client: opts.apiRoot ? { apiRoot: opts.apiRoot } : undefined,
  });
  for (const t of opts.transformers ?? []) bot.api.config.use(t);
  bot.use(async (ctx, next) => {
    // Every handler, and the database, sees only storable text (a NUL or a lone surrogate would fail the insert).
    const msg = ctx.update.message;
    if (msg?.text !== undefined) msg.text = storableText(msg.text);
    if (msg?.from) {
      msg.from.first_name = storableText(msg.from.first_name);
      if (msg.from.last_name) msg.from.last_name = storableText(msg.from.last_name);
    }
    ctx.channel = opts.channel;
    ctx.deps = opts.deps;
    if (msg) opts.deps.metrics?.update(opts.channel);
    ctx.log = opts.deps.logger.child({ channel: opts.channel, updateId: ctx.update.update_id, seq: ++updateSeq });
    await next();
  });
  // An error boundary, not bot.catch: handleUpdate() (webhooks, our Zalo poller, local
  // chats) does not call bot.catch's handler; the boundary works for every caller.
  bot
    .errorBoundary(async (err) => {
      const ctx = err.ctx;
      ctx.log.error({ err: err.error }, "update handling failed");
      if (ctx.chat) await ctx.reply(texts.internalError).catch(() => undefined);
    })
    .use(createPipeline());
  return bot;
}

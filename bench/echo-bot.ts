/**
 * The chat-path baseline as its own process (`bench/chat-path.ts --child`): grammY + express, the
 * same Zalo update translation as the service, an echo reply, no database. Env: PORT,
 * ZALO_BOT_TOKEN, ZALO_API_ROOT.
 */
import express from "express";
import { Bot } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { zaloToTelegramUpdate } from "../src/channels/zalo/translate.ts";
import { zaloUpdateSchema } from "../src/channels/zalo/types.ts";

/** The echo app: replies to every Zalo text message with its text. */
export function echoApp(token: string, apiRoot: string): express.Express {
  const bot = new Bot(token, {
    client: { apiRoot },
    botInfo: { id: 1, is_bot: true, first_name: "echo", username: "echo" } as UserFromGetMe,
  });
  bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
  const app = express();
  app.get("/ok", (_req, res) => void res.send("ok"));
  app.post("/webhooks/zalo", express.json({ limit: "1mb" }), (req, res) => {
    res.json({ ok: true });
    const parsed = zaloUpdateSchema.safeParse(req.body);
    const update = parsed.success ? zaloToTelegramUpdate(parsed.data) : undefined;
    if (update) void bot.handleUpdate(update);
  });
  return app;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  echoApp(process.env.ZALO_BOT_TOKEN!, process.env.ZALO_API_ROOT!).listen(Number(process.env.PORT), "127.0.0.1");
}

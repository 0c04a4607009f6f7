/**
 * `npm run zalo:set-webhook` — registers ZALO_WEBHOOK_URL (ending in /webhooks/zalo) with
 * ZALO_WEBHOOK_SECRET at the Zalo Bot Platform. `-- --delete` removes it (for polling).
 */
import { Api, GrammyError } from "grammy";
import { ConfigError, loadConfig } from "../../../config.ts";

try {
  const config = loadConfig();
  if (!config.zalo) throw new Error("Thiếu ZALO_BOT_TOKEN / ZALO_BOT_TOKEN is not set");
  const api = new Api(config.zalo.token, { apiRoot: config.zalo.apiRoot });
  if (process.argv.includes("--delete")) {
    await api.raw.deleteWebhook({} as never);
    console.log("Đã gỡ webhook / webhook deleted.");
  } else {
    if (!config.zalo.webhookUrl || !config.zalo.webhookSecret) {
      throw new Error("Cần ZALO_WEBHOOK_URL và ZALO_WEBHOOK_SECRET / ZALO_WEBHOOK_URL and ZALO_WEBHOOK_SECRET are required");
    }
    const result = await api.raw.setWebhook({ url: config.zalo.webhookUrl, secret_token: config.zalo.webhookSecret } as never);
    console.log(`Đã đăng ký webhook / webhook set: ${JSON.stringify(result)}`);
  }
  process.exit(0);
} catch (err) {
  const message =
    err instanceof ConfigError ? err.message : err instanceof GrammyError ? `Zalo từ chối / Zalo refused: ${err.error_code} ${err.description}` : (err as Error).message;
  console.error(message);
  process.exit(1);
}

/** Reminder transports from the configuration: chat through grammY's API, email through the outbox. */
import { Api } from "grammy";
import type { Config } from "../config.ts";
import type { Outbox } from "../mail/outbound/outbox.ts";
import { retryTransientFailures } from "../channels/shared/transformers.ts";
import type { ReminderTransports } from "./sender.ts";

export function reminderTransports(config: Config, outbox: Outbox): ReminderTransports {
  const apis: Partial<Record<"zalo" | "telegram", Api>> = {};
  for (const channel of ["zalo", "telegram"] as const) {
    const c = config[channel];
    if (!c) continue;
    const api = new Api(c.token, { apiRoot: c.apiRoot });
    api.config.use(retryTransientFailures());
    apis[channel] = api;
  }
  return {
    chat: async (channel, chatId, text) => {
      const api = apis[channel];
      if (!api) throw new Error(`${channel} is not configured`);
      await api.sendMessage(chatId as unknown as number, text);
    },
    email: async (to, subject, text) => {
      await outbox.enqueue({ kind: "reminder", to, subject, text });
    },
  };
}

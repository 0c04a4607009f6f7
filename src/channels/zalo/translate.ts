/**
 * Zalo update → Telegram-shaped grammY Update. Ids stay strings at runtime (grammY's types
 * say number: cast here, at the boundary); Zalo dates are milliseconds, Telegram's seconds.
 */
import type { Update } from "grammy/types";
import type { ZaloUpdate } from "./types.ts";

let nextUpdateId = 1;

export function zaloToTelegramUpdate(update: ZaloUpdate): Update | undefined {
  const m = update.message;
  if (!m || !m.from) return undefined;
  const chatType = (m.chat.chat_type ?? "PRIVATE").toUpperCase() === "GROUP" ? "group" : "private";
  const firstName = m.from.display_name ?? m.from.name ?? m.from.first_name ?? "Người dùng Zalo";
  const base = {
    message_id: m.message_id as unknown as number,
    date: Math.floor((m.date ?? Date.now()) / 1000),
    chat:
      chatType === "private"
        ? { id: m.chat.id as unknown as number, type: "private" as const, first_name: firstName }
        : { id: m.chat.id as unknown as number, type: "group" as const, title: "Zalo" },
    from: { id: m.from.id as unknown as number, is_bot: m.from.is_bot ?? false, first_name: firstName },
  };
  let content: Record<string, unknown>;
  switch (update.event_name) {
    case "message.text.received":
      content = { text: m.text ?? "" };
      break;
    case "message.image.received":
      content = {
        photo: [{ file_id: m.photo_url ?? "", file_unique_id: m.message_id, width: 0, height: 0 }],
        caption: m.caption,
      };
      break;
    case "message.sticker.received":
      content = {
        sticker: { file_id: String(m.sticker ?? ""), file_unique_id: m.message_id, type: "regular", width: 0, height: 0, is_animated: false, is_video: false },
      };
      break;
    default:
      // Files, voice, location…: a document-like message the pipeline answers politely.
      content = { document: { file_id: m.message_id, file_unique_id: m.message_id } };
  }
  return { update_id: nextUpdateId++, message: { ...base, ...content } } as unknown as Update;
}

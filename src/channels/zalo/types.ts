/** Zalo Bot Platform shapes (see ../shared/reference/zalo-bot-api.md). Known only in this folder. */
import { z } from "zod";

export const ZALO_TEXT_LIMIT = 2000;

export const zaloUpdateSchema = z.object({
  event_name: z.string().max(100),
  message: z
    .object({
      message_id: z.union([z.string(), z.number()]).transform(String),
      date: z.number().optional(),
      chat: z.object({
        id: z.union([z.string(), z.number()]).transform(String),
        chat_type: z.string().optional(),
      }),
      from: z
        .object({
          id: z.union([z.string(), z.number()]).transform(String),
          display_name: z.string().optional(),
          name: z.string().optional(),
          first_name: z.string().optional(),
          is_bot: z.boolean().optional(),
        })
        .optional(),
      text: z.string().optional(),
      caption: z.string().optional(),
      photo_url: z.string().optional(),
      sticker: z.unknown().optional(),
    })
    .optional(),
});

export type ZaloUpdate = z.infer<typeof zaloUpdateSchema>;

/** A webhook body is the update itself, or (from some senders) wrapped as `{ ok, result }`. */
export function unwrapZaloBody(body: unknown): unknown {
  if (body && typeof body === "object" && "result" in body && !("event_name" in body)) {
    return (body as { result: unknown }).result;
  }
  return body;
}

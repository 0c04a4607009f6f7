/** The outbox under concurrency: one message per dedupe key, whoever writes first. */
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.ts";
import { Outbox } from "../../src/mail/outbound/outbox.ts";
import { engines, openTestDatabase } from "../helpers/db.ts";

describe.each(engines)("outbox (%s)", (engine) => {
  it("queues one message for a dedupe key even when eight writers race", async () => {
    const db = await openTestDatabase(engine);
    try {
      // No transport: messages stay queued, which is what is counted.
      const outbox = new Outbox(db.prisma, undefined, { from: "Trợ lý <tro-ly@example.vn>", logger: createLogger({ level: "silent", secrets: [] }) });
      const mail = { kind: "reply" as const, dedupeKey: "receipt:race", to: ["a@b.vn"], subject: "Re: x", text: "x" };
      const ids = await Promise.all(Array.from({ length: 8 }, () => outbox.enqueue(mail)));
      expect(ids.filter(Boolean)).toHaveLength(1);
      expect(await db.prisma.outboundEmail.count({ where: { dedupeKey: "receipt:race" } })).toBe(1);
      // Without a key, each message is its own.
      await Promise.all([outbox.enqueue({ ...mail, dedupeKey: undefined }), outbox.enqueue({ ...mail, dedupeKey: undefined })]);
      expect(await db.prisma.outboundEmail.count()).toBe(3);
      await outbox.stop();
    } finally {
      await db.close();
    }
  });
});

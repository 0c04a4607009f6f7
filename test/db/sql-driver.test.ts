/**
 * The chat path's statements go straight to the driver (db/sql.ts): on both engines, what they
 * write reads back through Prisma exactly as written — times in UTC whatever the process's time
 * zone, the JSON payload, arrays of replies — and a redelivery is recognised.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identify } from "../../src/bot/middleware/record.ts";
import { UpdateStore } from "../../src/channels/shared/update-store.ts";
import type { Database } from "../../src/db/client.ts";
import { sqlOf } from "../../src/db/sql.ts";
import { createLogger } from "../../src/logger.ts";
import { engines, openTestDatabase } from "../helpers/db.ts";

describe.each(engines)("driver statements on %s", (engine) => {
  let db: Database;
  const tz = process.env.TZ;
  beforeAll(async () => {
    process.env.TZ = "Asia/Ho_Chi_Minh"; // a JS Date given to the driver would become local time
    db = await openTestDatabase(engine);
  });
  afterAll(async () => {
    process.env.TZ = tz;
    await db.close();
  });

  it("identify records the message at the given instant and reads the sender back", async () => {
    const now = new Date("2026-11-29T01:02:03.456Z");
    const m = { channel: "zalo" as const, externalUserId: "zu-1", displayName: "Cô Hoa", chatId: "c-1", messageId: "m-1", text: "hạn nộp bc quý 4?", now };
    const who = await identify(db.prisma, m);
    expect(who).toMatchObject({ recorded: true, contactId: null, schoolId: null, form: null });
    const stored = await db.prisma.chatMessage.findFirstOrThrow({ where: { conversationId: who.conversationId } });
    expect(stored.createdAt.toISOString()).toBe("2026-11-29T01:02:03.456Z");
    expect(stored.text).toBe("hạn nộp bc quý 4?");
    expect((await db.prisma.chatAccount.findUniqueOrThrow({ where: { id: who.accountId } })).lastInboundAt?.toISOString()).toBe("2026-11-29T01:02:03.456Z");
    expect(await identify(db.prisma, m)).toMatchObject({ accountId: who.accountId, conversationId: who.conversationId, recorded: false });
  });

  it("an update is stored once, and its replies and outcome are written in one statement", async () => {
    const store = new UpdateStore(db.prisma, createLogger({ level: "silent", secrets: [] }));
    const payload = { message: { text: "chào ad ạ", chat: { id: 7 } } };
    const stored = await store.accept("zalo", "u-1", payload);
    expect(stored).toBeDefined();
    expect(await store.accept("zalo", "u-1", payload)).toBeUndefined();
    const who = await identify(db.prisma, { channel: "zalo", externalUserId: "zu-2", displayName: null, chatId: "c-2", messageId: "m-2", text: "chào ad ạ", now: new Date() });
    const at = new Date("2026-11-29T02:00:00.000Z");
    await store.process(stored!, async (_p, run) => {
      run.replies.push({ conversationId: who.conversationId, externalId: "r-1", text: "Chào thầy/cô.", createdAt: at }, { conversationId: who.conversationId, externalId: "r-2", text: "Hạn: trước 20/12.", createdAt: new Date(at.getTime() + 1) });
    });
    const row = await db.prisma.inboundUpdate.findUniqueOrThrow({ where: { id: stored!.id } });
    expect(row).toMatchObject({ status: "done", error: null, payload });
    expect(row.processedAt).toBeInstanceOf(Date);
    const replies = await db.prisma.chatMessage.findMany({ where: { conversationId: who.conversationId, direction: "out" }, orderBy: { createdAt: "asc" } });
    expect(replies.map((r) => [r.externalId, r.text, r.createdAt.toISOString()])).toEqual([
      ["r-1", "Chào thầy/cô.", "2026-11-29T02:00:00.000Z"],
      ["r-2", "Hạn: trước 20/12.", "2026-11-29T02:00:00.001Z"],
    ]);
  });

  it("a failed update keeps its error and no processing time", async () => {
    const store = new UpdateStore(db.prisma, createLogger({ level: "silent", secrets: [] }));
    const stored = (await store.accept("zalo", "u-fail", { x: 1 }))!;
    await store.process(stored, async () => {
      throw new Error("hỏng giữa chừng");
    });
    expect(await db.prisma.inboundUpdate.findUniqueOrThrow({ where: { id: stored.id } })).toMatchObject({ status: "failed", processedAt: null, error: "hỏng giữa chừng" });
  });

  it("runs on the driver itself, not through Prisma's raw path", async () => {
    let prismaRaw = 0;
    const spy = new Proxy(db.prisma, { get: (t, k, r) => (k === "$queryRawUnsafe" || k === "$queryRaw" ? (prismaRaw++, Reflect.get(t, k, r)) : Reflect.get(t, k, r)) });
    expect(sqlOf(spy)).not.toBe(sqlOf(db.prisma)); // a client made elsewhere falls back to Prisma
    expect(await sqlOf(db.prisma).query<{ n: number }>("SELECT $1::int AS n", [41])).toEqual([{ n: 41 }]);
    expect(await sqlOf(spy).query<{ n: number }>("SELECT $1::int AS n", [42])).toEqual([{ n: 42 }]);
    expect(prismaRaw).toBe(1);
  });
});

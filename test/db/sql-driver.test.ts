/**
 * The chat path's statements go straight to the driver (db/sql.ts): on both engines, what they
 * write reads back through Prisma exactly as written — times in UTC whatever the process's time
 * zone, the JSON payload, arrays of replies — and a redelivery is recognised.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identify } from "../../src/bot/middleware/record.ts";
import { UpdateStore } from "../../src/channels/shared/update-store.ts";
import type { Database } from "../../src/db/client.ts";
import { isUniqueViolation } from "../../src/db/errors.ts";
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

  it("a named statement is prepared once; after an error it and the connection still work", async () => {
    const sql = sqlOf(db.prisma);
    const divide = (n: number) => sql.query<{ q: number; ok: boolean }>("SELECT 10 / $1::int AS q, $2::boolean AS ok", [n, true], "test_divide");
    expect(await divide(2)).toEqual([{ q: 5, ok: true }]);
    await expect(divide(0)).rejects.toThrow(/division by zero/);
    expect(await divide(5)).toEqual([{ q: 2, ok: true }]);
    expect(await db.prisma.school.count()).toBeGreaterThanOrEqual(0); // Prisma's own queries are unaffected
    const rows = await sql.query<{ a: string[]; j: { x: number } }>("SELECT $1::text[] AS a, $2::jsonb AS j", [["mục 2", "it's"], JSON.stringify({ x: 1 })], "test_types");
    expect(rows).toEqual([{ a: ["mục 2", "it's"], j: { x: 1 } }]);
  });

  it("a statement sent while another caller's transaction is open is not part of it (PGlite has one connection)", async () => {
    const store = new UpdateStore(db.prisma, createLogger({ level: "silent", secrets: [] }));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let opened!: () => void;
    const isOpen = new Promise<void>((r) => (opened = r));
    const rolledBack = db.prisma
      .$transaction(async (tx) => {
        await tx.school.count();
        opened();
        await held;
        throw new Error("rolled back on purpose");
      })
      .catch((e: Error) => e.message);
    await isOpen;
    const accepted = store.accept("zalo", "u-during-tx", { during: true });
    setTimeout(release, 50);
    expect(await rolledBack).toBe("rolled back on purpose");
    const stored = await accepted;
    expect(stored).toBeDefined();
    expect(await db.prisma.inboundUpdate.count({ where: { id: stored!.id } })).toBe(1);
  });

  it("a unique violation from the driver is recognised as one (versions numbered concurrently retry on it)", async () => {
    const insert = () => sqlOf(db.prisma).query(`INSERT INTO "InboundUpdate" ("id", "channel", "updateId", "payload", "attempts", "createdAt") VALUES ('dup-1', 'zalo', 'dup-1', '{}'::jsonb, 1, now())`);
    await insert();
    const err = await insert().catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    expect(isUniqueViolation(await sqlOf(db.prisma).query("SELECT 1 / 0").catch((e: unknown) => e))).toBe(false);
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

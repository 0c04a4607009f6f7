/**
 * The one-statement identify (bot/middleware/record.ts) against a concurrent first message of the
 * same person from another chat, on PostgreSQL: the other transaction inserts the chat account
 * while ours runs, so our statement's snapshot cannot see it. It must still identify the sender
 * (ON CONFLICT DO UPDATE waits for that row and returns it; an upsert that skips unchanged rows
 * would return nothing here — tried for speed, and this test is why it was not kept).
 */
import { describe, expect, it } from "vitest";
import { identify } from "../../src/bot/middleware/record.ts";
import { openDatabase } from "../../src/db/client.ts";
import { createPostgresDatabase, engines } from "../helpers/db.ts";

describe.skipIf(!engines.includes("postgres"))("identify under a concurrent first message (PostgreSQL)", () => {
  it("identifies the sender when another transaction creates the same account meanwhile", async () => {
    const pg = await createPostgresDatabase();
    const db = await openDatabase({ kind: "postgres", url: pg.url });
    try {
      const now = new Date();
      const message = (chatId: string, messageId: string) => ({ channel: "zalo" as const, externalUserId: "zu-race", displayName: "Cô Hoa", chatId, messageId, text: "hạn nộp?", now });
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let inserted!: () => void;
      const accountInserted = new Promise<void>((r) => (inserted = r));
      // The other chat's message: its transaction creates the account and stays open.
      const other = db.prisma.$transaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO "ChatAccount" ("id", "channel", "externalId", "displayName", "lastInboundAt", "createdAt") VALUES ('acc-other', 'zalo', 'zu-race', 'Cô Hoa', ${now}, ${now})`;
        inserted();
        await held;
      });
      await accountInserted;
      // Ours starts now (its snapshot predates the other's commit) and waits on the account row.
      const ours = identify(db.prisma, message("group-1", "m-1"));
      // Commit only once our statement waits on the account row (PostgreSQL says so in pg_stat_activity).
      for (;;) {
        const [w] = await db.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%WITH acc AS%'`;
        if (Number(w!.n) > 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      release();
      await other;
      const who = await ours;
      expect(who).toMatchObject({ accountId: "acc-other", recorded: true });
      expect(await db.prisma.chatAccount.count()).toBe(1);
      expect(await db.prisma.chatMessage.count({ where: { direction: "in" } })).toBe(1);
    } finally {
      await db.close();
      await pg.drop();
    }
  });
});

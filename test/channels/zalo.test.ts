/**
 * Zalo end to end over real HTTP: emulator → webhook (or polling) → pipeline → database →
 * sendMessage back to the emulator.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Api } from "grammy";
import { ZaloEmulator } from "../../src/channels/zalo/emulator/emulator.ts";
import type { Database } from "../../src/db/client.ts";
import type { Service } from "../../src/service.ts";
import { engines, openTestDatabase } from "../helpers/db.ts";
import { captureLogger, startTestService } from "../helpers/service.ts";
import { UpdateStore } from "../../src/channels/shared/update-store.ts";

const SECRET = "test-webhook-secret-123";

describe.each(engines)("Zalo channel on %s", (engine) => {
  let db: Database;
  let emulator: ZaloEmulator;
  let service: Service | undefined;

  beforeEach(async () => {
    db = await openTestDatabase(engine);
    emulator = await new ZaloEmulator().start();
  });
  afterEach(async () => {
    await service?.stop();
    service = undefined;
    await emulator.stop();
    await db.close();
  });

  async function startWebhookMode(overrides = {}) {
    service = await startTestService(
      db,
      { ZALO_BOT_TOKEN: emulator.token, ZALO_API_ROOT: emulator.apiRoot, ZALO_UPDATE_MODE: "webhook", ZALO_WEBHOOK_SECRET: SECRET },
      overrides,
    );
    // Register the webhook the way `npm run zalo:set-webhook` does.
    await new Api(emulator.token, { apiRoot: emulator.apiRoot }).raw.setWebhook({
      url: `${service.url}/webhooks/zalo`,
      secret_token: SECRET,
    } as never);
    return service;
  }

  const countMessages = (direction?: "in" | "out") => db.prisma.chatMessage.count({ where: direction ? { direction } : {} });

  it("answers a message delivered to the webhook and stores both sides", async () => {
    await startWebhookMode();
    expect(await emulator.deliver(emulator.userSays("zu-1", "trợ giúp", "Nguyễn Văn A"))).toBe(200);
    const [reply] = await emulator.waitForSent("zu-1", 1);
    expect(reply!.text).toContain("Hướng dẫn sử dụng");
    await service!.idle();
    const stored = await db.prisma.chatMessage.findMany({ orderBy: { createdAt: "asc" } });
    expect(stored.map((m) => [m.direction, m.text])).toEqual([
      ["in", "trợ giúp"],
      ["out", reply!.text],
    ]);
    expect(stored[1]!.externalId).toBe(reply!.message_id);
    const account = await db.prisma.chatAccount.findUniqueOrThrow({
      where: { channel_externalId: { channel: "zalo", externalId: "zu-1" } },
    });
    expect(account.displayName).toBe("Nguyễn Văn A");
    expect(account.lastInboundAt).not.toBeNull();
  });

  it("refuses a wrong or missing secret with 401 and stores nothing", async () => {
    await startWebhookMode();
    expect(await emulator.deliver(emulator.userSays("zu-2", "trợ giúp"), { secret: "wrong-secret-000" })).toBe(401);
    expect(await emulator.deliver(emulator.userSays("zu-2", "trợ giúp"), { secret: null })).toBe(401);
    expect(await emulator.deliver(emulator.userSays("zu-2", "trợ giúp"), { secret: `${SECRET}x` })).toBe(401);
    await service!.idle();
    expect(await countMessages()).toBe(0);
    expect(await db.prisma.chatAccount.count()).toBe(0);
    expect(emulator.sent).toHaveLength(0);
  });

  it("handles a redelivered update once: one stored message, one reply", async () => {
    await startWebhookMode();
    const update = emulator.userSays("zu-3", "bắt đầu");
    expect(await emulator.deliver(update)).toBe(200);
    expect(await emulator.deliver(update)).toBe(200);
    // Also accept the wrapped form some senders use: { ok, result }.
    expect(await emulator.deliver({ ok: true, result: update })).toBe(200);
    await service!.idle();
    expect(await countMessages("in")).toBe(1);
    expect(emulator.sentTo("zu-3")).toHaveLength(1);
  });

  it("stores the update before answering 200, and answers exactly once an update a crash left unprocessed", async () => {
    await startWebhookMode();
    const first = emulator.userSays("zu-crash", "trợ giúp");
    expect(await emulator.deliver(first)).toBe(200);
    // The 200 came after the store: the row is there whatever happens next.
    expect(await db.prisma.inboundUpdate.count()).toBe(1);
    await service!.idle();
    expect(await db.prisma.inboundUpdate.findFirstOrThrow()).toMatchObject({ status: "done", attempts: 1 });

    // A crash between the store and the pipeline: the row is stored, nothing else happened.
    await service!.stop();
    service = undefined;
    const logger = captureLogger().logger;
    // Stored as the service stores it: claimed by the replica that stored it.
    const store = new UpdateStore(db.prisma, logger, { soleProcess: engine !== "postgres" });
    const crashed = emulator.userSays("zu-crash", "bắt đầu");
    await store.accept("zalo", `message.text.received:${(crashed as { message: { message_id: string } }).message.message_id}`, crashed);
    // A crash after the message was recorded but before the answer: replayed too.
    const half = emulator.userSays("zu-crash", "hướng dẫn");
    await store.accept("zalo", `message.text.received:${(half as { message: { message_id: string } }).message.message_id}`, half);
    const conversation = await db.prisma.conversation.findFirstOrThrow();
    await db.prisma.chatMessage.create({ data: { conversationId: conversation.id, direction: "in", externalId: (half as { message: { message_id: string } }).message.message_id, text: "hướng dẫn" } });
    const before = emulator.sentTo("zu-crash").length;
    if (engine === "postgres") {
      // Another replica may still be running a freshly claimed row: on PostgreSQL a claimed row is
      // taken over once it is STALE_MS old (here: the restart came three minutes after the crash).
      await db.prisma.inboundUpdate.updateMany({ where: { status: "pending" }, data: { createdAt: new Date(Date.now() - 3 * 60_000) } });
    }

    await startWebhookMode();
    await service!.idle();
    expect(emulator.sentTo("zu-crash").length - before).toBe(2);
    expect(await db.prisma.inboundUpdate.count({ where: { status: "done" } })).toBe(3);
    // Another restart replays nothing.
    await service!.stop();
    await startWebhookMode();
    await service!.idle();
    expect(emulator.sentTo("zu-crash").length - before).toBe(2);
    expect(await countMessages("in")).toBe(3);
  });

  it("answers a new user's simultaneous first messages, with one account and one conversation", async () => {
    await startWebhookMode();
    const statuses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => emulator.deliver(emulator.userSays("zu-burst", `tin nhắn ${i}`))),
    );
    expect(statuses).toEqual(Array(8).fill(200));
    await service!.idle();
    expect(emulator.sentTo("zu-burst")).toHaveLength(8);
    // Off-topic text: declined politely, and each question kept for the district.
    expect(emulator.sentTo("zu-burst").every((m) => m.text.startsWith("Xin lỗi, các văn bản tôi có chưa nói"))).toBe(true);
    expect(await db.prisma.unansweredQuestion.count({ where: { channel: "zalo" } })).toBe(8);
    expect(await db.prisma.chatAccount.count()).toBe(1);
    expect(await db.prisma.conversation.count()).toBe(1);
    expect(await countMessages("in")).toBe(8);
  });

  it("a new user writing in several group chats at once gets one account and every message answered", async () => {
    await startWebhookMode();
    const groups = Array.from({ length: 6 }, (_, i) => `zg-${i}`);
    const statuses = await Promise.all(groups.map((g) => emulator.deliver(emulator.groupSays(g, "zu-many", "hạn nộp báo cáo quý 3"))));
    expect(statuses).toEqual(Array(6).fill(200));
    await service!.idle();
    for (const g of groups) expect(emulator.sentTo(g)).toHaveLength(1);
    expect(await db.prisma.chatAccount.count()).toBe(1);
    expect(await db.prisma.conversation.count()).toBe(6);
    expect(await countMessages("in")).toBe(6);
  });

  it("rejects a malformed update with 400 and an oversized body with 413", async () => {
    await startWebhookMode();
    const post = (body: string) =>
      fetch(`${service!.url}/webhooks/zalo`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-bot-api-secret-token": SECRET },
        body,
      });
    expect((await post(JSON.stringify({ hello: "world" }))).status).toBe(400);
    const big = emulator.userSays("zu-4", "x".repeat(1_100_000));
    expect((await post(JSON.stringify(big))).status).toBe(413);
    expect(await countMessages()).toBe(0);
  });

  it("gets the same answer in polling mode", async () => {
    service = await startTestService(db, {
      ZALO_BOT_TOKEN: emulator.token,
      ZALO_API_ROOT: emulator.apiRoot,
      ZALO_UPDATE_MODE: "polling",
      ZALO_POLL_TIMEOUT_S: "1",
    });
    expect(await emulator.deliver(emulator.userSays("zu-5", "trợ giúp"))).toBe("queued");
    const [reply] = await emulator.waitForSent("zu-5", 1);
    expect(reply!.text).toContain("Hướng dẫn sử dụng");
    expect(emulator.calls.some((c) => c.method === "getUpdates" && c.body.timeout === "1")).toBe(true);
    expect(await countMessages("in")).toBe(1);
  });

  it("splits a long answer on paragraph boundaries into messages of at most 2,000 characters", async () => {
    const paragraphs = Array.from({ length: 9 }, (_, i) => `Đoạn ${i + 1}: ${"nội dung ".repeat(55).trim()}`);
    const longAnswer = paragraphs.join("\n\n");
    expect(longAnswer.length).toBeGreaterThan(4000);
    await startWebhookMode({ answer: async () => ({ text: longAnswer, declined: false }) });
    await emulator.deliver(emulator.userSays("zu-6", "câu hỏi dài"));
    await service!.idle();
    const sent = emulator.sentTo("zu-6");
    expect(sent.length).toBeGreaterThanOrEqual(3);
    for (const m of sent) expect([...m.text].length).toBeLessThanOrEqual(2000);
    // No paragraph is cut: every chunk is whole paragraphs, and together they are the answer.
    expect(sent.map((m) => m.text).join("\n\n")).toBe(longAnswer);
  });

  it("retries sendMessage after 429 and 5xx, and does not retry a 400", async () => {
    await startWebhookMode();
    emulator.failNext("sendMessage", 429, 1);
    emulator.failNext("sendMessage", 502, 1);
    await emulator.deliver(emulator.userSays("zu-7", "trợ giúp"));
    await emulator.waitForSent("zu-7", 1);
    await service!.idle();
    expect(emulator.calls.filter((c) => c.method === "sendMessage")).toHaveLength(3);
    expect(emulator.sentTo("zu-7")).toHaveLength(1);

    emulator.failNext("sendMessage", 400, 1);
    await emulator.deliver(emulator.userSays("zu-8", "trợ giúp"));
    await service!.idle();
    // One refused attempt, then the apology from the error boundary goes through.
    const toZu8 = emulator.calls.filter((c) => c.method === "sendMessage" && c.body.chat_id === "zu-8");
    expect(toZu8).toHaveLength(2);
    expect(emulator.sentTo("zu-8").map((m) => m.text)).toEqual([expect.stringContaining("hệ thống đang gặp sự cố")]);
  });

  it("answers a sticker or a file politely, pointing to the office mailbox", async () => {
    await startWebhookMode();
    await emulator.deliver(emulator.userEvent("zu-9", "message.sticker.received", { sticker: "abc" }));
    await emulator.deliver(emulator.userEvent("zu-9", "message.unsupported.received"));
    await service!.idle();
    const texts = emulator.sentTo("zu-9").map((m) => m.text);
    expect(texts).toHaveLength(2);
    for (const t of texts) expect(t).toContain("cntt.cc@hcm.edu.vn");
    expect((await db.prisma.chatMessage.findMany({ where: { direction: "in" } })).map((m) => m.text).sort()).toEqual(["[sticker]", "[tệp]"]);
  });

  it("never logs the bot token", async () => {
    const { logger, lines } = captureLogger([emulator.token]);
    await startWebhookMode({ logger });
    emulator.failNext("sendMessage", 500, 1);
    await emulator.deliver(emulator.userSays("zu-10", "trợ giúp"));
    await service!.idle();
    logger.info({ url: `${emulator.apiRoot}/bot${emulator.token}/sendMessage` }, "an URL with the token");
    const all = lines.join("");
    expect(all).toContain("chat API call failed, retrying");
    expect(all).toContain("[REDACTED]");
    expect(all).not.toContain(emulator.token);
  });
});

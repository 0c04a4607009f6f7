/** The HTTP surface: health checks, the web chat API's limits, Telegram's webhook secret. */
import { afterEach, describe, expect, it, onTestFinished } from "vitest";
import { ZaloEmulator } from "../src/channels/zalo/emulator/emulator.ts";
import type { Database } from "../src/db/client.ts";
import type { Service } from "../src/service.ts";
import { openTestDatabase } from "./helpers/db.ts";
import { captureLogger, chat, startTestService } from "./helpers/service.ts";
import { LINK_ATTEMPTS_PER_IP } from "../src/channels/web/router.ts";

describe("HTTP", () => {
  let db: Database | undefined;
  let service: Service | undefined;
  afterEach(async () => {
    await service?.stop();
    await db?.close();
    service = undefined;
    db = undefined;
  });
  const start = async (env: Record<string, string> = {}) => {
    db = await openTestDatabase("pglite");
    service = await startTestService(db, env);
    return service;
  };
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${service!.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

  it("reports liveness, and readiness from the database", async () => {
    await start();
    expect(await (await fetch(`${service!.url}/healthz`)).json()).toEqual({ status: "ok" });
    // Without METRICS_TOKEN, /metrics answers this machine only — not a request a proxy forwarded.
    expect((await fetch(`${service!.url}/metrics`)).status).toBe(200);
    expect((await fetch(`${service!.url}/metrics`, { headers: { "x-forwarded-for": "203.0.113.9" } })).status).toBe(401);
    const ready = await fetch(`${service!.url}/healthz/ready`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: "ready" }]);
    await db!.close();
    const down = await fetch(`${service!.url}/healthz/ready`);
    expect(down.status).toBe(503);
  });

  it("serves the chat page in Vietnamese and a JSON 404 elsewhere", async () => {
    await start();
    const page = await fetch(`${service!.url}/`);
    expect(await page.text()).toContain("Trợ lý chuyển đổi số");
    const missing = await fetch(`${service!.url}/admin`);
    expect([missing.status, await missing.json()]).toEqual([404, { error: "Không tìm thấy trang." }]);
  });

  it("validates the chat request and explains the expected shape in Vietnamese", async () => {
    await start();
    for (const body of [{}, { userId: "short", text: "hi" }, { userId: "valid-user-1", text: "" }, { userId: "valid-user-1", text: "x".repeat(4001) }, { userId: "a b c d e f g h", text: "x" }]) {
      const res = await post("/api/chat", body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toContain("Yêu cầu không hợp lệ");
    }
    const bad = await fetch(`${service!.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(bad.status).toBe(400);
    expect(await db!.prisma.chatMessage.count()).toBe(0);
  });

  it("rate-limits the chat API", async () => {
    await start({ WEB_CHAT_RATE_PER_MINUTE: "3" });
    for (let i = 0; i < 3; i++) await chat(service!, "rate-limited-user", "trợ giúp");
    const res = await post("/api/chat", { userId: "rate-limited-user", text: "trợ giúp" });
    expect(res.status).toBe(429);
    expect(((await res.json()) as { error: string }).error).toContain("gửi quá nhanh");
  });

  it("limits link-code guesses per IP, whatever chat account the page invents", async () => {
    await start({ WEB_CHAT_RATE_PER_MINUTE: "100" });
    const statuses: number[] = [];
    for (let i = 0; i < LINK_ATTEMPTS_PER_IP + 1; i++) statuses.push((await post("/api/chat", { userId: `invented-account-${i}`, text: `liên kết ${String(100000 + i)}` })).status);
    expect(statuses.slice(0, LINK_ATTEMPTS_PER_IP).every((s) => s === 200)).toBe(true);
    const refused = await post("/api/chat", { userId: "yet-another-account", text: "lien ket 123456" });
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: string }).error).toContain("mã liên kết quá nhiều lần");
    // Other messages from the same IP still get answers.
    expect((await post("/api/chat", { userId: "yet-another-account", text: "trợ giúp" })).status).toBe(200);
  });

  it("serves Prometheus metrics to this machine only (or with METRICS_TOKEN), counting chat traffic and queue depths", async () => {
    await start({ METRICS_TOKEN: "metrics-token-123" });
    await chat(service!, "metrics-user-1", "trợ giúp");
    await db!.prisma.outboundEmail.create({ data: { kind: "reply", to: ["a@b.vn"], subject: "s", text: "t" } });
    expect((await fetch(`${service!.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${service!.url}/metrics`, { headers: { authorization: "Bearer wrong-token-000" } })).status).toBe(401);
    const res = await fetch(`${service!.url}/metrics`, { headers: { authorization: "Bearer metrics-token-123" } });
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toMatch(/^cds_chat_updates_total\{channel="web"\} 1$/m);
    expect(text).toMatch(/^cds_chat_replies_total\{channel="web"\} [1-9]/m);
    expect(text).toMatch(/^cds_outbox_pending 1$/m);
    expect(text).toMatch(/^cds_process_resident_memory_bytes \d+/m);
  });

  it("logs one line per request with its id and path, never the query string or cookies", async () => {
    const { logger, lines } = captureLogger();
    db = await openTestDatabase("pglite");
    service = await startTestService(db, {}, { logger });
    const res = await fetch(`${service.url}/dashboard/login?next=%2Fsecret-token-in-query`, { headers: { "x-request-id": "req-abc-1", cookie: "cds_session=do-not-log-me" } });
    expect(res.headers.get("x-request-id")).toBe("req-abc-1");
    const line = lines.map((l) => JSON.parse(l) as { msg: string; req?: { id: string; path: string }; res?: { status: number } }).find((l) => l.req?.id === "req-abc-1");
    expect(line).toMatchObject({ msg: "http request", req: { id: "req-abc-1", method: "GET", path: "/dashboard/login" }, res: { status: 200 } });
    expect(lines.join("\n")).not.toContain("secret-token-in-query");
    expect(lines.join("\n")).not.toContain("do-not-log-me");
  });

  it("can switch the web chat off", async () => {
    await start({ WEB_CHAT_ENABLED: "false" });
    expect((await post("/api/chat", { userId: "valid-user-1", text: "hi" })).status).toBe(404);
  });

  it("checks Telegram's webhook secret", async () => {
    // The emulator stands in for the Telegram API here: only getMe is called.
    const api = await new ZaloEmulator({ token: "123456:telegram-test-token" }).start();
    onTestFinished(() => api.stop());
    await start({
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      TELEGRAM_UPDATE_MODE: "webhook",
      TELEGRAM_WEBHOOK_SECRET: "telegram-secret-1",
    });
    const update = { update_id: 1, message: { message_id: 1, date: 1, chat: { id: 1, type: "private" }, from: { id: 1, is_bot: false, first_name: "A" }, text: "hi" } };
    expect((await post("/webhooks/telegram", update, { "x-telegram-bot-api-secret-token": "wrong-secret-1" })).status).toBe(401);
    expect((await post("/webhooks/telegram", update)).status).toBe(401);
    expect(await db!.prisma.chatMessage.count()).toBe(0);
    expect(api.calls.map((c) => c.method)).toEqual(["getMe"]);
    // The right secret: stored before the 200, once per update_id, then handled from the store.
    const ok = { "x-telegram-bot-api-secret-token": "telegram-secret-1" };
    expect((await post("/webhooks/telegram", update, ok)).status).toBe(200);
    expect(await db!.prisma.inboundUpdate.count({ where: { channel: "telegram", updateId: "1" } })).toBe(1);
    expect((await post("/webhooks/telegram", update, ok)).status).toBe(200);
    expect((await post("/webhooks/telegram", { nothing: true }, ok)).status).toBe(400);
    await service!.idle();
    expect(await db!.prisma.inboundUpdate.count()).toBe(1);
    expect(await db!.prisma.chatMessage.count({ where: { direction: "in" } })).toBe(1);
  });
});

/**
 * A Zalo Bot API emulator for tests and local demos: an HTTP server that answers like the
 * real API (../shared/reference/zalo-bot-api.md) — envelopes, one update per getUpdates long
 * poll with 408 on timeout, setWebhook that POSTs updates with the secret header, and
 * failures (429, 5xx) injected on demand. Controlled programmatically or over /_emulator/*.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import express from "express";

export interface SentMessage {
  chat_id: string;
  text: string;
  message_id: string;
  date: number;
}

interface InjectedFailure {
  method: string;
  status: number;
  description: string;
  remaining: number;
  retryAfter?: number;
}

interface Waiter {
  resolve: (update: object | undefined) => void;
  timer: NodeJS.Timeout;
}

const WEBHOOK_SECRET_RE = /^[A-Za-z0-9_-]{8,256}$/;

export class ZaloEmulator {
  readonly token: string;
  readonly sent: SentMessage[] = [];
  /** Every API call, in order (method and body), for assertions on what the bot did. */
  readonly calls: { method: string; body: Record<string, unknown> }[] = [];
  webhook?: { url: string; secret: string; updatedAt: number };
  private readonly queue: object[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly failures: InjectedFailure[] = [];
  private readonly sentListeners = new Set<() => unknown>();
  private server?: http.Server;
  private seq = 0;
  /** Responses of webhook deliveries: status codes, in order. */
  readonly deliveries: number[] = [];

  constructor(opts: { token?: string } = {}) {
    this.token = opts.token ?? `${randomBytes(6).toString("hex")}:${randomBytes(18).toString("base64url")}`;
  }

  get apiRoot(): string {
    const addr = this.server?.address() as AddressInfo | null;
    if (!addr) throw new Error("emulator not started");
    return `http://127.0.0.1:${addr.port}`;
  }

  async start(port = 0, host = "127.0.0.1"): Promise<this> {
    const app = express();
    app.use(express.json({ limit: "1mb" }));
    app.post("/_emulator/users/:userId/messages", async (req, res) => {
      const update = this.userSays(String(req.params.userId), String(req.body?.text ?? ""), req.body?.displayName);
      res.json({ ok: true, result: await this.deliver(update) });
    });
    app.get("/_emulator/sent", (req, res) => {
      const chat = req.query.chat_id;
      res.json({ ok: true, result: chat ? this.sent.filter((m) => m.chat_id === chat) : this.sent });
    });
    app.post("/_emulator/fail", (req, res) => {
      this.failNext(String(req.body.method), Number(req.body.status ?? 429), Number(req.body.count ?? 1), req.body.retryAfter);
      res.json({ ok: true, result: true });
    });
    app.post("/bot:token/:method", (req, res) => {
      if (this.held && req.params.method === "sendMessage") return void this.held.push({ socket: req.socket, run: () => this.handleApi(req, res) });
      this.handleApi(req, res);
    });
    this.server = http.createServer(app);
    await new Promise<void>((resolve) => this.server!.listen(port, host, resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.resolve(undefined);
    }
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server!.close(() => r()));
    this.server = undefined;
  }

  /** Builds the update Zalo would produce when a user sends `text` to the bot. */
  userSays(userId: string, text: string, displayName = "Người dùng thử"): object {
    return this.userEvent(userId, "message.text.received", { text }, displayName);
  }

  /** The update of `text` written by `userId` in the group chat `groupId`. */
  groupSays(groupId: string, userId: string, text: string, displayName = "Người dùng thử"): object {
    return this.userEvent(userId, "message.text.received", { text }, displayName, groupId);
  }

  userEvent(userId: string, eventName: string, extra: Record<string, unknown> = {}, displayName = "Người dùng thử", groupId?: string): object {
    return {
      event_name: eventName,
      message: {
        message_id: randomBytes(10).toString("hex"),
        date: Date.now(),
        chat: groupId ? { id: groupId, chat_type: "GROUP" } : { id: userId, chat_type: "PRIVATE" },
        from: { id: userId, display_name: displayName, is_bot: false },
        ...extra,
      },
    };
  }

  /**
   * Delivers an update: POSTed to the webhook when one is set (returns the HTTP status),
   * otherwise queued for getUpdates (returns "queued").
   */
  async deliver(update: object, opts: { secret?: string | null } = {}): Promise<number | "queued"> {
    if (!this.webhook) {
      const waiter = this.waiters.shift();
      if (waiter) {
        clearTimeout(waiter.timer);
        waiter.resolve(update);
      } else this.queue.push(update);
      return "queued";
    }
    const secret = opts.secret === undefined ? this.webhook.secret : opts.secret;
    const res = await fetch(this.webhook.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(secret !== null ? { "x-bot-api-secret-token": secret } : {}) },
      body: JSON.stringify(update),
    });
    await res.arrayBuffer();
    this.deliveries.push(res.status);
    return res.status;
  }

  private held?: { socket: import("node:net").Socket; run: () => void }[];

  /** From now on sendMessage calls wait unanswered (a platform that stalls) until `release()`. */
  hold(): void {
    this.held ??= [];
  }

  /** sendMessage calls waiting, and how many of their callers are still connected. */
  heldCalls(): { waiting: number; connected: number } {
    return { waiting: this.held?.length ?? 0, connected: this.held?.filter((h) => !h.socket.destroyed).length ?? 0 };
  }

  /** Answers the waiting calls whose caller is still connected (a dead caller's message is never delivered). */
  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const h of held) if (!h.socket.destroyed) h.run();
  }

  /** The next `count` calls of `method` fail with `status`. */
  failNext(method: string, status: number, count = 1, retryAfter?: number): void {
    const description = status === 429 ? "Too Many Requests" : status >= 500 ? "Internal Server Error" : "Error";
    this.failures.push({ method, status, description, remaining: count, retryAfter });
  }

  /** Calls `listener` for every message sent from now on; returns an unsubscribe function. */
  onSent(listener: (message: SentMessage) => void): () => void {
    const wrapped = () => void listener(this.sent[this.sent.length - 1]!);
    this.sentListeners.add(wrapped);
    return () => void this.sentListeners.delete(wrapped);
  }

  sentTo(chatId: string): SentMessage[] {
    return this.sent.filter((m) => m.chat_id === chatId);
  }

  /** Resolves once `chatId` has received at least `count` messages (or rejects after `timeoutMs`). */
  waitForSent(chatId: string, count: number, timeoutMs = 10_000): Promise<SentMessage[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const got = this.sentTo(chatId);
        if (got.length >= count) {
          this.sentListeners.delete(check);
          clearTimeout(timer);
          resolve(got);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        this.sentListeners.delete(check);
        reject(new Error(`waited ${timeoutMs} ms for ${count} message(s) to ${chatId}, got ${this.sentTo(chatId).length}`));
      }, timeoutMs);
      if (!check()) this.sentListeners.add(check);
    });
  }

  private handleApi(req: express.Request, res: express.Response): void {
    const method = String(req.params.method);
    const body = (req.body ?? {}) as Record<string, unknown>;
    this.calls.push({ method, body });
    const fail = (status: number, description: string, extra: object = {}) =>
      void res.status(status).json({ ok: false, error_code: status, description, ...extra });
    if (req.params.token !== this.token) return fail(401, "Unauthorized");
    const injected = this.failures.find((f) => f.method === method && f.remaining > 0);
    if (injected) {
      injected.remaining--;
      return fail(
        injected.status,
        injected.description,
        injected.retryAfter ? { parameters: { retry_after: injected.retryAfter } } : {},
      );
    }
    const ok = (result: unknown) => void res.json({ ok: true, result });
    switch (method) {
      case "getMe":
        return ok({ id: this.token.split(":")[0], account_name: "bot.emulator", account_type: "BASIC", can_join_groups: false });
      case "sendMessage": {
        const chatId = body.chat_id;
        const text = body.text;
        if (typeof chatId !== "string" || !chatId) return fail(400, "Bad Request: chat_id is required");
        if (typeof text !== "string" || text.length < 1 || [...text].length > 2000) {
          return fail(400, "Bad Request: text must be 1-2000 characters");
        }
        const message: SentMessage = { chat_id: chatId, text, message_id: `e${++this.seq}${randomBytes(4).toString("hex")}`, date: Date.now() };
        this.sent.push(message);
        for (const l of [...this.sentListeners]) l();
        return ok({ message_id: message.message_id, date: message.date });
      }
      case "sendChatAction":
        return ok(true);
      case "setWebhook": {
        const url = body.url;
        const secret = body.secret_token;
        if (typeof url !== "string" || !/^https?:\/\//.test(url)) return fail(400, "Bad Request: invalid url");
        if (typeof secret !== "string" || !WEBHOOK_SECRET_RE.test(secret)) return fail(400, "Bad Request: invalid secret_token");
        this.webhook = { url, secret, updatedAt: Date.now() };
        return ok({ url, updated_at: this.webhook.updatedAt });
      }
      case "deleteWebhook": {
        const prev = this.webhook;
        this.webhook = undefined;
        return ok({ url: prev?.url ?? "", updated_at: Date.now() });
      }
      case "getWebhookInfo":
        return ok({ url: this.webhook?.url ?? "", updated_at: this.webhook?.updatedAt ?? 0 });
      case "getUpdates": {
        if (this.webhook) return fail(409, "Conflict: webhook is set, call deleteWebhook first");
        const queued = this.queue.shift();
        if (queued) return ok(queued);
        const timeoutS = Math.min(Number(body.timeout ?? 30) || 30, 60);
        const waiter: Waiter = {
          resolve: (update) => (update ? ok(update) : fail(408, "Request timeout")),
          timer: setTimeout(() => {
            const i = this.waiters.indexOf(waiter);
            if (i >= 0) this.waiters.splice(i, 1);
            waiter.resolve(undefined);
          }, timeoutS * 1000),
        };
        this.waiters.push(waiter);
        req.on("close", () => {
          // The client gave up (e.g. it is stopping): do not hand it an update it will not read.
          if (res.writableEnded) return;
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) {
            this.waiters.splice(i, 1);
            clearTimeout(waiter.timer);
          }
        });
        return;
      }
      default:
        return fail(404, `Not Found: method ${method}`);
    }
  }
}

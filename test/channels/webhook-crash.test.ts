/**
 * The real service (`src/main.ts` in a child process, embedded PGlite) killed with SIGKILL while
 * Zalo delivers a burst of messages, then restarted on the same data directory. Zalo retries a
 * delivery that got no 200. No message is lost: every one is stored once, and answered at least
 * once (a reply sent just before the kill may be sent again — a chat platform has no exactly-once).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ZaloEmulator } from "../../src/channels/zalo/emulator/emulator.ts";
import { openDatabase } from "../../src/db/client.ts";

const USERS = 60;
const SECRET = "webhook-crash-secret";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

describe("SIGKILL while Zalo delivers a burst (embedded database)", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cds-webhook-crash-"));
  const children: ChildProcess[] = [];
  let emulator: ZaloEmulator;
  let stderr = "";

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    await emulator?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function startService(port: number): Promise<ChildProcess> {
    const child = spawn(process.execPath, ["--import", "./src/typescript-loader.mjs", "src/main.ts"], {
      env: {
        ...process.env, NODE_ENV: "test", HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "warn", DEMO_DATA: "false", REMINDERS_ENABLED: "false",
        DATA_DIR: dataDir, WEB_CHAT_ENABLED: "false", ZALO_BOT_TOKEN: emulator.token, ZALO_API_ROOT: emulator.apiRoot, ZALO_UPDATE_MODE: "webhook", ZALO_WEBHOOK_SECRET: SECRET,
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    children.push(child);
    await until(async () => (await fetch(`http://127.0.0.1:${port}/healthz/ready`).catch(() => undefined))?.ok === true, () => `service did not start: ${stderr}`);
    return child;
  }
  async function until(ok: () => Promise<boolean>, why: () => string, timeoutMs = 90_000) {
    const end = Date.now() + timeoutMs;
    while (!(await ok())) {
      if (Date.now() > end) throw new Error(why());
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once("exit", () => r())));

  it("stores every message once and answers every one after the restart", async () => {
    emulator = await new ZaloEmulator().start();
    const port = await freePort();
    emulator.webhook = { url: `http://127.0.0.1:${port}/webhooks/zalo`, secret: SECRET, updatedAt: Date.now() };
    const updates = Array.from({ length: USERS }, (_, i) => ({ user: `zk-${i}`, update: emulator.userSays(`zk-${i}`, i % 2 ? "hạn nộp báo cáo quý 3 là ngày nào?" : "mẫu phụ lục 3 ở đâu") }));
    const accepted = new Set<number>();
    // Zalo's side: deliver, and deliver again (later) whatever did not get a 200.
    const deliverPending = () =>
      Promise.all(
        updates.map(async (u, i) => {
          if (accepted.has(i)) return;
          const status = await emulator.deliver(u.update).catch(() => 0);
          if (status === 200) accepted.add(i);
        }),
      );

    const first = await startService(port);
    // Zalo stalls on sendMessage: the service stores and acknowledges the burst, starts answering,
    // and is killed while its replies wait — every update is then only in the store.
    emulator.hold();
    await deliverPending();
    await until(async () => emulator.heldCalls().waiting > 0, () => `no reply attempted: ${stderr}`);
    first.kill("SIGKILL");
    await exited(first);
    await until(async () => emulator.heldCalls().connected === 0, () => "held calls still connected after the kill");
    emulator.release();
    const answeredBeforeKill = updates.filter((u) => emulator.sentTo(u.user).length > 0).length;
    const storedNotAnswered = [...accepted].filter((i) => !emulator.sentTo(updates[i]!.user).length).length;

    const second = await startService(port);
    await until(async () => (await deliverPending(), accepted.size === USERS), () => `deliveries not accepted after restart: ${stderr}`);
    await until(async () => updates.every((u) => emulator.sentTo(u.user).length > 0), () => `unanswered: ${updates.filter((u) => !emulator.sentTo(u.user).length).map((u) => u.user).join(", ")}; ${stderr}`);
    second.kill("SIGTERM");
    await exited(second);

    expect(answeredBeforeKill).toBe(0); // the kill fell before any reply got through
    expect(storedNotAnswered).toBe(USERS); // every update acknowledged to Zalo, none answered: only the store had them
    const db = await openDatabase({ kind: "pglite", dataDir: path.join(dataDir, "pglite") }, { migrate: false });
    try {
      expect(await db.prisma.inboundUpdate.count()).toBe(USERS);
      expect(await db.prisma.inboundUpdate.count({ where: { status: "done" } })).toBe(USERS);
      expect(await db.prisma.chatMessage.count({ where: { direction: "in" } })).toBe(USERS);
      // Every reply the platform accepted after the restart is recorded with its update.
      expect(await db.prisma.chatMessage.count({ where: { direction: "out" } })).toBeGreaterThanOrEqual(USERS - answeredBeforeKill);
    } finally {
      await db.close();
    }
    for (const u of updates) expect(emulator.sentTo(u.user).length).toBeGreaterThanOrEqual(1);
  }, 240_000);
});

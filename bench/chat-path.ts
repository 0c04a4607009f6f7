/**
 * `npm run bench` — chat-path throughput and latency: N Zalo messages through
 * webhook → pipeline → database → Zalo emulator, on PGlite and on PostgreSQL, against a bare
 * grammY + express echo bot measured in the same run (same emulator, same HTTP path, no
 * database). Prints msg/s, p50/p99 latency and the ratio to the baseline.
 *
 * Then the same variants at a fixed offered rate (--rate R msg/s, default 200, for N messages):
 * each message is sent at its scheduled time whatever the replies before it did (open loop), and
 * its latency counts from that time, so a backlog shows in p99 instead of slowing the sender.
 *
 * Also the CPU per message (this process, and the PostgreSQL server's processes), steadier than
 * msg/s on a shared machine; "service only" = this process's CPU minus the baseline's.
 *
 * Options: --messages N (default 400), --concurrency C (default 8), --rate R (default 200),
 * --only pglite|postgres (the baseline always runs: the ratio needs it),
 * --child: the service and the baseline each run as their own process, started the way `npm start`
 * starts them (BENCH_NODE_FLAGS in front, see bench/child.ts; PGlite then on disk in a temporary
 * DATA_DIR): measures start-up flags, and CPU per message adds the child's CPU.
 * PostgreSQL: BENCH_POSTGRES_URL, or a throw-away cluster from the machine's binaries.
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { ZaloEmulator } from "../src/channels/zalo/emulator/emulator.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { openDatabase, type DatabaseTarget } from "../src/db/client.ts";
import { startService } from "../src/service.ts";
import { benchPostgres, recreateDatabase } from "../test/setup/postgres.ts";
import { START_ARGS, START_ENV, cpuMs, start, stop } from "./child.ts";
import { echoApp } from "./echo-bot.ts";
import { processCpuMs } from "./process-cpu.ts";

const { values } = parseArgs({ options: { messages: { type: "string", default: "400" }, concurrency: { type: "string", default: "8" }, rate: { type: "string", default: "200" }, only: { type: "string" }, child: { type: "boolean", default: false } } });
const CHILD = values.child;
const N = Number(values.messages);
const C = Number(values.concurrency);
const RATE = Number(values.rate);
const SECRET = "bench-webhook-secret";

interface Result {
  name: string;
  msgPerS: number;
  p50: number;
  p99: number;
  /** Latency at the fixed offered rate. */
  rateP50: number;
  rateP99: number;
  /** CPU per message in the closed-loop phase: this process (bench, emulator and service), and the PostgreSQL server's processes. */
  cpuMs: number;
  dbCpuMs: number;
}

const postgresCpuMs = () => processCpuMs(["postgres"]);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Delivers N messages with C in flight (then N more at RATE msg/s); latency = delivery start → reply seen by the emulator. */
async function drive(name: string, emulator: ZaloEmulator, webhookUrl: string, childPid?: number): Promise<Result> {
  const childCpu = () => (childPid === undefined ? 0 : cpuMs(childPid));
  emulator.webhook = { url: webhookUrl, secret: SECRET, updatedAt: Date.now() };
  const pending = new Map<string, { start: number; done: (ms: number) => void }>();
  const off = emulator.onSent((m) => {
    const p = pending.get(m.chat_id);
    if (p) {
      pending.delete(m.chat_id);
      p.done(performance.now() - p.start);
    }
  });
  const one = async (i: number) => {
    const user = `${name}-u${i}`;
    const replied = new Promise<number>((done) => pending.set(user, { start: performance.now(), done }));
    const status = await emulator.deliver(emulator.userSays(user, "hạn nộp báo cáo quý là ngày nào?"));
    if (status !== 200) throw new Error(`${name}: webhook answered ${status}`);
    return replied;
  };
  // Warm-up (JIT, connection pools, prepared plans), not measured.
  for (let i = 0; i < 20; i++) await one(-1 - i);
  const latencies: number[] = [];
  let next = 0;
  const cpu0 = process.cpuUsage();
  const child0 = childCpu();
  const db0 = postgresCpuMs();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: C }, async () => {
      while (next < N) latencies.push(await one(next++));
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuPerMessage = ((cpu.user + cpu.system) / 1000 + childCpu() - child0) / N;
  const dbCpuMs = (postgresCpuMs() - db0) / N;
  latencies.sort((a, b) => a - b);

  // Open loop at RATE: message i is due at t0 + i/RATE; its latency counts from then.
  const paced: Promise<number>[] = [];
  const t0 = performance.now();
  let sent = 0;
  while (sent < N) {
    const now = performance.now();
    while (sent < N && t0 + (sent * 1000) / RATE <= now) {
      const due = t0 + (sent * 1000) / RATE;
      const user = `${name}-r${sent++}`;
      paced.push(new Promise<number>((done) => {
        pending.set(user, { start: due, done });
        void emulator.deliver(emulator.userSays(user, "hạn nộp báo cáo quý là ngày nào?")).then((status) => {
          if (status !== 200) throw new Error(`${name}: webhook answered ${status}`);
        });
      }));
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  const atRate = (await Promise.all(paced)).sort((a, b) => a - b);
  off();
  return { name, msgPerS: N / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), rateP50: percentile(atRate, 50), rateP99: percentile(atRate, 99), cpuMs: cpuPerMessage, dbCpuMs };
}

/** The baseline: grammY + express, the same update translation, an echo reply, no database. */
async function baseline(emulator: ZaloEmulator): Promise<Result> {
  if (CHILD) {
    const r = await start(["--import", "./src/typescript-loader.mjs", "bench/echo-bot.ts"], { ZALO_BOT_TOKEN: emulator.token, ZALO_API_ROOT: emulator.apiRoot }, "/ok");
    try {
      return await drive("baseline", emulator, `${r.url}/webhooks/zalo`, r.child.pid);
    } finally {
      await stop(r);
    }
  }
  const server = http.createServer(echoApp(emulator.token, emulator.apiRoot));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    return await drive("baseline", emulator, `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/zalo`);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

/** The service as `npm start` runs it, with the database given by env (DATABASE_URL, else PGlite in DATA_DIR). */
async function childService(name: string, emulator: ZaloEmulator, env: Record<string, string>): Promise<Result> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cds-bench-chat-"));
  const zalo = { ZALO_BOT_TOKEN: emulator.token, ZALO_API_ROOT: emulator.apiRoot, ZALO_UPDATE_MODE: "webhook", ZALO_WEBHOOK_SECRET: SECRET };
  const r = await start(START_ARGS, { ...START_ENV, ...zalo, DATA_DIR: dataDir, LOG_LEVEL: "silent", DEMO_DATA: "false", WEB_CHAT_ENABLED: "false", REMINDERS_ENABLED: "false", ...env }, "/healthz/ready");
  try {
    return await drive(name, emulator, `${r.url}/webhooks/zalo`, r.child.pid);
  } finally {
    await stop(r);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function service(name: string, emulator: ZaloEmulator, target: DatabaseTarget): Promise<Result> {
  if (CHILD) return childService(name, emulator, target.kind === "postgres" ? { DATABASE_URL: target.url } : {});
  const config = loadConfig({
    PORT: "0",
    LOG_LEVEL: "silent",
    DEMO_DATA: "false",
    WEB_CHAT_ENABLED: "false",
    ZALO_BOT_TOKEN: emulator.token,
    ZALO_API_ROOT: emulator.apiRoot,
    ZALO_UPDATE_MODE: "webhook",
    ZALO_WEBHOOK_SECRET: SECRET,
  });
  const db = await openDatabase(target);
  const svc = await startService(config, { db, logger: createLogger({ level: "silent", secrets: [] }) });
  try {
    return await drive(name, emulator, `${svc.url}/webhooks/zalo`);
  } finally {
    await svc.stop();
    await db.close();
  }
}

const emulator = await new ZaloEmulator().start();
const results: Result[] = [];
let stopPg: (() => void) | undefined;
try {
  results.push(await baseline(emulator));
  if (values.only !== "postgres") results.push(await service("pglite", emulator, { kind: "pglite-memory" }));
  const server = values.only === "pglite" ? { url: undefined, stop: () => undefined } : await benchPostgres();
  stopPg = server.stop;
  if (server.url) {
    results.push(await service("postgres", emulator, { kind: "postgres", url: await recreateDatabase(server.url, "cds_bench") }));
  } else {
    console.log("(PostgreSQL not found: set BENCH_POSTGRES_URL or apt-get install postgresql)");
  }
} finally {
  await emulator.stop();
  stopPg?.();
}

const base = results[0]!;
console.log(`\nChat path, ${N} messages, ${C} in flight (Node ${process.versions.node}${CHILD ? `, each variant its own process: node ${START_ARGS.join(" ")}` : ", in this process"})\n`);
console.log(`variant    msg/s    p50 ms   p99 ms   throughput vs baseline | at ${RATE} msg/s: p50 ms  p99 ms | CPU ms/msg: this process  PostgreSQL server  service only`);
for (const r of results) {
  console.log(
    `${r.name.padEnd(10)} ${r.msgPerS.toFixed(0).padStart(6)}   ${r.p50.toFixed(1).padStart(6)}   ${r.p99.toFixed(1).padStart(6)}   ${(r.msgPerS / base.msgPerS).toFixed(2).padStart(5)}×                  | ${r.rateP50.toFixed(1).padStart(19)}  ${r.rateP99.toFixed(1).padStart(6)} | ${r.cpuMs.toFixed(2).padStart(23)}  ${(r.name === "postgres" ? r.dbCpuMs.toFixed(2) : "—").padStart(17)}  ${(r.cpuMs - base.cpuMs).toFixed(2).padStart(12)}`,
  );
}
process.exit(0);

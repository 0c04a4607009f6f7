/**
 * `npm run bench` — memory and start-up of the service as an office server runs it: a child
 * process started the way `npm start` starts it, on PGlite with the demo data (and on PostgreSQL
 * when one is available). Measures, per engine:
 *   cold start (empty data directory, migrations + demo data) and warm start to /healthz/ready,
 *   RSS once ready, then RSS while answering N web-chat messages (questions from the dev set and
 *   report conversations of linked demo schools), the peak (VmHWM) and the RSS after the burst.
 * Baseline in the same run: a bare express + grammY process (no database, no service code).
 *
 * Options: --messages N (default 1000), --concurrency C (default 4).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { benchPostgres, recreateDatabase } from "../test/setup/postgres.ts";
import { ROOT, START_ARGS, START_ENV, cpuMs, memory, start, stop, type Running } from "./child.ts";

const { values } = parseArgs({ options: { messages: { type: "string", default: "1000" }, concurrency: { type: "string", default: "4" } } });
const N = Number(values.messages);
const C = Number(values.concurrency);

/** The conversations: dev-set questions, and report conversations for linked demo schools. */
function script(linkCodes: string[]): { userId: string; text: string }[][] {
  const questions = fs
    .readFileSync(path.join(ROOT, "test/fixtures/qa-dev.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { q: string }).q);
  const report = ["bc quý 3", "1", "có", "bỏ qua", "80", "không", "sửa dòng 2", "có", "xem lại", "tiếp", "hủy"];
  const users: { userId: string; text: string }[][] = [];
  linkCodes.forEach((code, i) => users.push([`liên kết ${code}`, ...report].map((text) => ({ userId: `bench-linked-${i}-xxxx`, text }))));
  for (let i = 0; users.flat().length < N; i++) {
    users.push(Array.from({ length: 10 }, (_, j) => ({ userId: `bench-guest-${i}-xxxx`, text: questions[(i * 10 + j) % questions.length]! })));
  }
  return users;
}

/** Sends the messages (each user's in order, C users at a time) while sampling RSS. */
async function chat(r: Running, conversations: { userId: string; text: string }[][]): Promise<number> {
  let maxRss = 0;
  const sampler = setInterval(() => (maxRss = Math.max(maxRss, memory(r.child.pid!).rss)), 100);
  let sent = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: C }, async () => {
      while (next < conversations.length && sent < N) {
        for (const m of conversations[next++]!) {
          if (sent++ >= N) break;
          const res = await fetch(`${r.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(m) });
          if (!res.ok) throw new Error(`chat answered ${res.status}: ${await res.text()}`);
          await res.json();
        }
      }
    }),
  );
  clearInterval(sampler);
  return Math.max(maxRss, memory(r.child.pid!).rss);
}

interface Row {
  name: string;
  coldMs?: number;
  warmMs: number;
  readyRss: number;
  burstRss?: number;
  afterRss?: number;
  peak: number;
  /** The service's CPU time per chat message during the burst (ms). */
  cpuPerMessage?: number;
}

async function service(name: string, env: Record<string, string>): Promise<Row> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cds-bench-memory-"));
  const base = { ...START_ENV, DATA_DIR: dataDir, LOG_LEVEL: "info", WEB_CHAT_RATE_PER_MINUTE: "10000", REMINDERS_ENABLED: "false", ...env };
  try {
    const cold = await start(START_ARGS, base, "/healthz/ready");
    const codes = [...cold.log().matchAll(/liên kết ([A-Z0-9-]{4,})/g)].map((m) => m[1]!);
    await stop(cold);
    const warm = await start(START_ARGS, base, "/healthz/ready");
    const ready = memory(warm.child.pid!);
    const cpu0 = cpuMs(warm.child.pid!);
    const burstRss = await chat(warm, script(codes.slice(0, 20)));
    const cpuPerMessage = (cpuMs(warm.child.pid!) - cpu0) / N;
    await new Promise((r) => setTimeout(r, 2000));
    const after = memory(warm.child.pid!);
    await stop(warm);
    return { name, coldMs: cold.readyMs, warmMs: warm.readyMs, readyRss: ready.rss, burstRss, afterRss: after.rss, peak: after.peak, cpuPerMessage };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The floor: a process with express and grammY loaded, listening, nothing else. */
async function baseline(): Promise<Row> {
  const code = `import express from "express"; import "grammy"; const app = express(); app.get("/ok", (_q, s) => s.send("ok")); app.listen(Number(process.env.PORT), "127.0.0.1");`;
  const r = await start(["--input-type=module", "-e", code], {}, "/ok");
  const m = memory(r.child.pid!);
  await stop(r);
  return { name: "baseline", warmMs: r.readyMs, readyRss: m.rss, peak: m.peak };
}

const rows: Row[] = [await baseline(), await service("pglite", { DEMO_DATA: "true" })];
const pg = await benchPostgres();
try {
  if (pg.url) rows.push(await service("postgres", { DATABASE_URL: await recreateDatabase(pg.url, "cds_bench_memory"), DEMO_DATA: "false" }));
  else console.log("(PostgreSQL not found: set BENCH_POSTGRES_URL or apt-get install postgresql)");
} finally {
  pg.stop();
}

const f = (v: number | undefined, w = 9) => (v === undefined ? "—" : v.toFixed(0)).padStart(w);
console.log(`\nMemory and start-up, ${N} web-chat messages, ${C} in flight (Node ${process.versions.node}, started as: MALLOC_ARENA_MAX=2 node ${START_ARGS.join(" ")})\n`);
console.log("variant    cold start ms  warm start ms  RSS ready MB  RSS burst MB  RSS after MB  peak MB  CPU ms/msg");
for (const r of rows) {
  console.log(`${r.name.padEnd(10)} ${f(r.coldMs, 13)}  ${f(r.warmMs, 13)}  ${f(r.readyRss, 12)}  ${f(r.burstRss, 12)}  ${f(r.afterRss, 12)}  ${f(r.peak, 7)}  ${(r.cpuPerMessage === undefined ? "—" : r.cpuPerMessage.toFixed(2)).padStart(10)}`);
}
process.exit(0);

/**
 * The service (or a baseline) as its own process, started the way `npm start` starts it: spawn,
 * wait for a ready URL, read its CPU time and memory from /proc, stop it.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..");

/**
 * How `npm start` runs the service (package.json "start": the build in dist/, no TypeScript loader);
 * BENCH_NODE_FLAGS="--flag …" tries V8/Node flags in front (NODE_OPTIONS refuses V8 flags).
 */
export const START_ARGS = [...(process.env.BENCH_NODE_FLAGS?.split(" ").filter(Boolean) ?? []), "--max-semi-space-size=2", "dist/main.js"];
// As `npm start` does first ("prestart"): dist/ up to date with src/.
const built = spawnSync(process.execPath, ["src/build.mjs"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, BUILD_QUIET: "1" } });
if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
/** …and the environment it sets (glibc: two malloc arenas instead of one per thread). */
export const START_ENV = { MALLOC_ARENA_MAX: "2" };

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** CPU time (user + system) a process has used, in ms. */
export function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks (USER_HZ = 100 on Linux)
}

const MB = 1024;
/** VmRSS and VmHWM (peak) of a process, in MB. */
export function memory(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0);
  return { rss: kb("VmRSS") / MB, peak: kb("VmHWM") / MB };
}

export interface Running {
  child: ChildProcess;
  url: string;
  readyMs: number;
  log: () => string;
}

/** Starts `node <args>` in the project root with PORT set, and waits until GET readyPath answers 2xx. */
export async function start(args: string[], env: Record<string, string>, readyPath: string): Promise<Running> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${out}`);
    try {
      if ((await fetch(url + readyPath)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, url, readyMs: performance.now() - t0, log: () => out };
}

export async function stop(r: Running): Promise<void> {
  const exited = new Promise((resolve) => r.child.once("exit", resolve));
  r.child.kill("SIGTERM");
  await exited;
}

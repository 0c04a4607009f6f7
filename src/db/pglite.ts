/**
 * The embedded database: PostgreSQL compiled to WebAssembly (PGlite), in this process. Loaded by
 * openAdapter only when no DATABASE_URL is set.
 */
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { DatabaseTarget, OpenedAdapter } from "./adapters.ts";
import { pgliteSql } from "./pglite-sql.ts";

/**
 * PGlite runs PostgreSQL inside this process, so its buffer pool is our memory: initdb's 128 MB
 * shared_buffers cost ~130 MB of RSS and a second at every start. The embedded database of one
 * district (a few hundred schools) fits in a small pool; the OS page cache holds the rest.
 */
const PGLITE_START = [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"];

/**
 * PGlite has no lock on its data directory and two processes opening it corrupt it:
 * take an exclusive lock file, reclaiming it only when its owner process is gone.
 */
function lockDataDir(dataDir: string): () => void {
  const lockPath = path.join(dataDir, "..", `${path.basename(dataDir)}.lock`);
  const tryLock = () => {
    const fd = fs.openSync(lockPath, "wx");
    fs.writeSync(fd, String(process.pid));
    fs.closeSync(fd);
  };
  try {
    tryLock();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    const owner = Number(fs.readFileSync(lockPath, "utf8"));
    if (owner && owner !== process.pid && isAlive(owner)) {
      throw new Error(
        `Thư mục dữ liệu ${dataDir} đang được tiến trình ${owner} sử dụng / data directory is locked by process ${owner}`,
      );
    }
    fs.rmSync(lockPath, { force: true });
    tryLock();
  }
  return () => fs.rmSync(lockPath, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function openPglite(target: Exclude<DatabaseTarget, { kind: "postgres" }>): Promise<OpenedAdapter> {
  if (target.kind === "pglite-memory") {
    const db = await PGlite.create({ startParams: PGLITE_START, ...(target.loadDataDir ? { loadDataDir: target.loadDataDir } : {}) });
    return { factory: new PrismaPGlite(db), close: () => db.close(), refreshTypes: () => db.refreshArrayTypes(), sql: pgliteSql(db) };
  }
  fs.mkdirSync(target.dataDir, { recursive: true });
  const unlock = lockDataDir(target.dataDir);
  try {
    const db = await PGlite.create(target.dataDir, { startParams: PGLITE_START });
    return {
      factory: new PrismaPGlite(db),
      refreshTypes: () => db.refreshArrayTypes(),
      sql: pgliteSql(db),
      close: async () => {
        try {
          await db.close();
        } finally {
          unlock();
        }
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
}

/**
 * Driver adapters for the two engines of our one dialect (PostgreSQL):
 * embedded PGlite (default) and a real PostgreSQL server.
 */
import { randomBytes } from "node:crypto";
import v8 from "node:v8";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { Sql } from "./sql.ts";

export type DatabaseTarget =
  | { kind: "pglite"; dataDir: string }
  | { kind: "pglite-memory"; loadDataDir?: Blob }
  | { kind: "postgres"; url: string };

export interface OpenedAdapter {
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** Release the underlying connection(s) and locks. */
  close(): Promise<void>;
  /** After migrations created types: PGlite learns array types (e.g. enum[]) only when told. */
  refreshTypes?(): Promise<void>;
  /** The driver itself, for the chat path's statements (see sql.ts). */
  sql: Sql;
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

type FieldLike = { dataTypeID: number };
function mapCharFields(result: unknown): unknown {
  const fix = (r: { fields?: FieldLike[] } | undefined) => {
    for (const f of r?.fields ?? []) if (f.dataTypeID === PG_CHAR_OID) f.dataTypeID = PG_TEXT_OID;
  };
  if (Array.isArray(result)) result.forEach(fix);
  else fix(result as { fields?: FieldLike[] });
  return result;
}

/**
 * The pg adapter cannot decode PostgreSQL's internal `"char"` type (OID 18), which Prisma's
 * schema engine meets in its introspection queries. This client reports it as text.
 */
class CharAsTextClient extends pg.Client {
  // pg's query() has promise and callback forms (pg.Pool uses the callback form).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const last = args.length - 1;
    if (typeof args[last] === "function") {
      const cb = args[last] as (err: unknown, res: unknown) => void;
      args[last] = (err: unknown, res: unknown) => cb(err, err ? res : mapCharFields(res));
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const out = (super.query as (...a: any[]) => any)(...args);
    return out && typeof out.then === "function" ? out.then(mapCharFields) : out;
  }
}

export function createPgPool(url: string, max = 10): pg.Pool {
  // Prisma's DateTime columns hold UTC; database-side defaults (now()) must too, whatever the
  // server's TimeZone setting.
  const pool = new pg.Pool({ connectionString: url, max, Client: CharAsTextClient, options: "-c TimeZone=UTC" });
  // An idle connection the server closed (a PostgreSQL restart, a failover, an administrator's
  // pg_terminate_backend) is an "error" event on the pool; unhandled, it would end the process.
  // The pool has already dropped that connection: the next query opens a new one.
  pool.on("error", (err) => process.emitWarning(`PostgreSQL closed an idle connection (${(err as { code?: string }).code ?? err.message}); a new one is opened on the next query`));
  return pool;
}

/**
 * A migration-aware factory for real PostgreSQL whose shadow database is a fresh
 * database created beside the main one and dropped when the engine disposes of it.
 */
function postgresFactory(url: string, pool: pg.Pool): SqlMigrationAwareDriverAdapterFactory {
  const main = new PrismaPg(pool);
  return {
    provider: "postgres",
    adapterName: main.adapterName,
    connect: () => main.connect(),
    async connectToShadowDb(): Promise<SqlDriverAdapter> {
      const name = `prisma_shadow_${randomBytes(6).toString("hex")}`;
      await pool.query(`CREATE DATABASE "${name}"`);
      const shadowUrl = new URL(url);
      shadowUrl.pathname = `/${name}`;
      const shadowPool = createPgPool(shadowUrl.toString(), 2);
      // DROP DATABASE … WITH (FORCE) below ends any connection still closing; pg-pool re-emits that
      // on the pool, where an unheard "error" would crash the process (seen as a flaky CI failure).
      shadowPool.on("error", () => undefined);
      const adapter = await new PrismaPg(shadowPool).connect();
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose().catch(() => undefined);
        await shadowPool.end().catch(() => undefined);
        await pool.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      };
      return adapter;
    },
  };
}

/**
 * PGlite's PostgreSQL is a 9 MB WebAssembly module, Prisma's query compiler (used on PostgreSQL
 * too) a 1.7 MB one. V8 first compiles each function it calls with
 * its baseline compiler (Liftoff), then recompiles the hot ones with TurboFan on background
 * threads; those compilations need up to ~80 MB of scratch memory at once, which glibc keeps in
 * per-thread arenas after it is freed (measured: 60-150 MB of RSS that never comes back, ~130 MB
 * in a process running only PGlite). Liftoff code runs PGlite's statements ~15% slower
 * (≈ 0.1 ms each; a chat message makes three). Prisma's compiler runs once per query shape (its
 * plans are cached): on PostgreSQL the flag saved ~75 MB of RSS at no measurable CPU cost per
 * Prisma call (0.44-0.49 ms either way). Set before the module is compiled: V8 reads the
 * flag when it compiles a module, so it has no effect on modules already compiled. Applies to
 * WebAssembly compiled from here on, not to JavaScript.
 */
let liftoffOnly = false;
function wasmBaselineOnly(): void {
  if (liftoffOnly) return;
  v8.setFlagsFromString("--liftoff-only");
  liftoffOnly = true;
}

export async function openAdapter(target: DatabaseTarget, opts: { poolSize?: number } = {}): Promise<OpenedAdapter> {
  wasmBaselineOnly();
  if (target.kind === "postgres") {
    const pool = createPgPool(target.url, opts.poolSize);
    const sql: Sql = { query: async <T>(text: string, params: readonly unknown[] = [], name?: string) => (await pool.query({ text, values: params as unknown[], ...(name ? { name } : {}) })).rows as T[] };
    return { factory: postgresFactory(target.url, pool), close: () => pool.end(), sql };
  }
  // PGlite (≈ 0.5 MB of JavaScript, a 9 MB WebAssembly module) is loaded only when used.
  const { openPglite } = await import("./pglite.ts");
  return openPglite(target);
}

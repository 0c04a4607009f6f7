/**
 * Prisma migrations without the native schema engine binary: Prisma's own schema engine
 * compiled to WebAssembly (@prisma/schema-engine-wasm), driven through a driver adapter.
 * It reads and writes the standard prisma/migrations/<timestamp>_<name>/migration.sql and
 * the standard `_prisma_migrations` table, exactly like `prisma migrate`.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "..", "..");
export const SCHEMA_PATH = path.join(PROJECT_ROOT, "prisma", "schema.prisma");
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, "prisma", "migrations");

const FILTERS = { externalTables: [], externalEnums: [] };

interface WasmApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: object } }>;
}

let wasmReady: Promise<void> | undefined;
function loadWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const require = createRequire(import.meta.url);
    // The .wasm file is not in the package's exports: find it beside the exported glue module.
    const wasmPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg").replace(/\.js$/, ".wasm");
    // `WebAssembly` is a Node global; our lib settings (no DOM) do not declare it.
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const { instance } = await wasm.instantiate(fs.readFileSync(wasmPath), { "./schema_engine_bg.js": bg });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  })();
  return wasmReady;
}

function readMigrationsList(dir = MIGRATIONS_DIR) {
  const lockPath = path.join(dir, "migration_lock.toml");
  const dirs = fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
        .map((d) => d.name)
        .sort()
    : [];
  return {
    baseDir: dir,
    lockfile: {
      path: "migration_lock.toml",
      content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok" as const, value: fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8") },
      },
    })),
  };
}

/** Runs `fn` with a schema engine bound to `factory`; turns adapter errors into readable ones. */
async function withEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  await loadWasm();
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  const schema = fs.readFileSync(SCHEMA_PATH, "utf8");
  const engine = await bg.SchemaEngine.new(
    { datamodels: [[SCHEMA_PATH, schema]] } as never,
    () => undefined,
    bound,
  );
  try {
    return await fn(engine);
  } catch (err) {
    const match = /External error id#(\d+)/.exec(String((err as Error)?.message ?? err));
    if (match) {
      const inner = bound.errorRegistry.consumeError(Number(match[1]));
      throw new Error(`migration engine: ${JSON.stringify(inner?.error ?? inner)}`, { cause: err });
    }
    throw err;
  } finally {
    engine.free();
  }
}

/**
 * True when `_prisma_migrations` records exactly the folder's migrations, each finished, not
 * rolled back, with the checksum Prisma stores (SHA-256 of migration.sql). Then there is nothing
 * to apply and the schema engine (9 MB of WebAssembly, ~1 s and ~40 MB per start) is not loaded.
 * Anything else — no table, a failed or unknown migration, an edited file — goes to the engine,
 * which applies or reports exactly as `prisma migrate deploy` would.
 */
export async function migrationsUpToDate(factory: SqlMigrationAwareDriverAdapterFactory, dir = MIGRATIONS_DIR): Promise<boolean> {
  const list = readMigrationsList(dir);
  const conn = await factory.connect();
  try {
    const result = await conn.queryRaw({
      sql: `SELECT "migration_name", "checksum", "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL AS "done" FROM "_prisma_migrations"`,
      args: [],
      argTypes: [],
    });
    const applied = new Map(result.rows.map(([name, checksum, done]) => [String(name), { checksum: String(checksum), done: done === true }]));
    if (applied.size !== list.migrationDirectories.length) return false;
    return list.migrationDirectories.every((m) => {
      const row = applied.get(m.path);
      return row?.done && row.checksum === createHash("sha256").update(m.migrationFile.content.value).digest("hex");
    });
  } catch {
    return false; // no _prisma_migrations yet (an empty database) or unreadable: let the engine decide
  } finally {
    await conn.dispose();
  }
}

/** Applies pending migrations; returns the names of those applied (empty when up to date). */
export async function applyMigrations(
  factory: SqlMigrationAwareDriverAdapterFactory,
  dir = MIGRATIONS_DIR,
): Promise<string[]> {
  if (await migrationsUpToDate(factory, dir)) return [];
  return withEngine(factory, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList: readMigrationsList(dir), filters: FILTERS } as never);
    return out.appliedMigrationNames;
  });
}

/**
 * SQL that brings the migrations folder up to the schema, or null when they already match.
 * Replays the existing migrations on the factory's shadow database.
 */
export async function diffSchemaAgainstMigrations(
  factory: SqlMigrationAwareDriverAdapterFactory,
  dir = MIGRATIONS_DIR,
): Promise<string | null> {
  const schema = fs.readFileSync(SCHEMA_PATH, "utf8");
  return withEngine(factory, async (engine) => {
    const list = readMigrationsList(dir);
    const from = list.migrationDirectories.length ? { tag: "migrations", ...list } : { tag: "empty" };
    const result = await engine.diff({
      from,
      to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: schema }] },
      script: true,
      exitCode: true,
      shadowDatabaseUrl: null,
      filters: FILTERS,
    } as never);
    const sql = (result as { stdout?: string; exitCode: number }).stdout ?? "";
    return (result as { exitCode: number }).exitCode === 2 && sql.trim() ? sql : null;
  });
}

/** Writes a new migration folder (Prisma's naming) and the lock file. */
export function writeMigration(name: string, sql: string, dir = MIGRATIONS_DIR, now = new Date()): string {
  const stamp = now.toISOString().replace(/\D/g, "").slice(0, 14);
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "") || "migration";
  const folder = path.join(dir, `${stamp}_${slug}`);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, "migration.sql"), sql);
  const lock = path.join(dir, "migration_lock.toml");
  if (!fs.existsSync(lock)) {
    fs.writeFileSync(
      lock,
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
    );
  }
  return folder;
}

/** `npm run db:migrate`: apply pending migrations to the configured database. */
import { loadConfig, ConfigError } from "../../config.ts";
import { openAdapter } from "../adapters.ts";
import { applyMigrations } from "../migrations.ts";

try {
  const config = loadConfig();
  const adapter = await openAdapter(config.database);
  try {
    const applied = await applyMigrations(adapter.factory);
    console.log(
      applied.length
        ? `Đã áp dụng ${applied.length} migration / applied: ${applied.join(", ")}`
        : "Cơ sở dữ liệu đã cập nhật / database is up to date.",
    );
  } finally {
    await adapter.close();
  }
  process.exit(0);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `Lỗi migration / migration failed: ${(err as Error).message}`);
  process.exit(1);
}

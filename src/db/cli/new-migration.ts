/**
 * `npm run db:migration:new -- <name>`: diff prisma/schema.prisma against prisma/migrations
 * (replayed on an in-memory PGlite shadow) and write the next migration folder.
 */
import { openAdapter } from "../adapters.ts";
import { diffSchemaAgainstMigrations, writeMigration } from "../migrations.ts";

const name = process.argv.slice(2).find((a) => !a.startsWith("-")) ?? "migration";
const adapter = await openAdapter({ kind: "pglite-memory" });
try {
  const sql = await diffSchemaAgainstMigrations(adapter.factory);
  if (!sql) {
    console.log("Lược đồ đã khớp với các migration / schema already matches the migrations: nothing to do.");
  } else {
    console.log(`Đã tạo migration / created ${writeMigration(name, sql)}`);
  }
} finally {
  await adapter.close();
}
// The wasm engine leaves a timer pending.
process.exit(0);

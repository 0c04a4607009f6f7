// Prisma CLI configuration (used by `prisma generate`). Migrations do not go through the CLI:
// see src/db/migrations.ts.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});

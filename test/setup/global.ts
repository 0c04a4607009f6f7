/**
 * Once per test run: a migrated PGlite image every test database starts from (fast), and a
 * real PostgreSQL (TEST_POSTGRES_URL, or a temporary cluster from the machine's binaries).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { applyMigrations } from "../../src/db/migrations.ts";
import { findPgBin, startTempPostgres, type TempPostgres } from "./postgres.ts";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteImage: string;
    postgresUrl: string;
  }
}

let pg: TempPostgres | undefined;
let imageDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  const db = await PGlite.create();
  await applyMigrations(new PrismaPGlite(db));
  const image = await db.dumpDataDir("gzip");
  await db.close();
  imageDir = fs.mkdtempSync(path.join(os.tmpdir(), "cds-pglite-image-"));
  const imagePath = path.join(imageDir, "image.tar.gz");
  fs.writeFileSync(imagePath, Buffer.from(await image.arrayBuffer()));
  project.provide("pgliteImage", imagePath);

  let url = process.env.TEST_POSTGRES_URL ?? "";
  if (!url) {
    const bin = findPgBin();
    if (bin) {
      pg = await startTempPostgres(bin);
      url = pg.url;
    } else if (process.env.CI) {
      throw new Error("CI run without PostgreSQL: install the postgresql package or set TEST_POSTGRES_URL");
    } else {
      console.warn("\n[tests] PostgreSQL not found (apt-get install postgresql): PostgreSQL variants are skipped.\n");
    }
  }
  project.provide("postgresUrl", url);
}

export async function teardown(): Promise<void> {
  pg?.stop();
  if (imageDir) fs.rmSync(imageDir, { recursive: true, force: true });
}

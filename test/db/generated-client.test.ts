/**
 * The generated Prisma client reads its query compiler from a .wasm file written by
 * prisma/wasm-from-file.mjs (part of `npm run db:generate`), not from the 2.3 MB base64 module
 * that would stay in the heap for the life of the process.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const internal = path.resolve(import.meta.dirname, "../../src/generated/prisma/internal");

describe("generated Prisma client", () => {
  it("loads the query compiler from a file, and the file is a WebAssembly module", () => {
    const source = fs.readFileSync(path.join(internal, "class.ts"), "utf8");
    expect(source).not.toMatch(/import\("@prisma\/client\/runtime\/[^"]+wasm-base64/);
    const bytes = fs.readFileSync(path.join(internal, "query_compiler.wasm"));
    expect([...bytes.subarray(0, 8)]).toEqual([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]); // "\0asm", version 1
    expect(bytes.length).toBeGreaterThan(100_000);
  });
});

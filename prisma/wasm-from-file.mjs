// Runs after `prisma generate` (npm run db:generate). The generated client loads Prisma's query
// compiler from a JavaScript module holding the WebAssembly as a 2.3 MB base64 string; an ES
// module is never unloaded, so its source and the string stay in the heap for the life of the
// process (≈ 4.6 MB). This writes the decoded bytes next to the client once and makes the client
// read them from that file instead. Plain JavaScript: it runs during `npm ci --omit=dev` too.
// If a Prisma upgrade changes the generated code, it warns and leaves the client as generated.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const dir = path.resolve(import.meta.dirname, "../src/generated/prisma/internal");
const classFile = path.join(dir, "class.ts");
const source = fs.readFileSync(classFile, "utf8");
const pattern = /getQueryCompilerWasmModule: async \(\) => \{\n\s*const \{ wasm \} = await import\("(@prisma\/client\/runtime\/[^"]+\.wasm-base64\.mjs)"\)\n\s*return await decodeBase64AsWasm\(wasm\)\n\s*\}/;
const match = pattern.exec(source);
if (!match) {
  if (!source.includes("query_compiler.wasm")) console.warn("prisma/wasm-from-file.mjs: generated client not recognised, left as generated");
  process.exit(0);
}
const { wasm } = await import(createRequire(import.meta.url).resolve(match[1]));
fs.writeFileSync(path.join(dir, "query_compiler.wasm"), Buffer.from(wasm, "base64"));
const replacement = `getQueryCompilerWasmModule: async () => {
    // Patched by prisma/wasm-from-file.mjs: the bytes from a file, not a base64 module kept in the heap.
    const { readFile } = await import("node:fs/promises")
    return new WebAssembly.Module(await readFile(new URL("./query_compiler.wasm", import.meta.url)))
  }`;
fs.writeFileSync(classFile, source.replace(pattern, replacement));

// `npm run build` (run by `npm start` first): the TypeScript sources of src/ as plain JavaScript in
// dist/, so the running service carries no TypeScript loader (Node's type stripping keeps the SWC
// WebAssembly module in memory, ≈ 13 MB; tsx more on Node 20). Types are removed by esbuild's
// transform, file by file (no bundling: the module graph, lazy imports and paths stay as in src/);
// relative ".ts" specifiers become ".js". Data files (corpus, lexicon, templates, the Prisma WASM)
// are linked, not copied, so an edited corpus is what a SIGHUP reloads. Only changed files are
// rewritten; files gone from src/ are removed from dist/.
import fs from "node:fs";
import path from "node:path";
import { transform } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const src = path.join(root, "src");
const out = path.join(root, "dist");

/** Every file under a directory, as paths relative to it. */
function walk(dir, rel = "") {
  const found = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = path.join(rel, e.name);
    if (e.isDirectory()) found.push(...walk(dir, r));
    else found.push(r);
  }
  return found;
}

/** "./x.ts", "../a/b.ts" in a string literal → ".js" (static and dynamic imports, `new URL(…)`). */
const relativeTs = /(["'`])(\.{1,2}\/[^"'`\n]*?)\.ts\1/g;

const wanted = new Set();
let written = 0;
for (const rel of walk(src)) {
  if (rel.endsWith(".d.ts")) continue;
  const from = path.join(src, rel);
  if (rel.endsWith(".ts")) {
    const target = path.join(out, rel.replace(/\.ts$/, ".js"));
    wanted.add(target);
    if (fs.existsSync(target) && fs.statSync(target).mtimeMs >= fs.statSync(from).mtimeMs) continue;
    const code = fs.readFileSync(from, "utf8");
    const js = await transform(code, { loader: "ts", format: "esm", target: "node20", sourcefile: from, tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: false } } });
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, js.code.replace(relativeTs, (_m, q, p) => `${q}${p}.js${q}`));
    written++;
  } else {
    const target = path.join(out, rel);
    wanted.add(target);
    const link = path.relative(path.dirname(target), from);
    if (fs.existsSync(target) && fs.lstatSync(target).isSymbolicLink() && fs.readlinkSync(target) === link) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.rmSync(target, { force: true });
    fs.symlinkSync(link, target);
    written++;
  }
}
// Files whose source is gone.
if (fs.existsSync(out)) for (const rel of walk(out)) if (!wanted.has(path.join(out, rel))) fs.rmSync(path.join(out, rel));
if (written && !process.env.BUILD_QUIET) console.log(`build: ${written} file(s) → dist/`);

/**
 * `npm run knowledge:import -- văn-bản.docx|.pdf|.txt [--label "CV 123/PGD ngày 05/01/2026"] [--dir <kho>]`
 * splits a new document into cited passages (saved in <kho>/imported/<tên>.json), used as a
 * retrieval fallback with a short extract. Re-importing a file replaces its passages; delete the
 * JSON file to remove it. Restart the service (or send SIGHUP) to load it.
 */
import fs from "node:fs";
import path from "node:path";
import { cliArgs } from "../../cli/args.ts";
import { loadConfig } from "../../config.ts";
import { foldVietnamese } from "../../domain/text.ts";
import { DEFAULT_CORPUS_DIR } from "../corpus.ts";
import { importedDir, type ImportedDocument } from "../imported.ts";
import { splitPassages } from "../import/passages.ts";
import { ImportError, readDocument } from "../import/read.ts";

const USAGE = `Cách dùng: npm run knowledge:import -- văn-bản.docx [--label "CV 123/PGD ngày 05/01/2026 của Phòng GD&ĐT"]`;
const { values, positionals } = cliArgs({
  allowPositionals: true,
  options: { label: { type: "string" }, dir: { type: "string" } },
}, USAGE);
const file = positionals[0];
if (!file) {
  console.error('Cách dùng: npm run knowledge:import -- văn-bản.docx [--label "CV 123/PGD ngày 05/01/2026 của Phòng GD&ĐT"]');
  process.exit(2);
}
const corpusDir = path.resolve(values.dir ?? loadConfig().knowledgeDir ?? DEFAULT_CORPUS_DIR);
try {
  const text = await readDocument(file, fs.readFileSync(file));
  const passages = splitPassages(text);
  const label = (values.label ?? path.basename(file).replace(/\.[^.]+$/, "")).trim();
  const slug = foldVietnamese(path.basename(file).replace(/\.[^.]+$/, "")).replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "van-ban";
  const subject = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => /^(v\/v|về việc|ve viec)\b/i.test(l))
    ?.slice(0, 300);
  const doc: ImportedDocument = { label, file: path.basename(file), importedAt: new Date().toISOString(), subject, passages };
  const out = path.join(importedDir(corpusDir), `${slug}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(`${out}.tmp`, JSON.stringify(doc, null, 1));
  fs.renameSync(`${out}.tmp`, out);
  console.log(`Đã nhập ${passages.length} đoạn từ “${path.basename(file)}” vào ${path.relative(process.cwd(), out)} (nguồn: ${label}). Khởi động lại dịch vụ để dùng.`);
} catch (err) {
  if (err instanceof ImportError || (err as NodeJS.ErrnoException).code === "ENOENT") {
    console.error(`Không nhập được “${file}”: ${err instanceof ImportError ? err.message : "không tìm thấy tệp."}`);
    process.exit(1);
  }
  throw err;
}

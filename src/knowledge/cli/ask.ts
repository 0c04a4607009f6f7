/**
 * `npm run ask -- "câu hỏi"` prints the answer, its sources and the score.
 * `npm run ask -- --jsonl questions.jsonl` reads `{"id","q"}` lines and writes one line per
 * question: `{"id","answer","sources":[…],"declined":bool}`. `--now <ISO>` fixes "today".
 */
import fs from "node:fs";
import readline from "node:readline";
import { cliArgs } from "../../cli/args.ts";
import { ConfigError, loadConfig } from "../../config.ts";
import { createKnowledge } from "../create.ts";

const USAGE = `Cách dùng: npm run ask -- "hạn nộp báo cáo quý là ngày nào?"   |   npm run ask -- --jsonl questions.jsonl`;
const { values, positionals } = cliArgs({
  allowPositionals: true,
  options: { jsonl: { type: "string" }, now: { type: "string" } },
}, USAGE);
let knowledge;
try {
  knowledge = createKnowledge(loadConfig());
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : (err as Error).message);
  process.exit(1);
}
const now = values.now ? new Date(values.now) : undefined;
if (now && Number.isNaN(now.getTime())) {
  console.error("--now phải là thời điểm ISO, ví dụ 2025-09-10T09:00:00+07:00");
  process.exit(2);
}

if (values.jsonl) {
  const input = values.jsonl === "-" ? process.stdin : fs.createReadStream(values.jsonl);
  for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    let item: { id?: unknown; q?: unknown };
    try {
      item = JSON.parse(line);
    } catch {
      process.stdout.write(`${JSON.stringify({ id: null, error: "dòng không phải JSON" })}\n`);
      continue;
    }
    const a = await knowledge.answer(String(item.q ?? ""), { now });
    process.stdout.write(`${JSON.stringify({ id: item.id ?? null, answer: a.text, sources: a.sources, declined: a.declined })}\n`);
  }
} else {
  const question = positionals.join(" ").trim();
  if (!question) {
    console.error('Cách dùng: npm run ask -- "hạn nộp báo cáo quý là ngày nào?"   |   npm run ask -- --jsonl questions.jsonl');
    process.exit(2);
  }
  const a = await knowledge.answer(question, { now });
  console.log(a.text);
  console.log(`\n[${a.kind}${a.score !== undefined ? `, điểm ${a.score.toFixed(1)}` : ""}${a.entryIds.length ? `, mục ${a.entryIds.join(", ")}` : ""}]`);
}
process.exit(0);

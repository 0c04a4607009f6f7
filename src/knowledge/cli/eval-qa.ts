/** `npm run eval:qa [-- file.jsonl]` — accuracy of the answers on the development set. */
import path from "node:path";
import { loadConfig } from "../../config.ts";
import { createKnowledge } from "../create.ts";
import { evaluate, readEvalSet } from "../eval.ts";

const file = process.argv[2] ?? path.resolve("test/fixtures/qa-dev.jsonl");
const knowledge = createKnowledge(loadConfig());
const r = await evaluate(knowledge, readEvalSet(file));
for (const f of r.failures) console.log(`✗ ${f.id} ${f.q}\n    ${f.why}\n    → ${f.answer.split("\n")[0]}`);
console.log(`\nĐúng ${r.passed}/${r.total} = ${(r.accuracy * 100).toFixed(1)} %; từ chối câu ngoài phạm vi ${r.offTopicDeclined}/${r.offTopic}`);
process.exit(0);

/** `npm run knowledge:check` — validates every corpus entry; exit 1 with one line per problem. */
import { loadConfig } from "../../config.ts";
import { loadCorpus } from "../corpus.ts";

const dir = loadConfig().knowledgeDir;
const { corpus, problems } = loadCorpus(dir);
for (const p of problems) console.log(`✗ ${p.file}: ${p.message}`);
console.log(
  problems.length
    ? `\n${problems.length} lỗi trong ${corpus.entries.length} mục.`
    : `Kho kiến thức hợp lệ: ${corpus.entries.length} mục, ${Object.keys(corpus.sources).length} nguồn.`,
);
process.exit(problems.length ? 1 : 0);

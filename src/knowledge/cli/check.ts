/**
 * `npm run knowledge:check` — validates every corpus entry, the imported documents, the
 * language lexicon and the intent examples; exit 1 with one line per problem.
 */
import { loadConfig } from "../../config.ts";
import { IntentClassifier } from "../../lang/classifier.ts";
import { compileLexicon, loadLexiconSource } from "../../lang/lexicon.ts";
import { DEFAULT_CORPUS_DIR, loadCorpus } from "../corpus.ts";
import { loadImported } from "../imported.ts";

const config = loadConfig();
const dir = config.knowledgeDir ?? DEFAULT_CORPUS_DIR;
const { corpus, problems } = loadCorpus(dir);
const imported = loadImported(dir);
problems.push(...imported.problems);
for (const [file, check] of [
  [config.langLexicon ?? "src/lang/lexicon.yaml", () => compileLexicon(loadLexiconSource(config.langLexicon))],
  ["src/lang/intents.yaml", () => IntentClassifier.train()],
] as const) {
  try {
    check();
  } catch (err) {
    problems.push({ file, message: (err as Error).message });
  }
}
for (const p of problems) console.log(`✗ ${p.file}: ${p.message}`);
console.log(
  problems.length
    ? `\n${problems.length} lỗi.`
    : `Kho kiến thức hợp lệ: ${corpus.entries.length} mục, ${Object.keys(corpus.sources).length} nguồn, ${imported.entries.length} đoạn văn bản đã nhập; từ điển và ví dụ ý định hợp lệ.`,
);
process.exit(problems.length ? 1 : 0);

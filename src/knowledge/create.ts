/** Builds the knowledge service from the configuration. */
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import { createLlm } from "../llm/client.ts";
import { compileLexicon, loadLexiconSource, useLexicon } from "../lang/lexicon.ts";
import { loadReportTemplate } from "../reports/template.ts";
import { Knowledge } from "./service.ts";

export function createKnowledge(config: Pick<Config, "office" | "deadlines" | "knowledgeDir" | "llm" | "langLexicon">, logger?: Logger): Knowledge {
  // The office's own lexicon (LANG_LEXICON) replaces the default for every reader of the language layer.
  if (config.langLexicon) useLexicon(compileLexicon(loadLexiconSource(config.langLexicon)));
  return new Knowledge({
    office: config.office,
    deadlines: config.deadlines,
    template: loadReportTemplate(),
    corpusDir: config.knowledgeDir,
    llm: config.llm ? createLlm(config.llm, logger) : undefined,
    logger,
  });
}

/** Everything the pipeline needs, built once from the configuration (service, CLI chat, tests). */
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import type { Logger } from "../logger.ts";
import { fixedClock, systemClock, type Clock } from "../clock.ts";
import { createKnowledge } from "../knowledge/create.ts";
import type { Knowledge } from "../knowledge/service.ts";
import { loadReportTemplate } from "../reports/template.ts";
import type { AnswerFn, BotDeps } from "./context.ts";

export function createBotDeps(
  config: Config,
  prisma: Db,
  logger: Logger,
  overrides: { answer?: AnswerFn; clock?: Clock; onFiled?: (reportId: string) => Promise<void> } = {},
): { deps: BotDeps; knowledge: Knowledge } {
  const clock = overrides.clock ?? (config.clockNow ? fixedClock(config.clockNow) : systemClock);
  const knowledge = createKnowledge(config, logger);
  const deps: BotDeps = {
    prisma,
    logger,
    office: config.office,
    answer: overrides.answer ?? ((q) => knowledge.answer(q, { now: clock.now() })),
    reports: { template: loadReportTemplate(), rules: config.deadlines, clock, onFiled: overrides.onFiled },
  };
  return { deps, knowledge };
}

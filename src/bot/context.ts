/**
 * The context every handler of the pipeline sees: grammY's Context plus who is writing,
 * on which channel, and the services handlers may call.
 */
import type { Context } from "grammy";
import type { Db } from "../db/client.ts";
import type { Logger } from "../logger.ts";
import type { Clock } from "../clock.ts";
import type { DeadlineRules } from "../domain/periods.ts";
import type { ReportTemplate } from "../reports/template.ts";
import type { Metrics } from "../http/metrics.ts";

export type ChannelName = "zalo" | "telegram" | "web" | "cli";

export interface Identity {
  channel: ChannelName;
  accountId: string;
  conversationId: string;
  displayName?: string;
  /** Present once the account is linked to a person of the registry. */
  contact?: { id: string; name: string; role: string };
  /** The school the person may act for (only through a link). */
  school?: { id: string; code: string; name: string };
}

/** What the bot replies to a free-text question; `declined` when its sources do not say. */
export interface BotAnswer {
  text: string;
  declined: boolean;
  /** "smalltalk" for greetings, thanks and the help text (the knowledge module says which). */
  kind?: "computed" | "retrieved" | "declined" | "smalltalk";
  /**
   * Whether the message is kept for the district's IT staff: a real question the documents do
   * not cover (or a part of one). Thanks, gibberish, off-topic or personal-contact requests are
   * answered on the spot and not forwarded. Absent: forwarded when declined.
   */
  forward?: boolean;
}

/** Answers a free-text question (the knowledge module plugs in here). */
export type AnswerFn = (question: string, identity: Identity) => Promise<BotAnswer>;

export interface BotDeps {
  prisma: Db;
  logger: Logger;
  office: { name: string; email: string; guidance?: string };
  answer: AnswerFn;
  /** Counts updates and replies for /metrics (absent in tools and some tests). */
  metrics?: Metrics;
  reports: {
    template: ReportTemplate;
    rules: DeadlineRules;
    clock: Clock;
    /** Called once a report is filed: official documents, email to the office. */
    onFiled?: (reportId: string) => Promise<void>;
  };
}

export interface BotFlavor {
  channel: ChannelName;
  identity: Identity;
  deps: BotDeps;
  log: Logger;
  /** The sender's form in this chat as read with the identity (raw, validated on use); replaced when saved. */
  storedForm?: { state: unknown };
}

export type BotContext = Context & BotFlavor;

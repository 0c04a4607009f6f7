/**
 * Composition root: config → logger → database → bot pipeline → channels → HTTP.
 * `startService` returns a handle whose `stop()` shuts everything down in reverse order
 * (stop intake, finish in-flight work, close the database).
 */
import { turnTypes } from "./lang/turn-type.ts";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Router } from "express";
import type { Bot } from "grammy";
import type { Config } from "./config.ts";
import { createLogger, type Logger } from "./logger.ts";
import { openDatabase, type Database } from "./db/client.ts";
import type { AnswerFn, BotContext, ChannelName } from "./bot/context.ts";
import { createBotDeps } from "./bot/deps.ts";
import { fixedClock, systemClock, type Clock } from "./clock.ts";
import { Outbox } from "./mail/outbound/outbox.ts";
import { reportFiler } from "./reports/file-documents.ts";
import { loadReportTemplate } from "./reports/template.ts";
import { loadSelfAssessmentForm } from "./reports/self-assessment.ts";
import { loadReminderCalendar } from "./reminders/calendar.ts";
import { scheduleReminders, type ReminderRoundDeps } from "./reminders/scheduler.ts";
import type { IngestDeps } from "./mail/inbound/ingest.ts";
import { lazyRouter } from "./http/lazy-router.ts";
import { ensureFirstStaff } from "./dashboard/bootstrap.ts";
import { leaderOnly, LOCK_KEYS } from "./db/leadership.ts";
import { scheduleReviewDigest } from "./mail/inbound/review-digest.ts";
import { reminderTransports } from "./reminders/transports.ts";
import { createHttpApp } from "./http/app.ts";
import { Metrics, metricsRouter } from "./http/metrics.ts";
import { InflightTracker } from "./channels/shared/inflight.ts";
import { createLocalChat, type LocalChat } from "./channels/local/local-chat.ts";
import { webChatRouter } from "./channels/web/router.ts";
import { createZaloBot } from "./channels/zalo/bot.ts";
import { zaloUpdateHandler, zaloWebhookRouter } from "./channels/zalo/webhook.ts";
import { STALE_MS, UpdateStore, type UpdateHandler } from "./channels/shared/update-store.ts";
import { startZaloPolling, type ZaloPoller } from "./channels/zalo/polling.ts";
import { createTelegramBot, telegramUpdateHandler, telegramWebhookRouter } from "./channels/telegram/bot.ts";
import { loadDemoDataIfEmpty } from "./registry/demo/load.ts";

export interface Service {
  config: Config;
  logger: Logger;
  db: Database;
  /** Base URL of the HTTP server, e.g. http://127.0.0.1:3000 */
  url: string;
  webChat?: LocalChat;
  zaloBot?: Bot<BotContext>;
  outbox: Outbox;
  /** Resolves when every update accepted so far has been handled (webhooks answer first). */
  idle(timeoutMs?: number): Promise<boolean>;
  stop(): Promise<void>;
}

export interface ServiceOverrides {
  logger?: Logger;
  /** Use an already opened database (tests); it is not closed by stop(). */
  db?: Database;
  answer?: AnswerFn;
  clock?: Clock;
  /** First email retry delay (tests use a short one). */
  outboxBaseDelayMs?: number;
}

export async function startService(config: Config, overrides: ServiceOverrides = {}): Promise<Service> {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel, secrets: config.secrets });
  const db = overrides.db ?? (await openDatabase(config.database));
  if (db.appliedMigrations.length) logger.info({ migrations: db.appliedMigrations }, "database migrations applied");

  if (config.demoData && config.database.kind === "pglite") {
    const codes = await loadDemoDataIfEmpty(db.prisma, config.linkCodeTtlDays);
    if (codes) {
      logger.info({ schools: codes.length }, "demo data loaded into the empty embedded database");
      for (const c of codes) logger.info({ school: c.schoolCode }, `demo link code for ${c.schoolName}: liên kết ${c.code}`);
    }
  }

  const clock = overrides.clock ?? (config.clockNow ? fixedClock(config.clockNow) : systemClock);
  // The mail libraries (nodemailer, imapflow, the reader thread's pool) load only where mail is configured.
  const smtp = config.smtp.url ? (await import("./mail/outbound/transport.ts")).createSmtpTransport(config.smtp.url, { allowInsecure: config.smtp.allowInsecure }) : undefined;
  const outbox = new Outbox(db.prisma, smtp, {
    from: config.smtp.from,
    logger,
    baseDelayMs: overrides.outboxBaseDelayMs,
  });
  outbox.start();
  const onFiled = reportFiler({ prisma: db.prisma, outbox, template: loadReportTemplate(), office: config.office });
  const { deps, knowledge } = createBotDeps(config, db.prisma, logger, { answer: overrides.answer, clock, onFiled });
  const metrics = new Metrics(db.prisma);
  deps.metrics = metrics;
  logger.info({ entries: knowledge.size }, "knowledge corpus loaded");
  const onHangup = () => {
    const problems = knowledge.reload();
    if (problems.length) logger.error({ problems }, "knowledge corpus has problems; previous version kept");
    else logger.info({ entries: knowledge.size }, "knowledge corpus reloaded");
  };
  process.on("SIGHUP", onHangup);
  const inflight = new InflightTracker();
  const updates = new UpdateStore(db.prisma, logger, { soleProcess: db.kind !== "postgres" });
  const routers: Router[] = [metricsRouter(metrics, config.metricsToken)];
  const stoppers: (() => Promise<void>)[] = [];

  let webChat: LocalChat | undefined;
  if (config.webChat.enabled) {
    webChat = createLocalChat("web", deps);
    routers.push(webChatRouter({ chat: webChat, ratePerMinute: config.webChat.ratePerMinute }));
  }

  let zaloBot: Bot<BotContext> | undefined;
  let zaloPoller: ZaloPoller | undefined;
  if (config.zalo && config.zalo.mode !== "off") {
    zaloBot = createZaloBot(config.zalo, deps);
    if (config.zalo.mode === "webhook") {
      routers.push(zaloWebhookRouter({ bot: zaloBot, secret: config.zalo.webhookSecret!, logger, inflight, updates }));
    }
  }

  let telegramBot: Bot<BotContext> | undefined;
  if (config.telegram && config.telegram.mode !== "off") {
    telegramBot = createTelegramBot(config.telegram, deps);
    // Fetch the bot's identity now rather than on the first webhook call.
    await telegramBot.init().catch((err: unknown) => logger.warn({ err }, "telegram getMe failed; will retry on first update"));
    if (config.telegram.mode === "webhook") routers.push(telegramWebhookRouter(telegramBot, config.telegram.webhookSecret!, { updates, inflight, logger }));
  }

  const template = loadReportTemplate();
  const selfAssessment = loadSelfAssessmentForm();
  const ingestDeps: IngestDeps & { logger: Logger } = { prisma: db.prisma, outbox, template, selfAssessment, limits: config.mailLimits, rules: config.deadlines, clock, office: config.office, logger, metrics, answer: (q) => knowledge.answer(q, { now: clock.now() }) };
  const reminderDeps: ReminderRoundDeps = {
    prisma: db.prisma,
    clock,
    logger,
    transports: reminderTransports(config, outbox),
    plan: { rules: config.deadlines, calendar: loadReminderCalendar(config.reminders.calendarFile), quiet: config.reminders.quiet, office: config.office },
    rates: { zalo: config.reminders.chatRatePerSecond, telegram: config.reminders.chatRatePerSecond },
    digest: (d) => outbox.enqueue({ kind: "digest", to: [config.office.email], subject: d.subject, text: d.text, dedupeKey: d.dedupeKey }),
    lead: leaderOnly(db),
    metrics,
  };
  if (config.dashboard.enabled) {
    await ensureFirstStaff(db.prisma, logger, { adminUsername: config.dashboard.adminUsername, adminPassword: config.dashboard.adminPassword, demo: config.demoData && config.database.kind === "pglite" });
    const deps = { prisma: db.prisma, logger, clock, rules: config.deadlines, template, selfAssessment, office: config.office, sessionHours: config.dashboard.sessionHours, linkCodeTtlDays: config.linkCodeTtlDays, ingest: ingestDeps, reminders: reminderDeps };
    // Loaded on the first /dashboard request: most processes never serve one.
    routers.push(lazyRouter("/dashboard", async () => (await import("./dashboard/router.ts")).dashboardRouter(deps)));
  }

  const app = createHttpApp({ logger, ready: () => db.ping(), routers, trustProxy: config.http.trustProxy });
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.http.port, config.http.host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const url = `http://${addr.address.includes(":") ? `[${addr.address}]` : addr.address}:${addr.port}`;

  if (config.reminders.enabled) {
    const { task, catchUp } = scheduleReminders(reminderDeps, config.reminders.cron);
    stoppers.push(async () => {
      await task.stop();
      await catchUp;
    });
  }

  if (config.imap) {
    const [{ MailboxConsumer }, { threadReader }] = await Promise.all([import("./mail/inbound/consumer.ts"), import("./mail/inbound/reader.ts")]);
    // Mail is read (parsed, its files opened) on a worker thread; closed after the consumer stops.
    const reader = threadReader({ forms: { template, selfAssessment }, limits: config.mailLimits });
    ingestDeps.reader = reader;
    stoppers.push(() => reader.close());
    const consumer = new MailboxConsumer(
      config.imap,
      ingestDeps,
      leaderOnly(db, LOCK_KEYS.mailbox),
    );
    consumer.start();
    stoppers.push(() => consumer.stop());
    const digest = scheduleReviewDigest({ prisma: db.prisma, outbox, office: config.office, now: () => clock.now(), logger, lead: leaderOnly(db, LOCK_KEYS.digest) });
    stoppers.push(async () => void (await digest.stop()));
  }

  // Webhook updates a crash left stored but unprocessed: handled once.
  const replayers: [ChannelName, UpdateHandler][] = [];
  if (zaloBot && config.zalo?.mode === "webhook") replayers.push(["zalo", zaloUpdateHandler(zaloBot)]);
  if (telegramBot && config.telegram?.mode === "webhook") replayers.push(["telegram", telegramUpdateHandler(telegramBot)]);
  const replay = (atStart = false) => Promise.all(replayers.map(([channel, handle]) => inflight.track(updates.replayPending(channel, handle, new Date(), { atStart }))));
  // In the background (tracked: stop() waits for it), so the process is up and handles SIGTERM at once.
  void replay(true).catch((err: unknown) => logger.error({ err }, "update replay failed"));
  if (replayers.length) {
    const sweep = setInterval(() => void replay().catch((err: unknown) => logger.error({ err }, "update replay failed")), STALE_MS);
    sweep.unref();
    stoppers.push(async () => clearInterval(sweep));
  }

  // Polling starts only once everything it feeds is ready.
  if (zaloBot && config.zalo?.mode === "polling") {
    zaloPoller = startZaloPolling({ bot: zaloBot, logger, inflight, timeoutS: config.zalo.pollTimeoutS });
    stoppers.push(() => zaloPoller!.stop());
  }
  if (telegramBot && config.telegram?.mode === "polling") {
    void telegramBot.start({ drop_pending_updates: false }).catch((err: unknown) => logger.error({ err }, "telegram polling stopped"));
    stoppers.push(() => telegramBot!.stop());
  }

  logger.info({ url, database: db.kind, zalo: config.zalo?.mode ?? "off", telegram: config.telegram?.mode ?? "off", webChat: config.webChat.enabled }, "service started");
  // The turn-type classifier of the report dialogue takes ~1–2 s to train: done once the service is
  // up, not on the first report message a principal types (tests train it where they use it).
  if (config.env !== "test") {
    const warm = setTimeout(() => turnTypes(), 0);
    warm.unref();
    stoppers.push(async () => clearTimeout(warm));
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info("shutting down");
      process.off("SIGHUP", onHangup);
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      for (const s of stoppers.reverse()) await s().catch((err: unknown) => logger.error({ err }, "stop failed"));
      const drained = await inflight.drain(config.shutdownTimeoutMs);
      await outbox.stop();
      if (!drained) logger.warn({ inflight: inflight.size }, "shutdown timeout: unfinished updates");
      server.closeAllConnections();
      await closed;
      if (!overrides.db) await db.close();
      logger.info("stopped");
    })());

  return { config, logger, db, url, webChat, zaloBot, outbox, idle: (t = 10_000) => inflight.drain(t), stop };
}

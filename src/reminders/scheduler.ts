/**
 * The reminder round: resend what a crash left claimed, plan what is due now, send it.
 * node-cron triggers it (default 08:00 daily, Asia/Ho_Chi_Minh); a catch-up round runs at
 * start-up (it can only send today's stage — never a burst of stale ones — and the claims make
 * a second round the same day a no-op). Among replicas, the unique claim rows decide who sends.
 */
import cron, { type ScheduledTask } from "node-cron";
import type { Db } from "../db/client.ts";
import type { Logger } from "../logger.ts";
import type { Clock } from "../clock.ts";
import { VN_TZ } from "../domain/periods.ts";
import { planReminders, type PlanOptions } from "./planner.ts";
import { resendStale, sendReminders, type RateLimits, type ReminderTransports, type SendSummary } from "./sender.ts";
import { buildDigest, type Digest } from "./digest.ts";

export interface ReminderRoundDeps {
  prisma: Db;
  clock: Clock;
  plan: Omit<PlanOptions, "now" | "period">;
  transports: ReminderTransports;
  logger: Logger;
  rates?: RateLimits;
  /** Queues the district digest (the outbox ignores a second one for the same day). */
  digest?: (d: Digest) => Promise<unknown>;
  /** Runs the round only where this replica leads (see db/leadership.ts); default: always. */
  lead?: <T>(fn: () => Promise<T>) => Promise<T | undefined>;
  /** Counts reminders by result for /metrics. */
  metrics?: { reminderRound(r: { sent: number; failed: number; fellBack: number; skipped: number }): void };
}

export type RoundResult = SendSummary & { planned: number; recovered: number; leader: boolean };

export async function runReminderRound(deps: ReminderRoundDeps, opts: { period?: string } = {}): Promise<RoundResult> {
  const lead = deps.lead ?? ((fn) => fn());
  const result = await lead(async () => {
    const now = deps.clock.now();
    const recovered = await resendStale(deps.prisma, deps.transports, new Date(), deps.rates);
    const planned = await planReminders(deps.prisma, { ...deps.plan, now, period: opts.period });
    const summary = await sendReminders(deps.prisma, planned, deps.transports, deps.logger, deps.rates);
    if (deps.digest) {
      for (const period of new Set(planned.map((p) => p.period))) {
        const digest = await buildDigest(deps.prisma, period, now, deps.plan.office);
        if (digest) await deps.digest(digest);
      }
    }
    deps.logger.info({ planned: planned.length, recovered, ...summary }, "reminder round done");
    deps.metrics?.reminderRound(summary);
    return { planned: planned.length, recovered, ...summary, leader: true };
  });
  return result ?? { planned: 0, recovered: 0, sent: 0, skipped: 0, failed: 0, fellBack: 0, leader: false };
}

export function scheduleReminders(deps: ReminderRoundDeps, expression: string): { task: ScheduledTask; catchUp: Promise<unknown> } {
  const task = cron.schedule(
    expression,
    async () => {
      await runReminderRound(deps).catch((err: unknown) => deps.logger.error({ err }, "reminder round failed"));
    },
    { timezone: VN_TZ, noOverlap: true, name: "reminders" },
  );
  const catchUp = runReminderRound(deps).catch((err: unknown) => deps.logger.error({ err }, "catch-up reminder round failed"));
  return { task, catchUp };
}

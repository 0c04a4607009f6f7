/**
 * Sends planned reminders exactly once per (period, school, stage, channel): the row is
 * claimed (a unique insert) before sending, its outcome recorded after. A chat send that fails
 * falls back to the school's email (its own claimed row). A claim left behind by a crash is
 * picked up by `resendStale`, not duplicated.
 */
import { randomUUID } from "node:crypto";
import pThrottle from "p-throttle";
import type { Db } from "../db/client.ts";
import { isUniqueViolation } from "../db/errors.ts";
import type { Logger } from "../logger.ts";
import type { PlannedMessage, ReminderChannel } from "./planner.ts";

export interface ReminderTransports {
  /** Sends a chat message on a channel; throws when the platform refuses. */
  chat?: (channel: "zalo" | "telegram", chatId: string, text: string) => Promise<void>;
  /** Queues an email (the outbox retries it). */
  email: (to: string[], subject: string, text: string) => Promise<void>;
}

export interface SendSummary {
  sent: number;
  skipped: number;
  failed: number;
  fellBack: number;
}

const STALE_CLAIM_MS = 10 * 60_000;
const CLAIM_BATCH = 1_000;

/**
 * Claims many messages in one statement per batch (INSERT … ON CONFLICT DO NOTHING RETURNING):
 * returns the ids of the rows this caller claimed, keyed by message index.
 */
async function claimAll(prisma: Db, planned: PlannedMessage[]): Promise<Map<number, string>> {
  const claimed = new Map<number, string>();
  for (let start = 0; start < planned.length; start += CLAIM_BATCH) {
    const batch = planned.slice(start, start + CLAIM_BATCH);
    const ids = batch.map(() => randomUUID());
    const rows = await prisma.$queryRaw<{ id: string }[]>`
      INSERT INTO "ReminderSend" ("id", "periodId", "schoolId", "stage", "channel", "recipient", "text")
      SELECT * FROM unnest(${ids}::text[], ${batch.map((m) => m.periodId)}::text[], ${batch.map((m) => m.schoolId)}::text[],
                           ${batch.map((m) => m.stage)}::text[], ${batch.map((m) => m.channel)}::text[]::"ReminderChannel"[],
                           ${batch.map((m) => m.recipient)}::text[], ${batch.map((m) => m.text)}::text[])
      ON CONFLICT ("periodId", "schoolId", "stage", "channel") DO NOTHING
      RETURNING "id"`;
    const mine = new Set(rows.map((r) => r.id));
    ids.forEach((id, i) => mine.has(id) && claimed.set(start + i, id));
  }
  return claimed;
}

async function claim(prisma: Db, m: { periodId: string; schoolId: string; stage: string; channel: ReminderChannel; recipient: string; text: string }): Promise<string | undefined> {
  try {
    const row = await prisma.reminderSend.create({
      data: { periodId: m.periodId, schoolId: m.schoolId, stage: m.stage, channel: m.channel, recipient: m.recipient, text: m.text },
    });
    return row.id;
  } catch (err) {
    if (isUniqueViolation(err)) return undefined; // already claimed
    throw err;
  }
}

async function deliver(t: ReminderTransports, channel: ReminderChannel, recipient: string, text: string, subject: string): Promise<void> {
  if (channel === "zalo" || channel === "telegram") {
    if (!t.chat) throw new Error(`${channel} is not configured`);
    await t.chat(channel, recipient, text);
  } else {
    await t.email(recipient.split(/,\s*/), subject, text);
  }
}

async function record(prisma: Db, id: string, ok: boolean, error?: unknown): Promise<void> {
  await prisma.reminderSend.update({
    where: { id },
    data: ok
      ? { status: "sent", sentAt: new Date(), attempts: { increment: 1 }, error: null }
      : { status: "failed", attempts: { increment: 1 }, error: String((error as Error)?.message ?? error).slice(0, 500) },
  });
}

const subjectOf = (m: { schoolName: string; period: string }) => `Nhắc hạn nộp báo cáo – ${m.schoolName} (${m.period})`;

/** Messages per second per channel (chat platforms rate-limit bots; 429s are retried anyway). */
export type RateLimits = Partial<Record<ReminderChannel, number>>;

function throttled(t: ReminderTransports, rates: RateLimits): (channel: ReminderChannel, recipient: string, text: string, subject: string) => Promise<void> {
  const limited = new Map<ReminderChannel, typeof deliver>();
  for (const channel of ["zalo", "telegram", "email", "escalation"] as const) {
    const rate = rates[channel];
    limited.set(channel, rate ? (pThrottle({ limit: rate, interval: 1000 })(deliver) as typeof deliver) : deliver);
  }
  return (channel, recipient, text, subject) => limited.get(channel)!(t, channel, recipient, text, subject);
}

export async function sendReminders(
  prisma: Db,
  planned: PlannedMessage[],
  t: ReminderTransports,
  logger?: Logger,
  rates: RateLimits = {},
): Promise<SendSummary> {
  const summary: SendSummary = { sent: 0, skipped: 0, failed: 0, fellBack: 0 };
  const send = throttled(t, rates);
  const claimed = await claimAll(prisma, planned);
  summary.skipped = planned.length - claimed.size;
  for (const [index, id] of [...claimed].sort((a, b) => a[0] - b[0])) {
    const m = planned[index]!;
    try {
      await send(m.channel, m.recipient, m.text, subjectOf(m));
      await record(prisma, id, true);
      summary.sent++;
    } catch (err) {
      await record(prisma, id, false, err);
      summary.failed++;
      logger?.warn({ school: m.school, stage: m.stage, channel: m.channel, error: (err as Error).message }, "reminder send failed");
      if (m.fallbackEmail && (m.channel === "zalo" || m.channel === "telegram")) {
        const fid = await claim(prisma, { ...m, channel: "email", recipient: m.fallbackEmail });
        if (fid) {
          try {
            await send("email", m.fallbackEmail, m.text, subjectOf(m));
            await record(prisma, fid, true);
            summary.fellBack++;
          } catch (e) {
            await record(prisma, fid, false, e);
          }
        }
      }
    }
  }
  return summary;
}

/** Sends again what a crash left claimed but unsent (older than a few minutes). */
export async function resendStale(prisma: Db, t: ReminderTransports, now = new Date()): Promise<number> {
  const stale = await prisma.reminderSend.findMany({
    where: { status: "claimed", claimedAt: { lt: new Date(now.getTime() - STALE_CLAIM_MS) } },
    include: { school: true, period: true },
  });
  let sent = 0;
  for (const row of stale) {
    // Take it over: only one leader wins the update.
    const taken = await prisma.reminderSend.updateMany({ where: { id: row.id, status: "claimed", attempts: row.attempts }, data: { attempts: row.attempts + 1 } });
    if (taken.count !== 1) continue;
    try {
      await deliver(t, row.channel as ReminderChannel, row.recipient ?? "", row.text ?? "", subjectOf({ schoolName: row.school.name, period: row.period.code }));
      await prisma.reminderSend.update({ where: { id: row.id }, data: { status: "sent", sentAt: new Date() } });
      sent++;
    } catch (err) {
      await prisma.reminderSend.update({ where: { id: row.id }, data: { status: "failed", error: String((err as Error).message).slice(0, 500) } });
    }
  }
  return sent;
}

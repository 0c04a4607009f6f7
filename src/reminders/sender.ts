/**
 * Sends planned reminders exactly once per (period, school, stage, channel), a chunk at a time:
 * the chunk's rows are claimed (one INSERT … ON CONFLICT DO NOTHING, committed) before any of its
 * messages is sent, the messages go out concurrently (per-channel rate limits still apply), and
 * the outcomes are written by one UPDATE per chunk. A chat send that fails falls back to the
 * school's email (its own claimed row, in the same chunk). A crash between sending and recording
 * leaves at most one chunk's rows "claimed"; `resendStale` picks them up later, never duplicating
 * a row that was recorded.
 */
import { randomUUID } from "node:crypto";
import pThrottle from "p-throttle";
import type { Db } from "../db/client.ts";
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
/** Messages claimed, sent and recorded together: what a crash can leave "claimed" at most. */
const CHUNK = 500;
/** At the slowest configured rate a chunk still takes about this long at most — far below STALE_CLAIM_MS, so `resendStale` never takes over a row that is still being sent. */
const CHUNK_SECONDS = 60;
/** Sends in flight at once within a chunk (p-throttle still spaces them per channel). */
const CONCURRENCY = 16;

interface Claimable {
  periodId: string;
  schoolId: string;
  stage: string;
  channel: ReminderChannel;
  recipient: string;
  text: string;
}

/**
 * Claims many messages in one statement per batch (INSERT … ON CONFLICT DO NOTHING RETURNING):
 * returns the messages this caller claimed, with their row ids, in the given order.
 */
async function claimAll<M extends Claimable>(prisma: Db, messages: M[]): Promise<{ id: string; m: M }[]> {
  const claimed: { id: string; m: M }[] = [];
  for (let start = 0; start < messages.length; start += CLAIM_BATCH) {
    const batch = messages.slice(start, start + CLAIM_BATCH);
    const ids = batch.map(() => randomUUID());
    // The channels go as text[] and are cast in SQL: PGlite learns array types at start-up, so a
    // ReminderChannel[] parameter is unknown to it right after the migration that created the enum.
    const rows = await prisma.$queryRaw<{ id: string }[]>`
      INSERT INTO "ReminderSend" ("id", "periodId", "schoolId", "stage", "channel", "recipient", "text")
      SELECT * FROM unnest(${ids}::text[], ${batch.map((m) => m.periodId)}::text[], ${batch.map((m) => m.schoolId)}::text[],
                           ${batch.map((m) => m.stage)}::text[], ${batch.map((m) => m.channel)}::text[]::"ReminderChannel"[],
                           ${batch.map((m) => m.recipient)}::text[], ${batch.map((m) => m.text)}::text[])
      ON CONFLICT ("periodId", "schoolId", "stage", "channel") DO NOTHING
      RETURNING "id"`;
    const mine = new Set(rows.map((r) => r.id));
    ids.forEach((id, i) => mine.has(id) && claimed.push({ id, m: batch[i]! }));
  }
  return claimed;
}

interface Outcome {
  id: string;
  ok: boolean;
  error?: unknown;
  /** When the send finished. */
  at: Date;
}

const errorText = (error: unknown) => String((error as Error)?.message ?? error).slice(0, 500);

/**
 * Writes a chunk's outcomes in one statement. Only rows still "claimed" change: a result
 * recorded by someone else (a resend that took the row over) stands.
 */
async function recordAll(prisma: Db, outcomes: Outcome[], countAttempt: boolean): Promise<void> {
  if (!outcomes.length) return;
  const ids = outcomes.map((o) => o.id);
  const statuses = outcomes.map((o) => (o.ok ? "sent" : "failed"));
  const errors = outcomes.map((o) => (o.ok ? "" : errorText(o.error)));
  // ISO instants read back as UTC: the timestamp columns hold UTC whatever the session time zone.
  const sentAt = outcomes.map((o) => (o.ok ? o.at.toISOString() : ""));
  await prisma.$executeRaw`
    UPDATE "ReminderSend" AS r
    SET "status" = u.status::"ReminderStatus",
        "sentAt" = COALESCE(NULLIF(u.sent_at, '')::timestamptz AT TIME ZONE 'UTC', r."sentAt"),
        "error" = NULLIF(u.error, ''),
        "attempts" = r."attempts" + ${countAttempt ? 1 : 0}::int
    FROM unnest(${ids}::text[], ${statuses}::text[], ${errors}::text[], ${sentAt}::text[]) AS u(id, status, error, sent_at)
    WHERE r."id" = u.id AND r."status" = 'claimed'`;
}

async function deliver(t: ReminderTransports, channel: ReminderChannel, recipient: string, text: string, subject: string): Promise<void> {
  if (channel === "zalo" || channel === "telegram") {
    if (!t.chat) throw new Error(`${channel} is not configured`);
    await t.chat(channel, recipient, text);
  } else {
    await t.email(recipient.split(/,\s*/), subject, text);
  }
}

/** Runs `fn` over `items` with at most `limit` calls in flight. */
async function eachConcurrently<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Sends each message, never throwing: the outcome says whether it went out. */
async function sendEach<M>(items: { id: string; m: M }[], send: (m: M) => Promise<void>, onOutcome: (o: Outcome, m: M) => void): Promise<void> {
  await eachConcurrently(items, CONCURRENCY, async ({ id, m }) => {
    try {
      await send(m);
      onOutcome({ id, ok: true, at: new Date() }, m);
    } catch (error) {
      onOutcome({ id, ok: false, error, at: new Date() }, m);
    }
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

/** The chunk size for these rates: CHUNK, or fewer when the slowest channel could not send CHUNK messages in CHUNK_SECONDS. */
export function chunkSize(rates: RateLimits): number {
  const slowest = Math.min(...Object.values(rates).filter((r): r is number => typeof r === "number" && r > 0));
  return Number.isFinite(slowest) ? Math.max(1, Math.min(CHUNK, Math.floor(slowest * CHUNK_SECONDS))) : CHUNK;
}

const isChat = (c: ReminderChannel): c is "zalo" | "telegram" => c === "zalo" || c === "telegram";

export async function sendReminders(
  prisma: Db,
  planned: PlannedMessage[],
  t: ReminderTransports,
  logger?: Logger,
  rates: RateLimits = {},
  opts: { /** Messages per chunk (default: `chunkSize(rates)`). */ chunk?: number } = {},
): Promise<SendSummary> {
  const summary: SendSummary = { sent: 0, skipped: 0, failed: 0, fellBack: 0 };
  const send = throttled(t, rates);
  const size = Math.max(1, opts.chunk ?? chunkSize(rates));
  for (let start = 0; start < planned.length; start += size) {
    const chunk = planned.slice(start, start + size);
    const claimed = await claimAll(prisma, chunk); // committed before anything of the chunk is sent
    summary.skipped += chunk.length - claimed.length;
    const outcomes: Outcome[] = [];
    const fallbacks: PlannedMessage[] = [];
    await sendEach(claimed, (m) => send(m.channel, m.recipient, m.text, subjectOf(m)), (o, m) => {
      outcomes.push(o);
      if (o.ok) {
        summary.sent++;
        return;
      }
      summary.failed++;
      logger?.warn({ school: m.school, stage: m.stage, channel: m.channel, error: errorText(o.error) }, "reminder send failed");
      if (m.fallbackEmail && isChat(m.channel)) fallbacks.push({ ...m, channel: "email", recipient: m.fallbackEmail, fallbackEmail: undefined });
    });
    if (fallbacks.length) {
      const fallbackClaims = await claimAll(prisma, fallbacks); // also claimed before sending
      await sendEach(fallbackClaims, (m) => send("email", m.recipient, m.text, subjectOf(m)), (o) => {
        outcomes.push(o);
        if (o.ok) summary.fellBack++;
      });
    }
    await recordAll(prisma, outcomes, true);
  }
  return summary;
}

/** Sends again what a crash left claimed but unsent (older than a few minutes), a chunk at a time. */
export async function resendStale(prisma: Db, t: ReminderTransports, now = new Date(), rates: RateLimits = {}): Promise<number> {
  const stale = await prisma.reminderSend.findMany({
    where: { status: "claimed", claimedAt: { lt: new Date(now.getTime() - STALE_CLAIM_MS) } },
    select: { id: true, attempts: true, channel: true, recipient: true, text: true, school: { select: { name: true } }, period: { select: { code: true } } },
    orderBy: { claimedAt: "asc" },
  });
  const send = throttled(t, rates);
  const size = chunkSize(rates);
  let sent = 0;
  for (let start = 0; start < stale.length; start += size) {
    const chunk = stale.slice(start, start + size);
    // Take them over in one statement: a row whose attempts moved on was taken by another leader.
    const taken = await prisma.$queryRaw<{ id: string }[]>`
      UPDATE "ReminderSend" AS r SET "attempts" = r."attempts" + 1
      FROM unnest(${chunk.map((r) => r.id)}::text[], ${chunk.map((r) => String(r.attempts))}::text[]::int[]) AS u(id, attempts)
      WHERE r."id" = u.id AND r."status" = 'claimed' AND r."attempts" = u.attempts
      RETURNING r."id"`;
    const mine = new Set(taken.map((r) => r.id));
    const outcomes: Outcome[] = [];
    await sendEach(
      chunk.filter((r) => mine.has(r.id)).map((row) => ({ id: row.id, m: row })),
      (row) => send(row.channel as ReminderChannel, row.recipient ?? "", row.text ?? "", subjectOf({ schoolName: row.school.name, period: row.period.code })),
      (o) => {
        outcomes.push(o);
        if (o.ok) sent++;
      },
    );
    await recordAll(prisma, outcomes, false); // the takeover counted the attempt
  }
  return sent;
}

/**
 * Webhook updates are stored before the platform gets its 200 ("nothing is lost"): a row per
 * (channel, update id), processed from the store, marked done or failed. A redelivered update
 * (same id) is stored once, whichever replica it reaches. Three statements per update: store +
 * claim (attempts 1: the replica that stored it runs it), identify (bot/middleware/record.ts),
 * and replies + outcome together (`finish`).
 *
 * After a crash: a pending row is taken over (attempts n → n+1, conditional, so two replicas never
 * both take it) by the sweep once it is STALE_MS old. When this process is the only one that can
 * open the database (PGlite: its data directory is locked), every pending row found at start was
 * left by a crash of this service: all are replayed at once.
 */
import { randomUUID } from "node:crypto";
import type { Update } from "grammy/types";
import type { Db } from "../../db/client.ts";
import { sqlOf } from "../../db/sql.ts";
import type { Logger } from "../../logger.ts";
import type { ChannelName } from "../../bot/context.ts";

/** A reply the pipeline sent while handling a stored update: recorded with the update's outcome. */
export interface SentReply {
  conversationId: string;
  externalId: string | null;
  text: string;
  createdAt: Date;
}

/** One run of a stored update through the pipeline. */
export interface StoredRun {
  /** Set when the update comes back after a crash: its inbound message may already be recorded. */
  replay: boolean;
  /** Replies sent so far; written in the same statement as the outcome. */
  replies: SentReply[];
}

const runs = new WeakMap<object, StoredRun>();
/** The stored run a grammY update belongs to (undefined for web/CLI chats, which have no store). */
export const storedRunOf = (update: object): StoredRun | undefined => runs.get(update);
export const isReplay = (update: object): boolean => runs.get(update)?.replay ?? false;

/** Ties a grammY update to its stored run (see bot/middleware/record.ts) and returns it. */
export function bindRun(update: Update, run: StoredRun): Update {
  runs.set(update, run);
  return update;
}

/** Handles one stored payload within `run`. */
export type UpdateHandler = (payload: unknown, run: StoredRun) => Promise<void>;

export interface StoredUpdate {
  id: string;
  payload: unknown;
  attempts?: number;
  /** Claimed when stored (a sole process): no separate claim. */
  claimed?: boolean;
}

/** A claimed update still pending after this long was cut off by a crash. */
export const STALE_MS = 2 * 60_000;
const MAX_ATTEMPTS = 3;

export class UpdateStore {
  private readonly prisma: Db;
  private readonly logger: Logger;
  private readonly soleProcess: boolean;

  constructor(prisma: Db, logger: Logger, opts: { soleProcess?: boolean } = {}) {
    this.prisma = prisma;
    this.logger = logger;
    this.soleProcess = opts.soleProcess ?? false;
  }

  /** Stores the update, claimed by this replica; `undefined` when the same update id was stored before (a redelivery). */
  async accept(channel: ChannelName, updateId: string, payload: unknown): Promise<StoredUpdate | undefined> {
    // The hottest statement of the chat path: straight to the driver (db/sql.ts).
    const rows = await sqlOf(this.prisma).query<{ id: string }>(
      `INSERT INTO "InboundUpdate" ("id", "channel", "updateId", "payload", "attempts", "createdAt")
       VALUES ($1, $2::text::"Channel", $3, $4::jsonb, 1, $5::timestamp(3))
       ON CONFLICT ("channel", "updateId") DO NOTHING
       RETURNING "id"`,
      [randomUUID(), channel, updateId.slice(0, 200), JSON.stringify(payload), new Date().toISOString()],
      "chat_accept",
    );
    return rows[0] ? { id: rows[0].id, payload, claimed: true } : undefined;
  }

  /** Runs a stored update through `handle` and records the outcome; never throws. */
  async process(stored: StoredUpdate, handle: UpdateHandler, replay = false): Promise<void> {
    if (!stored.claimed) {
      const seen = stored.attempts ?? 0;
      const claimed = await this.prisma.inboundUpdate.updateMany({ where: { id: stored.id, status: "pending", attempts: seen }, data: { attempts: seen + 1 } });
      if (!claimed.count) return; // another replica took it
    }
    const run: StoredRun = { replay, replies: [] };
    let error: string | null = null;
    try {
      await handle(stored.payload, run);
    } catch (err) {
      this.logger.error({ err, updateId: stored.id }, "stored update failed");
      error = String((err as Error)?.message ?? err).slice(0, 500);
    }
    await this.finish(stored.id, run.replies, error).catch((e: unknown) => this.logger.error({ err: e, updateId: stored.id }, "could not record an update's outcome"));
  }

  /** The replies sent and the outcome, in one statement. */
  private async finish(id: string, replies: SentReply[], error: string | null): Promise<void> {
    // Straight to the driver (db/sql.ts); dates as ISO text.
    await sqlOf(this.prisma).query(
      `WITH replies AS (
         INSERT INTO "ChatMessage" ("id", "conversationId", "direction", "externalId", "text", "createdAt")
         SELECT r.id, r.conversation, 'out'::"MessageDirection", r.external, r.text, r.at::timestamp(3)
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS r(id, conversation, external, text, at)
         ON CONFLICT ("conversationId", "direction", "externalId") DO NOTHING
       )
       UPDATE "InboundUpdate"
       SET "status" = $6::text::"UpdateStatus", "processedAt" = $7::timestamp(3), "error" = $8::text
       WHERE "id" = $9`,
      [
        replies.map(() => randomUUID()),
        replies.map((r) => r.conversationId),
        replies.map((r) => r.externalId),
        replies.map((r) => r.text),
        replies.map((r) => r.createdAt.toISOString()),
        error === null ? "done" : "failed",
        error === null ? new Date().toISOString() : null,
        error,
        id,
      ],
      "chat_finish",
    );
  }

  /**
   * Updates of `channel` a crash left pending, oldest first, handed to `handle` once each: those
   * never started, and those started more than STALE_MS ago (a replica is not that slow).
   */
  async replayPending(channel: ChannelName, handle: UpdateHandler, now = new Date(), opts: { atStart?: boolean } = {}): Promise<number> {
    const leftByCrash = this.soleProcess && opts.atStart ? {} : { OR: [{ attempts: 0 }, { createdAt: { lt: new Date(now.getTime() - STALE_MS) } }] };
    const pending = await this.prisma.inboundUpdate.findMany({
      where: { channel, status: "pending", attempts: { lt: MAX_ATTEMPTS }, ...leftByCrash },
      orderBy: { createdAt: "asc" },
      select: { id: true, payload: true, attempts: true },
      take: 500,
    });
    for (const row of pending) await this.process({ ...row, claimed: false }, handle, true);
    if (pending.length) this.logger.warn({ channel, updates: pending.length }, "replayed updates left pending by a crash");
    return pending.length;
  }
}



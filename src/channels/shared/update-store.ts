/**
 * Webhook updates are stored before the platform gets its 200 ("nothing is lost"): a row per
 * (channel, update id), processed from the store, marked done or failed. A redelivered update
 * (same id) is stored once. Processing first claims the row (attempts 0 → 1, so two replicas
 * never both take it); updates a crash left pending are replayed at the next start (never
 * started) and by a sweep once they are older than STALE_MS (started, never finished).
 *
 * When this process is the only one that can open the database (PGlite: the data directory is
 * locked), an update is claimed as it is stored (one statement less per update), and every
 * pending row found at start was left by a crash of this service: all are replayed at once.
 */
import type { Update } from "grammy/types";
import type { Db } from "../../db/client.ts";
import { isUniqueViolation } from "../../db/errors.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Logger } from "../../logger.ts";
import type { ChannelName } from "../../bot/context.ts";

/** Updates handed to the pipeline again after a crash: their inbound message may already be recorded. */
const replays = new WeakSet<object>();
export const isReplay = (update: object): boolean => replays.has(update);

/** Handles one stored payload; `replay` is set when it comes back after a crash. */
export type UpdateHandler = (payload: unknown, replay: boolean) => Promise<void>;

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

  /** Stores the update; `undefined` when the same update id was stored before (a redelivery). */
  async accept(channel: ChannelName, updateId: string, payload: unknown): Promise<StoredUpdate | undefined> {
    try {
      const attempts = this.soleProcess ? 1 : 0;
      const row = await this.prisma.inboundUpdate.create({ data: { channel, updateId: updateId.slice(0, 200), payload: payload as Prisma.InputJsonValue, attempts }, select: { id: true } });
      return { id: row.id, payload, claimed: this.soleProcess };
    } catch (err) {
      if (isUniqueViolation(err)) return undefined;
      throw err;
    }
  }

  /** Runs a stored update through `handle` and records the outcome; never throws. */
  async process(stored: StoredUpdate, handle: UpdateHandler, replay = false): Promise<void> {
    if (!stored.claimed) {
      const seen = stored.attempts ?? 0;
      const claimed = await this.prisma.inboundUpdate.updateMany({ where: { id: stored.id, status: "pending", attempts: seen }, data: { attempts: seen + 1 } });
      if (!claimed.count) return; // another replica took it
    }
    try {
      await handle(stored.payload, replay);
      await this.prisma.inboundUpdate.update({ where: { id: stored.id }, data: { status: "done", processedAt: new Date() } });
    } catch (err) {
      this.logger.error({ err, updateId: stored.id }, "stored update failed");
      await this.prisma.inboundUpdate
        .update({ where: { id: stored.id }, data: { status: "failed", error: String((err as Error)?.message ?? err).slice(0, 500) } })
        .catch((e: unknown) => this.logger.error({ err: e, updateId: stored.id }, "could not record a failed update"));
    }
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
    for (const row of pending) await this.process(row, handle, true);
    if (pending.length) this.logger.warn({ channel, updates: pending.length }, "replayed updates left pending by a crash");
    return pending.length;
  }
}

/** Marks a grammY update as a replay when it is one (see bot/middleware/record.ts) and returns it. */
export function markReplay(update: Update, replay: boolean): Update {
  if (replay) replays.add(update);
  return update;
}

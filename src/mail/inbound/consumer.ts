/**
 * The district mailbox consumer (imapflow): processes every message in INBOX, then waits with
 * IDLE and also re-checks on a timer (IDLE connections die silently); a dropped connection is
 * re-opened with growing delays, each reconnect logged. Processed messages move to a folder
 * ("Đã xử lý"), those needing a person to another ("Cần xem xét"); nothing is deleted. A message
 * whose processing throws stays in INBOX and is retried until it is quarantined.
 *
 * Memory: messages are handled one at a time, and a message's size and structure are read before
 * its bytes. One above the message limit (MAIL_MAX_MESSAGE_MB) is never downloaded: only its
 * header block and (when small) its text part are fetched, and a truncated record is stored.
 */
import { ImapFlow } from "imapflow";
import type { Logger } from "../../logger.ts";
import { IngestCache, ingestOversized, ingestRaw, messageLimit, normalMessageId, type IngestDeps } from "./ingest.ts";
import { decodePart, MAX_HEADER_BYTES, MAX_TEXT_PART_BYTES, partsOf, type StructureNode } from "./oversized.ts";
import { inLanes } from "./lanes.ts";
import { REVIEW_STATUSES } from "./awaiting-review.ts";

export interface MailboxConfig {
  url: string;
  allowPlain: boolean;
  processedFolder: string;
  reviewFolder: string;
  recheckSeconds: number;
  /** How often decided mail is moved out of the review folder (default once a minute). */
  tidyIntervalMs?: number;
}

const TO_REVIEW: ReadonlySet<string> = new Set(REVIEW_STATUSES);

/** Messages whose size and structure are read with one FETCH. */
const META_BATCH = 500;
/** Bytes of messages fetched with one FETCH and held at once; a larger message comes alone. */
const GROUP_BYTES = 8 * 1024 * 1024;
const GROUP_MESSAGES = 50;
/** Mails ingested at the same time (different schools; one school's mails one after another). */
const PARALLEL = 4;

interface Meta {
  uid: number;
  size: number;
  receivedAt: Date;
  structure?: StructureNode;
  /** The sender's address (envelope), to keep one school's mails in order. */
  from?: string;
  /** Its Message-ID (envelope), to know a mail an earlier run did not finish. */
  messageId?: string;
}

/** Consecutive messages in groups of at most GROUP_BYTES and GROUP_MESSAGES (a message above the limit is never fetched: its size does not count). */
function* groupsOf(metas: Meta[], limit: number): Generator<Meta[]> {
  let group: Meta[] = [];
  let bytes = 0;
  for (const m of metas) {
    const size = m.size > limit ? 0 : m.size;
    if (group.length && (bytes + size > GROUP_BYTES || group.length >= GROUP_MESSAGES)) {
      yield group;
      [group, bytes] = [[], 0];
    }
    group.push(m);
    bytes += size;
  }
  if (group.length) yield group;
}

export class MailboxConsumer {
  private client?: ImapFlow;
  private stopped = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  reconnects = 0;

  private readonly cfg: MailboxConfig;
  private readonly deps: IngestDeps & { logger: Logger };
  /** Runs a pass only where this replica leads (one consumer per mailbox). */
  private readonly lead: <T>(fn: () => Promise<T>) => Promise<T | undefined>;

  constructor(cfg: MailboxConfig, deps: IngestDeps & { logger: Logger }, lead: <T>(fn: () => Promise<T>) => Promise<T | undefined> = (fn) => fn()) {
    this.cfg = cfg;
    this.deps = deps;
    this.lead = lead;
  }

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.client?.logout().catch(() => undefined);
    await this.loop;
  }

  private connection(): ImapFlow {
    const u = new URL(this.cfg.url);
    const secure = u.protocol === "imaps:";
    const loopback = ["127.0.0.1", "localhost", "::1", "[::1]"].includes(u.hostname);
    const plain = !secure && this.cfg.allowPlain && loopback;
    return new ImapFlow({
      host: u.hostname,
      port: Number(u.port) || (secure ? 993 : 143),
      secure,
      doSTARTTLS: plain ? false : secure ? undefined : true,
      auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) },
      logger: false,
      // imapflow waits 15 s before IDLE by default; new mail must be noticed at once.
      // (A periodic re-check below covers IDLE connections that die silently.)
    });
  }

  private async run(): Promise<void> {
    let delay = 1_000;
    while (!this.stopped) {
      const client = this.connection();
      this.client = client;
      try {
        await client.connect();
        delay = 1_000;
        for (const folder of [this.cfg.processedFolder, this.cfg.reviewFolder]) {
          // A folder that exists already is fine; anything else (no permission, quota) is said.
          await client.mailboxCreate(folder).catch((err: { serverResponseCode?: string; message?: string }) => {
            if (err?.serverResponseCode !== "ALREADYEXISTS") this.deps.logger.error({ err, folder }, "imap: could not create a folder; mail cannot be filed into it");
          });
        }
        const closed = new Promise<void>((r) => client.once("close", () => r()));
        client.on("exists", () => this.wake?.());
        client.on("error", (err: Error) => this.deps.logger.warn({ error: err.message }, "imap connection error"));
        while (!this.stopped && client.usable) {
          // The review folder first: INBOX must be the selected mailbox while we wait (IDLE watches it).
          await this.lead(async () => {
            await this.tidyReviewFolder(client);
            return this.processInbox(client);
          });
          await Promise.race([closed, new Promise<void>((r) => {
            this.wake = r;
            setTimeout(r, this.cfg.recheckSeconds * 1000).unref();
          })]);
          await client.noop().catch(() => undefined);
        }
      } catch (err) {
        if (this.stopped) break;
        this.deps.logger.warn({ error: (err as Error).message, retryInMs: delay }, "imap connection failed");
      }
      if (this.stopped) break;
      this.reconnects++;
      this.deps.logger.info({ reconnects: this.reconnects, inMs: delay }, "imap reconnecting");
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 60_000);
    }
  }

  private lastTidy = 0;

  /**
   * Mail an officer has decided in the dashboard (accepted or rejected) leaves "Cần xem xét" for
   * "Đã xử lý", so the folder shows only what still waits for a person. At most once a minute.
   */
  async tidyReviewFolder(client: ImapFlow): Promise<number> {
    if (Date.now() - this.lastTidy < (this.cfg.tidyIntervalMs ?? 60_000)) return 0;
    this.lastTidy = Date.now();
    const lock = await client.getMailboxLock(this.cfg.reviewFolder);
    try {
      if (!client.mailbox || !client.mailbox.exists) return 0;
      const byMessageId = new Map<string, number>();
      for await (const msg of client.fetch("1:*", { envelope: true, uid: true })) {
        if (msg.envelope?.messageId) byMessageId.set(msg.envelope.messageId, msg.uid);
        if (byMessageId.size >= 2_000) break;
      }
      if (!byMessageId.size) return 0;
      const resolved = await this.deps.prisma.inboundEmail.findMany({ where: { messageId: { in: [...byMessageId.keys()] }, resolvedAt: { not: null } }, select: { messageId: true } });
      const uids = resolved.map((r) => byMessageId.get(r.messageId!)!).filter(Boolean);
      if (uids.length) await client.messageMove(uids.join(","), this.cfg.processedFolder, { uid: true });
      return uids.length;
    } catch (err) {
      this.deps.logger.warn({ error: (err as Error).message }, "review folder tidy failed");
      return 0;
    } finally {
      lock.release();
    }
  }

  /**
   * One pass over every message in INBOX (handled mail always leaves it, so whatever is there is
   * still to do — also a message someone opened in a mail client, or one a crash left flagged but
   * not moved: ingestion is idempotent and says where it was filed the first time). Returns how
   * many were handled.
   *
   * Size, date, structure and sender of every message are read first, in one FETCH; then the
   * bytes of a group of messages (at most GROUP_BYTES together; a larger one alone) in one
   * FETCH; the group is ingested several mails at a time — one school's mails in the order they
   * arrived, so its versions are numbered in that order — and moved with one command per folder.
   * A crash before the move leaves the group in INBOX: the next pass finds each mail already
   * done and moves it where it went the first time.
   */
  async processInbox(client: ImapFlow): Promise<number> {
    const lock = await client.getMailboxLock("INBOX");
    let handled = 0;
    try {
      const uids = (await client.search({ all: true }, { uid: true })) || [];
      for (let i = 0; i < uids.length && !this.stopped; i += META_BATCH) {
        const metas: Meta[] = [];
        for await (const m of client.fetch(uids.slice(i, i + META_BATCH).join(","), { uid: true, size: true, internalDate: true, bodyStructure: true, envelope: true }, { uid: true })) {
          metas.push({ uid: m.uid, size: m.size ?? 0, receivedAt: m.internalDate instanceof Date ? m.internalDate : new Date(), structure: m.bodyStructure, from: m.envelope?.from?.[0]?.address?.toLowerCase(), messageId: normalMessageId(m.envelope?.messageId) });
        }
        metas.sort((a, b) => a.uid - b.uid);
        for (const group of groupsOf(metas, messageLimit(this.deps))) {
          if (this.stopped) break;
          handled += await this.processGroup(client, group);
        }
      }
    } finally {
      lock.release();
    }
    return handled;
  }

  private async processGroup(client: ImapFlow, group: Meta[]): Promise<number> {
    const limit = messageLimit(this.deps);
    const sources = new Map<number, Buffer>();
    const whole = group.filter((m) => m.size <= limit).map((m) => m.uid);
    if (whole.length) {
      for await (const msg of client.fetch(whole.join(","), { uid: true, source: true }, { uid: true })) if (msg.source) sources.set(msg.uid, msg.source);
    }
    const cache = new IngestCache();
    const schools = await cache.schools(this.deps.prisma);
    // One lane per school (by the sender's registered address), else per sender.
    const laneOf = (m: Meta) => (m.from ? schools.find((s) => s.emails.includes(m.from!))?.id ?? m.from : `uid:${m.uid}`);
    const folders = new Map<string, number[]>();
    const handle = async (meta: Meta) => {
      let status: string;
      try {
        if (meta.size > limit) {
          status = (await ingestOversized(this.deps, await this.oversized(client, meta.uid, meta.size, meta.structure), meta.receivedAt, cache)).status;
        } else {
          const source = sources.get(meta.uid);
          if (!source) return; // gone from INBOX meanwhile
          sources.delete(meta.uid);
          status = (await ingestRaw(this.deps, source, meta.receivedAt, cache)).status;
        }
      } catch (err) {
        this.deps.logger.warn({ error: (err as Error).message, uid: meta.uid }, "imap: message not ingested; it stays in INBOX and is tried again");
        return; // stays in INBOX; attempts counted; quarantined after the last one
      }
      const folder = TO_REVIEW.has(status) ? this.cfg.reviewFolder : this.cfg.processedFolder;
      folders.set(folder, [...(folders.get(folder) ?? []), meta.uid]);
    };
    // Mails an earlier run started but did not finish (a crash, a kill) go first, one at a time:
    // one that brings the process down then does so alone, and only it is quarantined after its
    // last attempt — not the mails that happened to be read beside it.
    const ids = group.map((m) => m.messageId).filter((id): id is string => !!id);
    const unfinished = new Set(ids.length ? (await this.deps.prisma.inboundEmail.findMany({ where: { messageId: { in: ids }, status: "stored" }, select: { messageId: true } })).map((r) => r.messageId!) : []);
    for (const meta of group.filter((m) => m.messageId && unfinished.has(m.messageId))) await handle(meta);
    await inLanes(group.filter((m) => !m.messageId || !unfinished.has(m.messageId)), laneOf, PARALLEL, handle);
    let moved = 0;
    for (const [folder, uids] of folders) {
      const set = uids.sort((a, b) => a - b).join(",");
      await client.messageFlagsAdd(set, ["\\Seen"], { uid: true });
      await client.messageMove(set, folder, { uid: true });
      moved += uids.length;
    }
    return moved;
  }

  /** What is kept of a message above the limit: its header block, its files' names and sizes, its text part when small. */
  private async oversized(client: ImapFlow, uid: number, size: number, structure: StructureNode | undefined) {
    const { parts, text } = partsOf(structure);
    const small = text?.part && (text.size ?? Infinity) <= MAX_TEXT_PART_BYTES ? text : undefined;
    const msg = await client.fetchOne(String(uid), { headers: true, ...(small ? { bodyParts: [small.part!] } : {}) }, { uid: true });
    const header = (msg && msg.headers) || Buffer.alloc(0);
    const body = small && msg ? msg.bodyParts?.get(small.part!.toLowerCase()) ?? msg.bodyParts?.get(small.part!) : undefined;
    const decoded = body ? await decodePart(body, small!).catch(() => undefined) : undefined;
    return { header: header.subarray(0, MAX_HEADER_BYTES), size, parts, text: decoded };
  }
}

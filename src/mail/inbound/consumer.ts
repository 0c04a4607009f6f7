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
import { ingestOversized, ingestRaw, messageLimit, type IngestDeps } from "./ingest.ts";
import { decodePart, MAX_HEADER_BYTES, MAX_TEXT_PART_BYTES, partsOf, type StructureNode } from "./oversized.ts";
import { REVIEW_STATUSES } from "./review.ts";

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
   */
  async processInbox(client: ImapFlow): Promise<number> {
    const lock = await client.getMailboxLock("INBOX");
    let handled = 0;
    try {
      const uids = (await client.search({ all: true }, { uid: true })) || [];
      for (const uid of uids) {
        if (this.stopped) break;
        // Size and structure first: nothing of a message is downloaded before its size is known.
        const meta = await client.fetchOne(String(uid), { size: true, internalDate: true, bodyStructure: true }, { uid: true });
        if (!meta) continue;
        const receivedAt = meta.internalDate instanceof Date ? meta.internalDate : new Date();
        let status: string;
        try {
          if ((meta.size ?? 0) > messageLimit(this.deps)) {
            status = (await ingestOversized(this.deps, await this.oversized(client, uid, meta.size!, meta.bodyStructure), receivedAt)).status;
          } else {
            const msg = await client.fetchOne(String(uid), { source: true }, { uid: true });
            if (!msg || !msg.source) continue;
            status = (await ingestRaw(this.deps, msg.source, receivedAt)).status;
          }
        } catch (err) {
          this.deps.logger.warn({ error: (err as Error).message, uid }, "imap: message not ingested; it stays in INBOX and is tried again");
          continue; // stays in INBOX; attempts counted; quarantined after the last one
        }
        const folder = TO_REVIEW.has(status) ? this.cfg.reviewFolder : this.cfg.processedFolder;
        await client.messageFlagsAdd(String(uid), ["\\Seen"], { uid: true });
        await client.messageMove(String(uid), folder, { uid: true });
        handled++;
      }
    } finally {
      lock.release();
    }
    return handled;
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

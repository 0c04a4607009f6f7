/**
 * Outgoing mail through a persisted outbox: a message is stored first, then sent by a loop
 * that retries with growing delays (30 s, 1 min, 2 min … up to 1 h) and gives up after
 * `maxAttempts`, recording each error. Sending never blocks a chat; a restart loses nothing;
 * a row is claimed before sending so two replicas never send it twice.
 */
import type { Transporter } from "nodemailer";
import type { Db } from "../../db/client.ts";
import type { Logger } from "../../logger.ts";
import { randomUUID } from "node:crypto";
import { Prisma, type OutboundKind } from "../../generated/prisma/client.ts";
import { isUniqueViolation } from "../../db/errors.ts";

export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface OutgoingMail {
  kind: OutboundKind;
  to: string[];
  subject: string;
  text: string;
  attachments?: OutgoingAttachment[];
  reportId?: string;
  /** A message with a key is queued at most once (a second enqueue is ignored). */
  dedupeKey?: string;
  /** For replies: the Message-ID answered, and the thread. */
  threading?: { inReplyTo?: string; references?: string[] };
}

export interface OutboxOptions {
  from: string;
  maxAttempts?: number;
  logger: Logger;
  /** First retry delay in ms (doubles each attempt, capped at 1 h). */
  baseDelayMs?: number;
}

export class Outbox {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;

  private readonly prisma: Db;
  private readonly transport: Transporter | undefined;
  private readonly opts: OutboxOptions;

  constructor(
    prisma: Db,
    transport: Transporter | undefined,
    opts: OutboxOptions,
  ) {
    this.prisma = prisma;
    this.transport = transport;
    this.opts = opts;
  }

  /**
   * The message's row as one part (a CTE) of a statement that writes more with it — a mail's
   * receipt written with the mail's outcome. A dedupe key already queued inserts nothing. Call
   * `kick()` once the statement is done.
   */
  static insertSql(mail: OutgoingMail): Prisma.Sql {
    const attachments = (mail.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, contentBase64: a.content.toString("base64") }));
    return Prisma.sql`INSERT INTO "OutboundEmail" ("id", "kind", "to", "subject", "text", "attachments", "reportId", "threading", "dedupeKey", "nextAttemptAt")
      VALUES (${randomUUID()}, ${mail.kind}::"OutboundKind", ${mail.to}::text[], ${mail.subject}, ${mail.text}, ${JSON.stringify(attachments)}::jsonb, ${mail.reportId ?? null},
        ${mail.threading ? JSON.stringify(mail.threading) : null}::jsonb, ${mail.dedupeKey ?? null}, now() AT TIME ZONE 'UTC')
      ON CONFLICT DO NOTHING`;
  }

  /** Queues a message; returns its id, or undefined when its dedupe key was already queued. */
  async enqueue(mail: OutgoingMail): Promise<string | undefined> {
    let row: { id: string };
    try {
      row = await this.prisma.outboundEmail.create({
        select: { id: true },
      data: {
        kind: mail.kind,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        reportId: mail.reportId,
        dedupeKey: mail.dedupeKey,
        threading: mail.threading ? (mail.threading as Prisma.InputJsonValue) : undefined,
        attachments: (mail.attachments ?? []).map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          contentBase64: a.content.toString("base64"),
        })) as Prisma.InputJsonValue,
        nextAttemptAt: new Date(),
      },
      });
    } catch (err) {
      // The same dedupe key queued by someone else, even at the same instant: one message only.
      if (mail.dedupeKey && isUniqueViolation(err)) return undefined;
      throw err;
    }
    this.kick();
    return row.id;
  }

  /** Sends what is due now, one message at a time. */
  async processDue(): Promise<{ sent: number; failed: number }> {
    let sent = 0;
    let failed = 0;
    if (!this.transport) return { sent, failed };
    for (;;) {
      // Retry timing is real time, not the business clock (CLOCK_NOW may pin that).
      const now = new Date();
      const due = await this.prisma.outboundEmail.findFirst({
        where: { status: "pending", nextAttemptAt: { lte: now } },
        orderBy: { nextAttemptAt: "asc" },
      });
      if (!due) return { sent, failed };
      // Claim: bump the attempt counter only if nobody else did; push the next try away meanwhile.
      const claimed = await this.prisma.outboundEmail.updateMany({
        where: { id: due.id, status: "pending", attempts: due.attempts },
        data: { attempts: due.attempts + 1, nextAttemptAt: new Date(now.getTime() + 10 * 60_000) },
      });
      if (claimed.count !== 1) continue;
      try {
        const attachments = ((due.attachments ?? []) as { filename: string; contentType: string; contentBase64: string }[]).map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: Buffer.from(a.contentBase64, "base64"),
        }));
        const threading = (due.threading ?? {}) as { inReplyTo?: string; references?: string[] };
        const info = await this.transport.sendMail({
          from: this.opts.from,
          to: due.to,
          subject: due.subject,
          text: due.text,
          attachments,
          inReplyTo: threading.inReplyTo,
          references: threading.references,
          // RFC 3834: an automatic reply must say so, so the other side's robots do not answer it.
          headers: { "Auto-Submitted": due.kind === "reply" ? "auto-replied" : "auto-generated" },
        });
        await this.prisma.outboundEmail.update({
          where: { id: due.id },
          data: { status: "sent", sentAt: new Date(), messageId: info.messageId, lastError: null },
        });
        sent++;
      } catch (err) {
        const attempts = due.attempts + 1;
        const giveUp = attempts >= (this.opts.maxAttempts ?? 8);
        const delay = Math.min((this.opts.baseDelayMs ?? 30_000) * 2 ** (attempts - 1), 3_600_000);
        await this.prisma.outboundEmail.update({
          where: { id: due.id },
          data: {
            status: giveUp ? "failed" : "pending",
            lastError: String((err as Error).message ?? err).slice(0, 500),
            nextAttemptAt: new Date(Date.now() + delay),
          },
        });
        if (!giveUp) setTimeout(() => this.kick(), delay + 10).unref();
        this.opts.logger.warn({ outboundEmailId: due.id, attempts, giveUp, error: (err as Error).message }, "email send failed");
        failed++;
      }
    }
  }

  /** Runs processDue now (coalesced with a run in progress). */
  kick(): void {
    if (this.running || !this.transport || this.stopped) return;
    this.running = this.processDue()
      .catch((err: unknown) => this.opts.logger.error({ err }, "outbox run failed"))
      .finally(() => (this.running = undefined));
  }

  start(intervalMs = 30_000): void {
    if (!this.transport) {
      this.opts.logger.warn("SMTP is not configured (SMTP_URL): emails wait in the outbox");
      return;
    }
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    this.transport?.close();
  }
}

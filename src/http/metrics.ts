/**
 * Prometheus metrics (prom-client), one registry per service: chat updates and replies per
 * channel, mails by outcome, reminders by channel and result, and — read from the database at
 * scrape time — the depths of the queues an operator watches (outbox, review, stored updates).
 * GET /metrics answers loopback callers, or anyone presenting METRICS_TOKEN as a bearer token.
 */
import { Router } from "express";
import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";
import type { Db } from "../db/client.ts";
import { secretMatches } from "../channels/shared/secret.ts";

export class Metrics {
  readonly registry = new Registry();
  private readonly updates = new Counter({ name: "cds_chat_updates_total", help: "Chat updates received, by channel", labelNames: ["channel"], registers: [this.registry] });
  private readonly replies = new Counter({ name: "cds_chat_replies_total", help: "Chat replies sent, by channel", labelNames: ["channel"], registers: [this.registry] });
  private readonly mails = new Counter({ name: "cds_mails_total", help: "Mails read from the mailbox, by outcome (filed, review, rejected, answered, ignored, duplicate, quarantined, failed)", labelNames: ["outcome"], registers: [this.registry] });
  private readonly reminders = new Counter({ name: "cds_reminders_total", help: "Reminders, by result (sent, failed, fell_back, skipped)", labelNames: ["result"], registers: [this.registry] });

  constructor(prisma?: Db) {
    collectDefaultMetrics({ register: this.registry, prefix: "cds_" });
    if (!prisma) return;
    const depth = (name: string, help: string, count: () => Promise<number>) =>
      new Gauge({ name, help, registers: [this.registry], async collect() { this.set(await count()); } });
    depth("cds_outbox_pending", "Outgoing mails waiting to be sent", () => prisma.outboundEmail.count({ where: { status: "pending" } }));
    depth("cds_outbox_failed", "Outgoing mails given up after every retry", () => prisma.outboundEmail.count({ where: { status: "failed" } }));
    depth("cds_review_queue", "Mails waiting for an officer", () => prisma.inboundEmail.count({ where: { status: { in: ["review", "quarantined"] }, resolvedAt: null } }));
    depth("cds_chat_updates_pending", "Webhook updates stored but not yet processed", () => prisma.inboundUpdate.count({ where: { status: "pending" } }));
    depth("cds_chat_updates_failed", "Webhook updates whose processing failed", () => prisma.inboundUpdate.count({ where: { status: "failed" } }));
  }

  update(channel: string): void {
    this.updates.inc({ channel });
  }
  reply(channel: string): void {
    this.replies.inc({ channel });
  }
  mail(outcome: string): void {
    this.mails.inc({ outcome });
  }
  reminderRound(r: { sent: number; failed: number; fellBack: number; skipped: number }): void {
    for (const [result, n] of [["sent", r.sent], ["failed", r.failed], ["fell_back", r.fellBack], ["skipped", r.skipped]] as const) if (n) this.reminders.inc({ result }, n);
  }
}

export function metricsRouter(metrics: Metrics, token?: string): Router {
  const router = Router();
  router.get("/metrics", async (req, res) => {
    const bearer = /^Bearer (.+)$/.exec(req.get("authorization") ?? "")?.[1];
    const local = ["127.0.0.1", "::1", "::ffff:127.0.0.1"].includes(req.socket.remoteAddress ?? "") && !req.get("x-forwarded-for");
    if (token ? !secretMatches(bearer, token) : !local) return void res.status(401).type("text").send("Unauthorized\n");
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}

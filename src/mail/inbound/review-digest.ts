/**
 * Once a day, the district staff get one email listing the mails waiting for a person (unknown
 * sender, unsure guess, unreadable file, quarantined), with why — at most once a day (outbox
 * dedupe key), nothing when the queue is empty.
 */
import cron, { type ScheduledTask } from "node-cron";
import type { Db } from "../../db/client.ts";
import { isoDay } from "../../domain/calendar.ts";
import { formatDate, VN_TZ } from "../../domain/periods.ts";
import type { Logger } from "../../logger.ts";
import type { Outbox } from "../outbound/outbox.ts";
import { AWAITING_REVIEW } from "./awaiting-review.ts";

const MAX_LISTED = 50;

export async function buildReviewDigest(prisma: Db, now: Date, office: { name: string }) {
  const total = await prisma.inboundEmail.count({ where: AWAITING_REVIEW });
  if (!total) return undefined;
  const mails = await prisma.inboundEmail.findMany({ where: AWAITING_REVIEW, orderBy: { createdAt: "asc" }, take: MAX_LISTED, select: { receivedAt: true, createdAt: true, fromAddress: true, subject: true, reason: true, status: true } });
  const text = [
    `Có ${total} thư gửi tới hộp thư báo cáo đang chờ cán bộ xem (bảng điều khiển → “Thư cần xem”):`,
    "",
    ...mails.map((m) => `• ${formatDate(m.receivedAt ?? m.createdAt)} — ${m.fromAddress ?? "?"} — “${(m.subject ?? "").slice(0, 120)}”\n  Lý do: ${m.reason ?? m.status}`),
    total > MAX_LISTED ? `… và ${total - MAX_LISTED} thư khác.` : "",
  ].filter((l, i, a) => l || a[i - 1] !== "").join("\n");
  return { subject: `Thư cần xem – ${formatDate(now)} – ${office.name}`, text, dedupeKey: `review-digest:${isoDay(now)}` };
}

/**
 * `lead`: runs the day's digest on one replica only (the outbox's dedupe key would still keep it
 * to one mail if two replicas raced; the leader avoids the duplicate work).
 */
export function scheduleReviewDigest(
  deps: { prisma: Db; outbox: Outbox; office: { name: string; email: string }; now: () => Date; logger: Logger; lead?: <T>(fn: () => Promise<T>) => Promise<T | undefined> },
  expression = "30 7 * * 1-6",
): ScheduledTask {
  const lead = deps.lead ?? ((fn) => fn());
  return cron.schedule(
    expression,
    async () => {
      try {
        await lead(async () => {
          const d = await buildReviewDigest(deps.prisma, deps.now(), deps.office);
          if (d) await deps.outbox.enqueue({ kind: "digest", to: [deps.office.email], subject: d.subject, text: d.text, dedupeKey: d.dedupeKey });
        });
      } catch (err) {
        deps.logger.error({ err }, "review digest failed");
      }
    },
    { timezone: VN_TZ, noOverlap: true, name: "review-digest" },
  );
}

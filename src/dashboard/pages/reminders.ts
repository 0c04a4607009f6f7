/** Reminders: the plan for the coming days (the same dry run as the CLI), the log of what was sent, "send now". */
import type { Router } from "express";
import { formatDate, weekdayName } from "../../domain/periods.ts";
import { planReminders } from "../../reminders/planner.ts";
import { runReminderRound } from "../../reminders/scheduler.ts";
import type { DashboardDeps } from "../context.ts";
import { html } from "../html.ts";
import { csrfField, layout } from "../layout.ts";

const DAYS = 10;
const CHANNELS: Record<string, string> = { zalo: "Zalo", telegram: "Telegram", email: "Email", escalation: "Báo Phòng" };

export function reminderRoutes(router: Router, deps: DashboardDeps): void {
  router.get("/dashboard/reminders", async (req, res) => {
    const now = deps.clock.now();
    const days: { day: Date; plan: Awaited<ReturnType<typeof planReminders>> }[] = [];
    for (let d = 0; d < DAYS; d++) {
      // 08:00 in Vietnam on each day: the hour the scheduled round runs.
      const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + d, 1, 0));
      days.push({ day, plan: await planReminders(deps.prisma, { ...deps.reminders.plan, now: day }) });
    }
    const log = await deps.prisma.reminderSend.findMany({ orderBy: { claimedAt: "desc" }, take: 200, include: { school: { select: { code: true, name: true } }, period: { select: { code: true } } } });
    const todays = [...new Set(days[0]!.plan.map((p) => p.period))];
    const notice = typeof req.query.notice === "string" ? req.query.notice.slice(0, 500) : "";
    const body = html`<h1>Nhắc hạn</h1>${notice ? html`<p class="ok" role="status">${notice}</p>` : ""}
<h2>Kế hoạch ${DAYS} ngày tới (chạy thử, chưa gửi)</h2>
<div class="wrap"><table><thead><tr><th>Ngày</th><th>Kỳ · đợt</th><th>Kênh</th><th>Số tin</th><th>Ví dụ</th></tr></thead><tbody>
${days.flatMap(({ day, plan }) => {
  const groups = new Map<string, typeof plan>();
  for (const p of plan) groups.set(`${p.period} · ${p.stage} · ${p.channel}`, [...(groups.get(`${p.period} · ${p.stage} · ${p.channel}`) ?? []), p]);
  return [...groups.values()].map((g) => html`<tr><td>${weekdayName(day)} ${formatDate(day)}</td><td>${g[0]!.period} · ${g[0]!.stage}</td><td>${CHANNELS[g[0]!.channel] ?? g[0]!.channel}</td><td>${g.length}</td><td><details><summary>${g[0]!.schoolName}</summary><pre>${g[0]!.text}</pre></details></td></tr>`);
})}</tbody></table></div>
${req.staff!.role === "officer" && todays.length ? html`<h2>Gửi ngay</h2>${todays.map((p) => html`<form method="post" action="/dashboard/reminders/send">${csrfField(req.staff!)}<input type="hidden" name="period" value="${p}"><button>Gửi ngay đợt nhắc hôm nay của kỳ ${p}</button></form>`)}` : ""}
<h2>Đã gửi gần đây</h2>
<div class="wrap"><table><thead><tr><th>Lúc</th><th>Kỳ</th><th>Đợt</th><th>Trường</th><th>Kênh</th><th>Kết quả</th></tr></thead><tbody>
${log.map((l) => html`<tr><td>${formatDate(l.claimedAt)} ${l.claimedAt.toISOString().slice(11, 16)}Z</td><td>${l.period.code}</td><td>${l.stage}</td><td>${l.school.name}</td><td>${CHANNELS[l.channel] ?? l.channel}</td><td>${l.status}${l.error ? ` — ${l.error}` : ""}</td></tr>`)}
</tbody></table></div>`;
    res.type("html").send(layout("Nhắc hạn", body, req.staff).value);
  });

  router.post("/dashboard/reminders/send", async (req, res) => {
    const period = typeof req.body?.period === "string" ? req.body.period.slice(0, 32) : "";
    const r = await runReminderRound(deps.reminders, { period });
    await deps.prisma.auditLog.create({ data: { actorType: "staff", actorId: req.staff!.staffId, action: "reminders.sent_now", data: { period, ...r } } });
    const msg = r.leader ? `Đã gửi ${r.sent}, lỗi ${r.failed}, chuyển sang email ${r.fellBack}, bỏ qua ${r.skipped} (đã gửi trước đó).` : "Một máy chủ khác đang gửi nhắc hạn; thử lại sau ít phút.";
    res.redirect(303, `/dashboard/reminders?notice=${encodeURIComponent(msg)}`);
  });
}

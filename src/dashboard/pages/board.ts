/** The status board of one period: counts, filters, a chart of submissions, one row per school. */
import type { Router } from "express";
import { formatDate, quarterCode, upcomingReportQuarter } from "../../domain/periods.ts";
import { foldVietnamese } from "../../domain/text.ts";
import { AWAITING_REVIEW } from "../../mail/inbound/awaiting-review.ts";
import type { DashboardDeps } from "../context.ts";
import { loadProblems } from "../data/problems.ts";
import { loadBoard, knownPeriods, periodInfo, submissionsByDay, SOURCE_LABELS, STATE_LABELS, type BoardRow, type SchoolState } from "../data/board.ts";
import { html, seg, type SafeHtml } from "../html.ts";
import { layout, notFound } from "../layout.ts";

const CHANNELS: Record<string, string> = { zalo: "Zalo", telegram: "Telegram", email: "Email", escalation: "Báo Phòng" };
const NUDGE_STATUS: Record<string, string> = { sent: "đã gửi", failed: "lỗi", claimed: "đang gửi" };

function chart(data: { day: string; count: number; late: boolean }[]): SafeHtml {
  const max = Math.max(1, ...data.map((d) => d.count));
  const w = 28;
  const h = 120;
  const top = 14; // room for the count above the tallest bar
  return html`<figure><svg role="img" aria-label="Số trường nộp lần đầu theo ngày" width="${data.length * w + 10}" height="${h + top + 24}" viewBox="0 ${-top} ${data.length * w + 10} ${h + top + 24}">
${data.map((d, i) => {
  const bh = Math.round((d.count / max) * h);
  return html`<g><rect x="${i * w + 5}" y="${h - bh + 4}" width="${w - 6}" height="${bh}" fill="${d.late ? "#e0a800" : "#0b5394"}"><title>${d.day}: ${d.count}</title></rect>
<text x="${i * w + 5 + (w - 6) / 2}" y="${h + 16}" font-size="9" text-anchor="middle">${d.day}</text>${d.count ? html`<text x="${i * w + 5 + (w - 6) / 2}" y="${h - bh}" font-size="10" text-anchor="middle">${d.count}</text>` : ""}</g>`;
})}</svg><figcaption>Số trường nộp lần đầu mỗi ngày trong 14 ngày trước hạn (màu vàng: sau hạn).</figcaption></figure>`;
}

function stateCell(r: BoardRow): SafeHtml {
  const label = r.state === "draft" ? `${STATE_LABELS.draft} ${r.percent ?? 0}%` : STATE_LABELS[r.state];
  return html`<span class="badge ${r.state}">${label}</span>${r.school.paused ? html` <span class="badge">tạm dừng nhắc</span>` : ""}`;
}

export function boardRoutes(router: Router, deps: DashboardDeps): void {
  // The quarter being collected — still the one just past its deadline for ten days, while late reports arrive.
  router.get("/dashboard", (_req, res) => res.redirect(303, `/dashboard/periods/${quarterCode(upcomingReportQuarter(new Date(deps.clock.now().getTime() - 10 * 86_400_000), deps.rules))}`));
  router.get("/dashboard/periods/:code", async (req, res) => {
    const period = await periodInfo(deps.prisma, String(req.params.code), deps.rules);
    if (!period) return notFound(req, res, "Không có kỳ báo cáo này.");
    const all = await loadBoard(deps.prisma, period, deps.template);
    const stateFilter = typeof req.query.state === "string" && req.query.state in STATE_LABELS ? (req.query.state as SchoolState) : undefined;
    const levelFilter = typeof req.query.level === "string" ? req.query.level.slice(0, 20) : "";
    const q = typeof req.query.q === "string" ? foldVietnamese(req.query.q.slice(0, 100)) : "";
    const rows = all.filter((r) => (!stateFilter || r.state === stateFilter) && (!levelFilter || r.school.level === levelFilter) && (!q || foldVietnamese(`${r.school.code} ${r.school.name}`).includes(q)));
    const counts = Object.fromEntries(Object.keys(STATE_LABELS).map((s) => [s, all.filter((r) => r.state === s).length])) as Record<SchoolState, number>;
    const periods = await knownPeriods(deps.prisma, deps.clock.now(), deps.rules);
    const pending = await deps.prisma.inboundEmail.count({ where: AWAITING_REVIEW });
    const problems = await loadProblems(deps.prisma);
    const officer = req.staff!.role === "officer";
    const levels = [...new Set(all.map((r) => r.school.level))].sort();
    const body = html`<h1>Tình hình nộp báo cáo — ${period.label}</h1>
<p>Hạn: trước ${formatDate(period.dueAt)} · ${all.length} trường ·
<a href="/dashboard/periods/${seg(period.code)}/export.xlsx">Tải bảng tổng hợp (.xlsx)</a> ·
<a href="/dashboard/periods/${seg(period.code)}/export.csv">Tải CSV</a></p>
<div class="counts">${(Object.keys(STATE_LABELS) as SchoolState[]).map((s) => html`<span><a href="?state=${s}">${STATE_LABELS[s]}</a>: <strong data-count="${s}">${counts[s]}</strong></span>`)}
<span><a href="/dashboard/review">Thư cần xem (mọi kỳ)</a>: <strong data-count="review-queue">${pending}</strong></span></div>
${problems.length ? html`<div class="error" role="alert" data-problems><strong>Sự cố cần cán bộ CNTT xem:</strong><ul>${problems.map((p) => html`<li>${p}</li>`)}</ul></div>` : ""}
<form method="get" action="/dashboard/periods/${seg(period.code)}">
<label>Tình trạng <select name="state"><option value="">Tất cả</option>${(Object.keys(STATE_LABELS) as SchoolState[]).map((s) => html`<option value="${s}" ${s === stateFilter ? "selected" : ""}>${STATE_LABELS[s]}</option>`)}</select></label>
<label>Cấp <select name="level"><option value="">Tất cả</option>${levels.map((l) => html`<option ${l === levelFilter ? "selected" : ""}>${l}</option>`)}</select></label>
<label>Tìm <input name="q" value="${typeof req.query.q === "string" ? req.query.q.slice(0, 100) : ""}"></label> <button>Lọc</button></form>
<p>Kỳ khác: ${periods.map((p) => html`<a href="/dashboard/periods/${seg(p)}">${p}</a> `)}</p>
${chart(submissionsByDay(all, period.dueAt, deps.clock.now()))}
<div class="wrap"><table><thead><tr><th>Mã</th><th>Trường</th><th>Cấp</th><th>Tình trạng</th><th>Nguồn</th><th>Ngày nộp</th><th>Nhắc gần nhất</th></tr></thead><tbody>
${rows.map((r) => html`<tr data-school="${r.school.code}"><td>${r.school.code}</td>
<td>${r.reportId ? html`<a href="/dashboard/reports/${seg(r.reportId)}">${r.school.name}</a>` : r.reviewEmailId ? html`<a href="/dashboard/review/${seg(r.reviewEmailId)}">${r.school.name}</a>` : r.school.name}</td>
<td>${r.school.level}</td><td>${stateCell(r)}${officer && (r.state === "missing" || r.state === "draft") ? html` <a href="/dashboard/periods/${seg(period.code)}/schools/${seg(r.school.code)}/enter">Nhập thay</a>` : ""}</td><td>${r.source ? SOURCE_LABELS[r.source] ?? r.source : ""}</td>
<td>${r.submittedAt ? `${formatDate(r.submittedAt)} (v${r.version})` : ""}</td>
<td>${r.lastNudge ? `${r.lastNudge.stage} · ${CHANNELS[r.lastNudge.channel] ?? r.lastNudge.channel} · ${NUDGE_STATUS[r.lastNudge.status] ?? r.lastNudge.status} · ${formatDate(r.lastNudge.at)}` : ""}</td></tr>`)}
</tbody></table></div>`;
    res.type("html").send(layout(period.label, body, req.staff).value);
  });
}

/**
 * The review queue: mails the ingestion could not decide. The officer picks the school and
 * period, corrects the cells read from the mail, then accepts (files + receipt) or rejects
 * with a reason (sent to the school).
 */
import type { Router } from "express";
import { formatDate, parsePeriodCode } from "../../domain/periods.ts";
import { AWAITING_REVIEW } from "../../mail/inbound/awaiting-review.ts";
import { acceptReviewed, rejectReviewed, suggestForReview } from "../../mail/inbound/review.ts";
import { cellsTable, readCells, rowCodes } from "./cells.ts";
import type { DashboardDeps } from "../context.ts";
import { html, seg } from "../html.ts";
import { csrfField, layout, notFound } from "../layout.ts";

export function reviewRoutes(router: Router, deps: DashboardDeps): void {
  router.get("/dashboard/review", async (req, res) => {
    const mails = await deps.prisma.inboundEmail.findMany({ where: AWAITING_REVIEW, orderBy: { createdAt: "desc" }, take: 500, select: { id: true, subject: true, fromAddress: true, receivedAt: true, status: true, reason: true, periodCode: true } });
    const body = html`<h1>Thư cần cán bộ xem (${mails.length})</h1>
${mails.length ? html`<div class="wrap"><table><thead><tr><th>Nhận</th><th>Người gửi</th><th>Tiêu đề</th><th>Lý do</th><th></th></tr></thead><tbody>
${mails.map((m) => html`<tr><td>${m.receivedAt ? formatDate(m.receivedAt) : ""}</td><td>${m.fromAddress ?? ""}</td><td>${m.subject ?? ""}</td><td>${m.reason ?? m.status}</td><td><a href="/dashboard/review/${seg(m.id)}">Xử lý</a></td></tr>`)}
</tbody></table></div>` : html`<p class="ok">Không còn thư nào cần xem.</p>`}`;
    res.type("html").send(layout("Thư cần xem", body, req.staff).value);
  });

  router.get("/dashboard/review/:id", async (req, res) => {
    const id = String(req.params.id);
    const mail = await deps.prisma.inboundEmail.findUnique({ where: { id }, omit: { raw: true }, include: { attachments: { select: { id: true, filename: true, size: true } } } });
    const s = mail ? await suggestForReview(deps.ingest, id) : undefined;
    if (!mail || !s) return notFound(req, res, "Không có thư này.");
    const schools = await deps.prisma.school.findMany({ orderBy: { name: "asc" }, select: { id: true, code: true, name: true } });
    const error = typeof req.query.error === "string" ? req.query.error.slice(0, 300) : "";
    const periodCode = typeof req.query.period === "string" && parsePeriodCode(req.query.period) ? req.query.period : s.periodCode;
    const body = html`<h1>Thư cần xem: ${mail.subject ?? "(không tiêu đề)"}</h1>
<p>Từ ${mail.fromAddress ?? "?"} · ${mail.receivedAt ? formatDate(mail.receivedAt) : ""} · lý do: <em>${mail.reason ?? mail.status}</em>${mail.resolvedAt ? html` · <strong>đã xử lý</strong>` : ""}</p>
${error ? html`<p class="error" role="alert">${error}</p>` : ""}
${s.note ? html`<p>Máy đọc: ${s.note}</p>` : ""}
${s.namedSchoolId ? html`<p class="error">Thư ghi tên trường khác với trường của địa chỉ gửi: <strong>${schools.find((x) => x.id === s.namedSchoolId)?.name ?? "?"}</strong> (địa chỉ gửi thuộc ${schools.find((x) => x.id === s.schoolId)?.name ?? "trường chưa rõ"}).</p>` : ""}
${s.evidence ? html`<p>Căn cứ máy dựa vào: <small>${s.evidence}</small></p>` : ""}
<p>Tệp: ${mail.attachments.map((a) => html`<a href="/dashboard/attachments/${seg(a.id)}">${a.filename ?? "tệp"}</a> `)} · <a href="/dashboard/emails/${seg(mail.id)}">Xem toàn bộ thư</a></p>
<details><summary>Nội dung thư</summary><pre>${s.parsed?.text.slice(0, 20_000) ?? ""}</pre></details>
<form method="post" action="/dashboard/review/${seg(id)}/accept">${csrfField(req.staff!)}
<p><label>Trường <select name="schoolId" required><option value="">— chọn trường —</option>${schools.map((x) => html`<option value="${x.id}" ${x.id === s.schoolId ? "selected" : ""}>${x.code} — ${x.name}</option>`)}</select></label>
<label>Kỳ <input name="periodCode" value="${periodCode}" pattern="\\d{4}-(Q[1-4]|SA)" required size="8"></label> (ví dụ 2025-Q3, 2026-SA)</p>
${cellsTable(deps, periodCode, s.items)}
<p><button name="action" value="accept">Chấp nhận: ghi nhận báo cáo và gửi biên nhận</button></p></form>
<form method="post" action="/dashboard/review/${seg(id)}/reject">${csrfField(req.staff!)}
<p><label>Lý do (gửi cho trường)<br><textarea name="reason" rows="2" cols="60" required maxlength="1000">${mail.reason ?? ""}</textarea></label></p>
<p><button>Từ chối và gửi giải thích</button></p></form>`;
    res.type("html").send(layout("Xử lý thư", body, req.staff).value);
  });

  router.post("/dashboard/review/:id/accept", async (req, res) => {
    const id = String(req.params.id);
    if (!(await deps.prisma.inboundEmail.findUnique({ where: { id }, select: { id: true } }))) return notFound(req, res, "Không có thư này.");
    const body = (req.body ?? {}) as Record<string, unknown>;
    const periodCode = typeof body.periodCode === "string" ? body.periodCode.trim() : "";
    const back = (error: string) => res.redirect(303, `/dashboard/review/${seg(id)}?error=${encodeURIComponent(error)}&period=${encodeURIComponent(periodCode)}`);
    if (!parsePeriodCode(periodCode)) return back("Kỳ phải có dạng 2025-Q3 hoặc 2026-SA.");
    const schoolId = typeof body.schoolId === "string" ? body.schoolId : "";
    if (!schoolId || !(await deps.prisma.school.findUnique({ where: { id: schoolId } }))) return back("Chọn trường trước khi chấp nhận.");
    const items = readCells(body, rowCodes(deps, periodCode).map((r) => r.code));
    if (typeof items === "string") return back(items);
    if (!Object.keys(items).length) return back("Chưa có ô nào được điền: điền ít nhất một dòng, hoặc từ chối thư.");
    const filed = await acceptReviewed(deps.ingest, id, { schoolId, periodCode, items, staffId: req.staff!.staffId });
    res.redirect(303, `/dashboard/reports/${seg(filed.id)}`);
  });

  router.post("/dashboard/review/:id/reject", async (req, res) => {
    const id = String(req.params.id);
    if (!(await deps.prisma.inboundEmail.findUnique({ where: { id }, select: { id: true } }))) return notFound(req, res, "Không có thư này.");
    const reason = typeof req.body?.reason === "string" ? req.body.reason.normalize("NFC").trim().slice(0, 1_000) : "";
    if (!reason) return res.redirect(303, `/dashboard/review/${seg(id)}?error=${encodeURIComponent("Ghi lý do để gửi cho trường.")}`);
    await rejectReviewed(deps.ingest, id, { reason, staffId: req.staff!.staffId });
    res.redirect(303, "/dashboard/review");
  });
}

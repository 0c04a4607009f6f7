/**
 * One school's report for a period: every row and field, every version with what changed, the
 * original email with its attachments, the conversation it came from.
 */
import type { Router } from "express";
import { formatDate } from "../../domain/periods.ts";
import { STATUS_LABELS, type Status } from "../../domain/report-input.ts";
import { itemAnswers, reportVersions, type ItemAnswers } from "../../reports/store.ts";
import { storedValues, type SelfAssessmentValues } from "../../reports/self-assessment-values.ts";
import { LEVEL_NAMES, levelFor } from "../../domain/levels.ts";
import type { DashboardDeps } from "../context.ts";
import { periodLabel, SOURCE_LABELS } from "../data/board.ts";
import { humanSize } from "../../mail/inbound/oversized.ts";
import { parseEmail, type Skipped } from "../../mail/inbound/parse.ts";

const SKIPPED_LABELS: Record<Skipped, string> = { too_large: "lớn hơn giới hạn", too_many: "thư có quá nhiều tệp" };
import { CONTENT_TYPES, sendDownload } from "../download.ts";
import { html, seg, type SafeHtml } from "../html.ts";
import { layout, notFound } from "../layout.ts";

const FIELDS: [keyof Omit<ItemAnswers, "taskCode">, string][] = [
  ["status", "Tình trạng"], ["progressPercent", "%"], ["done", "Đã thực hiện, kết quả (3)"], ["next", "Quý tiếp theo (4)"], ["difficulties", "Khó khăn (5)"], ["recommendations", "Kiến nghị (6)"],
];
const show = (k: string, v: unknown) => (v === null || v === undefined ? "" : k === "status" ? (STATUS_LABELS[v as Status] ?? String(v)) : String(v));
const STATUS: Record<string, string> = { draft: "nháp", submitted: "đã nộp", superseded: "đã thay bằng bản sau", abandoned: "bỏ" };

function itemsTable(deps: DashboardDeps, items: ItemAnswers[], previous?: ItemAnswers[]): SafeHtml {
  const by = new Map(items.map((i) => [i.taskCode, i]));
  const prev = new Map((previous ?? []).map((i) => [i.taskCode, i]));
  const codes = [...deps.template.rows.filter((r) => !r.heading).map((r) => r.code), ...items.map((i) => i.taskCode).filter((c) => !deps.template.rows.some((r) => r.code === c))];
  return html`<div class="wrap"><table><thead><tr><th>TT</th><th>Nội dung</th>${FIELDS.map(([, l]) => html`<th>${l}</th>`)}</tr></thead><tbody>
${codes.map((code) => {
  const i = by.get(code);
  const p = prev.get(code);
  const title = deps.template.rows.find((r) => r.code === code)?.title ?? code;
  return html`<tr><td>${code}</td><td>${title}</td>${FIELDS.map(([k]) => {
    const changed = previous && show(k, i?.[k]) !== show(k, p?.[k]);
    return html`<td class="${changed ? "changed" : ""}" ${changed ? html`title="${`Trước: ${show(k, p?.[k]) || "(trống)"}`}"` : ""}>${show(k, i?.[k])}</td>`;
  })}</tr>`;
})}</tbody></table></div>`;
}

/** A self-assessment: the two scores as given (decimals kept) with their level, the conditions, the evidence. */
function selfAssessmentTable(deps: DashboardDeps, v: SelfAssessmentValues, previous?: SelfAssessmentValues): SafeHtml {
  const form = deps.selfAssessment;
  const text = (x: SelfAssessmentValues) => {
    const out = new Map<string, string>();
    form.groups.forEach((g, i) => {
      const s = i === 0 ? x.teachingScore : x.managementScore;
      out.set(g.code, s === null ? "" : `${s} điểm — ${LEVEL_NAMES[levelFor(s)]}`);
    });
    for (const c of form.conditions) out.set(c.code, c.code in x.conditions ? (x.conditions[c.code] ? "Có" : "Không") : "");
    out.set("MC", x.evidence ?? "");
    return out;
  };
  const now = text(v);
  const before = previous ? text(previous) : undefined;
  const titles = [...form.groups.map((g) => [g.code, g.title]), ...form.conditions.map((c) => [c.code, `Điều kiện bắt buộc: ${c.title}`]), ["MC", "Minh chứng"]] as [string, string][];
  return html`<div class="wrap"><table><thead><tr><th>Mã</th><th>Nội dung</th><th>Kết quả</th></tr></thead><tbody>
${titles.map(([code, title]) => {
  const changed = before && before.get(code) !== now.get(code);
  return html`<tr><td>${code}</td><td>${title}</td><td class="${changed ? "changed" : ""}" ${changed ? html`title="${`Trước: ${before.get(code) || "(trống)"}`}"` : ""}>${now.get(code) ?? ""}</td></tr>`;
})}</tbody></table></div>`;
}

export function reportRoutes(router: Router, deps: DashboardDeps): void {
  router.get("/dashboard/reports/:id", async (req, res) => {
    const report = await deps.prisma.report.findUnique({ where: { id: String(req.params.id) }, include: { school: true, period: true, inboundEmail: { omit: { raw: true }, include: { attachments: { select: { id: true, filename: true, size: true } } } } } });
    if (!report) return notFound(req, res, "Không có báo cáo này.");
    const versions = await reportVersions(deps.prisma, report.schoolId, report.periodId);
    type Version = (typeof versions)[number];
    const answers = (v: Version, prev?: Version) =>
      report.period.kind === "self_assessment"
        ? selfAssessmentTable(deps, storedValues(v.selfAssessment), prev ? storedValues(prev.selfAssessment) : undefined)
        : itemsTable(deps, v.items.map(itemAnswers), prev?.items.map(itemAnswers));
    const messages = report.conversationId
      ? await deps.prisma.chatMessage.findMany({ where: { conversationId: report.conversationId }, orderBy: { createdAt: "asc" }, take: 300 })
      : [];
    const body = html`<h1>${report.school.name} — ${periodLabel(report.period.code)}</h1>
<p>Phiên bản ${report.version} (${STATUS[report.status] ?? report.status}) · nguồn: ${SOURCE_LABELS[report.source] ?? report.source}
${report.submittedAt ? html` · nộp ${formatDate(report.submittedAt)}${report.late ? " (trễ hạn)" : " (đúng hạn)"}` : ""}${report.referenceNo ? html` · mã ${report.referenceNo}` : ""}</p>
${req.staff!.role === "officer" ? html`<p><a href="/dashboard/periods/${seg(report.period.code)}/schools/${seg(report.school.code)}/enter">Sửa thay trường (tạo phiên bản mới)</a></p>` : ""}
${answers(versions.find((v) => v.id === report.id)!)}
<h2>Các phiên bản</h2>
${versions.map((v, idx) => html`<details ${v.id === report.id ? "open" : ""}><summary>Phiên bản ${v.version} — ${STATUS[v.status] ?? v.status} — ${SOURCE_LABELS[v.source] ?? v.source}${v.submittedAt ? ` — ${formatDate(v.submittedAt)}` : ""}${idx > 0 ? " (ô tô vàng: khác bản trước)" : ""}</summary>
${answers(v, idx > 0 ? versions[idx - 1] : undefined)}</details>`)}
${report.inboundEmail ? html`<h2>Thư gốc</h2><p><a href="/dashboard/emails/${seg(report.inboundEmail.id)}">${report.inboundEmail.subject ?? "(không tiêu đề)"}</a> — từ ${report.inboundEmail.fromAddress ?? "?"}</p>
<ul>${report.inboundEmail.attachments.map((a) => html`<li><a href="/dashboard/attachments/${seg(a.id)}">${a.filename ?? "tệp"}</a> (${Math.ceil(a.size / 1024)} KB)</li>`)}</ul>` : ""}
${messages.length ? html`<h2>Hội thoại</h2><div class="wrap"><table><tbody>${messages.map((m) => html`<tr><td>${formatDate(m.createdAt)} ${m.createdAt.toISOString().slice(11, 16)}</td><td>${m.direction === "in" ? "Trường" : "Trợ lý"}</td><td><pre>${m.text}</pre></td></tr>`)}</tbody></table></div>` : ""}`;
    res.type("html").send(layout(report.school.name, body, req.staff).value);
  });

  router.get("/dashboard/emails/:id", async (req, res) => {
    const mail = await deps.prisma.inboundEmail.findUnique({ where: { id: String(req.params.id) }, include: { attachments: { select: { id: true, filename: true, size: true, contentType: true, sha256: true } }, reports: { select: { id: true, version: true } } } });
    if (!mail) return notFound(req, res, "Không có thư này.");
    const parsed = mail.raw
      ? await parseEmail(Buffer.from(mail.raw)).catch((err: unknown) => void deps.logger.warn({ err, emailId: mail.id }, "stored mail could not be parsed for display"))
      : undefined;
    // Files not kept (above the size limit, or beyond the number kept) are listed, not linked.
    const omitted = new Map((parsed?.attachments ?? []).filter((a) => a.skipped).map((a) => [a.sha256, SKIPPED_LABELS[a.skipped!]]));
    const body = html`<h1>Thư: ${mail.subject ?? "(không tiêu đề)"}</h1>
<p>Từ ${mail.fromAddress ?? "?"} · nhận ${mail.receivedAt ? formatDate(mail.receivedAt) : "?"} · trạng thái ${mail.status}${mail.reason ? html` · <em>${mail.reason}</em>` : ""}</p>
${mail.reports.map((r) => html`<p><a href="/dashboard/reports/${seg(r.id)}">Báo cáo phiên bản ${r.version}</a></p>`)}
<h2>Tệp đính kèm</h2><ul>${mail.attachments.map((a) => {
      const why = parsed?.truncated ? "thư quá lớn" : omitted.get(a.sha256);
      return why
        ? html`<li>${a.filename ?? "tệp"} (${a.contentType ?? "?"}, ${humanSize(a.size)}) — <em>không lưu: ${why}</em></li>`
        : html`<li><a href="/dashboard/attachments/${seg(a.id)}">${a.filename ?? "tệp"}</a> (${a.contentType ?? "?"}, ${humanSize(a.size)})</li>`;
    })}</ul>
<h2>Nội dung</h2><pre>${parsed?.text.slice(0, 50_000) ?? "(không đọc được nội dung)"}</pre>
<p><a href="/dashboard/emails/${seg(mail.id)}/raw">Tải thư gốc (.eml)</a></p>`;
    res.type("html").send(layout("Thư", body, req.staff).value);
  });

  router.get("/dashboard/attachments/:id", async (req, res) => {
    const a = await deps.prisma.attachment.findUnique({ where: { id: String(req.params.id) } });
    if (!a) return notFound(req, res, "Không có tệp này.");
    if (!a.content) return notFound(req, res, `Tệp “${a.filename ?? "không tên"}” (${humanSize(a.size)}) không được lưu trên hệ thống: tệp lớn hơn giới hạn, hoặc thư có quá nhiều tệp, hoặc cả thư quá lớn. Thư gốc vẫn còn trong hộp thư của Phòng.`);
    sendDownload(res, a.filename ?? "tep-dinh-kem", CONTENT_TYPES.binary, a.content);
  });
  router.get("/dashboard/emails/:id/raw", async (req, res) => {
    const m = await deps.prisma.inboundEmail.findUnique({ where: { id: String(req.params.id) }, select: { id: true, raw: true } });
    if (!m?.raw) return notFound(req, res, "Không có thư này.");
    sendDownload(res, `thu-${m.id}.eml`, CONTENT_TYPES.binary, m.raw);
  });
}

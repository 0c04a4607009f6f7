/**
 * Schools and contacts: the list with who is linked on which channel, editing a school (name,
 * sender addresses, pause reminders), CSV import/export in the registry's format, and one-time
 * link codes to print for a principal.
 */
import multer from "multer";
import type { Router } from "express";
import { z } from "zod";
import { formatDate } from "../../domain/periods.ts";
import { CONTACT_ROLES, importContactsCsv, importSchoolsCsv, MAX_CSV_BYTES, SCHOOL_LEVELS } from "../../registry/csv.ts";
import { issueLinkCode } from "../../registry/link-codes.ts";
import { checkCsrf } from "../auth/middleware.ts";
import type { DashboardDeps } from "../context.ts";
import { csvText } from "../data/export.ts";
import { CONTENT_TYPES, sendDownload } from "../download.ts";
import { html, seg } from "../html.ts";
import { csrfField, layout, notFound } from "../layout.ts";

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_CSV_BYTES, files: 1, fields: 5 } });
const CHANNEL_NAMES: Record<string, string> = { zalo: "Zalo", telegram: "Telegram", web: "Trang web", cli: "Dòng lệnh" };

const ROLE_NAMES: Record<(typeof CONTACT_ROLES)[number], string> = { principal: "Hiệu trưởng", vice_principal: "Phó hiệu trưởng", it_staff: "Cán bộ CNTT", teacher: "Giáo viên", district_officer: "Cán bộ Phòng", other: "Khác" };
const contactEdit = z.object({
  name: z.string().trim().min(1).max(200),
  role: z.enum(CONTACT_ROLES),
  email: z.string().trim().max(200).transform((v) => v.toLowerCase() || undefined).pipe(z.email().optional()),
  phone: z.string().trim().max(20).transform((v) => v || undefined),
});

const schoolEdit = z.object({
  name: z.string().trim().min(1).max(200),
  shortName: z.string().trim().max(100),
  level: z.enum(SCHOOL_LEVELS),
  emails: z.string().max(2_000).transform((v) => v.split(/[;,\s]+/).map((e) => e.trim().toLowerCase()).filter(Boolean)).pipe(z.array(z.email()).max(10)),
  paused: z.string().optional(),
});

export function schoolRoutes(router: Router, deps: DashboardDeps): void {
  router.get("/dashboard/schools", async (req, res) => {
    const schools = await deps.prisma.school.findMany({ orderBy: [{ level: "asc" }, { name: "asc" }], include: { contacts: { include: { accounts: true } } } });
    const notice = typeof req.query.notice === "string" ? req.query.notice.slice(0, 2_000) : "";
    const officer = req.staff!.role === "officer";
    const body = html`<h1>Trường và người liên hệ (${schools.length})</h1>
${notice ? html`<pre role="status">${notice}</pre>` : ""}
<p><a href="/dashboard/schools.csv">Tải danh sách trường (CSV)</a> · <a href="/dashboard/contacts.csv">Tải danh sách người liên hệ (CSV)</a></p>
${officer ? html`<form method="post" action="/dashboard/schools/import" enctype="multipart/form-data">${csrfField(req.staff!)}
<label>Nhập CSV <select name="kind"><option value="schools">trường (code,name,short_name,level,emails)</option><option value="contacts">người liên hệ (school_code,name,role,email,phone)</option></select></label>
<input type="file" name="file" accept=".csv,text/csv" required> <button>Nhập</button></form>` : ""}
<div class="wrap"><table><thead><tr><th>Mã</th><th>Trường</th><th>Cấp</th><th>Email gửi báo cáo</th><th>Người liên hệ · kênh đã liên kết</th><th></th></tr></thead><tbody>
${schools.map((s) => html`<tr><td>${s.code}</td><td>${s.name}${s.paused ? html` <span class="badge">tạm dừng nhắc</span>` : ""}</td><td>${s.level}</td><td>${s.emails.join(", ")}</td>
<td>${s.contacts.map((c) => html`<div>${c.name} (${c.role})${c.accounts.map((a) => html` · <span class="badge">${CHANNEL_NAMES[a.channel] ?? a.channel}${a.linkedAt ? ` từ ${formatDate(a.linkedAt)}` : ""}</span>`)}</div>`)}</td>
<td><a href="/dashboard/schools/${seg(s.id)}">Sửa / mã liên kết</a></td></tr>`)}
</tbody></table></div>`;
    res.type("html").send(layout("Trường", body, req.staff).value);
  });

  router.get("/dashboard/schools/:id", async (req, res) => {
    const s = await deps.prisma.school.findUnique({ where: { id: String(req.params.id) }, include: { contacts: { include: { accounts: true } } } });
    if (!s) return notFound(req, res, "Không có trường này.");
    const error = typeof req.query.error === "string" ? req.query.error.slice(0, 300) : "";
    const body = html`<h1>${s.name}</h1>${error ? html`<p class="error" role="alert">${error}</p>` : ""}
<form method="post" action="/dashboard/schools/${seg(s.id)}">${csrfField(req.staff!)}
<p><label>Tên <input name="name" value="${s.name}" required maxlength="200" size="50"></label></p>
<p><label>Tên ngắn <input name="shortName" value="${s.shortName ?? ""}" maxlength="100"></label>
<label>Cấp <select name="level">${SCHOOL_LEVELS.map((l) => html`<option ${l === s.level ? "selected" : ""}>${l}</option>`)}</select></label></p>
<p><label>Email gửi báo cáo (cách nhau bởi dấu phẩy) <input name="emails" value="${s.emails.join(", ")}" size="60"></label></p>
<p><label><input type="checkbox" name="paused" value="1" ${s.paused ? "checked" : ""}> Tạm dừng nhắc hạn cho trường này</label></p>
<p><button>Lưu</button></p></form>
<h2>Mã liên kết Zalo/Telegram</h2>
<form method="post" action="/dashboard/schools/${seg(s.id)}/link-code">${csrfField(req.staff!)}
<label>Cho <select name="contactId"><option value="">Hiệu trưởng (chưa có tên)</option>${s.contacts.map((c) => html`<option value="${c.id}">${c.name}</option>`)}</select></label>
<button>Tạo mã liên kết</button></form>
<h2>Người liên hệ</h2>
${[...s.contacts.map((c) => ({ c, action: `/dashboard/contacts/${seg(c.id)}` })), { c: undefined, action: `/dashboard/schools/${seg(s.id)}/contacts` }].map(({ c, action }) => html`<form method="post" action="${action}">${csrfField(req.staff!)}
<fieldset><legend>${c ? c.name : "Thêm người liên hệ"}</legend>
<label>Họ tên <input name="name" value="${c?.name ?? ""}" required maxlength="200"></label>
<label>Vai trò <select name="role">${CONTACT_ROLES.map((r) => html`<option value="${r}" ${r === (c?.role ?? "principal") ? "selected" : ""}>${ROLE_NAMES[r]}</option>`)}</select></label>
<label>Email <input name="email" type="email" value="${c?.email ?? ""}" maxlength="200"></label>
<label>Điện thoại <input name="phone" value="${c?.phone ?? ""}" maxlength="20"></label>
${c ? c.accounts.map((a) => html` · ${CHANNEL_NAMES[a.channel] ?? a.channel}: ${a.displayName ?? a.externalId}`) : ""}
<button>${c ? "Lưu" : "Thêm"}</button></fieldset></form>`)}`;
    res.type("html").send(layout(s.name, body, req.staff).value);
  });

  router.post("/dashboard/schools/import", upload.single("file"), checkCsrf, async (req, res) => {
    if (!req.file) return res.redirect(303, `/dashboard/schools?notice=${encodeURIComponent("Chưa chọn tệp CSV.")}`);
    const kind = req.body?.kind === "contacts" ? "contacts" : "schools";
    const r = kind === "contacts" ? await importContactsCsv(deps.prisma, req.file.buffer) : await importSchoolsCsv(deps.prisma, req.file.buffer);
    await deps.prisma.auditLog.create({ data: { actorType: "staff", actorId: req.staff!.staffId, action: `registry.${kind}_imported`, data: { created: r.created, updated: r.updated, errors: r.errors.length } } });
    const lines = [`Đã nhập: ${r.created} mới, ${r.updated} cập nhật, ${r.unchanged} không đổi, ${r.errors.length} dòng lỗi.`, ...r.errors.slice(0, 30).map((e) => `Dòng ${e.line}: ${e.message}`)];
    res.redirect(303, `/dashboard/schools?notice=${encodeURIComponent(lines.join("\n"))}`);
  });

  router.post("/dashboard/schools/:id", async (req, res) => {
    const id = String(req.params.id);
    if (!(await deps.prisma.school.findUnique({ where: { id }, select: { id: true } }))) return notFound(req, res, "Không có trường này.");
    const parsed = schoolEdit.safeParse(req.body ?? {});
    if (!parsed.success) return res.redirect(303, `/dashboard/schools/${seg(id)}?error=${encodeURIComponent("Thông tin chưa hợp lệ: kiểm tra tên, cấp và địa chỉ email.")}`);
    const d = parsed.data;
    await deps.prisma.school.update({ where: { id }, data: { name: d.name.normalize("NFC"), shortName: d.shortName.normalize("NFC") || null, level: d.level, emails: d.emails, paused: d.paused === "1" } });
    await deps.prisma.auditLog.create({ data: { actorType: "staff", actorId: req.staff!.staffId, action: "school.edited", entity: "School", entityId: id, data: { paused: d.paused === "1" } } });
    res.redirect(303, "/dashboard/schools");
  });

  router.post("/dashboard/schools/:id/contacts", async (req, res) => {
    const id = String(req.params.id);
    if (!(await deps.prisma.school.findUnique({ where: { id }, select: { id: true } }))) return notFound(req, res, "Không có trường này.");
    const parsed = contactEdit.safeParse(req.body ?? {});
    if (!parsed.success) return res.redirect(303, `/dashboard/schools/${seg(id)}?error=${encodeURIComponent("Người liên hệ chưa hợp lệ: kiểm tra họ tên và email.")}`);
    const c = await deps.prisma.contact.create({ data: { schoolId: id, ...parsed.data, name: parsed.data.name.normalize("NFC") } });
    await deps.prisma.auditLog.create({ data: { actorType: "staff", actorId: req.staff!.staffId, action: "contact.created", entity: "Contact", entityId: c.id } });
    res.redirect(303, `/dashboard/schools/${seg(id)}`);
  });

  router.post("/dashboard/contacts/:id", async (req, res) => {
    const contact = await deps.prisma.contact.findUnique({ where: { id: String(req.params.id) } });
    if (!contact) return notFound(req, res, "Không có người liên hệ này.");
    const back = `/dashboard/schools/${seg(contact.schoolId ?? "")}`;
    const parsed = contactEdit.safeParse(req.body ?? {});
    if (!parsed.success) return res.redirect(303, `${back}?error=${encodeURIComponent("Người liên hệ chưa hợp lệ: kiểm tra họ tên và email.")}`);
    await deps.prisma.contact.update({ where: { id: contact.id }, data: { ...parsed.data, name: parsed.data.name.normalize("NFC"), email: parsed.data.email ?? null, phone: parsed.data.phone ?? null } });
    await deps.prisma.auditLog.create({ data: { actorType: "staff", actorId: req.staff!.staffId, action: "contact.edited", entity: "Contact", entityId: contact.id } });
    res.redirect(303, back);
  });

  router.post("/dashboard/schools/:id/link-code", async (req, res) => {
    const s = await deps.prisma.school.findUnique({ where: { id: String(req.params.id) }, include: { contacts: true } });
    if (!s) return notFound(req, res, "Không có trường này.");
    const contact = s.contacts.find((c) => c.id === req.body?.contactId);
    const { code, expiresAt } = await issueLinkCode(deps.prisma, { schoolId: s.id, contactId: contact?.id, ttlDays: deps.linkCodeTtlDays, createdBy: `staff:${req.staff!.staffId}` });
    // Shown once, to print; only its hash is stored.
    res.setHeader("Cache-Control", "no-store");
    res.type("html").send(layout("Mã liên kết", html`<h1>Mã liên kết cho ${s.name}</h1>
<p>${contact ? `Người nhận: ${contact.name}` : "Người nhận: hiệu trưởng"} · dùng được một lần, hết hạn ${formatDate(expiresAt)}.</p>
<p style="font-size:2rem;letter-spacing:.2rem"><strong>${code}</strong></p>
<p>Trên Zalo, nhắn cho trợ lý: <strong>liên kết ${code}</strong></p>
<p>Mã chỉ hiện một lần: hãy in trang này (Ctrl+P) hoặc chép lại ngay.</p><p><a href="/dashboard/schools/${seg(s.id)}">Quay lại</a></p>`, req.staff).value);
  });

  router.get("/dashboard/schools.csv", async (_req, res) => {
    const schools = await deps.prisma.school.findMany({ orderBy: { code: "asc" } });
    sendDownload(res, "truong.csv", CONTENT_TYPES.csv, csvText([["code", "name", "short_name", "level", "emails"], ...schools.map((s) => [s.code, s.name, s.shortName ?? "", s.level, s.emails.join(";")])]));
  });
  router.get("/dashboard/contacts.csv", async (_req, res) => {
    const contacts = await deps.prisma.contact.findMany({ include: { school: true }, orderBy: { name: "asc" } });
    sendDownload(res, "nguoi-lien-he.csv", CONTENT_TYPES.csv, csvText([["school_code", "name", "role", "email", "phone"], ...contacts.map((c) => [c.school?.code ?? "", c.name, c.role, c.email ?? "", c.phone ?? ""])]));
  });
}

/** Sign-in and sign-out (rate-limited; the same answer and timing for an unknown user and a wrong password). */
import { rateLimit } from "express-rate-limit";
import type { Router } from "express";
import type { DashboardDeps } from "../context.ts";
import { html } from "../html.ts";
import { layout } from "../layout.ts";
import { dummyHash, verifyPassword } from "../auth/passwords.ts";
import { createSession, destroySession, loadSession } from "../auth/sessions.ts";

/** Only a path inside the dashboard may follow a sign-in (no open redirect). */
const safeNext = (n: unknown) => (typeof n === "string" && /^\/dashboard(\/[\w\-./%?=&]*)?$/.test(n) && !n.includes("//") ? n : "/dashboard");

function page(next: string, error?: string) {
  return layout(
    "Đăng nhập",
    html`<h1>Đăng nhập bảng điều khiển</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ""}
<form method="post" action="/dashboard/login">
<input type="hidden" name="next" value="${next}">
<p><label>Tên đăng nhập<br><input name="username" autocomplete="username" required maxlength="64"></label></p>
<p><label>Mật khẩu<br><input name="password" type="password" autocomplete="current-password" required maxlength="200"></label></p>
<p><button>Đăng nhập</button></p></form>`,
  ).value;
}

export function loginRoutes(router: Router, deps: DashboardDeps): void {
  const limiter = rateLimit({
    windowMs: 15 * 60_000,
    limit: 10,
    // Only failed sign-ins count (a 401): an officer signing in 11 times a morning is not refused.
    skipSuccessfulRequests: true,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    handler: (_req, res) => void res.status(429).type("html").send(page("/dashboard", "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.")),
  });
  router.get("/dashboard/login", async (req, res) => {
    if (await loadSession(deps.prisma, req)) return res.redirect(303, safeNext(req.query.next));
    res.type("html").send(page(safeNext(req.query.next)));
  });
  router.post("/dashboard/login", limiter, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const username = typeof body.username === "string" ? body.username.trim().toLowerCase().slice(0, 64) : "";
    const password = typeof body.password === "string" ? body.password.slice(0, 200) : "";
    const user = username ? await deps.prisma.staffUser.findUnique({ where: { username } }) : null;
    const ok = await verifyPassword(user && !user.disabled ? user.passwordHash : await dummyHash(), password);
    if (!user || user.disabled || !ok) {
      deps.logger.warn({ username: username.slice(0, 32) }, "dashboard sign-in failed");
      return res.status(401).type("html").send(page(safeNext(body.next), "Tên đăng nhập hoặc mật khẩu không đúng."));
    }
    await createSession(deps.prisma, res, req, user.id, deps.sessionHours);
    await deps.prisma.staffUser.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
    await deps.prisma.auditLog.create({ data: { actorType: "staff", actorId: user.id, action: "staff.signed_in" } });
    res.redirect(303, safeNext(body.next));
  });
}

export function logoutRoute(router: Router, deps: DashboardDeps): void {
  router.post("/dashboard/logout", async (req, res) => {
    await destroySession(deps.prisma, res, req, req.staff!.sessionId);
    res.redirect(303, "/dashboard/login");
  });
}

/** Who may reach what: sign-in, sessions, CSRF, roles, rate limit, security headers (over real HTTP). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import { hashPassword } from "../../src/dashboard/auth/passwords.ts";
import type { Service } from "../../src/service.ts";
import { openTestDatabase } from "../helpers/db.ts";
import { startTestService } from "../helpers/service.ts";

const OFFICER_PW = "mat-khau-can-bo-2025";
const VIEWER_PW = "mat-khau-xem-2025";

describe("dashboard access", () => {
  let db: Database;
  let service: Service;
  beforeAll(async () => {
    db = await openTestDatabase("pglite");
    await db.prisma.school.create({ data: { code: "TH-A", name: "Trường A", level: "TH", emails: [] } });
    service = await startTestService(db, { DASHBOARD_ADMIN_USERNAME: "canbo", DASHBOARD_ADMIN_PASSWORD: OFFICER_PW });
    // The first account comes from the environment; later ones from `npm run staff`.
    expect(await db.prisma.staffUser.findMany({ select: { username: true, role: true } })).toEqual([{ username: "canbo", role: "officer" }]);
    await db.prisma.staffUser.create({ data: { username: "xem", name: "Người xem", role: "viewer", passwordHash: await hashPassword(VIEWER_PW) } });
  });
  afterAll(async () => {
    await service.stop();
    await db.close();
  });

  const post = (path: string, form: Record<string, string>, cookie?: string) =>
    fetch(`${service.url}${path}`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) }, body: new URLSearchParams(form) });
  async function signIn(username: string, password: string): Promise<{ cookie: string; csrf: string }> {
    const res = await post("/dashboard/login", { username, password, next: "/dashboard/schools" });
    expect(res.status).toBe(303);
    const setCookie = res.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const cookie = setCookie.split(";")[0]!;
    const page = await (await fetch(`${service.url}/dashboard/schools`, { headers: { cookie } })).text();
    return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page)![1]! };
  }

  it("keeps every dashboard page behind sign-in, but not the chat page and health checks", async () => {
    for (const path of ["/dashboard", "/dashboard/periods/2025-Q3", "/dashboard/review", "/dashboard/schools.csv", "/dashboard/periods/2025-Q3/export.xlsx"]) {
      const res = await fetch(`${service.url}${path}`, { redirect: "manual" });
      expect([path, res.status, res.headers.get("location")?.startsWith("/dashboard/login?next=")]).toEqual([path, 303, true]);
    }
    expect((await post("/dashboard/schools/x", { name: "y" })).status).toBe(401);
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${service.url}/`)).status).toBe(200);
  });

  it("signs in the officer created from DASHBOARD_ADMIN_PASSWORD, with security headers and no open redirect", async () => {
    const { cookie } = await signIn("canbo", OFFICER_PW);
    const res = await fetch(`${service.url}/dashboard/schools`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    const evil = await post("/dashboard/login", { username: "canbo", password: OFFICER_PW, next: "//evil.example/x" });
    expect(evil.headers.get("location")).toBe("/dashboard");
  });

  it("refuses a POST without the session's CSRF token, and any change by a viewer", async () => {
    const officer = await signIn("canbo", OFFICER_PW);
    const school = await db.prisma.school.findUniqueOrThrow({ where: { code: "TH-A" } });
    const form = { name: "Trường A mới", shortName: "", level: "TH", emails: "a@example.edu.vn" };
    expect((await post(`/dashboard/schools/${school.id}`, form, officer.cookie)).status).toBe(403);
    expect((await post(`/dashboard/schools/${school.id}`, { ...form, _csrf: "x".repeat(officer.csrf.length) }, officer.cookie)).status).toBe(403);
    expect((await db.prisma.school.findUniqueOrThrow({ where: { id: school.id } })).name).toBe("Trường A");
    const ok = await post(`/dashboard/schools/${school.id}`, { ...form, _csrf: officer.csrf }, officer.cookie);
    expect(ok.status).toBe(303);
    expect(await db.prisma.school.findUniqueOrThrow({ where: { id: school.id } })).toMatchObject({ name: "Trường A mới", emails: ["a@example.edu.vn"] });

    const viewer = await signIn("xem", VIEWER_PW);
    const denied = await post(`/dashboard/schools/${school.id}`, { ...form, name: "Không được", _csrf: viewer.csrf }, viewer.cookie);
    expect(denied.status).toBe(403);
    expect(await denied.text()).toBe("Tài khoản chỉ có quyền xem.");
    // Signing out ends the session on the server.
    expect((await post("/dashboard/logout", { _csrf: viewer.csrf }, viewer.cookie)).status).toBe(303);
    expect((await fetch(`${service.url}/dashboard/schools`, { headers: { cookie: viewer.cookie }, redirect: "manual" })).status).toBe(303);
  });

  it("lets an officer add and edit a school's contacts, refusing an invalid email", async () => {
    const officer = await signIn("canbo", OFFICER_PW);
    const school = await db.prisma.school.findUniqueOrThrow({ where: { code: "TH-A" } });
    const add = await post(`/dashboard/schools/${school.id}/contacts`, { _csrf: officer.csrf, name: "Nguyễn Thị Lan", role: "principal", email: "Lan@Example.edu.vn", phone: "0909000111" }, officer.cookie);
    expect(add.status).toBe(303);
    const c = await db.prisma.contact.findFirstOrThrow({ where: { schoolId: school.id } });
    expect(c).toMatchObject({ name: "Nguyễn Thị Lan", role: "principal", email: "lan@example.edu.vn", phone: "0909000111" });
    const bad = await post(`/dashboard/contacts/${c.id}`, { _csrf: officer.csrf, name: "Nguyễn Thị Lan", role: "it_staff", email: "không-phải-email", phone: "" }, officer.cookie);
    expect(bad.headers.get("location")).toContain("error=");
    expect((await db.prisma.contact.findUniqueOrThrow({ where: { id: c.id } })).role).toBe("principal");
    await post(`/dashboard/contacts/${c.id}`, { _csrf: officer.csrf, name: "Nguyễn Thị Lan", role: "it_staff", email: "", phone: "" }, officer.cookie);
    expect(await db.prisma.contact.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ role: "it_staff", email: null, phone: null });
    const page = await (await fetch(`${service.url}/dashboard/schools/${school.id}`, { headers: { cookie: officer.cookie } })).text();
    expect(page).toContain('<option value="it_staff" selected>Cán bộ CNTT</option>');
  });

  it("counts only failed sign-ins: the 12th correct sign-in in 15 minutes is accepted", async () => {
    for (let i = 0; i < 12; i++) expect((await post("/dashboard/login", { username: "xem", password: VIEWER_PW })).status).toBe(303);
  });

  it("answers an unknown id in a form's URL with 404 and a NUL or broken escape with 400, never 500", async () => {
    const { cookie, csrf } = await signIn("canbo", OFFICER_PW);
    const contact = { _csrf: csrf, name: "Nguyễn Văn A", role: "principal", email: "a@example.vn" };
    for (const path of ["/dashboard/schools/khong-co", "/dashboard/schools/khong-co/contacts", "/dashboard/contacts/khong-co", "/dashboard/schools/khong-co/link-code", "/dashboard/review/khong-co/accept", "/dashboard/review/khong-co/reject"]) {
      expect([path, (await post(path, { ...contact, level: "TH", reason: "x", periodCode: "2025-Q3" }, cookie)).status]).toEqual([path, 404]);
    }
    for (const path of ["/dashboard/schools/a%00b", "/dashboard/reports/%00", "/dashboard/schools/%E0%A4%A"]) {
      expect([path, (await fetch(`${service.url}${path}`, { headers: { cookie } })).status]).toEqual([path, 400]);
    }
  });

  it("answers an unknown user and a wrong password alike, and limits attempts", async () => {
    const unknown = await post("/dashboard/login", { username: "khong-co", password: "abcdefghijk" });
    const wrong = await post("/dashboard/login", { username: "canbo", password: "abcdefghijk" });
    expect([unknown.status, wrong.status]).toEqual([401, 401]);
    expect(await unknown.text()).toBe(await wrong.text());
    let last = 0;
    for (let i = 0; i < 12; i++) last = (await post("/dashboard/login", { username: "canbo", password: "sai" })).status;
    expect(last).toBe(429);
  });
});

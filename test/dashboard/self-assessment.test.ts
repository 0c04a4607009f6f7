/** A self-assessment on the dashboard: its own table on the report page and in the exports, decimals kept (real HTTP, PGlite). */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import { DEFAULT_DEADLINE_RULES } from "../../src/domain/periods.ts";
import { ensureSelfAssessmentPeriod, fileVersion } from "../../src/reports/store.ts";
import type { Service } from "../../src/service.ts";
import { openTestDatabase } from "../helpers/db.ts";
import { startTestService } from "../helpers/service.ts";

describe("self-assessment on the dashboard", () => {
  let db: Database;
  let service: Service;
  let cookie: string;
  let reportId: string;
  beforeAll(async () => {
    db = await openTestDatabase("pglite");
    service = await startTestService(db, { DASHBOARD_ADMIN_USERNAME: "canbo", DASHBOARD_ADMIN_PASSWORD: "mat-khau-can-bo-2025", CLOCK_NOW: "2026-05-12T09:00:00+07:00" });
    const school = await db.prisma.school.create({ data: { code: "TH-SA", name: "Trường Tiểu học Sao Mai", level: "TH", emails: [] } });
    const period = await ensureSelfAssessmentPeriod(db.prisma, 2026, DEFAULT_DEADLINE_RULES);
    const row = (r: object) => ({ status: null, progressPercent: null, done: null, next: null, difficulties: null, recommendations: null, ...r });
    const filed = await fileVersion(db.prisma, {
      schoolId: school.id, periodId: period.id, source: "email", actor: { type: "system" }, mode: "replace", now: new Date("2026-05-12T02:00:00Z"), rules: DEFAULT_DEADLINE_RULES,
      rows: { N1: row({ progressPercent: 73, done: "72.5 điểm" }), N2: row({ progressPercent: 80, done: "80 điểm" }), DK1: row({ status: "da_hoan_thanh" }), DK3: row({ status: "chua_thuc_hien" }), MC: row({ done: "QĐ 12/QĐ-TH" }) },
    });
    reportId = filed.id;
    const login = await fetch(`${service.url}/dashboard/login`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ username: "canbo", password: "mat-khau-can-bo-2025" }) });
    cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  });
  afterAll(async () => {
    await service.stop();
    await db.close();
  });

  it("shows the scores as given, with their level, the conditions and the evidence — not PHỤ LỤC 3 rows", async () => {
    const page = await (await fetch(`${service.url}/dashboard/reports/${reportId}`, { headers: { cookie } })).text();
    expect(page).toContain("72.5 điểm — Mức độ 2 (đáp ứng cơ bản)");
    expect(page).toContain("80 điểm — Mức độ 3 (đáp ứng tốt)");
    expect(page).toMatch(/DK3<\/td><td>Điều kiện bắt buộc: [^<]+<\/td><td[^>]*>Không</);
    expect(page).toContain("QĐ 12/QĐ-TH");
    expect(page).not.toContain("Đã thực hiện, kết quả (3)");
  });

  it("exports a self-assessment sheet per school and CSV lines with the decimal score", async () => {
    const xlsx = await fetch(`${service.url}/dashboard/periods/2026-SA/export.xlsx`, { headers: { cookie } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer);
    const sheet = wb.getWorksheet("TH-SA")!;
    const values = sheet.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1, 4));
    expect(values).toContainEqual(["N1", "Nhóm 1 — Chuyển đổi số trong dạy, học", 72.5]);
    expect(values).toContainEqual(["MC", "Minh chứng", "QĐ 12/QĐ-TH"]);
    const csv = await (await fetch(`${service.url}/dashboard/periods/2026-SA/export.csv`, { headers: { cookie } })).text();
    expect(csv).toContain("72.5 điểm");
    expect(csv).not.toContain("Quý 0");
  });
});

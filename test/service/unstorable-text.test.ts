/**
 * Text that breaks storage or Office files (a NUL, a lone surrogate half, U+FFFE/U+FFFF, other
 * control characters) is cleaned where it enters — chat, mail — and again where documents are
 * written, so nothing fails half-way and one school's odd character never spoils the district's
 * consolidated export.
 */
import ExcelJS from "exceljs";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { afterEach, describe, expect, it } from "vitest";
import { storableText } from "../../src/domain/text.ts";
import { DEFAULT_DEADLINE_RULES } from "../../src/domain/periods.ts";
import type { Database } from "../../src/db/client.ts";
import { consolidatedXlsx } from "../../src/dashboard/data/export.ts";
import { periodInfo } from "../../src/dashboard/data/board.ts";
import { createLogger } from "../../src/logger.ts";
import { ingestRaw } from "../../src/mail/inbound/ingest.ts";
import { Outbox } from "../../src/mail/outbound/outbox.ts";
import { buildPhuLuc3Xlsx } from "../../src/reports/documents/phu-luc-3-xlsx.ts";
import { loadReportTemplate } from "../../src/reports/template.ts";
import type { Service } from "../../src/service.ts";
import { engines, openTestDatabase } from "../helpers/db.ts";
import { ingestDeps } from "../helpers/mail.ts";
import { chat, startTestService } from "../helpers/service.ts";

const BAD = "Tập\u0000 huấn\uD800 30\uFFFE GV\u0007\uFFFF";
const CLEAN = "Tập huấn\uFFFD 30 GV";

describe("storableText", () => {
  it("keeps Vietnamese, emoji, tabs and line breaks; drops what storage and XML refuse", () => {
    expect(storableText(BAD)).toBe(CLEAN);
    expect(storableText("Học bạ 😀\tđiện tử\nquý 3")).toBe("Học bạ 😀\tđiện tử\nquý 3");
    expect(storableText("Ho\u0323c")).toBe("Học"); // NFD → NFC
    expect(storableText("\uDC00x\uD83D\uDE00")).toBe("\uFFFDx😀");
  });
});

describe.each(engines)("unstorable text end to end (%s)", (engine) => {
  let db: Database;
  let service: Service | undefined;
  afterEach(async () => {
    await service?.stop();
    service = undefined;
    await db.close();
  });

  it("a chat message with a NUL and a lone surrogate is stored and answered", async () => {
    db = await openTestDatabase(engine);
    service = await startTestService(db);
    const replies = await chat(service, "user-nul-text", "hạn nộp\u0000 báo cáo quý 3\uD800?");
    expect(replies.length).toBeGreaterThan(0);
    const stored = await db.prisma.chatMessage.findMany({ where: { direction: "in" }, select: { text: true } });
    expect(stored.map((m) => m.text)).toEqual(["hạn nộp báo cáo quý 3\uFFFD?"]);
  });

  it("a mailed report with such characters in its subject and cells is filed, and the export opens", async () => {
    db = await openTestDatabase(engine);
    const template = loadReportTemplate();
    await db.prisma.school.create({ data: { code: "TH-A", name: "Trường Tiểu học A\uFFFE", level: "TH", emails: ["tha@example.edu.vn"] } });
    const xlsx = await buildPhuLuc3Xlsx({ school: { code: "X", name: "X" }, period: { code: "2025-Q3", quarter: 3, year: 2025 }, version: 1, referenceNo: null, submittedAt: null, late: false, items: [{ taskCode: "2", status: null, progressPercent: null, done: "Tập huấn 30 GV", next: null, difficulties: null, recommendations: null }] }, template);
    const raw = await new MailComposer({ from: "tha@example.edu.vn", to: "cntt.cc@hcm.edu.vn", subject: "Báo cáo CĐS quý 3/2025\u0000", text: `Kính gửi Phòng.\nMục 8: ${BAD}`, attachments: [{ filename: "PL3.xlsx", content: xlsx }] }).compile().build();
    const outbox = new Outbox(db.prisma, undefined, { from: "x <x@y.vn>", logger: createLogger({ level: "silent", secrets: [] }) });
    const r = await ingestRaw(ingestDeps(db.prisma, outbox), raw, new Date("2025-09-12T02:00:00Z"));
    expect(r.outcome).toBe("filed");
    expect((await db.prisma.inboundEmail.findFirstOrThrow({ select: { subject: true } })).subject).toBe("Báo cáo CĐS quý 3/2025");
    // A cell stored before this cleaning existed (written straight to the database).
    const report = await db.prisma.report.findFirstOrThrow({ where: { status: "submitted" } });
    await db.prisma.reportItem.create({ data: { reportId: report.id, taskCode: "9", done: `Thư viện\uFFFF số\u0001 ${"\uFFFE"}` } });
    const period = await periodInfo(db.prisma, "2025-Q3", DEFAULT_DEADLINE_RULES);
    const file = await consolidatedXlsx(db.prisma, period!, template);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    const cells = wb.worksheets.flatMap((ws) => ws.getSheetValues().flat().map((v) => String(v ?? "")));
    expect(cells.some((c) => c.includes("Thư viện số"))).toBe(true);
    expect(cells.some((c) => c.includes("Trường Tiểu học A"))).toBe(true);
    expect(cells.join("").match(/[\u0000-\u0008\uFFFE\uFFFF]/)).toBeNull();
    await outbox.stop();
  });

  it("dashboard forms, a CSV import and the officer's entry store such characters clean", async () => {
    db = await openTestDatabase(engine);
    const school = await db.prisma.school.create({ data: { code: "TH-B", name: "Trường B", level: "TH", emails: [] } });
    service = await startTestService(db, { DASHBOARD_ADMIN_USERNAME: "canbo", DASHBOARD_ADMIN_PASSWORD: "mat-khau-can-bo-2025" });
    const url = service.url;
    const login = await fetch(`${url}/dashboard/login`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ username: "canbo", password: "mat-khau-can-bo-2025" }) });
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await (await fetch(`${url}/dashboard/schools`, { headers: { cookie } })).text())![1]!;
    const form = (path: string, fields: Record<string, string>) =>
      fetch(`${url}${path}`, { method: "POST", redirect: "manual", headers: { cookie, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ _csrf: csrf, ...fields }) });

    expect((await form(`/dashboard/schools/${school.id}`, { name: `Trường ${BAD}`, shortName: "", level: "TH", emails: "" })).status).toBe(303);
    expect((await db.prisma.school.findUniqueOrThrow({ where: { id: school.id } })).name).toBe(`Trường ${CLEAN}`);
    expect((await form(`/dashboard/schools/${school.id}/contacts`, { name: `Cô ${BAD}`, role: "principal", email: "", phone: "" })).status).toBe(303);
    expect((await db.prisma.contact.findFirstOrThrow()).name).toBe(`Cô ${CLEAN}`);
    expect((await form(`/dashboard/periods/2025-Q3/schools/TH-B/enter`, { c__2__status: "da_hoan_thanh", c__2__done: BAD })).status).toBe(303);
    expect((await db.prisma.reportItem.findFirstOrThrow()).done).toBe(CLEAN);

    const csv = new FormData();
    csv.append("_csrf", csrf);
    csv.append("kind", "schools");
    csv.append("file", new Blob([`code,name,level\nTH-C,Trường C\u0000\uD800,TH\n`]), "truong.csv");
    expect((await fetch(`${url}/dashboard/schools/import`, { method: "POST", redirect: "manual", headers: { cookie }, body: csv })).status).toBe(303);
    expect((await db.prisma.school.findUniqueOrThrow({ where: { code: "TH-C" } })).name).toBe("Trường C\uFFFD");
  });
});

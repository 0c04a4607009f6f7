/**
 * A report filed by chat reaches the district mailbox as the official files: PHỤ LỤC 2
 * (.docx) and PHỤ LỤC 3 (.xlsx) sent through a real SMTP server, retried when it refuses.
 */
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ZaloEmulator } from "../../src/channels/zalo/emulator/emulator.ts";
import { manualClock } from "../../src/clock.ts";
import type { Database } from "../../src/db/client.ts";
import { issueLinkCode } from "../../src/registry/link-codes.ts";
import { XLSX_FIRST_ROW } from "../../src/reports/documents/phu-luc-3-xlsx.ts";
import { loadReportTemplate } from "../../src/reports/template.ts";
import type { Service } from "../../src/service.ts";
import { openTestDatabase } from "../helpers/db.ts";
import { startTestService } from "../helpers/service.ts";
import { TestSmtp } from "../helpers/smtp.ts";
import { pointWebhook, zaloEnv, ZaloUser } from "../helpers/zalo-chat.ts";

describe("official documents by email", () => {
  let db: Database;
  let emulator: ZaloEmulator;
  let smtp: TestSmtp;
  let service: Service;
  const clock = manualClock("2025-09-10T09:00:00+07:00");

  beforeEach(async () => {
    db = await openTestDatabase("pglite");
    emulator = await new ZaloEmulator().start();
    smtp = await new TestSmtp().start();
    service = await startTestService(db, { ...zaloEnv(emulator), SMTP_URL: smtp.url, SMTP_ALLOW_INSECURE: "true", MAIL_FROM: "Trợ lý CĐS <tro-ly@example.vn>" }, { clock, outboxBaseDelayMs: 50 });
    pointWebhook(emulator, service);
  });
  afterEach(async () => {
    await service.stop();
    await smtp.stop();
    await emulator.stop();
    await db.close();
  });

  it("emails PHỤ LỤC 2 and 3 to the office and the principal; the .xlsx re-read equals the stored answers", async () => {
    const school = await db.prisma.school.create({ data: { code: "TH-TTCC", name: "Trường Tiểu học Thị Trấn Củ Chi", level: "TH", emails: [] } });
    const contact = await db.prisma.contact.create({ data: { schoolId: school.id, name: "Nguyễn Thị Hoa", role: "principal", email: "hoa@example.edu.vn" } });
    const { code } = await issueLinkCode(db.prisma, { schoolId: school.id, contactId: contact.id, ttlDays: 7 });
    const hoa = new ZaloUser(emulator, () => service, "z-docs");
    await hoa.say(`liên kết ${code}`);
    smtp.rejectNext = 1; // the first attempt is refused: the outbox retries
    const [receipt] = await hoa.script([
      "báo cáo", "2 8",
      "2", "80%", "Tập huấn 25/30 giáo viên; =HYPERLINK(\"x\")", "Tập huấn nốt 5 giáo viên", "Thiếu máy chiếu", "Cấp thêm 2 máy chiếu",
      "3", "Dạy trực tuyến 3 lớp", "Mở rộng 5 lớp", "bỏ qua", "bỏ qua",
      "xác nhận",
    ]);
    expect(receipt).toContain("Hồ sơ PHỤ LỤC 2 (.docx) và PHỤ LỤC 3 (.xlsx) được tự động gửi tới cntt.cc@hcm.edu.vn");

    await smtp.waitFor(1);
    const mail = smtp.received[0]!;
    expect(mail.envelopeTo.sort()).toEqual(["cntt.cc@hcm.edu.vn", "hoa@example.edu.vn"]);
    expect(mail.parsed.subject).toBe("Báo cáo CĐS quý 3/2025 – Trường Tiểu học Thị Trấn Củ Chi");
    expect(mail.parsed.text).toContain("mã tiếp nhận BC-2025Q3-TH-TTCC-v1");
    expect(mail.parsed.attachments.map((a) => a.filename)).toEqual(["BC-CDS-2025-Q3-TH-TTCC-v1-PL2.docx", "BC-CDS-2025-Q3-TH-TTCC-v1-PL3.xlsx"]);
    await vi.waitFor(async () =>
      expect(await db.prisma.outboundEmail.findFirstOrThrow()).toMatchObject({ status: "sent", attempts: 2, kind: "report_filed" }),
    );

    // Re-read the spreadsheet: every row in order, and the cells equal what the database holds.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(mail.parsed.attachments[1]!.content as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("PHỤ LỤC 3")!;
    expect(String(ws.getCell(3, 1).value)).toBe("Đơn vị: Trường Tiểu học Thị Trấn Củ Chi — Quý 3/2025");
    const template = loadReportTemplate();
    const codes = template.rows.map((_, i) => String(ws.getCell(XLSX_FIRST_ROW + i, 1).value));
    expect(codes).toEqual(template.rows.map((r) => r.code));
    const stored = await db.prisma.reportItem.findMany({ where: { report: { schoolId: school.id } } });
    const cell = (row: number, col: number) => {
      const v = ws.getCell(row, col).value;
      return v === null || v === "" ? null : v;
    };
    for (const item of stored) {
      const r = XLSX_FIRST_ROW + template.rows.findIndex((x) => x.code === item.taskCode);
      expect([cell(r, 3), cell(r, 4), cell(r, 5), cell(r, 6), cell(r, 8)]).toEqual([item.done, item.next, item.difficulties, item.recommendations, item.progressPercent]);
      expect(ws.getCell(r, 3).formula).toBeUndefined(); // text that looks like a formula stays text
    }
    // The .docx is a real Word file (a zip with the document part) and names the school.
    const docx = mail.parsed.attachments[0]!.content;
    expect(docx.subarray(0, 2).toString()).toBe("PK");
    expect(docx.includes(Buffer.from("word/document.xml"))).toBe(true);
  });

  it("files the report even when the mail server is down, and sends once it is back", async () => {
    const school = await db.prisma.school.create({ data: { code: "THCS-TT2", name: "Trường THCS Thị Trấn 2", level: "THCS", emails: [] } });
    const { code } = await issueLinkCode(db.prisma, { schoolId: school.id, ttlDays: 7 });
    const user = new ZaloUser(emulator, () => service, "z-down");
    await user.say(`liên kết ${code}`);
    smtp.rejectNext = 3;
    const [receipt] = await user.script(["báo cáo", "không có", "xác nhận"]);
    expect(receipt).toContain("Mã tiếp nhận: BC-2025Q3-THCS-TT2-v1");
    expect(await db.prisma.report.count({ where: { status: "submitted" } })).toBe(1);
    await smtp.waitFor(1);
    await vi.waitFor(async () => expect(await db.prisma.outboundEmail.findFirstOrThrow()).toMatchObject({ status: "sent", attempts: 4 }));
    expect(smtp.received).toHaveLength(1);
  });

  it("takes the annual self-assessment: scores, mandatory conditions, evidence; explains the level and files it", async () => {
    clock.set("2026-05-12T09:00:00+07:00");
    const school = await db.prisma.school.create({ data: { code: "TH-THCS-TT", name: "Trường TH-THCS Tân Trung", level: "TH-THCS", emails: [] } });
    const { code } = await issueLinkCode(db.prisma, { schoolId: school.id, ttlDays: 7 });
    const user = new ZaloUser(emulator, () => service, "z-sa");
    await user.say(`liên kết ${code}`);
    const [intro, first] = await user.say("tự đánh giá");
    expect(intro).toContain("Bản tự đánh giá mức độ chuyển đổi số năm 2026");
    expect(first).toContain("Nhóm 1 — Chuyển đổi số trong dạy, học");
    expect((await user.say("120"))[0]).toContain("Điểm mỗi nhóm từ 0 đến 100");
    // Both groups by name, in any order, in one message.
    expect((await user.say("quản trị 74, dạy học 80"))[0]).toContain("Điều kiện bắt buộc 1/4");
    expect((await user.say("hmm"))[0]).toContain("Gõ “có”, “không” hoặc “bỏ qua”");
    await user.script(["có", "có", "không"]);
    const [notesPrompt] = await user.say("có");
    expect(notesPrompt).toContain("Ghi chú minh chứng");
    const [summary] = await user.say("LMS: https://lms.example.edu.vn; QĐ 12/QĐ-TH ban hành quy chế");
    expect(summary).toContain("Nhóm 1 — Chuyển đổi số trong dạy, học: 80 điểm — Mức độ 3");
    expect(summary).toContain("74 điểm — Mức độ 2 (đáp ứng cơ bản) (cần thêm 2 điểm để đạt Mức độ 3");
    expect(summary).toContain("Điều kiện bắt buộc: đạt 3/4 — chưa có: Có bộ phận (ban chỉ đạo/tổ)");
    expect(summary).toContain("Mức chung: Mức độ 2");
    // Staff notes ("chưa xác minh — cần đối chiếu …") stay in the office's .xlsx below, never in what the school reads.
    expect(summary).toContain("Lưu ý: văn bản tôi có chưa nói rõ hệ quả khi chưa đạt điều kiện bắt buộc; thầy/cô hỏi thêm Phòng Giáo dục và Đào tạo huyện Củ Chi nếu cần.");
    expect(emulator.sentTo("z-sa").map((m) => m.text).join("\n")).not.toMatch(/chưa xác minh|cần đối chiếu/);
    expect(summary).toContain("Hạn gửi Phòng: trước 20/05/2026");
    const [receipt] = await user.say("xác nhận");
    expect(receipt).toContain("Mã tiếp nhận: BC-2026SA-TH-THCS-TT-v1");
    expect(receipt).toContain("trước 31/05/2026");
    const filed = await db.prisma.report.findFirstOrThrow({ where: { schoolId: school.id }, include: { period: true, items: true, selfAssessment: true } });
    expect(filed).toMatchObject({ status: "submitted", late: false, period: { code: "2026-SA", kind: "self_assessment" } });
    // In its own table, typed; no PHỤ LỤC 3 rows pretending to be scores.
    expect(filed.items).toEqual([]);
    expect(filed.selfAssessment).toMatchObject({
      teachingScore: 80, managementScore: 74, conditions: { DK1: true, DK2: true, DK3: false, DK4: true }, evidence: "LMS: https://lms.example.edu.vn; QĐ 12/QĐ-TH ban hành quy chế",
    });
    await smtp.waitFor(1);
    const mail = smtp.received[0]!.parsed;
    expect(mail.subject).toBe("Bản tự đánh giá mức độ CĐS năm 2026 – Trường TH-THCS Tân Trung");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(mail.attachments[0]!.content as unknown as ArrayBuffer);
    const rows = wb.getWorksheet("Tự đánh giá")!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1, 4));
    expect(rows).toContainEqual(["N1", "Nhóm 1 — Chuyển đổi số trong dạy, học", 80]);
    expect(rows).toContainEqual(["DK3", "Điều kiện bắt buộc: Có bộ phận (ban chỉ đạo/tổ) phụ trách ứng dụng CNTT, chuyển đổi số (chưa xác minh)", "Không"]);
  });

  it("the self-assessment summary shows a decimal score and its exact gap to the next level, with a decimal comma", async () => {
    clock.set("2026-05-12T09:00:00+07:00");
    const school = await db.prisma.school.create({ data: { code: "TH-SA-DEC", name: "Trường Tiểu học Hòa Phú", level: "TH", emails: [] } });
    const { code } = await issueLinkCode(db.prisma, { schoolId: school.id, ttlDays: 7 });
    const user = new ZaloUser(emulator, () => service, "z-sa-dec");
    await user.say(`liên kết ${code}`);
    await user.script(["tự đánh giá", "dạy học 72,5 quản trị 47,5", "có", "có", "có", "có"]);
    const [summary] = await user.say("bỏ qua");
    expect(summary).toContain("Nhóm 1 — Chuyển đổi số trong dạy, học: 72,5 điểm — Mức độ 2 (đáp ứng cơ bản) (cần thêm hơn 2,5 điểm để đạt Mức độ 3");
    expect(summary).toContain("47,5 điểm — Mức độ 1 (chưa đáp ứng) (cần thêm 2,5 điểm để đạt Mức độ 2");
  });
});

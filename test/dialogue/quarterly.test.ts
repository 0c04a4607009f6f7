/**
 * Scripted conversations for the quarterly report, end to end over the Zalo emulator:
 * webhook → pipeline → dialogue → database → replies.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZaloEmulator } from "../../src/channels/zalo/emulator/emulator.ts";
import { manualClock } from "../../src/clock.ts";
import type { Database } from "../../src/db/client.ts";
import { issueLinkCode } from "../../src/registry/link-codes.ts";
import type { Service } from "../../src/service.ts";
import { engines, openTestDatabase } from "../helpers/db.ts";
import { startTestService } from "../helpers/service.ts";
import { pointWebhook, zaloEnv, ZaloUser } from "../helpers/zalo-chat.ts";

describe.each(engines)("quarterly report by chat (%s)", (engine) => {
  let db: Database;
  let emulator: ZaloEmulator;
  let service: Service;
  let schoolId: string;
  const clock = manualClock("2025-09-10T09:00:00+07:00");

  const start = async () => {
    service = await startTestService(db, zaloEnv(emulator), { clock });
    pointWebhook(emulator, service);
  };
  const linkedUser = async (id: string, name = "Nguyễn Thị Hoa") => {
    const user = new ZaloUser(emulator, () => service, id, name);
    const { code } = await issueLinkCode(db.prisma, { schoolId, ttlDays: 7 });
    expect((await user.say(`liên kết ${code}`))[0]).toContain("Đã liên kết thành công");
    return user;
  };
  const versions = () =>
    db.prisma.report.findMany({ where: { schoolId }, orderBy: { version: "asc" }, include: { items: { orderBy: { taskCode: "asc" } }, period: true } });

  beforeEach(async () => {
    clock.set("2025-09-10T09:00:00+07:00");
    db = await openTestDatabase(engine);
    emulator = await new ZaloEmulator().start();
    schoolId = (await db.prisma.school.create({ data: { code: "TH-TTCC", name: "Trường Tiểu học Thị Trấn Củ Chi", level: "TH", emails: [] } })).id;
    await start();
  });
  afterEach(async () => {
    await service.stop();
    await emulator.stop();
    await db.close();
  });

  it("files a full report: rows picked, every field asked, summary, receipt with a reference number", async () => {
    const hoa = await linkedUser("z-hoa");
    const [rowsPrompt] = await hoa.say("báo cáo");
    expect(rowsPrompt).toContain("Báo cáo quý 3/2025 — Trường Tiểu học Thị Trấn Củ Chi");
    expect(rowsPrompt).toContain("9. Triển khai giải pháp thư viện số");
    expect((await hoa.say("2 8"))[0]).toContain("Mục 2. Đào tạo bồi dưỡng");
    expect((await hoa.say("2"))[0]).toContain("Đạt bao nhiêu %");
    expect((await hoa.say("được 8/10 việc"))[0]).toContain("Trong quý đã làm được gì");
    await hoa.script(["Tập huấn 25/30 giáo viên dùng LMS", "Tập huấn nốt 5 giáo viên", "Thiếu máy chiếu", "Đề nghị cấp thêm 2 máy chiếu"]);
    const [row8] = await hoa.say("3"); // row 8 status: done → % not asked
    expect(row8).toContain("Trong quý đã làm được gì");
    const [summary] = await hoa.script(["Dạy trực tuyến 3 lớp", "Mở rộng 5 lớp", "bỏ qua", "bỏ qua"]);
    expect(summary).toContain("(bản nháp, phiên bản 1)");
    expect(summary).toContain("đang thực hiện, 80%");
    expect(summary).toContain("đã hoàn thành, 100%");
    const [receipt] = await hoa.say("xác nhận");
    expect(receipt).toContain("Đã nộp báo cáo quý 3/2025 của Trường Tiểu học Thị Trấn Củ Chi (phiên bản 1)");
    expect(receipt).toContain("Mã tiếp nhận: BC-2025Q3-TH-TTCC-v1");
    expect(receipt).not.toContain("nộp trễ");

    const [report] = await versions();
    expect(report).toMatchObject({ status: "submitted", version: 1, late: false, source: "chat", referenceNo: "BC-2025Q3-TH-TTCC-v1" });
    expect(report!.items.map((i) => [i.taskCode, i.status, i.progressPercent, i.done, i.next, i.difficulties, i.recommendations])).toEqual([
      ["2", "dang_thuc_hien", 80, "Tập huấn 25/30 giáo viên dùng LMS", "Tập huấn nốt 5 giáo viên", "Thiếu máy chiếu", "Đề nghị cấp thêm 2 máy chiếu"],
      ["8", "da_hoan_thanh", 100, "Dạy trực tuyến 3 lớp", "Mở rộng 5 lớp", null, null],
    ]);
    const conv = await db.prisma.conversation.findFirstOrThrow({ where: { chatId: "z-hoa" } });
    expect(conv.state).toBeNull();
  });

  it("understands “80%” and “xong rồi” as statuses, and a whole row in one labelled message", async () => {
    const hoa = await linkedUser("z-status");
    await hoa.script(["báo cáo", "tất cả"]);
    expect((await hoa.say("80%"))[0]).toContain("Trong quý đã làm được gì"); // % already known
    await hoa.script(["Đã phối hợp cập nhật dữ liệu", "bỏ qua", "bỏ qua", "bỏ qua"]);
    expect((await hoa.say("xong rồi"))[0]).toContain("Trong quý đã làm được gì");
    await hoa.script(["Đã xong", "bỏ qua", "bỏ qua", "bỏ qua"]);
    const [saved, next] = await hoa.say("Tình trạng: đang làm\nTiến độ: 50%\nĐã làm: Tập huấn 2 đợt\nKhó khăn: thiếu kinh phí");
    expect(saved).toBe("Đã lưu mục 2.");
    expect(next).toContain("Mục 3.1.");
    const draft = (await versions())[0]!;
    expect(draft.items.map((i) => [i.taskCode, i.status, i.progressPercent])).toEqual([
      ["1.1", "dang_thuc_hien", 80],
      ["1.2", "da_hoan_thanh", 100],
      ["2", "dang_thuc_hien", 50],
    ]);
    expect(draft.items[2]).toMatchObject({ done: "Tập huấn 2 đợt", difficulties: "thiếu kinh phí" });
  });

  it("skips with “bỏ qua”, goes back with “quay lại”, and the new answer replaces the old", async () => {
    const hoa = await linkedUser("z-back");
    await hoa.script(["báo cáo", "7", "đang làm", "60%"]);
    expect((await hoa.say("bỏ qua"))[0]).toContain("Quý tới dự kiến làm gì");
    const [again] = await hoa.say("quay lại");
    expect(again).toContain("Trong quý đã làm được gì");
    expect((await hoa.say("Triển khai văn phòng điện tử cho tổ văn phòng"))[0]).toContain("Quý tới dự kiến làm gì");
    expect((await hoa.say("quay lại"))[0]).toContain("Hiện tại: “Triển khai văn phòng điện tử cho tổ văn phòng”");
    await hoa.say("giữ nguyên");
    const item = (await versions())[0]!.items[0]!;
    expect(item).toMatchObject({ taskCode: "7", status: "dang_thuc_hien", progressPercent: 60, done: "Triển khai văn phòng điện tử cho tổ văn phòng" });
  });

  it("answers a question in the middle of the form and asks the same field again", async () => {
    const hoa = await linkedUser("z-aside");
    await hoa.script(["báo cáo", "4", "2", "50%"]);
    const [answer, reask] = await hoa.say("hạn nộp là ngày nào?");
    expect(answer).toContain("trước ngày 20/09/2025");
    expect(answer).toContain("Nguồn: CV 396/GDĐT-CNTT");
    expect(reask).toContain("Tiếp tục báo cáo:");
    expect(reask).toContain("Trong quý đã làm được gì");
    const conv = await db.prisma.conversation.findFirstOrThrow({ where: { chatId: "z-aside" } });
    expect((conv.state as { step: unknown }).step).toEqual({ kind: "field", row: "4", field: "done" });
  });

  it("offers last quarter's plan and copies last quarter's answers (“như quý trước”, “như kế hoạch”)", async () => {
    const hoa = await linkedUser("z-last");
    clock.set("2025-06-05T10:00:00+07:00");
    await hoa.script(["báo cáo", "2 8", "2", "50%", "Tập huấn đợt 1", "Tập huấn đợt 2 cho 15 giáo viên", "bỏ qua", "bỏ qua", "1", "bỏ qua", "Dạy thử trực tuyến 2 lớp", "bỏ qua", "bỏ qua"]);
    expect((await hoa.say("xác nhận"))[0]).toContain("Đã nộp báo cáo quý 2/2025");

    clock.set("2025-09-10T09:00:00+07:00");
    await hoa.script(["báo cáo", "2 8", "3"]);
    // “done” of row 2: last quarter's plan is offered.
    const conv = () => db.prisma.conversation.findFirstOrThrow({ where: { chatId: "z-last" } });
    expect(emulator.sentTo("z-last").at(-1)!.text).toContain("Quý trước trường dự kiến: “Tập huấn đợt 2 cho 15 giáo viên”");
    await hoa.say("như kế hoạch");
    await hoa.script(["bỏ qua", "bỏ qua", "bỏ qua"]);
    const [copied] = await hoa.say("như quý trước"); // row 8, all fields from Q2
    expect(copied).toContain("Đã lấy câu trả lời quý trước cho mục 8");
    expect((await conv()).state).toMatchObject({ step: { kind: "review" } });
    const q3 = (await versions()).find((r) => r.period.code === "2025-Q3")!;
    expect(q3.items.map((i) => [i.taskCode, i.status, i.done, i.next])).toEqual([
      ["2", "da_hoan_thanh", "Tập huấn đợt 2 cho 15 giáo viên", null],
      ["8", "chua_thuc_hien", null, "Dạy thử trực tuyến 2 lớp"],
    ]);
  });

  it("keeps the draft on “hủy” and resumes it after a restart, also in the middle of a row", async () => {
    const hoa = await linkedUser("z-resume");
    await hoa.script(["báo cáo", "5 6", "2", "40%", "Áp dụng phần mềm quản lý"]);
    expect((await hoa.say("hủy"))[0]).toContain("Bản nháp báo cáo vẫn được giữ nguyên");

    await service.stop();
    await start();
    const [resumed, summary] = await hoa.say("báo cáo");
    expect(resumed).toBe("Tiếp tục bản nháp đang làm dở.");
    expect(summary).toContain("Áp dụng phần mềm quản lý");

    await hoa.say("sửa 6");
    await service.stop();
    await start(); // a restart between two messages
    expect((await hoa.say("1"))[0]).toContain("Trong quý đã làm được gì");
    const items = (await versions())[0]!.items;
    expect(items.map((i) => [i.taskCode, i.status])).toEqual([
      ["5", "dang_thuc_hien"],
      ["6", "chua_thuc_hien"],
    ]);
  });

  it("files after the deadline as late, and says so before and after", async () => {
    clock.set("2025-09-25T08:00:00+07:00");
    const hoa = await linkedUser("z-late");
    const [note] = await hoa.say("báo cáo");
    expect(note).toContain("đã quá hạn nộp báo cáo quý 3/2025 (trước ngày 20/09/2025)");
    const [receipt] = await hoa.script(["không có", "xác nhận"]);
    expect(receipt).toContain("ghi nhận là nộp trễ");
    expect((await versions())[0]).toMatchObject({ status: "submitted", late: true });
  });

  it("corrects a submitted report as a new version and keeps every version", async () => {
    const hoa = await linkedUser("z-fix");
    await hoa.script(["báo cáo", "9", "2", "30%", "Lập danh mục sách số", "bỏ qua", "bỏ qua", "bỏ qua", "xác nhận"]);
    expect((await hoa.say("báo cáo"))[0]).toContain("đã nộp báo cáo quý 3/2025 (phiên bản 1, mã BC-2025Q3-TH-TTCC-v1");
    const [opened] = await hoa.say("sửa báo cáo");
    expect(opened).toContain("Đã mở phiên bản 2 từ bản đã nộp (phiên bản 1)");
    await hoa.script(["sửa 9", "3", "giữ nguyên", "giữ nguyên", "giữ nguyên", "giữ nguyên"]);
    expect((await hoa.say("xác nhận"))[0]).toContain("Mã tiếp nhận: BC-2025Q3-TH-TTCC-v2");
    const all = await versions();
    expect(all.map((r) => [r.version, r.status, r.items[0]!.status, r.items[0]!.progressPercent, r.items[0]!.done])).toEqual([
      [1, "superseded", "dang_thuc_hien", 30, "Lập danh mục sách số"],
      [2, "submitted", "da_hoan_thanh", 100, "Lập danh mục sách số"],
    ]);
    expect(all[1]!.supersedesId).toBe(all[0]!.id);
  });

  it("re-asks kindly on nonsense, emoji, stickers and over-long text, and saves nothing from them", async () => {
    const hoa = await linkedUser("z-noise");
    await hoa.say("báo cáo");
    expect((await hoa.say("asdfgh"))[0]).toContain("Tôi chưa hiểu “asdfgh”. Gõ các số mục cách nhau bằng dấu cách, ví dụ: 2 4 7 8.");
    await hoa.say("3.1");
    expect((await hoa.say("🙂🙂"))[0]).toContain("Gõ 1 (chưa thực hiện), 2 (đang thực hiện) hoặc 3 (đã hoàn thành)");
    expect((await hoa.sendSticker())[0]).toContain("Tôi chỉ đọc được chữ");
    expect((await hoa.say("150%"))[0]).toContain("Tôi chưa hiểu tình trạng");
    await hoa.say("2");
    expect((await hoa.say("150%"))[0]).toContain("Tiến độ phải từ 0 đến 100%");
    await hoa.say("70%");
    expect((await hoa.say("👍"))[0]).toContain("Tôi chưa đọc được nội dung");
    expect((await hoa.say("x".repeat(2500)))[0]).toContain("Nội dung dài 2500 ký tự, tối đa 2000");
    const item = (await versions())[0]!.items[0]!;
    expect(item).toMatchObject({ taskCode: "3.1", status: "dang_thuc_hien", progressPercent: 70, done: null });
  });

  it("tells an unlinked person how to link, and creates nothing", async () => {
    const stranger = new ZaloUser(emulator, () => service, "z-stranger", "Người lạ");
    expect((await stranger.say("báo cáo"))[0]).toContain("Chỉ tài khoản đã liên kết với trường");
    expect((await stranger.say("trường em nộp chưa"))[0]).toContain("liên kết <mã>");
    expect(await db.prisma.report.count()).toBe(0);
  });

  it("lets two contacts of one school share one draft, each edit recorded with its author", async () => {
    const hoa = await linkedUser("z-a", "Nguyễn Thị Hoa");
    const binh = await linkedUser("z-b", "Trần Văn Bình");
    await hoa.script(["báo cáo", "2", "2", "50%", "Tập huấn 10 giáo viên"]);
    const [note, summary] = await binh.say("báo cáo");
    expect(note).toContain("Bản nháp này do Nguyễn Thị Hoa bắt đầu");
    expect(summary).toContain("Tập huấn 10 giáo viên");
    await binh.script(["sửa 2", "giữ nguyên", "giữ nguyên", "Tập huấn 12 giáo viên"]); // status, %, done
    expect(await db.prisma.report.count()).toBe(1);
    const edits = await db.prisma.auditLog.findMany({ where: { action: "report.item_edited" }, orderBy: { at: "asc" } });
    const contacts = await db.prisma.contact.findMany();
    const idOf = (name: string) => contacts.find((c) => c.name === name)!.id;
    expect(edits.at(-1)).toMatchObject({ actorId: idOf("Trần Văn Bình"), data: { taskCode: "2", changed: { done: "Tập huấn 12 giáo viên" }, before: { done: "Tập huấn 10 giáo viên" } } });
    expect(edits.some((e) => e.actorId === idOf("Nguyễn Thị Hoa"))).toBe(true);
  });

  it("answers “trường em nộp chưa?” for any period", async () => {
    const hoa = await linkedUser("z-ask");
    expect((await hoa.say("trường em nộp chưa?"))[0]).toContain("chưa nộp báo cáo quý 3/2025 (hạn trước ngày 20/09/2025)");
    await hoa.script(["báo cáo", "không có", "xác nhận"]);
    expect((await hoa.say("trường em nộp chưa"))[0]).toContain("đã nộp báo cáo quý 3/2025: phiên bản 1, mã BC-2025Q3-TH-TTCC-v1");
    expect((await hoa.say("quý 2/2025 trường em nộp chưa"))[0]).toContain("chưa nộp báo cáo quý 2/2025");
  });
});

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

  it("files a full report: rows picked, one answer per row, summary, receipt with a reference number", async () => {
    const hoa = await linkedUser("z-hoa");
    const [rowsPrompt] = await hoa.say("báo cáo");
    expect(rowsPrompt).toContain("Báo cáo quý 3/2025 — Trường Tiểu học Thị Trấn Củ Chi");
    expect(rowsPrompt).toContain("9. Triển khai giải pháp thư viện số");
    expect((await hoa.say("2 8"))[0]).toContain("Mục 2 (1/2). Đào tạo bồi dưỡng");
    const [understood, row8] = await hoa.say(
      "Đang làm 80%. Tập huấn 25/30 giáo viên dùng LMS. Quý tới: Tập huấn nốt 5 giáo viên. Khó khăn: Thiếu máy chiếu. Kiến nghị: Đề nghị cấp thêm 2 máy chiếu",
    );
    expect(understood).toContain("Đã ghi mục 2 — đang thực hiện 80% · Đã làm: Tập huấn 25/30 giáo viên dùng LMS · Quý tới: Tập huấn nốt 5 giáo viên · Khó khăn: Thiếu máy chiếu · Kiến nghị: Đề nghị cấp thêm 2 máy chiếu");
    expect(row8).toContain("Mục 8 (2/2). Đẩy mạnh hoạt động dạy học trên môi trường trực tuyến");
    const [, summary] = await hoa.say("Xong. Dạy trực tuyến 3 lớp. Quý tới: mở rộng 5 lớp. Không có khó khăn gì");
    expect(summary).toContain("(bản nháp, phiên bản 1)");
    expect(summary).toContain("— đang thực hiện 80%");
    expect(summary).toContain("— đã hoàn thành");
    expect(summary).toContain("Không có hoạt động: 1.1, 1.2, 3.1, 3.2, 3.3, 4, 5, 6, 7, 9.");
    const [receipt] = await hoa.say("xác nhận");
    expect(receipt).toContain("Đã nộp báo cáo quý 3/2025 của Trường Tiểu học Thị Trấn Củ Chi (phiên bản 1)");
    expect(receipt).toContain("Mã tiếp nhận: BC-2025Q3-TH-TTCC-v1");
    expect(receipt).toContain("đúng hạn (hạn trước ngày 20/09/2025)");

    const [report] = await versions();
    expect(report).toMatchObject({ status: "submitted", version: 1, late: false, source: "chat", referenceNo: "BC-2025Q3-TH-TTCC-v1" });
    expect(report!.items.map((i) => [i.taskCode, i.status, i.progressPercent, i.done, i.next, i.difficulties, i.recommendations])).toEqual([
      ["2", "dang_thuc_hien", 80, "Tập huấn 25/30 giáo viên dùng LMS", "Tập huấn nốt 5 giáo viên", "Thiếu máy chiếu", "Đề nghị cấp thêm 2 máy chiếu"],
      ["8", "da_hoan_thanh", 100, "Dạy trực tuyến 3 lớp", "mở rộng 5 lớp", null, null],
    ]);
    expect(await db.prisma.dialogueState.count({ where: { conversation: { chatId: "z-hoa" } } })).toBe(0);
  });

  it("asks only for what is missing: the status, then the work done of a task under way", async () => {
    const hoa = await linkedUser("z-status");
    await hoa.script(["báo cáo", "tất cả"]);
    const [, askDone] = await hoa.say("80%");
    expect(askDone).toBe("Mục 1.1: trong quý đã làm được gì, kết quả ra sao? (gõ “bỏ qua” nếu chưa có gì để ghi)");
    const [, askNext] = await hoa.say("Đã phối hợp cập nhật dữ liệu");
    expect(askNext).toContain("Mục 1.1: quý tới dự kiến làm gì? Có khó khăn, kiến nghị thì ghi luôn");
    expect((await hoa.say("không có"))[0]).toContain("Mục 1.2 (2/12).");
    const [, askStatus] = await hoa.say("Cập nhật hồ sơ trường lên IOC");
    expect(askStatus).toContain("Mục 1.2: tình trạng?");
    expect((await hoa.say("xong rồi"))[1]).toContain("Mục 1.2: quý tới dự kiến làm gì");
    expect((await hoa.say("Duy trì cập nhật. Khó khăn: đường truyền chậm"))[1]).toContain("Mục 2 (3/12).");
    const [saved, next] = await hoa.say("Tình trạng: đang làm\nTiến độ: 50%\nĐã làm: Tập huấn 2 đợt\nQuý tới: tập huấn đợt 3\nKhó khăn: thiếu kinh phí");
    expect(saved).toContain("Đã ghi mục 2 — đang thực hiện 50% · Đã làm: Tập huấn 2 đợt · Quý tới: tập huấn đợt 3 · Khó khăn: thiếu kinh phí");
    expect(next).toContain("Mục 3.1 (4/12).");
    const draft = (await versions())[0]!;
    expect(draft.items.map((i) => [i.taskCode, i.status, i.progressPercent, i.done, i.next, i.difficulties])).toEqual([
      ["1.1", "dang_thuc_hien", 80, "Đã phối hợp cập nhật dữ liệu", null, null],
      ["1.2", "da_hoan_thanh", 100, "Cập nhật hồ sơ trường lên IOC", "Duy trì cập nhật", "đường truyền chậm"],
      ["2", "dang_thuc_hien", 50, "Tập huấn 2 đợt", "tập huấn đợt 3", "thiếu kinh phí"],
    ]);
  });

  it("skips with “bỏ qua”, goes back with “quay lại”, and the new answer replaces the old", async () => {
    const hoa = await linkedUser("z-back");
    await hoa.script(["báo cáo", "7 8"]);
    expect((await hoa.say("bỏ qua"))[1]).toContain("Mục 8 (2/2).");
    expect((await hoa.say("quay lại"))[0]).toContain("Mục 7 (1/2).");
    expect((await hoa.say("Đang làm 60%. Triển khai văn phòng điện tử cho tổ văn phòng. Quý tới: mở rộng cho tổ chuyên môn"))[1]).toContain("Mục 8 (2/2).");
    expect((await hoa.say("quay lại"))[0]).toContain("Hiện tại: 7 — đang thực hiện 60% · Đã làm: Triển khai văn phòng điện tử cho tổ văn phòng · Quý tới: mở rộng cho tổ chuyên môn");
    expect((await hoa.say("giữ nguyên"))[0]).toContain("Mục 8 (2/2).");
    const items = (await versions())[0]!.items;
    expect(items.map((i) => [i.taskCode, i.status, i.progressPercent, i.done])).toEqual([["7", "dang_thuc_hien", 60, "Triển khai văn phòng điện tử cho tổ văn phòng"]]);
  });

  it("answers a question in the middle of the form and asks the same thing again", async () => {
    const hoa = await linkedUser("z-aside");
    await hoa.script(["báo cáo", "4", "Đang làm 50%"]);
    const [answer, reask] = await hoa.say("hạn nộp là ngày nào?");
    expect(answer).toContain("trước ngày 20/09/2025");
    expect(answer).toContain("Nguồn: CV 396/GDĐT-CNTT");
    expect(reask).toContain("Tiếp tục báo cáo:");
    expect(reask).toContain("Mục 4: trong quý đã làm được gì");
    const form = await db.prisma.dialogueState.findFirstOrThrow({ where: { conversation: { chatId: "z-aside" } } });
    expect((form.state as { step: unknown }).step).toEqual({ kind: "field", row: "4", field: "done" });
  });

  it("offers last quarter's plan and copies last quarter's row, showing what was copied", async () => {
    const hoa = await linkedUser("z-last");
    clock.set("2025-06-05T10:00:00+07:00");
    await hoa.script(["báo cáo", "2 8", "Đang làm 50%. Tập huấn đợt 1. Quý tới: Tập huấn đợt 2 cho 15 giáo viên", "Chưa làm. Quý tới: Dạy thử trực tuyến 2 lớp"]);
    expect((await hoa.say("xác nhận"))[0]).toContain("Đã nộp báo cáo quý 2/2025");

    clock.set("2025-09-10T09:00:00+07:00");
    await hoa.script(["báo cáo", "2 8"]);
    expect(emulator.sentTo("z-last").at(-1)!.text).toContain("Quý trước trường dự kiến: “Tập huấn đợt 2 cho 15 giáo viên”");
    const [, askStatus] = await hoa.say("như kế hoạch");
    expect(askStatus).toContain("Mục 2: tình trạng?");
    expect((await hoa.say("3"))[1]).toContain("Mục 2: quý tới dự kiến làm gì");
    await hoa.say("không có");
    const [copied] = await hoa.say("như quý trước"); // row 8, all parts from Q2
    expect(copied).toContain("Đã chép mục 8 từ quý trước: 8 — chưa thực hiện · Quý tới: Dạy thử trực tuyến 2 lớp");
    expect((await hoa.say("ok"))[0]).toContain("(bản nháp, phiên bản 1)");
    const q3 = (await versions()).find((r) => r.period.code === "2025-Q3")!;
    expect(q3.items.map((i) => [i.taskCode, i.status, i.done, i.next])).toEqual([
      ["2", "da_hoan_thanh", "Tập huấn đợt 2 cho 15 giáo viên", null],
      ["8", "chua_thuc_hien", null, "Dạy thử trực tuyến 2 lớp"],
    ]);
  });

  it("pauses (“để tối làm tiếp”), answers questions meanwhile, and resumes where it stopped, also after a restart", async () => {
    const hoa = await linkedUser("z-resume");
    await hoa.script(["báo cáo", "5 6", "Đang làm 40%. Áp dụng phần mềm quản lý. Quý tới: áp dụng thêm phân hệ học bạ"]);
    const [paused] = await hoa.say("để tối làm tiếp nhé");
    expect(paused).toContain("Đã lưu bản nháp báo cáo quý 3/2025: đã điền 1 mục / 2 mục đã chọn");
    expect((await hoa.say("edugis là gì"))[0]).toContain("Bản đồ số");

    await service.stop();
    await start();
    const [resumed, prompt] = await hoa.say("làm tiếp");
    expect(resumed).toBe("Tiếp tục báo cáo quý 3/2025: đã điền 1 mục.");
    expect(prompt).toContain("Mục 6 (2/2).");
    await service.stop();
    await start(); // a restart between two messages
    await hoa.say("chưa triển khai");
    const items = (await versions())[0]!.items;
    expect(items.map((i) => [i.taskCode, i.status])).toEqual([
      ["5", "dang_thuc_hien"],
      ["6", "chua_thuc_hien"],
    ]);
  });

  it("asks before cancelling, then discards the draft; “không” keeps it", async () => {
    const hoa = await linkedUser("z-cancel");
    await hoa.script(["báo cáo", "5", "Đang làm 40%. Áp dụng phần mềm quản lý"]);
    expect((await hoa.say("hủy"))[0]).toContain("Hủy bản nháp báo cáo quý 3/2025? Mọi mục đã điền (1 mục) sẽ bị xóa.");
    expect((await hoa.say("không"))[0]).toBe("Đã giữ bản nháp. Tiếp tục:");
    expect(await db.prisma.report.count()).toBe(1);
    await hoa.say("ừ hủy luôn đi");
    expect((await hoa.say("có"))[0]).toContain("Đã hủy bản nháp báo cáo quý 3/2025.");
    expect(await db.prisma.report.count()).toBe(0);
    expect(await db.prisma.auditLog.count({ where: { action: "report.draft_discarded" } })).toBe(1);
    expect(await db.prisma.dialogueState.count({ where: { conversation: { chatId: "z-cancel" } } })).toBe(0);
  });

  it("after a deadline asks which quarter is meant, and files the late one as late", async () => {
    clock.set("2025-09-25T08:00:00+07:00");
    const hoa = await linkedUser("z-late");
    const [question] = await hoa.say("em nộp báo cáo ạ");
    expect(question).toContain("Báo cáo quý 3/2025 của trường chưa nộp và đã qua hạn (trước ngày 20/09/2025)");
    expect(question).toContain("2. Quý 4/2025");
    const [note] = await hoa.say("1");
    expect(note).toContain("đã quá hạn nộp báo cáo quý 3/2025 (trước ngày 20/09/2025)");
    const [receipt] = await hoa.script(["không có", "xác nhận"]);
    expect(receipt).toContain("nộp trễ (hạn trước ngày 20/09/2025)");
    expect((await versions())[0]).toMatchObject({ status: "submitted", late: true });
  });

  it("corrects a submitted report as a new version, says what it replaces, and keeps every version", async () => {
    const hoa = await linkedUser("z-fix");
    await hoa.script(["báo cáo", "9", "Đang làm 30%. Lập danh mục sách số. Quý tới: số hóa 200 đầu sách", "xác nhận"]);
    expect((await hoa.say("báo cáo"))[0]).toContain("đã nộp báo cáo quý 3/2025 (phiên bản 1, mã BC-2025Q3-TH-TTCC-v1");
    const [opened, summary] = await hoa.say("sửa báo cáo");
    expect(opened).toContain("Đã mở phiên bản 2 từ bản đã nộp (phiên bản 1)");
    expect(summary).toContain("(bản nháp, phiên bản 2, sẽ thay phiên bản 1)");
    await hoa.script(["sửa 9", "xong"]);
    const [receipt] = await hoa.say("ok nộp luôn");
    expect(receipt).toContain("Mã tiếp nhận: BC-2025Q3-TH-TTCC-v2");
    expect(receipt).toContain("(phiên bản 2, thay phiên bản 1)");
    const all = await versions();
    expect(all.map((r) => [r.version, r.status, r.items[0]!.status, r.items[0]!.progressPercent, r.items[0]!.done])).toEqual([
      [1, "superseded", "dang_thuc_hien", 30, "Lập danh mục sách số"],
      [2, "submitted", "da_hoan_thanh", 100, "Lập danh mục sách số"],
    ]);
    expect(all[1]!.supersedesId).toBe(all[0]!.id);
  });

  it("a correction sent after the deadline keeps the on-time first filing on time, and says so", async () => {
    const hoa = await linkedUser("z-fix-late");
    await hoa.script(["báo cáo", "9", "Đang làm 30%. Lập danh mục sách số. Quý tới: số hóa 200 đầu sách", "xác nhận"]);
    clock.set("2025-09-24T10:00:00+07:00");
    await hoa.script(["sửa báo cáo", "sửa 9", "xong"]);
    const [receipt] = await hoa.say("xác nhận");
    expect(receipt).toContain("(phiên bản 2, thay phiên bản 1)");
    expect(receipt).toContain("bản sửa gửi sau hạn (hạn trước ngày 20/09/2025); báo cáo của trường vẫn tính đúng hạn theo lần nộp đầu lúc 09:00 ngày 10/09/2025");
    expect((await versions()).map((r) => [r.version, r.late])).toEqual([[1, false], [2, true]]);
    const [status] = await hoa.say("trường em nộp bc quý 3 chưa");
    expect(status).toContain("phiên bản 2");
    expect(status).toContain("vẫn tính đúng hạn theo lần nộp đầu");
  });

  it("re-asks kindly on nonsense, emoji, stickers and over-long text, and saves nothing from them", async () => {
    const hoa = await linkedUser("z-noise");
    await hoa.say("báo cáo");
    expect((await hoa.say("asdfgh"))[0]).toContain("Tôi chưa hiểu “asdfgh”. Gõ các số mục cách nhau bằng dấu cách, ví dụ: 2 4 7 8");
    await hoa.say("3.1");
    expect((await hoa.say("🙂🙂"))[0]).toContain("Tôi chưa đọc được nội dung cho mục 3.1");
    expect((await hoa.sendSticker())[0]).toContain("Tôi chỉ đọc được chữ");
    expect((await hoa.say("150%"))[0]).toContain("Tiến độ phải từ 0 đến 100%");
    expect((await hoa.say("2"))[1]).toContain("Mục 3.1: trong quý đã làm được gì");
    expect((await hoa.say("👍"))[0]).toContain("Tôi chưa đọc được nội dung");
    expect((await hoa.say("x".repeat(2500)))[0]).toContain("Nội dung dài 2500 ký tự, tối đa 2000");
    const item = (await versions())[0]!.items[0]!;
    expect(item).toMatchObject({ taskCode: "3.1", status: "dang_thuc_hien", done: null });
  });

  it("tells an unlinked person how to link, and creates nothing", async () => {
    const stranger = new ZaloUser(emulator, () => service, "z-stranger", "Người lạ");
    expect((await stranger.say("báo cáo"))[0]).toContain("Tài khoản chat này chưa liên kết với trường nào");
    expect((await stranger.say("trường em nộp chưa"))[0]).toContain("liên kết <mã>");
    expect(await db.prisma.report.count()).toBe(0);
  });

  it("gives two contacts of one school a draft each; the later one is told about the newer version and continues from it", async () => {
    const hoa = await linkedUser("z-a", "Nguyễn Thị Hoa");
    const binh = await linkedUser("z-b", "Trần Văn Bình");
    await hoa.script(["báo cáo", "2", "Đang làm 50%. Tập huấn 10 giáo viên. Quý tới: tập huấn thêm"]);
    const [note] = await binh.say("báo cáo");
    expect(note).toContain("Nguyễn Thị Hoa cũng đang soạn báo cáo kỳ này");
    await binh.script(["8", "Đã xong 100%. Dạy trực tuyến 3 lớp. Quý tới: mở rộng"]);
    expect(await db.prisma.report.count({ where: { status: "draft" } })).toBe(2);
    // Hoa files first: only her own rows.
    await hoa.say("xác nhận");
    const v1 = (await versions())[0]!;
    expect(v1.items.map((i) => i.taskCode)).toEqual(["2"]);
    // Bình's next message is not applied blindly: he is told, and chooses to continue from v1.
    const [told] = await binh.say("xác nhận");
    expect(told).toContain("trường vừa nộp phiên bản 1");
    expect(told).toContain("Tin nhắn vừa rồi chưa được ghi");
    expect(told).toContain("Phiên bản mới thay đổi mục 2.");
    expect(told).not.toContain("cả hai bên cùng sửa");
    const [rebased] = await binh.say("có");
    expect(rebased).toContain("giữ các mục thầy/cô đã sửa: 8");
    await binh.say("xác nhận");
    const all = await versions();
    expect(all.map((v) => [v.version, v.status])).toEqual([[1, "superseded"], [2, "submitted"]]);
    expect(all[1]!.items.map((i) => [i.taskCode, i.done])).toEqual([["2", "Tập huấn 10 giáo viên"], ["8", "Dạy trực tuyến 3 lớp"]]);
    const contacts = await db.prisma.contact.findMany();
    const filedBy = await db.prisma.auditLog.findMany({ where: { action: "report.submitted" }, orderBy: { at: "asc" } });
    expect(filedBy.map((a) => [a.actorType, contacts.find((c) => c.id === a.actorId)?.name])).toEqual([["contact", "Nguyễn Thị Hoa"], ["contact", "Trần Văn Bình"]]);
  });

  it("answers “trường em nộp chưa?” for any period", async () => {
    const hoa = await linkedUser("z-ask");
    expect((await hoa.say("trường em nộp chưa?"))[0]).toContain("chưa nộp báo cáo quý 3/2025 (hạn trước ngày 20/09/2025)");
    await hoa.script(["báo cáo", "không có", "xác nhận"]);
    expect((await hoa.say("trường em nộp chưa"))[0]).toContain("đã nộp báo cáo quý 3/2025: phiên bản 1, mã BC-2025Q3-TH-TTCC-v1");
    expect((await hoa.say("quý 2/2025 trường em nộp chưa"))[0]).toContain("chưa nộp báo cáo quý 2/2025");
  });
});

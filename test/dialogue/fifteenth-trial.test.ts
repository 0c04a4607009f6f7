/**
 * Principal trial 15 (30/11, four principals incl. a GDNN-GDTX centre and a two-level school): what
 * it found, in other words, through the real pipeline (Zalo emulator → webhook → grammY → PGlite).
 */
import { describe, expect, it } from "vitest";
import { detectAct } from "../../src/dialogue/acts.ts";
import { detectOpening } from "../../src/dialogue/phrases.ts";
import { unitWording } from "../../src/bot/unit-wording.ts";
import { schoolNamedIn } from "../../src/registry/school-names.ts";
import { trialSetting } from "../helpers/trial-principals.ts";

const REGISTRY = [{ code: "GDNN-X", name: "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên huyện Y", shortName: "TT GDNN-GDTX Y", level: "GDNN-GDTX" }];
const { principal } = trialSetting(REGISTRY, { now: "2026-11-30T09:00:00+07:00", userPrefix: "z-trial15" });
const all = (r: string[]) => r.join("\n");
const row = async (items: () => Promise<{ taskCode: string }[]>, code: string) => (await items()).find((i) => i.taskCode === code) as Record<string, unknown> | undefined;

describe("a centre or a two-level school talking about itself is no other school", () => {
  const schools = [
    { id: "c", code: "C", name: "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên huyện Y", shortName: "TT GDNN-GDTX", level: "GDNN-GDTX", emails: [] },
    { id: "t", code: "T", name: "Trường TH-THCS Hòa Lợi", shortName: "TH-THCS Hòa Lợi", level: "TH-THCS", emails: [] },
    { id: "s", code: "S", name: "Trường THCS Thị Trấn 2", shortName: "THCS Thị Trấn 2", level: "THCS", emails: [] },
  ];
  it.each([
    ["c", "Trung tâm có phải nộp bc quý ko hay chỉ các trường MN, TH, THCS? bộ chỉ số 4725 áp dụng cho GDTX ko"],
    ["c", "Mục 8: đang làm 40%, 10/20 lớp GDTX học trên Google Classroom"],
    ["t", "truong e la truong 2 cap TH-THCS thi bc lam chung hay rieng ad"],
  ])("%s: %s", (own, text) => {
    expect(schoolNamedIn(text, schools, own, "huyện Y")?.own ?? true).toBe(true);
  });

  it("another school is still another school", () => {
    expect(schoolNamedIn("em nộp bc giúp THCS Thị Trấn 2 được ko", schools, "t", "huyện Y")).toMatchObject({ own: false });
  });

  it("the centre's whole report in one message is read row by row", async () => {
    const { user, items } = await principal([]);
    await user.say(
      "Tôi gửi báo cáo quý IV/2026 của Trung tâm như sau: Mục 2: đã hoàn thành 100%, bồi dưỡng kỹ năng số cho 30/30 giáo viên; quý tới bồi dưỡng về AI. Mục 8: đang thực hiện 40%, 10/20 lớp GDTX học trên Google Classroom; kiến nghị: đề nghị Phòng cấp tài khoản LMS. Các mục khác không có hoạt động.",
    );
    expect(await row(items, "2")).toMatchObject({ status: "da_hoan_thanh", next: "bồi dưỡng về AI" });
    expect(await row(items, "8")).toMatchObject({ status: "dang_thuc_hien", progressPercent: 40, recommendations: "đề nghị Phòng cấp tài khoản LMS" });
  });

  it("the bot says “trung tâm” to a centre, and leaves names and “trường học số” as they are", async () => {
    expect(unitWording("Quý này trường có hoạt động ở những mục nào? Trường đã có chưa? nhà trường")).toBe("Quý này trung tâm có hoạt động ở những mục nào? Trung tâm đã có chưa? trung tâm");
    expect(unitWording("Trường Tiểu học Tân Phú; trường học số; môi trường; trường hợp")).toBe("Trường Tiểu học Tân Phú; trường học số; môi trường; trường hợp");
    const { user } = await principal([]);
    expect(all(await user.say("bc quý 4"))).toContain("Quý này trung tâm có hoạt động");
  });
});

describe("the report named by topic before a colon, at the opening or where the rows are asked", () => {
  it("“Về học bạ điện tử: …. Về thư viện số: …” in the opening", async () => {
    const { user, items } = await principal([]);
    await user.say("Xin gửi báo cáo quý 4 ạ. Về học bạ điện tử: đang thực hiện 70%, đã ký số học bạ khối 1, 2. Về thư viện số: chưa thực hiện.");
    expect(await row(items, "6")).toMatchObject({ status: "dang_thuc_hien", progressPercent: 70 });
    expect(await row(items, "9")).toMatchObject({ status: "chua_thuc_hien" });
  });

  it("“Mục 2: …. Mục 8: …” typed where the rows are asked", async () => {
    const { user, state } = await principal(["bc q4"]);
    await user.say("Mục 2: đã hoàn thành, 30/30 giáo viên. Mục 8: đang làm 40%, 10/20 lớp học trực tuyến.");
    expect((await state())?.rows).toEqual(["2", "8"]);
  });
});

describe("corrections after filing keep what was said", () => {
  const filed = ["bc q4", "8", "đang làm 40%, 10/20 lớp học trên OLM", "quý tới thêm 5 lớp", "xác nhận"];
  it("“Xin lỗi, mục 8 tôi quên: quý tới …, khó khăn là …” (the plan's “quý tới” is not the report's quarter)", async () => {
    const { user, items } = await principal(filed);
    await user.say("Xin lỗi, mục 8 tôi quên: quý tới mở rộng ra 20/20 lớp, khó khăn là học viên lớn tuổi chưa quen học trực tuyến");
    expect((await row(items, "8"))!.difficulties).toContain("lớn tuổi");
  });

  it("“tôi quên chưa báo mục 9 ạ: …. Nhờ Phòng bổ sung vào báo cáo vừa nộp.” adds the row with its answer", async () => {
    const { user, items } = await principal(filed);
    await user.say("Ôi, tôi quên chưa báo mục 9 ạ: đang thực hiện 20%, đã số hóa 100 đầu sách. Nhờ Phòng bổ sung vào báo cáo vừa nộp.");
    expect(await row(items, "9")).toMatchObject({ status: "dang_thuc_hien", progressPercent: 20 });
  });

  it("“Cô xin sửa lại báo cáo quý 4: mục 8 … đã được một nửa rồi, không phải 40% ạ.” → 50%", async () => {
    const { user, items } = await principal(filed);
    await user.say("Cô xin sửa lại báo cáo quý 4: mục 8 dạy học trực tuyến thực tế đã được một nửa rồi, không phải 40% ạ.");
    expect(await row(items, "8")).toMatchObject({ progressPercent: 50, done: "10/20 lớp học trên OLM" });
  });

  it("“mở lại bc q4 sửa mục 8 tí” asks row 8", async () => {
    const { user, state } = await principal(filed);
    await user.say("ad e mo lai bc q4 sua muc 8 ti");
    expect((await state())?.step).toMatchObject({ kind: "row", row: "8" });
  });

  it("“… đạt 12/20 lớp chứ ko phải 10/20” puts the new figure in the stored text; a named old % too", async () => {
    const { user, items } = await principal(["bc q4", "4", "dang lam 90%, tuyen sinh lop 1 truc tuyen dat 95% ho so", "quy sau chuan bi nam hoc moi"]);
    await user.say("muc 4 tuyen sinh dat 98% ho so chu ko phai 95%");
    await user.say("có");
    expect((await row(items, "4"))!.done).toBe("tuyen sinh lop 1 truc tuyen dat 98% ho so");
  });
});

describe("orders in other words", () => {
  it.each([
    ["Để cô xem lại số liệu với tổ thư viện rồi nộp sau nhé.", "pause"],
    ["dc r, gui lai di ad", "confirm"],
    ["uk dung r", "confirm"],
    ["thoi huy ban nay di ad, giu ban cu", "cancel"],
    ["thoi ad, huy di, de e hoi lai thay pho hieu truong da", "cancel"],
  ])("%s → %s", (text, kind) => {
    expect(detectAct(text)?.kind).toBe(kind);
  });

  it("a cancel or a confirm with nothing open is answered, not forwarded to the office", async () => {
    const { user } = await principal([]);
    expect(all(await user.say("thoi ad, huy di, de e hoi lai da"))).toContain("không có thao tác nào");
    expect(all(await user.say("xác nhận nộp"))).toContain("không có báo cáo nào đang chờ xác nhận");
  });

  it("“thôi hủy bản này đi” while a replacement is asked cancels, adding nothing", async () => {
    const { user, items } = await principal(["bc q4", "4", "dang lam 90%, tuyen sinh dat 95% ho so", "quy sau chuan bi nam hoc moi"]);
    await user.say("muc 4 tuyen sinh dat 98% ho so nhe");
    const replies = all(await user.say("thoi huy ban nay di ad, giu ban cu"));
    expect(replies).toContain("Hủy bản nháp");
    expect((await row(items, "4"))!.done).toBe("tuyen sinh dat 95% ho so");
  });
});

describe("the yearly self-assessment reads points and answers as said", () => {
  it("“QT-3 được 44, QT-4 được 22, cộng thêm 8 điểm” is 74 (codes are no points)", async () => {
    const { user } = await principal(["tự đánh giá", "75"]);
    expect(all(await user.say("quản trị: QT-3 được 44, QT-4 được 22, cộng thêm 8 điểm phần còn lại"))).toContain("Điều kiện bắt buộc 1/4");
    expect(all(await user.say("xem lại"))).toMatch(/Nhóm 2[^\n]*74 điểm/);
  });

  it("“dh 72 qt 68” are two scores, not criterion codes", async () => {
    const { user } = await principal(["tự đánh giá"]);
    expect(all(await user.say("dh 72 qt 68"))).toContain("Điều kiện bắt buộc 1/4");
    expect(all(await user.say("xem lại"))).toMatch(/Nhóm 2[^\n]*68 điểm/);
  });

  it.each([
    ["có rồi, lồng ghép trong kế hoạch năm học", "Điều kiện bắt buộc 2/4"],
    ["co r", "Điều kiện bắt buộc 2/4"],
    ["chưa có, đang dự thảo", "Điều kiện bắt buộc 2/4"],
  ])("a condition answered “%s” moves on", async (text, next) => {
    const { user } = await principal(["tự đánh giá", "dạy học 75, quản trị 74"]);
    expect(all(await user.say(text))).toContain(next);
  });

  it("a group's score set right at the summary (“nhóm 2 là 44+22+8 = 74 điểm chứ không phải 3”)", async () => {
    const { user } = await principal(["tự đánh giá", "75", "3", "có", "có", "có", "có", "bỏ qua"]);
    const replies = all(await user.say("Sai rồi, nhóm 2 là 44+22+8 = 74 điểm chứ không phải 3. Sửa lại giúp tôi"));
    expect(replies).toContain("Đã sửa điểm");
    expect(replies).toMatch(/Nhóm 2[^\n]*74 điểm/);
    expect(all(await user.say("sửa nhóm 1 thành 70"))).toMatch(/Nhóm 1[^\n]*70 điểm/);
  });

  it("scores said with the opening are taken; “ghi 75 nhé” is a score", async () => {
    const { user } = await principal([]);
    expect(all(await user.say("gio e lam luon tu danh gia nam nay nha, day hoc 58 quan tri 64"))).toContain("Điều kiện bắt buộc 1/4");
    const other = await principal([]);
    await other.user.say("tự đánh giá");
    expect(all(await other.user.say("ghi 75 nhé"))).toContain("Nhóm 2");
  });
});

describe("parts emptied and orders joined (trial 15 #22, #24, #71, #72)", () => {
  it("“quý tới ko có j, duy trì thôi” is the plan “duy trì”; “kiến nghị mục 2: …” keeps no row number", async () => {
    const { user, items } = await principal(["bc q4", "7", "xong, 100% văn bản đi đến xử lý trên hệ thống"]);
    await user.say("quy toi ko co j, duy tri thoi");
    expect(await row(items, "7")).toMatchObject({ next: "duy tri" });
    await user.say("à còn kiến nghị mục 7: đề nghị phòng hỗ trợ 2 máy quét");
    expect(await row(items, "7")).toMatchObject({ recommendations: "đề nghị phòng hỗ trợ 2 máy quét" });
  });

  it("“mục 2 phần kiến nghị để trống, còn thêm 5 và 8” does both; “xóa phần quý tới của mục 2” empties it", async () => {
    const { user, items, state } = await principal(["bc q4", "2", "xong, 30/30 giáo viên. quý tới bồi dưỡng AI. kiến nghị: cấp tài khoản LMS"]);
    await user.say("mục 2 phần kiến nghị để trống, còn thêm 5 và 8");
    expect(await row(items, "2")).toMatchObject({ recommendations: null });
    expect((await state())?.rows).toEqual(["2", "5", "8"]);
    expect(detectAct("xóa phần quý tới của mục 2")).toEqual({ kind: "edit", row: "2", part: "next", text: "để trống" });
  });
});

describe("a date asked about is a lateness question, not the school's status (trial 15 #21)", () => {
  it("“nộp ngày 19/12 thứ 7 có dc tính đúng hạn ko” is answered, “nộp được chưa, đúng hạn không” is the status", async () => {
    expect(detectOpening("à mà ad ơi nộp ngày 19/12 thứ 7 có dc tính đúng hạn ko")).toBeUndefined();
    expect(detectOpening("bc q4 trường e nộp được chưa ad, đúng hạn không")).toBe("status");
    const { user } = await principal([]);
    expect(all(await user.say("nộp ngày 19/12 có được tính đúng hạn ko ad"))).toContain("đúng hạn cho báo cáo quý 4/2026");
  });
});

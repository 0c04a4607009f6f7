/**
 * What the fifth principal's trial run found (typed on a phone: no diacritics, Zalo
 * abbreviations, corrections mid-sentence), through the real pipeline: Zalo webhook → grammY →
 * dialogue → database (PGlite) → replies. Each case has its own principal of the registry's
 * Trường Tiểu học Thị Trấn Củ Chi (drafts are per person), in quarter 4/2025.
 */
import { describe, expect, it } from "vitest";
import { trialSetting } from "../helpers/trial-principals.ts";

const REGISTRY = [
  { code: "TH-TTCC", name: "Trường Tiểu học Thị Trấn Củ Chi", shortName: "TH Thị Trấn Củ Chi", level: "TH" },
  { code: "THCS-TT2", name: "Trường THCS Thị Trấn 2", shortName: "THCS Thị Trấn 2", level: "THCS" },
  { code: "TH-THCS-TANTRUNG", name: "Trường TH-THCS Tân Trung", shortName: "TH-THCS Tân Trung", level: "TH-THCS" },
  { code: "GDNN-GDTX", name: "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên huyện Củ Chi", shortName: "TT GDNN-GDTX", level: "GDNN-GDTX" },
];

const { principal } = trialSetting(REGISTRY, { now: "2025-11-20T09:00:00+07:00", userPrefix: "z-five" });

describe("1. resuming after a row was removed keeps the picked rows", () => {
  const picked = ["bc q4", "2 4 5 8", "Xong. Tập huấn 20 GV. Quý tới: duy trì", "bo muc 4 di", "de toi lam tiep"];

  it.each([
    ["bc q4 nop chua", "lam tiep bc q4 truong th thi tran cu chi nha"],
    ["trường em nộp báo cáo quý 4 chưa ạ", "làm tiếp báo cáo quý 4"],
    ["q4 truong e nop chua ad", "lam tiep"],
    ["da nop bc chua a", "bc q4 nha"],
  ])("a status question while paused (“%s”) does not lose the form; “%s” resumes at row 5", async (status, resume) => {
    const { user, state } = await principal(picked);
    expect((await user.say(status)).join("\n")).toContain("chưa nộp báo cáo quý 4/2025");
    expect((await state())?.paused).toBe(true);
    const replies = (await user.say(resume)).join("\n");
    expect(replies).toContain("Mục 5 (2/3).");
    expect(replies).not.toContain("chưa trả lời: 4");
    expect((await state()) as unknown).toMatchObject({ rows: ["2", "5", "8"], step: { kind: "row", row: "5" } });
  });

  it.each(["bo muc 4 di", "xóa mục 4 nha", "thoi bo muc 4"])(
    "a second version opened from the filed one, “%s”, a status question while paused, then “lam tiep”: row 4 is neither pending nor filed",
    async (remove) => {
      const { user, state, items } = await principal(["bc q4", "2 4", "Xong. Tập huấn 20 GV. Quý tới: duy trì", "Đang làm 50%. Tuyển sinh trực tuyến 3 lớp. Quý tới: thêm lớp", "xác nhận"]);
      expect((await user.say("sua bc q4")).join("\n")).toContain("Đã mở phiên bản 2");
      expect((await user.say(remove)).join("\n")).toContain("Đã bỏ mục 4");
      await user.say("de toi lam tiep");
      await user.say("bc q4 nop chua");
      const summary = (await user.say("lam tiep bc q4 truong th thi tran cu chi nha")).join("\n");
      expect(summary).not.toContain("chưa trả lời: 4");
      expect(summary).toMatch(/Không có hoạt động:[^\n]*\b4\b/);
      expect((await state()) as unknown).toMatchObject({ rows: ["2"], step: { kind: "review" } });
      expect((await items()).map((i) => i.taskCode)).toEqual(["2"]);
      expect((await user.say("chot")).join("\n")).toContain("Đã nộp báo cáo quý 4/2025");
    },
  );

  it("a draft reopened without its form (another quarter opened meanwhile) lists only answered rows, not a removed one", async () => {
    const { user } = await principal(["bc q4", "2 4", "Xong. Tập huấn 20 GV. Quý tới: duy trì", "Đang làm 50%. Tuyển sinh 3 lớp. Quý tới: thêm lớp", "xác nhận", "sửa báo cáo quý 4", "xoa muc 4 nha"]);
    await user.say("bc quy 1 nam 2026");
    const summary = (await user.say("sua bc q4")).join("\n");
    expect(summary).toContain("• 2.");
    expect(summary).not.toContain("chưa trả lời: 4");
  });

  it.each(["quay lại", "quay lai", "back", "tro lai"])("“%s” after removing the row being asked goes to the row before it, never to the removed row", async (back) => {
    const { user, state } = await principal(["bc q4", "2 4 5 8", "Xong. Tập huấn 20 GV. Quý tới: duy trì", "bo muc 4 di"]);
    const replies = (await user.say(back)).join("\n");
    expect(replies).toContain("Mục 2 (1/3).");
    expect((await state())?.step).toEqual({ kind: "row", row: "2" });
    await user.say("giữ nguyên");
    expect((await state())?.step).toEqual({ kind: "row", row: "5" });
    await user.say(back);
    await user.say(back);
    expect((await state())?.step?.row).not.toBe("4");
  });
});

describe("2. a skip inside a sentence, or a part said to be empty, is not stored as text", () => {
  it.each([
    "thoi muc nay bo qua nha, chua lam gi",
    "Thôi mục này bỏ qua nhé, chưa làm gì ạ",
    "muc nay q nay ko co hd gi, bo qua nhe",
    "mục này quý này không có hoạt động gì, bỏ qua nhé",
    "bo qua nha, chua lam gi",
    "muc nay ko co hđ gi, bo qua",
  ])("at a row: %s", async (text) => {
    const { user, items, state } = await principal(["bc q4", "2 4"]);
    const replies = (await user.say(text)).join("\n");
    expect(replies).toContain("Bỏ qua mục 2.");
    expect(replies).toContain("Mục 4 (2/2).");
    expect(await items()).toEqual([]);
    expect((await state())?.step).toEqual({ kind: "row", row: "4" });
  });

  it.each(["phan da lam ko co nha, de trong", "Phần đã làm không có nhé, để trống", "da lam: ko co, de trong", "phan da lam k co a", "de trong"])(
    "asked what was done: %s",
    async (text) => {
      const { user, items } = await principal(["bc q4", "2 4", "Đang làm 50%"]);
      await user.say(text);
      const [item] = await items();
      expect(item).toMatchObject({ taskCode: "2", status: "dang_thuc_hien", progressPercent: 50, done: null });
    },
  );

  it("“chưa làm gì” alone is still a status (not started), not a skip", async () => {
    const { user, items } = await principal(["bc q4", "2 4"]);
    await user.say("chua lam gi");
    expect((await items())[0]).toMatchObject({ taskCode: "2", status: "chua_thuc_hien" });
  });
});

describe("3. a correction of another row while a part of the current row is asked goes to that row", () => {
  const setup = ["bc q4", "8 9", "Đang làm 50%. Dạy trực tuyến 10/20 lớp. Quý tới: thêm lớp", "Xong. Tập huấn 20 GV"];
  it.each([
    "a ma xin loi, muc 8 xong r ad, 20/20 lop",
    "à mà xin lỗi, mục 8 xong rồi ạ, 20/20 lớp",
    "ma muc 8 xong r, 20/20 lop nha",
    "ui xin loi ad, muc 8 da xong, 20/20 lop",
    "ay nham, muc 8 hoan thanh r, 20/20 lop",
  ])("asked row 9's next quarter: %s", async (text) => {
    const { user, items, state } = await principal(setup);
    expect((await state())?.step).toEqual({ kind: "field", row: "9", field: "next" });
    const replies = (await user.say(text)).join("\n");
    expect(replies).toContain("Đã sửa mục 8 — đã hoàn thành");
    expect(replies).toContain("“Dạy trực tuyến 20/20 lớp”?");
    const [eight, nine] = await items();
    expect(eight).toMatchObject({ taskCode: "8", status: "da_hoan_thanh" });
    expect(nine).toMatchObject({ taskCode: "9", next: null });
    expect((await user.say("có")).join("\n")).toContain("Mục 9: quý tới dự kiến làm gì?");
    expect((await items())[0]).toMatchObject({ done: "Dạy trực tuyến 20/20 lớp" });
    expect((await state())?.step).toEqual({ kind: "field", row: "9", field: "next" });
  });

  it.each([
    "xin loi, muc 8 dang lam, tien do 78%",
    "à nhầm, mục 8 tiến độ 78% chứ ko phải 50%",
    "ma muc 8 dang lam tien do 78% r",
    "sorry, muc 8 la dang lam chu ko phai xong, tien do 78%",
    "nham, muc 8 dat 78% r a",
    "xin loi ad, muc 8 chu ko phai 50%, tien do 78% r",
    "à nhầm, mục 8 là đang làm chứ không phải 50%, tiến độ 78% ạ",
  ])("the progress said in a correction is kept: %s", async (text) => {
    const { user, items, state } = await principal(setup);
    const replies = (await user.say(text)).join("\n");
    expect(replies).toContain("Đã sửa mục 8 — đang thực hiện 78%");
    expect((await items())[0]).toMatchObject({ taskCode: "8", status: "dang_thuc_hien", progressPercent: 78, done: "Dạy trực tuyến 10/20 lớp" });
    expect((await items())[1]).toMatchObject({ taskCode: "9", next: null });
    expect((await state())?.step).toEqual({ kind: "field", row: "9", field: "next" });
  });
});

describe("4. the status and progress said inside a long answer", () => {
  it.each([
    ["muc nay thi truong dang trien khai dc khoang 70% r a, da tap huan 20 gv", "dang_thuc_hien", 70, /^[dđ][aã] t[aậ]p hu[aấ]n 20/i],
    ["Mục này thì trường đang triển khai được khoảng 70% rồi ạ, đã tập huấn 20 GV", "dang_thuc_hien", 70, /^[dđ][aã] t[aậ]p hu[aấ]n 20/i],
    ["vpdt thi dang lam dc mot nua, da cap tai khoan cho 30 gv", "dang_thuc_hien", 50, /^[dđ][aã] c[aấ]p t[aà]i kho[aả]n/i],
    ["VPĐT thì đang làm được một nửa, đã cấp tài khoản cho 30 GV", "dang_thuc_hien", 50, /^[dđ][aã] c[aấ]p t[aà]i kho[aả]n/i],
    ["vpdt thi dang lam dc 1 nua r", "dang_thuc_hien", 50, null],
    ["day truc tuyen chua trien khai a. quy toi day thu 2 lop", "chua_thuc_hien", 0, null],
    ["Dạy trực tuyến chưa triển khai ạ", "chua_thuc_hien", 0, null],
  ] as const)("%s", async (text, status, pct, done) => {
    // Rows 6 and 9: the task named ("dạy trực tuyến", "vpđt") is no other row picked, so it is how row 6's work went.
    const { user, items } = await principal(["bc q4", "6 9"]);
    const replies = (await user.say(text)).join("\n");
    expect(replies).not.toContain("Mục 6: tình trạng?");
    const [item] = await items();
    expect(item).toMatchObject({ taskCode: "6", status, progressPercent: pct });
    if (done) expect(item!.done).toMatch(done);
    else expect(item!.done ?? null).toBeNull();
  });
});

describe("5. adding several rows, the person's own wording for a replaced text, keep-then-file in one message", () => {
  const filed = ["bc q4", "2 6", "Xong. Tập huấn 20 GV. Quý tới: duy trì", "Đang làm 50%. Dạy trực tuyến 10/20 lớp. Quý tới: thêm lớp", "xác nhận"];

  it.each(["them 7 va 9", "thêm mục 7 và mục 9", "them muc 7 vs 9 nua", "them 7, 9 vao bc"])("on the summary, “%s” asks row 7, then row 9, then shows the summary", async (text) => {
    const { user, state, items } = await principal(["bc q4", "2", "Xong. Tập huấn 20 GV. Quý tới: duy trì"]);
    expect((await state())?.step?.kind).toBe("review");
    expect((await user.say(text)).join("\n")).toContain("Mục 7");
    expect((await state())?.step).toEqual({ kind: "row", row: "7" });
    expect((await user.say("Xong. Số hóa 30 văn bản. Quý tới: duy trì")).join("\n")).toContain("Mục 9");
    expect((await state())?.step).toEqual({ kind: "row", row: "9" });
    expect((await user.say("Đang làm 40%. Lắp camera 2 phòng. Quý tới: thêm 3 phòng")).join("\n")).toContain("(bản nháp, phiên bản 1)");
    expect((await items()).map((i) => i.taskCode)).toEqual(["2", "7", "9"]);
  });

  it.each(["them muc 9 nua", "thêm mục 9 nữa nhé", "them 9 vao bao cao"])("“%s” adds row 9", async (text) => {
    const { user, state } = await principal(["bc q4", "2", "Xong. Tập huấn 20 GV. Quý tới: duy trì"]);
    await user.say(text);
    expect((await state())?.step).toEqual({ kind: "row", row: "9" });
    expect((await state())?.rows).toEqual(["2", "9"]);
  });

  it.each(["sua lai bc q4, them muc 7 vs 9", "sửa lại báo cáo quý 4, thêm mục 7 và 9 nhé", "sua bc q4 them muc 7 voi muc 9"])("after filing, “%s” opens version 2 and asks rows 7 and 9", async (text) => {
    const { user, state } = await principal(filed);
    const replies = (await user.say(text)).join("\n");
    expect(replies).toContain("Đã mở phiên bản 2");
    expect(replies).toContain("Mục 7");
    expect((await state()) as unknown).toMatchObject({ rows: ["2", "6", "7", "9"], step: { kind: "row", row: "7" } });
    await user.say("bỏ qua");
    expect((await state())?.step).toEqual({ kind: "row", row: "9" });
  });

  const asked = ["bc q4", "8 9", "Đang làm 50%. Dạy trực tuyến 10/20 lớp. Quý tới: thêm lớp", "à quên, mục 8 đã xong rồi, 20/20 lớp"];
  it.each([
    ["ko, ghi la: Dạy trực tuyến cả 20 lớp, 100% GV tham gia", "Dạy trực tuyến cả 20 lớp, 100% GV tham gia"],
    ["không, ghi là “Dạy trực tuyến đủ 20/20 lớp”", "Dạy trực tuyến đủ 20/20 lớp"],
    ["k, sua thanh: day truc tuyen 20/20 lop tu thang 10", "day truc tuyen 20/20 lop tu thang 10"],
    ["ghi la: Dạy trực tuyến 20 lớp", "Dạy trực tuyến 20 lớp"],
  ])("asked whether to replace the text, “%s” replaces it with the words given", async (text, done) => {
    const { user, items, state } = await principal(asked);
    expect((await state())?.step?.kind).toBe("replace-done");
    const replies = (await user.say(text)).join("\n");
    expect(replies).toContain("Đã sửa mục 8");
    expect((await items())[0]).toMatchObject({ taskCode: "8", status: "da_hoan_thanh", done });
    expect((await state())?.step).toEqual({ kind: "row", row: "9" });
  });

  it.each(["a thoi giu nguyen muc 6, chot nop di", "À thôi giữ nguyên mục 6, chốt nộp đi", "giu nguyen muc 6 nha, nop luon", "thoi giu nguyen, xac nhan nop"])(
    "version 2, row 6 asked again from the summary: “%s” keeps it and files",
    async (text) => {
      const { user, items, report } = await principal(filed);
      await user.say("sửa báo cáo quý 4");
      expect((await user.say("sửa 6")).join("\n")).toContain("Hiện tại: 6 — đang thực hiện 50%");
      const replies = (await user.say(text)).join("\n");
      expect(replies).toContain("Đã nộp báo cáo quý 4/2025");
      expect(replies).toContain("phiên bản 2");
      expect(await report()).toMatchObject({ version: 2, status: "submitted" });
      expect((await items()).find((i) => i.taskCode === "6")).toMatchObject({ status: "dang_thuc_hien", done: "Dạy trực tuyến 10/20 lớp" });
    },
  );

  it.each(["a thoi giu nguyen muc 6, chot nop di", "thôi giữ nguyên mục 6, nộp luôn"])("asked from the summary whether to replace row 6's text: “%s” keeps it and files", async (text) => {
    const { user, items, filed: count } = await principal(["bc q4", "6", "Đang làm 50%. Dạy trực tuyến 10/20 lớp. Quý tới: thêm lớp", "à quên, mục 6 đã xong rồi, 20/20 lớp"]);
    const replies = (await user.say(text)).join("\n");
    expect(replies).toContain("Giữ nguyên phần Đã làm của mục 6.");
    expect(replies).toContain("Đã nộp báo cáo quý 4/2025");
    expect(await count()).toBe(1);
    expect((await items())[0]).toMatchObject({ status: "da_hoan_thanh", done: "Dạy trực tuyến 10/20 lớp" });
  });
});

describe("6. another school: refused, never answered with a document passage or the sender's own status", () => {
  it.each([
    "e nop bc q4 giup truong TH-THCS Tan Trung dc ko",
    "em nộp báo cáo quý 4 giúp trường TH-THCS Tân Trung được không ạ",
    "gui bc giup truong tan trung dc k ad",
    "lam bc q4 cho truong tan trung duoc ko",
  ])("a request for another school asked as a question: %s", async (text) => {
    const { user, state } = await principal();
    const [reply, more] = await user.say(text);
    expect(reply).toContain("Tài khoản này đang liên kết với Trường Tiểu học Thị Trấn Củ Chi, nên chỉ nộp được báo cáo của Trường Tiểu học Thị Trấn Củ Chi.");
    expect(reply).toContain("Trường TH-THCS Tân Trung");
    expect(reply).not.toContain("Nguồn:");
    expect(more).toBeUndefined();
    expect(await state()).toBeNull();
  });

  it.each(["trung tam gdnn-gdtx cu chi nop chua", "Trung tâm GDNN-GDTX Củ Chi nộp chưa ạ", "tt gdnn gdtx cu chi nop bc chua"])("a status question about the district's centre: %s", async (text) => {
    const { user } = await principal();
    const [reply] = await user.say(text);
    expect(reply).toContain("Tôi không xem được tình trạng báo cáo của Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên huyện Củ Chi");
    expect(reply).toContain("Còn báo cáo của trường thầy/cô (Trường Tiểu học Thị Trấn Củ Chi):");
    expect(reply).not.toMatch(/^Trường Tiểu học Thị Trấn Củ Chi (chưa|đã) nộp/);
  });

  it.each(["truong thcs tan thong hoi nop chua", "sua bc q4 truong thcs tan thong hoi", "trường THCS Tân Thông Hội nộp báo cáo chưa ạ"])("a school that is not in the registry is not taken for a registered one: %s", async (text) => {
    const { user, state } = await principal();
    const [reply] = await user.say(text);
    expect(reply).toContain("không có trong danh sách trường");
    expect(reply).not.toContain("Tân Trung");
    expect(await state()).toBeNull();
  });
});

describe("7. the rows of the filed version, shown in the chat", () => {
  const filed = ["bc q4", "2 6", "Xong. Tập huấn 20 GV. Quý tới: duy trì", "Đang làm 50%. Dạy trực tuyến 10/20 lớp. Quý tới: thêm lớp", "xác nhận"];

  it.each(["xem lai bc q4 da nop", "cho xem bc da nop", "Xem lại báo cáo quý 4 đã nộp ạ", "cho e xem lai ban da nop", "coi lai bc q4 nop roi"])("%s", async (text) => {
    const { user, state } = await principal(filed);
    const [reply, more] = await user.say(text);
    expect(reply).toMatch(/^Báo cáo quý 4\/2025 — Trường Tiểu học Thị Trấn Củ Chi \(đã nộp, phiên bản 1, mã BC-2025Q4-[^,]+-v1, lúc \d\d:\d\d ngày 20\/11\/2025\):/);
    expect(reply).toContain("• 2. ");
    expect(reply).toContain("Đã làm: Tập huấn 20 GV | Quý tới: duy trì");
    expect(reply).toContain("• 6. ");
    expect(reply).toContain("đang thực hiện 50%");
    expect(reply).toMatch(/Không có hoạt động: 1\.1, 1\.2, 3\.1/);
    expect(reply).not.toContain("xác nhận");
    expect(more).toBeUndefined();
    expect(await state()).toBeNull();
  });

  it("while version 2 is being written, the filed version is shown and the draft's step is kept", async () => {
    const { user, state } = await principal([...filed, "sua bc q4", "sửa 2", "Xong. Tập huấn 25 GV. Quý tới: duy trì"]);
    const before = await state();
    const [reply] = await user.say("xem lai bc q4 da nop");
    expect(reply).toContain("(đã nộp, phiên bản 1,");
    expect(reply).toContain("Tập huấn 20 GV");
    expect(await state()).toEqual(before);
  });

  it.each(["xem lai bc q4 da nop cua truong tan trung", "cho xem bc da nop cua truong TH-THCS Tân Trung"])("another school's filed report is not shown: %s", async (text) => {
    const { user } = await principal(filed);
    const [reply] = await user.say(text);
    expect(reply).toContain("Tôi không xem được tình trạng báo cáo của Trường TH-THCS Tân Trung");
    expect(reply).not.toContain("• 2.");
  });

  it.each(["cho xem bc da nop", "xem lai bc q4 da nop"])("nothing filed yet: %s", async (text) => {
    const { user } = await principal();
    const [reply] = await user.say(text);
    expect(reply).toContain("chưa nộp báo cáo");
    expect(reply).toContain("chưa có bản đã nộp để xem");
  });
});

describe("several acts in one message: guards", () => {
  it.each(["ko, ko co", "khong, khong co gi"])("“%s” at a row skips that one row, not two", async (text) => {
    const { user, state, items } = await principal(["bc q4", "2 4 6"]);
    await user.say(text);
    expect((await state())?.step).toEqual({ kind: "row", row: "4" });
    expect(await items()).toEqual([]);
  });
});

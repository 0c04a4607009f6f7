/**
 * What the sixth principal's trial run found (phone typing: no diacritics, Zalo abbreviations,
 * emoji, fillers), through the real pipeline: Zalo webhook → grammY → dialogue → database
 * (PGlite) → replies. The worst class: messages that are not row content (questions, requests,
 * talk about the bot or the last message, preambles) stored as a row's text. Each case has its
 * own principal of a school of its own named Trường Tiểu học Tân Thông Hội, so the registry's
 * Trường Tiểu học Thị Trấn Củ Chi is another school; quarter 4/2025.
 */
import { describe, expect, it } from "vitest";
import { trialSetting } from "../helpers/trial-principals.ts";

const REGISTRY = [
  { code: "TH-TTH", name: "Trường Tiểu học Tân Thông Hội", shortName: "TH Tân Thông Hội", level: "TH" },
  { code: "TH-TTCC", name: "Trường Tiểu học Thị Trấn Củ Chi", shortName: "TH Thị Trấn Củ Chi", level: "TH" },
  { code: "THCS-TT2", name: "Trường THCS Thị Trấn 2", shortName: "THCS Thị Trấn 2", level: "THCS" },
  { code: "TH-THCS-TANTRUNG", name: "Trường TH-THCS Tân Trung", shortName: "TH-THCS Tân Trung", level: "TH-THCS" },
  { code: "GDNN-GDTX", name: "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên huyện Củ Chi", shortName: "TT GDNN-GDTX", level: "GDNN-GDTX" },
];

const { principal } = trialSetting(REGISTRY, { now: "2025-11-20T09:00:00+07:00", userPrefix: "z-six" });

const two = (replies: string[]) => replies.join("\n");

describe("A1. skipping a row with a reason: the reason is not content", () => {
  it.each([
    "bỏ qua mục này đi ad, để e hỏi lại tổ CNTT r bổ sung sau",
    "bo qua muc nay di ad, de e hoi lai to cntt r bo sung sau",
    "thoi bo qua nha, e check lai roi cap nhat sau",
    "bỏ qua đi ạ, số liệu chưa có, em bổ sung sau",
  ])("%s", async (text) => {
    const { user, items, state } = await principal(["bc q4", "5 8"]);
    const replies = two(await user.say(text));
    expect(replies).toContain("Bỏ qua mục 5");
    expect(replies).toContain("Mục 8 (2/2).");
    expect(await items()).toEqual([]);
    expect((await state())?.step).toEqual({ kind: "row", row: "8" });
  });
});

describe("A2/D1. a question and a request to act for another school: refused, nothing stored, the row asked again", () => {
  it.each([
    "ad oi tien cho e hoi truong TH Thi Tran Cu Chi nop bc q4 chua a? e nop ho ben do luon dc ko",
    "ad ơi tiện cho em hỏi trường TH Thị Trấn Củ Chi nộp bc q4 chưa ạ? em nộp hộ bên đó luôn được không",
    "truong th thi tran cu chi nop bc chua ad, e nop giup ho dc ko",
  ])("at row 9: %s", async (text) => {
    const { user, items, state } = await principal(["bc q4", "8 9", "Xong. Dạy trực tuyến 20 lớp. Quý tới: duy trì"]);
    const replies = two(await user.say(text));
    expect(replies).toContain("Trường Tiểu học Thị Trấn Củ Chi");
    expect(replies).toContain("Mục 9");
    expect(replies).not.toMatch(/đã nộp|chưa nộp báo cáo/);
    expect((await items()).map((i) => i.taskCode)).toEqual(["8"]);
    expect((await state())?.step).toEqual({ kind: "row", row: "9" });
  });

  it.each([
    "truong TH Thi Tran Cu Chi nop bc q4 chua ad? e nop ho ben do dc ko",
    "trường TH Thị Trấn Củ Chi nộp bc q4 chưa ad? em nộp hộ bên đó được không",
  ])("no form open: %s", async (text) => {
    const { user } = await principal();
    const replies = two(await user.say(text));
    expect(replies).toContain("Trường Tiểu học Tân Thông Hội");
    expect(replies).toContain("Thị Trấn Củ Chi");
    expect(replies).not.toMatch(/hạn nộp|chuyển câu hỏi/i);
  });

  it.each([
    "ơ cái đó e hỏi thôi mà, ko phải nội dung mục 9 đâu ad. xóa đi giúp e",
    "o cai do e hoi thoi ma, ko phai noi dung muc 9 dau ad. xoa di giup e",
    "cai vua r e hoi thoi, ko phai tra loi dau, xoa giup e",
  ])("what was stored by mistake is cleared and the row asked again: %s", async (text) => {
    const { user, items, state } = await principal(["bc q4", "8 9", "Xong. Dạy trực tuyến 20 lớp. Quý tới: duy trì", "da in ban giay gui len phong"]);
    expect((await items()).map((i) => i.taskCode)).toEqual(["8", "9"]);
    const replies = two(await user.say(text));
    expect(replies).toContain("Đã xóa phần đã ghi của mục 9");
    expect(replies).toContain("Mục 9");
    expect((await items()).map((i) => i.taskCode)).toEqual(["8"]);
    expect((await state())?.step).toEqual({ kind: "row", row: "9" });
  });
});

describe("A3. “mục 4 e nói là ko có mà” is the row taken out, not text", () => {
  it.each(["muc 4 e noi la ko co ma ad 😅", "mục 4 em nói là không có mà ad 😅", "muc 4 e da noi la ko co r ma"])("%s", async (text) => {
    const { user, items, state } = await principal(["bc q4", "2 4 8", "Xong. Tập huấn 20 GV. Quý tới: duy trì"]);
    const replies = two(await user.say(text));
    expect(replies).toContain("Đã bỏ mục 4");
    expect((await items()).map((i) => i.taskCode)).toEqual(["2"]);
    expect((await state())?.rows).toEqual(["2", "8"]);
  });
});

describe("A4/A9. a part given after “sửa (lại) thành:” is stored verbatim", () => {
  const setup = ["bc q4", "6 8", "Xong. a 👍 hs co hoc ba. Quý tới: duy trì"];
  it.each([
    ["muc 6 phan da lam sao co chu a voi cai icon vay ad, sua lai thanh: 100% hs khoi 1 den 5 da co hoc ba dien tu", "100% hs khoi 1 den 5 da co hoc ba dien tu"],
    ["mục 6 phần đã làm sao có chữ a với cái icon vậy ad, sửa lại thành: 100% HS khối 1 đến 5 đã có học bạ điện tử", "100% HS khối 1 đến 5 đã có học bạ điện tử"],
    ["sửa 6 phần đã làm thành: 100% hs khối 1-5 đã có học bạ điện tử", "100% hs khối 1-5 đã có học bạ điện tử"],
    ["sua 6 phan da lam thanh: 100% hs khoi 1-5 da co hoc ba dien tu", "100% hs khoi 1-5 da co hoc ba dien tu"],
    ["muc 6 phan da lam ghi sai r ad, sua thanh: 100% hs da co hoc ba", "100% hs da co hoc ba"],
  ])("%s", async (text, done) => {
    const { user, items } = await principal(setup);
    await user.say(text);
    expect((await items())[0]).toMatchObject({ taskCode: "6", status: "da_hoan_thanh", done });
  });
});

describe("A5. fillers and emoji at the edges of a part are dropped", () => {
  it.each([
    ["xong r a 👍 100% hs khoi 1 den 5 da co hoc ba dien tu", "100% hs khoi 1 den 5 da co hoc ba dien tu"],
    ["Xong rồi ạ 👍 100% HS khối 1 đến 5 đã có học bạ điện tử ạ", "100% HS khối 1 đến 5 đã có học bạ điện tử"],
    ["xong r ad, 😊 da tap huan 20 gv nha", "da tap huan 20 gv"],
  ])("%s", async (text, done) => {
    const { user, items } = await principal(["bc q4", "6 8"]);
    await user.say(text);
    expect((await items())[0]).toMatchObject({ taskCode: "6", status: "da_hoan_thanh", done });
  });
});

describe("A6. a correction with its own progress, and a second act in the same message", () => {
  const setup = ["bc q4", "1.2 8 9", "Xong. Cập nhật CSDL ngành. Quý tới: duy trì", "Xong. Dạy trực tuyến 20/20 lớp. Quý tới: duy trì"];
  it.each([
    "à nhầm, mục 8 chưa xong hẳn đâu ad, mới 90% thôi. còn 1.2 thì xóa đi giúp e",
    "a nham, muc 8 chua xong han dau ad, moi 90% thoi. con 1.2 thi xoa di giup e",
    "nham, muc 8 moi dc 90% thoi a, con muc 1.2 xoa di",
  ])("%s", async (text) => {
    const { user, items, state } = await principal(setup);
    const replies = two(await user.say(text));
    expect(replies).toContain("Đã sửa mục 8 — đang thực hiện 90%");
    expect(replies).toContain("Đã bỏ mục 1.2");
    expect(replies).not.toContain("Sửa phần Đã làm thành");
    const got = await items();
    expect(got.map((i) => i.taskCode)).toEqual(["8"]);
    expect(got[0]).toMatchObject({ status: "dang_thuc_hien", progressPercent: 90, done: "Dạy trực tuyến 20/20 lớp" });
    expect((await state())?.rows).toEqual(["8", "9"]);
    expect((await state())?.step).toEqual({ kind: "row", row: "9" });
  });
});

describe("A7. a preamble before the answer (“e hỏi tổ CNTT r nè:”) is not content", () => {
  it.each([
    ["mục 5 e hỏi tổ CNTT r nè: đang làm khoảng 40%, đã cài phần mềm cho 3 phòng máy", "đã cài phần mềm cho 3 phòng máy"],
    ["muc 5 e hoi to cntt r ne: dang lam khoang 40%, da cai phan mem cho 3 phong may", "da cai phan mem cho 3 phong may"],
    ["e vua hoi lai to cntt roi a: dang lam khoang 40%, da cai phan mem cho 3 phong may", "da cai phan mem cho 3 phong may"],
  ])("%s", async (text, done) => {
    const { user, items } = await principal(["bc q4", "5 8"]);
    await user.say(text);
    expect((await items())[0]).toMatchObject({ taskCode: "5", status: "dang_thuc_hien", progressPercent: 40, done });
  });
});

describe("A8. a rambling answer: the opening filler is dropped, “nhưng mà … không có …” is a difficulty", () => {
  it.each([
    [
      "muc nay thi hoi dai dong xiu a. Truong da trien khai hoc truc tuyen cho 12 lop. Nhung ma hs o vung ven thi khong co may tinh nen hoc khong deu",
      "Truong da trien khai hoc truc tuyen cho 12 lop",
      "hs o vung ven thi khong co may tinh nen hoc khong deu",
    ],
    [
      "Mục này thì hơi dài dòng xíu ạ. Trường đã triển khai học trực tuyến cho 12 lớp. Nhưng mà HS ở vùng ven thì thiếu máy tính",
      "Trường đã triển khai học trực tuyến cho 12 lớp",
      "HS ở vùng ven thì thiếu máy tính",
    ],
  ])("%s", async (text, done, difficulties) => {
    const { user, items } = await principal(["bc q4", "8 9"]);
    await user.say(text);
    expect((await items())[0]).toMatchObject({ taskCode: "8", done, difficulties });
  });
});

describe("A10. “khoan 4 thì ko” while picking unselects row 4", () => {
  it.each([
    "1.1, 3.1, 4, 7 va 9 a. a khoan 4 thi ko, quy nay tuyen sinh chua toi",
    "1.1, 3.1, 4, 7 và 9 ạ. À khoan 4 thì không, quý này tuyển sinh chưa tới",
    "1.1 3.1 4 7 9. a nham, 4 ko co",
  ])("%s", async (text) => {
    const { user, state } = await principal(["bc q4"]);
    await user.say(text);
    expect((await state())?.rows).toEqual(["1.1", "3.1", "7", "9"]);
  });
});

describe("B1. seeing the filed report, its status, and a row in full", () => {
  const long = "Trường đã triển khai dạy học trực tuyến cho toàn bộ 20 lớp từ khối 1 đến khối 5, mỗi tuần hai buổi trên nền tảng LMS của Sở, giáo viên soạn bài giảng điện tử, học sinh nộp bài trên hệ thống và phụ huynh theo dõi kết quả qua ứng dụng";
  it.each(["cho e xem lai bc da nop voi, tinh trang sao r ad", "xem lại báo cáo quý 4", "xem lai bc q4"])("after filing: %s shows the filed rows", async (text) => {
    const { user } = await principal(["bc q4", "8", `Xong. ${long}. Quý tới: duy trì`, "xác nhận"]);
    const replies = two(await user.say(text));
    expect(replies).toContain("đã nộp, phiên bản 1");
    expect(replies).toContain("• 8.");
  });

  it.each(["xem lại báo cáo", "xem lai bc q4"])("inside a form, “%s” is the draft's summary, not a filed version", async (text) => {
    const { user, state } = await principal(["bc q4", "8 9", "Xong. Dạy 20 lớp. Quý tới: duy trì"]);
    const replies = two(await user.say(text));
    expect(replies).toContain("(bản nháp, phiên bản 1)");
    expect((await state())?.step?.kind).toBe("review");
  });

  it.each(["bc q4 truong e nop dc chua ad, dung han ko", "bc quý 4 trường em nộp được chưa ạ, đúng hạn không"])("%s gives the school's status", async (text) => {
    const { user } = await principal(["bc q4", "8", "Xong. Dạy 20 lớp. Quý tới: duy trì", "xác nhận"]);
    const replies = two(await user.say(text));
    expect(replies).toContain("đã nộp báo cáo quý 4/2025");
    expect(replies).toContain("đúng hạn");
  });

  it.each(["xem lai muc 8 day du cho e coi", "xem lại mục 8", "cho e xem muc 8 full"])("in the form, “%s” shows row 8 in full", async (text) => {
    const { user, state } = await principal(["bc q4", "8 9", `Xong. ${long}. Quý tới: duy trì`]);
    const replies = two(await user.say(text));
    expect(replies).toContain(long);
    expect((await state())?.step).toEqual({ kind: "row", row: "9" });
  });

  it.each(["xem đầy đủ", "xem day du", "xem full bc"])("on the summary, “%s” shows every row uncut", async (text) => {
    const { user } = await principal(["bc q4", "8", `Xong. ${long}. Quý tới: duy trì`]);
    const replies = two(await user.say(text));
    expect(replies).toContain(long);
  });
});

describe("B2. an opening that picks rows and gives a row's status", () => {
  it.each(["bc q4 ạ. trường e quý này có 1.2, 5, 8 nha, 8 thì xong r", "bc q4 a. truong e quy nay co 1.2, 5, 8 nha, 8 thi xong r"])("%s", async (text) => {
    const { user, state, items } = await principal();
    const replies = two(await user.say(text));
    expect(replies).toContain("Mục 1.2 (1/3).");
    expect((await state()) as unknown).toMatchObject({ rows: ["1.2", "5", "8"], step: { kind: "row", row: "1.2" } });
    expect((await items())[0]).toMatchObject({ taskCode: "8", status: "da_hoan_thanh" });
  });
});

describe("B2 guard: a count after “có” is not a row picked", () => {
  it("bc q4 a, truong e co 2 lop day truc tuyen", async () => {
    const { user, state } = await principal();
    await user.say("bc q4 a, truong e co 2 lop day truc tuyen");
    expect((await state())?.step?.kind).toBe("pick-rows");
  });
});

describe("B3. adding a row with its content in the same message", () => {
  it.each([
    ["a quen, them muc 2 nua: truong da cu 5 gv di tap huan chuyen doi so", "truong da cu 5 gv di tap huan chuyen doi so"],
    ["à quên, thêm mục 2 nữa: trường đã cử 5 GV đi tập huấn chuyển đổi số", "trường đã cử 5 GV đi tập huấn chuyển đổi số"],
  ])("%s", async (text, done) => {
    const { user, items, state } = await principal(["bc q4", "8", "Xong. Dạy 20 lớp. Quý tới: duy trì"]);
    const replies = two(await user.say(text));
    expect(replies).toContain("mục 2");
    expect((await items()).find((i) => i.taskCode === "2")).toMatchObject({ done });
    expect((await state())?.rows).toEqual(["2", "8"]);
  });
});

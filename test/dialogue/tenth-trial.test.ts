/**
 * What the tenth principal's trial (blind, 115 messages, 89 right) found, with wordings written for
 * each class, through the real pipeline: Zalo emulator → webhook → grammY → dialogue → PGlite.
 */
import { describe, expect, it } from "vitest";
import { trialSetting } from "../helpers/trial-principals.ts";

const REGISTRY = [{ code: "TH-TA", name: "Trường Tiểu học Tân An Hội", shortName: "TH Tân An Hội", level: "TH" }];
const { principal } = trialSetting(REGISTRY, { now: "2026-11-29T09:00:00+07:00", userPrefix: "z-ten" });

describe("“q tới” is the next-quarter label, like “quý tới” and “qt tới”", () => {
  it.each(["xong r a, 12 lop day truc tuyen qua teams, q toi duy tri", "Xong rồi, dạy trực tuyến 12 lớp qua Teams. Q tới: duy trì", "xong, 12 lop hoc teams. q tới duy trì nha"])("%s", async (text) => {
    const { user, items } = await principal(["bc q4", "8"]);
    await user.say(text);
    const [row] = await items();
    expect(row!.next).toMatch(/^duy tr[iì]/);
    expect(row!.done).not.toMatch(/\bq t[oớ]i\b/i);
  });
});

describe("“nothing” with Zalo spelling empties the part asked", () => {
  it.each(["ko co j", "k co j a", "không có j ạ"])("%s", async (text) => {
    const { user, items, state } = await principal(["bc q4", "2 8", "dang lam 70%, tap huan 20 gv"]);
    await user.say(text);
    expect((await items())[0]).toMatchObject({ taskCode: "2", next: null });
    expect((await state())?.step).toEqual({ kind: "row", row: "8" });
  });
});

describe("rows picked in Roman numerals", () => {
  it.each([
    ["truong e co muc II, IV va VI", ["2", "4", "6"]],
    ["mục VII và IX ạ", ["7", "9"]],
  ])("%s", async (text, rows) => {
    const { user, state } = await principal(["bc q4"]);
    await user.say(text);
    expect((await state())?.rows).toEqual(rows);
  });
});

describe("adding a row to the filed report without “sửa báo cáo”", () => {
  it.each(["them muc 9 vao bc q4 giup e", "thêm mục 9 vào báo cáo quý 4 nha ad"])("%s opens version 2 and asks row 9", async (text) => {
    const { user, state, filed } = await principal(["bc q4", "2", "Xong. Tập huấn 30 GV. Quý tới: duy trì", "xác nhận"]);
    expect(await filed()).toBe(1);
    const replies = (await user.say(text)).join("\n");
    expect(replies).toContain("Mục 9");
    expect((await state())?.rows).toEqual(["2", "9"]);
    expect((await state())?.step).toMatchObject({ kind: "row", row: "9" });
  });
});

describe("“phần đã làm chỉ là X”: X is the new text, not “chỉ là X”", () => {
  it.each(["muc 6 phan da lam chi la nhap hoc ba 2 khoi", "sửa mục 6 phần đã làm chỉ là: nhập học bạ 2 khối"])("%s", async (text) => {
    const { user, items } = await principal(["bc q4", "6 8", "Đang làm 50%. Nhập học bạ 5 khối, ký số 3 khối. Quý tới: ký nốt"]);
    await user.say(text);
    expect((await items()).find((i) => i.taskCode === "6")!.done).toMatch(/^nh[aậ]p h[oọ]c b[aạ] 2 kh[oố]i$/);
  });
});

describe("a correction after filing that opens with talk", () => {
  it.each(["ad ơi t mới nhớ, mục 8 là 18 lớp chứ ko phải 15, sửa lại giùm t", "a oi e quen mat, muc 8 la 18 lop chu ko phai 15 a, sua giup e"])("%s opens version 2 with the change", async (text) => {
    const { user, items } = await principal(["bc q4", "8", "Đang làm 75%. 15 lớp có bài giảng trên OLM. Quý tới: thêm 5 lớp", "xác nhận"]);
    const replies = (await user.say(text)).join("\n");
    expect(replies).toContain("phiên bản 2");
    expect(replies).toContain("18 lớp");
    expect(replies).not.toContain("chuyển câu hỏi");
    expect(await items()).toHaveLength(1);
  });
});

/**
 * The turn-type guard (src/dialogue/turn-reading.ts) through the real pipeline: a message the
 * act grammar does not parse, typed where the form would store it, is stored only when it reads
 * as content. Questions get answered, commands carried out (or asked back when they would file),
 * talk and corrections without a row asked back — and nothing of them is stored. Quarter 4/2026.
 */
import { describe, expect, it } from "vitest";
import { trialSetting } from "../helpers/trial-principals.ts";

const REGISTRY = [{ code: "TH-TR", name: "Trường Tiểu học Tân Phú Trung", shortName: "TH Tân Phú Trung", level: "TH" }];
const { principal } = trialSetting(REGISTRY, { now: "2026-11-29T09:00:00+07:00", userPrefix: "z-turn" });
const all = (replies: string[]) => replies.join("\n");
const AT_ROW_9 = ["bc q4", "8 9", "Xong. Dạy trực tuyến 20 lớp. Quý tới: duy trì"];

describe("typed at a row: not content, not stored", () => {
  it.each([
    "truong e can gui kem ban giay len phong khong",
    "trường em có cần gửi kèm bản giấy lên phòng ko ạ",
    "mục 9 này ghi những gì vậy ad",
  ])("a question is answered: %s", async (text) => {
    const { user, items, state } = await principal(AT_ROW_9);
    const replies = all(await user.say(text));
    expect(replies).not.toMatch(/Đã ghi mục 9/);
    expect((await items()).map((i) => i.taskCode)).toEqual(["8"]);
    expect((await state())?.step).toEqual({ kind: "row", row: "9" });
  });

  it.each(["xem lại giúp e cái nháp", "cho e coi ban nhap cai", "e muon xem lai bc nhap"])("a request to see the draft shows it: %s", async (text) => {
    const { user, items, state } = await principal(AT_ROW_9);
    const replies = all(await user.say(text));
    expect(replies).toContain("bản nháp");
    expect((await items()).map((i) => i.taskCode)).toEqual(["8"]);
    expect((await state())?.step).toEqual({ kind: "review" });
  });

  it.each(["hủy bản này đi", "thoi huy bc nay di ad"])("a cancel asks first: %s", async (text) => {
    const { user, items, state } = await principal(AT_ROW_9);
    const replies = all(await user.say(text));
    expect(replies).toContain("Gõ “có” để hủy");
    expect((await items()).map((i) => i.taskCode)).toEqual(["8"]);
    expect((await state())?.step).toMatchObject({ kind: "confirm-cancel" });
  });

  it.each(["chờ e xíu nha ad", "de e hoi lai co pho da"])("talk is asked back: %s", async (text) => {
    const { user, items, state } = await principal(AT_ROW_9);
    const replies = all(await user.say(text));
    expect(replies).toMatch(/chưa ghi gì/);
    expect((await items()).map((i) => i.taskCode)).toEqual(["8"]);
    expect((await state())?.step).toEqual({ kind: "row", row: "9" });
  });

  it.each(["gửi phòng luôn giúp em", "gui luon cho phong di ad"])("an order to file that the grammar did not parse is asked back, never filed: %s", async (text) => {
    const { user, filed, state } = await principal(AT_ROW_9);
    const replies = all(await user.say(text));
    expect(replies).toMatch(/Gõ “xác nhận” để nộp|Kiểm tra rồi gõ “xác nhận”/);
    expect(await filed()).toBe(0);
    expect((await state())?.step).not.toBeUndefined();
  });
});

describe("content is still content", () => {
  it.each([
    ["thư viện số đã nhập 300 đầu sách, quý tới nhập thêm 200", "300 đầu sách"],
    ["da gui danh sach hoc sinh dung thu vien so len phong", "danh sach hoc sinh"],
    ["đã hướng dẫn HS cách tra cứu và hỏi đáp trên thư viện số", "hỏi đáp"],
  ])("%s", async (text, phrase) => {
    const { user, items } = await principal(AT_ROW_9);
    await user.say(text);
    const row9 = (await items()).find((i) => i.taskCode === "9");
    expect(row9?.done ?? "").toContain(phrase);
  });
});

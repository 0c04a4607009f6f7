/**
 * What blind dialogue set 8 (24 conversations, 14 right on first reading) found, with wordings
 * written for each class (not the set's own lines), through the real pipeline: Zalo emulator →
 * webhook → grammY → dialogue → PGlite.
 */
import { describe, expect, it } from "vitest";
import { detectAct } from "../../src/dialogue/acts.ts";
import { detectOpening } from "../../src/dialogue/phrases.ts";
import { parseRowAnswer } from "../../src/lang/row-answer.ts";
import { trialSetting } from "../helpers/trial-principals.ts";

const REGISTRY = [{ code: "TH-PV", name: "Trường Tiểu học Phước Vĩnh An", shortName: "TH Phước Vĩnh An", level: "TH" }];
const { principal } = trialSetting(REGISTRY, { now: "2026-11-30T09:00:00+07:00", userPrefix: "z-set8" });

describe("opening the report with the quarter and the school's name only", () => {
  it.each(["quý 4 nha ad, TH Phước Vĩnh An ạ", "quy IV a, tieu hoc Phuoc Vinh An", "dạ quý 4 ạ", "chao ad, TH Phuoc Vinh An gui bc quy 4", "e chào ad, MN Sao Mai nộp báo cáo quý 4"])("%s opens the report", (text) => {
    expect(detectOpening(text)).toBe("report");
  });

  it.each(["quý 4 hạn ngày nào", "TH Sao Mai hỏi hạn nộp bc quý 4 là khi nào", "quy 4 sao roi ad"])("%s does not", (text) => {
    expect(detectOpening(text)).toBeUndefined();
  });

  it("asks which rows, then takes the answers", async () => {
    const { user, items } = await principal([]);
    expect((await user.say("quý 4 nha ad, TH Phước Vĩnh An ạ")).join("\n")).toContain("Quý này trường có hoạt động ở những mục nào?");
    await user.say("2");
    await user.say("xong rồi, 20 giáo viên học xong khóa kỹ năng số");
    expect((await items())[0]).toMatchObject({ taskCode: "2", status: "da_hoan_thanh" });
  });
});

describe("a pause in other words (“lát cô nhắn lại nhé”)", () => {
  it.each(["có khách, lát cô nhắn lại nhé", "chiều em gửi tiếp nha ad", "xíu nữa thầy trả lời sau"])("%s pauses", (text) => {
    expect(detectAct(text)).toEqual({ kind: "pause" });
  });

  it("an answer that promises more later is an answer (“quý tới làm tiếp, mai em gửi lại kế hoạch chi tiết”)", () => {
    expect(detectAct("quý tới làm tiếp, mai em gửi lại kế hoạch chi tiết")).toBeUndefined();
  });

  it("nothing of the pause is stored", async () => {
    const { user, items, state } = await principal(["bc q4", "8", "đang làm 30%"]);
    await user.say("có phụ huynh lên gặp, lát cô nhắn lại nhé");
    expect((await items())[0]!.done).toBeNull();
    expect((await state())?.paused).toBe(true);
  });
});

describe("corrections and several rows in one message", () => {
  it("“mục 8 sửa lại 60% giùm em” at the summary changes the percent, not what was done", async () => {
    const { user, items } = await principal(["bc q4", "8", "đang làm 50%, 10 lớp học trên OLM. Quý tới: thêm 5 lớp"]);
    await user.say("mục 8 sửa lại 60% giùm em");
    expect((await items())[0]).toMatchObject({ taskCode: "8", progressPercent: 60, done: "10 lớp học trên OLM" });
  });

  it("sentences opening with row numbers go to their rows (“3.1 xong r, … . 3.2 đang làm 50%, …”)", async () => {
    const { user, items } = await principal(["bc q4", "3.1 3.2"]);
    await user.say("3.1 xong r, tự đánh giá đạt mức 2. 3.2 đang làm 50%, đã dự thảo quy chế dữ liệu");
    const rows = Object.fromEntries((await items()).map((i) => [i.taskCode, i]));
    expect(rows["3.1"]).toMatchObject({ status: "da_hoan_thanh" });
    expect(rows["3.1"]!.done).toContain("đạt mức 2");
    expect(rows["3.2"]).toMatchObject({ status: "dang_thuc_hien", progressPercent: 50 });
    expect(rows["3.2"]!.done).toContain("dự thảo quy chế");
  });
});

describe("a request to the office in its own sentence (“Nhờ Phòng mở khóa tài khoản giúp em”)", () => {
  it("is the row's recommendation, not a request to the bot dropped as talk", async () => {
    const { user, items } = await principal(["bc q4", "1.1", "chưa thực hiện, tài khoản EDUGIS bị khóa"]);
    await user.say("quý sau cập nhật sơ đồ trường. Nhờ Phòng mở khóa tài khoản giúp em");
    expect((await items())[0]).toMatchObject({ next: "cập nhật sơ đồ trường", recommendations: "Nhờ Phòng mở khóa tài khoản giúp em" });
  });
});

describe("a status phrase typed with two letters swapped (“hoan thnah”, “thuc hein”)", () => {
  it.each([
    ["da hoan thnah r, tap huan 20 co", "da_hoan_thanh"],
    ["dang thuc hein 30%, 5 lop dung OLM", "dang_thuc_hien"],
    ["chua trien kahi", "chua_thuc_hien"],
  ])("%s", (text, status) => {
    expect(parseRowAnswer(text).status).toBe(status);
  });

  it("is no licence to guess: another word after “hoàn” stays what it is", () => {
    expect(parseRowAnswer("hoan thien du lieu tre tren he thong").status).toBeUndefined();
  });
});

describe("picking rows: “tất cả trừ” a list written with spaces only", () => {
  it.each(["tat ca tru 1.1 1.2 va 3.3", "tất cả trừ 1.1 1.2 3.3 nha", "lam tat ca cac muc tru 1.1 1.2 va 3.3"])("%s leaves those three out", async (text) => {
    const { user, state } = await principal(["bc q4"]);
    await user.say(text);
    expect((await state())?.rows).toEqual(["2", "3.1", "3.2", "4", "5", "6", "7", "8", "9"]);
  });
});

describe("principal trial 14 (30/11): what it found, in other words", () => {
  it("“giới thiệu”, “tối thiểu” are no “thiếu” (no difficulty made up); who asks goes with the request", () => {
    expect(parseRowAnswer("quý tới tìm phần mềm thư viện, kiến nghị Sở giới thiệu nhà cung cấp", "next")).toEqual({ next: "tìm phần mềm thư viện", recommendations: "Sở giới thiệu nhà cung cấp" });
    expect(parseRowAnswer("quy toi tap huan, toi de nghi Phong cap them may", "next")).toEqual({ next: "tap huan", recommendations: "toi de nghi Phong cap them may" });
    expect(parseRowAnswer("thieu may chieu, kien nghi cap them", "next")).toMatchObject({ difficulties: "thieu may chieu" });
  });

  it("“dc r b, nộp đi” is an order to file (“b”: the person spoken to)", () => {
    expect(detectAct("dc r b, nop di")).toEqual({ kind: "confirm" });
    expect(detectAct("được rồi bạn, nộp luôn nha")).toEqual({ kind: "confirm" });
  });

  it("“bỏ mục 4, 6 và 9” at the summary takes all three out", async () => {
    const { user, state } = await principal(["bc q4", "4 6 8 9", "bỏ qua", "bỏ qua", "đang làm 50%, 8 lớp học OLM. Quý tới thêm lớp", "bỏ qua"]);
    expect((await state())?.step).toEqual({ kind: "review" });
    await user.say("bỏ mục 4, 6 và 9");
    expect((await state())?.rows).toEqual(["8"]);
  });
});


describe("emptying a part in words (“mục 9 phần khó khăn xóa đi, mình ko có khó khăn gì”)", () => {
  it.each(["mục 8 phần khó khăn xóa đi, mình ko có khó khăn gì", "muc 8 phan kho khan de trong nha", "sửa mục 8 phần khó khăn thành: không có gì"])("%s empties it", async (text) => {
    const { user, items } = await principal(["bc q4", "8", "đang làm 50%, 8 lớp học OLM. Quý tới thêm lớp. Khó khăn: thiếu máy"]);
    await user.say(text);
    expect((await items())[0]).toMatchObject({ taskCode: "8", difficulties: null, next: "thêm lớp" });
  });
});

describe("what was done, opening with a share (“100% văn bản … đã xử lý”), after the status was said", () => {
  it("keeps the status and percent said before", async () => {
    const { user, items } = await principal(["bc q4", "7", "đang làm 70%"]);
    await user.say("100% văn bản đến đi đã xử lý trên VPĐT, 15/22 giáo viên có chữ ký số");
    expect((await items())[0]).toMatchObject({ taskCode: "7", status: "dang_thuc_hien", progressPercent: 70 });
    expect((await items())[0]!.done).toContain("100% văn bản");
  });
});

/**
 * What blind dialogue set 9 (24 conversations, 12 right on first reading) and principal trial 14's
 * leftovers found, with wordings written for each class (not the set's own lines), through the real
 * pipeline: Zalo emulator → webhook → grammY → dialogue → PGlite.
 */
import { describe, expect, it } from "vitest";
import { detectAct } from "../../src/dialogue/acts.ts";
import { detectOpening } from "../../src/dialogue/phrases.ts";
import { findPeriod } from "../../src/lang/periods.ts";
import { normalize } from "../../src/lang/normalize.ts";
import { parseRowAnswer } from "../../src/lang/row-answer.ts";
import { trialSetting } from "../helpers/trial-principals.ts";

const REGISTRY = [{ code: "TH-TD", name: "Trường Tiểu học Tân Định", shortName: "TH Tân Định", level: "TH" }];
const { principal } = trialSetting(REGISTRY, { now: "2026-11-30T09:00:00+07:00", userPrefix: "z-set9" });

const row = async (items: () => Promise<{ taskCode: string }[]>, code: string) => (await items()).find((i) => i.taskCode === code) as Record<string, unknown> | undefined;

describe("difficulties and recommendations said without a cue word, at the plan question", () => {
  it("a sentence after the plan that says something is lacking or broken is a difficulty; “X nên …” is a suggestion", () => {
    expect(parseRowAnswer("mở rộng cho khối 3. nhiều gv lớn tuổi chưa rành phần mềm. nhà cung cấp nên giảm giá gói bản quyền", "next")).toEqual({
      next: "mở rộng cho khối 3",
      difficulties: "nhiều gv lớn tuổi chưa rành phần mềm",
      recommendations: "nhà cung cấp nên giảm giá gói bản quyền",
    });
    expect(parseRowAnswer("quy sau so hoa tiep. may scan hay ket giay", "next")).toMatchObject({ difficulties: "may scan hay ket giay" });
    // What comes first is the plan, whatever its words; a plan's own words are no difficulty.
    expect(parseRowAnswer("Quý tới xây dựng kho học liệu số theo yêu cầu của Phòng", "next")).toEqual({ next: "xây dựng kho học liệu số theo yêu cầu của Phòng" });
  });

  it("a difficulty sent right after the plan, when the summary had already come, goes to that row", async () => {
    const { user, items } = await principal(["bc q4", "9", "đang làm 30%, số hóa 200 đầu sách", "quý sau mua thêm sách điện tử"]);
    const replies = (await user.say("wifi thư viện yếu lắm, hay mất kết nối")).join("\n");
    expect(replies).toContain("Khó khăn: wifi thư viện yếu lắm");
    await user.say("mong phòng hỗ trợ lắp thêm bộ phát wifi");
    expect(await row(items, "9")).toMatchObject({ next: "mua thêm sách điện tử", recommendations: "mong phòng hỗ trợ lắp thêm bộ phát wifi" });
    expect((await row(items, "9"))!.difficulties).toContain("wifi thư viện yếu");
  });

  it("work or a question at the summary is not taken for a difficulty", async () => {
    const { user, items } = await principal(["bc q4", "9", "đang làm 30%, số hóa 200 đầu sách", "quý sau mua thêm sách điện tử"]);
    await user.say("hạn nộp ngày mấy ad");
    await user.say("đã số hóa thêm 20 đầu sách");
    expect((await row(items, "9"))!.difficulties).toBeNull();
  });

  it("“quý sau tiếp tục” asked for the plan is the plan", async () => {
    const { user, items } = await principal(["bc q4", "4", "đang làm 70%, nhận 150 hồ sơ trực tuyến"]);
    await user.say("quý sau tiếp tục ạ");
    expect(await row(items, "4")).toMatchObject({ status: "dang_thuc_hien", next: "tiếp tục" });
  });
});

describe("a correction typed right after filing", () => {
  it.each(["à quên, mục 8 là 85% nha ad", "ấy chết mục 8 phải là 85% mới đúng"])("%s opens a new version with it", async (text) => {
    const { user, items } = await principal(["bc q4", "8", "đang làm 70%, 12 lớp học trên OLM. Quý tới thêm 3 lớp", "xác nhận"]);
    const replies = (await user.say(text)).join("\n");
    expect(replies).toContain("phiên bản 2");
    expect(await row(items, "8")).toMatchObject({ progressPercent: 85 });
  });

  it("“à còn mục 8 thêm kiến nghị: …” adds the part to a new version", async () => {
    const { user, items } = await principal(["bc q4", "8", "đang làm 70%, 12 lớp học trên OLM. Quý tới thêm 3 lớp", "xác nhận"]);
    await user.say("à còn mục 8 thêm kiến nghị: Phòng cấp thêm tài khoản OLM");
    expect(await row(items, "8")).toMatchObject({ recommendations: "Phòng cấp thêm tài khoản OLM" });
  });

  it("a question about a row after filing is still a question", async () => {
    const { user, filed } = await principal(["bc q4", "8", "đang làm 70%, 12 lớp học trên OLM. Quý tới thêm 3 lớp", "xác nhận"]);
    const replies = (await user.say("mục 8 phụ lục 3 ghi những gì")).join("\n");
    expect(replies).not.toContain("phiên bản 2");
    expect(await filed()).toBe(1);
  });
});

describe("the whole report in the opening message", () => {
  it("picks the rows it names and reads each one's answer", async () => {
    const { user, items, state } = await principal();
    await user.say(
      "ad ơi TH Tân Định gửi bc quý IV nha: mục 4 tuyển sinh xong r, 210 hồ sơ lớp 1 nộp online, quý sau lập kế hoạch tuyển sinh năm 2027. mục 7 đang làm 60%, 3 tổ trưởng có chữ ký số, quý sau cấp thêm cho văn thư.",
    );
    expect(await row(items, "4")).toMatchObject({ status: "da_hoan_thanh" });
    expect(await row(items, "7")).toMatchObject({ status: "dang_thuc_hien", progressPercent: 60 });
    expect((await row(items, "7"))!.next).toContain("văn thư");
    expect(await state()).toMatchObject({ rows: ["4", "7"], step: { kind: "review" } });
  });

  it("a year further on in the message is not the quarter's year", () => {
    expect(findPeriod(normalize("bc quý IV nha: mục 4 xong, quý sau lập kế hoạch tuyển sinh năm 2027"))).toMatchObject({ quarter: 4 });
    expect(findPeriod(normalize("bc quý IV nha: mục 4 xong, quý sau lập kế hoạch tuyển sinh năm 2027"))?.year).toBeUndefined();
    expect(findPeriod(normalize("báo cáo quý 4 năm 2026"))).toMatchObject({ quarter: 4, year: 2026 });
    expect(findPeriod(normalize("bc năm 2025 quý 3"))).toMatchObject({ quarter: 3, year: 2025 });
  });
});

describe("short wordings", () => {
  it.each(["bao cso quy 4", "boa cao cds quy IV a"])("“%s” (one slip in “báo cáo”) opens the report", (text) => {
    expect(detectOpening(text)).toBe("report");
  });

  it("“bao gio nop quy 4” is no report", () => {
    expect(detectOpening("bao gio nop quy 4")).toBeUndefined();
  });

  it.each(["uk nộp đi", "uk oke gửi luôn nha"])("%s files", (text) => {
    expect(detectAct(text)).toEqual({ kind: "confirm" });
  });

  it("“hủy đi ad, số liệu chưa chuẩn” asks to confirm the cancel, and “đúng r hủy” confirms it", async () => {
    const { user, items } = await principal(["bc q4", "8", "đang làm 70%, 12 lớp học trên OLM. Quý tới thêm 3 lớp"]);
    expect((await user.say("huy di ad, so lieu chua chuan, mai em lam lai")).join("\n")).toContain("Hủy bản nháp");
    expect((await user.say("dung r huy")).join("\n")).toContain("Đã hủy bản nháp");
    expect(await items()).toEqual([]);
  });
});

describe("a count set right in so many words, while another row is asked", () => {
  it("“à mục 4 sửa lại là 95 hồ sơ …” puts the new count in the stored text at once", async () => {
    const { user, items } = await principal(["bc q4", "4 7", "xong r, 90 hồ sơ nộp trực tuyến, quý sau rà soát", "đang làm"]);
    await user.say("à mục 4 sửa lại là 95 hồ sơ nộp trực tuyến nha, lúc nãy em ghi nhầm");
    expect((await row(items, "4"))!.done).toBe("95 hồ sơ nộp trực tuyến");
  });

  it("without “sửa” it asks first", async () => {
    const { user } = await principal(["bc q4", "4 7", "xong r, 90 hồ sơ nộp trực tuyến, quý sau rà soát", "đang làm"]);
    expect((await user.say("ấy nhầm, mục 4 là 95 hồ sơ")).join("\n")).toContain("Gõ “có” để sửa");
  });
});

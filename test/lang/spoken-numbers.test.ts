/** Numbers said into a phone's voice typing, written back as digits (blind QA set 8's voice-typing principal). */
import { describe, expect, it } from "vitest";
import { numberValue, spokenNumbers } from "../../src/lang/spoken-numbers.ts";

describe("number words", () => {
  it.each([
    ["mười", 10],
    ["mười lăm", 15],
    ["hai mươi mốt", 21],
    ["ba mươi tư", 34],
    ["bảy mươi lăm", 75],
    ["một trăm linh năm", 105],
    ["chín trăm chín mươi chín", 999],
    ["hai nghìn không trăm hai mươi bảy", 2027],
    ["hai ngàn không trăm linh một", 2001],
  ])("%s = %i", (words, n) => expect(numberValue(words.split(" "))).toBe(n));

  it("rejects what is not one number", () => {
    for (const w of ["năm hai", "mươi", "trăm", "hai năm hai nghìn"]) expect(numberValue(w.split(" ")), w).toBeUndefined();
  });
});

describe("a sentence with spoken numbers", () => {
  it.each([
    ["hạn nộp quý ba năm hai nghìn không trăm hai mươi sáu là ngày nào", "hạn nộp quý 3 năm 2026 là ngày nào"],
    ["dòng số bốn à không dòng số tám trong phụ lục ba", "dòng số 4 à không dòng số 8 trong phụ lục 3"],
    ["tiêu chí hai chấm năm được mười bốn điểm phẩy hai chấm sáu được chín", "tiêu chí 2.5 được 14 điểm, 2.6 được 9"],
    ["mục sáu đang làm, được bảy mươi phần trăm, xong tám trên mười lớp", "mục 6 đang làm, được 70%, xong 8/10 lớp"],
    ["quý tư này nộp trước ngày hai mươi tháng mười hai", "quý 4 này nộp trước ngày 20 tháng 12"],
  ])("%s", (said, typed) => expect(spokenNumbers(said)).toBe(typed));

  it("leaves words that are not numbers there", () => {
    expect(spokenNumbers("một số giáo viên được một nửa")).toBe("một số giáo viên được một nửa");
    expect(spokenNumbers("năm học này cô không có gì")).toBe("năm học này cô không có gì");
    expect(spokenNumbers("mười năm nay")).toBe("10 năm nay");
    expect(spokenNumbers("ba bốn hôm nữa cô gửi")).toBe("ba bốn hôm nữa cô gửi");
    // Folded text is not voice typing: "ba" may be anything there.
    expect(spokenNumbers("han nop quy ba")).toBe("han nop quy ba");
  });
});

/** Several questions in one message, and a message that corrects itself (fourth principal trial). */
import { describe, expect, it } from "vitest";
import { applyCorrection, splitClauses, splitQuestions, withoutPreamble } from "../../src/lang/split.ts";

describe("a correction replaces the slot said before", () => {
  it.each([
    ["han nop q2 la ngay nao a nham q3", "han nop q3 la ngay nao"],
    ["hạn nộp bc quý 2 là ngày nào ạ, à nhầm quý 3", "hạn nộp bc quý 3 là ngày nào ạ"],
    ["han nop q2? a nham q3", "han nop q3"],
    ["han nop q2 xin loi la q3", "han nop q3"],
    ["han nop q2 a nham 3 a", "han nop q3"],
    ["pl3 muc 4 ghi gi, xin loi la muc 7", "pl3 muc 7 ghi gi"],
    ["em nop ngay 18/9 co tre ko, a nham 21/9", "em nop ngay 21/9 co tre ko"],
    // Seventh blind QA set's classes, in other words: the kind of slot is kept ("cột" for "cột", not the "phụ lục" after it),
    // "em hỏi nhầm", "à ko/à hông …" with a slot, and "… mới đúng"/"… chớ" around it.
    ["cot so 4 phu luc 3 ghi gi, a e nham, cot 5 a", "cot 5 phu luc 3 ghi gi"],
    ["mục 7 pl3 là gì, à không em hỏi nhầm, mục 9 mới đúng", "mục 9 pl3 là gì"],
    ["hạn quý II là ngày nào, à hông quý III chớ", "hạn quý III là ngày nào"],
    ["bc quy 2 gui email nao a ko quy 3, vay han ngay may", "bc quy 3 gui email nao han ngay may"],
  ])("%s", (input, expected) => expect(applyCorrection(input)).toBe(expected));

  it("leaves “à không” alone when no slot follows it", () => {
    expect(applyCorrection("có cần nộp bản giấy không à")).toBe("có cần nộp bản giấy không à");
    expect(applyCorrection("mục 4 ghi gì à không biết nữa")).toBe("mục 4 ghi gì à không biết nữa");
  });

  it("leaves an apology that opens a question alone", () => {
    expect(applyCorrection("xin loi cho e hoi han nop q3")).toBe("xin loi cho e hoi han nop q3");
    expect(applyCorrection("Xin lỗi làm phiền thầy, hạn nộp bc quý 3 là ngày nào")).toBe("Xin lỗi làm phiền thầy, hạn nộp bc quý 3 là ngày nào");
  });
});

describe("one sentence, two questions", () => {
  it("splits where one question ends and another begins", () => {
    expect(splitClauses("han nop bc q3 la ngay nao, gui ve email nao")).toEqual(["han nop bc q3 la ngay nao", "gui ve email nao"]);
    expect(splitClauses("tdg han khi nao va lam tren he thong nao")).toEqual(["tdg han khi nao", "lam tren he thong nao"]);
    expect(splitClauses("han nop q3 ngay nao, cho e xin sdt truong phong")).toEqual(["han nop q3 ngay nao", "cho e xin sdt truong phong"]);
    // Polite words between the question word and the comma belong to the first question.
    expect(splitClauses("con quy I/2027 thi han ngay may a, tet co dc lui han ko")).toEqual(["con quy I/2027 thi han ngay may a", "tet co dc lui han ko"]);
    expect(splitClauses("hạn nộp q3 ngày nào ạ, gửi email nào")).toEqual(["hạn nộp q3 ngày nào ạ", "gửi email nào"]);
  });

  it("does not split one question", () => {
    for (const q of ["nộp trễ có sao không", "phụ lục 3 có những cột nào", "khi nào và ở đâu nộp bc", "truong em nhom 1 dat 45 diem nhom 2 dat 55 diem thi xep muc nao"]) {
      expect(splitClauses(q), q).toEqual([q]);
    }
    expect(splitQuestions("han nop q3 la ngay nao? nop tre co sao ko")).toEqual(["han nop q3 la ngay nao?", "nop tre co sao ko"]);
  });
});

describe("Roman numerals glued to a prefix", () => {
  it("“khi”, “mi”, “ni” are words, not “kh I”, “m I”, “n I”; “qIII” is still quý 3", async () => {
    const { analyze } = await import("../../src/lang/normalize.ts");
    expect(analyze("khi nào tự đánh giá").tokens).toEqual(["khi_nao", "tu_danh_gia"]);
    expect(analyze("bc qIII/2025").tokens).toEqual(["bao_cao", "quy", "3", "2025"]);
    expect(analyze("plII").tokens).toEqual(["phu_luc_2"]);
  });
});

describe("whom the message addresses, and a lead-in that only says a question follows", () => {
  it.each([
    ["Kính gửi Phòng, nhà trường muốn hỏi: hạn nộp quý 4 là ngày nào", "hạn nộp quý 4 là ngày nào"],
    ["kinh gui to CNTT, mục 9 pl3 ghi gì", "mục 9 pl3 ghi gì"],
    ["Kính thưa anh chị; em xin hỏi như sau: tự đánh giá nộp khi nào", "tự đánh giá nộp khi nào"],
    ["Chào ad! cho em hỏi pl2 có mấy phần", "cho em hỏi pl2 có mấy phần"],
  ])("%s", (input, expected) => expect(withoutPreamble(input)).toBe(expected));

  it("keeps a question about the salutation itself, and a lead-in with nothing after it", () => {
    expect(withoutPreamble("Kính gửi ghi những ai ạ?")).toBe("Kính gửi ghi những ai ạ?");
    expect(withoutPreamble("em muốn hỏi:")).toBe("em muốn hỏi:");
  });
});

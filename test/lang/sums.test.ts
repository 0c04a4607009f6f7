/** Points added up inside a question (seventh blind QA set's classes, in other words). */
import { describe, expect, it } from "vitest";
import { summedPoints, sumLine } from "../../src/lang/sums.ts";

describe("points a question adds up are read as their total", () => {
  it.each([
    ["nhóm 2 tự chấm: 20 15 10 12. tổng bao nhiêu, mức mấy", [20, 15, 10, 12], 57],
    ["cac tieu chi lan luot duoc 18, 16, 14 va 9 diem, tong la bao nhieu", [18, 16, 14, 9], 57],
    ["phần dạy trực tiếp được 5đ, phần LMS được 4 với 3 đ. tổng tiêu chí bao nhiêu đ", [5, 4, 3], 12],
    ["nhom 1 duoc 45 diem, cong them 7 nua la bn, muc may", [45, 7], 52],
    ["21 + 13 + 9 thì mức mấy", [21, 13, 9], 43],
    // Criterion codes between the points are names, not terms (principal trial 15).
    ["cong lai DH-3a 6d + DH-4 8d + DH-7a 8d la bao nhieu d", [6, 8, 8], 22],
    ["quản trị: QT-3 được 40, QT-4 được 20, cộng thêm 6 điểm", [40, 20, 6], 66],
    // Blind QA set 8: "total", "cộng 5đ nữa", and the code of what was added between the terms.
    ["nhóm 2 tự chấm được 52đ, vừa bổ sung tiêu chí 2.3 được cộng 6đ nữa, total bn", [52, 6], 58],
  ])("%s", (q, terms, total) => {
    const s = summedPoints(q)!;
    expect(s.sums).toEqual([{ terms, total }]);
    expect(s.question).toContain(String(total));
    expect(sumLine(s)).toBe(`Tổng: ${terms.join(" + ")} = ${total} điểm.`);
  });

  it.each([
    "dạy học 70 quản trị 80 tổng bao nhiêu", // two groups: each has its own level
    "1.3 = 18đ, 1.4 = 8đ tổng bn", // criteria by code: read by the criteria reader
    "tổng điểm tối đa nhóm 1 là 100 hay 200",
    "có 50 trường, 12 trường đạt, tổng bao nhiêu", // counts, not points
    "hạn nộp quý 3 và quý 4 là ngày nào", // no total asked
  ])("%s adds nothing up", (q) => {
    expect(summedPoints(q)).toBeUndefined();
  });
});

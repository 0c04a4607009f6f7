/**
 * The language layer's reading of words that look alike once diacritics are gone: a name is not an
 * abbreviation, a score is not money.
 */
import { describe, expect, it } from "vitest";
import { normalize } from "../../src/lang/normalize.ts";

describe("words that fold alike", () => {
  it("“Hồng” in a school's name is not “hông” (= không); “hong” typed without diacritics is", () => {
    expect(normalize("bc quý 4 của trường MN Sen Hồng")).not.toContain("khong");
    expect(normalize("hong biet nop chua")).toContain("khong");
  });

  it("“68đ” after a group is 68 points; a sum of money keeps its digits", () => {
    expect(normalize("nhóm quản trị 68đ")).toBe("nhom quan tri 68 diem");
    expect(normalize("nhóm 2 đạt 75,5đ")).toContain("75.5 diem");
    expect(normalize("học phí 500.000đ")).not.toContain("diem");
  });
});

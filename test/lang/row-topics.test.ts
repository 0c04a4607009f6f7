/**
 * A row named before its answer: the name is dropped only when it is the row's name and nothing
 * more (trial 13, blind set 6); work said with the name stays.
 */
import { describe, expect, it } from "vitest";
import { namedRowAnswer, withoutRowName } from "../../src/lang/row-topics.ts";

describe("the row's name before an answer", () => {
  it.each([
    ["muc 8 day hoc truc tuyen: dang lam 50%", "8", "dang lam 50%"],
    ["mục 5 bộ giải pháp cđs cơ bản: xong rồi", "5", "xong rồi"],
    ["học bạ điện tử - xong, 100% học bạ khối 1", "6", "xong, 100% học bạ khối 1"],
    ["phần thư viện số thêm kiến nghị: cấp kinh phí", "9", "thêm kiến nghị: cấp kinh phí"],
    ["mục 6: xong", "6", "xong"],
  ])("“%s” at row %s → “%s”", (text, row, rest) => expect(withoutRowName(text, row)).toBe(rest));

  it.each([
    ["đã tập huấn quý tới: thêm 5 GV", "2"],
    ["mục 7: xong", "6"],
    ["Quý tới: duy trì", "6"],
    ["khó khăn: thiếu máy", "8"],
    ["Tập huấn 20 giáo viên. Quý tới: tập huấn thêm", "2"],
  ])("“%s” at row %s is left whole", (text, row) => expect(withoutRowName(text, row)).toBe(text));

  it("names the row of an answer that opens with it, by number or by name", () => {
    const rows = ["1.1", "1.2", "2", "3.1", "3.2", "3.3", "4", "5", "6", "7", "8", "9"];
    expect(namedRowAnswer("7 văn phòng điện tử: xong 100%", rows)).toEqual({ row: "7", rest: "xong 100%" });
    expect(namedRowAnswer("thêm 4 tuyển sinh: 120 trẻ đăng ký trực tuyến", rows)).toEqual({ row: "4", rest: "120 trẻ đăng ký trực tuyến" });
    expect(namedRowAnswer("Quý tới: duy trì", rows)).toBeUndefined();
  });
});

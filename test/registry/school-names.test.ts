/** Which school a chat message names (src/registry/school-names.ts schoolNamedIn): pure, over a small registry. */
import { describe, expect, it } from "vitest";
import { schoolNamedIn, type ChatSchoolRef } from "../../src/registry/school-names.ts";

const school = (id: string, name: string, level: string, shortName: string | null = null): ChatSchoolRef => ({ id, code: id, name, shortName, level, emails: [] });
const SCHOOLS = [
  school("TTCC", "Trường Tiểu học Thị Trấn Củ Chi", "TH", "TH Thị Trấn Củ Chi"),
  school("TT2", "Trường THCS Thị Trấn 2", "THCS", "THCS Thị Trấn 2"),
  school("GDNN", "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên huyện Củ Chi", "GDNN-GDTX", "TT GDNN-GDTX"),
  school("TANTRUNG", "Trường TH-THCS Tân Trung", "TH-THCS", "TH-THCS Tân Trung"),
  school("HP", "Trường Tiểu học Hòa Phú", "TH"),
  school("S5", "Trường Tiểu học Số 5 Phước Hiệp", "TH"),
  school("S6", "Trường Tiểu học Số 6 Phước Hiệp", "TH"),
];
const OFFICE = "Phòng Giáo dục và Đào tạo huyện Củ Chi";
const read = (text: string, own: string) => {
  const r = schoolNamedIn(text, SCHOOLS, own, OFFICE);
  return r ? (r.own ? "own" : r.others.map((s) => s.id).join(",") || "unknown") : "none";
};

describe("a school named in a chat message", () => {
  it.each([
    ["sua bc q4 truong tieu hoc thi tran", "TT2", "TTCC"],
    ["sua bc q4 truong tieu hoc thi tram nha", "TT2", "TTCC"],
    ["bc truong th thi tran cc", "TT2", "TTCC"],
    ["truong thi tran cu chi nop chua", "TT2", "TTCC"],
    ["thi tran cu chi nop chua", "TT2", "TTCC"],
    ["truong tt cu chi nop chua", "TT2", "TTCC"],
    ["truong thi tran 2 nop chua", "TTCC", "TT2"],
    ["bc cua truong thcs thi tran 2 cu chi", "TTCC", "TT2"],
    ["tan trung nop chua a", "TTCC", "TANTRUNG"],
    ["nộp báo cáo cho trường Tiểu học Hòa Phú", "S5", "HP"],
    ["nop bc truong tieu hoc so 6 phuoc hiep", "S5", "S6"],
    ["trung tam gdnn nop chua", "TTCC", "GDNN"],
    ["sửa báo cáo trường tiểu học an nhơn tây", "S5", "unknown"],
  ])("%s (linked to %s) → %s", (text, own, expected) => expect(read(text, own)).toBe(expected));

  it.each([
    ["sua bc q4 truong tieu hoc thi tran", "TTCC"],
    ["truong thi tran nop chua", "TT2"],
    ["truong thi tran nop chua", "TTCC"],
    ["bc truong th thi tran cc", "TTCC"],
    ["bc cua truong thcs thi tran 2 cu chi", "TT2"],
    ["nop bc truong tieu hoc phuoc hiep", "S5"],
  ])("a partial name that fits the linked school is the linked school: %s (%s)", (text, own) => expect(read(text, own)).toBe("own"));

  it.each(["em nộp báo cáo quý này ạ", "bc q3, truong e lam muc 2 vs 8", "trường em nộp chưa", "truong minh nop chua", "hieu truong nop bc chua", "báo cáo trường học số", "bc moi truong so", "nhà trường đã nộp chưa", "truong vua moi nop chua", "quý 2/2025 trường em nộp chưa", "nop bc quy 2 nam 2025"])(
    "names no school: %s",
    (text) => expect(read(text, "S5")).toBe("none"),
  );
});

describe("fifth trial: an unknown longer name is not a shorter registered one; a centre named by its kind", () => {
  it.each([
    ["truong thcs tan thong hoi nop chua", "unknown"],
    ["trường THCS Tân Thông Hội", "unknown"],
    ["bc cua thcs tan thong hoi", "unknown"],
    ["trung tam gdnn-gdtx cu chi nop chua", "GDNN"],
    ["Trung tâm GDNN-GDTX Củ Chi nộp chưa?", "GDNN"],
    ["trung tam gdnn gdtx nop bc chua a", "GDNN"],
    ["e nop bc q4 giup truong TH-THCS Tan Trung dc ko", "TANTRUNG"],
    ["truong thcs tan trun nop chua", "TANTRUNG"],
  ])("%s (linked to TTCC) → %s", (text, expected) => expect(read(text, "TTCC")).toBe(expected));

  it.each(["trung tam gdnn-gdtx cu chi nop chua", "truong tan trung nop chua"])("the linked school, named so, is its own: %s", (text) =>
    expect(read(text, text.includes("gdnn") ? "GDNN" : "TANTRUNG")).toBe("own"),
  );
});

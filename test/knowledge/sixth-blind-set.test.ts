/**
 * What blind QA set 6 (50 questions, 41 right and 7/10 declined on first reading) found, with
 * wordings written for each class (not the set's own lines): another district's office named
 * without "quận/huyện", "huyen" typed without diacritics before an ordinary word, a count of schools
 * read as points, points added up with "+".
 */
import { describe, expect, it } from "vitest";
import { createKnowledge } from "../../src/knowledge/create.ts";
import { findGroupScores } from "../../src/lang/scores.ts";
import { normalize } from "../../src/lang/normalize.ts";
import { testConfig } from "../helpers/service.ts";

const NOW = new Date("2026-11-30T09:00:00+07:00");

describe("questions a principal types", () => {
  const knowledge = createKnowledge(testConfig());
  const ask = (q: string) => knowledge.answer(q, { now: NOW });

  it("declines the whole message when it asks for another district's office (“phòng GD Nhà Bè”), naming it", async () => {
    const a = await ask("trường em ở Nhà Bè, báo cáo quý gửi email nào của phòng gd Nhà Bè, hạn ngày mấy ạ");
    expect(a.declined).toBe(true);
    expect(a.text).toContain("Nhà Bè");
    expect(a.text).not.toContain("20/12");
    expect((await ask("Phòng GD Củ Chi nhận báo cáo quý qua email nào")).declined).toBe(false);
  });

  it("“huyen” typed without diacritics before an ordinary word is no place (“ke hoach cua huyen dinh nghia …”)", async () => {
    const a = await ask("ke hoach cua huyen dinh nghia truong hoc so la dat muc may");
    expect(a.declined).toBe(false);
    expect(a.text).toContain("trở lên");
  });

  it("a count of schools is no score (“kh 50 trường học số … đạt mức mấy”)", () => {
    expect(findGroupScores(normalize("kh 50 truong hoc so dat muc may")).unnamed).toEqual([]);
    expect(findGroupScores(normalize("30 giáo viên và 12 lớp")).unnamed).toEqual([]);
    expect(findGroupScores(normalize("nhóm 1 được 50 điểm")).teaching).toBe(50);
  });

  it("two questions split on a comma after a clause that asked with “ai” mid-clause (“… ai ký, …”)", async () => {
    const a = await ask("công văn 396 do ai ký vậy, trường phải ban hành quyết định gì về nhân sự CĐS");
    expect(a.text).toContain("Trần Văn Toán");
    expect(a.text).toContain("phân công nhân sự");
  });

  it("adds up points written with “+” and gives the level", async () => {
    const a = await ask("nhom 2 truong cham 20 + 18,5 + 22 + 16 thi muc may vay");
    expect(a.kind).toBe("computed");
    expect(a.text).toContain("76,5 điểm: Mức độ 3 (đáp ứng tốt)");
  });
});

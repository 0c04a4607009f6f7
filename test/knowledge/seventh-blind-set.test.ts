/**
 * What blind QA set 7 (50 questions, 30 right and 9/10 declined on first reading) found, with
 * wordings written for each class (not the set's own lines): a question corrected mid-message
 * ("… cột 5, à em nhầm, cột 6"), and points added up without a plus sign.
 */
import { describe, expect, it } from "vitest";
import { createKnowledge } from "../../src/knowledge/create.ts";
import { testConfig } from "../helpers/service.ts";

const NOW = new Date("2026-11-30T09:00:00+07:00");

describe("questions a principal types", () => {
  const knowledge = createKnowledge(testConfig());
  const ask = (q: string) => knowledge.answer(q, { now: NOW });

  it("answers the corrected column, not the first one (“cột số 4 … à em nhầm, em hỏi cột 5”)", async () => {
    const a = await ask("cột số 4 trong phụ lục 3 ghi gì vậy ad, à em nhầm, em hỏi cột 5");
    expect(a.text).toContain("Cột (5)");
    expect(a.text).not.toContain("Cột (4)");
  });

  it("answers the corrected row after “à ko …, X mới đúng”", async () => {
    const a = await ask("dòng 6 pl3 ghi nội dung gì, à ko em hỏi lộn, 7 mới đúng");
    expect(a.text).toContain("Mục 7");
  });

  it("keeps the question that follows a corrected quarter (“… quý II hả, à hông quý III chớ, vậy hạn ngày mấy”)", async () => {
    const a = await ask("tui tưởng giờ là quý II hả à hông quý III chớ vậy hạn nộp ngày mấy");
    expect(a.text).toContain("20/09");
  });

  it("adds up points typed one after another, shows the sum, and gives the level of the total", async () => {
    const a = await ask("nhom 2 tu cham 20 16 12 10 8 diem. tong bn, muc may v");
    expect(a.text).toContain("Tổng: 20 + 16 + 12 + 10 + 8 = 66 điểm.");
    expect(a.text).toContain("66 điểm");
    expect(a.text).toContain("Mức độ 2");
  });

  it("adds “cộng thêm” to the points said before", async () => {
    const a = await ask("nhóm 1 trường em được 44 điểm, cộng thêm 8 điểm tiêu chí còn lại là bao nhiêu, mức mấy");
    expect(a.text).toContain("= 52 điểm");
    expect(a.text).toContain("Mức độ 2");
  });
});

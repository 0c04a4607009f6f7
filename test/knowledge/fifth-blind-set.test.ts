/**
 * What blind QA set 5 (50 questions, 38 right and 6/8 declined on first reading) found, with
 * wordings written for each class (not the set's own lines): a clause without a subject, the two
 * reports told apart, another district, a prediction, "dòng A hay B", criterion points summed, a
 * criterion's own level, "mục 2" typed for "mức 2", "số mấy".
 */
import { describe, expect, it } from "vitest";
import { createKnowledge } from "../../src/knowledge/create.ts";
import { findGroupScores } from "../../src/lang/scores.ts";
import { normalize } from "../../src/lang/normalize.ts";
import { borrowedSubject } from "../../src/lang/split.ts";
import { testConfig } from "../helpers/service.ts";

const NOW = new Date("2026-11-30T09:00:00+07:00");

describe("questions a principal types", () => {
  const knowledge = createKnowledge(testConfig());
  const ask = (q: string) => knowledge.answer(q, { now: NOW });

  it("a second clause without a subject asks about the first one's (“bản tự đánh giá gửi khi nào, làm theo mẫu nào”)", async () => {
    const a = await ask("bản tự đánh giá gửi Phòng khi nào, làm theo mẫu nào");
    expect(a.text).toContain("20/05/2027");
    expect(a.entryIds).toContain("cv396-mau-tu-danh-gia");
    expect(borrowedSubject("bản tự đánh giá gửi Phòng khi nào", "làm theo mẫu nào")).toBe("tu danh gia");
    // A deadline is no subject to borrow: "hạn nộp q3 ngày nào, gửi email nào" keeps its own reading.
    expect(borrowedSubject("hạn nộp q3 ngày nào", "gửi email nào")).toBeUndefined();
  });

  it("the quarterly report's template is not the self-assessment's", async () => {
    for (const q of ["báo cáo quý dùng mẫu nào vậy", "bc hang quy lam theo mau nao a"]) {
      const a = await ask(q);
      expect(a.entryIds, q).not.toContain("cv396-mau-tu-danh-gia");
      expect(a.text, q).toContain("PHỤ LỤC 2");
    }
    // The self-assessment's still is.
    expect((await ask("bản tự đánh giá làm theo mẫu nào")).entryIds).toEqual(["cv396-mau-tu-danh-gia"]);
  });

  it("declines another district's or province's rules, naming the place; our own district and ordinary words are no place", async () => {
    const places: [string, string][] = [
      ["Thị xã Tân Uyên hạn nộp bc quý khi nào", "Tân Uyên"],
      ["tỉnh Đồng Nai có bắt tự đánh giá theo 4725 không", "Đồng Nai"],
      ["truong o quan 7 nop bc quy ngay nao", "7"],
    ];
    for (const [q, place] of places) {
      const a = await ask(q);
      expect(a.declined, q).toBe(true);
      expect(a.forward, q).toBe(false);
      expect(a.text, q).toContain(place);
    }
    for (const q of ["huyện Củ Chi hạn nộp bc quý ngày nào", "mục 8 có liên quan trường mầm non không", "tinh diem nhom 1 the nao"]) {
      expect((await ask(q)).declined, q).toBe(false);
    }
  });

  it("declines to predict", async () => {
    const a = await ask("ad đoán thử trường em năm sau đạt mức 3 không");
    expect(a.declined).toBe(true);
    expect(a.forward).toBe(false);
  });

  it("“dòng A hay B”: the topic decides which; without a topic both rows are shown", async () => {
    const which = await ask("thu vien so ghi muc 8 hay muc 9 vay");
    expect(which.text).toContain("Mục 9 của PHỤ LỤC 3");
    expect(which.text).not.toContain("Mục 8 của PHỤ LỤC 3");
    const both = await ask("dòng 4 hay dòng 5 ghi gì");
    expect(both.text).toContain("Mục 4");
    expect(both.text).toContain("Mục 5");
  });

  it("sums a group's criterion points, shows the sum and the level; one criterion's points are that criterion's", async () => {
    const sum = await ask("nhóm 2 trường tự chấm 2.1 được 30 điểm, 2.2 được 25 điểm, 2.3 được 30 điểm. tổng là bao nhiêu, mức mấy");
    expect(sum.kind).toBe("computed");
    expect(sum.text).toContain("30 + 25 + 30 = 85 điểm");
    expect(sum.text).toContain("Mức độ 3 (đáp ứng tốt)");
    expect(sum.text).not.toContain("các văn bản tôi có chưa nói tới");
    const one = await ask("tiêu chí 1.3 trường đạt 8 điểm thì tiêu chí đó mức mấy");
    expect(one.kind).toBe("retrieved");
    expect(one.entryIds).toEqual(["qd4725-tieu-chi-1-3"]);
  });

  it("reads “muc N … điểm” typed without diacritics as the level, and “số mấy” as which number", async () => {
    expect((await ask("muc 1 la duoi bao nhieu diem")).entryIds).toEqual(["qd4725-muc-do"]);
    expect((await ask("muc 1 phu luc 3 ghi gi")).entryIds).not.toContain("qd4725-muc-do");
    expect((await ask("tp cong nhan dot dau theo quyet dinh so may")).text).toContain("1653");
  });
});

describe("the language layer", () => {
  it("reads criterion points apart from group scores", () => {
    expect(findGroupScores(normalize("1.4 = 8đ, 1.5 được 15 điểm, 1.6: 12"))).toMatchObject({ teaching: 35, summed: ["teaching"], unnamed: [] });
    expect(findGroupScores(normalize("tiêu chí 1.3 phần mềm dạy học trực tuyến được 20 điểm"))).toMatchObject({ criteria: [{ code: "1.3", points: 20 }], unnamed: [] });
    expect(findGroupScores(normalize("tiêu chí 1.3 phần mềm dạy học trực tuyến được 20 điểm")).teaching).toBeUndefined();
    // A group total said stays the group's score.
    expect(findGroupScores(normalize("nhóm 1 được 70, trong đó 1.3 được 20, 1.4 được 8"))).toMatchObject({ teaching: 70 });
  });
});

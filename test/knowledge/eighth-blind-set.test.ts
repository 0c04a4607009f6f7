/**
 * What blind QA set 8 (50 questions, 27 right on first reading) found, with wordings written for
 * each class (not the set's own lines): numbers said into voice typing, a secretary asking for the
 * principal, a second clause asking who signed, a salutation before the question.
 */
import { describe, expect, it } from "vitest";
import { createKnowledge } from "../../src/knowledge/create.ts";
import { testConfig } from "../helpers/service.ts";

const NOW = new Date("2026-11-30T09:00:00+07:00");

describe("questions a principal dictates or someone asks for her", () => {
  const knowledge = createKnowledge(testConfig());
  const ask = (q: string) => knowledge.answer(q, { now: NOW });

  it("reads a quarter and a year said as words, and the quarter corrected after “à không”", async () => {
    const a = await ask("hạn nộp báo cáo quý ba à không quý bốn năm hai nghìn không trăm hai mươi sáu là ngày nào");
    expect(a.text).toContain("20/12/2026");
    expect(a.text).not.toContain("20/09");
  });

  it("adds up criterion scores said as words (“hai chấm năm được mười bốn phẩy …”)", async () => {
    const a = await ask("nhóm hai tôi chấm tiêu chí hai chấm một được mười phẩy hai chấm hai được mười hai phẩy hai chấm ba được tám vậy tổng bao nhiêu");
    expect(a.text).toContain("30 điểm");
  });

  it("reads a row said as a word, and its correction (“dòng số hai à không dòng số chín”)", async () => {
    const a = await ask("dòng số hai à không dòng số chín của phụ lục ba ghi gì");
    expect(a.text).toContain("Mục 9");
  });

  it("reads past “thầy hiệu trưởng nhờ em hỏi” with or without a colon", async () => {
    for (const q of ["Dạ cô hiệu trưởng nhờ em hỏi giùm phụ lục 3 có những cột nào ạ", "hiệu trưởng nhờ e hỏi: bản tự đánh giá gửi Phòng trước ngày nào"]) {
      const a = await ask(q);
      expect(a.declined, q).toBe(false);
      expect(a.text, q).toMatch(/\(3\)|20\/0?5/);
    }
  });

  it("answers who signed in a second clause without its own subject (“…, do ai ký”)", async () => {
    const a = await ask("kế hoạch 50 trường học số của huyện ban hành ngày nào, do ai ký");
    expect(a.text).toContain("19/10/2023");
    expect(a.text).toContain("Kim Văn Minh");
  });

  it("answers every row, column and quarter of a list (“mục 3.1, mục 5 và mục 9”, “cột 3, 4”, “quý II, III”)", async () => {
    const rows = await ask("mục 3.1, mục 5 và mục 9 của pl3 là nhiệm vụ gì");
    for (const r of ["Mục 3.1", "Mục 5", "Mục 9"]) expect(rows.text).toContain(r);
    const columns = await ask("Cột (3), (4) pl3 ghi gì ạ");
    for (const c of ["Cột (3)", "Cột (4)"]) expect(columns.text).toContain(c);
    const quarters = await ask("hạn bc quý II, III năm 2027 là ngày mấy");
    expect(quarters.text).toContain("20/06/2027");
    expect(quarters.text).toContain("20/09/2027");
    expect(quarters.text).not.toContain("20/03/2027");
  });

  it("reads English words a young principal mixes in (row, sheet, task, update, submit)", async () => {
    const a = await ask("row 7 trong sheet pl3 là task gì v ad, e cần update");
    expect(a.text).toContain("Mục 7");
    const b = await ask("submit bc quý 4 trc ngày nào");
    expect(b.text).toContain("20/12/2026");
  });

  it("reads a row quoted by its title as that row (“mục ‘Triển khai nền tảng quản trị dữ liệu Ngành’ gồm gì”)", async () => {
    const a = await ask("cho hỏi mục 'Triển khai nền tảng quản trị dữ liệu Ngành' trong pl3 gồm những dòng nào");
    expect(a.text).toContain("1.1.");
    expect(a.text).toContain("1.2.");
  });

  it("“của huyện ghi …” names no other district", async () => {
    const a = await ask("kế hoạch của huyện ghi trường học số phải đạt mức mấy");
    expect(a.declined).toBe(false);
    expect(a.text).not.toContain("huyện ghi");
  });

  it("adds the two groups' maximum (200) and says levels go by each group", async () => {
    const a = await ask("tổng điểm tối đa của 2 nhóm là bao nhiêu");
    expect(a.text).toContain("200 điểm");
  });

  it("“ko tinh 2 dòng tiêu đề” is “không tính”, not “tỉnh 2”", async () => {
    const a = await ask("pl3 co tong cong bao nhieu dong phai dien, ko tinh 2 dong tieu de nha");
    expect(a.declined).toBe(false);
    expect(a.text).toContain("12 dòng");
  });
});


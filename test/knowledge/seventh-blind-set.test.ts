/**
 * What blind QA set 7 (50 questions, 30 right and 9/10 declined on first reading) found, with
 * wordings written for each class (not the set's own lines): a question corrected mid-message
 * ("… cột 5, à em nhầm, cột 6"), points added up without a plus sign, lead-ins and closing remarks
 * around the question, a document cited in full, every quarter's deadline, two questions joined by "rồi".
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

  it("reads past a lead-in (“Tôi muốn được giải thích rõ: …”) and a document cited in full", async () => {
    const a = await ask("Tôi xin được hỏi rõ: Bộ chỉ số ban hành kèm theo Quyết định số 4725/QĐ-BGDĐT ngày 30/12/2022 gồm mấy nhóm tiêu chí?");
    expect(a.declined).toBe(false);
    expect(a.text).toContain("2 nhóm tiêu chí");
  });

  it("a clause that asks nothing (“theo Bộ chỉ số QĐ 4725, …”) is what the next clause asks about", async () => {
    const a = await ask("theo bộ chỉ số của QĐ 4725, các nhóm tiêu chí gồm những nhóm nào, mỗi nhóm tối đa bao nhiêu điểm");
    expect(a.text).toContain("mỗi nhóm tối đa 100 điểm");
  });

  it("drops what the asker says about herself after the question (“… ngày nào v tui hay quên lắm”)", async () => {
    const a = await ask("bc quý này hạn ngày nào v tui hay quên lắm ghi ra giùm tui nha");
    expect(a.declined).toBe(false);
    expect(a.text).toContain("20/12");
  });

  it("gives every quarter's deadline when asked how often and when (“một năm nộp mấy lần”)", async () => {
    const a = await ask("bc cds 1 nam nop may lan, ngay nao vay ad");
    for (const d of ["20/3", "20/6", "20/9", "20/12"]) expect(a.text).toContain(d);
    expect((await ask("mỗi quý nộp báo cáo gì")).text).not.toContain("4 lần mỗi năm");
  });

  it("answers both questions joined by “rồi” without a comma", async () => {
    const a = await ask("cột 2 pl3 tui sửa lại được hông hay để nguyên vậy rồi cột 5 ghi cái gì");
    expect(a.text).toContain("Cột (2)");
    expect(a.text).toContain("Cột (5)");
  });

  it("a question that asks only for a total is answered with the sum (“cộng lại DH-3a 6đ + DH-4 8đ là bao nhiêu”)", async () => {
    const a = await ask("cong lai DH-2 5d + DH-6 7d la bao nhieu d ad");
    expect(a).toMatchObject({ declined: false, text: "Tổng: 5 + 7 = 12 điểm." });
  });

  it("declines asking which product to buy or an opinion (“theo bạn nên mua bên nào”)", async () => {
    for (const q of ["theo ad nên mua phần mềm LMS hãng nào", "hãng nào tốt hơn vậy bạn", "nên mua loại nào ad"]) expect((await ask(q)).declined).toBe(true);
    expect((await ask("nên nộp báo cáo quý trước ngày nào")).declined).toBe(false);
  });

  it("“…, chia mức thế nào” after a criterion's answer that gives its levels adds nothing unrelated (principal trial 15 #10)", async () => {
    const a = await ask("Tiêu chí 1.3 phần mềm dạy học trực tuyến tối đa bao nhiêu điểm, chia mức thế nào ạ?");
    expect(a.text).toContain("Mức 1");
    expect(a.text).not.toContain("PHỤ LỤC 3");
  });

  it("a choice (“nộp 1 bản hay 2 bản”) is never answered with an entry that says yes or no; a yes-or-no question still is", async () => {
    expect((await ask("trường hai cấp nộp 1 bản hay 2 bản vậy ad")).text).not.toMatch(/^Có\./);
    expect((await ask("trường tiểu học có phải tự đánh giá không hay chỉ thcs")).text).toMatch(/^Có\./);
  });

  it("criterion codes of the annex (“DH-3a”, “QT-4”) name the criteria (“tiêu chí 1.3”); “dh 70 qt 80” stays two scores", async () => {
    expect((await ask("DH-3a duoc toi da may diem?")).text).toContain("6 điểm");
    expect((await ask("dh 70 qt 80 thi muc may")).text).toContain("Mức độ 2");
  });

  it("“Sở giao thêm việc gấp” is the ad-hoc work of PHỤ LỤC 2", async () => {
    const a = await ask("Sở giao thêm việc gấp thì trong báo cáo quý em ghi vô phần nào");
    expect(a.declined).toBe(false);
    expect(a.text).toMatch(/đột xuất/);
  });

  it("“pl2 mục III” is a part of PHỤ LỤC 2's outline, not row 3 of PHỤ LỤC 3", async () => {
    const a = await ask("pl2 muc III ghi gi vay");
    expect(a.text).toMatch(/III\. (Các )?khó khăn/iu);
    expect(a.text).not.toContain("Mục 3 của PHỤ LỤC 3");
    expect((await ask("pl3 mục 3 ghi gì")).text).toContain("Mục 3 của PHỤ LỤC 3");
  });

  it("“kq” is “kết quả”: “ai duyệt kq” after a deadline question is answered (thủ trưởng phê duyệt)", async () => {
    const a = await ask("tdg cap nhat csdl nganh han chot ngay nao? ai duyet kq");
    expect(a.text).toContain("31/05");
    expect(a.text).toContain("phê duyệt kết quả");
  });

  it("two thresholds offered for a level (“mức 2 là từ 50 hay 60”) are answered with the level's range", async () => {
    const a = await ask("muc 2 la tu 50 hay 60 diem vay ad");
    expect(a.declined).toBe(false);
    expect(a.text).toContain("từ 50 đến 75 điểm");
  });
});

/**
 * The seventh principal trial's question-answering misses (29/11/2026), each as typed in the trial
 * plus variants written for this test (no diacritics, Zalo abbreviations, fillers, other order).
 * "Today" is the trial's: 29/11/2026, quarter 4/2026.
 */
import { describe, expect, it } from "vitest";
import { createKnowledge } from "../../src/knowledge/create.ts";
import { testConfig } from "../helpers/service.ts";

const NOW = new Date("2026-11-29T10:00:00+07:00");
const knowledge = createKnowledge(testConfig());
const ask = (q: string) => knowledge.answer(q, { now: NOW });

describe("greetings, introductions, vague openers and well-wishes (trial 7 #2, #84, #111)", () => {
  it("greets and says what it can do when a principal only introduces herself", async () => {
    for (const q of [
      "chào ad ạ, e là HT trường TH thị trấn củ chi 😊",
      "chao ad, em la hieu truong truong thcs thi tran 2",
      "dạ em là ht trường TH-THCS Tân Trung ạ",
      "xin chào, tôi là giám đốc trung tâm GDNN-GDTX Củ Chi",
    ]) {
      const a = await ask(q);
      expect(a.kind, q).toBe("smalltalk");
      expect(a.text, q).toContain("Hướng dẫn sử dụng");
      expect(a.text, q).not.toContain("Người ký");
      expect(a.forward, q).toBeFalsy();
    }
  });

  it("answers the question that follows an introduction, and only that", async () => {
    for (const q of ["e là HT trường TH thị trấn củ chi, cho e hỏi hạn nộp bc q4 ạ", "chào ad, em là hiệu trưởng trường thcs thị trấn 2. hạn nộp báo cáo quý 4 là ngày nào"]) {
      const a = await ask(q);
      expect(a.text, q).toContain("Báo cáo quý 4/2026: trước ngày 20/12/2026");
      expect(a.text, q).not.toContain("Người ký");
    }
  });

  it("asks what the question is for a bare “hỏi cái”, forwarding nothing", async () => {
    for (const q of ["hỏi cái", "ad oi hoi cai", "cho e hỏi cái ạ", "e hỏi tí"]) {
      const a = await ask(q);
      expect(a.forward, q).toBeFalsy();
      expect(a.text, q).not.toContain("cán bộ CNTT");
      expect(a.text, q).toContain("cứ hỏi");
    }
  });

  it("returns a well-wish briefly, forwarding nothing", async () => {
    for (const q of ["ok ad, chúc ad cuối tuần vui vẻ nha 😄", "chuc ad cuoi tuan vui ve", "dạ chúc thầy ngày mới tốt lành ạ", "cam on ad, chuc ad suc khoe"]) {
      const a = await ask(q);
      expect(a.kind, q).toBe("smalltalk");
      expect(a.forward, q).toBeFalsy();
      expect(a.text, q).not.toContain("cán bộ CNTT");
    }
  });
});

describe("questions the documents answer but the trial saw declined (#23, #26, #56, #106)", () => {
  it("says primary schools self-assess under QĐ 4725 too (#23)", async () => {
    for (const q of [
      "hs tiểu học có phải tự đánh giá cds ko hay chỉ thcs thpt v ad",
      "truong tieu hoc co phai tu danh gia theo 4725 ko ad",
      "bộ chỉ số 4725 có áp dụng cho trường tiểu học không ạ",
      "th voi thcs co phai lam tdg cds k",
    ]) {
      const a = await ask(q);
      expect(a.declined, q).toBe(false);
      expect(a.entryIds, q).toEqual(["qd4725-doi-tuong"]);
      expect(a.text, q).toContain("tiểu học, THCS, THPT");
    }
  });

  it("says a digital school needs Mức độ 2 or higher (#26)", async () => {
    for (const q of [
      "ad oi truong thcs muon dat truong hoc so thi can muc may theo 4725",
      "trường thcs muốn đạt trường học số thì cần mức độ mấy theo qđ 4725 ạ",
      "muon dc truong hoc so thi phai dat muc may v ad",
    ]) {
      const a = await ask(q);
      expect(a.declined, q).toBe(false);
      expect(a.text, q).toContain("đạt từ Mức độ 2 trở lên");
    }
  });

  it("gives the quarter-4 deadline, Sunday and all (#56)", async () => {
    for (const q of [
      "hạn q4 là 20/12 đúng ko ad, mà 20/12 năm nay là chủ nhật thì sao ạ",
      "han bc q4 la 20/12 dung k ad",
      "20/12 năm nay là chủ nhật thì hạn nộp bc quý 4 sao ạ",
    ]) {
      const a = await ask(q);
      expect(a.declined, q).toBe(false);
      expect(a.text, q).toContain("Báo cáo quý 4/2026: trước ngày 20/12/2026 (Chủ nhật)");
      expect(a.text, q).toContain("19/12/2026 (thứ Bảy)");
    }
  });

  it("compares two columns of PHỤ LỤC 3 (#106)", async () => {
    for (const q of ["cot 3 voi cot 4 khac gi v ad", "cột 3 và cột 4 khác nhau thế nào ạ"]) {
      const a = await ask(q);
      expect(a.kind, q).toBe("computed");
      expect(a.text, q).toContain("(3)");
      expect(a.text, q).toContain("Nội dung đã thực hiện trong quý, kết quả đạt được");
      expect(a.text, q).toContain("Nội dung thực hiện trong quý tiếp theo");
    }
    const a = await ask("cot 5 voi cot 6 khac j");
    expect(a.text).toContain("Khó khăn, vướng mắc");
    expect(a.text).toContain("Kiến nghị, đề xuất");
  });
});

describe("confident answers to another question (#52, #54, #79, #86, #109)", () => {
  it("finds the PHỤ LỤC 3 row of a task named by its topic (#52)", async () => {
    const cases: [string, string][] = [
      ["hoc ba dien tu ghi vao dong nao cua pl3 ạ", "Mục 6 của PHỤ LỤC 3"],
      ["học bạ số ghi ở mục nào của phụ lục 3 ạ", "Mục 6 của PHỤ LỤC 3"],
      ["van phong dien tu ghi vao dong nao pl3", "Mục 7 của PHỤ LỤC 3"],
      ["tuyển sinh đầu cấp thì ghi vào dòng nào trong pl3 ad", "Mục 4 của PHỤ LỤC 3"],
    ];
    for (const [q, row] of cases) {
      const a = await ask(q);
      expect(a.text.startsWith(row), `${q} → ${a.text.slice(0, 80)}`).toBe(true);
      expect(a.text, q).not.toContain("Công việc đột xuất");
    }
  });

  it("says % progress belongs to PHỤ LỤC 2, not a column of PHỤ LỤC 3 (#54)", async () => {
    for (const q of ["% tiến độ ghi ở pl2 hay pl3 ạ", "tien do % ghi o phu luc nao v ad", "phần trăm tiến độ so với kế hoạch ghi vào pl3 hay pl2"]) {
      const a = await ask(q);
      expect(a.text.startsWith("Mục “Tiến độ so với kế hoạch” trong PHỤ LỤC 2"), `${q} → ${a.text.slice(0, 80)}`).toBe(true);
      expect(a.text, q).toContain("PHỤ LỤC 3 không có cột");
    }
  });

  it("says where self-assessment evidence goes: the assessment system and the sector database (#79)", async () => {
    for (const q of ["minh chứng tự đánh giá nộp ở đâu ạ", "minh chung tdg nop o dau v ad", "nộp minh chứng tự đánh giá cđs ở đâu ạ"]) {
      const a = await ask(q);
      expect(a.entryIds, q).toEqual(["qd4725-minh-chung"]);
      expect(a.text, q).toContain("CSDL ngành");
      expect(a.text, q).not.toContain("là đã nộp đủ");
    }
    // Filing in the chat does not replace the update on the sector database.
    const chat = await ask("nộp tự đánh giá qua zalo rồi có cần làm gì nữa không");
    expect(chat.text).not.toMatch(/bản tự đánh giá\) nộp xong trong cuộc trò chuyện là đã nộp đủ/);
  });

  it("declines salary questions politely instead of answering with CV 396 (#86)", async () => {
    for (const q of ["luong gv nam nay tang ko ad", "lương giáo viên năm nay có tăng không ạ", "luong gv bao gio tang v ad", "tang luong cho gv khi nao"]) {
      const a = await ask(q);
      expect(a.declined, q).toBe(true);
      expect(a.forward, q).toBe(false);
      expect(a.text, q).toContain("ngoài phạm vi");
    }
    // "phân luồng" (streaming pupils) is a word of CV 396, not salary.
    const streaming = await ask("phan luong hoc sinh trong cv 396 la gi");
    expect(streaming.declined).toBe(false);
  });

  it("answers what Bình Khánh's plan says about virtual assistants, not the plan's header (#109)", async () => {
    for (const q of ["kế hoạch của thpt bình khánh nói trợ lý ảo để làm gì", "ke hoach thpt binh khanh noi ve tro ly ao de lam gi", "trợ lý ảo trong kế hoạch bình khánh dùng làm gì ạ"]) {
      const a = await ask(q);
      // Two passages of the plan speak of virtual assistants (4a: answering automatically; 3a: self-study).
      expect(["binhkhanh-tro-ly-ao", "binhkhanh-mo-hinh-day-hoc"], q).toContain(a.entryIds[0]);
      expect(a.text, q).toMatch(/trợ lý ảo (trả lời tự động|—)/);
      expect(a.text, q).not.toContain("Người ký");
    }
  });
});

/**
 * Computed answers must never be wrong: levels from scores named in any order and spelling,
 * deadlines for relative periods and explicit dates, lateness of a given date. Each expected
 * value below is worked out by hand from the rule, not read back from the code.
 */
import { describe, expect, it } from "vitest";
import { createKnowledge } from "../../src/knowledge/create.ts";
import { testConfig } from "../helpers/service.ts";

const k = createKnowledge(testConfig());
const NOW = new Date("2025-09-10T09:00:00+07:00"); // Wednesday, quarter 3/2025

async function ask(q: string, now = NOW) {
  const a = await k.answer(q, { now });
  expect(a.kind, `${q}\n${a.text}`).toBe("computed");
  return a.text;
}

describe("levels from group scores, whatever the order or spelling", () => {
  // [question, teaching score line, management score line, overall level]
  const cases: [string, string | undefined, string | undefined, string][] = [
    ["quản trị 100, dạy học 74", "Nhóm 1 (dạy, học): 74 điểm: Mức độ 2", "Nhóm 2 (quản trị): 100 điểm: Mức độ 3", "Mức chung của trường: Mức độ 2"],
    ["dạy học 74, quản trị 100 thì mức mấy", "Nhóm 1 (dạy, học): 74 điểm: Mức độ 2", "Nhóm 2 (quản trị): 100 điểm: Mức độ 3", "Mức chung của trường: Mức độ 2"],
    ["qt 75 dh 90 thì mức mấy", "Nhóm 1 (dạy, học): 90 điểm: Mức độ 3", "Nhóm 2 (quản trị): 75 điểm: Mức độ 2", "Mức chung của trường: Mức độ 2"],
    ["dh 90 qt 75 muc may ad", "Nhóm 1 (dạy, học): 90 điểm: Mức độ 3", "Nhóm 2 (quản trị): 75 điểm: Mức độ 2", "Mức chung của trường: Mức độ 2"],
    ["nhóm 2 được 60, nhóm 1 được 80 thì đạt mức mấy", "Nhóm 1 (dạy, học): 80 điểm: Mức độ 3", "Nhóm 2 (quản trị): 60 điểm: Mức độ 2", "Mức chung của trường: Mức độ 2"],
    ["nhom quan tri dat 64 diem, nhom day hoc 58 diem vay la muc may", "Nhóm 1 (dạy, học): 58 điểm: Mức độ 2", "Nhóm 2 (quản trị): 64 điểm: Mức độ 2", "Mức chung của trường: Mức độ 2"],
    ["điểm dạy, học 49,5 quản trị 80 thì xếp mức nào", "Nhóm 1 (dạy, học): 49,5 điểm: Mức độ 1", "Nhóm 2 (quản trị): 80 điểm: Mức độ 3", "Mức chung của trường: Mức độ 1"],
    ["80 điểm quản trị, 76 điểm dạy học là mức mấy", "Nhóm 1 (dạy, học): 76 điểm: Mức độ 3", "Nhóm 2 (quản trị): 80 điểm: Mức độ 3", "Mức chung của trường: Mức độ 3"],
    ["dạy học 80,25 quản trị 75,5 đạt mức mấy", "Nhóm 1 (dạy, học): 80,25 điểm: Mức độ 3", "Nhóm 2 (quản trị): 75,5 điểm: Mức độ 3", "Mức chung của trường: Mức độ 3"],
    ["QT 50 DH 50 thì sao ạ, mức mấy", "Nhóm 1 (dạy, học): 50 điểm: Mức độ 2", "Nhóm 2 (quản trị): 50 điểm: Mức độ 2", "Mức chung của trường: Mức độ 2"],
  ];
  it.each(cases)("%s", async (q, teaching, management, overall) => {
    const text = await ask(q);
    if (teaching) expect(text).toContain(teaching);
    if (management) expect(text).toContain(management);
    expect(text).toContain(overall);
  });

  it("does not invent which group an unnamed score belongs to", async () => {
    const text = await ask("hai nhóm 88 và 92 thì mức mấy");
    expect(text).not.toMatch(/Nhóm 1|Nhóm 2/);
    expect(text).toContain("88 điểm: Mức độ 3");
    expect(text).toContain("92 điểm: Mức độ 3");
    expect(text).toContain("Mức chung của trường: Mức độ 3");
  });

  it("the gap to the next level of a decimal score is exact, with a decimal comma (third trial)", async () => {
    const text = await ask("dạy học 72,5 quản trị 47,5 thì mức mấy");
    expect(text).toContain("Nhóm 1 (dạy, học): 72,5 điểm: Mức độ 2 (đáp ứng cơ bản) — cần thêm hơn 2,5 điểm để đạt Mức độ 3");
    expect(text).toContain("Nhóm 2 (quản trị): 47,5 điểm: Mức độ 1 (chưa đáp ứng) — cần thêm 2,5 điểm để đạt Mức độ 2");
    expect(await ask("dh 72.5 diem la muc may a")).toContain("72,5 điểm: Mức độ 2 (đáp ứng cơ bản) — cần thêm hơn 2,5 điểm");
    expect(await ask("được 74 điểm thì mức mấy")).toContain("cần thêm 2 điểm để đạt Mức độ 3");
  });

  it("one score is one group's level, 75 stays Mức độ 2", async () => {
    expect(await ask("75 diem la muc may")).toContain("75 điểm: Mức độ 2");
    expect(await ask("được 76 điểm thì đạt mức mấy")).toContain("76 điểm: Mức độ 3");
    expect(await ask("120 điểm mức mấy")).toContain("tối đa là 100");
  });
});

describe("deadlines for relative and explicit periods", () => {
  const cases: [string, string, Date?][] = [
    ["hạn nộp báo cáo quý 1 năm sau", "Báo cáo quý 1/2026: trước ngày 20/03/2026"],
    ["bc quý này hạn khi nào ad", "Báo cáo quý 3/2025: trước ngày 20/09/2025"],
    ["quý tới nộp bc trc ngày mấy", "Báo cáo quý 4/2025: trước ngày 20/12/2025"],
    ["han nop bc quy truoc", "Báo cáo quý 2/2025: trước ngày 20/06/2025"],
    ["hạn nộp bc qIV", "Báo cáo quý 4/2025: trước ngày 20/12/2025"],
    ["quý 1 nộp báo cáo hạn ngày nào", "Báo cáo quý 1/2026: trước ngày 20/03/2026"],
    ["báo cáo tháng 12 này hạn ngày mấy", "Báo cáo quý 4/2025: trước ngày 20/12/2025"],
    ["hạn nộp báo cáo quý 2 năm ngoái", "Báo cáo quý 2/2024: trước ngày 20/06/2024"],
    ["bc quý này hạn khi nào", "Báo cáo quý 1/2026: trước ngày 20/03/2026", new Date("2026-01-05T09:00:00+07:00")],
    ["bc quý trước hạn khi nào", "Báo cáo quý 4/2025: trước ngày 20/12/2025", new Date("2026-01-05T09:00:00+07:00")],
    ["tự đánh giá năm sau nộp phòng trước ngày nào", "trước ngày 20/05/2026"],
  ];
  it.each(cases)("%s", async (q, expected, now) => {
    expect(await ask(q, now)).toContain(expected);
  });
});

describe("lateness of a given date", () => {
  const cases: [string, string, Date?][] = [
    ["nộp ngày 25/9 có trễ không", "nộp trễ 6 ngày"],
    ["gửi bc ngày 19/9 có kịp ko ad", "đúng hạn"],
    ["nộp ngày 20/9 thì có muộn không", "nộp trễ 1 ngày"],
    ["nop ngay 18/12 cho bc quy 4 co tre khong", "đúng hạn cho báo cáo quý 4/2025"],
    ["hôm nay nộp báo cáo còn kịp không", "hôm nay là ngày cuối", new Date("2025-09-19T10:00:00+07:00")],
    ["hôm nay 21/9 rồi nộp bc có bị trễ không", "nộp trễ 2 ngày", new Date("2025-09-21T10:00:00+07:00")],
  ];
  it.each(cases)("%s", async (q, expected, now) => {
    expect(await ask(q, now)).toContain(expected);
  });
});

describe("template rows and columns by number", () => {
  it.each([
    ["mục 7 pl3 là làm gì ad", "Mục 7 của PHỤ LỤC 3: “Phối hợp triển khai hệ thống Văn phòng điện tử cho ngành GDĐT”"],
    ["dòng 1.2 ghi gì", "Mục 1.2 của PHỤ LỤC 3: “Phối hợp thực hiện trong công tác Xây dựng Hệ thống điều hành và giám sát thông tin tại Sở (IOC)”"],
    ["nhiệm vụ số 6 trong báo cáo là gì", "Mục 6 của PHỤ LỤC 3: “Triển khai học bạ điện tử"],
    ["cột 5 phụ lục 3 ghi gì", "Cột (5) của PHỤ LỤC 3: “Khó khăn, vướng mắc”"],
    ["muc 12 pl3", "PHỤ LỤC 3 không có mục 12"],
    ["dòng 4 với dòng 7 trong phụ lục 3 là gì", "Mục 7 của PHỤ LỤC 3: “Phối hợp triển khai hệ thống Văn phòng điện tử cho ngành GDĐT”"],
    ["cot 5 va cot 6 pl3 ghi gi", "Cột (6) của PHỤ LỤC 3: “Kiến nghị, đề xuất”"],
  ])("%s", async (q, expected) => {
    expect(await ask(q)).toContain(expected);
  });
});

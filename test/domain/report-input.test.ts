import { describe, expect, it } from "vitest";
import { parseProgress, parseRowSelection, parseStatus } from "../../src/domain/report-input.ts";
import { loadReportTemplate } from "../../src/reports/template.ts";

const rows = loadReportTemplate().rows;

describe("status as typed", () => {
  it.each([
    ["1", "chua_thuc_hien"], ["chưa", "chua_thuc_hien"], ["chua lam", "chua_thuc_hien"], ["0%", "chua_thuc_hien"],
    ["2", "dang_thuc_hien"], ["đang làm", "dang_thuc_hien"], ["Đang triển khai", "dang_thuc_hien"], ["80%", "dang_thuc_hien"], ["được 8/10 việc", "dang_thuc_hien"],
    ["3", "da_hoan_thanh"], ["xong", "da_hoan_thanh"], ["xong rồi", "da_hoan_thanh"], ["Đã hoàn thành.", "da_hoan_thanh"], ["100%", "da_hoan_thanh"],
    ["4", undefined], ["150%", undefined], ["không biết", undefined], ["🙂", undefined],
  ])("%s → %s", (text, status) => expect(parseStatus(text)).toBe(status));
});

describe("progress as typed", () => {
  it.each([
    ["80%", 80], ["80 %", 80], ["80", 80], ["8/10", 80], ["được 8/10 việc", 80], ["khoảng 75 phần trăm", 75], ["xong", 100], ["33,5%", 34],
    ["150%", Number.NaN], ["12/10", Number.NaN], ["làm 3 việc", undefined], ["nhiều", undefined],
  ])("%s → %s", (text, pct) => expect(parseProgress(text)).toBe(pct));
});

describe("row selection", () => {
  it.each([
    ["2 4 7 8", ["2", "4", "7", "8"]],
    ["8, 2", ["2", "8"]],
    ["1.1-3.2", ["1.1", "1.2", "2", "3.1", "3.2"]],
    ["1.1 đến 2", ["1.1", "1.2", "2"]],
    ["mục 3", ["3.1", "3.2", "3.3"]],
    ["tất cả", ["1.1", "1.2", "2", "3.1", "3.2", "3.3", "4", "5", "6", "7", "8", "9"]],
  ])("%s", (text, codes) => expect(parseRowSelection(text, rows)).toEqual({ ok: true, codes }));
  it("names what it did not understand", () => {
    // Words without a digit are the sentence around the numbers ("mục 2 với mục 8 nha"); unknown numbers are named.
    expect(parseRowSelection("2 12 x", rows)).toEqual({ ok: false, unknown: ["12"] });
    expect(parseRowSelection("mục 2 với mục 8 nha", rows)).toEqual({ ok: true, codes: ["2", "8"] });
    expect(parseRowSelection("không biết", rows)).toEqual({ ok: false, unknown: ["không biết"] });
    expect(parseRowSelection("9-2", rows)).toEqual({ ok: false, unknown: ["9-2"] });
  });
});

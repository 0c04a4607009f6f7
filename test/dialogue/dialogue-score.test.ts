/** The scorer of scripted conversations (test/helpers/dialogue-set.ts): what counts as right. */
import { describe, expect, it } from "vitest";
import { outcomeOf, score, type StoredRow } from "../helpers/dialogue-set.ts";

const row = (taskCode: string, r: Partial<StoredRow> = {}): StoredRow => ({ taskCode, status: null, progressPercent: null, done: null, next: null, difficulties: null, recommendations: null, ...r });
const expectation = {
  filed: true,
  period: "2026-Q4",
  rows: { "2": { status: "dang_thuc_hien" as const, percent: 80, done: ["25/30 GV"], next: ["not 5"], empty: ["recommendations" as const], absent: ["70%"] } },
};

describe("dialogue scorer", () => {
  it("a report with every phrase, diacritics and case aside, is right", () => {
    const got = { filed: true, rows: [row("2", { status: "dang_thuc_hien", progressPercent: 80, done: "Tập huấn 25/30 gv dùng LMS", next: "tập huấn nốt 5 GV" })] };
    expect(score(expectation, got)).toEqual({ checks: 8, misses: [] });
  });

  it("names each miss: not filed, a lacking phrase, a wrong status, a phrase that must be nowhere, a part that must be empty, an extra row", () => {
    const got = {
      filed: false,
      rows: [row("2", { status: "da_hoan_thanh", progressPercent: 80, done: "tập huấn 20/30 gv, 70%", next: "nốt 5", recommendations: "thêm máy" }), row("8", { done: "dạy 12 lớp" })],
    };
    const { misses } = score(expectation, got);
    expect(misses).toHaveLength(6);
    expect(misses.join("\n")).toMatch(/filed false/);
    expect(misses.join("\n")).toMatch(/rows 2,8/);
    expect(misses.join("\n")).toMatch(/2\.status da_hoan_thanh/);
    expect(misses.join("\n")).toMatch(/2\.done lacks “25\/30 GV”/);
    expect(misses.join("\n")).toMatch(/2\.recommendations should be empty/);
    expect(misses.join("\n")).toMatch(/has “70%”/);
  });

  it("rows without content do not count, and an expected row that is missing is a miss", () => {
    expect(score({ filed: false, period: "2026-Q4", rows: {} }, { filed: false, rows: [row("5")] }).misses).toEqual([]);
    expect(score({ filed: false, period: "2026-Q4", rows: { "5": {} } }, { filed: false, rows: [] }).misses).toEqual(["rows none (expected 5)"]);
  });

  it("the conversation ends with the newest submitted version, else the draft", () => {
    const at = new Date("2026-11-29T02:00:00Z");
    const v1 = { status: "superseded", version: 1, createdAt: at, items: [row("2", { done: "v1" })] };
    const v2 = { status: "submitted", version: 2, createdAt: at, items: [row("2", { done: "v2" })] };
    const draft = { status: "draft", version: null, createdAt: new Date(at.getTime() + 1000), items: [row("2", { done: "draft" })] };
    expect(outcomeOf([v1, v2, draft])).toEqual({ filed: true, rows: v2.items });
    expect(outcomeOf([draft])).toEqual({ filed: false, rows: draft.items });
    expect(outcomeOf([])).toEqual({ filed: false, rows: [] });
  });
});

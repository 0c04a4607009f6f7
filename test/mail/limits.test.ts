/** Zip bombs and oversize attachments are refused with the default limits, without holding them in memory. */
import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, extractQuarterly } from "../../src/mail/inbound/extract/index.ts";
import { checkZip } from "../../src/files/zip-guard.ts";
import { loadReportTemplate } from "../../src/reports/template.ts";
import { mailWithFile } from "../helpers/mail.ts";
import { zipBomb } from "../fixtures/mail-corpus/build.ts";

const template = loadReportTemplate();

const MB = 1024 * 1024;

describe("limits on what a school's file can make us read", () => {
  it("refuses a 512 MB zip bomb after inflating at most the limit, with memory far below what it would inflate to", async () => {
    const bomb = await zipBomb(512 * MB);
    expect(bomb.length).toBeLessThan(2 * MB);
    global.gc?.();
    const before = process.memoryUsage();
    const check = await checkZip(bomb);
    const after = process.memoryUsage();
    expect(check).toEqual({ ok: false, problem: "too_large" });
    expect(after.rss - before.rss).toBeLessThan(128 * MB);
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(64 * MB);
    const r = await extractQuarterly(mailWithFile(bomb, "PL3.xlsx"), template);
    expect(r).toEqual({ ok: false, reason: `Tệp “PL3.xlsx” khi giải nén lớn bất thường (hơn ${DEFAULT_LIMITS.maxInflatedBytes / MB} MB) nên không được mở.` });
  });

  it("refuses a zip that declares more than the limit before inflating anything, and one with too many entries", async () => {
    const bomb = await zipBomb(8 * MB);
    expect(await checkZip(bomb, { maxInflatedBytes: 4 * MB, maxEntries: 100 })).toEqual({ ok: false, problem: "too_large" });
    expect(await checkZip(bomb, { maxInflatedBytes: 16 * MB, maxEntries: 1 })).toEqual({ ok: false, problem: "too_many_entries" });
    expect(await checkZip(bomb, { maxInflatedBytes: 16 * MB, maxEntries: 100 })).toEqual({ ok: true, inflatedBytes: 8 * MB + 29 });
  });

  it("does not open an attachment above the size cap (default 10 MB)", async () => {
    const r = await extractQuarterly(mailWithFile(Buffer.alloc(11 * MB, 1), "PL3.xlsx"), template);
    expect(r).toEqual({ ok: false, reason: "Tệp “PL3.xlsx” lớn hơn 10 MB nên không được mở." });
  });

  it("stops a file that takes longer than the parse timeout", async () => {
    const bomb = await zipBomb(40 * MB);
    const r = await extractQuarterly(mailWithFile(bomb, "PL3.xlsx"), template, { ...DEFAULT_LIMITS, parseTimeoutMs: 1 });
    expect(r).toEqual({ ok: false, reason: "Tệp “PL3.xlsx” đọc quá lâu (hơn 1 giây) nên đã dừng đọc." });
  });
});

/** Zip bombs and oversize attachments are refused with the default limits, without holding them in memory. */
import { describe, expect, it } from "vitest";
import yazl from "yazl";
import { DEFAULT_LIMITS, extractQuarterly } from "../../src/mail/inbound/extract/index.ts";
import { checkZip } from "../../src/files/zip-guard.ts";
import { loadReportTemplate } from "../../src/reports/template.ts";
import { mailWithFile } from "../helpers/mail.ts";
import { zipBomb } from "../fixtures/mail-corpus/build.ts";

const template = loadReportTemplate();

function zipOf(name: string, data: Buffer): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(data, name);
  zip.end();
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    zip.outputStream.on("data", (d: Buffer) => parts.push(d)).on("end", () => resolve(Buffer.concat(parts)));
  });
}

/** The same zip with every header declaring `declared` bytes inflated (what a zip bomb does to pass a size check). */
function lyingZip(zip: Buffer, declared: number): Buffer {
  const out = Buffer.from(zip);
  for (let i = 0; i + 4 <= out.length; i++) {
    if (out.readUInt32LE(i) === 0x04034b50) out.writeUInt32LE(declared, i + 22);
    if (out.readUInt32LE(i) === 0x02014b50) out.writeUInt32LE(declared, i + 24);
  }
  return out;
}

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

  it("refuses an entry that inflates beyond the size it declares, small (inflated at once) or large (streamed)", async () => {
    for (const [real, declared] of [[200 * 1024, 1000], [6 * MB, 2 * MB]] as const) {
      const zip = lyingZip(await zipOf("xl/worksheets/sheet1.xml", Buffer.alloc(real)), declared);
      expect(await checkZip(zip)).toEqual({ ok: false, problem: "corrupt" });
      expect(await checkZip(await zipOf("xl/worksheets/sheet1.xml", Buffer.alloc(real)))).toEqual({ ok: true, inflatedBytes: real });
    }
    // A workbook cut short (an attachment saved half-way) is damaged, not empty.
    const whole = await zipOf("xl/workbook.xml", Buffer.from("<workbook/>".repeat(5000)));
    expect(await checkZip(Buffer.concat([whole.subarray(0, 60), Buffer.alloc(whole.length - 60)]))).toMatchObject({ ok: false });
  });

  it("does not open an attachment above the size cap (default 10 MB)", async () => {
    const r = await extractQuarterly(mailWithFile(Buffer.alloc(11 * MB, 1), "PL3.xlsx"), template);
    expect(r).toEqual({ ok: false, reason: "Tệp “PL3.xlsx” lớn hơn 10 MB nên không được mở." });
  });

  // Word files are read by a library that yields while it inflates, so its own timer can stop it;
  // a workbook is read synchronously and is stopped by the reading thread's limit (reader.test.ts).
  it("stops a file that takes longer than the parse timeout", async () => {
    const bomb = await zipBomb(40 * MB, "word/document.xml");
    const r = await extractQuarterly(mailWithFile(bomb, "BC.docx"), template, { ...DEFAULT_LIMITS, parseTimeoutMs: 1 });
    expect(r).toEqual({ ok: false, reason: "Tệp “BC.docx” đọc quá lâu (hơn 1 giây) nên đã dừng đọc." });
  });
});

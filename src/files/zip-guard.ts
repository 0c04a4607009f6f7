/**
 * .xlsx and .docx files are zip archives: before a library inflates one into memory, its
 * directory is read and every entry is inflated as a stream and counted (yauzl checks that an
 * entry does not inflate beyond the size it declares), so a zip bomb is refused after at most
 * `maxInflatedBytes` of work and never held in memory.
 */
import yauzl from "yauzl";

export interface ZipLimits {
  maxInflatedBytes: number;
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxInflatedBytes: 100 * 1024 * 1024, maxEntries: 2_000 };

export type ZipCheck = { ok: true; inflatedBytes: number } | { ok: false; problem: "not_zip" | "encrypted" | "too_large" | "too_many_entries" | "corrupt" };

export function checkZip(content: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipCheck> {
  return new Promise((resolve) => {
    yauzl.fromBuffer(content, { lazyEntries: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return resolve({ ok: false, problem: "not_zip" });
      let total = 0;
      let declared = 0;
      let entries = 0;
      let settled = false;
      const done = (r: ZipCheck) => {
        if (settled) return;
        settled = true;
        zip.close();
        resolve(r);
      };
      zip.on("error", () => done({ ok: false, problem: "corrupt" }));
      zip.on("end", () => done({ ok: true, inflatedBytes: total }));
      zip.on("entry", (entry: yauzl.Entry) => {
        if (++entries > limits.maxEntries) return done({ ok: false, problem: "too_many_entries" });
        if (entry.isEncrypted()) return done({ ok: false, problem: "encrypted" });
        declared += entry.uncompressedSize;
        if (declared > limits.maxInflatedBytes) return done({ ok: false, problem: "too_large" });
        if (/\/$/.test(entry.fileName)) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return done({ ok: false, problem: "corrupt" });
          stream.on("data", (chunk: Buffer) => {
            total += chunk.length;
            if (total > limits.maxInflatedBytes) {
              stream.destroy();
              done({ ok: false, problem: "too_large" });
            }
          });
          stream.on("error", () => done({ ok: false, problem: "corrupt" }));
          stream.on("end", () => zip.readEntry());
        });
      });
      zip.readEntry();
    });
  });
}

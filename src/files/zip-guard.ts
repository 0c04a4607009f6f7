/**
 * .xlsx and .docx files are zip archives: before a library inflates one into memory, its
 * directory is read (yauzl) and every entry is inflated and counted, and must inflate to exactly
 * the size it declares — so a zip bomb is refused after at most `maxInflatedBytes` of work. A
 * large entry is inflated as a stream and never held in memory; a small one (the parts of an
 * ordinary workbook) in one call, capped at its declared size, which costs a fraction of a stream.
 */
import zlib from "node:zlib";
import yauzl from "yauzl";

/** Entries up to this declared size are inflated in one capped call rather than streamed. */
const INFLATE_AT_ONCE = 1024 * 1024;

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
        if (entry.uncompressedSize <= INFLATE_AT_ONCE && (entry.compressionMethod === 0 || entry.compressionMethod === 8)) {
          return zip.readLocalFileHeader(entry, { minimal: true }, (e, header) => {
            if (e || !header) return done({ ok: false, problem: "corrupt" });
            const stored = content.subarray(header.fileDataStart, header.fileDataStart + entry.compressedSize);
            let size: number;
            try {
              size = entry.compressionMethod === 0 ? stored.length : zlib.inflateRawSync(stored, { maxOutputLength: Math.max(1, entry.uncompressedSize) }).length;
            } catch {
              return done({ ok: false, problem: "corrupt" }); // damaged, or inflates beyond what it declares
            }
            if (size !== entry.uncompressedSize) return done({ ok: false, problem: "corrupt" });
            total += size;
            zip.readEntry();
          });
        }
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

/**
 * The files a .zip a school sent holds (a report zipped with its annexes): after `checkZip` passes,
 * the entries whose names `wanted` accepts, each up to `maxBytes`, at most `maxFiles` — folders and
 * macOS resource forks skipped. Undefined when the archive is not one `checkZip` lets through.
 */
export async function zipFiles(content: Buffer, wanted: (name: string) => boolean, opts: { maxBytes: number; maxFiles: number }, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<{ name: string; content: Buffer }[] | undefined> {
  const check = await checkZip(content, limits);
  if (!check.ok) return undefined;
  return new Promise((resolve) => {
    yauzl.fromBuffer(content, { lazyEntries: true, validateEntrySizes: true, decodeStrings: true }, (err, zip) => {
      if (err || !zip) return resolve(undefined);
      const out: { name: string; content: Buffer }[] = [];
      const finish = () => {
        zip.close();
        resolve(out);
      };
      zip.on("error", () => resolve(undefined));
      zip.on("end", finish);
      zip.on("entry", (entry: yauzl.Entry) => {
        const name = entry.fileName.split("/").pop() ?? "";
        if (out.length >= opts.maxFiles || /\/$/.test(entry.fileName) || /(^|\/)__MACOSX\//.test(entry.fileName) || name.startsWith("._") || !wanted(name) || entry.uncompressedSize > opts.maxBytes) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return zip.readEntry();
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("error", () => zip.readEntry());
          stream.on("end", () => {
            out.push({ name, content: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

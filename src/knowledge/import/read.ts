/**
 * An office document to plain text: .docx (mammoth, after the zip guard), .pdf (unpdf, Mozilla's
 * pdf.js without native parts), .txt/.md (UTF-8). Size-limited; a problem is a Vietnamese message.
 */
import path from "node:path";
import { checkZip } from "../../files/zip-guard.ts";

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_CHARS = 2_000_000;

export class ImportError extends Error {}

export async function readDocument(file: string, content: Buffer): Promise<string> {
  if (content.length > MAX_IMPORT_BYTES) throw new ImportError(`Tệp lớn hơn ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`);
  const ext = path.extname(file).toLowerCase();
  let text: string;
  if (ext === ".docx") {
    const zip = await checkZip(content);
    if (!zip.ok) throw new ImportError("Tệp .docx bị hỏng, có mật khẩu hoặc quá lớn khi giải nén — hãy lưu lại bằng Word rồi thử lại.");
    const { default: mammoth } = await import("mammoth"); // document readers load on first use
    text = (await mammoth.extractRawText({ buffer: content })).value;
  } else if (ext === ".pdf") {
    if (content.subarray(0, 5).toString("latin1") !== "%PDF-") throw new ImportError("Tệp không phải PDF (thiếu phần đầu %PDF-).");
    try {
      const { extractText, getDocumentProxy } = await import("unpdf");
      const pdf = await getDocumentProxy(new Uint8Array(content), { verbosity: 0 });
      text = (await extractText(pdf, { mergePages: true })).text;
    } catch {
      throw new ImportError("Không đọc được tệp PDF (hỏng hoặc có mật khẩu).");
    }
    if (!text.trim()) throw new ImportError("Tệp PDF không có chữ (có thể là ảnh quét): cần bản PDF có chữ hoặc tệp Word.");
  } else if (ext === ".txt" || ext === ".md") {
    text = content.toString("utf8");
    if (text.includes("\uFFFD")) throw new ImportError("Tệp văn bản không phải UTF-8: hãy lưu lại với mã UTF-8.");
  } else {
    throw new ImportError(`Chưa đọc được loại tệp “${ext || "không rõ"}”: dùng .docx, .pdf hoặc .txt.`);
  }
  text = text.normalize("NFC").replace(/\u0000/g, "");
  if (text.length > MAX_IMPORT_CHARS) throw new ImportError(`Văn bản dài quá ${MAX_IMPORT_CHARS.toLocaleString("vi-VN")} ký tự.`);
  if (!text.trim()) throw new ImportError("Tệp không có nội dung chữ.");
  return text;
}

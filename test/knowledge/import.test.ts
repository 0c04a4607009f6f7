/**
 * `npm run knowledge:import`: an office adds a new công văn (.docx, .pdf, .txt) without writing
 * entries; its passages answer what the written corpus does not, with a short extract and the
 * document as the source. Run as the real CLI (a subprocess) into a scratch copy of the corpus.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Document, Packer, Paragraph } from "docx";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_CORPUS_DIR } from "../../src/knowledge/corpus.ts";
import { createKnowledge } from "../../src/knowledge/create.ts";
import { minimalPdf } from "../helpers/pdf.ts";
import { testConfig } from "../helpers/service.ts";

const NOW = new Date("2026-01-10T09:00:00+07:00");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cds-import-"));
const corpus = path.join(dir, "corpus");
fs.cpSync(DEFAULT_CORPUS_DIR, corpus, { recursive: true });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function runImport(file: string, label?: string) {
  return spawnSync(process.execPath, ["--import", "tsx", "src/knowledge/cli/import.ts", file, "--dir", corpus, ...(label ? ["--label", label] : [])], {
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("importing an office's new document", () => {
  it("answers from a .docx công văn after import, with the extract and the document as source", async () => {
    const q = "hội thi giáo viên dạy giỏi ứng dụng cntt đăng ký trước ngày nào ạ";
    expect((await createKnowledge(testConfig({ KNOWLEDGE_DIR: corpus })).answer(q, { now: NOW })).declined).toBe(true);

    const docx = await Packer.toBuffer(
      new Document({
        sections: [
          {
            children: [
              "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
              "Số: 15/GDĐT-CNTT",
              "V/v tổ chức Hội thi giáo viên dạy giỏi ứng dụng công nghệ thông tin năm học 2025-2026",
              "1. Đối tượng",
              "Giáo viên các trường Mầm non, Tiểu học, THCS trên địa bàn huyện.",
              "2. Đăng ký",
              "Các trường gửi danh sách giáo viên dự Hội thi giáo viên dạy giỏi ứng dụng công nghệ thông tin trước ngày 15/02/2026 qua email của Phòng. Mỗi trường đăng ký tối đa 03 giáo viên.",
              "3. Thời gian tổ chức",
              "Hội thi diễn ra từ ngày 09/3/2026 đến ngày 13/3/2026 tại Trường THCS Thị Trấn.",
            ].map((text) => new Paragraph({ text })),
          },
        ],
      }),
    );
    const file = path.join(dir, "CV 15 hội thi GV giỏi.docx");
    fs.writeFileSync(file, docx);
    const r = runImport(file, "CV 15/GDĐT-CNTT ngày 06/01/2026 của Phòng GD&ĐT huyện Củ Chi");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Đã nhập \d+ đoạn/);

    const k = createKnowledge(testConfig({ KNOWLEDGE_DIR: corpus }));
    const a = await k.answer(q, { now: NOW });
    expect(a.declined).toBe(false);
    expect(a.text).toContain("trước ngày 15/02/2026");
    expect(a.sources).toEqual(["CV 15/GDĐT-CNTT ngày 06/01/2026 của Phòng GD&ĐT huyện Củ Chi"]);
    const when = await k.answer("hoi thi gv day gioi ung dung cntt to chuc ngay nao", { now: NOW });
    expect(when.text).toContain("09/3/2026");
    // Written entries still win, and off-topic questions are still declined.
    expect((await k.answer("hạn nộp báo cáo quý 1", { now: NOW })).kind).toBe("computed");
    expect((await k.answer("giá vàng hôm nay", { now: NOW })).declined).toBe(true);
  });

  it("reads a text PDF", async () => {
    const file = path.join(dir, "thong-bao-camera.pdf");
    fs.writeFileSync(file, minimalPdf(["Thong bao ve lap dat camera an ninh truong hoc", "Don vi thi cong lap dat camera an ninh tai cac truong tu ngay 20/01/2026."]));
    const r = runImport(file, "Thông báo lắp đặt camera an ninh");
    expect(r.status, r.stderr).toBe(0);
    const k = createKnowledge(testConfig({ KNOWLEDGE_DIR: corpus }));
    const a = await k.answer("khi nào lắp đặt camera an ninh ở trường", { now: NOW });
    expect(a.text).toContain("20/01/2026");
    expect(a.sources).toEqual(["Thông báo lắp đặt camera an ninh"]);
  });

  it("refuses a corrupt or unknown file with a Vietnamese message and writes nothing", () => {
    const before = fs.readdirSync(path.join(corpus, "imported")).sort();
    for (const [name, bytes] of [
      ["hong.docx", Buffer.from("không phải zip")],
      ["hong.pdf", Buffer.from("%PDF-1.4 hỏng")],
      ["anh.png", Buffer.from([0x89, 0x50, 0x4e, 0x47])],
    ] as const) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, bytes);
      const r = runImport(file);
      expect(r.status, name).toBe(1);
      expect(r.stderr, name).toMatch(/^Không nhập được “.*”: /);
    }
    expect(fs.readdirSync(path.join(corpus, "imported")).sort()).toEqual(before);
  });
});

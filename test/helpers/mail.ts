/**
 * Inbound-mail test pieces: ingestion dependencies with test defaults, a parsed email carrying one
 * file, the batch of unusual mails of the memory issue, and a peak-RSS sampler.
 */
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import type { Clock } from "../../src/clock.ts";
import { manualClock } from "../../src/clock.ts";
import type { Db } from "../../src/db/client.ts";
import { DEFAULT_DEADLINE_RULES } from "../../src/domain/periods.ts";
import { createLogger, type Logger } from "../../src/logger.ts";
import type { IngestDeps } from "../../src/mail/inbound/ingest.ts";
import type { ParsedEmail } from "../../src/mail/inbound/parse.ts";
import type { Outbox } from "../../src/mail/outbound/outbox.ts";
import { loadSelfAssessmentForm } from "../../src/reports/self-assessment.ts";
import { loadReportTemplate } from "../../src/reports/template.ts";
import { buildPhuLuc3Xlsx } from "../../src/reports/documents/phu-luc-3-xlsx.ts";

export const TEST_OFFICE = { name: "Phòng Giáo dục và Đào tạo huyện Củ Chi", email: "cntt.cc@hcm.edu.vn" };

export function ingestDeps(prisma: Db, outbox: Outbox, o: { clock?: Clock; logger?: Logger; answer?: IngestDeps["answer"] } = {}): IngestDeps & { logger: Logger } {
  return {
    prisma,
    outbox,
    template: loadReportTemplate(),
    selfAssessment: loadSelfAssessmentForm(),
    rules: DEFAULT_DEADLINE_RULES,
    clock: o.clock ?? manualClock("2025-09-12T09:00:00+07:00"),
    office: TEST_OFFICE,
    logger: o.logger ?? createLogger({ level: "silent", secrets: [] }),
    answer: o.answer ?? (async () => ({ text: "", declined: true })),
  };
}

/** An email that carries only this file (for the extractors, without MIME). */
export function mailWithFile(content: Buffer, filename = "PL3.xlsx", subject = ""): ParsedEmail {
  return {
    subject, text: "", references: [], headers: new Map(), contentType: "multipart/mixed",
    attachments: [{ filename, contentType: "application/octet-stream", size: content.length, sha256: createHash("sha256").update(content).digest("hex"), head: content.subarray(0, 8), content }],
  };
}

/** A school that sends the unusual batch below (register it before ingesting). */
export const BATCH_SCHOOL = { code: "TH-TTCC", name: "Trường Tiểu học Thị Trấn Củ Chi", level: "TH", emails: ["thttcuchi@example.edu.vn"] };

export interface BatchMail {
  name: string;
  messageId: string;
  raw: Buffer;
}

/**
 * The batch of the memory issue, between two ordinary reports: a report with a 15 MB attachment
 * beside its PL3.xlsx, a 30 MB message (a 22 MB video), and a mail with 200 photos. The large
 * parts are random bytes (nothing compresses them on the way to the database).
 */
export async function unusualBatch(o: { attachmentMb?: number; videoMb?: number; photos?: number; photoKb?: number } = {}): Promise<BatchMail[]> {
  const MB = 1024 * 1024;
  const template = loadReportTemplate();
  const xlsx = (done: string) =>
    buildPhuLuc3Xlsx({ school: { code: "X", name: "X" }, period: { code: "2025-Q3", quarter: 3, year: 2025 }, version: 1, referenceNo: null, submittedAt: null, late: false, items: [{ taskCode: "8", status: "da_hoan_thanh", progressPercent: 100, done, next: null, difficulties: null, recommendations: null }] }, template);
  const mail = async (name: string, subject: string, attachments: { filename: string; content: Buffer }[]): Promise<BatchMail> => {
    const messageId = `<${name}@example.edu.vn>`;
    const raw = await new MailComposer({ from: BATCH_SCHOOL.emails[0], to: TEST_OFFICE.email, messageId, date: new Date("2025-09-12T02:00:00Z"), subject, text: "Kính gửi Phòng, trường gửi báo cáo.", attachments }).compile().build();
    return { name, messageId, raw };
  };
  const pdf = (bytes: number) => Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(bytes)]);
  return [
    await mail("truoc", "Báo cáo CĐS quý 3/2025", [{ filename: "PL3.xlsx", content: await xlsx("Trước lô") }]),
    await mail("tep-15mb", "Báo cáo CĐS quý 3/2025 kèm minh chứng", [{ filename: "PL3.xlsx", content: await xlsx("Kèm minh chứng") }, { filename: "minh-chung.pdf", content: pdf((o.attachmentMb ?? 15) * MB) }]),
    await mail("thu-30mb", "Báo cáo CĐS quý 3/2025 kèm video tiết dạy", [{ filename: "PL3.xlsx", content: await xlsx("Kèm video") }, { filename: "tiet-day.mp4", content: randomBytes((o.videoMb ?? 22) * MB) }]),
    await mail("200-tep", "Ảnh minh chứng chuyển đổi số", Array.from({ length: o.photos ?? 200 }, (_, i) => ({ filename: `anh-${String(i + 1).padStart(3, "0")}.jpg`, content: randomBytes((o.photoKb ?? 50) * 1024) }))),
    await mail("sau", "Báo cáo CĐS quý 3/2025 - bản cuối", [{ filename: "PL3.xlsx", content: await xlsx("Sau lô") }]),
  ];
}

/** The kernel's peak RSS of this process (VmHWM), or undefined where there is no /proc. */
function kernelPeak(): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+)/.exec(fs.readFileSync("/proc/self/status", "utf8"))?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The largest resident set size of this process while `fn` runs: sampled every `everyMs`, and on
 * Linux also the kernel's own peak (VmHWM, reset first through /proc/self/clear_refs), which
 * catches a peak while the event loop is blocked and cannot sample.
 */
export async function peakRss<T>(fn: () => Promise<T>, everyMs = 50): Promise<{ result: T; peakRss: number; startRss: number }> {
  const startRss = process.memoryUsage().rss;
  let kernel = false;
  try {
    fs.writeFileSync("/proc/self/clear_refs", "5");
    kernel = true;
  } catch {
    /* not Linux, or not allowed: sampling only */
  }
  let peak = startRss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), everyMs);
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage().rss, (kernel && kernelPeak()) || 0);
    return { result, peakRss: peak, startRss };
  } finally {
    clearInterval(timer);
  }
}

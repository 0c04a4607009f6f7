/** Inbound-mail test pieces: ingestion dependencies with test defaults, and a parsed email carrying one file. */
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
    attachments: [{ filename, contentType: "application/octet-stream", size: content.length, content }],
  };
}

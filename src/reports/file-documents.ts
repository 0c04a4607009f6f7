/**
 * After a report is filed: build the official documents (PHỤ LỤC 2 .docx, PHỤ LỤC 3 .xlsx)
 * and queue them by email to the office (and to the person who filed it, when known).
 */
import type { Db } from "../db/client.ts";
import type { Outbox } from "../mail/outbound/outbox.ts";
import { buildPhuLuc2Docx } from "./documents/phu-luc-2-docx.ts";
import { buildPhuLuc3Xlsx } from "./documents/phu-luc-3-xlsx.ts";
import { loadReportDocumentData } from "./documents/report-data.ts";
import type { ReportTemplate } from "./template.ts";
import { buildSelfAssessmentXlsx } from "./documents/self-assessment-xlsx.ts";
import { loadSelfAssessmentForm } from "./self-assessment.ts";

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

export function reportFiler(deps: { prisma: Db; outbox: Outbox; template: ReportTemplate; office: { name: string; email: string } }) {
  return async (reportId: string): Promise<void> => {
    const data = await loadReportDocumentData(deps.prisma, reportId);
    const report = await deps.prisma.report.findUniqueOrThrow({ where: { id: reportId } });
    const submitter = report.submittedById ? await deps.prisma.contact.findUnique({ where: { id: report.submittedById } }) : null;
    const base = `BC-CDS-${data.period.code}-${data.school.code}-v${data.version}`;
    const period = await deps.prisma.period.findUniqueOrThrow({ where: { code: data.period.code } });
    if (period.kind === "self_assessment") {
      const xlsx = await buildSelfAssessmentXlsx(data, loadSelfAssessmentForm());
      await deps.outbox.enqueue({
        kind: "self_assessment_filed",
        reportId,
        to: [deps.office.email, ...(submitter?.email ? [submitter.email] : [])],
        subject: `Bản tự đánh giá mức độ CĐS năm ${data.period.year} – ${data.school.name}`,
        text: [
          `Kính gửi ${deps.office.name},`,
          "",
          `${data.school.name} gửi bản tự đánh giá mức độ chuyển đổi số năm ${data.period.year} theo QĐ 4725/QĐ-BGDĐT (phiên bản ${data.version}, mã tiếp nhận ${data.referenceNo}${data.late ? ", nộp trễ" : ""})${submitter ? `, nộp bởi ${submitter.name}` : ""}.`,
          "Đính kèm: bản tổng hợp (.xlsx).",
          "",
          "Thư này được gửi tự động.",
        ].join("\n"),
        attachments: [{ filename: `${base}-TDG.xlsx`, contentType: XLSX_TYPE, content: xlsx }],
      });
      return;
    }
    const label = `quý ${data.period.quarter}/${data.period.year}`;
    const [xlsx, docx] = await Promise.all([
      buildPhuLuc3Xlsx(data, deps.template),
      buildPhuLuc2Docx(data, deps.template, deps.office.name),
    ]);
    await deps.outbox.enqueue({
      kind: "report_filed",
      reportId,
      to: [deps.office.email, ...(submitter?.email ? [submitter.email] : [])],
      subject: `Báo cáo CĐS ${label} – ${data.school.name}`,
      text: [
        `Kính gửi ${deps.office.name},`,
        "",
        `${data.school.name} gửi báo cáo kết quả thực hiện nhiệm vụ CNTT và chuyển đổi số ${label} (phiên bản ${data.version}, mã tiếp nhận ${data.referenceNo}${data.late ? ", nộp trễ" : ""}), nộp qua trợ lý chuyển đổi số${submitter ? ` bởi ${submitter.name}` : ""}.`,
        "Đính kèm: PHỤ LỤC 2 (đề cương báo cáo, .docx) và PHỤ LỤC 3 (bảng tổng hợp, .xlsx).",
        "",
        "Thư này được gửi tự động.",
      ].join("\n"),
      attachments: [
        { filename: `${base}-PL2.docx`, contentType: DOCX_TYPE, content: docx },
        { filename: `${base}-PL3.xlsx`, contentType: XLSX_TYPE, content: xlsx },
      ],
    });
  };
}

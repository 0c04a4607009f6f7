/**
 * The consolidated table the district forwards upward: a summary sheet (every school and its
 * state) and one sheet per school in the official PHỤ LỤC 3 layout; the same as CSV. Every text a
 * school wrote that starts like a formula (=, +, -, @, tab, CR) is prefixed with ' so no
 * spreadsheet evaluates it.
 */
import { storableText } from "../../domain/text.ts";
import { stringify } from "csv-stringify/sync";
import type { Db } from "../../db/client.ts";
import { formatDate } from "../../domain/periods.ts";
import { STATUS_LABELS, type Status } from "../../domain/report-input.ts";
import { addPhuLuc3Sheet } from "../../reports/documents/phu-luc-3-xlsx.ts";
import { addSelfAssessmentSheet } from "../../reports/documents/self-assessment-xlsx.ts";
import { shippedSelfAssessmentForm as selfAssessmentForm } from "../../reports/self-assessment.ts";
import { LEVEL_NAMES, levelFor } from "../../domain/levels.ts";

import { loadReportDocumentData } from "../../reports/documents/report-data.ts";
import { fillableRows, type ReportTemplate } from "../../reports/template.ts";
import { loadBoard, SOURCE_LABELS, STATE_LABELS, type PeriodInfo } from "./board.ts";

export const neutralise = (raw: string) => {
  const s = storableText(raw);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
};

/** CSV for Excel: UTF-8 with a BOM (so Vietnamese opens correctly), every cell neutralised. */
export const csvText = (rows: string[][]) => "\uFEFF" + stringify(rows.map((line) => line.map(neutralise)));

const SUMMARY_HEADERS = ["STT", "Mã trường", "Tên trường", "Cấp", "Tình trạng", "Nguồn", "Ngày nộp", "Phiên bản", "Mã tiếp nhận"];

export async function consolidatedXlsx(prisma: Db, period: PeriodInfo, template: ReportTemplate): Promise<Buffer> {
  const rows = await loadBoard(prisma, period, template);
  const { default: Excel } = await import("exceljs"); // ~25 MB: loaded on first use, not at start-up
  const wb = new Excel.Workbook();
  wb.creator = "Trợ lý chuyển đổi số";
  const summary = wb.addWorksheet("Tổng hợp");
  summary.addRow([`TỔNG HỢP BÁO CÁO CHUYỂN ĐỔI SỐ — ${period.label.toUpperCase()} (hạn trước ${formatDate(period.dueAt)})`]).font = { bold: true };
  summary.addRow(SUMMARY_HEADERS).font = { bold: true };
  summary.columns = [{ width: 5 }, { width: 16 }, { width: 44 }, { width: 10 }, { width: 16 }, { width: 16 }, { width: 12 }, { width: 9 }, { width: 26 }];
  const used = new Set(["Tổng hợp"]);
  for (const [i, r] of rows.entries()) {
    summary.addRow([i + 1, neutralise(r.school.code), neutralise(r.school.name), r.school.level, r.state === "draft" ? `${STATE_LABELS.draft} ${r.percent}%` : STATE_LABELS[r.state], r.source ? SOURCE_LABELS[r.source] : "", r.submittedAt ? formatDate(r.submittedAt) : "", r.version ?? "", r.referenceNo ?? ""]);
    if (!r.reportId || r.state === "draft") continue;
    const data = await loadReportDocumentData(prisma, r.reportId);
    if (data.selfAssessment) addSelfAssessmentSheet(wb, sheetName(r.school.code, used), data, selfAssessmentForm(), neutralise);
    else addPhuLuc3Sheet(wb, sheetName(r.school.code, used), data, template, neutralise);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Excel sheet names: ≤ 31 characters, none of []:*?/\ , unique. */
function sheetName(code: string, used: Set<string>): string {
  const base = code.replace(/[[\]:*?/\\]/g, "_").slice(0, 28) || "Truong";
  let name = base;
  for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base}~${n}`;
  used.add(name.toLowerCase());
  return name;
}

/** One line per school and row of PHỤ LỤC 3 (schools without a report: one line with their state). */
export async function consolidatedCsv(prisma: Db, period: PeriodInfo, template: ReportTemplate): Promise<string> {
  const rows = await loadBoard(prisma, period, template);
  const out: string[][] = [["Mã trường", "Tên trường", "Cấp", "Tình trạng", "Phiên bản", "TT", "Nội dung công việc", "Tình trạng thực hiện", "Tiến độ (%)", "Đã thực hiện (3)", "Quý tiếp theo (4)", "Khó khăn (5)", "Kiến nghị (6)"]];
  const titles = new Map(fillableRows(template).map((r) => [r.code, r.title]));
  for (const r of rows) {
    const state = r.state === "draft" ? `${STATE_LABELS.draft} ${r.percent}%` : STATE_LABELS[r.state];
    const head = [r.school.code, r.school.name, r.school.level, state, r.version ? String(r.version) : ""];
    if (!r.reportId || r.state === "draft") {
      out.push([...head, "", "", "", "", "", "", "", ""]);
      continue;
    }
    const data = await loadReportDocumentData(prisma, r.reportId);
    if (data.selfAssessment) {
      // A self-assessment: its scores (decimals kept) and conditions, one line per item.
      const form = selfAssessmentForm();
      const sa = data.selfAssessment;
      form.groups.forEach((g, gi) => {
        const score = gi === 0 ? sa.teachingScore : sa.managementScore;
        out.push([...head, g.code, g.title, score === null ? "" : LEVEL_NAMES[levelFor(score)], "", score === null ? "" : `${score} điểm`, "", "", ""]);
      });
      for (const c of form.conditions) if (c.code in sa.conditions) out.push([...head, c.code, c.title, sa.conditions[c.code] ? "Có" : "Không", "", "", "", "", ""]);
      if (sa.evidence) out.push([...head, "MC", "Minh chứng", "", "", sa.evidence, "", "", ""]);
      continue;
    }
    for (const i of data.items) {
      out.push([...head, i.taskCode, titles.get(i.taskCode) ?? i.taskCode, i.status ? STATUS_LABELS[i.status as Status] : "", i.progressPercent?.toString() ?? "", i.done ?? "", i.next ?? "", i.difficulties ?? "", i.recommendations ?? ""]);
    }
  }
  return csvText(out);
}

export async function unansweredCsv(prisma: Db): Promise<string> {
  const qs = await prisma.unansweredQuestion.findMany({ orderBy: { createdAt: "desc" }, take: 10_000 });
  const schools = new Map((await prisma.school.findMany({ select: { id: true, code: true } })).map((s) => [s.id, s.code]));
  return csvText([["Thời điểm", "Kênh", "Trường", "Câu hỏi", "Trạng thái"], ...qs.map((q) => [q.createdAt.toISOString(), q.channel, q.schoolId ? (schools.get(q.schoolId) ?? "") : "", q.question, q.status])]);
}

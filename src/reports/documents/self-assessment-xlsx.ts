/** The self-assessment as a one-sheet .xlsx: group scores with levels, mandatory conditions, evidence. */
import type ExcelJS from "exceljs";
import { LEVEL_NAMES, levelFor } from "../../domain/levels.ts";
import type { SelfAssessmentForm } from "../self-assessment.ts";
import type { ReportDocumentData } from "./report-data.ts";

export async function buildSelfAssessmentXlsx(data: ReportDocumentData, form: SelfAssessmentForm): Promise<Buffer> {
  const { default: Excel } = await import("exceljs"); // ~25 MB: loaded on first use, not at start-up
  const wb = new Excel.Workbook();
  addSelfAssessmentSheet(wb, "Tự đánh giá", data, form);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The self-assessment as one sheet of a workbook (also the district's consolidated export). */
export function addSelfAssessmentSheet(wb: ExcelJS.Workbook, name: string, data: ReportDocumentData, form: SelfAssessmentForm, cell: (text: string) => string = (t) => t): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name);
  ws.columns = [{ width: 8 }, { width: 70 }, { width: 12 }, { width: 30 }];
  const sa = data.selfAssessment ?? { teachingScore: null, managementScore: null, conditions: {}, evidence: null };
  ws.addRow([`BẢN TỰ ĐÁNH GIÁ MỨC ĐỘ CHUYỂN ĐỔI SỐ NĂM ${data.period.year} (QĐ 4725/QĐ-BGDĐT)`]).font = { bold: true };
  ws.addRow([`Đơn vị: ${data.school.name} — phiên bản ${data.version}${data.referenceNo ? ` — mã ${data.referenceNo}` : ""}`]);
  ws.addRow([]);
  ws.addRow(["Mã", "Nội dung", "Điểm / Đạt", "Mức độ"]).font = { bold: true };
  for (const [i, g] of form.groups.entries()) {
    const score = i === 0 ? sa.teachingScore : sa.managementScore;
    ws.addRow([g.code, g.title, score, score === null ? "" : LEVEL_NAMES[levelFor(score)]]);
  }
  for (const c of form.conditions) {
    const yes = sa.conditions[c.code];
    ws.addRow([c.code, `Điều kiện bắt buộc: ${c.title}${c.verified ? "" : " (chưa xác minh)"}`, yes === undefined ? "" : yes ? "Có" : "Không", ""]);
  }
  ws.addRow(["MC", "Minh chứng", cell(sa.evidence ?? ""), ""]);
  return ws;
}

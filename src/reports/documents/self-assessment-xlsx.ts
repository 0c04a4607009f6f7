/** The self-assessment as a one-sheet .xlsx: group scores with levels, mandatory conditions, evidence. */
import ExcelJS from "exceljs";
import { LEVEL_NAMES, levelFor } from "../../domain/levels.ts";
import type { SelfAssessmentForm } from "../self-assessment.ts";
import type { ReportDocumentData } from "./report-data.ts";

export async function buildSelfAssessmentXlsx(data: ReportDocumentData, form: SelfAssessmentForm): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Tự đánh giá");
  ws.columns = [{ width: 8 }, { width: 70 }, { width: 12 }, { width: 30 }];
  const get = (code: string) => data.items.find((i) => i.taskCode === code);
  ws.addRow([`BẢN TỰ ĐÁNH GIÁ MỨC ĐỘ CHUYỂN ĐỔI SỐ NĂM ${data.period.year} (QĐ 4725/QĐ-BGDĐT)`]).font = { bold: true };
  ws.addRow([`Đơn vị: ${data.school.name} — phiên bản ${data.version}${data.referenceNo ? ` — mã ${data.referenceNo}` : ""}`]);
  ws.addRow([]);
  ws.addRow(["Mã", "Nội dung", "Điểm / Đạt", "Mức độ"]).font = { bold: true };
  for (const g of form.groups) {
    const score = get(g.code)?.progressPercent ?? null;
    ws.addRow([g.code, g.title, score, score === null ? "" : LEVEL_NAMES[levelFor(score)]]);
  }
  for (const c of form.conditions) {
    const status = get(c.code)?.status;
    ws.addRow([c.code, `Điều kiện bắt buộc: ${c.title}${c.verified ? "" : " (chưa xác minh)"}`, status ? (status === "da_hoan_thanh" ? "Có" : "Không") : "", ""]);
  }
  ws.addRow(["MC", "Minh chứng", get("MC")?.done ?? "", ""]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

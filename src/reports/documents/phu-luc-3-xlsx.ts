/**
 * PHỤ LỤC 3 as .xlsx in the official layout: title, school, quarter, the fixed task rows in
 * order, columns (1)–(6); status and % (from PHỤ LỤC 2) follow as (7) and (8).
 */
import type ExcelJS from "exceljs";
import { STATUS_LABELS, type Status } from "../../domain/report-input.ts";
import type { ReportTemplate } from "../template.ts";
import type { ReportDocumentData } from "./report-data.ts";

export const XLSX_FIRST_ROW = 7; // first task row; rows 1–6 hold titles and headers

export async function buildPhuLuc3Xlsx(data: ReportDocumentData, template: ReportTemplate): Promise<Buffer> {
  const { default: Excel } = await import("exceljs"); // ~25 MB: loaded on first use, not at start-up
  const wb = new Excel.Workbook();
  wb.creator = "Trợ lý chuyển đổi số";
  addPhuLuc3Sheet(wb, "PHỤ LỤC 3", data, template);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * One report as a sheet in the official layout. `cell` may rewrite every text a school wrote
 * (the consolidated export neutralises formulas with it).
 */
export function addPhuLuc3Sheet(wb: ExcelJS.Workbook, name: string, data: ReportDocumentData, template: ReportTemplate, cell: (text: string) => string = (t) => t): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { pageSetup: { orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1 } });
  const textCols = template.fields.filter((f) => f.column).sort((a, b) => a.column! - b.column!);
  const headers = ["TT", "Nội dung công việc theo kế hoạch", ...textCols.map((f) => f.label), "Tình trạng", "Tiến độ (%)"];
  const last = headers.length;
  ws.columns = [{ width: 6 }, { width: 48 }, ...textCols.map(() => ({ width: 36 })), { width: 16 }, { width: 11 }];

  const title = (row: number, text: string, bold = true, size = 12) => {
    ws.mergeCells(row, 1, row, last);
    const c = ws.getCell(row, 1);
    c.value = text;
    c.font = { bold, size, name: "Times New Roman" };
    c.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  };
  title(1, "PHỤ LỤC 3");
  title(2, template.title.toUpperCase());
  title(3, `Đơn vị: ${cell(data.school.name)} — Quý ${data.period.quarter}/${data.period.year}`, false);
  title(4, `Phiên bản ${data.version}${data.referenceNo ? ` — Mã tiếp nhận ${data.referenceNo}` : ""}`, false, 10);
  ws.getRow(5).values = headers;
  ws.getRow(6).values = headers.map((_, i) => `(${i + 1})`);
  for (const r of [5, 6]) {
    ws.getRow(r).font = { bold: true, name: "Times New Roman" };
    ws.getRow(r).alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  }

  const byCode = new Map(data.items.map((i) => [i.taskCode, i]));
  template.rows.forEach((row, idx) => {
    const item = byCode.get(row.code);
    const r = ws.getRow(XLSX_FIRST_ROW + idx);
    r.values = [
      row.code,
      row.title,
      ...textCols.map((f) => cell((item?.[f.key as "done"] ?? "") || "")),
      item?.status ? STATUS_LABELS[item.status as Status] : "",
      item?.progressPercent ?? "",
    ];
    r.alignment = { vertical: "top", wrapText: true };
    r.font = { name: "Times New Roman", bold: row.heading };
  });
  const lastRow = XLSX_FIRST_ROW + template.rows.length - 1;
  for (let r = 5; r <= lastRow; r++) {
    for (let c = 1; c <= last; c++) {
      ws.getCell(r, c).border = { top: { style: "thin" }, left: { style: "thin" }, bottom: { style: "thin" }, right: { style: "thin" } };
    }
  }
  return ws;
}

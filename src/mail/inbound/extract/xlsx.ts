/**
 * An .xlsx workbook → one grid of cell texts per sheet (merged cells repeat their value, dates
 * stored as serial numbers read as dates, formulas read by their cached result). The table
 * itself is found by grid.ts on whichever sheet holds it.
 */
import type ExcelJS from "exceljs";
import { formatDate } from "../../../domain/periods.ts";
import type { Grid } from "./grid.ts";

const MAX_ROWS = 500;
const MAX_COLS = 40;

export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return formatDate(value);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
    if ("text" in value) return String(value.text);
    if ("error" in value) return "";
  }
  return String(value);
}

/** Throws when the file is not a readable workbook (corrupt, encrypted, not a zip). */
export async function xlsxGrids(content: Buffer): Promise<{ name: string; grid: Grid }[]> {
  const { default: Excel } = await import("exceljs"); // ~25 MB: loaded with the first workbook, not at start-up
  const wb = new Excel.Workbook();
  await wb.xlsx.load(content as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const grid: Grid = [];
    const cols = Math.min(ws.columnCount, MAX_COLS);
    for (let r = 1; r <= Math.min(ws.rowCount, MAX_ROWS); r++) {
      const row = ws.getRow(r);
      const cells: string[] = [];
      for (let c = 1; c <= cols; c++) cells.push(cellText(row.getCell(c).value));
      grid.push(cells);
    }
    return { name: ws.name, grid };
  });
}

/**
 * An .xlsx workbook → one grid of cell texts per sheet (merged cells repeat their value, dates
 * stored as serial numbers read as dates, formulas read by their cached result). The table
 * itself is found by grid.ts on whichever sheet holds it.
 *
 * Read with SheetJS (dense sheets, only the first MAX_ROWS rows parsed): about half the CPU of
 * exceljs for the same workbook, which matters when a batch of mails is read. exceljs still
 * writes the workbooks we send (reports/documents).
 */
import type * as SheetJS from "@e965/xlsx";
import type { Grid } from "./grid.ts";

const MAX_ROWS = 500;
const MAX_COLS = 40;

let XLSX: typeof SheetJS;

const pad = (n: number) => String(n).padStart(2, "0");

/** A cell as text: a date-formatted number as dd/mm/yyyy, an error as nothing, the rest as stored. */
function cellText(cell: SheetJS.CellObject | undefined): string {
  if (!cell || cell.v === undefined || cell.v === null || cell.t === "e" || cell.t === "z") return "";
  if (cell.t === "n" && cell.z !== undefined && XLSX.SSF.is_date(cell.z)) {
    const d = XLSX.SSF.parse_date_code(cell.v) as { y: number; m: number; d: number } | null;
    if (d && d.y >= 1900) return `${pad(d.d)}/${pad(d.m)}/${d.y}`;
  }
  return String(cell.v);
}

function sheetGrid(ws: SheetJS.WorkSheet): Grid {
  const data = (ws["!data"] ?? []) as (SheetJS.CellObject[] | undefined)[];
  const range = ws["!ref"] ? XLSX.utils.decode_range(ws["!ref"]) : undefined;
  const rows = Math.min(range ? range.e.r + 1 : 0, MAX_ROWS);
  const cols = Math.min(range ? range.e.c + 1 : 0, MAX_COLS);
  const grid: Grid = [];
  for (let r = 0; r < rows; r++) {
    const row = data[r];
    const cells: string[] = new Array(cols);
    for (let c = 0; c < cols; c++) cells[c] = cellText(row?.[c]);
    grid.push(cells);
  }
  // A merged range shows its first cell's value in every cell it covers.
  for (const m of ws["!merges"] ?? []) {
    const value = grid[m.s.r]?.[m.s.c] ?? "";
    for (let r = m.s.r; r <= Math.min(m.e.r, rows - 1); r++) {
      for (let c = m.s.c; c <= Math.min(m.e.c, cols - 1); c++) grid[r]![c] = value;
    }
  }
  return grid;
}

/** Throws when the file is not a readable workbook (corrupt, encrypted, not a zip). */
export async function xlsxGrids(content: Buffer): Promise<{ name: string; grid: Grid }[]> {
  XLSX ??= await import("@e965/xlsx");
  // SheetJS hangs its reading state on the buffer it is given: a view of the same bytes keeps it off the attachment.
  const view = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  const wb = XLSX.read(view, { type: "buffer", dense: true, sheetRows: MAX_ROWS, cellNF: true, cellHTML: false, cellFormula: false, cellStyles: false, cellText: false });
  return wb.SheetNames.filter((name) => wb.Sheets[name] && wb.Sheets[name]!["!type"] !== "chart").map((name) => ({ name, grid: sheetGrid(wb.Sheets[name]!) }));
}

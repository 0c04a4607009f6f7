/**
 * PHỤ LỤC 3 from a school's .xlsx, however it was edited: the table is found by its headers
 * (any sheet, any starting row, merged header cells), columns by their titles or their
 * "(3)…(6)" numbers, rows by their codes ("1.1", "1.1.", "2"); blank rows are skipped and dates
 * stored as serial numbers read as dates.
 */
import ExcelJS from "exceljs";
import { foldVietnamese } from "../../domain/text.ts";
import { formatDate } from "../../domain/periods.ts";
import { parseProgress, parseStatus } from "../../domain/report-input.ts";
import type { ReportTemplate } from "../../reports/template.ts";
import type { ItemAnswers } from "../../reports/store.ts";

export const MAX_XLSX_BYTES = 10 * 1024 * 1024;

type Key = "done" | "next" | "difficulties" | "recommendations" | "status" | "progressPercent";

/** One row's answers as read from the file (the report's own shape, without the row code). */
export type ExtractedRow = Omit<ItemAnswers, "taskCode">;

export type XlsxExtraction =
  | { ok: true; sheet: string; items: Record<string, ExtractedRow>; warnings: string[] }
  | { ok: false; reason: string };

const HEADER_PATTERNS: [Key, RegExp][] = [
  ["done", /(da thuc hien|ket qua dat duoc)/],
  ["next", /(quy tiep theo|quy sau|thuc hien trong quy toi)/],
  ["difficulties", /(kho khan|vuong mac)/],
  ["recommendations", /(kien nghi|de xuat)/],
  ["status", /^tinh trang/],
  ["progressPercent", /(tien do|%)/],
];
const NUMBERED: Record<string, Key> = { "3": "done", "4": "next", "5": "difficulties", "6": "recommendations" };

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

function normCode(text: string): string | undefined {
  const m = /^\s*(\d{1,2}(?:\.\d{1,2})?)\.?\s*$/.exec(text);
  return m?.[1];
}

export async function extractPhuLuc3(content: Buffer, template: ReportTemplate): Promise<XlsxExtraction> {
  if (content.length > MAX_XLSX_BYTES) return { ok: false, reason: "tệp Excel lớn quá 10 MB" };
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    return { ok: false, reason: "tệp Excel bị hỏng hoặc có mật khẩu, không mở được" };
  }
  const codes = new Set(template.rows.map((r) => r.code));
  for (const ws of wb.worksheets) {
    const maxRow = Math.min(ws.rowCount, 500);
    for (let r = 1; r <= Math.min(maxRow, 40); r++) {
      const row = ws.getRow(r);
      const cols = new Map<Key, number>();
      let taskCol: number | undefined;
      let codeCol: number | undefined;
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        const t = foldVietnamese(cellText(cell.value));
        if (/noi dung cong viec/.test(t)) taskCol = c;
        if (/^(tt|stt)$/.test(t)) codeCol = c;
        for (const [key, re] of HEADER_PATTERNS) if (!cols.has(key) && re.test(t)) cols.set(key, c);
      });
      // A numbering row "(1) (2) (3)…" right below the header fixes columns whose titles were edited.
      const next = ws.getRow(r + 1);
      next.eachCell({ includeEmpty: false }, (cell, c) => {
        const m = /^\((\d)\)$/.exec(cellText(cell.value).trim());
        const key = m ? NUMBERED[m[1]!] : undefined;
        if (key && !cols.has(key)) cols.set(key, c);
      });
      if (taskCol === undefined || !cols.has("done")) continue;
      const items: Record<string, ExtractedRow> = {};
      const warnings: string[] = [];
      for (let rr = r + 1; rr <= maxRow; rr++) {
        const dataRow = ws.getRow(rr);
        const code = normCode(cellText(dataRow.getCell(codeCol ?? 1).value)) ?? normCode(cellText(dataRow.getCell(1).value));
        if (!code) continue;
        if (!codes.has(code)) {
          warnings.push(`dòng ${rr}: mã ${code} không có trong danh sách`);
          continue;
        }
        const get = (key: Key) => {
          const c = cols.get(key);
          const v = c ? cellText(dataRow.getCell(c).value).normalize("NFC").trim() : "";
          return v || null;
        };
        const statusText = get("status");
        const progressText = get("progressPercent");
        const progress = progressText ? parseProgress(progressText.includes("%") ? progressText : `${progressText}%`) : undefined;
        const row: ExtractedRow = {
          status: statusText ? (parseStatus(statusText) ?? null) : null,
          progressPercent: progress !== undefined && !Number.isNaN(progress) ? progress : null,
          done: get("done"),
          next: get("next"),
          difficulties: get("difficulties"),
          recommendations: get("recommendations"),
        };
        if (Object.values(row).some((v) => v !== null)) items[code] = row;
      }
      return { ok: true, sheet: ws.name, items, warnings };
    }
  }
  return { ok: false, reason: "không tìm thấy bảng PHỤ LỤC 3 (cột “Nội dung công việc” và “Nội dung đã thực hiện”) trong tệp" };
}

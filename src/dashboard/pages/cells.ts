/** The editable grid of a report's cells (review queue, entry on a school's behalf) and reading it back. */
import { parsePeriodCode } from "../../domain/periods.ts";
import { STATUSES, STATUS_LABELS } from "../../domain/report-input.ts";
import { EMPTY_ROW, type ExtractedRow } from "../../mail/inbound/extract/grid.ts";
import { fillableRows } from "../../reports/template.ts";
import type { DashboardDeps } from "../context.ts";
import { html, type SafeHtml } from "../html.ts";

const TEXT_FIELDS = ["done", "next", "difficulties", "recommendations"] as const;
const LABELS: Record<string, string> = { done: "Đã thực hiện (3)", next: "Quý tiếp theo (4)", difficulties: "Khó khăn (5)", recommendations: "Kiến nghị (6)" };
const MAX_TEXT = 2_000;

export function rowCodes(deps: DashboardDeps, periodCode: string): { code: string; title: string }[] {
  if (parsePeriodCode(periodCode)?.kind === "self_assessment") return [...deps.selfAssessment.groups, ...deps.selfAssessment.conditions].map((x) => ({ code: x.code, title: x.title }));
  return fillableRows(deps.template).map((r) => ({ code: r.code, title: r.title }));
}

/** The corrected cells from the form; empty rows are left out. */
export function readCells(body: Record<string, unknown>, codes: string[]): Record<string, ExtractedRow> | string {
  const items: Record<string, ExtractedRow> = {};
  for (const code of codes) {
    const get = (f: string) => {
      const v = body[`c__${code}__${f}`];
      return typeof v === "string" ? v.normalize("NFC").trim() : "";
    };
    const status = get("status");
    const pct = get("progress");
    if (status && !(STATUSES as readonly string[]).includes(status)) return `Tình trạng dòng ${code} không hợp lệ.`;
    if (pct && !/^\d{1,3}$/.test(pct)) return `Tiến độ dòng ${code} phải là số từ 0 đến 100.`;
    if (pct && Number(pct) > 100) return `Tiến độ dòng ${code} phải là số từ 0 đến 100.`;
    const row: ExtractedRow = { ...EMPTY_ROW, status: status || null, progressPercent: pct ? Number(pct) : null };
    for (const f of TEXT_FIELDS) {
      const t = get(f);
      if (t.length > MAX_TEXT) return `Ô “${LABELS[f]}” dòng ${code} dài quá ${MAX_TEXT} ký tự.`;
      row[f] = t || null;
    }
    if (Object.values(row).some((v) => v !== null)) items[code] = row;
  }
  return items;
}

export function cellsTable(deps: DashboardDeps, periodCode: string, items: Record<string, Partial<ExtractedRow>>): SafeHtml {
  return html`<div class="wrap"><table><thead><tr><th>TT</th><th>Nội dung</th><th>Tình trạng</th><th>%</th>${TEXT_FIELDS.map((f) => html`<th>${LABELS[f]}</th>`)}</tr></thead><tbody>
${rowCodes(deps, periodCode).map(({ code, title }) => {
  const it = items[code];
  return html`<tr><td>${code}</td><td>${title}</td>
<td><select name="c__${code}__status"><option value=""></option>${STATUSES.map((st) => html`<option value="${st}" ${it?.status === st ? "selected" : ""}>${STATUS_LABELS[st]}</option>`)}</select></td>
<td><input name="c__${code}__progress" value="${it?.progressPercent ?? ""}" size="3" inputmode="numeric"></td>
${TEXT_FIELDS.map((f) => html`<td><textarea name="c__${code}__${f}" rows="2" maxlength="${MAX_TEXT}">${it?.[f] ?? ""}</textarea></td>`)}</tr>`;
})}</tbody></table></div>`;
}

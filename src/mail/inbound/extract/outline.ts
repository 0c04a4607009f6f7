/**
 * A report typed or pasted into a plain-text body: either PHỤ LỤC 3 copied from Excel (tab- or
 * "|"-separated rows → a grid) or the PHỤ LỤC 2 outline (I. kết quả trong quý, II. kế hoạch quý
 * tiếp theo, III. khó khăn và kiến nghị — each with "Tên nội dung công việc: …" and labelled
 * lines), read into the same rows as the chat flow.
 */
import { foldVietnamese } from "../../../domain/text.ts";
import { parseProgress, parseStatus } from "../../../domain/report-input.ts";
import type { ReportTemplate } from "../../../reports/template.ts";
import { EMPTY_ROW, rowCode, type ExtractedRow, type Grid } from "./grid.ts";

export function pastedGrid(text: string): Grid | undefined {
  const rows = text.split(/\r?\n/).filter((l) => (l.match(/\t/g) ?? []).length >= 2 || (l.match(/\|/g) ?? []).length >= 3);
  if (rows.length < 2) return undefined;
  return rows.map((l) => (l.includes("\t") ? l.split("\t") : l.replace(/^\s*\||\|\s*$/g, "").split("|")).map((c) => c.trim()));
}

type Section = "results" | "plan" | "issues";
type Field = "status" | "progress" | "done" | "next" | "difficulties" | "recommendations" | "ignored";

const SECTION_HEADINGS: [RegExp, Section][] = [
  [/^i\.?\s+ket qua/, "results"],
  [/^ii\.?\s+ke hoach/, "plan"],
  [/^iii\.?\s+.*(kho khan|kien nghi)/, "issues"],
];
const SECTION_FIELD: Record<Section, Field> = { results: "done", plan: "next", issues: "difficulties" };
/** What a form prints when a field was left empty. */
const NOTHING = /^(khong co|khong|chua ghi|chua co|khong co gi|\.+|-+)\.?$/;
/** Where the report ends and the letter's closing begins. */
const SIGN_OFF = /^(\(?dinh kem|tran trong|kinh thu|tran trong kinh chao|noi nhan|hieu truong|pho hieu truong|nguoi lap bieu|xin cam on)\b/;
const TASK_LABEL = /^(\d+\.\s*)?(cac\s+)?(ten\s+)?noi dung cong viec\b/;
const FIELD_LABELS: [RegExp, Field][] = [
  [/^(tinh trang|trang thai)\b/, "status"],
  [/^(ket qua dat duoc|tien do)\b/, "progress"],
  [/^(noi dung da thuc hien|da thuc hien)\b/, "done"],
  [/^(noi dung thuc hien trong quy tiep theo|ke hoach quy tiep theo|quy tiep theo)\b/, "next"],
  [/^(kho khan|vuong mac)\b/, "difficulties"],
  [/^(kien nghi|de xuat|de nghi)\b/, "recommendations"],
  [/^(thoi gian du kien|hien trang)\b/, "ignored"],
];

/** The row a task name points to: its leading code, else the template title it matches best. */
export function taskCodeFor(name: string, template: ReportTemplate): string | undefined {
  const fillable = template.rows.filter((r) => !r.heading);
  const lead = /^\s*(\d{1,2}(?:\.\d{1,2})?)\.?(\s|$)/.exec(name)?.[1];
  if (lead && fillable.some((r) => r.code === lead)) return lead;
  const words = new Set(foldVietnamese(name).split(/[^a-z0-9]+/).filter((w) => w.length > 1));
  let best: { code: string; score: number } | undefined;
  for (const r of fillable) {
    const title = foldVietnamese(r.title).split(/[^a-z0-9]+/).filter((w) => w.length > 1);
    const score = title.filter((w) => words.has(w)).length / title.length;
    if (!best || score > best.score) best = { code: r.code, score };
  }
  return best && best.score >= 0.6 ? best.code : undefined;
}


export interface OutlineExtraction {
  items: Record<string, ExtractedRow>;
  warnings: string[];
}

export function extractOutline(text: string, template: ReportTemplate): OutlineExtraction | undefined {
  const items: Record<string, ExtractedRow> = {};
  const warnings: string[] = [];
  const general: Partial<Record<"difficulties" | "recommendations", string>> = {};
  let section: Section | undefined;
  let code: string | undefined;
  let field: Field | undefined;
  const append = (f: Field, value: string) => {
    const v = value.trim();
    if (!v || f === "ignored" || NOTHING.test(foldVietnamese(v))) return;
    if (f === "status") {
      const s = parseStatus(v);
      if (code && s) items[code]!.status = s;
      return;
    }
    if (f === "progress") {
      const pct = /(\d{1,3}(?:[.,]\d+)?)\s*%/.exec(v);
      const p = pct ? parseProgress(`${pct[1]}%`) : undefined;
      if (code && p !== undefined && !Number.isNaN(p)) items[code]!.progressPercent = p;
      f = "done";
    }
    if ((f === "difficulties" || f === "recommendations") && !code) {
      general[f] = general[f] ? `${general[f]}\n${v}` : v;
      return;
    }
    if (!code) return;
    const row = items[code]!;
    const key = f as "done" | "next" | "difficulties" | "recommendations";
    row[key] = row[key] ? `${row[key]}\n${v}` : v;
  };
  const startTask = (c: string) => {
    code = c;
    items[c] ??= { ...EMPTY_ROW };
    field = undefined;
  };
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/^\s*[-•*+]\s*/, "").trim();
    if (!line) continue;
    const folded = foldVietnamese(line);
    const heading = SECTION_HEADINGS.find(([re]) => re.test(folded));
    if (heading) {
      section = heading[1];
      code = undefined;
      field = undefined;
      continue;
    }
    if (!section) continue;
    if (SIGN_OFF.test(folded)) break;
    const labelled = /^([^:]{2,200}):\s*(.*)$/.exec(line);
    const label = labelled ? foldVietnamese(labelled[1]!) : "";
    if (labelled && TASK_LABEL.test(label)) {
      const name = labelled[2]!.trim();
      const c = name ? taskCodeFor(name, template) : undefined;
      if (name && !c) warnings.push(`không nhận ra nội dung “${name.slice(0, 80)}” trong danh sách PHỤ LỤC 3`);
      if (c) startTask(c);
      else code = undefined;
      continue;
    }
    const hit = labelled ? FIELD_LABELS.find(([re]) => re.test(label)) : undefined;
    if (hit) {
      // "Khó khăn (8): …" names its row.
      const named = /\((\d{1,2}(?:\.\d{1,2})?)\)/.exec(label)?.[1];
      if (named && template.rows.some((r) => r.code === named && !r.heading)) startTask(named);
      field = hit[1];
      append(field, labelled![2]!);
      continue;
    }
    // "8. Đẩy mạnh hoạt động dạy học…" (optionally ": what for this section") starts a task.
    const head = labelled ? labelled[1]! : line;
    const lead = /^(\d{1,2}(?:\.\d{1,2})?)\.?\s+\S/.exec(head);
    const byTitle = lead && rowCode(lead[1]!) ? taskCodeFor(head, template) : undefined;
    if (byTitle && byTitle === lead![1]) {
      startTask(byTitle);
      if (labelled) append((field = SECTION_FIELD[section]), labelled[2]!);
      continue;
    }
    if (field) append(field, line);
  }
  const codes = Object.keys(items).filter((c) => Object.values(items[c]!).some((v) => v !== null));
  if (!codes.length) return undefined;
  for (const f of ["difficulties", "recommendations"] as const) {
    if (!general[f]) continue;
    const first = items[codes[0]!]!;
    first[f] = first[f] ? `${first[f]}\n${general[f]}` : general[f]!;
    if (codes.length > 1) warnings.push(`phần III không ghi mục nào: đã gắn vào mục ${codes[0]}`);
  }
  return { items: Object.fromEntries(codes.map((c) => [c, items[c]!])), warnings };
}

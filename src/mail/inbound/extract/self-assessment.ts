/**
 * A self-assessment sent by email: the two group scores ("Nhóm 1: 72 điểm", a row "N1 … 72" in
 * a sheet) and the mandatory conditions ("Điều kiện 1: Có"), stored like the chat flow stores
 * them (a group as its score, a condition as đã hoàn thành / chưa thực hiện).
 */
import { foldVietnamese } from "../../../domain/text.ts";
import type { SelfAssessmentForm } from "../../../reports/self-assessment.ts";
import { EMPTY_ROW, type ExtractedRow, type Grid } from "./grid.ts";

export interface SelfAssessmentExtraction {
  scores: Record<string, number>;
  conditions: Record<string, boolean>;
}

const ROMAN: Record<string, string> = { i: "1", ii: "2" };
const YES = /^(co|dat|x|yes|da co|co ban hanh)\b/;
const NO = /^(khong|chua|chua co|no)\b/;

function groupIndex(label: string): number | undefined {
  const m = /\b(?:nhom|n)\s*(1|2|i|ii)\b/.exec(label);
  return m ? Number(ROMAN[m[1]!] ?? m[1]) - 1 : undefined;
}
function conditionIndex(label: string): number | undefined {
  const m = /\b(?:dieu kien(?: bat buoc)?|dk)\s*(?:so\s*)?(\d)\b/.exec(label);
  return m ? Number(m[1]) - 1 : undefined;
}
const number = (s: string) => {
  // "74", "74 điểm", "74/100", "74/100 điểm".
  const m = /^(\d{1,3}(?:[.,]\d{1,2})?)(?:\s*\/\s*100)?(?:\s*diem)?$/.exec(s.trim());
  return m ? Number(m[1]!.replace(",", ".")) : undefined;
};

function fromLines(lines: string[][], form: SelfAssessmentForm, out: SelfAssessmentExtraction) {
  for (const cells of lines) {
    const folded = cells.map((c) => foldVietnamese(c));
    const label = folded.slice(0, 2).join(" ");
    const g = groupIndex(label);
    if (g !== undefined && form.groups[g] && out.scores[form.groups[g].code] === undefined) {
      for (const cell of folded.slice(1)) {
        const n = number(cell);
        if (n !== undefined && n <= form.groups[g].max) {
          out.scores[form.groups[g].code] = n;
          break;
        }
      }
      continue;
    }
    const k = conditionIndex(label);
    if (k !== undefined && form.conditions[k] && out.conditions[form.conditions[k].code] === undefined) {
      for (const cell of folded.slice(1).reverse()) {
        if (YES.test(cell)) out.conditions[form.conditions[k].code] = true;
        else if (NO.test(cell)) out.conditions[form.conditions[k].code] = false;
        else continue;
        break;
      }
    }
  }
}

/** The group a row's label names: "Nhóm 1", "Tổng điểm nhóm 2", "Chuyển đổi số trong dạy, học", "… quản trị …". */
function groupOfLabel(label: string): number | undefined {
  const n = groupIndex(label);
  if (n !== undefined) return n;
  if (/^(chuyen doi so trong )?(hoat dong )?day,? (va )?hoc\b|\bcds trong day,? hoc\b|chuyen doi so trong (hoat dong )?day,? (va )?hoc/.test(label)) return 0;
  if (/^(chuyen doi so trong )?quan tri\b|chuyen doi so trong quan tri/.test(label)) return 1;
  return undefined;
}

/**
 * A criteria table with a self-assessed score column ("Điểm tự đánh giá", "Điểm đạt") next to a
 * maximum ("Điểm tối đa"): a group's score is on its total row ("Tổng điểm nhóm 1") or on the
 * row that names the group; never the maximum, never a criterion's own points.
 */
function fromScoreTable(grid: Grid, form: SelfAssessmentForm, out: SelfAssessmentExtraction) {
  for (let r = 0; r < Math.min(grid.length, 40); r++) {
    const header = (grid[r] ?? []).map((c) => foldVietnamese(c));
    // Columns for two years ("Tự đánh giá năm 2025 | năm 2026"): the latest year is this assessment.
    // ("Điểm tối đa | Năm 2025 | Năm 2026": a column titled by its year alone is a year's score, next to a maximum.)
    const yearOnly = (t: string) => /^(?:nam\s+)?20\d{2}$/.test(t.trim()) && header.some((h) => /toi da/.test(h));
    const scoreCols = header.map((t, c) => ({ c, t })).filter(({ t }) => (/\b(tu danh gia|diem dat|dat duoc|diem tu cham|tu cham|ket qua)\b/.test(t) || yearOnly(t)) && !/toi da|muc do/.test(t));
    const year = (t: string) => Number(/\b(20\d{2})\b/.exec(t)?.[1] ?? 0);
    const scoreCol = scoreCols.length ? scoreCols.reduce((best, x) => (year(x.t) > year(best.t) ? x : best)).c : -1;
    if (scoreCol < 0 || !header.some((t) => /\b(diem|tieu chi|nhom)\b/.test(t))) continue;
    const found: { group: number; score: number; total: boolean }[] = [];
    for (const row of grid.slice(r + 1)) {
      const score = number(foldVietnamese(row[scoreCol] ?? ""));
      if (score === undefined) continue;
      const label = row.filter((_, c) => c !== scoreCol).map((c) => foldVietnamese(c)).filter((c) => c && number(c) === undefined).join(" ");
      const total = /\b(tong|cong)\b/.test(label);
      const g = groupOfLabel(label.replace(/^(tong( so)?( diem)?|cong( diem)?)\s+/, ""));
      if (g !== undefined && form.groups[g] && score <= form.groups[g].max) found.push({ group: g, score, total });
    }
    for (const f of [...found.filter((x) => x.total), ...found.filter((x) => !x.total)]) {
      const code = form.groups[f.group]!.code;
      if (out.scores[code] === undefined) out.scores[code] = f.score;
    }
    if (found.length) return;
  }
}

/** Text lines are split at their first ":" (or "-") into a label and a value. */
export function extractSelfAssessment(sources: { grids: Grid[]; text: string }, form: SelfAssessmentForm): SelfAssessmentExtraction | undefined {
  const out: SelfAssessmentExtraction = { scores: {}, conditions: {} };
  for (const grid of sources.grids) fromScoreTable(grid, form, out);
  for (const grid of sources.grids) fromLines(grid, form, out);
  const textLines = sources.text.split(/\r?\n/).map((l) => {
    // The label ends at the first colon ("Nhóm 1 – Chuyển đổi số trong dạy, học: 74/100 điểm"), else at a dash.
    const m = /^\s*[-•*]?\s*([^:]{1,120}):\s*(.+)$/.exec(l) ?? /^\s*[-•*]?\s*([^:]{1,120}?)\s[–-]\s*(.+)$/.exec(l);
    if (!m || /tối đa|toi da/i.test(m[1]!)) return [];
    // The first score said ("74/100 điểm (năm trước: 63 điểm)"): last year's, after it, is not this year's.
    const score = /(\d{1,3}(?:[.,]\d{1,2})?(?:\s*\/\s*100)?)\s*điểm/i.exec(m[2]!);
    return [m[1]!, score ? `${score[1]} điểm` : m[2]!.trim()];
  });
  fromLines(textLines.filter((l) => l.length), form, out);
  return Object.keys(out.scores).length ? out : undefined;
}

export function selfAssessmentItems(x: SelfAssessmentExtraction): Record<string, ExtractedRow> {
  const row = (r: Partial<ExtractedRow>): ExtractedRow => ({ ...EMPTY_ROW, ...r });
  return {
    ...Object.fromEntries(Object.entries(x.scores).map(([code, score]) => [code, row({ progressPercent: Math.round(score), done: `${score} điểm` })])),
    ...Object.fromEntries(Object.entries(x.conditions).map(([code, yes]) => [code, row({ status: yes ? "da_hoan_thanh" : "chua_thuc_hien" })])),
  };
}

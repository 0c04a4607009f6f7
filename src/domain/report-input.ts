/**
 * Understanding what principals type into the report form on a phone (pure).
 * Status: "1/2/3", "chưa", "đang làm", "xong rồi", "80%"; progress: "80%", "8/10",
 * "được 8/10 việc"; row selections: "2 4 7 8", "1.1-3.2", "tất cả".
 */
import { foldVietnamese } from "./text.ts";

export const STATUSES = ["chua_thuc_hien", "dang_thuc_hien", "da_hoan_thanh"] as const;
export type Status = (typeof STATUSES)[number];
export const STATUS_LABELS: Record<Status, string> = {
  chua_thuc_hien: "chưa thực hiện",
  dang_thuc_hien: "đang thực hiện",
  da_hoan_thanh: "đã hoàn thành",
};

export function parseStatus(text: string): Status | undefined {
  const t = foldVietnamese(text).replace(/[.!]+$/, "");
  if (/^(1|so 1|chua|chua (lam|thuc hien|trien khai|co)( gi)?)( a| ha)?$/.test(t)) return "chua_thuc_hien";
  if (/^(2|so 2|dang|dang (lam|thuc hien|trien khai|tien hanh)|chua xong|dang lam do)( a)?$/.test(t)) return "dang_thuc_hien";
  if (/^(3|so 3|xong|xong roi|da xong|roi|hoan thanh|da hoan thanh|hoan tat|da hoan tat|ok xong)( a| roi)?$/.test(t)) return "da_hoan_thanh";
  const p = parseProgress(text);
  if (p !== undefined && !Number.isNaN(p) && /%|\//.test(text)) return statusForProgress(p);
  return undefined;
}

/** The status a progress says by itself: 100 % done, 0 % not started, anything between under way. */
export function statusForProgress(p: number): Status {
  return p >= 100 ? "da_hoan_thanh" : p === 0 ? "chua_thuc_hien" : "dang_thuc_hien";
}

/** 0–100, or undefined when the text holds no progress; NaN when it is out of range. */
export function parseProgress(text: string): number | undefined {
  const t = foldVietnamese(text);
  if (/^(xong|xong roi|da xong|hoan thanh|da hoan thanh)$/.test(t)) return 100;
  const ratio = /(\d+(?:[.,]\d+)?)\s*\/\s*(\d+(?:[.,]\d+)?)/.exec(t);
  if (ratio) {
    const [a, b] = [Number(ratio[1]!.replace(",", ".")), Number(ratio[2]!.replace(",", "."))];
    if (b <= 0 || a > b) return Number.NaN;
    return Math.round((a / b) * 100);
  }
  const pct = /(\d+(?:[.,]\d+)?)\s*(%|phan tram)?/.exec(t);
  if (!pct) return undefined;
  // A bare number counts only when it is the whole answer ("80"), not "làm 3 việc".
  if (!pct[2] && !/^(duoc |dat |khoang |tam )?\d+(?:[.,]\d+)?( phan tram)?$/.test(t)) return undefined;
  const n = Number(pct[1]!.replace(",", "."));
  return n >= 0 && n <= 100 ? Math.round(n) : Number.NaN;
}

export type RowSelection = { ok: true; codes: string[] } | { ok: false; unknown: string[] };

/**
 * "2 4 7 8", "1.1, 3.2", "2-5" / "1.1 đến 3.2" (ranges in table order), "tất cả" ("làm tất cả các mục").
 * Codes of heading rows expand to their sub-rows ("1" → 1.1, 1.2) when the row has children.
 */
export function parseRowSelection(text: string, rows: { code: string; heading: boolean }[]): RowSelection {
  // "từ mục 4 tới mục 6": the row word after the dash goes ("4-6").
  const t = foldVietnamese(text).replace(/\bden\b|\btoi\b/g, "-").replace(/\s*-\s*(?:(?:muc|dong|phan|nhiem vu)\s+)?(?:so\s+)?/g, "-");
  const fillable = rows.filter((r) => !r.heading).map((r) => r.code);
  if (/^(?:(?:lam|chon|co|gom)\s+)?(tat ca|het|all|ca bang|toan bo)( cac muc)?( (luon|nha|nhe|het))*$/.test(t)) return { ok: true, codes: fillable };
  const tokens = t.split(/[\s,;]+|\bva\b/).map((x) => x.replace(/\.$/, "")).filter(Boolean);
  const order = rows.map((r) => r.code);
  const picked = new Set<string>();
  const unknown: string[] = [];
  const expand = (code: string): string[] => {
    const row = rows.find((r) => r.code === code);
    if (!row) return [];
    return row.heading ? fillable.filter((c) => c.startsWith(`${code}.`)) : [code];
  };
  for (const token of tokens) {
    // Words around the numbers ("mục 2 với mục 8 nha", "2 vs 8", "à em nhầm, mục 1.2 và 2") carry no selection.
    if (!/\d/.test(token)) continue;
    const range = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(token);
    if (range) {
      const [from, to] = [order.indexOf(range[1]!), order.indexOf(range[2]!)];
      if (from < 0 || to < 0 || from > to) {
        unknown.push(token);
        continue;
      }
      // Inside a range a heading row stands for itself only (its sub-rows are in the range anyway).
      for (const code of order.slice(from, to + 1)) if (fillable.includes(code)) picked.add(code);
      if (rows[to]?.heading) expand(range[2]!).forEach((c) => picked.add(c));
      continue;
    }
    const codes = expand(token);
    if (codes.length) codes.forEach((c) => picked.add(c));
    else unknown.push(token);
  }
  if (unknown.length || !picked.size) return { ok: false, unknown: unknown.length ? unknown : [text.trim()] };
  return { ok: true, codes: fillable.filter((c) => picked.has(c)) };
}

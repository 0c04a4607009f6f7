/**
 * Questions answered by computation rather than retrieval: a quarter's report deadline, the
 * self-assessment deadlines, the level from group scores, the current period. Works on text
 * already passed through normalizeForSearch().
 */
import type { Quarter, QuarterNumber } from "../domain/periods.ts";

export type Intent =
  | { kind: "quarter-deadline"; quarter?: QuarterNumber; year?: number; relative?: "this" | "next" | "previous" }
  | { kind: "self-assessment-deadline"; year?: number }
  | { kind: "level"; scores: number[] }
  | { kind: "current-period" }
  | { kind: "smalltalk"; what: "thanks" | "ack" };

const DEADLINE_WORDS = /\b(han|han nop|han chot|khi nao|bao gio|ngay nao|ngay may|truoc ngay|thoi han|luc nao|con bao nhieu ngay|con may ngay|nop truoc)\b/;
const LATE_WORDS = /\b(tre|muon|qua han|tre han|nop sau)\b/;
const REPORT_WORDS = /\b(bao cao|phu luc 2|phu luc 3)\b/;

export function detectIntent(q: string): Intent | undefined {
  if (/^(cam on|thank|thanks|thank you|tks)\b/.test(q) && q.split(" ").length <= 8) return { kind: "smalltalk", what: "thanks" };
  if (/^(ok|oke|okay|vang|da vang|u|uh|duoc roi|ro roi)$/.test(q)) return { kind: "smalltalk", what: "ack" };

  const hasDeadline = DEADLINE_WORDS.test(q);
  const quarter = parseQuarter(q);

  if (/\btu danh gia\b/.test(q) && (hasDeadline || /\b(20\/5|31\/5)\b/.test(q)) && !/\btruong hoc so\b/.test(q)) {
    const year = /\bnam (\d{4})\b/.exec(q)?.[1];
    return { kind: "self-assessment-deadline", year: year ? Number(year) : undefined };
  }

  if (/\b(muc|dat|xep loai|xep muc)\b/.test(q)) {
    const scores = extractScores(q);
    if (scores.length >= 1 && scores.length <= 2 && /\b(diem|duoc|dat|nhom)\b/.test(q)) return { kind: "level", scores };
  }

  // “hạn nộp là ngày nào?” with nothing else means the quarterly report, the office's routine deadline.
  if (hasDeadline && !LATE_WORDS.test(q) && (REPORT_WORDS.test(q) || quarter || /\bhan (nop|chot)\b/.test(q)) && !/\b(truong hoc so|tieu chuan)\b/.test(q)) {
    return { kind: "quarter-deadline", ...quarter };
  }

  if (!hasDeadline && /\b(quy (nay|hien tai|hien nay)|bay gio (la|dang) quy|dang (la|o) quy|ky bao cao (hien tai|hien nay|nay)|quy may)\b/.test(q)) {
    return { kind: "current-period" };
  }
  return undefined;
}

/** "quy 3", "quy 3/2025", "quy 3 nam 2025", "quy nay", "quy sau", "quy truoc". */
export function parseQuarter(q: string): { quarter?: QuarterNumber; year?: number; relative?: "this" | "next" | "previous" } | undefined {
  const m = /\bquy ([1-4])(?:\s*(?:\/|nam)?\s*(\d{4}))?\b/.exec(q);
  if (m) return { quarter: Number(m[1]) as QuarterNumber, year: m[2] ? Number(m[2]) : undefined };
  if (/\bquy (nay|hien tai|hien nay)\b/.test(q)) return { relative: "this" };
  if (/\bquy (sau|toi|ke tiep|tiep theo)\b/.test(q)) return { relative: "next" };
  if (/\bquy truoc\b/.test(q)) return { relative: "previous" };
  return undefined;
}

/** Scores 0–100 in the question, ignoring group numbers, levels, quarters, dates and years. */
export function extractScores(q: string): number[] {
  const cleaned = q
    .replace(/\b\d{1,2}\/\d{1,2}(\/\d{4})?\b/g, " ")
    .replace(/\b(nhom|muc|quy|tieu chi|phu luc|dong)\s+\d+(\.\d+)?\b/g, " ")
    .replace(/\b(19|20)\d{2}\b/g, " ");
  return [...cleaned.matchAll(/\b(\d{1,3})(?:[.,]\d+)?\s*(?:diem)?\b/g)].map((m) => Number(m[1])).filter((n) => n >= 0 && n <= 150);
}

export type { Quarter };

/**
 * A set of scripted report conversations and how to score one: the principal's messages are sent
 * in order whatever the bot answers, and what is stored at the end is compared with what the
 * principal meant (filed or not, which rows, status, %, key phrases per part, phrases that must be
 * nowhere). Phrases compare without case, diacritics or extra spaces.
 */
import fs from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { foldVietnamese } from "../../src/domain/text.ts";
import type { ItemAnswers } from "../../src/reports/store.ts";

const PARTS = ["done", "next", "difficulties", "recommendations"] as const;
type Part = (typeof PARTS)[number];

const phrases = z.array(z.union([z.string(), z.number()]).transform(String)).optional();
const rowSchema = z.object({
  status: z.enum(["chua_thuc_hien", "dang_thuc_hien", "da_hoan_thanh"]).optional(),
  percent: z.number().int().min(0).max(100).optional(),
  done: phrases,
  next: phrases,
  difficulties: phrases,
  recommendations: phrases,
  empty: z.array(z.enum(PARTS)).optional(),
  absent: phrases,
});

export const conversationSchema = z.object({
  id: z.string(),
  intent: z.string().optional(),
  now: z.string().optional(),
  /** The principal's school when the conversation names it (else the harness's default school). */
  school: z.object({ name: z.string(), level: z.string() }).optional(),
  turns: z.array(z.string()).min(1),
  expect: z.object({
    filed: z.boolean(),
    period: z.string().regex(/^\d{4}-Q[1-4]$/),
    rows: z.record(z.string(), rowSchema.nullable().transform((r) => r ?? {})).nullable().transform((r) => r ?? {}),
  }),
});
export type Conversation = z.infer<typeof conversationSchema>;

export function loadConversations(file: string): Conversation[] {
  const parsed = z.array(conversationSchema).safeParse(parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data;
}

/** A row as stored (PHỤ LỤC 3 columns): the answers every reader of a report sees. */
export type StoredRow = ItemAnswers;

export interface Outcome {
  /** A submitted version exists for the period. */
  filed: boolean;
  /** The rows with content of the submitted version (or of the draft when none was filed). */
  rows: StoredRow[];
}

const fold = (s: string) => foldVietnamese(s).replace(/\s+/g, " ").trim();
const hasContent = (r: StoredRow) => Boolean(r.status || r.done || r.next || r.difficulties || r.recommendations || r.progressPercent !== null);

/** Every check of one conversation, and which failed. */
export function score(expected: Conversation["expect"], got: Outcome): { checks: number; misses: string[] } {
  const misses: string[] = [];
  let checks = 1;
  if (got.filed !== expected.filed) misses.push(`filed ${got.filed} (expected ${expected.filed})`);
  const rows = new Map(got.rows.filter(hasContent).map((r) => [r.taskCode, r]));
  checks++;
  const extra = [...rows.keys()].filter((c) => !(c in expected.rows));
  const missing = Object.keys(expected.rows).filter((c) => !rows.has(c));
  if (extra.length || missing.length) misses.push(`rows ${[...rows.keys()].join(",") || "none"} (expected ${Object.keys(expected.rows).join(",") || "none"})`);
  for (const [code, want] of Object.entries(expected.rows)) {
    const row = rows.get(code);
    if (!row) continue;
    const all = fold([row.done, row.next, row.difficulties, row.recommendations].filter(Boolean).join(" | "));
    if (want.status) {
      checks++;
      if (row.status !== want.status) misses.push(`${code}.status ${row.status} (expected ${want.status})`);
    }
    if (want.percent !== undefined) {
      checks++;
      if (row.progressPercent !== want.percent) misses.push(`${code}.percent ${row.progressPercent} (expected ${want.percent})`);
    }
    for (const part of PARTS) {
      for (const p of want[part] ?? []) {
        checks++;
        if (!fold(row[part] ?? "").includes(fold(p))) misses.push(`${code}.${part} lacks “${p}” (has ${JSON.stringify(row[part])})`);
      }
    }
    for (const part of want.empty ?? []) {
      checks++;
      if (row[part]) misses.push(`${code}.${part} should be empty (has ${JSON.stringify(row[part])})`);
    }
    for (const p of want.absent ?? []) {
      checks++;
      if (all.includes(fold(p))) misses.push(`${code} has “${p}”, which should be nowhere`);
    }
  }
  return { checks, misses };
}

/** Which report a conversation ends with: the newest submitted version of the period, else the person's draft. */
export function outcomeOf(reports: { status: string; version: number | null; createdAt: Date; items: StoredRow[] }[]): Outcome {
  const submitted = reports.filter((r) => r.status === "submitted").sort((a, b) => (b.version ?? 0) - (a.version ?? 0))[0];
  if (submitted) return { filed: true, rows: submitted.items };
  const draft = reports.filter((r) => r.status === "draft").sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  return { filed: false, rows: draft?.items ?? [] };
}

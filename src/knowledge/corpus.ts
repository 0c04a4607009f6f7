/**
 * The knowledge corpus: Markdown files with YAML front-matter in a folder the office edits
 * (default src/knowledge/corpus), plus sources.yaml naming each cited document. Loaded and
 * validated at start-up, on SIGHUP and by `npm run knowledge:check`.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { INTENTS } from "../lang/classifier.ts";

export const DEFAULT_CORPUS_DIR = path.join(import.meta.dirname, "corpus");
const MAX_BODY = 1_800; // one Zalo message with room for the source line

export const RELIABILITY = ["verified", "unverified", "inferred"] as const;

const entrySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, "chỉ gồm a-z, 0-9 và dấu -"),
  title: z.string().min(3).max(200),
  source: z.string().min(1),
  tags: z.array(z.string().min(1)).min(1),
  questions: z.array(z.string().min(3)).default([]),
  reliability: z.enum(RELIABILITY).default("verified"),
  valid_from: z.number().int().min(2000).max(2100).optional(),
  valid_to: z.number().int().min(2000).max(2100).optional(),
  caveat: z.string().optional(),
  /** The entry's questions are answered by a calculator (deadline, level…): they train that intent, not retrieval. */
  intent: z.enum(INTENTS).optional(),
});

const sourcesSchema = z.record(z.string(), z.object({ label: z.string().min(3) }));

export interface KnowledgeEntry extends z.infer<typeof entrySchema> {
  body: string;
  file: string;
}

export interface Corpus {
  entries: KnowledgeEntry[];
  sources: Record<string, { label: string }>;
}

export interface CorpusProblem {
  file: string;
  message: string;
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/;
const KNOWN_PLACEHOLDERS = /\{\{(office\.(name|email|guidance)|deadline\.(quarterlyDueDay|selfAssessmentDistrict|selfAssessmentNational)|report\.(rows|columns))\}\}/g;

/** Reads and validates the corpus; problems are collected, not thrown, so all are reported at once. */
export function loadCorpus(dir = DEFAULT_CORPUS_DIR): { corpus: Corpus; problems: CorpusProblem[] } {
  const problems: CorpusProblem[] = [];
  let sources: Corpus["sources"] = {};
  const sourcesFile = path.join(dir, "sources.yaml");
  try {
    const parsed = sourcesSchema.safeParse(parse(fs.readFileSync(sourcesFile, "utf8")));
    if (parsed.success) sources = parsed.data;
    else problems.push({ file: "sources.yaml", message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
  } catch (err) {
    problems.push({ file: "sources.yaml", message: (err as Error).message });
  }

  const entries: KnowledgeEntry[] = [];
  const ids = new Map<string, string>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".md")).sort()) {
    const text = fs.readFileSync(path.join(dir, file), "utf8").normalize("NFC");
    const m = FRONT_MATTER.exec(text);
    if (!m) {
      problems.push({ file, message: "thiếu phần đầu YAML giữa hai dòng ---" });
      continue;
    }
    let meta: unknown;
    try {
      meta = parse(m[1]!);
    } catch (err) {
      problems.push({ file, message: `YAML lỗi: ${(err as Error).message}` });
      continue;
    }
    const parsed = entrySchema.safeParse(meta);
    if (!parsed.success) {
      problems.push({ file, message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
      continue;
    }
    const body = m[2]!.trim();
    const entry: KnowledgeEntry = { ...parsed.data, body, file };
    if (!body) problems.push({ file, message: "nội dung trống" });
    if (body.length > MAX_BODY) problems.push({ file, message: `nội dung dài ${body.length} ký tự, tối đa ${MAX_BODY}` });
    if (!sources[entry.source]) problems.push({ file, message: `nguồn “${entry.source}” không có trong sources.yaml` });
    const unknown = body.replace(KNOWN_PLACEHOLDERS, "").match(/\{\{[^}]*\}\}/g);
    if (unknown) problems.push({ file, message: `chỗ điền không rõ: ${unknown.join(", ")}` });
    if (ids.has(entry.id)) problems.push({ file, message: `id “${entry.id}” trùng với ${ids.get(entry.id)}` });
    ids.set(entry.id, file);
    entries.push(entry);
  }
  if (!entries.length) problems.push({ file: dir, message: "không có mục kiến thức nào (*.md)" });
  return { corpus: { entries, sources }, problems };
}

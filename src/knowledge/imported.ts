/**
 * Documents an office imported with `npm run knowledge:import` (saved as JSON in
 * <corpus>/imported/): their passages are a retrieval fallback behind the written entries, and
 * an answer from them is a short extract — the sentences that cover the question — with the
 * document named as the source.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { analyze } from "../lang/normalize.ts";
import type { CorpusProblem, KnowledgeEntry } from "./corpus.ts";
import { contentWords } from "./search.ts";

export const importedSchema = z.object({
  label: z.string().min(3).max(300),
  file: z.string(),
  importedAt: z.string(),
  /** The document's subject line ("V/v …"), indexed with every passage so they compete on their own words. */
  subject: z.string().max(300).optional(),
  passages: z.array(z.object({ heading: z.string().max(200).optional(), text: z.string().min(1).max(5_000) })).max(5_000),
});
export type ImportedDocument = z.infer<typeof importedSchema>;

export function importedDir(corpusDir: string): string {
  return path.join(corpusDir, "imported");
}

/** Passages as entries (id "imp-<file>-<n>", source "imp-<file>") and their source labels. */
export function loadImported(corpusDir: string): { entries: KnowledgeEntry[]; sources: Record<string, { label: string }>; problems: CorpusProblem[] } {
  const dir = importedDir(corpusDir);
  const entries: KnowledgeEntry[] = [];
  const sources: Record<string, { label: string }> = {};
  const problems: CorpusProblem[] = [];
  if (!fs.existsSync(dir)) return { entries, sources, problems };
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    const slug = file.replace(/\.json$/, "");
    let parsed;
    try {
      parsed = importedSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")));
    } catch (err) {
      problems.push({ file: `imported/${file}`, message: (err as Error).message });
      continue;
    }
    if (!parsed.success) {
      problems.push({ file: `imported/${file}`, message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
      continue;
    }
    const source = `imp-${slug}`;
    sources[source] = { label: parsed.data.label };
    parsed.data.passages.forEach((p, i) =>
      entries.push({
        id: `${source}-${i + 1}`,
        title: p.heading ?? p.text.slice(0, 80),
        source,
        tags: parsed.data.subject ? [parsed.data.subject] : [],
        questions: [],
        reliability: "verified",
        body: p.text,
        file: `imported/${file}`,
      }),
    );
  }
  return { entries, sources, problems };
}

/** The one or two sentences of a passage that cover the question best. */
export function extractAnswer(question: string, passage: string, maxChars = 600): string {
  const want = new Set(contentWords(analyze(question).tokens));
  const sentences = passage.split(/(?<=[.;!?])\s+|\n+/).map((s) => s.trim()).filter(Boolean);
  let best = 0;
  let bestScore = -1;
  sentences.forEach((s, i) => {
    const have = new Set(analyze(s).tokens);
    const score = [...want].filter((w) => have.has(w)).length;
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  let text = sentences[best] ?? passage;
  const next = sentences[best + 1];
  if (next && text.length + next.length < maxChars / 2) text = `${text} ${next}`;
  return text.length > maxChars ? `${text.slice(0, maxChars - 1).replace(/\s+\S*$/, "")}…` : text;
}

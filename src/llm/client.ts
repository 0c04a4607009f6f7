/**
 * Optional LLM (off unless LLM_BASE_URL and LLM_MODEL are set): any OpenAI-compatible server
 * (a local vLLM or Ollama, or a hosted one). Used only to reword an answer from the retrieved
 * entries; a timeout, an error or a refusal returns undefined and the extract is kept.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { Logger } from "../logger.ts";

export const PROMPTS_DIR = path.resolve(import.meta.dirname, "..", "..", "prompts");
const REFUSAL = "KHÔNG_ĐỦ_TƯ_LIỆU";

const completionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1),
});

export interface LlmConfig {
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
}

export function loadPrompt(name: string): string {
  return fs.readFileSync(path.join(PROMPTS_DIR, `${name}.md`), "utf8").trim();
}

/** A rewriter for the knowledge service: (question, extract, facts) → reworded text or undefined. */
export function createLlmRewriter(cfg: LlmConfig, logger?: Logger) {
  const system = loadPrompt("answer");
  return async (question: string, extract: string, facts: string[]): Promise<string | undefined> => {
    try {
      const res = await fetch(`${cfg.baseUrl}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(cfg.apiKey ? { authorization: `Bearer ${cfg.apiKey}` } : {}) },
        body: JSON.stringify({
          model: cfg.model,
          temperature: 0,
          max_tokens: 600,
          messages: [
            { role: "system", content: system },
            { role: "user", content: `TƯ LIỆU:\n${facts.join("\n\n---\n\n")}\n\nCÂU HỎI: ${question}` },
          ],
        }),
        signal: AbortSignal.timeout(cfg.timeoutMs),
      });
      if (!res.ok) {
        logger?.warn({ status: res.status }, "llm call failed; extractive answer used");
        return undefined;
      }
      const parsed = completionSchema.safeParse(await res.json());
      const text = parsed.success ? parsed.data.choices[0]!.message.content?.trim() : undefined;
      if (!text || text.includes(REFUSAL) || text.length > 1_800) return undefined;
      return text;
    } catch (err) {
      logger?.warn({ err: (err as Error).name }, "llm call failed; extractive answer used");
      return undefined;
    }
  };
}

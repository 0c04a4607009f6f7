/**
 * Optional LLM (off unless LLM_BASE_URL and LLM_MODEL are set): any OpenAI-compatible server
 * (Ollama, vLLM, llama.cpp, or a hosted one). Three bounded jobs, each returning undefined on a
 * timeout, an error, a refusal or an answer that fails validation — the caller then keeps the
 * deterministic result:
 * - understand: question → intent + slots as JSON (zod-validated), fed to our own calculators;
 * - choose: pick one of the retrieved entries by id, or none;
 * - rewrite: reword the chosen entry (never a fact of its own: the prompt forbids it and the
 *   source line is added by us).
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

const score = z.number().min(0).max(100);
/** What the LLM may say a question is; anything else is rejected. */
export const llmIntentSchema = z
  .object({
    intent: z.enum(["deadline_quarter", "deadline_self_assessment", "lateness", "level", "period_current", "knowledge", "off_topic"]),
    quarter: z.number().int().min(1).max(4).optional(),
    year: z.number().int().min(2020).max(2100).optional(),
    relative_quarter: z.union([z.literal(-1), z.literal(0), z.literal(1)]).optional(),
    date: z
      .string()
      .regex(/^\d{1,2}\/\d{1,2}(\/\d{4})?$/)
      .optional(),
    teaching: score.optional(),
    management: score.optional(),
    scores: z.array(score).max(2).optional(),
  })
  .strict();
export type LlmIntent = z.infer<typeof llmIntentSchema>;

export interface Llm {
  understand(question: string): Promise<LlmIntent | undefined>;
  choose(question: string, candidates: { id: string; title: string; body: string }[]): Promise<string | undefined>;
  rewrite(question: string, extract: string): Promise<string | undefined>;
}

/** The first JSON object in a reply (models like to wrap it in ``` fences). */
function jsonIn(text: string): unknown {
  const m = /\{[\s\S]*\}/.exec(text);
  if (!m) return undefined;
  try {
    return JSON.parse(m[0]);
  } catch {
    return undefined;
  }
}

export function createLlm(cfg: LlmConfig, logger?: Logger): Llm {
  const prompts = { understand: loadPrompt("understand"), choose: loadPrompt("choose"), answer: loadPrompt("answer") };

  async function complete(system: string, user: string, maxTokens: number): Promise<string | undefined> {
    try {
      const res = await fetch(`${cfg.baseUrl}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(cfg.apiKey ? { authorization: `Bearer ${cfg.apiKey}` } : {}) },
        body: JSON.stringify({
          model: cfg.model,
          temperature: 0,
          max_tokens: maxTokens,
          messages: [
            { role: "system", content: system },
            { role: "user", content: user },
          ],
        }),
        signal: AbortSignal.timeout(cfg.timeoutMs),
      });
      if (!res.ok) {
        logger?.warn({ status: res.status }, "llm call failed; deterministic answer kept");
        return undefined;
      }
      const parsed = completionSchema.safeParse(await res.json());
      return parsed.success ? (parsed.data.choices[0]!.message.content?.trim() ?? undefined) : undefined;
    } catch (err) {
      logger?.warn({ err: (err as Error).name }, "llm call failed; deterministic answer kept");
      return undefined;
    }
  }

  return {
    async understand(question) {
      const text = await complete(prompts.understand, question, 200);
      const parsed = llmIntentSchema.safeParse(text ? jsonIn(text) : undefined);
      if (!parsed.success) {
        if (text) logger?.warn("llm intent rejected by validation; deterministic answer kept");
        return undefined;
      }
      return parsed.data;
    },

    async choose(question, candidates) {
      if (!candidates.length) return undefined;
      const list = candidates.map((c) => `[${c.id}] ${c.title}\n${c.body.slice(0, 400)}`).join("\n\n");
      const text = await complete(prompts.choose, `CÁC MỤC:\n${list}\n\nCÂU HỎI: ${question}`, 60);
      const parsed = z.object({ id: z.string() }).safeParse(text ? jsonIn(text) : undefined);
      if (!parsed.success) return undefined;
      return candidates.some((c) => c.id === parsed.data.id) ? parsed.data.id : undefined;
    },

    async rewrite(question, extract) {
      const text = await complete(prompts.answer, `TƯ LIỆU:\n${extract}\n\nCÂU HỎI: ${question}`, 600);
      if (!text || text.includes(REFUSAL) || text.length > 1_800) return undefined;
      return text;
    },
  };
}

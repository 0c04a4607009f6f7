/**
 * grammY API transformers shared by the chat channels: split long texts, and retry calls the
 * platform refused for a passing reason (429 with or without retry_after, 5xx, network errors).
 */
import pRetry from "p-retry";
import { HttpError, type Transformer } from "grammy";
import type { Logger } from "../../logger.ts";
import { splitText } from "./split-text.ts";

/** Sends a long `sendMessage` text as several messages, split on paragraph boundaries. */
export function splitLongMessages(limit: number): Transformer {
  return async (prev, method, payload, signal) => {
    const text = (payload as { text?: unknown }).text;
    if (method !== "sendMessage" || typeof text !== "string" || [...text].length <= limit) {
      return prev(method, payload, signal);
    }
    let last: Awaited<ReturnType<typeof prev>> | undefined;
    for (const chunk of splitText(text, limit)) {
      last = await prev(method, { ...payload, text: chunk } as typeof payload, signal);
      if (!last.ok) return last;
    }
    return last!;
  };
}

class RetryableResponse extends Error {
  readonly response: { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };

  constructor(response: { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } }) {
    super(`${response.error_code} ${response.description}`);
    this.response = response;
  }
}

export interface RetryOptions {
  retries?: number;
  minTimeoutMs?: number;
  maxTimeoutMs?: number;
  /** Longest retry_after we are willing to wait, in seconds. */
  maxRetryAfterS?: number;
  logger?: Logger;
  /** Methods never retried (long polls handle their own timing). */
  skip?: readonly string[];
}

/** Retries 429 and 5xx answers and network failures with exponential backoff. */
export function retryTransientFailures(opts: RetryOptions = {}): Transformer {
  const skip = new Set(opts.skip ?? ["getUpdates"]);
  return async (prev, method, payload, signal) => {
    if (skip.has(method)) return prev(method, payload, signal);
    try {
      return await pRetry(
        async () => {
          const res = await prev(method, payload, signal);
          if (!res.ok && (res.error_code === 429 || res.error_code >= 500)) throw new RetryableResponse(res);
          return res;
        },
        {
          retries: opts.retries ?? 4,
          minTimeout: opts.minTimeoutMs ?? 500,
          maxTimeout: opts.maxTimeoutMs ?? 10_000,
          signal: signal as AbortSignal | undefined,
          shouldRetry: ({ error }) => error instanceof RetryableResponse || error instanceof HttpError,
          onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
            opts.logger?.warn({ method, attemptNumber, retriesLeft, error: error.message }, "chat API call failed, retrying");
            const after = error instanceof RetryableResponse ? error.response.parameters?.retry_after : undefined;
            if (after && retriesLeft > 0) {
              await new Promise((r) => setTimeout(r, Math.min(after, opts.maxRetryAfterS ?? 30) * 1000));
            }
          },
        },
      );
    } catch (err) {
      if (err instanceof RetryableResponse) return err.response;
      throw err;
    }
  };
}

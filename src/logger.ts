/**
 * Structured JSON logs (pino). Every line passes through a redactor that removes the
 * configured secrets wherever they appear — bot tokens sit inside API URLs, so key-based
 * redaction alone is not enough.
 */
import { pino, type Logger } from "pino";

export type { Logger };

export function redactor(secrets: readonly string[]): (text: string) => string {
  const list = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  if (!list.length) return (t) => t;
  return (text) => {
    let out = text;
    for (const s of list) if (out.includes(s)) out = out.split(s).join("[REDACTED]");
    return out;
  };
}

export function createLogger(opts: {
  level: string;
  secrets: readonly string[];
  write?: (line: string) => void;
}): Logger {
  const redact = redactor(opts.secrets);
  const write = opts.write ?? ((line: string) => process.stdout.write(line));
  return pino(
    {
      level: opts.level,
      base: undefined,
      redact: {
        paths: ["*.token", "*.password", "*.secret", "*.authorization", 'headers["x-bot-api-secret-token"]', 'headers["x-telegram-bot-api-secret-token"]'],
        censor: "[REDACTED]",
      },
    },
    { write: (line: string) => write(redact(line)) },
  );
}

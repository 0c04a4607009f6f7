/** Starting the real service in-process for tests, with a config built from an env object. */
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { startService, type Service, type ServiceOverrides } from "../../src/service.ts";
import type { Database } from "../../src/db/client.ts";

export function testConfig(env: Record<string, string | undefined> = {}) {
  return loadConfig({ PORT: "0", LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent", DEMO_DATA: "false", NODE_ENV: "test", REMINDERS_ENABLED: "false", ...env });
}

/** Captures log lines so tests can assert on what was (not) logged. */
export function captureLogger(secrets: string[] = []) {
  const lines: string[] = [];
  const logger = createLogger({ level: "debug", secrets, write: (l) => void lines.push(l) });
  return { logger, lines };
}

export async function startTestService(
  db: Database,
  env: Record<string, string | undefined> = {},
  overrides: ServiceOverrides = {},
): Promise<Service> {
  const config = testConfig(env);
  return startService(config, { db, logger: overrides.logger ?? captureLogger(config.secrets).logger, ...overrides });
}

export async function chat(service: Service, userId: string, text: string): Promise<string[]> {
  const res = await fetch(`${service.url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ userId, text }),
  });
  if (!res.ok) throw new Error(`chat failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { replies: string[] }).replies;
}

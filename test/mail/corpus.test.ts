/**
 * The dry-run CLI on a corpus of realistic school emails (test/fixtures/mail-corpus): every
 * format and every bad input, judged in delivery order, each against its expected extraction.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCorpus, CORPUS_ENV, CORPUS_SCHOOLS_CSV, type CorpusMail } from "../fixtures/mail-corpus/build.ts";

const corpus: CorpusMail[] = await buildCorpus();

describe("dry-run ingestion of the email corpus", () => {
  let dir: string;
  let lines: Record<string, unknown>[];
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cds-corpus-"));
    const files = corpus.map((m) => {
      const file = path.join(dir, `${m.name}.eml`);
      fs.writeFileSync(file, m.raw);
      return file;
    });
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/mail/inbound/cli.ts", "--json", "--schools", CORPUS_SCHOOLS_CSV, ...files], {
      encoding: "utf8", timeout: 120_000, env: { ...process.env, ...CORPUS_ENV, LOG_LEVEL: "silent" },
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
  }, 180_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("has at least 25 mails and one answer line per file, in order", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(25);
    expect(lines.map((l) => path.basename(String(l.file)))).toEqual(corpus.map((m) => `${m.name}.eml`));
  });

  it("covers every outcome, kind and source format", () => {
    expect(new Set(corpus.map((m) => m.expected.outcome))).toEqual(new Set(["accepted", "needs_review", "rejected", "ignored"]));
    expect(new Set(corpus.map((m) => m.expected.kind))).toEqual(new Set(["quarterly_report", "self_assessment", "question", "auto_reply", "unrelated"]));
  });

  it.each(corpus.map((m, i) => [m.name, i] as const))("%s is judged as expected", (_name, i) => {
    const m = corpus[i]!;
    const line = lines[i]!;
    const { reasonIncludes, ...exact } = m.expected;
    expect({ name: m.name, ...pick(line, Object.keys(exact)) }).toEqual({ name: m.name, ...exact });
    if (reasonIncludes) expect(String(line.reason)).toContain(reasonIncludes);
    expect(String(line.reason ?? "")).toBe(String(line.reason ?? "").normalize("NFC"));
  });
});

function pick(o: Record<string, unknown>, keys: string[]) {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

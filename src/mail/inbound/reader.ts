/**
 * Reading a mail — parsing it (mailparser) and deciding what it is (its files opened with
 * SheetJS, mammoth…, the table extracted, the school and the period matched) — is the CPU work
 * of ingestion. The mailbox consumer does it on a worker thread (piscina): the main thread goes
 * on answering chats and writing to the database while mails are read, and a file that keeps the
 * reader busy past the time limit is stopped by ending the thread (a promise timeout alone cannot
 * stop CPU work). The thread starts with the first mail and ends after a minute without one, so
 * an idle service does not keep the readers' memory. Elsewhere (one mail, tests, the CLI) the
 * same code runs in-process.
 */
import os from "node:os";
import type { Piscina } from "piscina";
import type { SchoolRef } from "../../registry/school-names.ts";
import { analyzeEmail, type Analysis, type Forms } from "./analyze.ts";
import { DEFAULT_LIMITS, type ExtractionLimits } from "./extract/documents.ts";
import { parseEmail, type ParsedEmail } from "./parse.ts";

export interface ReadMail {
  m: ParsedEmail;
  a: Analysis;
}

export interface MailReader {
  read(raw: Buffer, schools: SchoolRef[], receivedAt: Date): Promise<ReadMail>;
  close(): Promise<void>;
}

/** What the thread is given: the forms and limits once, then one mail at a time. */
export interface ReaderSetup {
  forms: Forms;
  limits?: ExtractionLimits;
}
export interface ReaderTask {
  raw: Uint8Array;
  /**
   * The school list as JSON: one string is copied to the thread far faster than a list of
   * objects (0.02 vs 0.2 ms for 200 schools, and it grows with the registry), and the thread
   * parses it again only when it changes.
   */
  schoolsJson: string;
  receivedAt: Date;
}

export async function readMail(raw: Buffer, schools: SchoolRef[], receivedAt: Date, setup: ReaderSetup): Promise<ReadMail> {
  const m = await parseEmail(raw, setup.limits);
  return { m, a: await analyzeEmail(m, schools, setup.forms, receivedAt, setup.limits) };
}

export function inProcessReader(setup: ReaderSetup): MailReader {
  return { read: (raw, schools, receivedAt) => readMail(raw, schools, receivedAt, setup), close: async () => undefined };
}

/** Threads that read mail: one on a two-core server (the other core is the database's), at most two. */
export const READER_THREADS = Math.max(1, Math.min(2, os.availableParallelism() - 1));

/**
 * Heap of the reading thread: a workbook that needs more fails that mail alone (retried, then set
 * aside for a person) instead of taking the whole service down on a small office server.
 */
export const READER_HEAP_MB = 768;

export function threadReader(setup: ReaderSetup, opts: { threads?: number; idleMs?: number; limitMs?: number; heapMb?: number } = {}): MailReader {
  // The pool (piscina) is loaded with the first mail, not when the service starts.
  let pool: Promise<Piscina<ReaderTask, ReadMail>> | undefined;
  const open = async () => new (await import("piscina")).Piscina<ReaderTask, ReadMail>({
    filename: new URL("./reader-thread.ts", import.meta.url).href,
    workerData: setup,
    minThreads: 0,
    maxThreads: opts.threads ?? READER_THREADS,
    idleTimeout: opts.idleMs ?? 60_000,
    resourceLimits: { maxOldGenerationSizeMb: opts.heapMb ?? READER_HEAP_MB },
    // The thread loads our TypeScript the way `npm start` does (type stripping, or tsx on Node 20).
    execArgv: ["--import", new URL("../../typescript-loader.mjs", import.meta.url).href],
  });
  // Every file has its own time limit inside; past a few of those the whole reading is stopped.
  const limitMs = opts.limitMs ?? (setup.limits?.parseTimeoutMs ?? DEFAULT_LIMITS.parseTimeoutMs) * 4;
  // A batch shares one school list: serialised once per list.
  let list: SchoolRef[] | undefined;
  let listJson = "";
  return {
    async read(raw, schools, receivedAt) {
      if (schools !== list) [list, listJson] = [schools, JSON.stringify(schools)];
      try {
        const threads = await (pool ??= open());
        return revive(await threads.run({ raw, schoolsJson: listJson, receivedAt }, { signal: AbortSignal.timeout(limitMs) }));
      } catch (err) {
        if ((err as Error).name === "AbortError") throw new Error(`reading the mail took longer than ${Math.round(limitMs / 1000)} s and was stopped`);
        if ((err as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY") throw new Error(`reading the mail needed more than ${opts.heapMb ?? READER_HEAP_MB} MB and was stopped`);
        throw err;
      }
    },
    close: async () => void (await (await pool)?.destroy()),
  };
}

/** Bytes come back from the thread as Uint8Array: made Buffers again (no copy). */
function revive(r: ReadMail): ReadMail {
  const buf = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
  for (const a of r.m.attachments) {
    a.head = buf(a.head);
    if (a.content) a.content = buf(a.content);
  }
  return r;
}

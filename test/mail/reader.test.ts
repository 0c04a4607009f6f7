/**
 * Mail read on a worker thread (as the service reads it) is read exactly as in-process: the same
 * parse and the same decision for every mail of a held-out set (PDF, .doc, .xls, scans, forwards
 * — read here, never tuned on), with the bytes of the files back as Buffers; a reading past the
 * time limit or the thread's memory is stopped and says so, and only that mail fails.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { afterAll, describe, expect, it } from "vitest";
import type { SchoolRef } from "../../src/mail/inbound/match.ts";
import { inProcessReader, threadReader, type MailReader } from "../../src/mail/inbound/reader.ts";
import { loadSelfAssessmentForm } from "../../src/reports/self-assessment.ts";
import { loadReportTemplate } from "../../src/reports/template.ts";

const DIR = path.join(import.meta.dirname, "../fixtures/mail-heldout");
const setup = { forms: { template: loadReportTemplate(), selfAssessment: loadSelfAssessmentForm() } };
const schools: SchoolRef[] = (parse(fs.readFileSync(path.join(DIR, "schools.csv")), { columns: true, bom: true, trim: true }) as Record<string, string>[]).map((r) => ({
  id: r.code!, code: r.code!, name: r.name!, shortName: r.short_name || null, emails: (r.emails ?? "").split(/[;,\s]+/).map((e) => e.toLowerCase()).filter(Boolean),
}));
const mails = fs.readdirSync(path.join(DIR, "eml")).sort().map((f) => ({ name: f, raw: fs.readFileSync(path.join(DIR, "eml", f)) }));
const RECEIVED = new Date("2025-09-12T02:00:00Z");

describe("mail read on a worker thread", () => {
  const readers: MailReader[] = [];
  afterAll(async () => {
    for (const r of readers) await r.close();
  });

  it("reads every held-out mail as the in-process reader does, files' bytes as Buffers", async () => {
    const threads = threadReader(setup, { threads: 2 });
    readers.push(threads);
    const here = inProcessReader(setup);
    expect(mails.length).toBeGreaterThan(20);
    const [there, local] = [await Promise.all(mails.map((m) => threads.read(m.raw, schools, RECEIVED))), await Promise.all(mails.map((m) => here.read(m.raw, schools, RECEIVED)))];
    for (let i = 0; i < mails.length; i++) {
      expect({ mail: mails[i]!.name, ...there[i] }).toEqual({ mail: mails[i]!.name, ...local[i] });
      for (const a of there[i]!.m.attachments) {
        expect(Buffer.isBuffer(a.head)).toBe(true);
        if (a.content) expect(Buffer.isBuffer(a.content)).toBe(true);
      }
    }
    expect(there.filter((r) => r.a.decision === "filed").length).toBeGreaterThan(5);
  });

  it("reads each mail against the school list it is given, also when the list changes between mails", async () => {
    const one = threadReader(setup, { threads: 1 });
    readers.push(one);
    const mail = mails.find((m) => /tttcuchi-pl3-xlsx/.test(m.name))!;
    const known = (await one.read(mail.raw, schools, RECEIVED)).a.school?.code;
    expect(known).toBeTruthy();
    expect((await one.read(mail.raw, [], RECEIVED)).a.school).toBeUndefined();
    expect((await one.read(mail.raw, schools.filter((s) => s.code !== known), RECEIVED)).a.school?.code).not.toBe(known);
    expect((await one.read(mail.raw, schools, RECEIVED)).a.school?.code).toBe(known);
  });

  it("stops a reading past the time limit and says why", async () => {
    const slow = threadReader(setup, { threads: 1, limitMs: 1 });
    readers.push(slow);
    await expect(slow.read(mails[0]!.raw, schools, RECEIVED)).rejects.toThrow(/took longer than .* and was stopped/);
    const ok = threadReader(setup, { threads: 1 });
    readers.push(ok);
    expect((await ok.read(mails[0]!.raw, schools, RECEIVED)).m.subject).toBe((await inProcessReader(setup).read(mails[0]!.raw, schools, RECEIVED)).m.subject);
  });
  it("a mail whose file needs more memory than the reading thread has fails alone, and the next mail is read", async () => {
    const small = threadReader(setup, { threads: 1, heapMb: 96 });
    readers.push(small);
    // A workbook whose 12 cells hold 5 MB of text each: tiny once zipped, 60 MB of XML to read.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("PL3");
    for (let r = 0; r < 12; r++) ws.addRow([`${r} ${"chuyển đổi số ".repeat(350_000)}`]);
    const big = await new MailComposer({ from: "thttcuchi@example.edu.vn", to: "cntt.cc@hcm.edu.vn", subject: "Báo cáo quý 3/2025", text: "Gửi Phòng.", attachments: [{ filename: "PL3.xlsx", content: Buffer.from(await wb.xlsx.writeBuffer()) }] }).compile().build();
    await expect(small.read(big, schools, RECEIVED)).rejects.toThrow(/needed more than 96 MB and was stopped/);
    const next = await small.read(mails[0]!.raw, schools, RECEIVED);
    expect(next.m.subject).toBe((await inProcessReader(setup).read(mails[0]!.raw, schools, RECEIVED)).m.subject);
  }, 60_000);
});

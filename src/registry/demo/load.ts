/**
 * Demo data for a first `npm start`: a few real Củ Chi schools named in the seed documents,
 * loaded only into an empty database, with one link code per school so the chat can be
 * tried at once.
 */
import fs from "node:fs";
import path from "node:path";
import type { Db } from "../../db/client.ts";
import { importContactsCsv, importSchoolsCsv } from "../csv.ts";
import { issueLinkCode } from "../link-codes.ts";

const DIR = import.meta.dirname;

export async function loadDemoDataIfEmpty(
  prisma: Db,
  ttlDays: number,
): Promise<{ schoolCode: string; schoolName: string; code: string }[] | undefined> {
  if ((await prisma.school.count()) > 0) return undefined;
  await importSchoolsCsv(prisma, fs.readFileSync(path.join(DIR, "schools.csv")));
  await importContactsCsv(prisma, fs.readFileSync(path.join(DIR, "contacts.csv")));
  const schools = await prisma.school.findMany({ orderBy: { code: "asc" } });
  const codes = [];
  for (const s of schools) {
    const { code } = await issueLinkCode(prisma, { schoolId: s.id, ttlDays, createdBy: "demo" });
    codes.push({ schoolCode: s.code, schoolName: s.name, code });
  }
  return codes;
}

/**
 * The setting of the principal-trial tests (test/dialogue/*-trial.test.ts): the real pipeline
 * (Zalo emulator → webhook → grammY → dialogue → PGlite) with a small registry, and principals
 * each linked to a school of their own (a copy of the registry's first school, so reports never
 * mix between cases), with helpers to read what was stored.
 */
import { afterAll, beforeAll, expect } from "vitest";
import { ZaloEmulator } from "../../src/channels/zalo/emulator/emulator.ts";
import { manualClock } from "../../src/clock.ts";
import type { Database } from "../../src/db/client.ts";
import { issueLinkCode } from "../../src/registry/link-codes.ts";
import type { Service } from "../../src/service.ts";
import { openTestDatabase } from "./db.ts";
import { startTestService } from "./service.ts";
import { pointWebhook, zaloEnv, ZaloUser } from "./zalo-chat.ts";

export interface RegistrySchool {
  code: string;
  name: string;
  shortName: string;
  level: string;
}

/** Starts the service for the file (beforeAll/afterAll) and returns how to make principals. */
export function trialSetting(registry: RegistrySchool[], opts: { now: string; userPrefix: string }) {
  let db: Database;
  let emulator: ZaloEmulator;
  let service: Service;
  const clock = manualClock(opts.now);
  let n = 0;

  beforeAll(async () => {
    db = await openTestDatabase("pglite");
    emulator = await new ZaloEmulator().start();
    service = await startTestService(db, zaloEnv(emulator), { clock });
    pointWebhook(emulator, service);
    for (const s of registry) await db.prisma.school.create({ data: { ...s, emails: [] } });
  });
  afterAll(async () => {
    await service.stop();
    await emulator.stop();
    await db.close();
  });

  /** A principal of a school of their own named like registry[0] (or as given), linked, with the given lines already said. */
  async function principal(setup: string[] = [], named?: { name: string; level: string }) {
    const base = named ? { ...registry[0]!, ...named, shortName: named.name.replace(/^Trường /, "") } : registry[0]!;
    const school = await db.prisma.school.create({ data: { ...base, code: `${registry[0]!.code}-${++n}`, emails: [] } });
    const user = new ZaloUser(emulator, () => service, `${opts.userPrefix}-${n}`, "Hiệu trưởng");
    const { code: link } = await issueLinkCode(db.prisma, { schoolId: school.id, ttlDays: 7 });
    expect((await user.say(`liên kết ${link}`))[0]).toContain("Đã liên kết thành công");
    const contact = await db.prisma.contact.findFirstOrThrow({ where: { schoolId: school.id }, orderBy: { createdAt: "desc" } });
    await user.script(setup);
    const report = () => db.prisma.report.findFirst({ where: { createdById: contact.id }, orderBy: { createdAt: "desc" }, include: { items: { orderBy: { taskCode: "asc" } } } });
    const items = async () => ((await report())?.items ?? []).filter((i) => i.status || i.done || i.next || i.difficulties || i.recommendations);
    const state = async () => ((await db.prisma.dialogueState.findFirst({ where: { conversation: { chatId: user.id } } }))?.state ?? null) as {
      step?: { kind: string; row?: string };
      rows?: string[];
      paused?: boolean;
    } | null;
    const filed = () => db.prisma.report.count({ where: { createdById: contact.id, status: "submitted" } });
    return { user, school, contact, items, state, report, filed };
  }

  return { principal, clock, db: () => db, emulator: () => emulator, service: () => service };
}

/**
 * The sender on its own: claims and outcomes written a chunk at a time (one statement each),
 * sends running concurrently, on both engines — and on a PGlite database migrated by the same
 * process (a first start-up).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { DEFAULT_DEADLINE_RULES } from "../../src/domain/periods.ts";
import { createLogger } from "../../src/logger.ts";
import { loadReminderCalendar } from "../../src/reminders/calendar.ts";
import { planReminders, type PlannedMessage } from "../../src/reminders/planner.ts";
import { chunkSize, resendStale, sendReminders, type ReminderTransports } from "../../src/reminders/sender.ts";
import { ensureQuarterPeriod } from "../../src/reports/store.ts";
import { engines, openTestDatabase } from "../helpers/db.ts";

const logger = createLogger({ level: "silent", secrets: [] });
const plan = {
  rules: DEFAULT_DEADLINE_RULES,
  calendar: loadReminderCalendar(),
  quiet: { start: 7, end: 21 },
  office: { name: "Phòng GD&ĐT", email: "cntt@example.vn" },
};
const T_MINUS_3 = new Date("2025-09-16T08:00:00+07:00"); // quý 3/2025, stage T-3

async function emailPlan(db: Database, n: number): Promise<PlannedMessage[]> {
  const period = await ensureQuarterPeriod(db.prisma, { year: 2025, quarter: 3 }, DEFAULT_DEADLINE_RULES);
  const planned: PlannedMessage[] = [];
  for (let i = 0; i < n; i++) {
    const s = await db.prisma.school.create({ data: { code: `S${i}`, name: `Trường ${i}`, level: "TH", emails: [`s${i}@example.edu.vn`] } });
    planned.push({ period: period.code, periodId: period.id, school: s.code, schoolId: s.id, schoolName: s.name, stage: "T-3", channel: "email", recipient: s.emails[0]!, text: `Nhắc hạn: ${s.name}` });
  }
  return planned;
}

/**
 * S00–S07 chat on Zalo, S08–S09 on Zalo and Telegram, S10 on Zalo without a registered email,
 * S11–S13 by email only.
 */
async function seedSchools(db: Database) {
  const school = (i: number) => `S${String(i).padStart(2, "0")}`;
  for (let i = 0; i <= 13; i++) {
    const s = await db.prisma.school.create({ data: { code: school(i), name: `Trường ${school(i)}`, level: "TH", emails: i === 10 ? [] : [`${school(i).toLowerCase()}@example.edu.vn`] } });
    if (i > 10) continue;
    const contact = await db.prisma.contact.create({ data: { schoolId: s.id, name: `Hiệu trưởng ${school(i)}` } });
    for (const channel of i === 8 || i === 9 ? (["zalo", "telegram"] as const) : (["zalo"] as const)) {
      const account = await db.prisma.chatAccount.create({ data: { channel, externalId: `${channel}-user-${i}`, contactId: contact.id, lastInboundAt: new Date("2025-08-01T00:00:00Z") } });
      await db.prisma.conversation.create({ data: { channel, chatId: `${channel}-chat-${i}`, accountId: account.id } });
    }
  }
}

/** Transports that refuse some recipients, finish in a shuffled order and check the claim came first. */
function flakyTransports(db: Database, refused: Set<string>) {
  const calls: string[] = [];
  const unclaimed: string[] = [];
  const delay = (key: string) => new Promise((r) => setTimeout(r, [...key].reduce((a, c) => a + c.charCodeAt(0), 0) % 7));
  const attempt = async (channel: "zalo" | "telegram" | "email", recipient: string, refusal: string) => {
    calls.push(`${channel} ${recipient}`);
    // Claim before send: the row is already committed, still "claimed", when the message goes out.
    const row = await db.prisma.reminderSend.findFirst({ where: { channel, recipient } });
    if (row?.status !== "claimed") unclaimed.push(`${channel} ${recipient} ${row?.status}`);
    await delay(recipient);
    if (refused.has(recipient)) throw new Error(`${refusal}: ${recipient}`);
  };
  const transports: ReminderTransports = {
    chat: (channel, chatId) => attempt(channel, chatId, "blocked"),
    email: (to) => attempt("email", to.join(", "), "mailbox full"),
  };
  return { transports, calls, unclaimed };
}

describe.each(engines)("reminder sender (%s)", (engine) => {
  let db: Database;
  beforeEach(async () => void (db = await openTestDatabase(engine)));
  afterEach(async () => void (await db.close()));

  it.each([{ chunk: undefined }, { chunk: 3 }])("mixed outcomes in a chunk: failed chats fall back to email, each row recorded once (chunk $chunk)", async ({ chunk }) => {
    await seedSchools(db);
    const planned = await planReminders(db.prisma, { ...plan, now: T_MINUS_3 });
    expect(planned.map((p) => `${p.school} ${p.channel} ${p.recipient} ${p.fallbackEmail ?? "-"}`)).toEqual([
      ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => `S0${i} zalo zalo-chat-${i} s0${i}@example.edu.vn`),
      "S08 zalo zalo-chat-8 s08@example.edu.vn",
      "S08 telegram telegram-chat-8 s08@example.edu.vn",
      "S09 zalo zalo-chat-9 s09@example.edu.vn",
      "S09 telegram telegram-chat-9 s09@example.edu.vn",
      "S10 zalo zalo-chat-10 -",
      "S11 email s11@example.edu.vn -",
      "S12 email s12@example.edu.vn -",
      "S13 email s13@example.edu.vn -",
    ]);
    const refused = new Set([
      ...["zalo-chat-1", "zalo-chat-3", "zalo-chat-5", "zalo-chat-7"], // fall back to email…
      "s05@example.edu.vn", // …which fails too for S05
      "zalo-chat-8", "telegram-chat-8", // both chats of S08 fail: one fallback email, not two
      "telegram-chat-9", // S09: Zalo went through, Telegram falls back
      "zalo-chat-10", // no email to fall back to
      "s12@example.edu.vn",
    ]);
    const { transports, calls, unclaimed } = flakyTransports(db, refused);

    const r = await sendReminders(db.prisma, planned, transports, logger, {}, { chunk });
    expect(r).toEqual({ sent: 7, skipped: 0, failed: 9, fellBack: 5 });
    expect(unclaimed).toEqual([]);
    // Every message attempted exactly once: 13 chats, 3 emails and 6 fallback emails.
    expect(calls).toHaveLength(22);
    expect(new Set(calls).size).toBe(22);
    expect(calls.filter((c) => c === "email s08@example.edu.vn")).toHaveLength(1);

    const rows = await db.prisma.reminderSend.findMany({ include: { school: true } });
    const count = (channel: string, status: string) => rows.filter((x) => x.channel === channel && x.status === status).length;
    expect(rows).toHaveLength(22);
    expect({ zaloSent: count("zalo", "sent"), zaloFailed: count("zalo", "failed"), telegramSent: count("telegram", "sent"), telegramFailed: count("telegram", "failed"), emailSent: count("email", "sent"), emailFailed: count("email", "failed"), claimed: rows.filter((x) => x.status === "claimed").length }).toEqual({
      zaloSent: 5, zaloFailed: 6, telegramSent: 0, telegramFailed: 2, emailSent: 7, emailFailed: 2, claimed: 0,
    });
    // Each outcome landed on its own row, with its own error.
    for (const x of rows) {
      expect(x.attempts).toBe(1);
      if (x.status === "sent") {
        expect(x.error).toBeNull();
        expect(x.sentAt).toBeInstanceOf(Date);
        expect(Math.abs(x.sentAt!.getTime() - Date.now())).toBeLessThan(5 * 60_000); // stored as UTC
      } else {
        expect(x.sentAt).toBeNull();
        expect(x.error).toBe(`${x.channel === "email" ? "mailbox full" : "blocked"}: ${x.recipient}`);
      }
    }
    expect(rows.filter((x) => x.channel === "email" && x.status === "sent").map((x) => x.school.code).sort()).toEqual(["S01", "S03", "S07", "S08", "S09", "S11", "S13"]);

    // A second run (same day, e.g. a restart) sends nothing and changes nothing.
    calls.length = 0;
    const again = await sendReminders(db.prisma, planned, transports, logger, {}, { chunk });
    expect(again).toEqual({ sent: 0, skipped: 16, failed: 0, fellBack: 0 });
    expect(calls).toEqual([]);
    const after = await db.prisma.reminderSend.groupBy({ by: ["status"], _count: true, orderBy: { status: "asc" } });
    expect(after.map((g) => [g.status, g._count])).toEqual([["sent", 12], ["failed", 10]]);
  });

  it("resends what a crash left claimed, a chunk at a time, once", async () => {
    await seedSchools(db);
    const planned = (await planReminders(db.prisma, { ...plan, now: T_MINUS_3 })).slice(0, 6);
    // Claims written, then the process died before recording (any of) their outcomes.
    await db.prisma.reminderSend.createMany({
      data: planned.map((m) => ({ periodId: m.periodId, schoolId: m.schoolId, stage: m.stage, channel: m.channel, recipient: m.recipient, text: m.text, claimedAt: new Date(Date.now() - 20 * 60_000) })),
    });
    // A fresh claim (someone is sending it right now) is left alone.
    const fresh = planned[6 - 1]!;
    await db.prisma.reminderSend.updateMany({ where: { recipient: fresh.recipient }, data: { claimedAt: new Date() } });
    const { transports, calls } = flakyTransports(db, new Set(["zalo-chat-1"]));
    expect(await resendStale(db.prisma, transports)).toBe(4);
    expect(calls.sort()).toEqual(["zalo zalo-chat-0", "zalo zalo-chat-1", "zalo zalo-chat-2", "zalo zalo-chat-3", "zalo zalo-chat-4"]);
    const rows = await db.prisma.reminderSend.findMany({ orderBy: { recipient: "asc" } });
    expect(rows.map((x) => [x.recipient, x.status, x.attempts, x.error])).toEqual([
      ["zalo-chat-0", "sent", 1, null],
      ["zalo-chat-1", "failed", 1, "blocked: zalo-chat-1"],
      ["zalo-chat-2", "sent", 1, null],
      ["zalo-chat-3", "sent", 1, null],
      ["zalo-chat-4", "sent", 1, null],
      ["zalo-chat-5", "claimed", 0, null],
    ]);
    calls.length = 0;
    expect(await resendStale(db.prisma, transports)).toBe(0);
    expect(calls).toEqual([]);
  });
});

describe("reminder chunks", () => {
  it("stay small enough for the slowest configured channel to send one within a minute", () => {
    expect(chunkSize({})).toBe(500);
    expect(chunkSize({ zalo: 30, telegram: 30 })).toBe(500);
    expect(chunkSize({ zalo: 2, email: 50 })).toBe(120);
    expect(chunkSize({ telegram: 0.001 })).toBe(1);
  });
});

describe("reminder sender on a freshly migrated PGlite", () => {
  let db: Database | undefined;
  afterEach(async () => void (await db?.close()));

  it("claims with the channel enum even though PGlite learnt its types before the migration created it", async () => {
    // PGlite registers array types once, when it starts: a ReminderChannel[] parameter would be
    // sent as "email,email" (malformed array literal) on the first run after the migration.
    db = await openDatabase({ kind: "pglite-memory" });
    const planned = await emailPlan(db, 3);
    const sent: string[] = [];
    const r = await sendReminders(db.prisma, planned, { email: async (to) => void sent.push(...to) });
    expect(r).toEqual({ sent: 3, skipped: 0, failed: 0, fellBack: 0 });
    expect(sent.sort()).toEqual(["s0@example.edu.vn", "s1@example.edu.vn", "s2@example.edu.vn"]);
    expect(await db.prisma.reminderSend.count({ where: { status: "sent", channel: "email" } })).toBe(3);
  });
});

/**
 * Reminder rounds against a real database: a simulated quarter day by day, exactly-once
 * under concurrency and after a crash, delivery through the Zalo emulator with email fallback.
 */
import { addDays } from "date-fns";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ZaloEmulator } from "../../src/channels/zalo/emulator/emulator.ts";
import { manualClock } from "../../src/clock.ts";
import type { Database } from "../../src/db/client.ts";
import { DEFAULT_DEADLINE_RULES } from "../../src/domain/periods.ts";
import { createLogger } from "../../src/logger.ts";
import { Outbox } from "../../src/mail/outbound/outbox.ts";
import { createSmtpTransport } from "../../src/mail/outbound/transport.ts";
import { loadReminderCalendar } from "../../src/reminders/calendar.ts";
import { planReminders } from "../../src/reminders/planner.ts";
import { runReminderRound, type ReminderRoundDeps } from "../../src/reminders/scheduler.ts";
import { resendStale, type ReminderTransports } from "../../src/reminders/sender.ts";
import { ensureQuarterPeriod, fileVersion, openDraft, setItem } from "../../src/reports/store.ts";
import { Api } from "grammy";
import { engines, openTestDatabase } from "../helpers/db.ts";
import { TestSmtp } from "../helpers/smtp.ts";

const OFFICE = { name: "Phòng Giáo dục và Đào tạo huyện Củ Chi", email: "cntt.cc@hcm.edu.vn" };
const logger = createLogger({ level: "silent", secrets: [] });
const plan = { rules: DEFAULT_DEADLINE_RULES, calendar: loadReminderCalendar(), quiet: { start: 7, end: 21 }, office: OFFICE };

async function seedSchools(db: Database) {
  const mk = (code: string, name: string, emails: string[], paused = false) =>
    db.prisma.school.create({ data: { code, name, level: "TH", emails, paused } });
  const zaloSchool = await mk("A-ZALO", "Trường A", ["a@example.edu.vn"]);
  await mk("B-EMAIL", "Trường B", ["b@example.edu.vn"]);
  await mk("C-PAUSED", "Trường C (đã sáp nhập)", ["c@example.edu.vn"], true);
  const submitter = await mk("D-SUBMITS", "Trường D", ["d@example.edu.vn"]);
  const drafter = await mk("E-DRAFT", "Trường E", ["e@example.edu.vn"]);
  const contact = await db.prisma.contact.create({ data: { schoolId: zaloSchool.id, name: "Hiệu trưởng A", role: "principal" } });
  const account = await db.prisma.chatAccount.create({ data: { channel: "zalo", externalId: "zalo-user-a", contactId: contact.id, lastInboundAt: new Date("2025-08-01T00:00:00Z") } });
  await db.prisma.conversation.create({ data: { channel: "zalo", chatId: "zalo-user-a", accountId: account.id } });
  return { submitter, drafter };
}

describe.each(engines)("reminder rounds (%s)", (engine) => {
  let db: Database;
  let emulator: ZaloEmulator;
  const clock = manualClock("2025-09-01T08:00:00+07:00");
  const emails: { to: string[]; text: string }[] = [];
  const digests = new Map<string, string>();
  let transports: ReminderTransports;
  let round: ReminderRoundDeps;

  beforeEach(async () => {
    db = await openTestDatabase(engine);
    emulator = await new ZaloEmulator().start();
    emails.length = 0;
    const zalo = new Api(emulator.token, { apiRoot: emulator.apiRoot });
    transports = {
      chat: async (_channel, chatId, text) => void (await zalo.sendMessage(chatId as unknown as number, text)),
      email: async (to, _subject, text) => void emails.push({ to, text }),
    };
    digests.clear();
    round = { prisma: db.prisma, clock, logger, plan, transports, digest: async (d) => void digests.set(d.dedupeKey, d.text) };
  });
  afterEach(async () => {
    await emulator.stop();
    await db.close();
  });

  it("simulates quý 3/2025 day by day: each stage once per unsubmitted school, nothing for the others", async () => {
    const { submitter, drafter } = await seedSchools(db);
    const period = await ensureQuarterPeriod(db.prisma, { year: 2025, quarter: 3 }, DEFAULT_DEADLINE_RULES);
    const draft = await openDraft(db.prisma, { schoolId: drafter.id, periodId: period.id, contactId: "principal-of-drafter" });
    await setItem(db.prisma, draft.report.id, "2", { status: "dang_thuc_hien" });

    for (let day = new Date("2025-09-01T08:00:00+07:00"); day < new Date("2025-10-01T00:00:00+07:00"); day = addDays(day, 1)) {
      clock.set(day);
      if (day.toISOString().startsWith("2025-09-17")) {
        // Trường D files on 17/09 (from any source: here the dashboard).
        await fileVersion(db.prisma, { schoolId: submitter.id, periodId: period.id, source: "dashboard", actor: { type: "staff", id: "officer" }, rows: { "2": { status: "da_hoan_thanh" } }, mode: "replace", now: day, rules: DEFAULT_DEADLINE_RULES });
      }
      if (day.toISOString().startsWith("2025-09-22")) {
        // …and sends a correction after the deadline: still counted on time (its first filing was).
        await fileVersion(db.prisma, { schoolId: submitter.id, periodId: period.id, source: "chat", actor: { type: "system" }, rows: { "2": { status: "da_hoan_thanh", done: "Bồi dưỡng 30/30 giáo viên" } }, mode: "replace", now: day, rules: DEFAULT_DEADLINE_RULES });
      }
      await runReminderRound(round);
      await runReminderRound(round); // a second round the same day sends nothing more
    }

    const sends = await db.prisma.reminderSend.findMany({ include: { school: true }, orderBy: [{ claimedAt: "asc" }] });
    const got = sends.map((s) => `${s.stage} ${s.school.code} ${s.channel}`).sort();
    const stages = ["T-7", "T-3", "T-1", "T0", "T+1", "T+3"];
    const expected = [
      ...stages.map((s) => `${s} A-ZALO zalo`),
      ...stages.map((s) => `${s} B-EMAIL email`),
      ...stages.map((s) => `${s} E-DRAFT email`),
      ...["T-7", "T-3"].map((s) => `${s} D-SUBMITS email`),
      ...["A-ZALO", "B-EMAIL", "E-DRAFT"].map((c) => `T+3 ${c} escalation`),
    ].sort();
    expect(got).toEqual(expected);
    expect(sends.every((s) => s.status === "sent")).toBe(true);
    // The Zalo messages arrived, in Vietnamese, with the deadline as the document words it.
    const zaloTexts = emulator.sentTo("zalo-user-a").map((m) => m.text);
    expect(zaloTexts).toHaveLength(6);
    expect(zaloTexts[0]).toBe(
      "Nhắc hạn: Trường A chưa nộp báo cáo quý 3/2025 — hạn trước ngày 20/09/2025 (thứ Bảy), còn 9 ngày.\nCách nộp: trả lời “báo cáo” ngay tại đây, hoặc gửi tệp qua email cntt.cc@hcm.edu.vn.",
    );
    expect(zaloTexts[3]).toContain("hôm nay là ngày cuối");
    expect(zaloTexts[4]).toContain("đã quá hạn 3 ngày");
    expect(emails.find((e) => e.to[0] === "e@example.edu.vn")!.text).toContain("Trường đã có bản nháp (1 mục đã điền)");
    expect(emails.filter((e) => e.to[0] === "cntt.cc@hcm.edu.vn").map((e) => e.text)).toHaveLength(3);
    expect(await db.prisma.reminderSend.count({ where: { school: { code: "C-PAUSED" } } })).toBe(0);
    // One digest per reminder day for the district officers.
    expect([...digests.keys()]).toEqual(["2025-09-10", "2025-09-16", "2025-09-18", "2025-09-19", "2025-09-22", "2025-09-24"].map((d) => `digest:2025-Q3:${d}`));
    const last = digests.get("digest:2025-Q3:2025-09-24")!;
    expect(last).toContain("• Đã nộp đúng hạn: 1/4");
    expect(last).toContain("• Nộp trễ: 0");
    expect(last).toContain("• Có bản nháp, chưa nộp: 1");
    expect(last).toContain("Chưa nộp:\n  - Trường A\n  - Trường B");
  });

  it("sends nothing outside quiet hours and plans exactly what a dry run shows", async () => {
    await seedSchools(db);
    expect(await planReminders(db.prisma, { ...plan, now: new Date("2025-09-16T06:30:00+07:00") })).toEqual([]);
    const planned = await planReminders(db.prisma, { ...plan, now: new Date("2025-09-16T08:00:00+07:00") });
    expect(planned.map((p) => `${p.period} ${p.stage} ${p.school} ${p.channel} ${p.recipient}`)).toEqual([
      "2025-Q3 T-3 A-ZALO zalo zalo-user-a",
      "2025-Q3 T-3 B-EMAIL email b@example.edu.vn",
      "2025-Q3 T-3 D-SUBMITS email d@example.edu.vn",
      "2025-Q3 T-3 E-DRAFT email e@example.edu.vn",
    ]);
    expect(await db.prisma.reminderSend.count()).toBe(0); // planning claims nothing
  });

  it("nudges for a campaign the office configured, only the levels it concerns", async () => {
    await seedSchools(db);
    await db.prisma.school.create({ data: { code: "GDTX", name: "TT GDNN-GDTX", level: "GDNN-GDTX", emails: ["gdtx@example.edu.vn"] } });
    const planned = await planReminders(db.prisma, { ...plan, now: new Date("2025-03-26T08:00:00+07:00") });
    expect(planned.map((p) => `${p.period} ${p.stage} ${p.school}`)).toEqual([
      "2025-TRUONG-HOC-SO T-3 A-ZALO",
      "2025-TRUONG-HOC-SO T-3 B-EMAIL",
      "2025-TRUONG-HOC-SO T-3 D-SUBMITS",
      "2025-TRUONG-HOC-SO T-3 E-DRAFT",
    ]);
    expect(planned[1]!.text).toBe(
      "Nhắc hạn: Trường B chưa nộp tự đánh giá theo Bộ tiêu chuẩn công nhận Trường học số TP.HCM — hạn đến hết ngày 31/03/2025 (thứ Hai), còn 5 ngày.\nCách thực hiện: thực hiện đánh giá trên hệ thống dti.hcm.edu.vn.",
    );
  });

  it("two schedulers at the same moment: every message once", async () => {
    await seedSchools(db);
    clock.set("2025-09-16T08:00:00+07:00");
    const [a, b] = await Promise.all([runReminderRound(round), runReminderRound(round)]);
    expect(a.sent + b.sent).toBe(4);
    expect(a.skipped + b.skipped).toBe(4);
    expect(emulator.sentTo("zalo-user-a")).toHaveLength(1);
    expect(emails).toHaveLength(3);
  });

  it.runIf(engine === "postgres")("only one replica leads a round (advisory lock)", async () => {
    const { leaderOnly } = await import("../../src/db/leadership.ts");
    await seedSchools(db);
    clock.set("2025-09-16T08:00:00+07:00");
    const lead = leaderOnly(db);
    let release!: () => void;
    const holding = lead(() => new Promise<string>((r) => (release = () => r("held"))));
    await vi.waitFor(() => expect(release).toBeTypeOf("function"));
    const other = await runReminderRound({ ...round, lead });
    expect(other).toMatchObject({ leader: false, sent: 0 });
    release();
    expect(await holding).toBe("held");
    expect(await runReminderRound({ ...round, lead })).toMatchObject({ leader: true, sent: 4 });
  });

  it("a crash between claim and send: sent once by the next round", async () => {
    await seedSchools(db);
    clock.set("2025-09-16T08:00:00+07:00");
    const [first] = await planReminders(db.prisma, { ...plan, now: clock.now() });
    // The claim is written, then the process dies before sending.
    await db.prisma.reminderSend.create({
      data: { periodId: first!.periodId, schoolId: first!.schoolId, stage: first!.stage, channel: first!.channel, recipient: first!.recipient, text: first!.text, claimedAt: new Date(Date.now() - 20 * 60_000) },
    });
    const r = await runReminderRound(round);
    expect(r.recovered).toBe(1);
    expect(emulator.sentTo("zalo-user-a")).toHaveLength(1);
    expect(await resendStale(db.prisma, transports)).toBe(0);
    expect(await db.prisma.reminderSend.count({ where: { status: "sent" } })).toBe(4);
  });
});

describe("reminder delivery", () => {
  let db: Database;
  let emulator: ZaloEmulator;
  let smtp: TestSmtp;
  beforeEach(async () => {
    db = await openTestDatabase("pglite");
    emulator = await new ZaloEmulator().start();
    smtp = await new TestSmtp().start();
  });
  afterEach(async () => {
    await emulator.stop();
    await smtp.stop();
    await db.close();
  });

  it("reaches Zalo through the emulator, schools without chat by real SMTP, and falls back to email when Zalo refuses", async () => {
    await seedSchools(db);
    const outbox = new Outbox(db.prisma, createSmtpTransport(smtp.url, { allowInsecure: true }), { from: "Trợ lý <tro-ly@example.vn>", logger, baseDelayMs: 50 });
    const zalo = new Api(emulator.token, { apiRoot: emulator.apiRoot });
    const transports: ReminderTransports = {
      chat: async (_c, chatId, text) => void (await zalo.sendMessage(chatId as unknown as number, text)),
      email: async (to, subject, text) => void (await outbox.enqueue({ kind: "reminder", to, subject, text })),
    };
    emulator.failNext("sendMessage", 403, 1); // e.g. the principal blocked the bot
    const r = await runReminderRound({ prisma: db.prisma, clock: manualClock("2025-09-16T08:00:00+07:00"), logger, plan, transports });
    expect(r).toMatchObject({ planned: 4, sent: 3, failed: 1, fellBack: 1 });
    await smtp.waitFor(4);
    await outbox.stop();
    const to = smtp.received.map((m) => m.envelopeTo[0]).sort();
    expect(to).toEqual(["a@example.edu.vn", "b@example.edu.vn", "d@example.edu.vn", "e@example.edu.vn"]);
    const a = smtp.received.find((m) => m.envelopeTo[0] === "a@example.edu.vn")!.parsed;
    expect(a.subject).toBe("Nhắc hạn nộp báo cáo – Trường A (2025-Q3)");
    expect(a.text).toContain("còn 3 ngày");
    const rows = await db.prisma.reminderSend.findMany({ where: { school: { code: "A-ZALO" } }, orderBy: { channel: "asc" } });
    expect(rows.map((x) => [x.channel, x.status]).sort((a, b) => a[0]!.localeCompare(b[0]!))).toEqual([["email", "sent"], ["zalo", "failed"]]);
    await vi.waitFor(async () => expect(await db.prisma.outboundEmail.count({ where: { status: "sent" } })).toBe(4));
  });
});

/**
 * Who is nudged, where, with what, at a given moment: for each period whose stage falls on
 * today, every active school without a submitted report (from any source) gets one message
 * per reachable channel — Zalo/Telegram where a contact has chatted with the bot, otherwise the
 * school's registered email. Pure planning: nothing is sent or claimed here.
 */
import type { Db } from "../db/client.ts";
import {
  formatDate,
  previousQuarter,
  quarterOf,
  quarterlyDeadline,
  selfAssessmentDeadlines,
  vnDate,
  weekdayName,
  type Deadline,
  type DeadlineRules,
} from "../domain/periods.ts";
import { daysLeft, holidayOn, stageDueOn, withinQuietHours, type QuietHours, type Stage } from "../domain/calendar.ts";
import { addDays } from "date-fns/addDays";
import { ensureCampaignPeriod, ensureQuarterPeriod, ensureSelfAssessmentPeriod } from "../reports/store.ts";
import type { ReminderCalendar } from "./calendar.ts";

export type ReminderChannel = "zalo" | "telegram" | "email" | "escalation";

export interface PlannedMessage {
  period: string;
  periodId: string;
  school: string;
  schoolId: string;
  schoolName: string;
  stage: string;
  channel: ReminderChannel;
  recipient: string;
  text: string;
  /** Where to send instead when a chat send fails. */
  fallbackEmail?: string;
}

export interface PlanOptions {
  now: Date;
  rules: DeadlineRules;
  calendar: ReminderCalendar;
  quiet: QuietHours;
  office: { name: string; email: string };
  /** Limit to one period code (manual rounds). */
  period?: string;
}

interface Due {
  code: string;
  periodId: string;
  label: string;
  deadline: Deadline;
  stage: Stage;
  /** How to submit, for the message. */
  how: string;
  /** How the deadline is worded: "trước ngày 20/09/2025 (thứ Bảy)" or "đến hết ngày 31/03/2025 (…)". */
  wording: "before-due-day" | "through-last-day";
  levels?: string[];
}

async function duePeriods(prisma: Db, o: PlanOptions): Promise<Due[]> {
  const out: Due[] = [];
  const q = quarterOf(o.now);
  for (const quarter of [previousQuarter(q), q]) {
    const deadline = quarterlyDeadline(quarter, o.rules);
    const stage = stageDueOn(o.now, deadline, o.calendar.stages, o.calendar.holidays);
    if (!stage) continue;
    const period = await ensureQuarterPeriod(prisma, quarter, o.rules);
    out.push({ code: period.code, periodId: period.id, label: `báo cáo quý ${quarter.quarter}/${quarter.year}`, deadline, stage, how: howByChat("báo cáo", o), wording: "before-due-day" });
  }
  const sa = selfAssessmentDeadlines(q.year, o.rules).district;
  const saStage = stageDueOn(o.now, sa, o.calendar.stages, o.calendar.holidays);
  if (saStage) {
    const period = await ensureSelfAssessmentPeriod(prisma, q.year, o.rules);
    out.push({ code: period.code, periodId: period.id, label: `bản tự đánh giá mức độ chuyển đổi số năm ${q.year}`, deadline: sa, stage: saStage, how: howByChat("tự đánh giá", o), wording: "before-due-day" });
  }
  for (const c of o.calendar.campaigns) {
    const [y, m, d] = c.lastDay.split("-").map(Number) as [number, number, number];
    const lastDay = vnDate(y, m, d);
    const dueDay = addDays(lastDay, 1);
    const deadline: Deadline = { dueDay, lastDay, cutoff: new Date(dueDay.getTime()) };
    const stage = stageDueOn(o.now, deadline, o.calendar.stages, o.calendar.holidays);
    if (!stage) continue;
    const period = await ensureCampaignPeriod(prisma, c.code, y, deadline.cutoff);
    out.push({ code: period.code, periodId: period.id, label: c.title, deadline, stage, how: `Cách thực hiện: ${c.how}.`, wording: "through-last-day", levels: c.levels });
  }
  return o.period ? out.filter((d) => d.code === o.period) : out;
}

const howByChat = (command: string, o: PlanOptions) => `Cách nộp: trả lời “${command}” ngay tại đây, hoặc gửi tệp qua email ${o.office.email}.`;

/**
 * The message for a due period, by school: the dates (time-zone arithmetic, the costly part) are
 * worked out once per period, not once per school.
 */
function messageTexts(o: PlanOptions, d: Due): (schoolName: string, draftRows: number | undefined) => string {
  const left = daysLeft(o.now, d.deadline);
  const when =
    d.wording === "before-due-day"
      ? `trước ngày ${formatDate(d.deadline.dueDay)} (${weekdayName(d.deadline.dueDay)})`
      : `đến hết ngày ${formatDate(d.deadline.lastDay)} (${weekdayName(d.deadline.lastDay)})`;
  const holiday = holidayOn(d.deadline.lastDay, o.calendar.holidays);
  const note = holiday && left >= 0 ? `Lưu ý: ngày ${formatDate(d.deadline.lastDay)} là ngày nghỉ (${holiday.name}); nên gửi sớm hơn.` : undefined;
  return (schoolName, draftRows) => {
    const lines = [
      left >= 0
        ? `Nhắc hạn: ${schoolName} chưa nộp ${d.label} — hạn ${when}, ${left === 0 ? "hôm nay là ngày cuối" : `còn ${left} ngày`}.`
        : `Nhắc hạn: ${schoolName} chưa nộp ${d.label} — đã quá hạn ${-left} ngày (hạn ${when}); báo cáo gửi bây giờ được ghi nhận là nộp trễ.`,
    ];
    if (note) lines.push(note);
    if (draftRows !== undefined) lines.push(`Trường đã có bản nháp (${draftRows} mục đã điền) nhưng chưa xác nhận nộp.`);
    lines.push(d.how);
    return lines.join("\n");
  };
}

/**
 * The chat each school can be reached on, per channel: contacts who have written to the bot on
 * Zalo/Telegram, their conversation's chat id (or the account's own id), the first contact and
 * account by creation winning. One query for every school of the round.
 */
async function reachableChats(prisma: Db): Promise<Map<string, Map<ReminderChannel, string>>> {
  const accounts = await prisma.chatAccount.findMany({
    where: { lastInboundAt: { not: null }, channel: { in: ["zalo", "telegram"] }, contact: { schoolId: { not: null } } },
    select: { channel: true, externalId: true, contact: { select: { schoolId: true } }, conversations: { select: { channel: true, chatId: true } } },
    orderBy: [{ contact: { createdAt: "asc" } }, { contactId: "asc" }, { createdAt: "asc" }, { id: "asc" }],
  });
  const bySchool = new Map<string, Map<ReminderChannel, string>>();
  for (const a of accounts) {
    const schoolId = a.contact!.schoolId!;
    let chats = bySchool.get(schoolId);
    if (!chats) bySchool.set(schoolId, (chats = new Map()));
    const chat = a.conversations.find((v) => v.channel === a.channel)?.chatId ?? a.externalId;
    if (!chats.has(a.channel as ReminderChannel)) chats.set(a.channel as ReminderChannel, chat);
  }
  return bySchool;
}

export async function planReminders(prisma: Db, o: PlanOptions): Promise<PlannedMessage[]> {
  if (!withinQuietHours(o.now, o.quiet)) return [];
  const planned: PlannedMessage[] = [];
  const due = await duePeriods(prisma, o);
  if (!due.length) return planned;
  // Flat queries (the chats once, then the schools and the drafts per period) instead of relation
  // includes on the schools, which send every school id back to the database once per relation.
  const chatsBySchool = await reachableChats(prisma);
  for (const d of due) {
    const schoolWhere = { paused: false, ...(d.levels ? { level: { in: d.levels } } : {}) };
    const schools = await prisma.school.findMany({
      where: { ...schoolWhere, reports: { none: { periodId: d.periodId, status: { in: ["submitted", "superseded"] } } } },
      orderBy: { code: "asc" },
      select: { id: true, code: true, name: true, emails: true },
    });
    const drafts = await prisma.report.findMany({
      where: { periodId: d.periodId, status: "draft", school: schoolWhere },
      select: { schoolId: true, _count: { select: { items: true } } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const draftRowsBySchool = new Map<string, number>();
    for (const r of drafts) if (!draftRowsBySchool.has(r.schoolId)) draftRowsBySchool.set(r.schoolId, r._count.items);
    const messageText = messageTexts(o, d);
    const escalationDue = formatDate(d.deadline.dueDay);
    for (const s of schools) {
      const draftRows = draftRowsBySchool.get(s.id);
      const text = messageText(s.name, draftRows);
      const email = s.emails.join(", ") || undefined;
      const base = { period: d.code, periodId: d.periodId, school: s.code, schoolId: s.id, schoolName: s.name, stage: d.stage.code, text };
      const chats = chatsBySchool.get(s.id) ?? new Map<ReminderChannel, string>();
      for (const [channel, recipient] of chats) planned.push({ ...base, channel, recipient, fallbackEmail: email });
      if (!chats.size && email) planned.push({ ...base, channel: "email", recipient: email });
      if (d.stage.escalate) {
        planned.push({
          ...base,
          channel: "escalation",
          recipient: o.office.email,
          text: `Báo cáo cho ${o.office.name}: ${s.name} vẫn chưa nộp ${d.label} sau hai lần nhắc quá hạn (hạn trước ngày ${escalationDue}).`,
        });
      }
    }
  }
  return planned;
}

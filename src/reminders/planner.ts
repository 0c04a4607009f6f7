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

function messageText(o: PlanOptions, d: Due, schoolName: string, draftRows: number | undefined): string {
  const left = daysLeft(o.now, d.deadline);
  const when =
    d.wording === "before-due-day"
      ? `trước ngày ${formatDate(d.deadline.dueDay)} (${weekdayName(d.deadline.dueDay)})`
      : `đến hết ngày ${formatDate(d.deadline.lastDay)} (${weekdayName(d.deadline.lastDay)})`;
  const lines = [
    left >= 0
      ? `Nhắc hạn: ${schoolName} chưa nộp ${d.label} — hạn ${when}, ${left === 0 ? "hôm nay là ngày cuối" : `còn ${left} ngày`}.`
      : `Nhắc hạn: ${schoolName} chưa nộp ${d.label} — đã quá hạn ${-left} ngày (hạn ${when}); báo cáo gửi bây giờ được ghi nhận là nộp trễ.`,
  ];
  const holiday = holidayOn(d.deadline.lastDay, o.calendar.holidays);
  if (holiday && left >= 0) lines.push(`Lưu ý: ngày ${formatDate(d.deadline.lastDay)} là ngày nghỉ (${holiday.name}); nên gửi sớm hơn.`);
  if (draftRows !== undefined) lines.push(`Trường đã có bản nháp (${draftRows} mục đã điền) nhưng chưa xác nhận nộp.`);
  lines.push(d.how);
  return lines.join("\n");
}

export async function planReminders(prisma: Db, o: PlanOptions): Promise<PlannedMessage[]> {
  if (!withinQuietHours(o.now, o.quiet)) return [];
  const planned: PlannedMessage[] = [];
  for (const d of await duePeriods(prisma, o)) {
    const schools = await prisma.school.findMany({
      where: {
        paused: false,
        ...(d.levels ? { level: { in: d.levels } } : {}),
        reports: { none: { periodId: d.periodId, status: { in: ["submitted", "superseded"] } } },
      },
      orderBy: { code: "asc" },
      include: {
        reports: { where: { periodId: d.periodId, status: "draft" }, include: { _count: { select: { items: true } } } },
        contacts: { include: { accounts: { where: { lastInboundAt: { not: null }, channel: { in: ["zalo", "telegram"] } }, include: { conversations: true } } } },
      },
    });
    for (const s of schools) {
      const draftRows = s.reports[0]?._count.items;
      const text = messageText(o, d, s.name, draftRows);
      const email = s.emails.join(", ") || undefined;
      const base = { period: d.code, periodId: d.periodId, school: s.code, schoolId: s.id, schoolName: s.name, stage: d.stage.code, text };
      const chats = new Map<ReminderChannel, string>();
      for (const c of s.contacts) {
        for (const a of c.accounts) {
          const chat = a.conversations.find((v) => v.channel === a.channel)?.chatId ?? a.externalId;
          if (!chats.has(a.channel as ReminderChannel)) chats.set(a.channel as ReminderChannel, chat);
        }
      }
      for (const [channel, recipient] of chats) planned.push({ ...base, channel, recipient, fallbackEmail: email });
      if (!chats.size && email) planned.push({ ...base, channel: "email", recipient: email });
      if (d.stage.escalate) {
        planned.push({
          ...base,
          channel: "escalation",
          recipient: o.office.email,
          text: `Báo cáo cho ${o.office.name}: ${s.name} vẫn chưa nộp ${d.label} sau hai lần nhắc quá hạn (hạn trước ngày ${formatDate(d.deadline.dueDay)}).`,
        });
      }
    }
  }
  return planned;
}

/**
 * The daily digest for the district officers while reminders run: for each period with a
 * stage today, who submitted on time, who late, who has a draft, who is missing — with names —
 * and how many filed since yesterday.
 */
import type { Db } from "../db/client.ts";
import { formatDate } from "../domain/periods.ts";
import { isoDay } from "../domain/calendar.ts";

export interface Digest {
  period: string;
  subject: string;
  text: string;
  dedupeKey: string;
}

export async function buildDigest(prisma: Db, periodCode: string, now: Date, office: { name: string }): Promise<Digest | undefined> {
  const period = await prisma.period.findUnique({ where: { code: periodCode } });
  if (!period) return undefined;
  const schools = await prisma.school.findMany({
    where: { paused: false },
    orderBy: { name: "asc" },
    include: { reports: { where: { periodId: period.id, status: { in: ["submitted", "superseded", "draft"] } }, orderBy: { version: "desc" } } },
  });
  const onTime: string[] = [];
  const late: string[] = [];
  const drafts: string[] = [];
  const missing: string[] = [];
  let sinceYesterday = 0;
  const dayAgo = now.getTime() - 86_400_000;
  for (const s of schools) {
    const submitted = s.reports.find((r) => r.status === "submitted");
    if (submitted) {
      // On time is decided by the first filing (a correction after the deadline keeps it).
      const first = s.reports.filter((r) => r.status !== "draft").at(-1)!;
      (first.late ? late : onTime).push(s.name);
      if (submitted.submittedAt && submitted.submittedAt.getTime() > dayAgo) sinceYesterday++;
    } else if (s.reports.some((r) => r.status === "draft")) drafts.push(s.name);
    else missing.push(s.name);
  }
  const label = period.kind === "self_assessment" ? `tự đánh giá năm ${period.year}` : `báo cáo quý ${period.quarter}/${period.year}`;
  const list = (names: string[]) => (names.length ? names.map((n) => `  - ${n}`).join("\n") : "  (không có)");
  const text = [
    `Tình hình ${label} đến ngày ${formatDate(now)} (hạn: ${formatDate(new Date(period.dueAt.getTime() - 1))}):`,
    `• Đã nộp đúng hạn: ${onTime.length}/${schools.length}`,
    `• Nộp trễ: ${late.length}`,
    `• Có bản nháp, chưa nộp: ${drafts.length}`,
    `• Chưa nộp: ${missing.length}`,
    `• Nộp thêm trong 24 giờ qua: ${sinceYesterday}`,
    "",
    "Có bản nháp:",
    list(drafts),
    "Chưa nộp:",
    list(missing),
    "Nộp trễ:",
    list(late),
  ].join("\n");
  return { period: period.code, subject: `Tổng hợp ${label} – ${formatDate(now)} – ${office.name}`, text, dedupeKey: `digest:${period.code}:${isoDay(now)}` };
}

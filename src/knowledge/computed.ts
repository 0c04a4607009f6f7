/** Computed answers: deadlines with weekday and days left, levels from scores, the current period. */
import {
  calendarDaysUntil,
  formatDate,
  nextQuarter,
  previousQuarter,
  quarterOf,
  quarterlyDeadline,
  selfAssessmentDeadlines,
  upcomingReportQuarter,
  weekdayName,
  type Deadline,
  type DeadlineRules,
  type Quarter,
} from "../domain/periods.ts";
import { levelFor, LEVEL_NAMES, nextLevelGap } from "../domain/levels.ts";
import type { Intent } from "./intents.ts";

export interface ComputedAnswer {
  text: string;
  /** Source ids (sources.yaml). */
  sources: string[];
}

function isWeekend(d: Date): boolean {
  return ["thứ Bảy", "Chủ nhật"].includes(weekdayName(d));
}

function dayWithWeekday(d: Date): string {
  return `${formatDate(d)} (${weekdayName(d)})`;
}

/** "còn 5 ngày" / "hôm nay là ngày cuối" / "đã quá hạn 3 ngày". */
function remaining(deadline: Deadline, now: Date): string {
  const days = calendarDaysUntil(deadline.lastDay, now);
  if (days > 0) return `còn ${days} ngày`;
  if (days === 0) return "hôm nay là ngày cuối";
  return `đã quá hạn ${-days} ngày`;
}

export function quarterDeadlineText(q: Quarter, now: Date, rules: DeadlineRules, office: { name: string; email: string }): string {
  const d = quarterlyDeadline(q, rules);
  const late = now.getTime() >= d.cutoff.getTime();
  const lines = [
    `Báo cáo quý ${q.quarter}/${q.year}: trước ngày ${dayWithWeekday(d.dueDay)}.`,
    late
      ? `Hạn chót là hết ngày ${formatDate(d.lastDay)} — đã quá hạn; báo cáo gửi bây giờ vẫn được nhận nhưng ghi nhận là nộp trễ.`
      : `Hạn chót là hết ngày ${dayWithWeekday(d.lastDay)} — ${remaining(d, now)}.${isWeekend(d.lastDay) ? " Ngày này rơi vào cuối tuần, nên gửi sớm hơn." : ""}`,
    `Gửi về ${office.name} qua email ${office.email} (mẫu PHỤ LỤC 2, kèm bảng PHỤ LỤC 3).`,
  ];
  return lines.join("\n");
}

export function computeAnswer(
  intent: Exclude<Intent, { kind: "smalltalk" }>,
  now: Date,
  rules: DeadlineRules,
  office: { name: string; email: string },
): ComputedAnswer {
  switch (intent.kind) {
    case "quarter-deadline": {
      let q: Quarter;
      if (intent.quarter) q = { quarter: intent.quarter, year: intent.year ?? quarterOf(now).year };
      else if (intent.relative === "this") q = quarterOf(now);
      else if (intent.relative === "next") q = nextQuarter(quarterOf(now));
      else if (intent.relative === "previous") q = previousQuarter(quarterOf(now));
      else q = upcomingReportQuarter(now, rules);
      return { text: quarterDeadlineText(q, now, rules, office), sources: ["office-guidance"] };
    }
    case "self-assessment-deadline": {
      let year = intent.year ?? quarterOf(now).year;
      if (!intent.year && now.getTime() >= selfAssessmentDeadlines(year, rules).national.cutoff.getTime()) year++;
      const { district, national } = selfAssessmentDeadlines(year, rules);
      const text = [
        `Tự đánh giá mức độ chuyển đổi số năm ${year}:`,
        `• Gửi ${office.name} (email ${office.email}) trước ngày ${dayWithWeekday(district.dueDay)} — ${remaining(district, now)}.`,
        `• Cập nhật kết quả lên hệ thống CSDL ngành trước ngày ${dayWithWeekday(national.dueDay)} — ${remaining(national, now)}.`,
      ].join("\n");
      return { text, sources: ["office-guidance", "qd4725-process"] };
    }
    case "level":
      return { text: levelText(intent.scores), sources: ["qd4725"] };
    case "current-period": {
      const q = quarterOf(now);
      const upcoming = upcomingReportQuarter(now, rules);
      const lines = [`Hôm nay là ${weekdayName(now)}, ${formatDate(now)} — đang trong quý ${q.quarter}/${q.year}.`];
      if (upcoming.quarter !== q.quarter || upcoming.year !== q.year) {
        lines.push(`Báo cáo quý ${q.quarter}/${q.year} đã qua hạn (trước ngày ${formatDate(quarterlyDeadline(q, rules).dueDay)}); kỳ báo cáo tới:`);
      }
      lines.push(quarterDeadlineText(upcoming, now, rules, office));
      return { text: lines.join("\n"), sources: ["office-guidance"] };
    }
  }
}

function levelText(scores: number[]): string {
  if (scores.some((s) => s > 100)) {
    return "Điểm mỗi nhóm tiêu chí tối đa là 100. Thầy/cô kiểm tra lại điểm giúp tôi (ví dụ: “nhóm 1 được 80, nhóm 2 được 60”).";
  }
  const describe = (s: number) => {
    const level = levelFor(s);
    const gap = nextLevelGap(s);
    return `${s} điểm: ${LEVEL_NAMES[level]}${gap ? ` — cần thêm ${gap.points} điểm để đạt ${LEVEL_NAMES[gap.level]}` : ""}`;
  };
  const rule = "Quy tắc: dưới 50 điểm là Mức độ 1; từ 50 đến 75 là Mức độ 2; trên 75 là Mức độ 3 (tính cho mỗi nhóm tiêu chí).";
  if (scores.length === 1) return [`Một nhóm tiêu chí được ${describe(scores[0]!)}.`, rule].join("\n");
  const [a, b] = scores as [number, number];
  const overall = Math.min(levelFor(a), levelFor(b)) as 1 | 2 | 3;
  return [
    `• Nhóm 1 (dạy, học): ${describe(a)}.`,
    `• Nhóm 2 (quản trị): ${describe(b)}.`,
    `Mức chung của trường: ${LEVEL_NAMES[overall]} — theo cách hiểu thường gặp, cả hai nhóm phải đạt ngưỡng của một mức (văn bản chưa quy định rõ cách gộp).`,
    rule,
  ].join("\n");
}

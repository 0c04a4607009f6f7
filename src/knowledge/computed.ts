/** Computed answers: deadlines with weekday and days left, levels from scores, the current period. */
import {
  calendarDaysUntil,
  formatDate,
  quarterOf,
  quarterlyDeadline,
  selfAssessmentDeadlines,
  upcomingReportQuarter,
  weekdayName,
  type Deadline,
  type DeadlineRules,
  type Quarter,
} from "../domain/periods.ts";
import { formatPoints, gapText, levelFor, LEVEL_NAMES } from "../domain/levels.ts";
import type { GroupScores } from "../lang/scores.ts";
import type { ReportTemplate } from "../reports/template.ts";
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
  intent: Exclude<Intent, { kind: "smalltalk" | "help" | "retrieve" }>,
  now: Date,
  rules: DeadlineRules,
  office: { name: string; email: string },
  template: ReportTemplate,
): ComputedAnswer {
  switch (intent.kind) {
    case "quarter-deadline": {
      const q = intent.quarter ?? upcomingReportQuarter(now, rules);
      if (intent.all) {
        const days = ([1, 2, 3, 4] as const).map((n) => {
          const due = quarterlyDeadline({ year: q.year, quarter: n }, rules).dueDay;
          return `quý ${n} trước ngày ${due.getDate()}/${due.getMonth() + 1}`;
        });
        const head = `Báo cáo quý nộp 4 lần mỗi năm, trước ngày 20 tháng cuối của mỗi quý: ${days.join("; ")}.`;
        return { text: `${head}\n${quarterDeadlineText(q, now, rules, office)}`, sources: ["office-guidance"] };
      }
      if (intent.quarters) {
        // Each quarter asked on its own line (its first line: the day, and the weekday), where to send once.
        const lines = intent.quarters.map((x) => quarterDeadlineText(x, now, rules, office).split("\n")[0]!);
        return { text: [...lines, quarterDeadlineText(q, now, rules, office).split("\n").at(-1)!].join("\n"), sources: ["office-guidance"] };
      }
      return { text: quarterDeadlineText(q, now, rules, office), sources: ["office-guidance"] };
    }
    case "lateness":
      return { text: latenessText(intent.date, now, intent.quarter ?? upcomingReportQuarter(now, rules), rules, office), sources: ["office-guidance"] };
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
    case "template-row":
      return { text: intent.rows.map((r) => (intent.blankOrDelete ? keepRowText(template, r) : "") + rowText(template, r, intent.column)).join("\n\n"), sources: ["office-guidance"] };
    case "template-column":
      return { text: intent.columns.map((c) => columnText(template, c)).join("\n"), sources: ["office-guidance"] };
    case "template-count":
      return { text: countText(template), sources: ["office-guidance"] };
  }
}

/** How many tasks and rows PHỤ LỤC 3 has, from the template in use (headings hold sub-rows, schools fill the rest). */
function countText(template: ReportTemplate): string {
  const top = template.rows.filter((r) => !r.code.includes("."));
  const headings = template.rows.filter((r) => r.heading);
  const filled = template.rows.filter((r) => !r.heading);
  const columns = template.fields.filter((f) => f.column);
  const lines = [`PHỤ LỤC 3 có ${top.length} mục nhiệm vụ (${top[0]!.code} đến ${top.at(-1)!.code}).`];
  if (headings.length) {
    lines.push(
      `${headings.map((h, i) => `${i ? "mục" : "Mục"} ${h.code}`).join(" và ")} là tiêu đề nhóm, trường không điền mà điền các dòng con, nên có ${filled.length} dòng trường điền: ${filled.map((r) => r.code).join(", ")}.`,
    );
  }
  lines.push(
    `Bảng có các cột (1) TT, (2) nội dung công việc (Phòng ghi sẵn) và ${columns.map((f) => `(${f.column}) ${f.label.toLowerCase()}`).join("; ")} — trường điền các cột ${columns.map((f) => `(${f.column})`).join(", ")}; không xóa dòng, không sửa cột (2). Gõ “phụ lục 3 có những dòng nào” để xem tên từng mục.`,
  );
  return lines.join("\n");
}

/** Whether a report sent on `date` is on time for quarter `q`. */
export function latenessText(date: Date, now: Date, q: Quarter, rules: DeadlineRules, office: { name: string; email: string }): string {
  const d = quarterlyDeadline(q, rules);
  const days = calendarDaysUntil(d.lastDay, date);
  const when = calendarDaysUntil(date, now) === 0 ? `Gửi hôm nay, ${dayWithWeekday(date)},` : `Gửi ngày ${dayWithWeekday(date)}`;
  const verdict =
    date.getTime() >= d.cutoff.getTime()
      ? `${when} là **nộp trễ** ${-days} ngày: hạn báo cáo quý ${q.quarter}/${q.year} là trước ngày ${formatDate(d.dueDay)} (hết ngày ${formatDate(d.lastDay)}). Báo cáo trễ vẫn được nhận nhưng ghi nhận là nộp trễ.`
      : `${when} là **đúng hạn** cho báo cáo quý ${q.quarter}/${q.year} (hạn trước ngày ${formatDate(d.dueDay)}, hết ngày ${formatDate(d.lastDay)}${days > 0 ? ` — còn dư ${days} ngày` : calendarDaysUntil(date, now) === 0 ? " — hôm nay là ngày cuối" : " — đúng ngày cuối"}).`;
  return [verdict.replace(/\*\*/g, ""), `Gửi về ${office.name} qua email ${office.email}.`].join("\n");
}

/** "Dòng 6 để trống được không hay phải xóa": rows are never deleted; a row without activity is left blank (PHỤ LỤC 3's note). */
function keepRowText(template: ReportTemplate, code: string): string {
  const row = template.rows.find((r) => r.code === code);
  if (!row || row.heading) return "";
  const columns = template.fields.filter((f) => f.column).map((f) => `(${f.column})`);
  return (
    `Được để trống, nhưng không xóa dòng ${code}: PHỤ LỤC 3 ghi “Đơn vị cập nhật báo cáo vào các cột ${columns.join(", ")}, không xóa dòng hoặc chỉnh sửa nội dung ở cột (2)”. ` +
    `Quý này trường không có hoạt động ở mục ${code} thì giữ nguyên dòng, để trống các cột ${columns.join(", ")}.\n`
  );
}

function rowText(template: ReportTemplate, code: string, column?: number): string {
  const row = template.rows.find((r) => r.code === code);
  if (!row) {
    const codes = template.rows.filter((r) => !r.heading).map((r) => r.code).join(", ");
    return `PHỤ LỤC 3 không có mục ${code}. Các mục trường điền: ${codes}. Gõ “phụ lục 3 có những dòng nào” để xem cả danh sách.`;
  }
  if (row.heading) {
    const children = template.rows.filter((r) => r.code.startsWith(`${code}.`));
    return [`Mục ${code} của PHỤ LỤC 3 là tiêu đề nhóm “${row.title}”; trường điền vào các dòng con:`, ...children.map((c) => `• ${c.code}. ${c.title}`)].join("\n");
  }
  const columns = template.fields.filter((f) => f.column);
  const lines = [`Mục ${code} của PHỤ LỤC 3: “${row.title}”.`];
  const col = column ? columns.find((f) => f.column === column) : undefined;
  if (col) lines.push(`Cột (${col.column}) của dòng này: ${col.label} — ${col.ask.toLowerCase()}`);
  else lines.push(`Trường ghi cho dòng này: ${columns.map((f) => `(${f.column}) ${f.label.toLowerCase()}`).join("; ")}. Cột (1), (2) giữ nguyên, không sửa.`);
  return lines.join("\n");
}

function columnText(template: ReportTemplate, column: number): string {
  if (column === 1) return "Cột (1) của PHỤ LỤC 3 là số thứ tự (TT) của nhiệm vụ — giữ nguyên, không sửa.";
  if (column === 2) return "Cột (2) của PHỤ LỤC 3 là “Nội dung công việc theo kế hoạch” — do Phòng ghi sẵn; trường không xóa dòng, không sửa cột (2).";
  const f = template.fields.find((x) => x.column === column);
  if (!f) return "PHỤ LỤC 3 có các cột (1) đến (6); trường điền các cột (3), (4), (5), (6).";
  return `Cột (${column}) của PHỤ LỤC 3: “${f.label}” — ${f.ask.toLowerCase()} Trường điền cột này cho từng dòng nhiệm vụ (để trống nếu không có).`;
}

const GROUP_NAMES = { teaching: "Nhóm 1 (dạy, học)", management: "Nhóm 2 (quản trị)" } as const;

function levelText(s: GroupScores): string {
  const all = [s.teaching, s.management, ...s.unnamed].filter((x): x is number => x !== undefined);
  if (all.some((x) => x > 100 || x < 0)) {
    return "Điểm mỗi nhóm tiêu chí từ 0, tối đa là 100. Thầy/cô kiểm tra lại điểm giúp tôi (ví dụ: “dạy học 80, quản trị 60”).";
  }
  const describe = (x: number) => {
    const gap = gapText(x);
    return `${formatPoints(x)} điểm: ${LEVEL_NAMES[levelFor(x)]}${gap ? ` — ${gap}` : ""}`;
  };
  const rule = "Quy tắc: dưới 50 điểm là Mức độ 1; từ 50 đến 75 là Mức độ 2; trên 75 là Mức độ 3 (tính cho mỗi nhóm tiêu chí).";
  // A group summed from its criteria shows the sum: "18 + 8 + 15 + 12 + 10 = 63 điểm".
  const sum = (g: "teaching" | "management") =>
    s.summed?.includes(g) ? `${(s.criteria ?? []).filter((c) => c.code.startsWith(g === "teaching" ? "1." : "2.")).map((c) => formatPoints(c.points)).join(" + ")} = ` : "";
  const lines: string[] = [];
  if (s.teaching !== undefined) lines.push(`• ${GROUP_NAMES.teaching}: ${sum("teaching")}${describe(s.teaching)}.`);
  if (s.management !== undefined) lines.push(`• ${GROUP_NAMES.management}: ${sum("management")}${describe(s.management)}.`);
  const named = lines.length;
  for (const x of s.unnamed.slice(0, 2 - named)) lines.push(named ? `• Nhóm còn lại: ${describe(x)}.` : `• Một nhóm tiêu chí được ${describe(x)}.`);
  if (all.length === 1) {
    // One score is one group's level; the school's level needs the other group too: ask for it.
    const other =
      s.teaching !== undefined ? "Nhóm 2 (quản trị)" : s.management !== undefined ? "Nhóm 1 (dạy, học)" : "nhóm còn lại";
    const example = s.teaching !== undefined ? `dạy học ${formatPoints(s.teaching)}, quản trị 68` : s.management !== undefined ? `dạy học 68, quản trị ${formatPoints(s.management)}` : `dạy học ${formatPoints(all[0]!)}, quản trị 68`;
    return [
      lines[0]!.replace(/^• /, ""),
      rule,
      `Mức chung của trường xét cả hai nhóm tiêu chí: thầy/cô cho tôi biết thêm điểm ${other}, ví dụ: “${example}”, để tôi tính mức chung.`,
    ].join("\n");
  }
  const overall = Math.min(...all.slice(0, 2).map(levelFor)) as 1 | 2 | 3;
  if (!named) lines.unshift("Thầy/cô chưa nói điểm nào của nhóm nào, nên tôi tính từng điểm:");
  return [
    ...lines,
    `Mức chung của trường: ${LEVEL_NAMES[overall]} — theo cách hiểu thường gặp, cả hai nhóm phải đạt ngưỡng của một mức (văn bản chưa quy định rõ cách gộp).`,
    rule,
  ].join("\n");
}

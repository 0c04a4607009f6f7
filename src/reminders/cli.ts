/**
 * `npm run reminders -- --dry-run [--at 2025-09-13T08:00+07:00] [--period 2025-Q3] [--json]`
 *   prints what would be sent at that moment, without sending or claiming anything;
 * `npm run reminders -- --send-now [--period 2025-Q3]` runs a round now (still once per stage);
 * `npm run reminders -- --pause <school code>` / `--resume <school code>`.
 */
import { cliArgs } from "../cli/args.ts";
import { openDatabaseForCli } from "../db/open-for-cli.ts";
import { createLogger } from "../logger.ts";
import { fixedClock, systemClock } from "../clock.ts";
import { Outbox } from "../mail/outbound/outbox.ts";
import { createSmtpTransport } from "../mail/outbound/transport.ts";
import { loadReminderCalendar } from "./calendar.ts";
import { planReminders } from "./planner.ts";
import { runReminderRound } from "./scheduler.ts";
import { reminderTransports } from "./transports.ts";
import { leaderOnly } from "../db/leadership.ts";

const USAGE = `Cách dùng: npm run reminders -- --dry-run [--at <ISO>] [--period 2025-Q3] [--json] | --send-now [--period 2025-Q3] | --pause <mã trường> | --resume <mã trường>`;
const { values } = cliArgs({
  options: {
    "dry-run": { type: "boolean", default: false },
    "send-now": { type: "boolean", default: false },
    at: { type: "string" },
    period: { type: "string" },
    json: { type: "boolean", default: false },
    pause: { type: "string" },
    resume: { type: "string" },
  },
}, USAGE);
const usage = "Cách dùng: npm run reminders -- --dry-run [--at <ISO>] [--period 2025-Q3] [--json] | --send-now [--period 2025-Q3] | --pause <mã trường> | --resume <mã trường>";
const at = values.at ? new Date(values.at) : undefined;
if (at && Number.isNaN(at.getTime())) {
  console.error(`--at phải là thời điểm ISO, ví dụ 2025-09-13T08:00+07:00\n${usage}`);
  process.exit(2);
}
if (!values["dry-run"] && !values["send-now"] && !values.pause && !values.resume) {
  console.error(usage);
  process.exit(2);
}

const { config, db } = await openDatabaseForCli();
const logger = createLogger({ level: "warn", secrets: config.secrets, write: (l) => process.stderr.write(l) });
const plan = { rules: config.deadlines, calendar: loadReminderCalendar(config.reminders.calendarFile), quiet: config.reminders.quiet, office: config.office };
let code = 0;
try {
  if (values.pause || values.resume) {
    const schoolCode = (values.pause ?? values.resume)!;
    const updated = await db.prisma.school.updateMany({ where: { code: schoolCode }, data: { paused: !!values.pause } });
    if (!updated.count) {
      console.error(`Không có trường mã ${schoolCode}.`);
      code = 1;
    } else console.log(`${schoolCode}: ${values.pause ? "tạm dừng nhắc hạn" : "nhắc hạn trở lại"}.`);
  } else if (values["dry-run"]) {
    const now = at ?? config.clockNow ?? new Date();
    const planned = await planReminders(db.prisma, { ...plan, now, period: values.period });
    for (const m of planned) {
      const line = { period: m.period, school: m.school, stage: m.stage, channel: m.channel, recipient: m.recipient, text: m.text };
      console.log(values.json ? JSON.stringify(line) : `[${m.period} ${m.stage}] ${m.school} → ${m.channel} ${m.recipient}\n  ${m.text.replace(/\n/g, "\n  ")}`);
    }
    if (!values.json) console.log(`\n${planned.length} tin sẽ được gửi.`);
  } else {
    const outbox = new Outbox(db.prisma, createSmtpTransport(config.smtp.url, { allowInsecure: config.smtp.allowInsecure }), { from: config.smtp.from, logger });
    const clock = at ? fixedClock(at) : config.clockNow ? fixedClock(config.clockNow) : systemClock;
    const r = await runReminderRound(
      {
        prisma: db.prisma,
        clock,
        logger,
        plan,
        transports: reminderTransports(config, outbox),
        rates: { zalo: config.reminders.chatRatePerSecond, telegram: config.reminders.chatRatePerSecond },
        digest: (d) => outbox.enqueue({ kind: "digest", to: [config.office.email], subject: d.subject, text: d.text, dedupeKey: d.dedupeKey }),
        lead: leaderOnly(db),
      },
      { period: values.period },
    );
    if (!r.leader) console.log("Một bản sao khác đang chạy vòng nhắc; lần này bỏ qua.");
    await outbox.processDue();
    await outbox.stop();
    console.log(`Đã lên kế hoạch ${r.planned}, gửi ${r.sent}, bỏ qua (đã gửi trước đó) ${r.skipped}, lỗi ${r.failed}, chuyển sang email ${r.fellBack}.`);
  }
} finally {
  await db.close();
}
process.exit(code);

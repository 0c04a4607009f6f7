/** Loads the reminder calendar (src/reminders/calendar.yaml or REMINDER_CALENDAR), validated. */
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import type { Holiday, Stage } from "../domain/calendar.ts";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "ngày dạng YYYY-MM-DD");
const schema = z.object({
  holidays: z
    .array(z.union([z.object({ date: day, name: z.string() }), z.object({ from: day, to: day, name: z.string() })]))
    .default([]),
  campaigns: z
    .array(
      z.object({
        code: z.string().regex(/^[A-Z0-9-]{3,40}$/, "mã đợt: chữ in hoa, số, dấu -"),
        title: z.string().min(3).max(200),
        last_day: day,
        how: z.string().min(3).max(300),
        levels: z.array(z.string()).optional(),
      }),
    )
    .default([]),
  stages: z.array(z.object({ code: z.string().min(1).max(16), offset: z.number().int().min(-60).max(60), escalate: z.boolean().optional() })).min(1),
});

export interface Campaign {
  code: string;
  title: string;
  /** Last day (YYYY-MM-DD) of the campaign, in Vietnam. */
  lastDay: string;
  /** How to take part, said in the message. */
  how: string;
  levels?: string[];
}

export interface ReminderCalendar {
  holidays: Holiday[];
  stages: Stage[];
  campaigns: Campaign[];
}

export const DEFAULT_CALENDAR_PATH = path.join(import.meta.dirname, "calendar.yaml");

export function loadReminderCalendar(file = DEFAULT_CALENDAR_PATH): ReminderCalendar {
  const parsed = schema.safeParse(parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return {
    holidays: parsed.data.holidays.map((h) => ("date" in h ? { from: h.date, to: h.date, name: h.name } : h)),
    stages: parsed.data.stages,
    campaigns: parsed.data.campaigns.map((c) => ({ code: c.code, title: c.title, lastDay: c.last_day, how: c.how, levels: c.levels })),
  };
}

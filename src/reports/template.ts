/**
 * The quarterly report's table (PHỤ LỤC 3) as data: task rows and columns from
 * src/reports/phu-luc-3.yaml (one office's list for one year), validated on load.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";

export const DEFAULT_TEMPLATE_PATH = path.join(import.meta.dirname, "phu-luc-3.yaml");

const templateSchema = z.object({
  title: z.string().min(1),
  source: z.string().min(1),
  rows: z
    .array(
      z.object({
        code: z.string().regex(/^\d+(\.\d+)?$/, "mã dòng dạng 1 hoặc 1.1"),
        title: z.string().min(1).max(300),
        heading: z.boolean().default(false),
      }),
    )
    .min(1)
    .refine((rows) => new Set(rows.map((r) => r.code)).size === rows.length, "mã dòng bị trùng"),
  fields: z
    .array(
      z.object({
        key: z.enum(["status", "progressPercent", "done", "next", "difficulties", "recommendations"]),
        kind: z.enum(["status", "percent", "text"]),
        label: z.string().min(1),
        ask: z.string().min(1),
        max: z.number().int().min(1).max(5000).optional(),
        column: z.number().int().min(3).max(6).optional(),
      }),
    )
    .min(1),
});

export type ReportTemplate = z.infer<typeof templateSchema>;
export type ReportField = ReportTemplate["fields"][number];
export type FieldKey = ReportField["key"];

/** Task rows a school fills (heading rows excluded). */
export function fillableRows(t: ReportTemplate) {
  return t.rows.filter((r) => !r.heading);
}

export function loadReportTemplate(file = DEFAULT_TEMPLATE_PATH): ReportTemplate {
  const parsed = templateSchema.safeParse(parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) {
    throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}

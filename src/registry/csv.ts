/**
 * Schools and contacts from CSV files (UTF-8, header row). Each row is validated on its own;
 * bad rows are reported with their line number and the reason, good rows are imported.
 * Re-importing the same file changes nothing (schools by code, contacts by school + email/name).
 */
import { parse } from "csv-parse/sync";
import { storableText } from "../domain/text.ts";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import type { ContactRole } from "../generated/prisma/client.ts";
import { normalizeText } from "../domain/text.ts";

export const SCHOOL_LEVELS = ["MN", "MG", "TH", "THCS", "THPT", "TH-THCS", "THCS-THPT", "TH-THCS-THPT", "GDNN-GDTX", "GDTX", "KT", "KHAC"] as const;
export const CONTACT_ROLES = ["principal", "vice_principal", "it_staff", "teacher", "district_officer", "other"] as const;
/** Vietnamese role names accepted in the contacts file. */
const ROLE_ALIASES: Record<string, ContactRole> = {
  "hieu truong": "principal",
  "pho hieu truong": "vice_principal",
  "can bo cntt": "it_staff",
  "nhan vien cntt": "it_staff",
  "giao vien": "teacher",
  "chuyen vien phong": "district_officer",
  "khac": "other",
};

export const MAX_CSV_BYTES = 5 * 1024 * 1024;

const text = (max: number) => z.string().transform(normalizeText).pipe(z.string().min(1, "không được để trống").max(max, `dài quá ${max} ký tự`));
const optionalText = (max: number) =>
  z.string().optional().transform((v) => (v ? normalizeText(v) : undefined)).pipe(z.string().max(max, `dài quá ${max} ký tự`).optional());
const email = z.email("không phải địa chỉ email hợp lệ").transform((e) => e.toLowerCase());

const schoolRow = z.object({
  code: text(32).pipe(z.string().regex(/^[A-Za-z0-9_.-]+$/, "chỉ gồm chữ không dấu, số, . _ -")),
  name: text(200),
  short_name: optionalText(100),
  level: z
    .string()
    .transform((v) => v.trim().toUpperCase())
    .pipe(z.enum(SCHOOL_LEVELS, `phải là một trong ${SCHOOL_LEVELS.join(", ")}`)),
  emails: z
    .string()
    .optional()
    .transform((v) => (v ?? "").split(/[;,\s]+/).map((e) => e.trim()).filter(Boolean))
    .pipe(z.array(email).max(10, "tối đa 10 địa chỉ")),
});

const contactRow = z.object({
  school_code: text(32),
  name: text(200),
  role: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const folded = (v ?? "other").normalize("NFD").replace(/\p{M}+/gu, "").replace(/[đĐ]/g, "d").toLowerCase().trim();
      const role = (CONTACT_ROLES as readonly string[]).includes(folded) ? (folded as ContactRole) : ROLE_ALIASES[folded];
      if (!role) {
        ctx.addIssue({ code: "custom", message: `vai trò không rõ (dùng: ${CONTACT_ROLES.join(", ")} hoặc “Hiệu trưởng”, “Cán bộ CNTT”…)` });
        return z.NEVER;
      }
      return role;
    }),
  email: z.string().optional().transform((v) => v?.trim() || undefined).pipe(email.optional()),
  phone: optionalText(20),
});

export type SchoolRow = z.output<typeof schoolRow>;
export type ContactRow = z.output<typeof contactRow>;

export interface RowError {
  line: number;
  message: string;
}

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  errors: RowError[];
}

function parseRows<T>(csv: string | Buffer, schema: z.ZodType<T>, required: string[]): { rows: { line: number; value: T }[]; errors: RowError[] } {
  if (csv.length > MAX_CSV_BYTES) return { rows: [], errors: [{ line: 0, message: `Tệp lớn quá ${MAX_CSV_BYTES / 1024 / 1024} MB` }] };
  let records: Record<string, string>[];
  try {
    records = parse(csv, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      // The one text boundary: a NUL or a lone surrogate in a school's name would fail the insert.
      cast: (value: string) => storableText(value),
    });
  } catch (err) {
    return { rows: [], errors: [{ line: 0, message: `Không đọc được tệp CSV: ${(err as Error).message}` }] };
  }
  const first = records[0];
  const missing = first ? required.filter((c) => !(c in first)) : required;
  if (missing.length) return { rows: [], errors: [{ line: 1, message: `Thiếu cột: ${missing.join(", ")}` }] };
  const rows: { line: number; value: T }[] = [];
  const errors: RowError[] = [];
  records.forEach((record, i) => {
    const line = i + 2; // header is line 1
    const parsed = schema.safeParse(record);
    if (parsed.success) rows.push({ line, value: parsed.data });
    else errors.push({ line, message: parsed.error.issues.map((x) => `${String(x.path[0] ?? "")}: ${x.message}`).join("; ") });
  });
  return { rows, errors };
}

/** Creates the row, updates it when a field differs, or leaves it: what re-import needs. */
async function saveRow<D extends Record<string, unknown>>(
  existing: ({ id: string } & Record<string, unknown>) | null,
  data: D,
  write: { create: () => Promise<unknown>; update: (id: string) => Promise<unknown> },
): Promise<"created" | "updated" | "unchanged"> {
  if (!existing) {
    await write.create();
    return "created";
  }
  const same = Object.entries(data).every(([k, v]) => JSON.stringify(existing[k]) === JSON.stringify(v));
  if (same) return "unchanged";
  await write.update(existing.id);
  return "updated";
}

export async function importSchoolsCsv(prisma: Db, csv: string | Buffer): Promise<ImportResult> {
  const { rows, errors } = parseRows(csv, schoolRow, ["code", "name", "level"]);
  const result: ImportResult = { created: 0, updated: 0, unchanged: 0, errors };
  const seen = new Set<string>();
  for (const { line, value } of rows) {
    if (seen.has(value.code)) {
      errors.push({ line, message: `code: mã trường ${value.code} bị trùng trong tệp` });
      continue;
    }
    seen.add(value.code);
    const data = { name: value.name, shortName: value.short_name ?? null, level: value.level, emails: value.emails };
    const existing = await prisma.school.findUnique({ where: { code: value.code } });
    result[
      await saveRow(existing, data, {
        create: () => prisma.school.create({ data: { code: value.code, ...data } }),
        update: (id) => prisma.school.update({ where: { id }, data }),
      })
    ]++;
  }
  result.errors.sort((a, b) => a.line - b.line);
  return result;
}

export async function importContactsCsv(prisma: Db, csv: string | Buffer): Promise<ImportResult> {
  const { rows, errors } = parseRows(csv, contactRow, ["school_code", "name"]);
  const result: ImportResult = { created: 0, updated: 0, unchanged: 0, errors };
  for (const { line, value } of rows) {
    const school = await prisma.school.findUnique({ where: { code: value.school_code } });
    if (!school) {
      errors.push({ line, message: `school_code: không có trường mã ${value.school_code} (nhập danh sách trường trước)` });
      continue;
    }
    const existing = await prisma.contact.findFirst({
      where: { schoolId: school.id, ...(value.email ? { email: value.email } : { name: value.name }) },
    });
    const data = { name: value.name, role: value.role, email: value.email ?? null, phone: value.phone ?? null };
    result[
      await saveRow(existing, data, {
        create: () => prisma.contact.create({ data: { schoolId: school.id, ...data } }),
        update: (id) => prisma.contact.update({ where: { id }, data }),
      })
    ]++;
  }
  result.errors.sort((a, b) => a.line - b.line);
  return result;
}

/**
 * The service's configuration: one zod schema over the environment. This is the only module
 * that reads `process.env`. A missing or malformed value stops start-up with one line per
 * variable, in Vietnamese and English, naming the variable (never echoing its value).
 */
import fs from "node:fs";
import path from "node:path";
import cron from "node-cron";
import { z } from "zod";
import type { DeadlineRules } from "./domain/periods.ts";

const bool = (def: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no", "on", "off"], {
      error: "phải là true hoặc false / must be true or false",
    })
    .default(def ? "true" : "false")
    .transform((v) => ["true", "1", "yes", "on"].includes(v));

const int = (def: number, min: number, max: number) =>
  z.preprocess(
    // "PORT=" (empty) is a mistake, not 0 (which would mean a random port): refused like any non-number.
    (v) => (typeof v === "string" && v.trim() === "" ? "empty" : v),
    z.coerce
    .number({ error: `phải là số nguyên ${min}–${max} / must be an integer ${min}–${max}` })
    .int({ error: `phải là số nguyên ${min}–${max} / must be an integer ${min}–${max}` })
    .min(min, { error: `phải là số nguyên ${min}–${max} / must be an integer ${min}–${max}` })
    .max(max, { error: `phải là số nguyên ${min}–${max} / must be an integer ${min}–${max}` })
    .default(def),
  );

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() ? v.trim() : undefined));

const httpUrl = (def: string) =>
  z.url({ protocol: /^https?$/, error: "phải là địa chỉ http(s) / must be an http(s) URL" }).default(def);

const optionalHttpsUrl = optionalString.pipe(
  z.url({ protocol: /^https$/, error: "phải là địa chỉ https / must be an https URL" }).optional(),
);

const secret = optionalString.pipe(
  z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,256}$/, {
      error: "phải dài 8–256 ký tự A-Z a-z 0-9 _ - / must be 8–256 characters of A-Z a-z 0-9 _ -",
    })
    .optional(),
);

const botToken = optionalString.pipe(
  z
    .string()
    .regex(/^[^\s/]{3,}:[^\s/]{3,}$/, { error: "phải có dạng <id>:<bí mật> / must look like <id>:<secret>" })
    .optional(),
);

const dayMonth = (def: string) =>
  z
    .string()
    .default(def)
    .pipe(z.string().regex(/^\d{1,2}\/\d{1,2}$/, { error: "phải có dạng ngày/tháng, ví dụ 20/05 / must be day/month" }))
    .transform((v) => {
      const [day, month] = v.split("/").map(Number) as [number, number];
      return { day, month };
    })
    .refine((d) => d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= 31, {
      error: "ngày/tháng không hợp lệ / invalid day/month",
    });

const updateMode = z.enum(["webhook", "polling", "off"], {
  error: "phải là webhook, polling hoặc off / must be webhook, polling or off",
});

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    HOST: z.string().min(1).default("127.0.0.1"),
    PORT: int(3000, 0, 65535),
    TRUST_PROXY: z
      .string()
      .default("loopback")
      .refine((v) => /^(loopback|linklocal|uniquelocal|false|\d{1,2}|(?:[0-9a-fA-F.:]+(?:\/\d{1,3})?)(?:\s*,\s*[0-9a-fA-F.:]+(?:\/\d{1,3})?)*)$/.test(v.trim()), {
        error: "phải là loopback, false, số proxy (1, 2) hoặc danh sách IP/mạng, ví dụ 10.0.0.5,192.168.1.0/24 / must be loopback, false, a hop count or IP list",
      })
      .transform((v) => (v.trim() === "false" ? false : /^\d+$/.test(v.trim()) ? Number(v.trim()) : v.trim())),
    DATA_DIR: z.string().min(1).default("./data"),
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, { error: "phải bắt đầu bằng postgres:// / must start with postgres://" })
        .optional(),
    ),
    OFFICE_NAME: z.string().min(1).default("Phòng Giáo dục và Đào tạo huyện Củ Chi"),
    OFFICE_EMAIL: z.email({ error: "phải là địa chỉ email / must be an email address" }).default("cntt.cc@hcm.edu.vn"),
    OFFICE_GUIDANCE: z.string().min(3).max(200).default("CV 396/GDĐT-CNTT ngày 21/03/2023"),
    REPORT_DUE_DAY: int(20, 1, 28),
    REPORT_CUTOFF: z
      .enum(["start-of-day", "end-of-day"], { error: "phải là start-of-day hoặc end-of-day / must be start-of-day or end-of-day" })
      .default("start-of-day"),
    SELF_ASSESSMENT_DISTRICT_DUE: dayMonth("20/05"),
    SELF_ASSESSMENT_NATIONAL_DUE: dayMonth("31/05"),
    KNOWLEDGE_DIR: optionalString,
    LANG_LEXICON: optionalString,
    LLM_BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/, error: "phải là địa chỉ http(s) / must be an http(s) URL" }).optional()),
    LLM_MODEL: optionalString,
    LLM_API_KEY: optionalString,
    LLM_TIMEOUT_MS: int(8_000, 100, 120_000),
    IMAP_URL: optionalString.pipe(
      z
        .url({ protocol: /^imaps?$/, error: "phải có dạng imaps://người-dùng:mật-khẩu@máy:cổng / must be an imap(s):// URL" })
        .refine((u) => URL.canParse(u) && new URL(u).hostname !== "" && new URL(u).username !== "", {
          error: "thiếu máy chủ hoặc người dùng: imaps://người-dùng:mật-khẩu@máy:cổng / needs a host and a user",
        })
        .optional(),
    ),
    IMAP_ALLOW_PLAIN: bool(false),
    IMAP_PROCESSED_FOLDER: z.string().min(1).default("Đã xử lý"),
    IMAP_REVIEW_FOLDER: z.string().min(1).default("Cần xem xét"),
    IMAP_RECHECK_SECONDS: int(60, 1, 3600),
    MAIL_MAX_ATTACHMENT_MB: int(10, 1, 100),
    MAIL_MAX_MESSAGE_MB: int(25, 1, 100),
    MAIL_MAX_INFLATED_MB: int(100, 1, 1000),
    MAIL_PARSE_TIMEOUT_SECONDS: int(20, 1, 600),
    SMTP_URL: optionalString.pipe(
      z.url({ protocol: /^smtps?$/, error: "phải có dạng smtp(s)://người-dùng:mật-khẩu@máy:cổng / must be an smtp(s):// URL" }).optional(),
    ),
    SMTP_ALLOW_INSECURE: bool(false),
    MAIL_FROM: z.string().min(3).default("Trợ lý chuyển đổi số <no-reply@localhost>"),
    REMINDERS_ENABLED: bool(true),
    REMINDER_CRON: z
      .string()
      .default("0 8 * * *")
      .refine((v) => cron.validate(v), { error: "không phải biểu thức cron hợp lệ, ví dụ “0 8 * * *” (8 giờ sáng mỗi ngày) / not a valid cron expression" }),
    REMINDER_CALENDAR: optionalString,
    REMINDER_CHAT_RATE: int(5, 1, 100),
    QUIET_HOURS: z
      .string()
      .default("07-21")
      .pipe(z.string().regex(/^\d{1,2}-\d{1,2}$/, { error: "phải có dạng giờ-bắt-đầu-giờ-kết-thúc, ví dụ 07-21 / must look like 07-21" }))
      .transform((v) => {
        const [start, end] = v.split("-").map(Number) as [number, number];
        return { start, end };
      })
      .refine((q) => q.start >= 0 && q.end <= 24 && q.start < q.end, { error: "giờ không hợp lệ / invalid hours" }),
    CLOCK_NOW: optionalString.pipe(
      z.iso.datetime({ offset: true, error: "phải là thời điểm ISO, ví dụ 2025-09-10T09:00:00+07:00 / must be an ISO date-time" }).optional(),
    ),
    DEMO_DATA: bool(true),
    LINK_CODE_TTL_DAYS: int(14, 1, 365),

    WEB_CHAT_ENABLED: bool(true),
    WEB_CHAT_RATE_PER_MINUTE: int(30, 1, 10_000),
    METRICS_TOKEN: secret,

    DASHBOARD_ENABLED: bool(true),
    DASHBOARD_SESSION_HOURS: int(12, 1, 24 * 30),
    DASHBOARD_ADMIN_USERNAME: z.string().regex(/^[a-zA-Z0-9._-]{2,64}$/, "chỉ gồm chữ không dấu, số, . _ - / letters, digits, . _ - only").default("admin"),
    DASHBOARD_ADMIN_PASSWORD: optionalString.pipe(z.string().min(10, "cần ít nhất 10 ký tự / at least 10 characters").optional()),

    ZALO_BOT_TOKEN: botToken,
    ZALO_API_ROOT: httpUrl("https://bot-api.zaloplatforms.com"),
    ZALO_UPDATE_MODE: updateMode.default("webhook"),
    ZALO_WEBHOOK_SECRET: secret,
    ZALO_WEBHOOK_URL: optionalHttpsUrl,
    ZALO_POLL_TIMEOUT_S: int(30, 1, 60),

    TELEGRAM_BOT_TOKEN: botToken,
    TELEGRAM_API_ROOT: httpUrl("https://api.telegram.org"),
    TELEGRAM_UPDATE_MODE: updateMode.default("polling"),
    TELEGRAM_WEBHOOK_SECRET: secret,
    TELEGRAM_WEBHOOK_URL: optionalHttpsUrl,

    SHUTDOWN_TIMEOUT_MS: int(10_000, 100, 120_000),
    HEAP_GROWING_PERCENT: int(20, 0, 400),
  })
  .superRefine((env, ctx) => {
    if (env.ZALO_BOT_TOKEN && env.ZALO_UPDATE_MODE === "webhook" && !env.ZALO_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["ZALO_WEBHOOK_SECRET"],
        message: "bắt buộc khi ZALO_UPDATE_MODE=webhook / required when ZALO_UPDATE_MODE=webhook",
      });
    }
    if (env.TELEGRAM_BOT_TOKEN && env.TELEGRAM_UPDATE_MODE === "webhook" && !env.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["TELEGRAM_WEBHOOK_SECRET"],
        message: "bắt buộc khi TELEGRAM_UPDATE_MODE=webhook / required when TELEGRAM_UPDATE_MODE=webhook",
      });
    }
  });

type Env = z.output<typeof schema>;

/** Every environment variable the service reads. */
export const CONFIG_VARIABLES = Object.keys(schema.shape);

export type UpdateMode = z.infer<typeof updateMode>;

export interface Config {
  env: Env["NODE_ENV"];
  logLevel: Env["LOG_LEVEL"];
  /** trustProxy: whose X-Forwarded-For is believed (express "trust proxy"): the login limiter and logs see the real client IP. */
  http: { host: string; port: number; trustProxy: string | number | false };
  dataDir: string;
  database: { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string };
  office: { name: string; email: string; guidance: string };
  deadlines: DeadlineRules;
  /** Folder of the knowledge corpus (Markdown entries + sources.yaml). */
  knowledgeDir?: string;
  /** The language lexicon file (default src/lang/lexicon.yaml). */
  langLexicon?: string;
  llm?: { baseUrl: string; model: string; apiKey?: string; timeoutMs: number };
  smtp: { url?: string; allowInsecure: boolean; from: string };
  imap?: { url: string; allowPlain: boolean; processedFolder: string; reviewFolder: string; recheckSeconds: number };
  /** Limits on what an inbound email may make us read. */
  mailLimits: { maxAttachmentBytes: number; maxInflatedBytes: number; parseTimeoutMs: number; maxMessageBytes: number };
  reminders: { enabled: boolean; cron: string; calendarFile?: string; quiet: { start: number; end: number }; chatRatePerSecond: number };
  /** Pinned "now" (CLOCK_NOW), for demonstrations and checks. */
  clockNow?: Date;
  demoData: boolean;
  linkCodeTtlDays: number;
  webChat: { enabled: boolean; ratePerMinute: number };
  /** Bearer token for GET /metrics from another machine (without it, only this machine may scrape). */
  metricsToken?: string;
  dashboard: { enabled: boolean; sessionHours: number; adminUsername: string; adminPassword?: string };
  zalo?: { token: string; apiRoot: string; mode: UpdateMode; webhookSecret?: string; webhookUrl?: string; pollTimeoutS: number };
  telegram?: { token: string; apiRoot: string; mode: UpdateMode; webhookSecret?: string; webhookUrl?: string };
  shutdownTimeoutMs: number;
  /** How much the JS heap may grow past what is live before a full collection (0 = V8's own rule). */
  heapGrowingPercent: number;
  /** Values that must never appear in logs. */
  secrets: string[];
}

export class ConfigError extends Error {
  readonly problems: { variable: string; message: string }[];

  constructor(problems: { variable: string; message: string }[]) {
    super(
      problems
        .map((p) => `Cấu hình không hợp lệ / invalid configuration: ${p.variable} — ${p.message}`)
        .join("\n"),
    );
    this.problems = problems;
    this.name = "ConfigError";
  }
}

/** Parses an environment (default: `process.env`, after reading `.env` if present). */
export function loadConfig(source?: Record<string, string | undefined>): Config {
  const envSource = source ?? readProcessEnv();
  const parsed = schema.safeParse(envSource);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? "?"),
        message: issue.code === "invalid_value" && !issue.message.includes("/")
          ? `giá trị không hợp lệ / invalid value (${(issue as { values?: unknown[] }).values?.join(", ")})`
          : issue.message,
      })),
    );
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    http: { host: e.HOST, port: e.PORT, trustProxy: e.TRUST_PROXY },
    dataDir,
    database: e.DATABASE_URL
      ? { kind: "postgres", url: e.DATABASE_URL }
      : { kind: "pglite", dataDir: path.join(dataDir, "pglite") },
    office: { name: e.OFFICE_NAME, email: e.OFFICE_EMAIL, guidance: e.OFFICE_GUIDANCE },
    deadlines: {
      quarterlyDueDay: e.REPORT_DUE_DAY,
      cutoff: e.REPORT_CUTOFF,
      selfAssessmentDistrict: e.SELF_ASSESSMENT_DISTRICT_DUE,
      selfAssessmentNational: e.SELF_ASSESSMENT_NATIONAL_DUE,
    },
    knowledgeDir: e.KNOWLEDGE_DIR ? path.resolve(e.KNOWLEDGE_DIR) : undefined,
    langLexicon: e.LANG_LEXICON ? path.resolve(e.LANG_LEXICON) : undefined,
    llm: e.LLM_BASE_URL && e.LLM_MODEL
      ? { baseUrl: e.LLM_BASE_URL.replace(/\/+$/, ""), model: e.LLM_MODEL, apiKey: e.LLM_API_KEY, timeoutMs: e.LLM_TIMEOUT_MS }
      : undefined,
    reminders: {
      enabled: e.REMINDERS_ENABLED,
      cron: e.REMINDER_CRON,
      calendarFile: e.REMINDER_CALENDAR ? path.resolve(e.REMINDER_CALENDAR) : undefined,
      quiet: e.QUIET_HOURS,
      chatRatePerSecond: e.REMINDER_CHAT_RATE,
    },
    imap: e.IMAP_URL
      ? { url: e.IMAP_URL, allowPlain: e.IMAP_ALLOW_PLAIN, processedFolder: e.IMAP_PROCESSED_FOLDER, reviewFolder: e.IMAP_REVIEW_FOLDER, recheckSeconds: e.IMAP_RECHECK_SECONDS }
      : undefined,
    mailLimits: { maxAttachmentBytes: e.MAIL_MAX_ATTACHMENT_MB * 1024 * 1024, maxInflatedBytes: e.MAIL_MAX_INFLATED_MB * 1024 * 1024, parseTimeoutMs: e.MAIL_PARSE_TIMEOUT_SECONDS * 1000, maxMessageBytes: e.MAIL_MAX_MESSAGE_MB * 1024 * 1024 },
    smtp: { url: e.SMTP_URL, allowInsecure: e.SMTP_ALLOW_INSECURE, from: e.MAIL_FROM },
    clockNow: e.CLOCK_NOW ? new Date(e.CLOCK_NOW) : undefined,
    demoData: e.DEMO_DATA,
    linkCodeTtlDays: e.LINK_CODE_TTL_DAYS,
    webChat: { enabled: e.WEB_CHAT_ENABLED, ratePerMinute: e.WEB_CHAT_RATE_PER_MINUTE },
    metricsToken: e.METRICS_TOKEN,
    dashboard: { enabled: e.DASHBOARD_ENABLED, sessionHours: e.DASHBOARD_SESSION_HOURS, adminUsername: e.DASHBOARD_ADMIN_USERNAME, adminPassword: e.DASHBOARD_ADMIN_PASSWORD },
    zalo: e.ZALO_BOT_TOKEN
      ? {
          token: e.ZALO_BOT_TOKEN,
          apiRoot: e.ZALO_API_ROOT.replace(/\/+$/, ""),
          mode: e.ZALO_UPDATE_MODE,
          webhookSecret: e.ZALO_WEBHOOK_SECRET,
          webhookUrl: e.ZALO_WEBHOOK_URL,
          pollTimeoutS: e.ZALO_POLL_TIMEOUT_S,
        }
      : undefined,
    telegram: e.TELEGRAM_BOT_TOKEN
      ? {
          token: e.TELEGRAM_BOT_TOKEN,
          apiRoot: e.TELEGRAM_API_ROOT.replace(/\/+$/, ""),
          mode: e.TELEGRAM_UPDATE_MODE,
          webhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
          webhookUrl: e.TELEGRAM_WEBHOOK_URL,
        }
      : undefined,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    heapGrowingPercent: e.HEAP_GROWING_PERCENT,
    secrets: [
      e.ZALO_BOT_TOKEN,
      e.ZALO_WEBHOOK_SECRET,
      e.TELEGRAM_BOT_TOKEN,
      e.TELEGRAM_WEBHOOK_SECRET,
      e.DATABASE_URL ? passwordOf(e.DATABASE_URL) : undefined,
      e.LLM_API_KEY,
      e.SMTP_URL ? passwordOf(e.SMTP_URL) : undefined,
      e.IMAP_URL ? passwordOf(e.IMAP_URL) : undefined,
      e.DASHBOARD_ADMIN_PASSWORD,
      e.METRICS_TOKEN,
    ].filter((s): s is string => !!s && s.length >= 4),
  };
}

function passwordOf(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

function readProcessEnv(): Record<string, string | undefined> {
  const envFile = path.resolve(".env");
  if (fs.existsSync(envFile)) process.loadEnvFile(envFile);
  return process.env;
}

/**
 * DATA_DIR must be a directory this process can create and write (the embedded database, kept
 * mail): checked before start-up, so an unusable path is one line naming the variable instead of
 * a database that never opens.
 */
export function checkDataDir(config: Pick<Config, "dataDir">): void {
  try {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.accessSync(config.dataDir, fs.constants.W_OK);
    if (!fs.statSync(config.dataDir).isDirectory()) throw new Error("not a directory");
  } catch (err) {
    throw new ConfigError([{ variable: "DATA_DIR", message: `không tạo hoặc ghi được thư mục ${config.dataDir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}) / directory not usable` }]);
  }
}

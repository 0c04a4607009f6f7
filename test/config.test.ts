import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import fs from "node:fs";
import { parseEnv } from "node:util";
import { CONFIG_VARIABLES, ConfigError, loadConfig } from "../src/config.ts";

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => p.variable);
    throw err;
  }
  return [];
}

describe("configuration", () => {
  it("defaults to the embedded database under ./data and the Củ Chi office", () => {
    const c = loadConfig({});
    expect(c.database).toEqual({ kind: "pglite", dataDir: expect.stringMatching(/data\/pglite$/) });
    expect(c.office.email).toBe("cntt.cc@hcm.edu.vn");
    expect(c.zalo).toBeUndefined();
    expect(c.http).toEqual({ host: "127.0.0.1", port: 3000, trustProxy: "loopback" });
  });

  it("switches to PostgreSQL with DATABASE_URL and keeps its password out of logs", () => {
    const c = loadConfig({ DATABASE_URL: "postgres://cds:s3cr%40t-pw@db.local:5432/cds" });
    expect(c.database).toEqual({ kind: "postgres", url: "postgres://cds:s3cr%40t-pw@db.local:5432/cds" });
    expect(c.secrets).toContain("s3cr@t-pw");
  });

  it(".env.example lists every variable, and loads as it is", () => {
    const example = parseEnv(fs.readFileSync(".env.example", "utf8"));
    expect(Object.keys(example).sort()).toEqual([...CONFIG_VARIABLES].sort());
    expect(loadConfig(example).office.name).toBe("Phòng Giáo dục và Đào tạo huyện Củ Chi");
  });

  it.each([
    [{ PORT: "abc" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ OFFICE_EMAIL: "not-an-email" }, "OFFICE_EMAIL"],
    [{ WEB_CHAT_ENABLED: "maybe" }, "WEB_CHAT_ENABLED"],
    [{ ZALO_BOT_TOKEN: "no-colon", ZALO_UPDATE_MODE: "polling" }, "ZALO_BOT_TOKEN"],
    [{ ZALO_BOT_TOKEN: "123:abc", ZALO_UPDATE_MODE: "both" }, "ZALO_UPDATE_MODE"],
    [{ ZALO_BOT_TOKEN: "123:abcdef", ZALO_UPDATE_MODE: "webhook" }, "ZALO_WEBHOOK_SECRET"],
    [{ ZALO_WEBHOOK_SECRET: "short" }, "ZALO_WEBHOOK_SECRET"],
    [{ ZALO_WEBHOOK_URL: "http://insecure.example/webhooks/zalo" }, "ZALO_WEBHOOK_URL"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
  ])("names the variable of a bad value: %o", (env, variable) => {
    expect(problemsOf(env)).toEqual([variable]);
  });

  it("stops `npm start` with one readable line naming the variable, without echoing secrets", () => {
    const token = "987654:do-not-print-this-token";
    const result = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: { ...process.env, PORT: "not-a-port", ZALO_BOT_TOKEN: token, ZALO_UPDATE_MODE: "polling", DATA_DIR: "/nonexistent/never-created" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toEqual([
      "Cấu hình không hợp lệ / invalid configuration: PORT — phải là số nguyên 0–65535 / must be an integer 0–65535",
    ]);
    expect(result.stdout + result.stderr).not.toContain("do-not-print");
  });

  it("refuses the edge values that used to misbehave, each naming its variable", () => {
    expect(problemsOf({ PORT: "" })).toEqual(["PORT"]); // not a random port
    expect(problemsOf({ PORT: "  " })).toEqual(["PORT"]);
    expect(problemsOf({ IMAP_URL: "imaps://" })).toEqual(["IMAP_URL"]); // not retried forever
    expect(problemsOf({ IMAP_URL: "imaps://mail.example.vn:993" })).toEqual(["IMAP_URL"]);
    expect(problemsOf({ IMAP_URL: "imaps://cntt:pw@mail.example.vn:993" })).toEqual([]);
    expect(problemsOf({ REMINDER_CRON: "every morning" })).toEqual(["REMINDER_CRON"]);
    expect(problemsOf({ REMINDER_CRON: "0 25 * * *" })).toEqual(["REMINDER_CRON"]);
    expect(problemsOf({ REMINDER_CRON: "30 7 * * 1-5" })).toEqual([]);
    expect(problemsOf({ TRUST_PROXY: "maybe" })).toEqual(["TRUST_PROXY"]);
  });

  it("stops on a DATA_DIR it cannot create or write, with one line naming it", () => {
    const file = `${fs.mkdtempSync("/tmp/cds-datadir-")}/a-file`;
    fs.writeFileSync(file, "x");
    for (const dir of [file, `${file}/below-a-file`]) {
      const result = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], { env: { ...process.env, DATA_DIR: dir, PORT: "0" }, encoding: "utf8", timeout: 60_000 });
      expect(result.status).toBe(1);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toContain("Cấu hình không hợp lệ / invalid configuration: DATA_DIR — không tạo hoặc ghi được thư mục");
    }
  });

  it("ends a CLI flag with a wrong value or an unknown flag in one usage line, not a stack trace", () => {
    for (const args of [["--school", "X", "--ttl-days", "abc"], ["--school", "X", "--no-such-flag"]]) {
      const result = spawnSync(process.execPath, ["--import", "tsx", "src/registry/cli/codes.ts", ...args], { env: { ...process.env, DATA_DIR: fs.mkdtempSync("/tmp/cds-cli-") }, encoding: "utf8", timeout: 60_000 });
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/^Tham số không hợp lệ \/ invalid arguments: /);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

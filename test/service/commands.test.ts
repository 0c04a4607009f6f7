/**
 * The commands as a user runs them (real processes): `npm start` serves the chat and stops
 * cleanly on SIGTERM; the registry tools; `zalo:set-webhook` against the Zalo emulator.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ZaloEmulator } from "../../src/channels/zalo/emulator/emulator.ts";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cds-commands-"));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
const baseEnv = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "info", PORT: "0", NODE_ENV: "test" };

function runTool(script: string, args: string[], env: Record<string, string | undefined> = {}) {
  return spawnSync(process.execPath, ["--import", "tsx", script, ...args], { env: { ...baseEnv, ...env }, encoding: "utf8", timeout: 60_000 });
}

describe("commands", () => {
  it("npm start: builds dist/, serves the chat page from it, answers, and stops cleanly on SIGTERM", async () => {
    // What "prestart" then "start" run: the build, then plain JavaScript without a TypeScript loader.
    const built = spawnSync(process.execPath, ["src/build.mjs"], { env: baseEnv, encoding: "utf8", timeout: 60_000 });
    expect(built.status, built.stderr).toBe(0);
    expect(fs.existsSync("dist/main.js")).toBe(true);
    const child = spawn(process.execPath, ["--max-semi-space-size=2", "dist/main.js"], { env: baseEnv, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start-up line in: ${out}`)), 45_000);
      child.stdout.on("data", () => {
        const m = /mở (http:\/\/\S+)\/ để trò chuyện thử/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    expect(await (await fetch(`${url}/`)).text()).toContain("Trợ lý chuyển đổi số");
    const res = await fetch(`${url}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userId: "start-test-user", text: "trợ giúp" }),
    });
    expect(((await res.json()) as { replies: string[] }).replies[0]).toContain("Hướng dẫn sử dụng");
    // Demo data: one link code per demo school in the log.
    expect(out.match(/demo link code for .*liên kết [A-Z0-9]{4}-[A-Z0-9]{4}/g)).toHaveLength(4);

    child.kill("SIGTERM");
    const code = await new Promise<number | null>((r) => child.on("close", r));
    expect(code).toBe(0);
    expect(out).toContain('"msg":"stopped"');
    expect(fs.existsSync(path.join(dataDir, "pglite.lock"))).toBe(false);
  }, 180_000);

  it("schools:import and codes: import the registry, report bad rows, issue a link code", () => {
    const csv = path.join(dataDir, "schools.csv");
    fs.writeFileSync(csv, "code,name,level,emails\nTHCS-MOI,Trường THCS Mới,THCS,moi@example.edu.vn\nX Y,Sai mã,THCS,\n");
    const imported = runTool("src/registry/cli/import.ts", [csv]);
    expect(imported.status).toBe(1); // one bad row
    expect(imported.stdout).toContain("Trường: thêm mới 1, cập nhật 0, không đổi 0, lỗi 1");
    expect(imported.stdout).toContain("dòng 3: code:");

    const codes = runTool("src/registry/cli/codes.ts", ["--school", "THCS-MOI"]);
    expect(codes.status).toBe(0);
    expect(codes.stdout).toMatch(/Trường THCS Mới: mã liên kết [A-Z0-9]{4}-[A-Z0-9]{4}/);

    const unknown = runTool("src/registry/cli/codes.ts", ["--school", "KHONG-CO"]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("Không có trường mã KHONG-CO");
  }, 180_000); // several tool processes, each starting tsx and the database: slow on a loaded 2-core CI machine

  it("zalo:set-webhook registers the URL and secret with Zalo, and --delete removes it", async () => {
    const emulator = await new ZaloEmulator().start();
    try {
      const env = {
        ZALO_BOT_TOKEN: emulator.token,
        ZALO_API_ROOT: emulator.apiRoot,
        ZALO_WEBHOOK_URL: "https://cds.example.vn/webhooks/zalo",
        ZALO_WEBHOOK_SECRET: "set-webhook-secret",
      };
      const set = spawn(process.execPath, ["--import", "tsx", "src/channels/zalo/cli/set-webhook.ts"], { env: { ...baseEnv, ...env } });
      let out = "";
      set.stdout.on("data", (d: Buffer) => (out += d.toString()));
      expect(await new Promise((r) => set.on("close", r))).toBe(0);
      expect(out).toContain("Đã đăng ký webhook");
      expect(emulator.webhook).toMatchObject({ url: "https://cds.example.vn/webhooks/zalo", secret: "set-webhook-secret" });
      expect(out).not.toContain(emulator.token);

      const del = spawn(process.execPath, ["--import", "tsx", "src/channels/zalo/cli/set-webhook.ts", "--delete"], { env: { ...baseEnv, ...env } });
      expect(await new Promise((r) => del.on("close", r))).toBe(0);
      expect(emulator.webhook).toBeUndefined();
    } finally {
      await emulator.stop();
    }
  }, 180_000); // several tool processes, each starting tsx and the database: slow on a loaded 2-core CI machine
});

describe("npm run report:show", () => {
  it("prints a school's report with every version as JSON", async () => {
    const { openDatabase } = await import("../../src/db/client.ts");
    const { ensureQuarterPeriod, fileVersion } = await import("../../src/reports/store.ts");
    const { DEFAULT_DEADLINE_RULES } = await import("../../src/domain/periods.ts");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cds-show-"));
    try {
      const db = await openDatabase({ kind: "pglite", dataDir: path.join(dir, "pglite") });
      const school = await db.prisma.school.create({ data: { code: "THCS-TT2", name: "Trường THCS Thị Trấn 2", level: "THCS", emails: [] } });
      const period = await ensureQuarterPeriod(db.prisma, { year: 2025, quarter: 3 }, DEFAULT_DEADLINE_RULES);
      for (const [when, done] of [["2025-09-12T10:00:00+07:00", "Tập huấn 20 GV"], ["2025-09-21T10:00:00+07:00", "Tập huấn 30 GV"]] as const) {
        const rows = { "2": { status: "da_hoan_thanh", progressPercent: 100, done } };
        await fileVersion(db.prisma, { schoolId: school.id, periodId: period.id, source: "chat", actor: { type: "system" }, rows, mode: "replace", now: new Date(when), rules: DEFAULT_DEADLINE_RULES });
      }
      await db.close();
      const r = runTool("src/reports/cli/show.ts", ["--school", "THCS-TT2", "--period", "2025-Q3", "--json"], { DATA_DIR: dir });
      expect(r.status).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.school).toEqual({ code: "THCS-TT2", name: "Trường THCS Thị Trấn 2" });
      expect(out.versions.map((v: { version: number; status: string; late: boolean; referenceNo: string; items: { done: string }[] }) => [v.version, v.status, v.late, v.referenceNo, v.items[0]!.done])).toEqual([
        [1, "superseded", false, "BC-2025Q3-THCS-TT2-v1", "Tập huấn 20 GV"],
        [2, "submitted", true, "BC-2025Q3-THCS-TT2-v2", "Tập huấn 30 GV"],
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000); // several tool processes, each starting tsx and the database: slow on a loaded 2-core CI machine
});

describe("npm run reminders", () => {
  it("--dry-run --json prints one line per planned message and sends nothing; --pause removes a school", async () => {
    const { openDatabase } = await import("../../src/db/client.ts");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cds-reminders-"));
    try {
      const db = await openDatabase({ kind: "pglite", dataDir: path.join(dir, "pglite") });
      await db.prisma.school.create({ data: { code: "TH-A", name: "Trường A", level: "TH", emails: ["a@example.edu.vn"] } });
      await db.prisma.school.create({ data: { code: "TH-B", name: "Trường B", level: "TH", emails: ["b@example.edu.vn"] } });
      await db.close();
      const env = { DATA_DIR: dir };
      const dry = runTool("src/reminders/cli.ts", ["--dry-run", "--at", "2025-09-16T08:00:00+07:00", "--json"], env);
      expect(dry.status).toBe(0);
      const lines = dry.stdout.trim().split("\n").map((l) => JSON.parse(l));
      expect(lines.map((l) => [l.period, l.school, l.stage, l.channel, l.recipient])).toEqual([
        ["2025-Q3", "TH-A", "T-3", "email", "a@example.edu.vn"],
        ["2025-Q3", "TH-B", "T-3", "email", "b@example.edu.vn"],
      ]);
      expect(lines[0].text).toContain("Nhắc hạn: Trường A chưa nộp báo cáo quý 3/2025 — hạn trước ngày 20/09/2025 (thứ Bảy), còn 3 ngày.");
      expect(runTool("src/reminders/cli.ts", ["--pause", "TH-B"], env).stdout).toContain("TH-B: tạm dừng nhắc hạn.");
      const after = runTool("src/reminders/cli.ts", ["--dry-run", "--at", "2025-09-16T08:00:00+07:00", "--json"], env);
      expect(after.stdout.trim().split("\n").map((l) => JSON.parse(l).school)).toEqual(["TH-A"]);
      const check = await openDatabase({ kind: "pglite", dataDir: path.join(dir, "pglite") });
      expect(await check.prisma.reminderSend.count()).toBe(0);
      await check.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000); // several tool processes, each starting tsx and the database: slow on a loaded 2-core CI machine
});

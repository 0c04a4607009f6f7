/** Every channel runs the same pipeline: the same text gets the same answer on Zalo, web and CLI. */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZaloEmulator } from "../../src/channels/zalo/emulator/emulator.ts";
import { createLocalChat } from "../../src/channels/local/local-chat.ts";
import { texts } from "../../src/bot/texts.ts";
import type { Database } from "../../src/db/client.ts";
import type { Service } from "../../src/service.ts";
import { engines, openTestDatabase } from "../helpers/db.ts";
import { captureLogger, chat, startTestService, testConfig } from "../helpers/service.ts";
import { createBotDeps } from "../../src/bot/deps.ts";

const SECRET = "same-answers-secret";
const OFFICE = { name: "Phòng Giáo dục và Đào tạo huyện Củ Chi", email: "cntt.cc@hcm.edu.vn" };
const INPUTS = ["trợ giúp", "/help", "tro giup", "bắt đầu", "hủy", "liên kết QQQQ-QQQQ", "hạn nộp báo cáo quý 3 là ngày nào?", "phụ lục 3 có những cột nào", "giá vàng hôm nay", "👍"];

describe.each(engines)("same answers on every channel (%s)", (engine) => {
  let db: Database;
  let emulator: ZaloEmulator;
  let service: Service;

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    emulator = await new ZaloEmulator().start();
    service = await startTestService(db, {
      ZALO_BOT_TOKEN: emulator.token,
      ZALO_API_ROOT: emulator.apiRoot,
      ZALO_UPDATE_MODE: "webhook",
      ZALO_WEBHOOK_SECRET: SECRET,
    });
    emulator.webhook = { url: `${service.url}/webhooks/zalo`, secret: SECRET, updatedAt: Date.now() };
  });
  afterAll(async () => {
    await service.stop();
    await emulator.stop();
    await db.close();
  });

  it("Zalo, the web chat API and the CLI channel reply identically", async () => {
    const cli = createLocalChat("cli", createBotDeps(testConfig(), db.prisma, captureLogger().logger).deps);
    for (const [i, text] of INPUTS.entries()) {
      await emulator.deliver(emulator.userSays("same-zalo", text));
      const zalo = (await emulator.waitForSent("same-zalo", i + 1)).at(-1)!.text;
      const [web] = await chat(service, "same-answers-web", text);
      const [viaCli] = await cli.send("same-answers-cli", text);
      expect({ text, web, cli: viaCli }).toEqual({ text, web: zalo, cli: zalo });
    }
    // And each channel stored its own conversation.
    const conversations = await db.prisma.conversation.findMany({ select: { channel: true } });
    expect(conversations.map((c) => c.channel).sort()).toEqual(["cli", "web", "zalo"]);
  });
});

describe("npm run chat (the terminal)", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cds-cli-"));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("answers lines typed on standard input through the pipeline", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/channels/cli/main.ts"], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "silent" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.stdin.end("trợ giúp\nliên kết QQQQ-QQQQ\nthoát\n");
    const code = await new Promise<number | null>((r) => child.on("close", r));
    expect({ code, err }).toEqual({ code: 0, err: "" });
    expect(out).toContain(texts.help(OFFICE));
    expect(out).toContain(texts.linkUnknown);
  });
});

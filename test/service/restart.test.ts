/** The embedded database on disk: a restart keeps everything; two processes never share it. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startService } from "../../src/service.ts";
import { openDatabase } from "../../src/db/client.ts";
import { captureLogger, chat, testConfig } from "../helpers/service.ts";

describe("restart on the embedded database", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cds-restart-"));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const config = testConfig({ DATA_DIR: dataDir, DEMO_DATA: "true" });

  it("keeps conversations, messages, links and demo data across a restart, and loads the demo once", async () => {
    const { logger, lines } = captureLogger();
    const first = await startService(config, { logger });
    expect(first.db.appliedMigrations.length).toBeGreaterThan(0);
    const codeLine = lines.find((l) => l.includes("Trường TH-THCS Tân Trung: liên kết"));
    const code = /liên kết ([A-Z0-9-]+)/.exec(JSON.parse(codeLine!).msg)![1]!;
    expect(await chat(first, "restart-user-01", `liên kết ${code}`)).toEqual([expect.stringContaining("Trường TH-THCS Tân Trung")]);
    await chat(first, "restart-user-01", "câu hỏi trước khi khởi động lại");
    await first.stop();

    const second = await startService(config, { logger: captureLogger().logger });
    try {
      expect(second.db.appliedMigrations).toEqual([]);
      expect(await second.db.prisma.school.count()).toBe(4); // demo not loaded twice
      const conv = await second.db.prisma.conversation.findUniqueOrThrow({
        where: { channel_chatId: { channel: "web", chatId: "restart-user-01" } },
        include: { messages: { orderBy: { createdAt: "asc" } } },
      });
      expect(conv.messages.map((m) => m.direction)).toEqual(["in", "out", "in", "out"]);
      expect(conv.messages[2]!.text).toBe("câu hỏi trước khi khởi động lại");
      const [welcome] = await chat(second, "restart-user-01", "bắt đầu");
      expect(welcome).toContain("đang được liên kết với Trường TH-THCS Tân Trung");
      // Replies after the restart are recorded too (local message ids no longer restart at 1).
      const after = await second.db.prisma.chatMessage.findMany({ where: { conversationId: conv.id }, orderBy: { createdAt: "asc" }, select: { direction: true, text: true } });
      expect(after.map((m) => m.direction)).toEqual(["in", "out", "in", "out", "in", "out"]);
      expect(after[5]!.text).toBe(welcome);
    } finally {
      await second.stop();
    }
  });

  it("refuses to open a data directory another live process holds", async () => {
    const held = await openDatabase(config.database);
    try {
      // Make the lock name another live process (our parent) as its owner.
      fs.writeFileSync(path.join(dataDir, "pglite.lock"), String(process.ppid));
      await expect(openDatabase(config.database)).rejects.toThrow(/đang được tiến trình \d+ sử dụng/);
    } finally {
      fs.writeFileSync(path.join(dataDir, "pglite.lock"), String(process.pid));
      await held.close();
    }
    expect(fs.existsSync(path.join(dataDir, "pglite.lock"))).toBe(false);
  });
});

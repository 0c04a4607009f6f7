/** Failures reach the officer on the board, not only the log (over real HTTP, PGlite). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import type { Service } from "../../src/service.ts";
import { openTestDatabase } from "../helpers/db.ts";
import { startTestService } from "../helpers/service.ts";

describe("dashboard problems", () => {
  let db: Database;
  let service: Service;
  beforeAll(async () => {
    db = await openTestDatabase("pglite");
    service = await startTestService(db, { DASHBOARD_ADMIN_USERNAME: "canbo", DASHBOARD_ADMIN_PASSWORD: "mat-khau-can-bo-2025", CLOCK_NOW: "2025-09-10T09:00:00+07:00" });
  });
  afterAll(async () => {
    await service.stop();
    await db.close();
  });

  const board = async () => {
    const login = await fetch(`${service.url}/dashboard/login`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ username: "canbo", password: "mat-khau-can-bo-2025" }) });
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    return (await fetch(`${service.url}/dashboard/periods/2025-Q3`, { headers: { cookie } })).text();
  };

  it("shows nothing when all is well, then each kind of failure with what to do", async () => {
    expect(await board()).not.toContain("data-problems");
    await db.prisma.outboundEmail.create({ data: { kind: "reply", to: ["thcs@example.edu.vn"], subject: "Re: báo cáo", text: "x", status: "failed", attempts: 8, lastError: "535 Authentication failed" } });
    await db.prisma.inboundUpdate.create({ data: { channel: "zalo", updateId: "message.text.received:1", payload: {}, status: "failed", attempts: 1, error: "boom" } });
    await db.prisma.inboundEmail.create({ data: { rawSha256: "a".repeat(64), status: "quarantined", subject: "Báo cáo" } });
    const page = await board();
    expect(page).toContain("data-problems");
    expect(page).toContain("1 thư gửi đi không gửi được sau mọi lần thử");
    expect(page).toContain("535 Authentication failed");
    expect(page).toContain("1 tin nhắn Zalo/Telegram xử lý lỗi");
    expect(page).toContain("1 thư đến bị cách ly");
  });
});

/**
 * A mail's files on the dashboard (real HTTP, PGlite): a kept file downloads as it came; a file
 * not kept (above the attachment limit) is listed with its size and why, not linked, and its
 * address says why instead of a bare "not found".
 */
import { randomBytes } from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import { createLogger } from "../../src/logger.ts";
import { DEFAULT_LIMITS } from "../../src/mail/inbound/extract/index.ts";
import { ingestRaw } from "../../src/mail/inbound/ingest.ts";
import { Outbox } from "../../src/mail/outbound/outbox.ts";
import type { Service } from "../../src/service.ts";
import { openTestDatabase } from "../helpers/db.ts";
import { ingestDeps, TEST_OFFICE } from "../helpers/mail.ts";
import { startTestService } from "../helpers/service.ts";

const MB = 1024 * 1024;

describe("a mail's files on the dashboard", () => {
  let db: Database;
  let service: Service;
  let cookie: string;
  let mailId: string;
  const small = randomBytes(3_000);
  beforeAll(async () => {
    db = await openTestDatabase("pglite");
    service = await startTestService(db, { DASHBOARD_ADMIN_USERNAME: "canbo", DASHBOARD_ADMIN_PASSWORD: "mat-khau-can-bo-2025" });
    const outbox = new Outbox(db.prisma, undefined, { from: "Trợ lý <tro-ly@example.vn>", logger: createLogger({ level: "silent", secrets: [] }) });
    const raw = await new MailComposer({
      from: "a@example.edu.vn", to: TEST_OFFICE.email, messageId: "<files@example.edu.vn>", subject: "Minh chứng", text: "Gửi Phòng.",
      attachments: [{ filename: "danh-sach.csv", content: small }, { filename: "video-tiet-day.mp4", content: randomBytes(2 * MB) }],
    }).compile().build();
    mailId = (await ingestRaw({ ...ingestDeps(db.prisma, outbox), limits: { ...DEFAULT_LIMITS, maxAttachmentBytes: 1 * MB } }, raw)).id;
    const login = await fetch(`${service.url}/dashboard/login`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ username: "canbo", password: "mat-khau-can-bo-2025" }) });
    cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  });
  afterAll(async () => {
    await service.stop();
    await db.close();
  });

  it("links the kept file, lists the one not kept with why, and its address says so", async () => {
    const files = await db.prisma.attachment.findMany({ where: { inboundEmailId: mailId }, orderBy: { filename: "asc" } });
    expect(files.map((f) => [f.filename, f.content === null])).toEqual([["danh-sach.csv", false], ["video-tiet-day.mp4", true]]);
    const [kept, dropped] = files;
    const page = await (await fetch(`${service.url}/dashboard/emails/${mailId}`, { headers: { cookie } })).text();
    expect(page).toContain(`href="/dashboard/attachments/${kept!.id}"`);
    expect(page).not.toContain(`href="/dashboard/attachments/${dropped!.id}"`);
    expect(page).toMatch(/video-tiet-day\.mp4 \([^)]*2 MB\) — <em>không lưu: lớn hơn giới hạn<\/em>/);

    const download = await fetch(`${service.url}/dashboard/attachments/${kept!.id}`, { headers: { cookie } });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(small)).toBe(true);
    const gone = await fetch(`${service.url}/dashboard/attachments/${dropped!.id}`, { headers: { cookie } });
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain("Tệp “video-tiet-day.mp4” (2 MB) không được lưu trên hệ thống");
    const unknown = await fetch(`${service.url}/dashboard/attachments/khong-co`, { headers: { cookie } });
    expect(await unknown.text()).toContain("Không có tệp này.");
  });
});

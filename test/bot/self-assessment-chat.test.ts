/** A question about the self-assessment is answered; only a request opens the form; "hủy đi ad", "hủy", "để sau" stop it (fourth and fourteenth trials). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import type { Service } from "../../src/service.ts";
import { issueLinkCode } from "../../src/registry/link-codes.ts";
import { engines, openTestDatabase } from "../helpers/db.ts";
import { chat, startTestService } from "../helpers/service.ts";

describe.each(engines)("self-assessment by chat on %s", (engine) => {
  let db: Database;
  let service: Service;
  const user = "web-sa-principal";

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    service = await startTestService(db, { CLOCK_NOW: "2025-09-10T09:00:00+07:00" });
    const school = await db.prisma.school.create({ data: { code: "TH-TTCC", name: "Trường Tiểu học Thị Trấn Củ Chi", level: "TH", emails: [] } });
    const { code } = await issueLinkCode(db.prisma, { schoolId: school.id, ttlDays: 14 });
    await chat(service, user, `liên kết ${code}`);
  });
  afterAll(async () => {
    await service.stop();
    await db.close();
  });

  it("answers a question about it instead of opening the form", async () => {
    const replies = await chat(service, user, "tu danh gia lam tren he thong nao");
    expect(replies.join("\n")).not.toContain("trường tự chấm được bao nhiêu điểm");
    expect(await db.prisma.dialogueState.count()).toBe(0);
  });

  it("opens on a request, and “huy di ad” stops it", async () => {
    const opened = await chat(service, user, "bat dau tu danh gia");
    expect(opened.join("\n")).toContain("trường tự chấm được bao nhiêu điểm");
    const cancelled = await chat(service, user, "huy di ad");
    expect(cancelled.join("\n")).toContain("Đã dừng tự đánh giá");
    // The next message is a question again, not an answer to the form.
    const next = await chat(service, user, "72");
    expect(next.join("\n")).not.toContain("Điều kiện bắt buộc");
  });

  it("a bare “hủy” and “để sau” say how to go on with the self-assessment (“tự đánh giá”), not “báo cáo” (trial 14)", async () => {
    for (const stop of ["hủy", "để sau"]) {
      await chat(service, user, "bat dau tu danh gia");
      const stopped = (await chat(service, user, stop)).join("\n");
      expect(stopped, stop).toContain("Đã dừng tự đánh giá");
      expect(stopped, stop).toContain("gõ “tự đánh giá” để làm tiếp");
      expect(stopped, stop).not.toContain("gõ “báo cáo”");
    }
  });
});

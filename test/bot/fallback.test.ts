/** The last stop of the chat: only real unanswered questions are kept for the district's IT staff. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import type { Service } from "../../src/service.ts";
import { engines, openTestDatabase } from "../helpers/db.ts";
import { chat, startTestService } from "../helpers/service.ts";

describe.each(engines)("fallback on %s", (engine) => {
  let db: Database;
  let service: Service;

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    service = await startTestService(db);
  });
  afterAll(async () => {
    await service.stop();
    await db.close();
  });

  it("thanks, 👍, gibberish and a request for a phone number get a reply on the spot and are not forwarded", async () => {
    for (const text of ["👍", "cam on ad", "ok a", "asdkjh qwe", "???", "ad cho e xin sdt truong phong", "giá vàng hôm nay bao nhiêu"]) {
      const [reply] = await chat(service, "web-fallback-1", text);
      expect(reply, text).not.toContain("sẽ được trả lời sau");
    }
    expect(await db.prisma.unansweredQuestion.count()).toBe(0);
  });

  it("a real question the documents do not cover is kept for the staff", async () => {
    const q = "trường em có được cấp thêm tiền mua máy tính bảng cho lớp 5 không";
    const [reply] = await chat(service, "web-fallback-2", q);
    expect(reply).toContain("Tôi đã chuyển câu hỏi tới cán bộ CNTT");
    expect((await db.prisma.unansweredQuestion.findMany()).map((u) => u.question)).toEqual([q]);
  });
});

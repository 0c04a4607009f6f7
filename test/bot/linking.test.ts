/** Linking a chat account to a school with a one-time code, through the web chat API. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import type { Service } from "../../src/service.ts";
import { issueLinkCode, MAX_FAILED_LINK_ATTEMPTS_PER_HOUR } from "../../src/registry/link-codes.ts";
import { engines, openTestDatabase } from "../helpers/db.ts";
import { chat, startTestService } from "../helpers/service.ts";

describe.each(engines)("linking on %s", (engine) => {
  let db: Database;
  let service: Service;
  let schoolId: string;

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    service = await startTestService(db);
    const school = await db.prisma.school.create({
      data: { code: "TH-TTCC", name: "Trường Tiểu học Thị Trấn Củ Chi", level: "TH", emails: [] },
    });
    schoolId = school.id;
  });
  afterAll(async () => {
    await service.stop();
    await db.close();
  });

  const issue = (ttlDays = 14, now?: Date) => issueLinkCode(db.prisma, { schoolId, ttlDays, now });

  it("links once with a valid code, typed without diacritics, lower-case, without the dash", async () => {
    const { code } = await issue();
    const typed = `lien ket ${code.toLowerCase().replace("-", " ")}`;
    const [reply] = await chat(service, "web-user-linker-1", typed);
    expect(reply).toBe("Đã liên kết thành công với Trường Tiểu học Thị Trấn Củ Chi. Từ nay thầy/cô có thể báo cáo thay cho trường trong cuộc trò chuyện này.");
    const account = await db.prisma.chatAccount.findUniqueOrThrow({
      where: { channel_externalId: { channel: "web", externalId: "web-user-linker-1" } },
      include: { contact: true },
    });
    expect(account.contact?.schoolId).toBe(schoolId);
    expect(account.linkedAt).not.toBeNull();

    // The same account repeating the code: told it is already linked, nothing duplicated.
    const [again] = await chat(service, "web-user-linker-1", `liên kết ${code}`);
    expect(again).toContain("đã được liên kết với Trường Tiểu học Thị Trấn Củ Chi");
    expect(await db.prisma.contact.count({ where: { schoolId } })).toBe(1);

    // Welcome now names the school.
    const [welcome] = await chat(service, "web-user-linker-1", "/start");
    expect(welcome).toContain("đang được liên kết với Trường Tiểu học Thị Trấn Củ Chi");
  });

  it("reads the code in “lien ket MWHP-5MQ2 nha” and “liên kết abcd efgh ạ” (words after it are no part of it)", async () => {
    for (const [user, typed] of [["web-user-linker-nha", (c: string) => `lien ket ${c} nha`], ["web-user-linker-a", (c: string) => `liên kết ${c.toLowerCase().replace("-", " ")} ạ`]] as const) {
      const { code } = await issue();
      const [reply] = await chat(service, user, typed(code));
      expect(reply, user).toContain("Đã liên kết thành công");
    }
  });

  it("refuses a code already used by someone else", async () => {
    const { code } = await issue();
    await chat(service, "web-user-first-1", `liên kết ${code}`);
    const [reply] = await chat(service, "web-user-second-1", `liên kết ${code}`);
    expect(reply).toContain("Mã này đã được sử dụng");
    const second = await db.prisma.chatAccount.findUniqueOrThrow({
      where: { channel_externalId: { channel: "web", externalId: "web-user-second-1" } },
    });
    expect(second.contactId).toBeNull();
  });

  it("refuses an expired code and a wrong code, in Vietnamese", async () => {
    const { code } = await issue(1, new Date(Date.now() - 2 * 86_400_000));
    expect(await chat(service, "web-user-late-01", `liên kết ${code}`)).toEqual([expect.stringContaining("Mã này đã hết hạn")]);
    expect(await chat(service, "web-user-late-01", "liên kết ZZZZ-ZZZZ")).toEqual([expect.stringContaining("Mã liên kết không đúng")]);
    expect(await chat(service, "web-user-late-01", "liên kết")).toEqual([expect.stringContaining("liên kết K7M2-Q9XP")]);
  });

  it("stops guessing after too many wrong codes, even for a valid one", async () => {
    for (let i = 0; i < MAX_FAILED_LINK_ATTEMPTS_PER_HOUR; i++) {
      await chat(service, "web-user-guesser", `liên kết AAAA-AAA${i}`);
    }
    const { code } = await issue();
    expect(await chat(service, "web-user-guesser", `liên kết ${code}`)).toEqual([expect.stringContaining("nhập sai mã quá nhiều lần")]);
    const account = await db.prisma.chatAccount.findUniqueOrThrow({
      where: { channel_externalId: { channel: "web", externalId: "web-user-guesser" } },
    });
    expect(account.contactId).toBeNull();
  });

  it("lets exactly one of two simultaneous redeemers have the code", async () => {
    const { code } = await issue();
    const replies = await Promise.all([
      chat(service, "web-user-race-a", `liên kết ${code}`),
      chat(service, "web-user-race-b", `liên kết ${code}`),
    ]);
    const ok = replies.filter(([r]) => r!.includes("Đã liên kết thành công"));
    expect(ok).toHaveLength(1);
    const linked = await db.prisma.chatAccount.count({
      where: { externalId: { in: ["web-user-race-a", "web-user-race-b"] }, contactId: { not: null } },
    });
    expect(linked).toBe(1);
  });
});

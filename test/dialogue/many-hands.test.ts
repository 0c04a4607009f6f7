/**
 * One report, many hands: who may move a form, and what each source of a version may touch.
 * End to end over the Zalo emulator (group chats included) with e-mail ingestion and officer
 * entry writing to the same database, on PGlite and PostgreSQL.
 */
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZaloEmulator } from "../../src/channels/zalo/emulator/emulator.ts";
import { manualClock } from "../../src/clock.ts";
import type { Database } from "../../src/db/client.ts";
import { DEFAULT_DEADLINE_RULES } from "../../src/domain/periods.ts";
import { ingestRaw } from "../../src/mail/inbound/ingest.ts";
import { Outbox } from "../../src/mail/outbound/outbox.ts";
import { issueLinkCode } from "../../src/registry/link-codes.ts";
import { ensureQuarterPeriod, fileVersion } from "../../src/reports/store.ts";
import type { Service } from "../../src/service.ts";
import { createLogger } from "../../src/logger.ts";
import { engines, openTestDatabase } from "../helpers/db.ts";
import { ingestDeps, TEST_OFFICE } from "../helpers/mail.ts";
import { startTestService } from "../helpers/service.ts";
import { pointWebhook, zaloEnv, ZaloUser } from "../helpers/zalo-chat.ts";

describe.each(engines)("one report, many hands (%s)", (engine) => {
  let db: Database;
  let emulator: ZaloEmulator;
  let service: Service;
  const clock = manualClock("2025-09-10T09:00:00+07:00");
  const schools: Record<"x" | "y", string> = { x: "", y: "" };

  const linked = async (school: "x" | "y", id: string, name: string, group?: string) => {
    // Linking happens in a private chat with the bot; the person then writes in the group.
    const me = new ZaloUser(emulator, () => service, id, name);
    const { code } = await issueLinkCode(db.prisma, { schoolId: schools[school], ttlDays: 7 });
    expect((await me.say(`liên kết ${code}`))[0]).toContain("Đã liên kết thành công");
    return group ? new ZaloUser(emulator, () => service, id, name, group) : me;
  };
  const filed = (school: "x" | "y") =>
    db.prisma.report.findMany({ where: { schoolId: schools[school], status: { not: "draft" } }, orderBy: { version: "asc" }, include: { items: { orderBy: { taskCode: "asc" } } } });
  const draftOf = async (school: "x" | "y") => db.prisma.report.findFirst({ where: { schoolId: schools[school], status: "draft" }, include: { items: { orderBy: { taskCode: "asc" } } } });

  /** School X's registered address mails an addendum to its quarter-3 report (ingested as the mailbox would). */
  const schoolXMails = async (id: string, lines: string[]) => {
    const outbox = new Outbox(db.prisma, undefined, { from: "tro-ly@example.vn", logger: createLogger({ level: "silent", secrets: [] }) });
    const raw = await new MailComposer({
      from: "thxuanthoi@example.edu.vn", to: TEST_OFFICE.email, messageId: `<${id}@example.edu.vn>`, subject: "Bổ sung báo cáo quý 3/2025",
      text: ["Kính gửi Phòng,", "Trường bổ sung báo cáo quý 3/2025:", ...lines, "Trân trọng."].join("\n"),
    }).compile().build();
    return ingestRaw(ingestDeps(db.prisma, outbox), raw, new Date("2025-09-11T08:00:00+07:00"));
  };

  beforeEach(async () => {
    clock.set("2025-09-10T09:00:00+07:00");
    db = await openTestDatabase(engine);
    emulator = await new ZaloEmulator().start();
    schools.x = (await db.prisma.school.create({ data: { code: "TH-X", name: "Trường Tiểu học Xuân Thới", level: "TH", emails: ["thxuanthoi@example.edu.vn"] } })).id;
    schools.y = (await db.prisma.school.create({ data: { code: "THCS-Y", name: "Trường THCS Yên Thế", level: "THCS", emails: [] } })).id;
    service = await startTestService(db, zaloEnv(emulator), { clock });
    pointWebhook(emulator, service);
  });
  afterEach(async () => {
    await service.stop();
    await emulator.stop();
    await db.close();
  });

  it("in one group chat, a principal of another school can neither read nor move a form", async () => {
    const a = await linked("x", "z-a", "Lê Văn An", "g-cum-1");
    const b = await linked("y", "z-b", "Phạm Thị Bé", "g-cum-1");
    await a.script(["báo cáo", "2"]);
    // B answers the row A was asked, then confirms: none of it reaches A's form.
    const bRow = await b.say("Đã xong 100%. Mua 5 máy chiếu");
    expect(bRow.join("\n")).not.toContain("Đã ghi mục 2");
    await b.say("xác nhận");
    expect(await filed("x")).toHaveLength(0);
    expect((await draftOf("x"))!.items.filter((i) => i.done)).toHaveLength(0);
    // A's form is exactly where A left it.
    const aRow = await a.say("Đang làm 60%. Tập huấn 18 giáo viên. Quý tới: tập huấn tiếp");
    expect(aRow[0]).toContain("Đã ghi mục 2");
    // B's own "báo cáo" opens B's school's report, not A's.
    const [bOpen] = await b.say("báo cáo");
    expect(bOpen).toContain("Trường THCS Yên Thế");
    expect(bOpen).not.toContain("Xuân Thới");
    await a.say("xác nhận");
    const [x] = await filed("x");
    expect(x!.items.map((i) => [i.taskCode, i.done])).toEqual([["2", "Tập huấn 18 giáo viên"]]);
    const forms = await db.prisma.dialogueState.findMany({ include: { account: true } });
    expect(forms.map((f) => f.account.externalId)).toEqual(["z-b"]);
  });

  it("two messages sent in quick succession are handled in order: the second answers the form the first opened", async () => {
    const a = await linked("x", "z-quick", "Lê Văn An");
    // The second delivered right after the first is stored — the webhook answers 200 then and handles
    // it afterwards — so before the first is answered (a principal typing fast). Not both at once: two
    // requests racing on two database connections may be stored in either order.
    const statuses = [await emulator.deliver(emulator.userSays("z-quick", "báo cáo", "Lê Văn An")), await emulator.deliver(emulator.userSays("z-quick", "2", "Lê Văn An"))];
    expect(statuses).toEqual([200, 200]);
    await service.idle();
    const [form] = await db.prisma.dialogueState.findMany();
    expect(form!.state).toMatchObject({ flow: "quarterly", step: { row: "2" } });
    const row = await a.say("Đang làm 60%. Tập huấn 18 giáo viên. Quý tới: tập huấn tiếp");
    expect(row[0]).toContain("Đã ghi mục 2");
  });

  it("an e-mailed report never takes a principal's open draft; the principal is told and may keep their own", async () => {
    const hoa = await linked("x", "z-hoa", "Nguyễn Thị Hoa");
    await hoa.script(["báo cáo", "2 8", "Đang làm 50%. Tập huấn 10 giáo viên. Quý tới: tập huấn thêm"]);
    expect(await schoolXMails("bosung-9", ["Mục 9: Đã hoàn thành. Cập nhật hồ sơ học bạ số cho 100% học sinh."])).toMatchObject({ outcome: "filed" });
    const [byMail] = await filed("x");
    expect(byMail).toMatchObject({ version: 1, source: "email" });
    expect(byMail!.items.map((i) => i.taskCode)).toEqual(["9"]);
    const draft = await draftOf("x");
    expect(draft!.items.map((i) => [i.taskCode, i.done])).toEqual([["2", "Tập huấn 10 giáo viên"]]);
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: "report.submitted", entityId: byMail!.id } });
    expect(audit).toMatchObject({ actorType: "email" });
    expect(audit.actorId).toBeTruthy();

    const [told] = await hoa.say("Đã xong. Dạy trực tuyến 3 lớp");
    expect(told).toContain("trường vừa nộp phiên bản 1 báo cáo quý 3/2025 qua email");
    expect(told).toContain("Phiên bản mới thay đổi mục 9.");
    expect((await draftOf("x"))!.items.map((i) => i.taskCode)).toEqual(["2"]); // the message was not applied
    expect((await hoa.say("không"))[0]).toContain("Đã giữ bản nháp của thầy/cô");
    await hoa.script(["Đã xong. Dạy trực tuyến 3 lớp", "không", "xác nhận"]);
    const all = await filed("x");
    expect(all.map((v) => [v.version, v.status, v.source])).toEqual([[1, "superseded", "email"], [2, "submitted", "chat"]]);
    expect(all[1]!.items.map((i) => i.taskCode)).toEqual(["2", "8"]);
  });

  it("says which rows the newer version changed, and which both changed", async () => {
    const hoa = await linked("x", "z-hoa5", "Nguyễn Thị Hoa");
    await hoa.script(["báo cáo", "2", "Đang làm 50%. Tập huấn 10 giáo viên. Quý tới: tập huấn thêm"]);
    expect(await schoolXMails("bosung-2-9", ["Mục 2: Đã hoàn thành. Tập huấn 30 giáo viên.", "Mục 9: Đã hoàn thành. Học bạ số 100%."])).toMatchObject({ outcome: "filed" });
    const [told] = await hoa.say("xem lại");
    expect(told).toContain("Phiên bản mới thay đổi các mục 2, 9.");
    expect(told).toContain("Mục 2 cả hai bên cùng sửa");
  });

  it("an officer's entry on behalf of the school files from the form only and leaves the chat draft alone", async () => {
    const hoa = await linked("x", "z-hoa2", "Nguyễn Thị Hoa");
    await hoa.script(["báo cáo", "4", "Đang làm 40%. Số hóa hồ sơ lớp 1. Quý tới: số hóa tiếp"]);
    const period = await ensureQuarterPeriod(db.prisma, { year: 2025, quarter: 3 }, DEFAULT_DEADLINE_RULES);
    const staff = await db.prisma.staffUser.create({ data: { username: "cb.cntt", name: "Cán bộ CNTT", passwordHash: "x", role: "officer" } });
    const v1 = await fileVersion(db.prisma, { schoolId: schools.x, periodId: period.id, source: "dashboard", actor: { type: "staff", id: staff.id }, rows: { "7": { status: "da_hoan_thanh", done: "Đã lắp wifi" }, "8": {} }, mode: "replace", now: clock.now(), rules: DEFAULT_DEADLINE_RULES });
    expect((await db.prisma.reportItem.findMany({ where: { reportId: v1.id } })).map((i) => i.taskCode)).toEqual(["7"]); // the empty row is not kept
    expect((await draftOf("x"))!.items.map((i) => [i.taskCode, i.done])).toEqual([["4", "Số hóa hồ sơ lớp 1"]]);
    expect(await db.prisma.auditLog.findFirst({ where: { action: "report.submitted", entityId: v1.id } })).toMatchObject({ actorType: "staff", actorId: staff.id });
    const [told] = await hoa.say("xem lại");
    expect(told).toContain("do cán bộ Phòng nhập");
  });

  it("two versions filed at the same moment get two numbers, each superseding the one before", async () => {
    const period = await ensureQuarterPeriod(db.prisma, { year: 2025, quarter: 3 }, DEFAULT_DEADLINE_RULES);
    const file = (done: string) => fileVersion(db.prisma, { schoolId: schools.y, periodId: period.id, source: "email", actor: { type: "system" }, rows: { "2": { status: "da_hoan_thanh", done } }, mode: "replace", now: clock.now(), rules: DEFAULT_DEADLINE_RULES });
    const made = await Promise.all(["A", "B", "C", "D", "E", "F", "G", "H"].map(file));
    expect(made.map((r) => r.version).sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const all = await filed("y");
    expect(all.map((r) => r.status)).toEqual([...Array(7).fill("superseded"), "submitted"]);
    expect(all.slice(1).map((r) => r.supersedesId)).toEqual(all.slice(0, -1).map((r) => r.id));
  });

  it("checks at every step that the form is the person's own and for their school", async () => {
    const hoa = await linked("x", "z-hoa3", "Nguyễn Thị Hoa");
    await hoa.script(["báo cáo", "2"]);
    // The district moves this person to another school while the form is open.
    const account = await db.prisma.chatAccount.findFirstOrThrow({ where: { externalId: "z-hoa3" } });
    await db.prisma.contact.update({ where: { id: account.contactId! }, data: { schoolId: schools.y } });
    const [stopped] = await hoa.say("Đã xong 100%. Tập huấn 30 giáo viên");
    expect(stopped).toContain("không thuộc tài khoản của thầy/cô");
    expect((await draftOf("x"))!.items.filter((i) => i.done)).toHaveLength(0);
    expect(await db.prisma.dialogueState.count()).toBe(0);
  });

  it("resets an unreadable form state with an apology and keeps the draft", async () => {
    const hoa = await linked("x", "z-hoa4", "Nguyễn Thị Hoa");
    await hoa.script(["báo cáo", "2", "Đang làm 50%. Tập huấn 10 giáo viên. Quý tới: tập huấn thêm"]);
    await db.prisma.dialogueState.updateMany({ data: { state: { flow: "quarterly", step: { kind: "no-such-step" } } } });
    const replies = await hoa.say("3");
    expect(replies[0]).toContain("không đọc được bước đang làm dở");
    expect((await hoa.say("báo cáo")).join("\n")).toContain("Tập huấn 10 giáo viên");
  });
});

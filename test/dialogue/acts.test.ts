/**
 * Every act of the report form, each in at least five everyday phrasings (with and without
 * diacritics, Zalo style), through the real pipeline: Zalo webhook → grammY → dialogue →
 * database (PGlite) → replies. Each case gets its own school, so drafts never mix. The same
 * acts run on PostgreSQL in quarterly.test.ts (one phrasing each); this table runs on PGlite to
 * keep CI short.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZaloEmulator } from "../../src/channels/zalo/emulator/emulator.ts";
import { manualClock } from "../../src/clock.ts";
import type { Database } from "../../src/db/client.ts";
import { issueLinkCode } from "../../src/registry/link-codes.ts";
import type { Service } from "../../src/service.ts";
import { openTestDatabase } from "../helpers/db.ts";
import { startTestService } from "../helpers/service.ts";
import { pointWebhook, zaloEnv, ZaloUser } from "../helpers/zalo-chat.ts";

let db: Database;
let emulator: ZaloEmulator;
let service: Service;
const clock = manualClock("2025-09-10T09:00:00+07:00");
let n = 0;

beforeAll(async () => {
  db = await openTestDatabase("pglite");
  emulator = await new ZaloEmulator().start();
  service = await startTestService(db, zaloEnv(emulator), { clock });
  pointWebhook(emulator, service);
});
afterAll(async () => {
  await service.stop();
  await emulator.stop();
  await db.close();
});

/** A principal of a school of their own, linked, with the given lines already said. */
async function principal(setup: string[] = []) {
  n++;
  const school = await db.prisma.school.create({ data: { code: `S${n}`, name: `Trường Tiểu học Số ${n} Phước Hiệp`, level: "TH", emails: [] } });
  const user = new ZaloUser(emulator, () => service, `z-act-${n}`, "Hiệu trưởng");
  const { code } = await issueLinkCode(db.prisma, { schoolId: school.id, ttlDays: 7 });
  expect((await user.say(`liên kết ${code}`))[0]).toContain("Đã liên kết thành công");
  await user.script(setup);
  const items = async () => {
    const r = await db.prisma.report.findFirst({ where: { schoolId: school.id }, orderBy: { version: "desc" }, include: { items: { orderBy: { taskCode: "asc" } } } });
    return r?.items ?? [];
  };
  const state = async () => ((await db.prisma.dialogueState.findFirst({ where: { conversation: { chatId: user.id } } }))?.state ?? null) as { step?: { kind: string; row?: string }; paused?: boolean } | null;
  return { user, school, items, state };
}

describe("opening the form in everyday wording", () => {
  it.each([
    "thầy muốn gửi báo cáo CĐS quý 3",
    "làm bc quý III nhé",
    "em nộp báo cáo quý này ạ",
    "gui bao cao quy 3 nha ad",
    "Dạ em gửi báo cáo ạ",
    "bat dau lam bc",
  ])("%s", async (text) => {
    const { user } = await principal();
    const [prompt] = await user.say(text);
    expect(prompt).toContain("Báo cáo quý 3/2025 — Trường Tiểu học Số");
    expect(prompt).toContain("Quý này trường có hoạt động ở những mục nào?");
  });

  it.each(["hạn nộp báo cáo quý 3 là ngày nào", "bc gui ve email nao", "báo cáo quý nộp trễ có sao không", "phụ lục 3 gồm những cột nào", "bao cao quy 4 han khi nao"])(
    "a question about reports is answered, not a form: %s",
    async (text) => {
      const { user, state } = await principal();
      const [answer] = await user.say(text);
      expect(answer).toContain("Nguồn:");
      expect(await state()).toBeNull();
    },
  );
});

describe("confirming on the summary", () => {
  it.each(["ok nộp luôn", "đúng hết rồi gửi giúp em", "xac nhan", "nộp đi ad", "chốt", "dong y nop"])("%s", async (text) => {
    const { user, school } = await principal(["báo cáo", "không có"]);
    const [receipt] = await user.say(text);
    expect(receipt).toContain("Đã nộp báo cáo quý 3/2025");
    expect(await db.prisma.report.count({ where: { schoolId: school.id, status: "submitted" } })).toBe(1);
  });
});

describe("skipping a row", () => {
  it.each(["thôi bỏ qua", "bo qua", "không có", "mục này không có", "skip", "ko co"])("%s", async (text) => {
    const { user, items } = await principal(["báo cáo", "2 4"]);
    const replies = await user.say(text);
    expect(replies.join("\n")).toContain("Mục 4 (2/2).");
    expect(await items()).toEqual([]);
  });
});

describe("skipping the rest", () => {
  it.each(["bỏ qua mấy mục còn lại", "bo qua het", "còn lại không có", "bỏ qua tất cả", "cac muc con lai khong co"])("%s", async (text) => {
    const { user, items, state } = await principal(["báo cáo", "2 4 7", "Xong. Tập huấn 20 giáo viên"]);
    const replies = await user.say(text);
    expect(replies.join("\n")).toContain("(bản nháp, phiên bản 1)");
    expect((await state())?.step?.kind).toBe("review");
    expect((await items()).map((i) => i.taskCode)).toEqual(["2"]);
  });
});

describe("status in everyday words", () => {
  it.each([
    ["chưa triển khai", "chua_thuc_hien", 0],
    ["chua trien khai", "chua_thuc_hien", 0],
    ["được một nửa, đã lắp wifi 10 phòng", "dang_thuc_hien", 50],
    ["xong rồi, đã cập nhật đủ dữ liệu", "da_hoan_thanh", 100],
    ["dang lam 70%, da tap huan 2 dot", "dang_thuc_hien", 70],
    ["Hoàn thành 100%. Đưa học bạ lên hệ thống", "da_hoan_thanh", 100],
    // Third trial: a progress value inside a sentence, and "hoàn thành 70%" (70% done is under way).
    ["Tập huấn 20 giáo viên, đạt 70%", "dang_thuc_hien", 70],
    ["da tap huan 20 gv dat 70 phan tram", "dang_thuc_hien", 70],
    ["dạ mục này trường em đạt 70% rồi ạ", "dang_thuc_hien", 70],
    ["hoan thanh 70%", "dang_thuc_hien", 70],
    ["tap huan xong 20 GV, hoan thanh 70% ke hoach nha", "dang_thuc_hien", 70],
    ["Đã triển khai cho 3 khối, tiến độ chung đạt khoảng 70% ạ", "dang_thuc_hien", 70],
    ["tap huna 20 gv, dat 70%", "dang_thuc_hien", 70],
  ] as const)("%s", async (text, status, pct) => {
    const { user, items } = await principal(["báo cáo", "2 4"]);
    const replies = (await user.say(text)).join("\n");
    expect(replies).not.toContain("Mục 2: tình trạng?");
    expect(replies).toMatch(/Mục 2: (trong quý đã làm được gì|quý tới dự kiến làm gì)/);
    expect((await items())[0]).toMatchObject({ taskCode: "2", status, progressPercent: pct });
  });

  it.each([
    ["đạt 70%", 70],
    ["dạ em nghĩ đạt 70% ạ", 70],
    ["hoan thanh 70% roi", 70],
    ["đã tập huấn 100% giáo viên, tiến độ chung đạt 70%", 70],
    ["dat 70 phan tram r a", 70],
  ] as const)("asked for the status, “%s” is read as the progress", async (text, pct) => {
    const { user, items } = await principal(["báo cáo", "2 4", "Tập huấn 20 giáo viên. Quý tới: tập huấn thêm"]);
    const replies = (await user.say(text)).join("\n");
    expect(replies).not.toContain("Tôi chưa hiểu tình trạng");
    expect((await items())[0]).toMatchObject({ taskCode: "2", status: "dang_thuc_hien", progressPercent: pct, done: "Tập huấn 20 giáo viên" });
  });

  it.each(["chưa rõ", "chua ro", "không rõ ạ", "chưa biết", "chua biet nua"])("“%s” is accepted without a status, and not asked again", async (text) => {
    const { user } = await principal(["báo cáo", "2 4", "Tập huấn 20 giáo viên. Quý tới: tập huấn thêm"]);
    const replies = await user.say(text);
    expect(replies.join("\n")).toContain("Mục 4 (2/2).");
    expect(replies.join("\n")).not.toContain("tình trạng?");
  });
});

describe("“không có” in a part means empty; saying there is no difficulty is not a difficulty", () => {
  it.each([
    "Xong. Tập huấn 20 GV. Khó khăn: không có",
    "xong, tap huan 20 gv. kho khan: khong",
    "Đã xong, tập huấn 20 GV. Không có khó khăn gì.",
    "Xong. Tập huấn 20 GV. Không gặp khó khăn",
    "xong. tap huan 20 gv. khong co kho khan gi",
  ])("%s", async (text) => {
    const { user, items } = await principal(["báo cáo", "2"]);
    await user.say(text);
    const [item] = await items();
    expect(item).toMatchObject({ status: "da_hoan_thanh", difficulties: null });
    expect(item!.done).toMatch(/20 GV/i);
  });
});

describe("copying last quarter", () => {
  const lastQuarter = async () => {
    clock.set("2025-06-05T10:00:00+07:00");
    const p = await principal(["báo cáo", "2", "Đang làm 50%. Dạy 10 lớp trên LMS. Quý tới: mở rộng thêm lớp", "xác nhận"]);
    clock.set("2025-09-10T09:00:00+07:00");
    await p.user.script(["báo cáo", "2 4"]);
    return p;
  };

  it.each(["giống hệt quý trước", "y như quý 2", "nhu quy truoc", "như quý trước ạ", "y chang quy truoc"])("%s shows the copy and asks to keep it", async (text) => {
    const { user, items } = await lastQuarter();
    const [copied] = await user.say(text);
    expect(copied).toContain("Đã chép mục 2 từ quý trước: 2 — đang thực hiện 50% · Đã làm: Dạy 10 lớp trên LMS · Quý tới: mở rộng thêm lớp");
    expect(copied).toContain("Giữ nguyên thì gõ “ok”");
    expect((await user.say("ok"))[0]).toContain("Mục 4 (2/2).");
    expect((await items()).find((i) => i.taskCode === "2")).toMatchObject({ status: "dang_thuc_hien", done: "Dạy 10 lớp trên LMS", next: "mở rộng thêm lớp" });
  });

  it.each([
    ["như quý trước, chỉ đổi số lớp thành 12", { done: "Dạy 12 lớp trên LMS" }],
    ["nhu quy truoc nhung doi so lop thanh 12", { done: "Dạy 12 lớp trên LMS" }],
    ["giống quý trước nhưng quý tới: mở rộng 8 lớp", { next: "mở rộng 8 lớp" }],
    ["y như quý trước, có điều đã xong rồi", { status: "da_hoan_thanh" }],
    ["như quý trước nhưng khó khăn: thiếu máy tính", { difficulties: "thiếu máy tính" }],
  ] as const)("%s: copies, then applies the change", async (text, changed) => {
    const { user, items } = await lastQuarter();
    const [line, next] = await user.say(text);
    expect(line).toContain("Đã chép mục 2 từ quý trước rồi sửa theo ý thầy/cô");
    expect(next).toContain("Mục 4 (2/2).");
    expect((await items()).find((i) => i.taskCode === "2")).toMatchObject(changed);
  });
});

describe("editing a named row or part, also while another row is asked", () => {
  it.each([
    "sửa mục 2 phần kiến nghị thành: Đề nghị cấp 2 máy chiếu",
    "sua muc 2 phan kien nghi thanh Đề nghị cấp 2 máy chiếu",
    "sửa 2 kiến nghị: Đề nghị cấp 2 máy chiếu",
    "mục 2 kiến nghị: Đề nghị cấp 2 máy chiếu",
    "à quên, mục 2 kiến nghị: Đề nghị cấp 2 máy chiếu",
  ])("%s", async (text) => {
    const { user, items, state } = await principal(["báo cáo", "2 4", "Đang làm 50%. Tập huấn 10 GV. Quý tới: tập huấn thêm. Kiến nghị: cấp máy"]);
    const replies = await user.say(text);
    expect(replies[0]).toContain("Đã sửa mục 2 —");
    expect(replies.join("\n")).toContain("Mục 4 (2/2).");
    expect((await items())[0]).toMatchObject({ taskCode: "2", status: "dang_thuc_hien", done: "Tập huấn 10 GV", recommendations: "Đề nghị cấp 2 máy chiếu" });
    expect((await state())?.step).toEqual({ kind: "row", row: "4" });
  });

  it.each(["à quên, mục 2 đã xong rồi", "a quen muc 2 xong roi", "quên, mục 2 xong rồi ạ", "mục 2 đã hoàn thành", "oi muc 2 da xong"])(
    "a correction of an earlier row is applied to it, not to the row being asked: %s",
    async (text) => {
      const { user, items, state } = await principal(["báo cáo", "2 4", "Đang làm 50%. Tập huấn 10 GV. Quý tới: tập huấn thêm"]);
      await user.say(text);
      const all = await items();
      expect(all.map((i) => [i.taskCode, i.status])).toEqual([["2", "da_hoan_thanh"]]);
      expect((await state())?.step).toEqual({ kind: "row", row: "4" });
    },
  );
});

describe("pausing and resuming", () => {
  it.each(["để tối làm tiếp", "de toi lam tiep nha", "lát nữa làm tiếp", "tạm dừng", "bận quá để mai làm tiếp"])("%s", async (text) => {
    const { user, state } = await principal(["báo cáo", "2 4", "Xong. Tập huấn 20 GV"]);
    const [saved] = await user.say(text);
    expect(saved).toContain("Đã lưu bản nháp báo cáo quý 3/2025: đã điền 1 mục / 2 mục đã chọn");
    expect((await state())?.paused).toBe(true);
    const [answer] = await user.say("hạn nộp là ngày nào");
    expect(answer).toContain("trước ngày 20/09/2025");
  });

  it.each(["làm tiếp", "lam tiep bao cao", "tiếp tục", "làm tiếp báo cáo nhé", "báo cáo"])("%s resumes where it stopped", async (text) => {
    const { user, state } = await principal(["báo cáo", "2 4", "Xong. Tập huấn 20 GV. Quý tới: duy trì", "để tối làm tiếp"]);
    const replies = await user.say(text);
    expect(replies.join("\n")).toContain("Mục 4 (2/2).");
    expect((await state())?.paused).toBeUndefined();
  });
});

describe("cancelling asks first, then discards the draft", () => {
  it.each(["hủy", "ừ hủy luôn đi", "huy bao cao", "thôi không làm nữa", "xoá bản nháp"])("%s", async (text) => {
    const { user, school } = await principal(["báo cáo", "2", "Xong. Tập huấn 20 GV"]);
    const [ask] = await user.say(text);
    expect(ask).toContain("Hủy bản nháp báo cáo quý 3/2025?");
    expect(await db.prisma.report.count({ where: { schoolId: school.id } })).toBe(1);
    expect((await user.say("có"))[0]).toContain("Đã hủy bản nháp");
    expect(await db.prisma.report.count({ where: { schoolId: school.id } })).toBe(0);
  });
});

describe("a question in the middle of the form is answered, then the step repeats", () => {
  it.each(["hạn nộp là ngày nào?", "han nop bc quy nay la ngay nao?", "edugis là gì?", "mục 7 pl3 là gì?", "gửi báo cáo về email nào?"])("%s", async (text) => {
    const { user, state } = await principal(["báo cáo", "2"]);
    const [answer, again] = await user.say(text);
    expect(answer).toContain("Nguồn:");
    expect(again).toContain("Tiếp tục báo cáo:");
    expect(again).toContain("Mục 2.");
    expect((await state())?.step).toEqual({ kind: "row", row: "2" });
  });
});

describe("anything not understood gets a short hint for the step, never the knowledge base's refusal", () => {
  it.each(["asdf", "hmm", "???", "...", "ờ ờ"])("%s", async (text) => {
    const { user } = await principal(["báo cáo"]);
    const replies = await user.say(text);
    expect(replies[0]).not.toContain("Xin lỗi, các văn bản tôi có");
    expect(replies.join("\n")).toMatch(/Gõ các số mục|Quý này trường có hoạt động/);
  });
});

describe("who may report", () => {
  it("an unlinked account learns how to link or to e-mail the report", async () => {
    const stranger = new ZaloUser(emulator, () => service, "z-act-stranger", "Người lạ");
    const [reply] = await stranger.say("em muốn nộp báo cáo quý 3");
    expect(reply).toContain("Tài khoản chat này chưa liên kết với trường nào");
    expect(reply).toContain("liên kết <mã>");
    expect(reply).toContain("cntt.cc@hcm.edu.vn");
  });

  it.each(["nộp báo cáo cho trường Tiểu học Hòa Phú", "gui bao cao quy 3 cho truong TH Hoa Phu"])("an account of school X asking for school Y is told so: %s", async (text) => {
    await db.prisma.school.upsert({ where: { code: "TH-HP" }, create: { code: "TH-HP", name: "Trường Tiểu học Hòa Phú", level: "TH", emails: [] }, update: {} });
    const { user, school } = await principal();
    const [reply] = await user.say(text);
    expect(reply).toContain(`Tài khoản này đang liên kết với ${school.name}, nên chỉ nộp được báo cáo của ${school.name}.`);
    expect(reply).toContain("Trường Tiểu học Hòa Phú");
    expect(await db.prisma.report.count({ where: { schoolId: school.id } })).toBe(0);
  });
});

describe("a message naming a school that is not the sender's own never acts on the sender's report (third trial)", () => {
  const REGISTRY = [
    { code: "TH-TTCC", name: "Trường Tiểu học Thị Trấn Củ Chi", shortName: "TH Thị Trấn Củ Chi", level: "TH" },
    { code: "THCS-TT2", name: "Trường THCS Thị Trấn 2", shortName: "THCS Thị Trấn 2", level: "THCS" },
    { code: "THCS-TT1", name: "Trường THCS Thị Trấn 1", shortName: null, level: "THCS" },
    { code: "TH-THCS-TANTRUNG", name: "Trường TH-THCS Tân Trung", shortName: "TH-THCS Tân Trung", level: "TH-THCS" },
  ];
  /** A principal linked to one of the demo registry's schools (several principals may share one; drafts are per person). */
  async function principalOf(code: string) {
    for (const s of REGISTRY) await db.prisma.school.upsert({ where: { code: s.code }, create: { ...s, emails: [] }, update: {} });
    const school = await db.prisma.school.findUniqueOrThrow({ where: { code } });
    const user = new ZaloUser(emulator, () => service, `z-act-${++n}`, "Hiệu trưởng");
    const { code: link } = await issueLinkCode(db.prisma, { schoolId: school.id, ttlDays: 7 });
    expect((await user.say(`liên kết ${link}`))[0]).toContain("Đã liên kết thành công");
    const contact = await db.prisma.contact.findFirstOrThrow({ where: { schoolId: school.id }, orderBy: { createdAt: "desc" } });
    const state = async () => (await db.prisma.dialogueState.findFirst({ where: { conversation: { chatId: user.id } } }))?.state ?? null;
    const drafts = () => db.prisma.report.count({ where: { createdById: contact.id } });
    return { user, school, state, drafts };
  }

  it.each([
    "sua bc q4 truong tieu hoc thi tran",
    "sửa báo cáo quý 4 trường tiểu học thị trấn",
    "ad oi sua bc q4 truong th thi tran a",
    "sua bc q4 truong tieu hoc thi tram nha",
    "dạ em sửa bc quý IV trường Tiểu học Thị Trấn Củ Chi ạ",
    "lam bc q4 cho truong tieu hoc thi tran cc",
    "sua bc q4 truong thi tran cu chi",
  ])("a THCS Thị Trấn 2 principal naming the primary school is told, and no report is opened: %s", async (text) => {
    const { user, state, drafts } = await principalOf("THCS-TT2");
    const [reply, more] = await user.say(text);
    expect(reply).toContain("Tài khoản này đang liên kết với Trường THCS Thị Trấn 2, nên chỉ nộp được báo cáo của Trường THCS Thị Trấn 2.");
    expect(reply).toContain("Trường Tiểu học Thị Trấn Củ Chi");
    expect(reply).not.toContain("Quý này trường có hoạt động");
    expect(more).toBeUndefined();
    expect(await state()).toBeNull();
    expect(await drafts()).toBe(0);
  });

  it.each(["sua bc q4 truong tieu hoc thi tran", "sua bc q4 truong thi tran", "bc q4 truong th thi tran cu chi nha", "sửa báo cáo quý 4 trường TH Thị Trấn ạ"])(
    "a partial name that fits the sender's own school opens the sender's report: %s",
    async (text) => {
      const { user } = await principalOf("TH-TTCC");
      const replies = (await user.say(text)).join("\n"); // a colleague's draft of the same school is mentioned first
      expect(replies).toContain("Báo cáo quý 4/2025 — Trường Tiểu học Thị Trấn Củ Chi");
    },
  );

  it("a name that fits several other schools: none is opened, both are named", async () => {
    const { user, state } = await principalOf("TH-TTCC");
    const [reply] = await user.say("lam bc quy 3 truong thcs thi tran");
    expect(reply).toContain("Tài khoản này đang liên kết với Trường Tiểu học Thị Trấn Củ Chi");
    expect(reply).toMatch(/Trường THCS Thị Trấn [12] hay Trường THCS Thị Trấn [12]\?/);
    expect(await state()).toBeNull();
  });

  it.each(["sửa báo cáo trường tiểu học An Nhơn Tây", "sua bc q4 truong th an nhon tay a"])("a school that is not in the registry is not taken for the sender's own: %s", async (text) => {
    const { user, state, drafts } = await principalOf("THCS-TT2");
    const [reply] = await user.say(text);
    expect(reply).toContain("chỉ nộp được báo cáo của Trường THCS Thị Trấn 2");
    expect(reply).toContain("không có trong danh sách trường");
    expect(await state()).toBeNull();
    expect(await drafts()).toBe(0);
  });

  it.each([
    "truong thi tran cu chi nop chua",
    "Trường Thị Trấn Củ Chi nộp chưa ạ?",
    "th thi tran cu chi da nop bc chua",
    "truong tt cu chi nop bc chua v ad",
    "dạ cho em hỏi trường tiểu học thị trấn nộp báo cáo chưa",
    "truong thi tran cu chi nop chưa nha",
  ])("a status question about another school says it cannot be shown, and labels the sender's own: %s", async (text) => {
    const { user } = await principalOf("THCS-TT2");
    const [reply, more] = await user.say(text);
    expect(reply).toContain("Tôi không xem được tình trạng báo cáo của Trường Tiểu học Thị Trấn Củ Chi");
    expect(reply).toContain("Còn báo cáo của trường thầy/cô (Trường THCS Thị Trấn 2):\nTrường THCS Thị Trấn 2 chưa nộp báo cáo quý 3/2025");
    expect(reply).not.toMatch(/^Trường THCS Thị Trấn 2/);
    expect(more).toBeUndefined();
  });

  it.each(["truong thi tran cu chi nop chua", "trường em nộp chưa", "truong thi tran nop chua a"])("a status question about the sender's own school answers it: %s", async (text) => {
    const { user } = await principalOf("TH-TTCC");
    const [reply] = await user.say(text);
    expect(reply).toMatch(/^Trường Tiểu học Thị Trấn Củ Chi (chưa|đã) nộp báo cáo quý 3\/2025/);
  });
});

describe("a twelve-row report, one message per row", () => {
  it("takes at most 16 messages from the principal, and the summary fits one Zalo message", async () => {
    const { user, items } = await principal();
    const rows = ["1.1", "1.2", "2", "3.1", "3.2", "3.3", "4", "5", "6", "7", "8", "9"];
    const said: string[] = ["báo cáo", "tất cả"];
    for (const [i, r] of rows.entries()) {
      said.push(
        i % 3 === 0
          ? `Xong. Hoàn thành việc mục ${r} cho toàn trường. Quý tới: duy trì. Khó khăn: không có`
          : i % 3 === 1
            ? `Đang làm ${40 + i}%. Đã triển khai mục ${r} cho 3 khối lớp. Quý tới: mở rộng cho các khối còn lại. Kiến nghị: Phòng tập huấn thêm`
            : `chua trien khai. quy toi se bat dau muc ${r}`,
      );
    }
    let summary = "";
    for (const line of said) summary = (await user.say(line)).at(-1)!;
    expect(summary).toContain("(bản nháp, phiên bản 1)");
    expect([...summary].length).toBeLessThanOrEqual(2000);
    said.push("xác nhận");
    const [receipt] = await user.say("xác nhận");
    expect(receipt).toContain("Đã nộp báo cáo quý 3/2025");
    expect(said.length).toBeLessThanOrEqual(16);
    expect((await items()).length).toBe(12);
  });
});

describe("what a principal's trial run found (twelve conversations written by someone outside the project)", () => {
  it.each(["mục 2 với mục 8 nha", "2 vs 8", "a e nham, muc 2 va 8", "muc 2, 8 a", "2 và 8 ạ"])("rows picked among other words: %s", async (text) => {
    const { user, state } = await principal(["báo cáo"]);
    const replies = await user.say(text);
    expect(replies.join("\n")).toContain("Mục 2 (1/2).");
    expect((await state())?.step).toEqual({ kind: "row", row: "2" });
  });

  it("a row number that does not exist is named, with the list of codes, and nothing else is answered", async () => {
    const { user } = await principal(["báo cáo"]);
    const replies = await user.say("muc 10 va 2");
    expect(replies).toEqual([expect.stringContaining("Không có mục 10. Các mục: 1.1, 1.2, 2, 3.1, 3.2, 3.3, 4, 5, 6, 7, 8, 9.")]);
  });

  it.each(["han nop la ngay nao v ad", "bc gui ve email nao", "edugis la gi v", "hạn nộp bc quý này là ngày nào ạ"])("a question without “?” at a row is answered, not stored: %s", async (text) => {
    const { user, items } = await principal(["báo cáo", "2"]);
    const [answer, again] = await user.say(text);
    expect(answer).toContain("Nguồn:");
    expect(again).toContain("Tiếp tục báo cáo:");
    expect(await items()).toEqual([]);
  });

  it("“thôi hủy đi, để hỏi ý kiến phó hiệu trưởng đã” cancels (asked), and “để sau” then pauses instead", async () => {
    const { user, items, state } = await principal(["báo cáo", "3.2"]);
    expect((await user.say("thoi huy di, de hoi y kien pho hieu truong da"))[0]).toContain("Hủy bản nháp báo cáo quý 3/2025?");
    expect((await user.say("để sau"))[0]).toContain("Đã lưu bản nháp");
    expect((await state())?.paused).toBe(true);
    expect(await items()).toEqual([]);
  });

  it("“văn bản qua …” is an answer, not “bận quá” (pause)", async () => {
    const { user, items } = await principal(["báo cáo", "7"]);
    await user.say("100% van ban qua VP dien tu");
    expect((await items())[0]).toMatchObject({ taskCode: "7", status: "da_hoan_thanh", done: "100% van ban qua VP dien tu" });
  });

  it.each(["dc r a", "được rồi ạ", "ok r", "uh gui di"])("“%s” on the summary files the report", async (text) => {
    const { user } = await principal(["báo cáo", "không có"]);
    expect((await user.say(text))[0]).toContain("Đã nộp báo cáo quý 3/2025");
  });

  it("“à quên, mục 2 là xong rồi chứ ko phải đang làm” sets row 2 to done", async () => {
    const { user, items } = await principal(["báo cáo", "2 4", "Đang làm 50%. Tập huấn 10 GV. Quý tới: tập huấn thêm"]);
    await user.say("à quên, mục 2 là xong rồi chứ ko phải đang làm");
    expect((await items())[0]).toMatchObject({ taskCode: "2", status: "da_hoan_thanh" });
  });

  it("“sửa 2 phần quý tới thành: X. Khó khăn: Y” fills both parts", async () => {
    const { user, items } = await principal(["báo cáo", "2 4", "Đang làm 50%. Tập huấn 10 GV. Quý tới: tập huấn thêm"]);
    await user.say("sua 2 phan quy toi thanh: Tập huấn nốt 5 GV. Khó khăn: thiếu máy chiếu");
    expect((await items())[0]).toMatchObject({ next: "Tập huấn nốt 5 GV", difficulties: "thiếu máy chiếu" });
  });

  it("“như quý trước” when picking rows takes last quarter's rows", async () => {
    clock.set("2025-06-05T10:00:00+07:00");
    const { user } = await principal(["báo cáo", "2 8", "Xong. Tập huấn. Quý tới: duy trì", "Chưa làm. Quý tới: dạy thử", "xác nhận"]);
    clock.set("2025-09-10T09:00:00+07:00");
    await user.say("báo cáo");
    const replies = await user.say("vẫn như quý trước");
    expect(replies[0]).toContain("Các mục như quý trước: 2, 8.");
    expect(replies[1]).toContain("Mục 2 (1/2).");
  });
});

describe("what a second principal's trial run found", () => {
  it("“muc nay ko co” skips the row (nothing stored)", async () => {
    const { user, items } = await principal(["báo cáo", "2 4"]);
    expect((await user.say("muc nay ko co")).join("\n")).toContain("Mục 4 (2/2).");
    expect(await items()).toEqual([]);
  });

  it("a % in the answer about next quarter belongs to the plan, not the status", async () => {
    const { user, items } = await principal(["báo cáo", "7", "Đang làm 80%. Triển khai ký số cho tổ văn phòng"]);
    await user.say("quy toi 100% van ban ky so");
    expect((await items())[0]).toMatchObject({ status: "dang_thuc_hien", progressPercent: 80, next: "100% van ban ky so" });
  });

  it("a row answer ending in “… gì” is an answer, not a question", async () => {
    const { user, items } = await principal(["báo cáo", "7"]);
    await user.say("dang lam 80%, to chuyen mon dung VPDT, quy toi ca truong. ko co kho khan gi");
    expect((await items())[0]).toMatchObject({ status: "dang_thuc_hien", progressPercent: 80, next: "ca truong", difficulties: null });
  });

  it("“dc r a nop di” on the summary files the report", async () => {
    const { user } = await principal(["báo cáo", "không có"]);
    expect((await user.say("dc r a nop di"))[0]).toContain("Đã nộp báo cáo quý 3/2025");
  });
});

describe("an opening that names its rows", () => {
  it.each(["chao ad, truong e lam bc quy III, co muc 1.1, 3.1 va 9 a", "bc q3, truong e lam muc 2 vs 8", "em gửi báo cáo quý 3 mục 4 và 7 ạ"])("%s goes straight to the first row", async (text) => {
    const { user, state } = await principal();
    const replies = (await user.say(text)).join("\n");
    expect(replies).toMatch(/các mục [\d., ]+\./);
    expect((await state())?.step?.kind).toBe("row");
  });
});

describe("what a fourth principal's trial run found", () => {
  it.each(["sua bc q3", "sửa báo cáo quý 3", "bc q3 nha ad", "ad oi sua bc q3 a", "làm tiếp bc"])(
    "a row picked but not answered stays pending after pausing and reopening with “%s”",
    async (text) => {
      const { user, state, school } = await principal(["báo cáo", "2 6 8", "Xong. Tập huấn 20 GV. Quý tới: duy trì", "Đang làm 50%. Dạy 5 lớp trên LMS. Quý tới: thêm lớp", "để tối làm tiếp"]);
      const replies = (await user.say(text)).join("\n");
      expect(replies).toContain("Mục 8 (3/3).");
      expect(replies).not.toMatch(/Không có hoạt động:[^\n]*\b8\b/);
      expect((await state())?.step).toEqual({ kind: "row", row: "8" });
      expect(await db.prisma.report.count({ where: { schoolId: school.id, status: "submitted" } })).toBe(0);
    },
  );

  it.each(["xác nhận", "xac nhan", "ok nop luon", "chốt"])("“%s” on a summary with a picked, unanswered row asks that row instead of filing it as no activity", async (text) => {
    const { user, state, school } = await principal(["báo cáo", "2 8", "Xong. Tập huấn 20 GV. Quý tới: duy trì", "xem lại"]);
    const replies = (await user.say(text)).join("\n");
    expect(replies).toContain("Mục 8");
    expect(replies).toContain("chưa trả lời");
    expect((await state())?.step).toEqual({ kind: "row", row: "8" });
    expect(await db.prisma.report.count({ where: { schoolId: school.id, status: "submitted" } })).toBe(0);
  });

  it("the summary lists a picked, unanswered row as not answered, not as no activity", async () => {
    const { user } = await principal(["báo cáo", "2 8", "Xong. Tập huấn 20 GV. Quý tới: duy trì"]);
    const summary = (await user.say("xem lại")).join("\n");
    expect(summary).toContain("Đã chọn, chưa trả lời: 8");
    expect(summary).not.toMatch(/Không có hoạt động:[^\n]*\b8\b/);
  });
});

describe("a leading “mục N thì/là …” that names the row being answered is part of the answer (fourth trial)", () => {
  it.each([
    "muc 2 thi dang lam, dat khoang 70% roi a. da tap huan cho 28/40 gv ve khung nang luc so, quy toi tap huan not 12 gv con lai. kho khan la gv lon tuoi ngai cong nghe",
    "Mục 2 thì đang làm, đạt khoảng 70% rồi ạ. Đã tập huấn cho 28/40 GV về khung năng lực số, quý tới tập huấn nốt 12 GV còn lại. Khó khăn là GV lớn tuổi ngại công nghệ",
    "dạ mục 2 là đang làm, đạt khoảng 70% rồi ạ. đã tập huấn cho 28/40 gv về khung năng lực số, quý tới tập huấn nốt 12 gv còn lại. khó khăn là gv lớn tuổi ngại công nghệ",
    "muc 2: dang lam, dat khoang 70% r nha. da tap huan cho 28/40 gv ve khung nang luc so, quy toi tap huan not 12 gv con lai. kho khan la gv lon tuoi ngai cong nghe",
    "dang lam, dat khoang 70% roi a. da tap huan cho 28/40 gv ve khung nang luc so, quy toi tap huan not 12 gv con lai. kho khan la gv lon tuoi ngai cong nghe",
  ])("%s", async (text) => {
    const { user, items, state } = await principal(["báo cáo", "2 6 8"]);
    const replies = (await user.say(text)).join("\n");
    expect(replies).toContain("Mục 6 (2/3).");
    const [item] = await items();
    expect(item).toMatchObject({ taskCode: "2", status: "dang_thuc_hien", progressPercent: 70 });
    expect(item!.done).toMatch(/28\/40/);
    expect(item!.next).toMatch(/^t[aậ]p hu[aấ]n n[oố]t 12/i);
    expect(item!.difficulties).toMatch(/^g(v|iáo viên) l[oớ]n tu[oổ]i/i);
    expect((await state())?.step).toEqual({ kind: "row", row: "6" });
  });
});

describe("a correction of another row, with an interjection before it, goes to that row (fourth trial)", () => {
  it.each([
    "a nham, muc 2 la 75% chu ko phai 70 nha ad",
    "à nhầm, mục 2 là 75% chứ không phải 70 ạ",
    "e nham r, muc 2 la 75%",
    "xin loi, muc 2 tien do la 75% a",
    "nhầm rồi ad, mục 2 đạt 75% chứ ko phải 70",
  ])("%s", async (text) => {
    const { user, items, state } = await principal(["báo cáo", "2 6 8", "Đang làm 70%. Tập huấn 28/40 GV. Quý tới: tập huấn nốt"]);
    const replies = (await user.say(text)).join("\n");
    expect(replies).toContain("Đã sửa mục 2 — đang thực hiện 75%");
    expect(replies).toContain("Mục 6 (2/3).");
    const all = await items();
    expect(all.map((i) => i.taskCode)).toEqual(["2"]);
    expect(all[0]).toMatchObject({ status: "dang_thuc_hien", progressPercent: 75, done: "Tập huấn 28/40 GV", next: "tập huấn nốt" });
    expect((await state())?.step).toEqual({ kind: "row", row: "6" });
  });
});

describe("choosing rows: “X thì không” leaves X out; a refusal about a row removes it, never becomes its text (fourth trial)", () => {
  it.each([
    "truong e co lam muc 2, 6 vs 8 a, 1.1 thi ko",
    "trường em có làm mục 2, 6 và 8 ạ, 1.1 thì không",
    "muc 2, 6, 8 nha ad, con 1.1 thi khong co",
    "2 6 8, 1.1 ko",
    "lam muc 2 6 8 tru 1.1",
  ])("%s", async (text) => {
    const { user, state } = await principal(["báo cáo"]);
    const replies = (await user.say(text)).join("\n");
    expect(replies).toContain("Mục 2 (1/3).");
    expect((await state()) as unknown).toMatchObject({ rows: ["2", "6", "8"], step: { kind: "row", row: "2" } });
  });

  it.each(["1.1 ko co ma ad, e noi roi", "mục 1.1 không có ạ", "bỏ mục 1.1", "xóa mục 1.1", "bo qua muc 1.1 di", "xoa muc 1.1 nha ad"])(
    "asked about row 1.1, “%s” removes it and goes on, storing nothing",
    async (text) => {
      const { user, items, state } = await principal(["báo cáo", "1.1 2 6"]);
      const replies = (await user.say(text)).join("\n");
      expect(replies).toContain("Đã bỏ mục 1.1");
      expect(replies).toContain("Mục 2");
      expect(await items()).toEqual([]);
      expect((await state()) as unknown).toMatchObject({ rows: ["2", "6"], step: { kind: "row", row: "2" } });
    },
  );

  it.each(["bỏ mục 2", "xoa muc 2 nha", "bo qua muc 2 di"])("“%s” while another row is asked removes row 2 from the draft, answers and all", async (text) => {
    const { user, items, state } = await principal(["báo cáo", "2 6", "Xong. Tập huấn 20 GV. Quý tới: duy trì"]);
    const replies = (await user.say(text)).join("\n");
    expect(replies).toContain("Đã bỏ mục 2");
    expect((await items()).filter((i) => i.status || i.done)).toEqual([]);
    expect((await state()) as unknown).toMatchObject({ rows: ["6"], step: { kind: "row", row: "6" } });
    const summary = (await user.say("xem lại")).join("\n");
    expect(summary).not.toContain("• 2.");
  });

  it("“mục 2 không có ạ” about a row already answered shows it and asks, instead of deleting", async () => {
    const { user, items } = await principal(["báo cáo", "2 6", "Xong. Tập huấn 20 GV. Quý tới: duy trì"]);
    const replies = (await user.say("muc 2 ko co a")).join("\n");
    expect(replies).toContain("Mục 2 đang ghi: 2 — đã hoàn thành");
    expect(replies).toContain("xóa mục 2");
    expect((await items())[0]).toMatchObject({ status: "da_hoan_thanh", done: "Tập huấn 20 GV" });
  });
});

describe("a clause that names the task and ends in a status (“học bạ điện tử xong rồi, …”) gives the status (fourth trial)", () => {
  const said = [
    "hoc ba dien tu xong r a, 100% hs khoi 1-5 da ky so hoc ba. ko co kho khan gi",
    "Học bạ điện tử xong rồi ạ, 100% HS khối 1-5 đã ký số học bạ. Không có khó khăn gì",
    "hoc ba so da xong r nha ad, 100% hs khoi 1-5 da ky so hoc ba. k co kho khan gi",
    "hoc ba dien tu thi hoan thanh roi a, 100% hs khoi 1-5 da ky so hoc ba. ko co kho khan gi",
    "hoc ba dien tu da hoan tat, 100% hs khoi 1-5 da ky so hoc ba",
  ];
  it.each(said)("asked for the status: %s", async (text) => {
    const { user, items } = await principal(["báo cáo", "5 7", "Đưa học bạ lên hệ thống. Quý tới: duy trì"]);
    const replies = (await user.say(text)).join("\n");
    expect(replies).not.toContain("Tôi chưa hiểu tình trạng");
    expect(replies).toContain("Mục 7 (2/2).");
    expect((await items())[0]).toMatchObject({ taskCode: "5", status: "da_hoan_thanh", progressPercent: 100, done: "Đưa học bạ lên hệ thống", next: "duy trì" });
  });

  it.each(said)("as the row's answer: %s", async (text) => {
    const { user, items } = await principal(["báo cáo", "5 7"]);
    await user.say(text);
    const [item] = await items();
    expect(item).toMatchObject({ taskCode: "5", status: "da_hoan_thanh", progressPercent: 100 });
    expect(item!.done).toMatch(/^100% (hs|HS) kh[oố]i 1-5 [dđ][aã] k[yý] s[oố] h[oọ]c b[aạ]$/);
  });
});

describe("a correction with new facts that contradict the stored text shows the row and asks (fourth trial)", () => {
  const setup = ["báo cáo", "8 9", "Đang làm 50%. Dạy trực tuyến 10/20 lớp. Quý tới: thêm lớp"];
  it.each(["à quên, mục 8 đã xong rồi, 20/20 lớp", "a quen muc 8 xong r, 20/20 lop", "quên, mục 8 đã hoàn thành rồi ạ, 20/20 lớp", "oi muc 8 da xong, 20/20 lop nha ad", "à quên mục 8 xong rồi 20/20 lớp"])(
    "%s",
    async (text) => {
      const { user, items, state } = await principal(setup);
      const replies = (await user.say(text)).join("\n");
      expect(replies).toContain("Đã sửa mục 8 — đã hoàn thành");
      expect(replies).toContain("“Dạy trực tuyến 10/20 lớp”");
      expect(replies).toContain("“Dạy trực tuyến 20/20 lớp”?");
      expect((await items())[0]).toMatchObject({ taskCode: "8", status: "da_hoan_thanh", done: "Dạy trực tuyến 10/20 lớp" });
      expect((await state())?.step?.kind).toBe("replace-done");
      const after = (await user.say("có")).join("\n");
      expect(after).toContain("Mục 9 (2/2).");
      expect((await items())[0]).toMatchObject({ taskCode: "8", status: "da_hoan_thanh", done: "Dạy trực tuyến 20/20 lớp", next: "thêm lớp" });
      expect((await state())?.step).toEqual({ kind: "row", row: "9" });
    },
  );

  it("“không” keeps the stored text and goes back to the row that was asked", async () => {
    const { user, items, state } = await principal(setup);
    await user.say("à quên, mục 8 đã xong rồi, 20/20 lớp");
    expect((await user.say("không")).join("\n")).toContain("Mục 9 (2/2).");
    expect((await items())[0]).toMatchObject({ status: "da_hoan_thanh", done: "Dạy trực tuyến 10/20 lớp" });
    expect((await state())?.step).toEqual({ kind: "row", row: "9" });
  });

  it("a new count in a correction's text replaces the stored one only when confirmed", async () => {
    const { user, items } = await principal(setup);
    const replies = (await user.say("à quên, mục 8 đã xong rồi, dạy trực tuyến đủ 20 lớp")).join("\n");
    expect(replies).toContain("“Dạy trực tuyến 10/20 lớp”");
    expect(replies).toContain("Sửa phần Đã làm thành “Dạy trực tuyến 20 lớp”?");
    expect((await items())[0]).toMatchObject({ status: "da_hoan_thanh", done: "Dạy trực tuyến 10/20 lớp" });
    await user.say("co");
    expect((await items())[0]).toMatchObject({ done: "Dạy trực tuyến 20 lớp" });
  });
});

/**
 * Principal trial 16 (30/11, five principals) and blind dialogue set 10: what they found, in other
 * words, through the real pipeline (Zalo emulator → webhook → grammY → PGlite): rows picked by a
 * range, a row skipped with its reason, a figure said earlier corrected by pointing at it, a bare
 * number as the progress, the draft approved in words, and a semicolon kept in what is stored.
 */
import { describe, expect, it } from "vitest";
import { detectAct } from "../../src/dialogue/acts.ts";
import { trialSetting } from "../helpers/trial-principals.ts";

const REGISTRY = [{ code: "TH-X", name: "Trường Tiểu học Phú Hòa Đông", shortName: "TH Phú Hòa Đông", level: "TH" }];
const { principal } = trialSetting(REGISTRY, { now: "2026-11-30T09:00:00+07:00", userPrefix: "z-trial16" });
const row = async (items: () => Promise<{ taskCode: string }[]>, code: string) => (await items()).find((i) => i.taskCode === code) as Record<string, unknown> | undefined;

describe("rows picked by a range", () => {
  it.each([
    ["từ mục 2 tới mục 3.2 nha", ["2", "3.1", "3.2"]],
    ["trường làm từ 6 đến 8 thôi ạ", ["6", "7", "8"]],
  ])("%s", async (text, rows) => {
    const { user, state } = await principal(["báo cáo quý 4"]);
    await user.say(text);
    expect((await state())?.rows).toEqual(rows);
  });
});

describe("a row skipped with its reason", () => {
  it.each(["3.3 thì đơn vị chưa tham gia, bỏ qua giúp em", "Mục 3.3 xin phép bỏ qua, quý này trường không có hoạt động."])("%s", async (text) => {
    const { user, items, state } = await principal(["bc quý 4", "3.1 3.3 9"]);
    await user.say(text);
    expect(await row(items, "3.3")).toBeUndefined();
    expect((await state())?.rows).toEqual(["3.1", "9"]);
  });
});

describe("a figure said earlier, corrected by pointing at it", () => {
  it("“cái 60% hồi nãy là 65” changes that row's progress, not the row asked", async () => {
    const { user, items, state } = await principal(["bc quý 4", "2 9", "đang làm 60%, tập huấn 20/35 giáo viên. quý sau tập huấn nốt"]);
    await user.say("ấy cái 60% hồi nãy là 65 nha");
    expect(await row(items, "2")).toMatchObject({ progressPercent: 65, done: "tập huấn 20/35 giáo viên" });
    expect(await row(items, "9")).toBeUndefined();
    expect((await state())?.step).toMatchObject({ kind: "row", row: "9" });
  });

  it("a bare number, asked how the task stands, is its progress", async () => {
    const { items } = await principal(["bc quý 4", "9", "75"]);
    expect(await row(items, "9")).toMatchObject({ progressPercent: 75, status: "dang_thuc_hien" });
  });
});

describe("the draft approved in words", () => {
  it.each(["Các nội dung trên đều chính xác. Đề nghị nộp báo cáo.", "dạ thấy ổn rồi anh, nộp giúp em nha"])("%s files", async (text) => {
    const { user, filed } = await principal(["bc quý 4", "8", "đã hoàn thành, 20 lớp học trên OLM", "không có"]);
    await user.say(text);
    expect(await filed()).toBe(1);
  });

  it("holding back is not approving", () => {
    expect(detectAct("nội dung chưa chính xác, gửi lại sau")).not.toEqual({ kind: "confirm" });
  });
});

describe("what is stored keeps the writer's separators", () => {
  it("“…cho khối 6; khối 7 đang nhập liệu.”", async () => {
    const { user, items } = await principal(["bc quý 4", "5"]);
    await user.say("đang làm 50%. Đã dùng sổ điểm điện tử cho khối 6; khối 7 đang nhập liệu.");
    expect((await row(items, "5"))!.done).toBe("Đã dùng sổ điểm điện tử cho khối 6; khối 7 đang nhập liệu");
  });
});

describe("a report typed as a list, numbers said in words, a part added to", () => {
  it("“- 1.1: …\\n- 2: …” where the rows are asked is each row's answer", async () => {
    const { user, items } = await principal(["bc quý 4"]);
    await user.say("- 3.2: xong r, đã ban hành quy chế dữ liệu\n- 9: đang làm 40%, số hóa 150 đầu sách");
    expect(await row(items, "3.2")).toMatchObject({ status: "da_hoan_thanh" });
    expect(await row(items, "9")).toMatchObject({ status: "dang_thuc_hien", progressPercent: 40 });
  });

  it("“được bảy mươi phần trăm”, typed without diacritics too, is the progress", async () => {
    const { user, items } = await principal(["bc quý 4", "9"]);
    await user.say("dang lam, duoc bay muoi phan tram, so hoa ba tram dau sach");
    expect(await row(items, "9")).toMatchObject({ status: "dang_thuc_hien", progressPercent: 70 });
  });

  it("“số lớp hồi nãy là 14 chứ ko phải 12” replaces the figure in the row that has it", async () => {
    const { user, items } = await principal(["bc quý 4", "8 9", "đang làm 60%, 12 lớp học trên OLM. quý sau thêm 4 lớp"]);
    await user.say("à số lớp hồi nãy là 14 chứ ko phải 12 nha");
    expect(await row(items, "8")).toMatchObject({ done: "14 lớp học trên OLM" });
  });

  it.each(["thêm kiến nghị cho mục 8: cấp thêm tài khoản OLM", "Mục 8 bổ sung kiến nghị: cấp thêm tài khoản OLM"])("%s is added to the recommendation there", async (text) => {
    const { user, items } = await principal(["bc quý 4", "8", "đang làm 60%, 12 lớp học trên OLM. quý sau thêm 4 lớp. kiến nghị: tập huấn thêm"]);
    await user.say(text);
    expect(await row(items, "8")).toMatchObject({ recommendations: "tập huấn thêm; cấp thêm tài khoản OLM" });
  });
});

describe("short answers and a wait", () => {
  it("“rồi ạ” asked for the status is “đã hoàn thành”, not an order to file", async () => {
    const { user, items, filed } = await principal(["bc quý 4", "4", "tuyển sinh trực tuyến được 30 cháu"]);
    await user.say("rồi ạ");
    expect(await row(items, "4")).toMatchObject({ status: "da_hoan_thanh" });
    expect(await filed()).toBe(0);
  });

  it("“Chờ chị tí, phụ huynh tới” is a wait, not next quarter's plan: nothing stored, the report goes on", async () => {
    const { user, items, state } = await principal(["bc quý 4", "2 7", "đã hoàn thành, 21 cô dự tập huấn kỹ năng số"]);
    await user.say("Chờ chị tí, phụ huynh tới");
    expect((await row(items, "2"))!.next ?? null).toBeNull();
    expect((await state())?.paused).toBeFalsy();
    await user.say("quý tới tập huấn phần mềm quản lý trẻ");
    expect(await row(items, "2")).toMatchObject({ next: "tập huấn phần mềm quản lý trẻ" });
  });
});

describe("a part said before, emptied without naming its row; a copy of “q3”", () => {
  it("“Phần khó khăn vừa rồi bỏ đi nha” empties the difficulty of the row that has one, not the row asked", async () => {
    const { user, items } = await principal(["bc quý 4", "2 5", "Đang làm 60%, 9 cô học lớp soạn giáo án điện tử. Quý sau học tiếp. Khó khăn là cô lớn tuổi tiếp thu chậm"]);
    await user.say("Phần khó khăn vừa rồi bỏ đi nha ad, ghi vậy ko hay");
    expect(await row(items, "2")).toMatchObject({ difficulties: null, next: "học tiếp" });
    expect(await row(items, "5")).toBeUndefined();
  });

  it("“y như q3” is read as a copy of last quarter's row, never stored as its text", async () => {
    expect(detectAct("y như q3")).toMatchObject({ kind: "copy-last" });
  });
});

describe("after the session's blind sets (dialogue set 11, trial 17): never the wrong rows", () => {
  it.each([
    ["e nộp bc quý IV nhé, trường e làm từ mục 2 đến mục 4 thôi ạ", ["2", "3.1", "3.2", "3.3", "4"]],
    ["gui bc quy 4, truong lam muc 6 toi muc 8", ["6", "7", "8"]],
  ])("a range in the opening (%s)", async (text, rows) => {
    const { user, state } = await principal([]);
    const replies = (await user.say(text)).join("\n");
    expect((await state())?.rows).toEqual(rows);
    expect(replies).toContain(`các mục ${rows.join(", ")}.`);
  });

  it("one row picked in the opening is “mục 7”, not “các mục 7”", async () => {
    const { user } = await principal([]);
    const replies = (await user.say("bc quý 4 mục 7 nha")).join("\n");
    expect(replies).toContain(": mục 7.");
  });

  it("“tất cả trừ IOC vs kiến trúc tham chiếu” leaves those two out (never picks them)", async () => {
    const { user, state } = await principal(["bc quý 4"]);
    await user.say("tất cả trừ IOC vs kiến trúc tham chiếu nha ad");
    const rows = (await state())?.rows ?? [];
    expect(rows).not.toContain("1.2");
    expect(rows).not.toContain("3.3");
    expect(rows).toHaveLength(10);
  });

  it("“e bc 5 phần: …” counts things, it does not pick row 5; rows led by their topic are each read", async () => {
    const { user, items } = await principal(["bc quý 4"]);
    await user.say("truong e bc 3 phan: hoc ba so, van phong dien tu, thu vien so. Hoc ba so dang thuc hien 80%, da ky so khoi 1 den khoi 4. Van phong dien tu da hoan thanh, 100% van ban den xu ly tren he thong. Thu vien so chua thuc hien, cho kinh phi.");
    expect(await row(items, "5")).toBeUndefined();
    expect(await row(items, "6")).toMatchObject({ status: "dang_thuc_hien", progressPercent: 80 });
    expect(await row(items, "7")).toMatchObject({ status: "da_hoan_thanh" });
    expect(await row(items, "9")).toMatchObject({ status: "chua_thuc_hien" });
  });
});

/**
 * What blind dialogue set 7 (24 conversations, 11 right on first reading) found, with wordings
 * written for each class (not the set's own lines), through the real pipeline: Zalo emulator →
 * webhook → grammY → dialogue → PGlite.
 */
import { describe, expect, it } from "vitest";
import { doubtfulConfirm, nonAnswer } from "../../src/dialogue/turn-reading.ts";
import { parseRowAnswer } from "../../src/lang/row-answer.ts";
import { leadingRow } from "../../src/lang/row-topics.ts";
import { answerThenQuestion, asksSomething } from "../../src/lang/split.ts";
import { trialSetting } from "../helpers/trial-principals.ts";

const REGISTRY = [{ code: "TH-PV", name: "Trường Tiểu học Phước Vĩnh An", shortName: "TH Phước Vĩnh An", level: "TH" }];
const { principal } = trialSetting(REGISTRY, { now: "2026-11-30T09:00:00+07:00", userPrefix: "z-set7" });
const ROWS = ["1.1", "1.2", "2", "3.1", "3.2", "3.3", "4", "5", "6", "7", "8", "9"];

describe("an answer opening with its own row (“Mục 2 đã hoàn thành: …”, “3.1 đang làm …”) keeps its status", () => {
  it.each([
    ["Mục 6 đã hoàn thành: ký số học bạ cho 12 lớp.", "da_hoan_thanh", /^k[yý] s[oố] h[oọ]c b[aạ] cho 12 l[oớ]p/],
    ["muc 6 dang lam 40%, da ky so khoi 1 2", "dang_thuc_hien", /^da ky so khoi 1 2$/],
    ["6 - xong r, ky so du 12 lop", "da_hoan_thanh", /^ky so du 12 lop$/],
  ])("%s", async (text, status, done) => {
    const { user, items } = await principal(["bc q4", "6 8"]);
    await user.say(text);
    const [row] = await items();
    expect(row).toMatchObject({ taskCode: "6", status });
    expect(row!.done).toMatch(done);
  });
});

describe("another picked row's answer, named by number or by its topic, goes to that row; the open question stays", () => {
  it.each([
    ["Mục 9 đang thực hiện, số hóa 300 đầu sách.", "9", /300 [dđ][aầ]u s[aá]ch/],
    ["thu vien so xong r, co 500 tai lieu so", "9", /500 tai lieu so/],
    ["9: chưa làm, quý tới mua phần mềm thư viện", "9", null],
  ])("%s", async (text, row, done) => {
    const { user, items, state } = await principal(["bc q4", "2 9", "tập huấn 20 giáo viên"]);
    const replies = (await user.say(text)).join("\n");
    expect(replies).toMatch(new RegExp(`Đã (ghi|sửa) mục ${row} — `));
    expect(replies).toContain("Mục 2: tình trạng?");
    const stored = (await items()).find((i) => i.taskCode === row)!;
    expect(stored.status).not.toBeNull();
    if (done) expect(stored.done).toMatch(done);
    expect((await state())?.step).toEqual({ kind: "field", row: "2", field: "status" });
  });

  it("when that row's turn comes, only what it lacks is asked; a complete row is not asked again", async () => {
    const { user, state } = await principal(["bc q4", "2 8 9", "Đang làm 50%, tập huấn 20 GV. Quý tới: tập huấn nốt"]);
    // Row 8 is asked; row 9 is answered in full before its turn.
    await user.say("thư viện số xong rồi, đã số hóa 200 đầu sách, quý tới duy trì");
    expect((await state())?.step).toEqual({ kind: "row", row: "8" });
    const after8 = (await user.say("dạy trực tuyến đang làm, 10/20 lớp dùng OLM. Quý tới thêm 5 lớp")).join("\n");
    expect(after8).toContain("bản nháp");
    expect((await state())?.step).toEqual({ kind: "review" });
  });

  it("a row not picked, named only by its topic, is this row's wording (“học bạ điện tử xong r” at row 5)", async () => {
    const { user, items } = await principal(["bc q4", "5 7"]);
    await user.say("hoc ba dien tu xong r, 100% hs co hoc ba so");
    expect((await items()).map((i) => i.taskCode)).toEqual(["5"]);
  });
});

describe("asked for the status, a plan or a difficulty is kept and the status asked again — never dropped, never over another part", () => {
  it("stores the plan and difficulty, asks the status again", async () => {
    const { user, items, state } = await principal(["bc q4", "2 8", "tập huấn 20 giáo viên"]);
    const replies = (await user.say("Quý tới tập huấn soạn bài e-learning. Khó khăn: phòng máy thiếu 10 máy.")).join("\n");
    expect(replies).not.toContain("Tôi chưa hiểu tình trạng");
    expect(replies).toContain("Mục 2: tình trạng?");
    expect((await items())[0]).toMatchObject({ taskCode: "2", status: null, next: "tập huấn soạn bài e-learning", difficulties: "phòng máy thiếu 10 máy" });
    expect((await state())?.step).toEqual({ kind: "field", row: "2", field: "status" });
  });

  it("a second plan does not replace the stored one", async () => {
    const { user, items } = await principal(["bc q4", "2 8", "tập huấn 20 giáo viên. Quý tới: tập huấn nốt"]);
    await user.say("qt làm tiếp khối 4 5");
    expect((await items())[0]).toMatchObject({ taskCode: "2", next: "tập huấn nốt" });
  });

  it("“dang ky” (đăng ký) is no “đang”", async () => {
    const { user, items } = await principal(["bc q4", "4 7", "tuyen sinh lop 1 tren cong"]);
    await user.say("qt huong dan phu huynh dang ky hoc lop 1");
    expect((await items())[0]).toMatchObject({ taskCode: "4", status: null, next: "huong dan phu huynh dang ky hoc lop 1" });
  });
});

describe("the principal goes back to a paused draft with other words", () => {
  it("“gửi tiếp nhé” resumes; “hủy” is asked; “ko hủy nữa” keeps it; “xác nhận nộp” files", async () => {
    const { user, state } = await principal(["bc q4", "9", "Xong. Số hóa 100 đầu sách. Quý tới: duy trì", "để chiều e xem lại"]);
    expect((await state())?.paused).toBe(true);
    expect((await user.say("e gửi tiếp nhé")).join("\n")).toContain("bản nháp");
    await user.say("để mai gửi");
    expect((await user.say("hủy")).join("\n")).toContain("Gõ “có” để hủy");
    expect((await user.say("thôi ko hủy nữa")).join("\n")).toContain("Đã giữ bản nháp");
    await user.say("để tối");
    expect((await user.say("xác nhận nộp")).join("\n")).toContain("Đã nộp báo cáo quý 4/2026");
  });
});

describe("“tất cả trừ A, B, C với D” leaves out every row listed", () => {
  it.each([
    ["tất cả trừ 1.2, 3.3, 7 với 9", ["1.1", "2", "3.1", "3.2", "4", "5", "6", "8"]],
    ["tat ca tru 1.1, 1.2, 3.2", ["2", "3.1", "3.3", "4", "5", "6", "7", "8", "9"]],
  ])("%s", async (text, rows) => {
    const { user, state } = await principal(["bc q4"]);
    await user.say(text);
    expect((await state())?.rows).toEqual(rows);
  });
});

describe("reading one answer", () => {
  it.each([
    // A labelled status, then what was done: the rest is not swallowed by the label.
    ["Tình trạng: đã hoàn thành. Trong quý trường tổ chức 3 buổi tập huấn.", { status: "da_hoan_thanh", done: "Trong quý trường tổ chức 3 buổi tập huấn" }],
    // Thanks is no recommendation.
    ["Quý tới duy trì. Trân trọng cảm ơn.", { next: "duy trì" }],
    // Grades by number after a status are work said.
    ["dang lam 60%, khoi 1 2 3 xong r", { status: "dang_thuc_hien", percent: 60, done: "khoi 1 2 3 xong r" }],
    // Not done, and why: the reason is the difficulty, not work done.
    ["chưa làm vì chưa có tài khoản, quý tới làm", { status: "chua_thuc_hien", difficulties: "chưa có tài khoản", next: "làm" }],
    // Finished, and the work: the status and the work done.
    ["Đã hoàn thành cập nhật dữ liệu 3 điểm trường.", { status: "da_hoan_thanh", done: "Đã hoàn thành cập nhật dữ liệu 3 điểm trường" }],
    // A status before a colon is the status.
    ["Đang làm 30%: đã lập danh mục 5 phần mềm", { status: "dang_thuc_hien", percent: 30, done: "đã lập danh mục 5 phần mềm" }],
  ] as const)("%s", (text, expected) => {
    const got = parseRowAnswer(text, "done", { progressInSentence: true });
    expect(got).toMatchObject(expected);
    if (!("done" in expected)) expect(got.done).toBeUndefined();
    if (!("recommendations" in expected)) expect(got.recommendations).toBeUndefined();
  });

  it.each([
    ["mục 3.2 đã xong: ban hành quy chế", { row: "3.2", rest: "đã xong: ban hành quy chế", by: "number" }],
    ["vp dien tu dang lam, 300 van ban", { row: "7", rest: "dang lam, 300 van ban", by: "topic" }],
    ["8 lớp dạy trên OLM", undefined],
    ["20/26 gv hoàn thành", undefined],
    ["đã tập huấn xong", undefined],
  ] as const)("the row an answer opens with: %s", (text, expected) => {
    expect(leadingRow(text, ROWS)).toEqual(expected);
  });
});

describe("an indirect yes at the summary files (“uh vậy được rồi”)", () => {
  it.each(["uh vậy được rồi", "uh vay dc r", "ừ vậy được rồi ạ"])("%s", async (text) => {
    const { user } = await principal(["bc q4", "9", "Xong. Số hóa 100 đầu sách. Quý tới: duy trì"]);
    expect((await user.say(text)).join("\n")).toContain("Đã nộp báo cáo quý 4/2026");
  });
});

describe("an answer that ends with a question (“…, đạt 50%, cho hỏi hạn nộp là ngày nào?”)", () => {
  it("keeps the answer for the row and answers the question beside it", async () => {
    const { user, items, state } = await principal(["bc q4", "8 9"]);
    const replies = (await user.say("dang trien khai, 15 lop dung OLM giao bai, dat 50%, cho hoi han nop bc la ngay nao?")).join("\n");
    expect(replies).toContain("20/12/2026");
    expect(replies).toContain("Đã ghi mục 8");
    const [row] = await items();
    expect(row).toMatchObject({ taskCode: "8", status: "dang_thuc_hien", progressPercent: 50 });
    expect(row!.done).toContain("15 lop dung OLM");
    expect(row!.done).not.toMatch(/han nop/);
    expect((await state())?.step).toEqual({ kind: "field", row: "8", field: "next" });
  });

  it("finds the question at the end of an answer only when it is asked (a question mark)", () => {
    expect(answerThenQuestion("đang làm, 15 lớp dùng OLM, đạt 50%, cho hỏi hạn nộp bc là ngày nào?")).toEqual({
      content: "đang làm, 15 lớp dùng OLM, đạt 50%",
      question: "cho hỏi hạn nộp bc là ngày nào?",
    });
    expect(answerThenQuestion("đang làm, không có khó khăn gì")).toBeUndefined();
    expect(answerThenQuestion("hạn nộp ngày nào?")).toBeUndefined();
    expect(asksSomething("đã cập nhật dữ liệu trẻ lên hệ thống tuyển sinh")).toBe(false);
    expect(asksSomething("mục này ghi % hay số lượng")).toBe(true);
  });

  it("a reading of “question” is not trusted for a statement with no question word or mark", () => {
    const sure = { type: "question" as const, score: 0.9, margin: 0.6 };
    expect(nonAnswer("da cap nhat danh sach tre du tuoi len he thong tuyen sinh", "4", [], sure)).toBeUndefined();
    expect(nonAnswer("han nop bc la ngay nao", "4", [], sure)).toEqual({ kind: "question" });
    expect(nonAnswer("mục này ghi % hay số lượng", "4", [], sure)).toEqual({ kind: "question" });
  });

  it("thanks after the order to file do not make it doubtful", () => {
    expect(doubtfulConfirm("Tôi xác nhận nộp báo cáo. Cảm ơn bot.")).toBe(false);
    // Thanks change nothing either way: a doubtful order stays doubtful.
    for (const order of ["Tôi xác nhận nộp báo cáo.", "da gui danh sach hs len phong.", "ok nop di."]) {
      expect(doubtfulConfirm(`${order} Cảm ơn ad nhiều`), order).toBe(doubtfulConfirm(order));
    }
  });
});

describe("the row being asked, named with “chưa làm” (“3.2 chưa làm”)", () => {
  it("is that row's status — then the plan is asked — not the row dropped", async () => {
    const { user, items, state } = await principal(["bc q4", "3.2 3.3"]);
    const replies = (await user.say("3.2 chưa làm ạ")).join("\n");
    expect(replies).not.toContain("Đã bỏ mục 3.2");
    expect((await items()).find((i) => i.taskCode === "3.2")).toMatchObject({ status: "chua_thuc_hien" });
    expect((await state())?.step).toEqual({ kind: "field", row: "3.2", field: "next" });
  });

  it("so is another picked row (“3.3 chưa làm” while 3.2 is asked); “3.3 không có” takes it out", async () => {
    const { user, items, state } = await principal(["bc q4", "3.2 3.3"]);
    expect((await user.say("3.3 chưa làm")).join("\n")).toContain("Đã ghi mục 3.3 — chưa thực hiện");
    expect((await items()).find((i) => i.taskCode === "3.3")).toMatchObject({ status: "chua_thuc_hien" });
    expect((await state())?.step).toEqual({ kind: "row", row: "3.2" });
    const other = await principal(["bc q4", "3.2 3.3"]);
    expect((await other.user.say("3.3 không có")).join("\n")).toContain("Đã bỏ mục 3.3");
    expect((await other.state())?.rows).toEqual(["3.2"]);
  });
});

describe("a question to replace “Đã làm” left unanswered", () => {
  it("keeps what was said beside the stored text when the principal goes on to something else", async () => {
    const { user, items } = await principal(["bc q4", "8 9", "đang làm 50%, 10/20 lớp học trên OLM. Quý tới: thêm 10 lớp", "bỏ qua"]);
    const asked = (await user.say("sửa mục 8 thành đã hoàn thành, cả trường đã học trên OLM")).join("\n");
    expect(asked).toContain("Gõ “có” để sửa, “không” để giữ nguyên");
    const replies = (await user.say("mục 9 thêm kiến nghị: cấp tài khoản thư viện số")).join("\n");
    expect(replies).toContain("Đã thêm vào phần Đã làm của mục 8");
    const row8 = (await items()).find((i) => i.taskCode === "8")!;
    expect(row8.done).toContain("10/20 lớp");
    expect(row8.done).toContain("cả trường đã học trên OLM");
    expect(row8.status).toBe("da_hoan_thanh");
  });
});

/**
 * detectAct on its own (no database): the acts the fourth principal's trial run typed, with and
 * without diacritics, abbreviations and fillers.
 */
import { describe, expect, it } from "vitest";
import { actSegments, detectAct } from "../../src/dialogue/acts.ts";

describe("edits and corrections: the text is what follows the row number", () => {
  it.each([
    ["muc 2 thi dang lam, dat khoang 70% roi a. kho khan la gv lon tuoi", { kind: "edit", row: "2", text: "dang lam, dat khoang 70% roi a. kho khan la gv lon tuoi" }],
    ["a nham, muc 2 la 75% chu ko phai 70 nha ad", { kind: "edit", row: "2", text: "75% chu ko phai 70 nha ad" }],
    ["e nham r, muc 2 la 75%", { kind: "edit", row: "2", text: "75%" }],
    ["sorry ad, mục 2 là 75%", { kind: "edit", row: "2", text: "75%" }],
    ["sửa mục 2 phần kiến nghị thành: Đề nghị cấp 2 máy chiếu", { kind: "edit", row: "2", part: "recommendations", text: "Đề nghị cấp 2 máy chiếu" }],
    ["xin loi, muc 2 tien do la 75%", { kind: "edit", row: "2", part: "percent", text: "75%" }],
    ["sua 3.1", { kind: "edit", row: "3.1" }],
    ["à quên, mục 8 đã xong rồi, 20/20 lớp", { kind: "edit", row: "8", text: "đã xong rồi, 20/20 lớp" }],
  ])("%s", (text, act) => expect(detectAct(text)).toEqual(act));

  it.each(["them muc 7", "thêm mục 7", "them 7"])("“%s” adds a row (not an edit)", (text) => expect(detectAct(text)).toEqual({ kind: "add", row: "7" }));
});

describe("a row taken out of the report", () => {
  it.each([
    ["bỏ mục 1.1", true],
    ["xoa muc 1.1 nha ad", true],
    ["bo qua muc 1.1 di", true],
    ["thôi bỏ mục 1.1 đi", true],
    ["1.1 ko co ma ad, e noi roi", false],
    ["mục 1.1 không có ạ", false],
    ["1.1 thi ko", false],
  ] as const)("%s", (text, explicit) => expect(detectAct(text)).toEqual({ kind: "remove", row: "1.1", explicit }));

  it.each(["mục 2 không có khó khăn gì", "muc 2 ko co kho khan"])("“%s” is not a removal", (text) => expect(detectAct(text)?.kind).not.toBe("remove"));
});

describe("fifth trial: a skip said inside a sentence; a correction after “à mà”", () => {
  it.each(["thoi muc nay bo qua nha, chua lam gi", "Thôi mục này bỏ qua nhé, chưa làm gì ạ", "muc nay q nay ko co hd gi, bo qua nhe", "mục này quý này không có hoạt động gì, bỏ qua nhé", "muc nay ko co hđ gi"])(
    "“%s” skips the row",
    (text) => expect(detectAct(text)).toEqual({ kind: "skip-row" }),
  );
  it.each(["chua lam gi", "k co kho khan gi, bo qua", "da tap huan xong, bo qua phan kien nghi"])("“%s” is not a skip of the row", (text) => expect(detectAct(text)?.kind).not.toBe("skip-row"));
  it.each(["a ma xin loi, muc 8 xong r ad, 20/20 lop", "à mà xin lỗi, mục 8 xong rồi ạ, 20/20 lớp", "ui xin loi ad, muc 8 da xong, 20/20 lop"])("“%s” is a correction of row 8", (text) =>
    expect(detectAct(text)).toMatchObject({ kind: "edit", row: "8" }),
  );
});

describe("fifth trial: adding several rows, keeping a named row", () => {
  it.each(["them 7 va 9", "thêm mục 7 và mục 9", "them muc 7 vs 9 nua", "sua lai bc q4, them muc 7 vs 9", "sửa lại báo cáo quý 4 thêm mục 7 với 9 nhé"])("“%s” adds rows 7 and 9", (text) =>
    expect(detectAct(text)).toEqual({ kind: "add", row: "7", rows: ["7", "9"] }),
  );
  it.each(["them muc 9 nua", "thêm mục 9 nữa nhé", "them 9 vao bao cao"])("“%s” adds row 9", (text) => expect(detectAct(text)).toEqual({ kind: "add", row: "9" }));
  it.each(["them 2 lop", "thêm 10 GV tham gia", "da them 7 may tinh"])("“%s” adds no row", (text) => expect(detectAct(text)?.kind).not.toBe("add"));
  it.each(["a thoi giu nguyen muc 6", "thôi giữ nguyên mục 6 nhé", "giu nguyen muc 6"])("“%s” keeps row 6", (text) => expect(detectAct(text)).toEqual({ kind: "keep", row: "6" }));
});

describe("fifth trial: guards", () => {
  it.each(["khong giu nguyen", "ko giu nguyen muc 6"])("“%s” is not a keep", (text) => expect(detectAct(text)?.kind).not.toBe("keep"));
  it.each(["quy nay khong co", "muc nay q nay ko co a", "quý này không có ạ, bỏ qua"])("“%s” skips the row", (text) => expect(detectAct(text)).toEqual({ kind: "skip-row" }));
  it.each(["quy nay khong co kho khan", "quý này không có khó khăn gì"])("“%s” is not a skip", (text) => expect(detectAct(text)?.kind).not.toBe("skip-row"));
});

describe("sixth trial: a skip with its reason, a retraction, a removal said after the row, an explicit new wording", () => {
  it.each([
    "bỏ qua mục này đi ad, để e hỏi lại tổ CNTT r bổ sung sau",
    "bo qua muc nay di ad, de e hoi lai to cntt r bo sung sau",
    "thoi bo qua nha, e check lai roi cap nhat sau",
    "bỏ qua đi ạ, số liệu chưa có, em bổ sung sau",
  ])("“%s” skips the row", (text) => expect(detectAct(text)).toEqual({ kind: "skip-row" }));
  it.each(["da tap huan 20 gv, bo sung sau", "bo qua phan kien nghi, da tap huan 20 gv"])("“%s” is not a skip", (text) => expect(detectAct(text)?.kind).not.toBe("skip-row"));

  it.each([
    ["ơ cái đó e hỏi thôi mà, ko phải nội dung mục 9 đâu ad. xóa đi giúp e", { kind: "retract", row: "9" }],
    ["o cai do e hoi thoi ma, ko phai noi dung muc 9 dau ad. xoa di giup e", { kind: "retract", row: "9" }],
    ["cai vua r e hoi thoi, ko phai tra loi dau, xoa giup e", { kind: "retract" }],
  ])("%s", (text, act) => expect(detectAct(text)).toEqual(act));

  it.each(["muc 4 e noi la ko co ma ad 😅", "mục 4 em nói là không có mà ad 😅", "muc 4 e da noi la ko co r ma"])("“%s” takes row 4 out", (text) =>
    expect(detectAct(text)).toEqual({ kind: "remove", row: "4", explicit: false }),
  );
  it.each(["còn 1.2 thì xóa đi giúp e", "con muc 1.2 xoa di", "1.2 thi bo luon"])("“%s” removes row 1.2", (text) => expect(detectAct(text)).toEqual({ kind: "remove", row: "1.2", explicit: true }));

  it.each([
    ["muc 6 phan da lam sao co chu a voi cai icon vay ad, sua lai thanh: 100% hs khoi 1 den 5", { kind: "edit", row: "6", part: "done", text: "100% hs khoi 1 den 5" }],
    ["mục 6 phần đã làm sao có chữ a với cái icon vậy ad, sửa lại thành: 100% HS", { kind: "edit", row: "6", part: "done", text: "100% HS" }],
    ["sửa 6 phần đã làm thành: 100% hs khối 1-5", { kind: "edit", row: "6", part: "done", text: "100% hs khối 1-5" }],
  ])("%s", (text, act) => expect(detectAct(text)).toEqual(act));

  it.each([
    ["xem lai muc 8 day du cho e coi", { kind: "show", row: "8" }],
    ["xem lại mục 8", { kind: "show", row: "8" }],
    ["cho e xem muc 8 full", { kind: "show", row: "8" }],
    ["xem đầy đủ", { kind: "show" }],
    ["xem day du", { kind: "show" }],
    ["xem lai", { kind: "review" }],
  ])("%s", (text, act) => expect(detectAct(text)).toEqual(act));

  it.each([
    ["a quen, them muc 2 nua: truong da cu 5 gv di tap huan", { kind: "add", row: "2", text: "truong da cu 5 gv di tap huan" }],
    ["à quên, thêm mục 2 nữa: trường đã cử 5 GV", { kind: "add", row: "2", text: "trường đã cử 5 GV" }],
  ])("%s", (text, act) => expect(detectAct(text)).toEqual(act));
});

describe("sixth trial: several acts on different rows in one message", () => {
  it.each([
    ["à nhầm, mục 8 chưa xong hẳn đâu ad, mới 90% thôi. còn 1.2 thì xóa đi giúp e", ["à nhầm, mục 8 chưa xong hẳn đâu ad, mới 90% thôi.", "còn 1.2 thì xóa đi giúp e"]],
    ["nham, muc 8 moi dc 90% thoi a, con muc 1.2 xoa di", ["nham, muc 8 moi dc 90% thoi a", "con muc 1.2 xoa di"]],
  ])("%s", (text, pieces) => expect(actSegments(text)).toEqual(pieces));
  it.each(["Xong. Tập huấn 20 GV. Quý tới: duy trì", "dang lam 50%, khoi 1, 2 thi xong", "1.1, 3.1, 4, 7 va 9 a. a khoan 4 thi ko", "à thôi giữ nguyên mục 6, chốt nộp đi"])("“%s” is one act", (text) =>
    expect(actSegments(text)).toBeUndefined(),
  );
  it("a clause on the row being asked is no second act", () => expect(actSegments("xong r, muc 2 thi dang lam 50%", "2")).toBeUndefined());
});

describe("sixth trial: corrections after “khoan”, questions naming a row", () => {
  it.each([
    ["à khoan, mục 2 là 75%", { kind: "edit", row: "2", text: "75%" }],
    ["khoan da, muc 2 xong r", { kind: "edit", row: "2", text: "xong r" }],
  ])("%s", (text, act) => expect(detectAct(text)).toEqual(act));
  it("a correction called to the bot is still one", () => expect(detectAct("ad ơi mục 2 xong rồi")).toEqual({ kind: "edit", row: "2", text: "xong rồi" }));
  it.each(["ad ơi cho em hỏi mục 7 ghi gì ạ", "ad oi cho e hoi muc 7 ghi gi a"])("“%s” is no edit", (text) => expect(detectAct(text)?.kind).not.toBe("edit"));
});

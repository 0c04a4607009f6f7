/**
 * One free-text row answer split into its parts — cases written from what two principals' trial
 * runs typed (labels with and without colons, run-on lines, "không có" meaning empty).
 */
import { describe, expect, it } from "vitest";
import { parseRowAnswer, parseStatusPhrase } from "../../src/lang/row-answer.ts";

describe("a row answer in one message", () => {
  it.each([
    [
      "Đang làm 80%. Đã tập huấn 25/30 GV dùng LMS. Quý tới: tập huấn nốt 5 GV. Khó khăn: thiếu máy chiếu. Kiến nghị: cấp thêm 2 máy chiếu",
      { status: "dang_thuc_hien", percent: 80, done: "Đã tập huấn 25/30 GV dùng LMS", next: "tập huấn nốt 5 GV", difficulties: "thiếu máy chiếu", recommendations: "cấp thêm 2 máy chiếu" },
    ],
    ["Đang làm 50%, tap huan 18 gv. quy toi tap huan tiep 12 gv con lai. kho khan thieu may tinh", { status: "dang_thuc_hien", percent: 50, done: "tap huan 18 gv", next: "tap huan tiep 12 gv con lai", difficulties: "thieu may tinh" }],
    ["xong r 100%, da tap huan du 30/30 gv", { status: "da_hoan_thanh", percent: 100, done: "da tap huan du 30/30 gv" }],
    ["quy toi duy tri, k co kien nghi gi", { next: "duy tri", recommendations: null }],
    ["quy toi ko co", { next: null }],
    ["dang lam 60% day tren LMS 8 lop, kho khan: hs thieu thiet bi, de nghi phong ho tro", { status: "dang_thuc_hien", percent: 60, done: "day tren LMS 8 lop", difficulties: "hs thieu thiet bi", recommendations: "de nghi phong ho tro" }],
    ["8/10 to chuyen mon dung VPDT, quy toi ca truong. ko co kho khan gi", { done: "8/10 to chuyen mon dung VPDT", next: "ca truong", difficulties: null }],
    ["Đã xong, tập huấn 20 GV. Không có khó khăn gì.", { status: "da_hoan_thanh", percent: 100, done: "tập huấn 20 GV", difficulties: null }],
    ["Tình trạng: xong\ntien do: 100%\n- Đã làm: Dạy 3 lớp\nKho khan: không\nGhi chú: x", { status: "da_hoan_thanh", percent: 100, done: "Dạy 3 lớp", difficulties: null }],
    ["chưa triển khai", { status: "chua_thuc_hien", percent: 0 }],
    ["chưa rõ", { statusUnclear: true }],
    ["150%", { percent: Number.NaN }],
    // Fourth trial: "khó khăn là …" without a colon — "là" joins the label to its value.
    ["dang lam 70%, da tap huan 28/40 gv. kho khan la gv lon tuoi ngai cong nghe", { status: "dang_thuc_hien", percent: 70, done: "da tap huan 28/40 gv", difficulties: "gv lon tuoi ngai cong nghe" }],
    ["hoc ba dien tu xong r a, 100% hs khoi 1-5 da ky so hoc ba. ko co kho khan gi", { status: "da_hoan_thanh", percent: 100, done: "100% hs khoi 1-5 da ky so hoc ba", difficulties: null }],
    ["tap huan gv xong, con hs thi chua", { done: "tap huan gv xong, con hs thi chua" }],
    ["Đang làm 70%. Tập huấn 28/40 GV, khó khăn là thiếu máy chiếu", { status: "dang_thuc_hien", percent: 70, done: "Tập huấn 28/40 GV", difficulties: "thiếu máy chiếu" }],
  ])("%s", (text, expected) => expect(parseRowAnswer(text)).toEqual(expected));

  it("a follow-up for next quarter puts unlabelled text there, and labels elsewhere", () => {
    expect(parseRowAnswer("Tập huấn nốt 5 GV. Khó khăn: thiếu máy chiếu", "next")).toEqual({ next: "Tập huấn nốt 5 GV", difficulties: "thiếu máy chiếu" });
  });
});

describe("a progress value inside a sentence, read when the question is how the task stands (third trial)", () => {
  it.each([
    ["Tập huấn 20 giáo viên, đạt 70%", { status: "dang_thuc_hien", percent: 70, done: "Tập huấn 20 giáo viên" }],
    ["da tap huan 20 gv dat 70 phan tram", { status: "dang_thuc_hien", percent: 70, done: "da tap huan 20 gv" }],
    ["dạ mục này trường em đạt 70% rồi ạ", { status: "dang_thuc_hien", percent: 70 }],
    ["Tap huan 20 gv, tien do chung dat 70%. Quy toi tap huan tiep", { status: "dang_thuc_hien", percent: 70, done: "Tap huan 20 gv", next: "tap huan tiep" }],
    ["đã tập huấn 100% giáo viên, tiến độ chung đạt 70%", { status: "dang_thuc_hien", percent: 70, done: "đã tập huấn 100% giáo viên" }],
    // A % followed by what was done is content, not progress.
    ["đã tập huấn 100% giáo viên", { done: "đã tập huấn 100% giáo viên" }],
    ["da dat 100% giao vien duoc tap huan", { done: "da dat 100% giao vien duoc tap huan" }],
  ])("%s", (text, expected) => expect(parseRowAnswer(text, "done", { progressInSentence: true })).toEqual(expected));

  it("not asked for (mail, the work-done question), the sentence stays as written", () => {
    expect(parseRowAnswer("Tập huấn 20 giáo viên, đạt 70%")).toEqual({ done: "Tập huấn 20 giáo viên, đạt 70%" });
  });

  it.each([
    ["hoàn thành 70%", { status: "dang_thuc_hien", percent: 70 }],
    ["xong 70%", { status: "dang_thuc_hien", percent: 70 }],
    ["hoàn thành 100%", { status: "da_hoan_thanh", percent: 100 }],
  ])("“%s”: a % below 100 is under way, whatever the verb", (text, expected) => expect(parseStatusPhrase(text)).toEqual(expected));
});

describe("fifth trial: a part said to be empty, a topic then its status, progress said with “dc”", () => {
  it.each([
    ["phan da lam ko co nha, de trong", { done: null }],
    ["Phần đã làm không có nhé, để trống", { done: null }],
    ["da lam: ko co, de trong", { done: null }],
    ["kho khan thi khong co", { difficulties: null }],
    ["day truc tuyen chua trien khai a", { status: "chua_thuc_hien", percent: 0 }],
    ["Dạy trực tuyến chưa triển khai ạ", { status: "chua_thuc_hien", percent: 0 }],
    ["vpdt thi dang lam dc mot nua", { status: "dang_thuc_hien", percent: 50 }],
    ["VPĐT thì đang làm được một nửa", { status: "dang_thuc_hien", percent: 50 }],
    ["dang lam chu ko phai xong, tien do 78%", { status: "dang_thuc_hien", percent: 78 }],
  ])("%s", (text, expected) => expect(parseRowAnswer(text)).toEqual(expected));

  it.each([
    ["muc nay thi truong dang trien khai dc khoang 70% r a, da tap huan 20 gv", { status: "dang_thuc_hien", percent: 70, done: "da tap huan 20 gv" }],
    ["Mục này thì trường đang triển khai được khoảng 70% rồi ạ, đã tập huấn 20 GV", { status: "dang_thuc_hien", percent: 70, done: "đã tập huấn 20 GV" }],
    ["vpdt thi dang lam dc mot nua, da cap tai khoan cho 30 gv", { status: "dang_thuc_hien", percent: 50, done: "da cap tai khoan cho 30 gv" }],
  ])("asked how the row stands: %s", (text, expected) => expect(parseRowAnswer(text, "done", { progressInSentence: true })).toEqual(expected));
});

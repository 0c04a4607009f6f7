/**
 * One free-text row answer split into its parts — cases written from what two principals' trial
 * runs typed (labels with and without colons, run-on lines, "không có" meaning empty).
 */
import { describe, expect, it } from "vitest";
import { isMetaTalk, isQuestion, parseRowAnswer, parseStatusPhrase, partVerbatim, trimEdges } from "../../src/lang/row-answer.ts";

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

describe("sixth trial: talk about the answer is not the answer; fillers and emoji at a part's edges", () => {
  it.each([
    ["xong r a 👍 100% hs khoi 1 den 5 da co hoc ba dien tu", { status: "da_hoan_thanh", percent: 100, done: "100% hs khoi 1 den 5 da co hoc ba dien tu" }],
    ["Xong rồi ạ 👍 100% HS khối 1 đến 5 đã có học bạ điện tử ạ", { status: "da_hoan_thanh", percent: 100, done: "100% HS khối 1 đến 5 đã có học bạ điện tử" }],
    ["xong r ad, 😊 da tap huan 20 gv nha", { status: "da_hoan_thanh", percent: 100, done: "da tap huan 20 gv" }],
    ["e hỏi tổ CNTT r nè: đang làm khoảng 40%, đã cài phần mềm cho 3 phòng máy", { status: "dang_thuc_hien", percent: 40, done: "đã cài phần mềm cho 3 phòng máy" }],
    ["e vua hoi lai to cntt roi a: dang lam khoang 40%, da cai phan mem cho 3 phong may", { status: "dang_thuc_hien", percent: 40, done: "da cai phan mem cho 3 phong may" }],
    ["chưa xong hẳn đâu ad, mới 90% thôi.", { status: "dang_thuc_hien", percent: 90 }],
    ["moi dc 90% thoi a", { status: "dang_thuc_hien", percent: 90 }],
    [
      "muc nay thi hoi dai dong xiu a. Truong da trien khai hoc truc tuyen cho 12 lop. Nhung ma hs o vung ven thi khong co may tinh nen hoc khong deu",
      { done: "Truong da trien khai hoc truc tuyen cho 12 lop", difficulties: "hs o vung ven thi khong co may tinh nen hoc khong deu" },
    ],
    [
      "Mục này thì hơi dài dòng xíu ạ. Trường đã triển khai học trực tuyến cho 12 lớp. Nhưng mà HS ở vùng ven thì thiếu máy tính",
      { done: "Trường đã triển khai học trực tuyến cho 12 lớp", difficulties: "HS ở vùng ven thì thiếu máy tính" },
    ],
    ["Da tap huan 20 gv, tuy nhien con thieu may chieu", { done: "Da tap huan 20 gv", difficulties: "con thieu may chieu" }],
  ])("%s", (text, expected) => expect(parseRowAnswer(text, "done", { progressInSentence: true })).toEqual(expected));

  it.each([
    "ad oi tien cho e hoi truong TH Thi Tran Cu Chi nop bc q4 chua a? e nop ho ben do luon dc ko",
    "để e hỏi lại tổ CNTT r bổ sung sau",
    "o cai do e hoi thoi ma, ko phai noi dung muc 9 dau ad",
    "muc nay thi hoi dai dong xiu a",
    "so lieu chua co, e bo sung sau",
    "cho em hỏi mục này ghi gì ạ",
  ])("“%s” is meta-talk", (text) => expect(isMetaTalk(text)).toBe(true));

  it.each(["Đã tập huấn 20 GV", "tap huan gv xong, con hs thi chua", "da cai phan mem cho 3 phong may", "hs o vung ven thi khong co may tinh", "Truong da trien khai hoc truc tuyen cho 12 lop", "HS dat giai nhi", "Cap tai khoan cho gia dinh, ho tro phu huynh"])(
    "“%s” is content",
    (text) => expect(isMetaTalk(text)).toBe(false),
  );

  it.each([
    ["a 👍 100% hs", "100% hs"],
    ["dạ, đã tập huấn 20 GV ạ 😊", "đã tập huấn 20 GV"],
    ["100% hs khối 1-5 nha ad", "100% hs khối 1-5"],
    ["Cấp tài khoản cho gia đình", "Cấp tài khoản cho gia đình"],
  ])("trimEdges(“%s”)", (text, expected) => expect(trimEdges(text)).toBe(expected));

  it.each([
    ["100% hs khối 1-5 đã có học bạ điện tử", "done", { done: "100% hs khối 1-5 đã có học bạ điện tử" }],
    ["xong 100% việc rà soát", "next", { next: "xong 100% việc rà soát" }],
    ["Tập huấn nốt 5 GV. Khó khăn: thiếu máy chiếu", "next", { next: "Tập huấn nốt 5 GV", difficulties: "thiếu máy chiếu" }],
  ] as const)("a part given explicitly is kept as typed: %s", (text, part, expected) => expect(partVerbatim(text, part)).toEqual(expected));
});

describe("seventh trial: questions with numbers, statuses inside sentences, parts without their word", () => {
  it.each(["ad ơi cho e hỏi nộp ngày 19/12 có kịp ko", "nop bc ngay 19/12 co kip han ko ad", "cho em hỏi gửi ngày 18/12 thì có kịp không ạ", "mục 3 cột 4 ghi gì vậy ad", "gửi bản 2 ở đâu"])(
    "“%s” asks, numbers or not",
    (text) => {
      expect(isQuestion(text)).toBe(true);
      expect(isMetaTalk(text)).toBe(true);
    },
  );

  it.each(["hs thi ko", "đã tập huấn 20 gv, hs thì không", "quý này chưa làm gì ạ", "da co 20 gv dung LMS", "phong may hu 10/20 may", "đề nghị phòng cấp 2 máy chiếu được không ạ"])("“%s” does not ask", (text) => expect(isQuestion(text)).toBe(false));

  it("a recommendation asked politely is kept", () => {
    expect(parseRowAnswer("Đang làm 60%, dạy 8 lớp. Đề nghị phòng cấp 2 máy chiếu được không ạ", "done", { progressInSentence: true })).toMatchObject({ recommendations: "Đề nghị phòng cấp 2 máy chiếu được không" });
  });

  it.each([
    ["da cu 3 gv di tap huan, dang lam khoang 60%", { done: "da cu 3 gv di tap huan", status: "dang_thuc_hien", percent: 60 }],
    ["Đã cử 3 GV đi tập huấn, hiện đang làm tầm 50% ạ, quý tới làm tiếp", { done: "Đã cử 3 GV đi tập huấn", status: "dang_thuc_hien", percent: 50, next: "làm tiếp" }],
    ["quy toi hoan thien minh chung, dang lam tam 50%", { next: "hoan thien minh chung", status: "dang_thuc_hien", percent: 50 }],
    ["bộ giải pháp cds cơ bản thì chưa triển khai ạ, chờ hướng dẫn của phòng", { status: "chua_thuc_hien", percent: 0, difficulties: "chờ hướng dẫn của phòng" }],
    ["chua trien khai, dang cho huong dan cua so", { status: "chua_thuc_hien", percent: 0, difficulties: "dang cho huong dan cua so" }],
    ["day truc tuyen chua trien khai ạ, phong may hu 10/20 may. de nghi sua phong may", { status: "chua_thuc_hien", percent: 0, difficulties: "phong may hu 10/20 may", recommendations: "de nghi sua phong may" }],
    ["dang lam 40%, day 5 lop tren LMS, may chieu bi hong 2 cai", { status: "dang_thuc_hien", percent: 40, done: "day 5 lop tren LMS", difficulties: "may chieu bi hong 2 cai" }],
    ["Xong, đã sửa phòng máy hư 10 máy", { status: "da_hoan_thanh", percent: 100, done: "đã sửa phòng máy hư 10 máy" }],
    ["dạ mục này thì trường đã họp ban chỉ đạo r ạ, nhưng mà khó khăn là gv chưa quen", { done: "trường đã họp ban chỉ đạo", difficulties: "gv chưa quen" }],
  ])("%s", (text, expected) => expect(parseRowAnswer(text, "done", { progressInSentence: true })).toEqual(expected));

  it("after a plan, only a clause saying how things stand now is the status", () => {
    expect(parseRowAnswer("quý tới tập huấn tiếp, hoàn thành 100%", "done", { progressInSentence: true })).toEqual({ next: "tập huấn tiếp, hoàn thành 100%" });
  });

  it.each([
    ["90% gv dung k12online, con 2 gv chua dung. tình trạng là đang làm 90% nha ad", { done: "90% gv dung k12online, con 2 gv chua dung", status: "dang_thuc_hien", percent: 90 }],
    ["18/20 GV dùng K12Online. Tình trạng: đang làm 90%", { done: "18/20 GV dùng K12Online", status: "dang_thuc_hien", percent: 90 }],
  ] as const)("own wording, then a status under its label: %s", (text, expected) => expect(partVerbatim(text, "done")).toEqual(expected));
});

describe("blind set 5 and trial 12: shorthand labels, “nhà” that is not a filler, a part's name said empty", () => {
  it.each([
    ["xong 100%. cai phan mem cho 5 phong. qt: cai not 2 phong. kk: may cu. kn: cap them may", { status: "da_hoan_thanh", percent: 100, done: "cai phan mem cho 5 phong", next: "cai not 2 phong", difficulties: "may cu", recommendations: "cap them may" }],
    ["dang lam 40%, day them buoi chieu. kk hs it thiet bi, kn phong ho tro may tinh bang", { status: "dang_thuc_hien", percent: 40, done: "day them buoi chieu", difficulties: "hs it thiet bi", recommendations: "phong ho tro may tinh bang" }],
    ["dang lam 55%, 10 lop nop bai ve nha tren LMS, 4 gv day o nha", { status: "dang_thuc_hien", percent: 55, done: "10 lop nop bai ve nha tren LMS, 4 gv day o nha" }],
    ["xong r, gui thong bao ve nha cho phu huynh nha", { status: "da_hoan_thanh", percent: 100, done: "gui thong bao ve nha cho phu huynh" }],
    // The part's name alone is never stored as its value (it used to become "Kiến nghị: kiến nghị").
    ["Đã hoàn thành, mở 3 lớp học online. Không có khó khăn, kiến nghị.", { status: "da_hoan_thanh", percent: 100, done: "mở 3 lớp học online", difficulties: null, recommendations: null }],
    ["dang lam 30%, lap danh sach hs. ko co kk, kn gi het", { status: "dang_thuc_hien", percent: 30, done: "lap danh sach hs", difficulties: null, recommendations: null }],
    ["đang làm 85% à nhầm, 80% thôi, 16/20 gv đã có chứng chỉ", { status: "dang_thuc_hien", percent: 80, done: "16/20 gv đã có chứng chỉ" }],
  ])("%s", (text, expected) => expect(parseRowAnswer(text)).toEqual(expected));

  // Blind set 6: "qt" without ":" at a clause's head, a plan after it, is "quý tới"; a score or a group after it is "quản trị".
  it.each([
    ["dang lam 50%, gv nhap diem tren smas, qt lam them so lien lac", { status: "dang_thuc_hien", percent: 50, done: "gv nhap diem tren smas", next: "lam them so lien lac" }],
    ["xong rồi. Qt tiếp tục duy trì", { status: "da_hoan_thanh", percent: 100, next: "tiếp tục duy trì" }],
  ])("%s", (text, expected) => expect(parseRowAnswer(text)).toMatchObject(expected));

  // Blind set 6: statuses in other words; a clause with no status in a short answer is work said, not dropped.
  it.each([
    ["đc 7/10 rồi, nhập điểm trên smas", { status: "dang_thuc_hien", percent: 70, done: "nhập điểm trên smas" }],
    ["mới bắt đầu thôi, vừa nhận tài khoản", { status: "dang_thuc_hien", done: "vừa nhận tài khoản" }],
    ["sắp xong rồi, còn 3 lớp", { status: "dang_thuc_hien", done: "còn 3 lớp" }],
    ["xong xuôi r, 100% lớp dùng LMS", { status: "da_hoan_thanh", percent: 100, done: "100% lớp dùng LMS" }],
    ["100% lớp dùng sổ điểm điện tử", { status: "da_hoan_thanh", percent: 100, done: "100% lớp dùng sổ điểm điện tử" }],
    ["vừa triển khai, đã tạo 4 lớp học", { status: "dang_thuc_hien", done: "đã tạo 4 lớp học" }],
    ["chưa làm, quý tới mới triển khai", { status: "chua_thuc_hien", percent: 0, next: "mới triển khai" }],
    // A list of numbers after a comma is not "2" = the status choice; a connecting word left before a cue is dropped.
    ["đang làm 60%. đã cấp tài khoản cho lớp 1, 2. qt lớp 3", { status: "dang_thuc_hien", percent: 60, done: "đã cấp tài khoản cho lớp 1, 2", next: "lớp 3" }],
    ["là 70%, với khó khăn là thiếu máy", { status: "dang_thuc_hien", percent: 70, difficulties: "thiếu máy" }],
  ])("%s", (text, expected) => expect(parseRowAnswer(text)).toEqual(expected));

  it.each(["tự đánh giá xong, qt 57 điểm, dạy học 61", "tự đánh giá xong, qt nhóm 2 đạt 57"])("“qt” before a score stays in the text: %s", (text) => {
    expect(parseRowAnswer(text).next).toBeUndefined();
  });
});

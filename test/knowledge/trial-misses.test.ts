/**
 * The fourth principal trial's question-answering misses (29/11), typed as the tester typed them:
 * no diacritics, Zalo abbreviations, fillers. Each case is also in the development set, so the
 * perturbation suite varies it.
 */
import { describe, expect, it } from "vitest";
import { createKnowledge } from "../../src/knowledge/create.ts";
import { testConfig } from "../helpers/service.ts";

const NOW = new Date("2025-09-10T09:00:00+07:00");

describe("small talk, gibberish and what is forwarded to the office", () => {
  const knowledge = createKnowledge(testConfig());
  const ask = (q: string) => knowledge.answer(q, { now: NOW });

  it("answers thanks and acknowledgements briefly, forwarding nothing", async () => {
    for (const q of ["👍", "cam on ad", "ok a", "oki", "uk", "thank ad", "🙏🙏"]) {
      const a = await ask(q);
      expect(a.kind, q).toBe("smalltalk");
      expect(a.forward ?? a.declined, q).toBe(false);
      expect(a.text, q).not.toContain("cán bộ CNTT");
    }
  });

  it("asks again, with examples, when no word is recognisable — and forwards nothing", async () => {
    for (const q of ["asdkjh qwe", "jdjdjd", "???", "xyz abc"]) {
      const a = await ask(q);
      expect(a.forward, q).toBe(false);
      expect(a.text, q).toContain("tôi chưa hiểu ý thầy/cô");
      expect(a.text, q).toContain("“hạn nộp báo cáo quý 3 là ngày nào?”");
      expect(a.text, q).not.toContain("sẽ được trả lời sau");
    }
  });

  it("forwards a real question the documents do not cover, and only that", async () => {
    const a = await ask("trường em có được cấp thêm tiền mua máy tính bảng cho lớp 5 không");
    expect(a.declined).toBe(true);
    expect(a.forward).toBe(true);
    expect(a.text).toContain("Tôi đã chuyển câu hỏi tới cán bộ CNTT");
    const off = await ask("giá vàng hôm nay bao nhiêu");
    expect(off.declined).toBe(true);
    expect(off.forward).toBe(false);
    expect(off.text).not.toContain("sẽ được trả lời sau");
  });

  it("never gives a personal phone number: declines politely and points to the office's official channel", async () => {
    for (const q of ["ad cho e xin sdt truong phong", "cho em xin số điện thoại thầy trưởng phòng ạ", "xin zalo riêng của cán bộ cntt phòng"]) {
      const a = await ask(q);
      expect(a.declined, q).toBe(true);
      expect(a.forward, q).toBe(false);
      expect(a.text, q).toContain("không cung cấp số điện thoại");
      expect(a.text, q).toContain("email cntt.cc@hcm.edu.vn");
      expect(a.text, q).toContain("Nguồn: Hướng dẫn sử dụng trợ lý");
    }
  });
});

describe("confident off-target answers of the trial", () => {
  const knowledge = createKnowledge(testConfig());
  const ask = (q: string) => knowledge.answer(q, { now: NOW });

  it("explains PHỤ LỤC 2 against PHỤ LỤC 3 (CV 396), not a level-combination paragraph", async () => {
    for (const q of ["pl2 voi pl3 khac nhau the nao", "phân biệt phụ lục 2 với phụ lục 3 giúp em"]) {
      const a = await ask(q);
      expect(a.entryIds, q).toEqual(["phu-luc-2-va-3"]);
      expect(a.text, q).toContain("PHỤ LỤC 2 là đề cương báo cáo");
      expect(a.text, q).toContain("PHỤ LỤC 3 là bảng tổng hợp");
      expect(a.text, q).toContain("Nguồn: CV 396/GDĐT-CNTT");
    }
  });

  it("says a digital school is Mức độ 2 or higher (Củ Chi plan), not the plan's purpose", async () => {
    const a = await ask("truong hoc so la phai dat muc do may");
    expect(a.entryIds).toEqual(["cuchi-dinh-nghia-truong-hoc-so"]);
    expect(a.text).toContain("đạt từ Mức độ 2 trở lên");
  });

  it("counts the rows of PHỤ LỤC 3 from the template in use", async () => {
    for (const q of ["pl3 co bao nhieu muc", "phụ lục 3 có mấy dòng ạ", "bang pl3 gom may nhiem vu"]) {
      const a = await ask(q);
      expect(a.kind, q).toBe("computed");
      expect(a.text, q).toContain("PHỤ LỤC 3 có 9 mục nhiệm vụ (1 đến 9).");
      expect(a.text, q).toContain("Mục 1 và mục 3 là tiêu đề nhóm");
      expect(a.text, q).toContain("12 dòng trường điền: 1.1, 1.2, 2, 3.1, 3.2, 3.3, 4, 5, 6, 7, 8, 9.");
    }
    // A row by number is still that row.
    expect((await ask("pl3 muc 7 la gi")).text).toContain("Mục 7 của PHỤ LỤC 3");
  });

  it("“số mấy” (which number) is not a phone number", async () => {
    const a = await ask("cv 396 căn cứ vào kế hoạch số mấy của Sở");
    expect(a.text).not.toContain("không cung cấp số điện thoại");
  });
});

describe("filing in the chat is complete", () => {
  it("a report filed by chat needs no email: the bot sends the documents itself", async () => {
    const a = await createKnowledge(testConfig()).answer("nop qua Zalo co can gui email nua khong", { now: NOW });
    expect(a.entryIds).toEqual(["faq-nop-qua-chat"]);
    // The answer names what it answers (a bare "Không cần." misleads when the entry is found for another question).
    expect(a.text.startsWith("Nộp qua Zalo (trong cuộc trò chuyện với trợ lý) thì không cần gửi thêm email")).toBe(true);
    expect(a.text).toContain("mã tiếp nhận");
    expect(a.text).toContain("gửi tới cntt.cc@hcm.edu.vn");
    expect(a.text).toContain("Nguồn: Hướng dẫn sử dụng trợ lý");
  });
});

describe("one score only", () => {
  const knowledge = createKnowledge(testConfig());
  const ask = async (q: string) => (await knowledge.answer(q, { now: NOW })).text;

  it("gives the group's level and the rule, and asks for the other group's score", async () => {
    for (const q of ["72,5 diem thi muc may", "72,5 diem thi dat muc may a", "72,5 thi muc may"]) {
      const text = await ask(q);
      expect(text, q).toContain("72,5 điểm: Mức độ 2 (đáp ứng cơ bản)");
      expect(text, q).toContain("Quy tắc: dưới 50 điểm là Mức độ 1");
      expect(text, q).toContain("cho tôi biết thêm điểm nhóm còn lại");
    }
    expect(await ask("qt 72,5 thi muc may")).toContain("cho tôi biết thêm điểm Nhóm 1 (dạy, học), ví dụ: “dạy học 68, quản trị 72,5”");
  });
});

describe("several questions in one message, and corrections", () => {
  const knowledge = createKnowledge(testConfig());
  const ask = (q: string) => knowledge.answer(q, { now: NOW });

  it("“à nhầm q3” replaces the quarter asked first", async () => {
    for (const q of ["han nop q2 la ngay nao a nham q3", "hạn nộp bc quý 2 ạ, à nhầm quý 3", "han nop q2 xin loi la q3"]) {
      const a = await ask(q);
      expect(a.text, q).toContain("Báo cáo quý 3/2025: trước ngày 20/09/2025");
      expect(a.text, q).not.toContain("quý 2/2025");
    }
  });

  it("answers each question of a message, or names the one not answered", async () => {
    const address = await ask("han nop bc q3 la ngay nao, gui ve email nao");
    expect(address.text).toContain("cntt.cc@hcm.edu.vn");
    expect(address.text).not.toContain("chưa nói tới");
    const both = await ask("tdg han khi nao va lam tren he thong nao");
    expect(both.text).toContain("trước ngày 20/05/2026");
    expect(both.text).toContain("dti.vnedu.vn");
    const withPhone = await ask("han nop q3 ngay nao, cho e xin sdt truong phong");
    expect(withPhone.text).toContain("Báo cáo quý 3/2025: trước ngày 20/09/2025");
    expect(withPhone.text).toContain("không cung cấp số điện thoại");
    const counted = await ask("pl3 co may cot, con pl2 gom nhung gi");
    expect(counted.text).toContain("PHỤ LỤC 3 có 9 mục nhiệm vụ");
    expect(counted.text).toContain("PHỤ LỤC 2 là đề cương báo cáo");
    const unknown = await ask("han nop q3 la ngay nao, truong em co duoc cap them tien mua may tinh bang khong");
    expect(unknown.text).toContain("Báo cáo quý 3/2025");
    expect(unknown.text).toContain("Câu “truong em co duoc cap them tien mua may tinh bang khong”: các văn bản tôi có chưa nói tới");
    expect(unknown.forward).toBe(true);
  });
});

describe("a message that opens by addressing the office (trial 15)", () => {
  const knowledge = createKnowledge(testConfig());
  const ask = (q: string) => knowledge.answer(q, { now: new Date("2026-11-30T09:00:00+07:00") });

  it("answers both questions after “Kính gửi Phòng, nhà trường muốn hỏi: …”", async () => {
    const a = await ask("Kính gửi Phòng, nhà trường muốn hỏi: trường học số theo kế hoạch của huyện được định nghĩa thế nào, và đến năm 2025 tỉ lệ giáo viên được bồi dưỡng năng lực số phải đạt bao nhiêu phần trăm ạ?");
    expect(a.text).toContain("Mức độ 2 trở lên");
    expect(a.text).toContain("trên 50%");
  });

  it("does not answer the salutation (“Kính gửi anh chị tổ CNTT, …”)", async () => {
    const a = await ask("Kính gửi anh chị tổ CNTT, trường học số là gì ạ");
    expect(a.text).toContain("Mức độ 2 trở lên");
    expect(a.text).not.toContain("Kính gửi:");
  });
});

describe("a corrected version (trial 15 #142)", () => {
  const knowledge = createKnowledge(testConfig());

  it("says the newest version is in force and a late correction keeps an on-time first filing", async () => {
    const a = await knowledge.answer("Cho cô hỏi: nếu nộp bản sửa sau ngày 20/12 thì có bị tính trễ không, và bản cũ có còn hiệu lực không?", { now: new Date("2026-11-30T09:00:00+07:00") });
    expect(a.text).toContain("Phiên bản mới nhất là bản có hiệu lực");
    expect(a.text).toContain("vẫn được tính đúng hạn");
  });
});

describe("whether evidence goes with the self-assessment (trial 16 #37)", () => {
  it("answers where the evidence goes", async () => {
    const a = await createKnowledge(testConfig()).answer("cho thầy hỏi cái, gửi bản tự đánh giá về phòng có cần kèm minh chứng ko", { now: new Date("2026-11-30T09:00:00+07:00") });
    expect(a.declined).toBe(false);
    expect(a.text).toContain("dti.vnedu.vn");
  });
});

describe("the two addresses the guidance prints (trial 16 #7)", () => {
  it("gives the address in use when the principal saw two in the guidance — never PHỤ LỤC 2 against 3", async () => {
    const k = createKnowledge(testConfig());
    const now = { now: new Date("2026-11-30T09:00:00+07:00") };
    for (const q of ["gui bc qua mail nao z ad, c thay trong cv ghi 2 dia chi khac nhau 🤔", "gui bc qua mail nao v, thay cv ghi 2 dia chi khac nhau", "gửi bc về mail nào vậy, thấy công văn in 2 địa chỉ email khác nhau"]) {
      const a = await k.answer(q, now);
      expect(a.text, q).toContain("cntt.cc@hcm.edu.vn");
      expect(a.text, q).not.toContain("PHỤ LỤC 2 là đề cương");
    }
  });
});

describe("of two dates, the one sent on (trial 17 #71)", () => {
  it("“hạn trước ngày 20/12 đúng ko, nộp ngày 19 là còn kịp chứ” judges the 19th", async () => {
    const k = createKnowledge(testConfig());
    const now = { now: new Date("2026-11-30T09:00:00+07:00") };
    const a = await k.answer("vay bc quy 4 thi gui truoc ngay hai muoi thang muoi hai dung ko, nop ngay muoi chin la con kip chu", now);
    expect(a.text).toContain("Gửi ngày 19/12/2026");
    expect(a.text).toContain("đúng hạn");
    // Asked as two questions, the deadline answer says the 19th is the last day — never "trễ".
    const b = await k.answer("hạn bc quý 4 là trước ngày 20/12 đúng ko, nộp ngày 19 là còn kịp chứ", now);
    expect(b.text).toContain("19/12/2026");
    expect(b.text).not.toContain("trễ");
  });
});

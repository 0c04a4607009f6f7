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

import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_CORPUS_DIR, loadCorpus } from "../../src/knowledge/corpus.ts";
import { createKnowledge } from "../../src/knowledge/create.ts";
import { evaluate, readEvalSet } from "../../src/knowledge/eval.ts";
import { normalize } from "../../src/lang/normalize.ts";
import { findPeriod } from "../../src/lang/periods.ts";
import { testConfig } from "../helpers/service.ts";

const NOW = new Date("2025-09-10T09:00:00+07:00");

describe("the corpus", () => {
  it("validates: every entry has a known source, known placeholders, a unique id", () => {
    const { corpus, problems } = loadCorpus();
    expect(problems).toEqual([]);
    expect(corpus.entries.length).toBeGreaterThanOrEqual(40);
  });

  it("reports every problem of a broken corpus, by file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cds-corpus-"));
    try {
      fs.copyFileSync(path.join(DEFAULT_CORPUS_DIR, "sources.yaml"), path.join(dir, "sources.yaml"));
      const entry = (id: string, source: string, body: string) => `---\nid: ${id}\ntitle: Tiêu đề ${id}\nsource: ${source}\ntags: [thử]\n---\n${body}\n`;
      fs.writeFileSync(path.join(dir, "a.md"), entry("a", "khong-co-nguon", "Nội dung."));
      fs.writeFileSync(path.join(dir, "b.md"), entry("b", "qd4725", "Gửi {{office.fax}}."));
      fs.writeFileSync(path.join(dir, "c.md"), entry("b", "qd4725", "Trùng id."));
      fs.writeFileSync(path.join(dir, "d.md"), "không có phần đầu");
      fs.writeFileSync(path.join(dir, "e.md"), "---\nid: [\n---\nx\n");
      const { problems } = loadCorpus(dir);
      expect(problems.map((p) => p.file)).toEqual(["a.md", "b.md", "c.md", "d.md", "e.md"]);
      expect(problems[0]!.message).toContain("không có trong sources.yaml");
      expect(problems[1]!.message).toContain("{{office.fax}}");
      expect(problems[2]!.message).toContain("trùng");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("Vietnamese as typed on Zalo", () => {
  it.each([
    ["Hạn nộp BC quý III năm 2025?", "han nop bao cao quy 3 nam 2025"],
    ["bcao Q3-2025 ko dc à", "bao cao quy 3 2025 khong duoc"],
    ["qúy ba", "quy 3"],
    ["CĐS là gì", "chuyen doi so la gi"],
    ["Hạn nộp".normalize("NFD"), "han nop"],
    ["hạng nộp bc", "han nop bao cao"],
    ["dia chi mail cntt cua phong gd cu chi", "dia chi email cong nghe thong tin cua phong giao duc cu chi"],
    ["mục 7 pl3 là làm gì ad", "muc 7 phu luc 3 la lam gi"],
    ["Dạ thầy ơi cho e hỏi mứt độ 2 là gì v ạ", "muc do 2 la gi"],
    ["qt 75 dh 90 thì mức mấy", "quan tri 75 day hoc 90 thi muc do may"],
    ["nộp muộn có sao ko", "nop tre co sao khong"],
  ])("%s", (input, expected) => expect(normalize(input)).toBe(expected));

  it("recognises quarters written many ways", () => {
    for (const q of ["hạn nộp bc quý 3/2025", "han nop bao cao Q3-2025", "hạn nộp báo cáo quý III năm 2025", "hạn nộp bc qúy ba 2025", "bc qIII/2025"]) {
      expect(findPeriod(normalize(q)), q).toEqual({ quarter: 3, year: 2025 });
    }
  });
});

describe("answers", () => {
  const knowledge = createKnowledge(testConfig());

  it("pass the development set: at least 95 % right and every off-topic question declined", async () => {
    const r = await evaluate(knowledge, readEvalSet("test/fixtures/qa-dev.jsonl"));
    expect(r.total).toBeGreaterThanOrEqual(80);
    expect(r.failures.filter((f) => f.why === "should have declined")).toEqual([]);
    expect(r.offTopicDeclined).toBe(r.offTopic);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it("words a computed deadline as the document does, with the weekday, days left and the source", async () => {
    const a = await knowledge.answer("hạn nộp báo cáo quý 4/2025", { now: NOW });
    expect(a.kind).toBe("computed");
    expect(a.text.split("\n")).toEqual([
      "Báo cáo quý 4/2025: trước ngày 20/12/2025 (thứ Bảy).",
      "Hạn chót là hết ngày 19/12/2025 (thứ Sáu) — còn 100 ngày.",
      "Gửi về Phòng Giáo dục và Đào tạo huyện Củ Chi qua email cntt.cc@hcm.edu.vn (mẫu PHỤ LỤC 2, kèm bảng PHỤ LỤC 3).",
      "Nguồn: CV 396/GDĐT-CNTT ngày 21/03/2023 của Phòng Giáo dục và Đào tạo huyện Củ Chi",
    ]);
  });

  it("says so where the reference is not the official text — in words for the school, not a note for staff", async () => {
    for (const q of ["nhóm 2 gồm những tiêu chí nào", "nhom 1 gom nhung tieu chi nao a", "dieu kien bat buoc gom nhung gi v ad", "tiêu chí 1.3 là gì", "bo tieu chuan truong hoc so tphcm co may tieu chuan", "danh gia ngoai truoc ngay nao"]) {
      const a = await knowledge.answer(q, { now: NOW });
      expect(a.declined, q).toBe(false);
      expect(a.text, q).not.toMatch(/chưa xác minh|cần đối chiếu|chưa đối chiếu|nguồn thứ cấp/i);
    }
    const a = await knowledge.answer("nhóm 2 gồm những tiêu chí nào", { now: NOW });
    expect(a.text).toContain("lấy từ tài liệu tham khảo, không phải Phụ lục QĐ 4725 bản chính thức; khi cần chắc chắn, thầy/cô hỏi thêm Phòng Giáo dục và Đào tạo huyện Củ Chi");
  });

  it("no answer to the development set shows a staff note (“chưa xác minh”, “cần đối chiếu”)", async () => {
    for (const c of readEvalSet(path.join(import.meta.dirname, "../fixtures/qa-dev.jsonl"))) {
      const a = await knowledge.answer(c.q, { now: NOW });
      expect(a.text, c.q).not.toMatch(/chưa xác minh|cần đối chiếu|chưa đối chiếu|nguồn thứ cấp/i);
    }
  });

  it("fills another office's name, mailbox and deadlines from configuration", async () => {
    const other = createKnowledge(
      testConfig({
        OFFICE_NAME: "Phòng Văn hóa - Xã hội phường Bến Thành",
        OFFICE_EMAIL: "vhxh.benthanh@example.gov.vn",
        OFFICE_GUIDANCE: "CV 12/VHXH ngày 05/01/2026",
        REPORT_DUE_DAY: "15",
        REPORT_CUTOFF: "end-of-day",
      }),
    );
    const deadline = await other.answer("hạn nộp báo cáo quý 4/2025", { now: NOW });
    expect(deadline.text).toContain("trước ngày 15/12/2025");
    expect(deadline.text).toContain("Hạn chót là hết ngày 15/12/2025");
    expect(deadline.text).toContain("Nguồn: CV 12/VHXH ngày 05/01/2026 của Phòng Văn hóa - Xã hội phường Bến Thành");
    const address = await other.answer("gửi báo cáo về địa chỉ email nào", { now: NOW });
    expect(address.text).toContain("vhxh.benthanh@example.gov.vn");
    expect(address.text).not.toContain("cntt.cc@hcm.edu.vn");
    expect(address.text).not.toContain("Củ Chi");
  });

  it("keeps every reply under Zalo's 2,000 characters", async () => {
    for (const c of readEvalSet("test/fixtures/qa-dev.jsonl")) {
      const a = await knowledge.answer(c.q, { now: NOW });
      expect([...a.text].length, c.q).toBeLessThanOrEqual(2000);
    }
  });
});

describe("the optional LLM (a local server speaking the chat-completions API)", () => {
  const requests: { body: { model: string; messages: { role: string; content: string }[] }; auth?: string }[] = [];
  /** What the stub answers, by job (recognised from the system prompt). */
  const replies: { understand: string; choose: string; answer: string | "error" | "slow" } = { understand: "{}", choose: "{}", answer: "" };
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (d) => (raw += d));
    req.on("end", () => {
      const body = JSON.parse(raw);
      requests.push({ body, auth: req.headers.authorization });
      const system: string = body.messages[0].content;
      const job = system.includes("Bạn phân loại") ? "understand" : system.includes("Bạn chọn mục") ? "choose" : "answer";
      const content = replies[job];
      const reply = (c: string) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ choices: [{ message: { role: "assistant", content: c } }] }));
      if (content === "error") res.writeHead(500).end("boom");
      else if (content === "slow") setTimeout(() => reply("quá muộn"), 2_000);
      else reply(content);
    });
  });
  const ready = new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });
  const llmKnowledge = async () => {
    await ready;
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    return createKnowledge(testConfig({ LLM_BASE_URL: base, LLM_MODEL: "qwen-test", LLM_API_KEY: "sk-test-key", LLM_TIMEOUT_MS: "300" }));
  };

  it("rewords a retrieved answer from the retrieved entry only, keeps the source, and falls back on failure", async () => {
    const k = await llmKnowledge();
    const q = "gửi báo cáo về địa chỉ email nào";
    replies.answer = "Dạ, thầy/cô gửi báo cáo về hộp thư cntt.cc@hcm.edu.vn ạ.";
    const a = await k.answer(q, { now: NOW });
    expect(a.text.startsWith("Dạ, thầy/cô gửi báo cáo về hộp thư cntt.cc@hcm.edu.vn ạ.")).toBe(true);
    expect(a.text).toContain("Nguồn: CV 396/GDĐT-CNTT");
    const sent = requests.at(-1)!;
    expect(sent.auth).toBe("Bearer sk-test-key");
    expect(sent.body.model).toBe("qwen-test");
    expect(sent.body.messages[0]!.content).toContain("Chỉ dùng thông tin trong phần TƯ LIỆU");
    expect(sent.body.messages[1]!.content).toContain("cntt.cc@hcm.edu.vn");

    for (const m of ["KHÔNG_ĐỦ_TƯ_LIỆU", "error", "slow"] as const) {
      replies.answer = m;
      const fallback = await k.answer(q, { now: NOW });
      expect(fallback.text, m).toContain("Báo cáo quý gửi về Phòng Giáo dục và Đào tạo huyện Củ Chi qua email cntt.cc@hcm.edu.vn");
    }
  });

  it("reads a question the deterministic path cannot into intent and slots, computed by our own calculator", async () => {
    const k = await llmKnowledge();
    // ("bảy mươi" is read now — spoken numbers become digits —; "bảy chục" is still not.)
    const q = "phần dạy học trường tự chấm bảy chục, phần quản trị tám chục thì xếp loại gì";
    expect((await createKnowledge(testConfig()).answer(q, { now: NOW })).declined).toBe(true);
    replies.understand = "Kết quả:\n```json\n{\"intent\":\"level\",\"teaching\":70,\"management\":80}\n```";
    const a = await k.answer(q, { now: NOW });
    expect(a.kind).toBe("computed");
    expect(a.text).toContain("Nhóm 1 (dạy, học): 70 điểm: Mức độ 2");
    expect(a.text).toContain("Nhóm 2 (quản trị): 80 điểm: Mức độ 3");
    expect(a.text).toContain("Mức chung của trường: Mức độ 2");

    // Invalid JSON, a score out of range, an unknown field, off-topic, a failure: the question is declined, nothing invented.
    replies.choose = '{"id":"none"}';
    for (const bad of ["không biết", '{"intent":"level","teaching":700}', '{"intent":"level","teaching":70,"note":"x"}', '{"intent":"off_topic"}', "error"]) {
      replies.understand = bad;
      const d = await k.answer(q, { now: NOW });
      expect(d.declined, bad).toBe(true);
    }
  });

  it("lets the LLM pick one of the retrieved entries, never one it makes up", async () => {
    const k = await llmKnowledge();
    // (Without the comma: "nhỉ" before a comma now goes as a clause-final filler, and the PHỤ LỤC 3 entry then covers enough.)
    const q = "bản đồ số ngành mình dùng vào việc gì nhỉ có liên quan trường không";
    // Precondition: without the LLM this question is declined (no entry covers it well enough).
    expect((await createKnowledge(testConfig()).answer(q, { now: NOW })).declined).toBe(true);
    replies.understand = '{"intent":"knowledge"}';
    replies.answer = "KHÔNG_ĐỦ_TƯ_LIỆU";
    replies.choose = '{"id":"phu-luc-3"}';
    const picked = await k.answer(q, { now: NOW });
    expect(picked.entryIds).toEqual(["phu-luc-3"]);
    expect(picked.text).toContain("Nguồn:");
    const offered = requests.at(-2)!.body.messages[1]!.content;
    expect(offered).toContain("[phu-luc-3]");
    // An id that was not offered is refused: the question is declined.
    replies.choose = '{"id":"muc-bia-dat"}';
    expect((await k.answer(q, { now: NOW })).declined).toBe(true);
  });

  it("never sends computed answers or clearly off-topic questions to the LLM", async () => {
    const k = await llmKnowledge();
    const before = requests.length;
    await k.answer("hạn nộp báo cáo quý 3", { now: NOW });
    await k.answer("giá vàng hôm nay", { now: NOW });
    expect(requests.length).toBe(before);
  });
});

describe("npm run ask", () => {
  it("answers a JSONL file line by line, for evaluation from outside", async () => {
    const { spawnSync } = await import("node:child_process");
    const input = ['{"id":"a","q":"hạn nộp báo cáo quý 4/2025"}', '{"id":"b","q":"giá vàng hôm nay"}', "not json", '{"id":"c","q":"EDUGIS là gì"}'].join("\n");
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/knowledge/cli/ask.ts", "--jsonl", "-", "--now", "2025-09-10T09:00:00+07:00"], {
      input,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.id, l.declined ?? null])).toEqual([["a", false], ["b", true], [null, null], ["c", false]]);
    expect(lines[0].answer).toContain("trước ngày 20/12/2025");
    expect(lines[0].sources).toEqual(["CV 396/GDĐT-CNTT ngày 21/03/2023 của Phòng Giáo dục và Đào tạo huyện Củ Chi"]);
    expect(lines[2].error).toBe("dòng không phải JSON");
    expect(lines[3].answer).toContain("Bản đồ số");
  });
});

describe("deadlines on a weekend", () => {
  it("says so when the last on-time day is a Saturday", async () => {
    const a = await createKnowledge(testConfig()).answer("hạn nộp bc quý 4/2026", { now: new Date("2026-11-23T09:00:00+07:00") });
    expect(a.text).toContain("Hạn chót là hết ngày 19/12/2026 (thứ Bảy) — còn 26 ngày. Ngày này rơi vào cuối tuần, nên gửi sớm hơn.");
  });
});

describe("an office's own lexicon (LANG_LEXICON)", () => {
  it("teaches the assistant a new abbreviation without code, for every reader", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cds-lexicon-"));
    const { DEFAULT_LEXICON_PATH, compileLexicon, loadLexiconSource, useLexicon } = await import("../../src/lang/lexicon.ts");
    try {
      const file = path.join(dir, "lexicon.yaml");
      fs.writeFileSync(file, fs.readFileSync(DEFAULT_LEXICON_PATH, "utf8").replace("abbreviations:\n", "abbreviations:\n  bcdk: bao cao dinh ky\n"));
      const q = "hạn nộp bcdk quý 4";
      expect(normalize(q)).toBe("han nop bcdk quy 4");
      const k = createKnowledge(testConfig({ LANG_LEXICON: file }));
      expect(normalize(q)).toBe("han nop bao cao dinh ky quy 4");
      expect((await k.answer(q, { now: NOW })).text).toContain("Báo cáo quý 4/2025: trước ngày 20/12/2025");
    } finally {
      useLexicon(compileLexicon(loadLexiconSource()));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

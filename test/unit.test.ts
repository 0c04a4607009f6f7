/** Small pure pieces: command recognition, text splitting, folding, log redaction, secrets. */
import { describe, expect, it } from "vitest";
import { parseCommand } from "../src/bot/commands.ts";
import { splitText } from "../src/channels/shared/split-text.ts";
import { secretMatches } from "../src/channels/shared/secret.ts";
import { foldVietnamese } from "../src/domain/text.ts";
import { canonicalCode, generateLinkCode } from "../src/registry/link-codes.ts";
import { createLogger } from "../src/logger.ts";
import { zaloToTelegramUpdate } from "../src/channels/zalo/translate.ts";

describe("parseCommand", () => {
  it.each([
    ["/start", "start", ""],
    ["bắt đầu", "start", ""],
    ["Bat Dau", "start", ""],
    ["/start@cds_bot", "start", ""],
    ["trợ giúp", "help", ""],
    ["TRO GIUP", "help", ""],
    ["/help", "help", ""],
    ["Liên kết K7M2-Q9XP", "link", "K7M2-Q9XP"],
    ["lien ket k7m2 q9xp", "link", "k7m2 q9xp"],
    ["/link K7M2Q9XP", "link", "K7M2Q9XP"],
    ["lk 4TPX-E5TM", "link", "4TPX-E5TM"], // the Zalo abbreviation, only before something shaped like a code
    ["LK 4tpxe5tm", "link", "4tpxe5tm"],
    ["lk bc quý 3", undefined, undefined],
    ["hủy", "cancel", ""],
    ["huỷ", "cancel", ""], // the other placement of the tone mark
    ["Huy", "cancel", ""],
    ["/cancel", "cancel", ""],
    ["li\u0302n ke\u0302\u0301t ABCD", undefined, undefined], // "lin kết" typo: not a command
    ["chào thầy, cho hỏi hạn nộp", undefined, undefined],
    ["trợ giúp tôi với báo cáo", undefined, undefined],
    ["hủy hoại", undefined, undefined],
  ])("%s", (text, name, args) => {
    const parsed = parseCommand(text);
    expect(parsed?.name).toBe(name);
    expect(parsed?.args).toBe(args);
  });

  it("recognises decomposed (NFD) input", () => {
    expect(parseCommand("liên kết ABCD-EFGH".normalize("NFD"))).toEqual({ name: "link", args: "ABCD-EFGH" });
  });
});

describe("splitText", () => {
  it("keeps short text whole", () => expect(splitText("xin chào", 10)).toEqual(["xin chào"]));
  it("packs paragraphs greedily without cutting them", () => {
    expect(splitText("aaaa\n\nbbbb\n\ncccc", 10)).toEqual(["aaaa\n\nbbbb", "cccc"]);
  });
  it("falls back to lines, then words, then a hard cut", () => {
    expect(splitText("aaaa bbbb cccc", 9)).toEqual(["aaaa bbbb", "cccc"]);
    expect(splitText("x".repeat(25), 10)).toEqual(["x".repeat(10), "x".repeat(10), "x".repeat(5)]);
  });
  it("counts characters, not UTF-16 units", () => {
    const chunks = splitText("😀".repeat(15), 10);
    expect(chunks.map((c) => [...c].length)).toEqual([10, 5]);
  });
});

describe("text and codes", () => {
  it("folds Vietnamese", () => {
    expect(foldVietnamese("  Đổi MỚI   Số ")).toBe("doi moi so");
    expect(foldVietnamese("Hủy".normalize("NFD"))).toBe("huy");
  });
  it("generates readable codes and canonicalises what people type", () => {
    const code = generateLinkCode();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    expect(canonicalCode(` ${code.toLowerCase().replace("-", " ")} `)).toBe(code.replace("-", ""));
  });
  it("compares secrets of any length", () => {
    expect(secretMatches("abcdefgh", "abcdefgh")).toBe(true);
    expect(secretMatches("abcdefg", "abcdefgh")).toBe(false);
    expect(secretMatches(undefined, "abcdefgh")).toBe(false);
    expect(secretMatches(["abcdefgh"], "abcdefgh")).toBe(false);
  });
});

describe("logger", () => {
  it("redacts configured secrets anywhere in a line, and secret-named keys", () => {
    const lines: string[] = [];
    const log = createLogger({ level: "info", secrets: ["123:SeCrEtToKeN"], write: (l) => void lines.push(l) });
    log.info({ url: "https://bot-api.zaloplatforms.com/bot123:SeCrEtToKeN/sendMessage", cfg: { password: "pw-1" } }, "call");
    log.error(new Error("failed at /bot123:SeCrEtToKeN/getUpdates"));
    const out = lines.join("");
    expect(out).not.toContain("SeCrEtToKeN");
    expect(out).not.toContain("pw-1");
    expect(out).toContain("\"password\":\"[REDACTED]\"");
    expect(out).toContain("/bot[REDACTED]/sendMessage");
  });
});

describe("Zalo translation", () => {
  it("maps ids as strings, milliseconds to seconds, and the sender's name", () => {
    const u = zaloToTelegramUpdate({
      event_name: "message.text.received",
      message: {
        message_id: "16f6366b3f02645a3d15",
        date: 1766619597466,
        chat: { id: "e4ea2cd5189df1c3a88c", chat_type: "PRIVATE" },
        from: { id: "e4ea2cd5189df1c3a88c", display_name: "Nguyen Van A", is_bot: false },
        text: "Xin chào",
      },
    });
    expect(u?.message).toMatchObject({
      message_id: "16f6366b3f02645a3d15",
      date: 1766619597,
      chat: { id: "e4ea2cd5189df1c3a88c", type: "private" },
      from: { id: "e4ea2cd5189df1c3a88c", first_name: "Nguyen Van A" },
      text: "Xin chào",
    });
  });
});

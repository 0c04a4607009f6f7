/**
 * One message, several questions: split on sentence ends ("?", "!", new lines, ";", ". "),
 * and on a question-final phrase followed by a new question ("… là gì, còn … thì sao"). Fragments
 * with too few words of their own are glued back to their neighbour. splitClauses goes further: a
 * clause that ends in a question word followed by another question ("hạn nộp ngày nào, gửi email
 * nào", "… khi nào và làm trên hệ thống nào").
 *
 * A correction later in the message ("hạn nộp q2 … à nhầm q3", "xin lỗi, là mục 7") replaces
 * the slot it names in what came before (see applyCorrection).
 */
import { foldVietnamese } from "../domain/text.ts";
import { analyze } from "./normalize.ts";

const SENTENCE_END = /(?<=[?!;\n])|(?<=\D\.)\s+|(?<=\.)\s+(?=\p{Lu})|\s*,\s*(?:còn|con)\b(?=\s)|,\s*(?=(?:ai|khi nào|khi nao|bao giờ|bao gio|ở đâu|o dau|bao nhiêu|bao nhieu|mấy|may|có phải|co phai)\s)|\s*(?:,\s*)?\b(?:với lại|voi lai|thêm nữa|them nua|và cho hỏi|va cho hoi|cho hỏi thêm|cho hoi them)\b(?=\s)/giu;

/** Words a question ends on (folded), and words that join a second question to it. */
const QUESTION_END = new Set(["nao", "gi", "j", "may", "nhieu", "khong", "ko", "k", "hong", "chua", "sao", "dau", "ai", "ntn"]);
const JOINERS = new Set(["va", "voi", "roi", "con"]);
/** Polite words that may follow a question word before the clause ends ("ngày mấy ạ,", "sao v a,"). */
const TRAILING = new Set(["a", "ad", "admin", "nha", "nhe", "nhi", "v", "vay", "z", "zay", "dzay", "ha", "thay", "co", "oi", "ne", "nhen", "nghen", "hen", "ta"]);
/** "ai ký", "gì", "nào" inside a clause: it asked (a yes/no word mid-clause — "không có" — does not). */
const ASKS_WHO = /\b(ai|gi|j|nao|may|bao nhieu|bn|bao gio|khi nao|o dau)\b/;
/** A folded clause that asks something. */
const ASKS = /\b(gi|j|nao|may|bao nhieu|khong|ko|chua|sao|dau|ai|ntn|the nao|xin|cho xin)\b/;

const ownWords = (p: string) => analyze(p).tokens.length;

/**
 * Splits a sentence where one question ends ("… ngày nào") and another begins (", gửi email nào").
 * Weaker evidence than a sentence end: the caller keeps the split only when the first clause is a
 * question it can answer on its own.
 */
export function splitClauses(sentence: string): string[] {
  const words = sentence.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < words.length - 1; i++) {
    const word = foldVietnamese(words[i]!.toLowerCase()).replace(/[^a-z0-9]+$/, "");
    // A question ends here on its question word, or ("cv 396 ai ký v, …") on a comma after a clause that asked one.
    const soFar = () => foldVietnamese(words.slice(start, i + 1).join(" ").toLowerCase());
    // … or ("… được hông hay phải để nguyên dzậy rồi cột 4 …") on a particle before a joiner, after a clause that asked.
    const particle = TRAILING.has(word) && JOINERS.has(foldVietnamese(words[i + 1]!.toLowerCase()).replace(/[^a-z]/g, "")) && /\b(hong|khong|ko|hay|gi|j|nao|may|sao)\b/.test(soFar());
    const asked = QUESTION_END.has(word) || particle || (/,$/.test(words[i]!) && ASKS_WHO.test(soFar()));
    if (!asked) continue;
    // "… ngày mấy ạ, Tết có …": polite words after the question word belong to it.
    let end = i;
    while (end + 1 < words.length - 1 && !/,$/.test(words[end]!) && TRAILING.has(foldVietnamese(words[end + 1]!.toLowerCase()).replace(/[^a-z]+$/, ""))) end++;
    const comma = /,$/.test(words[end]!);
    const joiner = JOINERS.has(foldVietnamese(words[end + 1]!.toLowerCase()).replace(/[^a-z]/g, ""));
    if (!comma && !joiner) continue;
    const before = words.slice(start, end + 1).join(" ").replace(/,$/, "");
    const restStart = joiner ? end + 2 : end + 1;
    const after = words.slice(restStart).join(" ");
    if (ownWords(before) < 2 || ownWords(after) < 2 || !ASKS.test(foldVietnamese(after.toLowerCase()))) continue;
    out.push(before);
    start = restStart;
    i = restStart - 1;
  }
  out.push(words.slice(start).join(" "));
  return out;
}

/**
 * "… mấy ngày nào dzậy tui hay quên lắm ghi ra giùm tui nhen", "… tên miền nào v ạ, em cần vô để cập
 * nhật minh chứng": after the question, the asker talks about herself — no part of the question.
 * The sentence without that remark (unchanged when nothing like it follows the last question word).
 */
export function withoutClosingRemark(sentence: string): string {
  const words = sentence.split(/\s+/).filter(Boolean);
  const fold = (w: string) => foldVietnamese(w.toLowerCase()).replace(/[^a-z0-9]+/g, "");
  let last = -1;
  words.forEach((w, i) => {
    if (QUESTION_END.has(fold(w))) last = i;
  });
  if (last < 0) return sentence;
  let end = last;
  while (end + 1 < words.length && TRAILING.has(fold(words[end + 1]!)) && !/,$/.test(words[end]!)) end++;
  const rest = words.slice(end + 1);
  if (rest.length < 3 || !/^(tui|toi|em|e|minh|t|co|thay|truong em|nha truong)$/.test(fold(rest[0]!))) return sentence;
  if (ASKS.test(foldVietnamese(rest.join(" ").toLowerCase())) || /\?/.test(rest.join(" "))) return sentence;
  return words.slice(0, end + 1).join(" ").replace(/,$/, "");
}

/**
 * A principal introducing herself before asking ("e là HT trường TH thị trấn Củ Chi, cho e hỏi hạn nộp
 * q4", "em là hiệu trưởng trường X cho em hỏi …"): the introduction ends at a punctuation mark or
 * where the asking starts, and must name a role or a school.
 */
const INTRODUCTION = /^((?:(?:xin\s+)?(?:chào|chao|dạ|da|alo)\b[^,.;!?\n]*[,.;!]+\s*)?(?:em|e|tôi|toi|mình|minh|thầy|thay|cô|co|anh|chị|chi)\s+(?:là|la|ở|o|bên|ben)\s+[^,.;!?\n]+?)(?:\s*[,.;:!\n]+\s*|\s+(?=(?:cho|xin|muốn|muon)\s+(?:\S+\s+)?(?:hỏi|hoi)\b))(\S.*)$/isu;
const ROLE_OR_SCHOOL = /\b(hieu truong|ht|pht|pho hieu truong|giao vien|gv|giam doc|to truong|can bo|truong|trung tam)\b/;

function splitIntroduction(text: string): string[] {
  const m = INTRODUCTION.exec(text.trim());
  if (!m || !ROLE_OR_SCHOOL.test(foldVietnamese(m[1]!.toLowerCase())) || ownWords(m[2]!) < 2) return [text];
  return [m[1]!, m[2]!];
}

/** "Kính gửi Phòng GD, …", "Kính thưa anh chị tổ CNTT, …", "Chào ad, …": whom the message addresses. */
const SALUTATION = /^\s*(?:kính gửi|kinh gui|kính thưa|kinh thua|xin chào|xin chao|chào|chao)\s+[^,.:;!?\n]{1,40}[,.:;!\n]\s*(?=\S)/iu;

/** "Dạ thầy HT nhờ em hỏi …", "hiệu trưởng nhờ e hỏi giùm là …": someone asking on the principal's behalf. */
const ASKED_FOR = /^[^?\n]{0,40}?(?<![\p{L}])(?:nhờ|nho)\s+(?:em|e|mình|minh|tôi|toi|tui|con)\s+(?:hỏi|hoi)(?![\p{L}])(?:\s+(?:giùm|gium|giúp|giup|hộ|ho|dùm|dum|thử|thu|luôn|luon|lại|lai|thêm|them|phòng|phong|ad|anh|chị|chi|thầy|thay|cô|co|ạ|a|là|la|về|ve)(?![\p{L}]))*\s*[:,.]?\s*(?=\S)/iu;

/**
 * "Tôi muốn được giải thích rõ: …", "Em xin hỏi Phòng như sau: …", "Kính gửi Phòng, nhà trường
 * muốn hỏi: …": a lead-in (after an optional salutation) that only says a question follows. The
 * message without them (the lead-in stays when nothing follows its colon).
 */
export function withoutPreamble(text: string): string {
  text = text.replace(SALUTATION, "").replace(ASKED_FOR, "");
  const m = /^\s*(?:(?:dạ|da|thưa|thua)[\s,]+)?(?:(?:tôi|toi|em|e|mình|minh|tui|chúng tôi|chung toi|nhà trường|nha truong|trường|truong)\s+)?(?:(?:muốn|muon|xin|nhờ|nho|cần|can|kính|kinh)\s+)+(?:được\s+|duoc\s+)?(?:phòng\s+|phong\s+)?(?:hỏi|hoi|biết|biet|giải thích|giai thich|hướng dẫn|huong dan|làm rõ|lam ro)(?:\s+(?:rõ|ro|thêm|them|một số|mot so|vài|vai|nội dung|noi dung|việc|viec|sau|như sau|nhu sau|về|ve|ạ|a))*\s*:\s*(?=\S)/iu.exec(text);
  return m ? text.slice(m[0].length) : text;
}

/**
 * "Bộ chỉ số ban hành kèm theo Quyết định số 4725/QĐ-BGDĐT ngày 30/12/2022": a document cited in
 * full is that document ("Bộ chỉ số QĐ 4725") — the citation's words ask nothing.
 */
export function shortCitations(text: string): string {
  return text.replace(/(?:(?:được|duoc)\s+)?(?:ban hành|ban hanh)\s+(?:kèm|kem)(?:\s+(?:theo|với|voi))?\s+(?:quyết định|quyet dinh|qđ|qd)\s*(?:(?:số|so)\s*)?(\d{2,5})(?:\/[\p{L}\d-]+)*(?:\s+(?:ngày|ngay)\s+\d{1,2}\/\d{1,2}\/\d{4})?/giu, "QĐ $1");
}

/** The sentences of a message that carry content of their own (at least two normalised words). */
export function splitQuestions(text: string): string[] {
  const [intro, rest] = splitIntroduction(text);
  if (rest !== undefined) return [intro!, ...splitQuestions(rest)];
  const parts = text
    .split(SENTENCE_END)
    .map((p) => p?.trim())
    .filter((p): p is string => !!p);
  const out: string[] = [];
  for (const p of parts) {
    if (ownWords(p) >= 2 || !out.length) out.push(p);
    else out[out.length - 1] = `${out[out.length - 1]} ${p}`;
  }
  return out;
}

/**
 * "à nhầm", "em hỏi nhầm/lộn", "xin lỗi", "sorry", "ý em là" after something was said: what follows
 * corrects it (the capture).
 */
const CORRECTION = /(?:^|[\s,.;!?]+)(?:(?:à|a|á|ơ|o|ờ|dạ|da|ấy|ay)[\s,]+)?(?:(?:ko|không|khong|hông|hong|k)[\s,]+)?(?:(?:em|e|mình|minh|tôi|toi|tui)\s+)?(?:(?:hỏi|hoi|ghi|gõ|go|nói|noi|đọc|doc)\s+)?(?:nhầm|nham|lộn|(?<=(?:hỏi|hoi|ghi|gõ|go|nói|noi)\s)lon|xin lỗi|xin loi|sorry|ý em là|y em la|ý là|y la)(?=$|[\s,.:!])[\s,.:!]*(?:(?:là|la|chứ|chu|thành|thanh)\s+)?(.*)$/iu;
/** "à không, quý IV chớ", "à hông 3.3": taken back without "nhầm" — only when a slot or a number follows. */
const TAKEN_BACK = /(?:^|[\s,.;!?]+)(?:à|a|ờ|ơ)\s+(?:không|khong|ko|k|hông|hong)(?:\s+phải)?[\s,.:!]+(?=(?:(?:là|la|phải là|phai la)\s+)?(?:q|quý|quy|mục|muc|dòng|dong|cột|cot|pl|phụ lục|phu luc|năm|nam|ngày|ngay)?\s*(?:(?:số|so)\s+)?(?:\d|iv\b|i{1,3}\b))(.*)$/iu;
/** Words around the corrected slot that only point at it: "em hỏi …", "… mới đúng", "… chớ". */
const TAIL_LEAD = /^(?:(?:em|e|mình|minh|tôi|toi|tui)\s+)?(?:(?:muốn|muon|định|dinh)\s+)?(?:hỏi|hoi)\s+/iu;
const TAIL_END = /(?:\s+(?:mới đúng|moi dung|mới phải|moi phai|chớ|chứ|cơ|co|đó|do|ạ|a|nha|nhé|nhe|ad))+$/iu;

/** Slots a correction can replace, each with how it is written. */
const SLOTS: RegExp[] = [
  /(?<![\p{L}\p{N}])(?:q|quý|quy|qúy)\s*[-.]?\s*(?:[1-4]|iv|i{1,3})(?:\s*[/-]\s*\d{4})?(?![\p{L}\p{N}])/giu,
  /(?<![\p{L}\p{N}/])\d{1,2}\/\d{1,2}(?:\/\d{2,4})?(?![\p{N}/])/gu,
  /(?<![\p{L}\p{N}])(?:mục|muc|dòng|dong)\s*(?:(?:số|so)\s*)?\d+(?:\.\d+)?(?![\p{N}.])/giu,
  /(?<![\p{L}\p{N}])(?:cột|cot)\s*(?:(?:số|so)\s*)?\d+(?![\p{N}.])/giu,
  /(?<![\p{L}\p{N}])(?:pl|phụ lục|phu luc)\s*(?:(?:số|so)\s*)?\d+(?![\p{N}.])/giu,
  /(?<![\p{L}\p{N}])(?:năm|nam)\s*\d{4}(?![\p{N}])/giu,
];

/**
 * A message that corrects itself ("hạn nộp q2 là ngày nào à nhầm q3", "mục 4 ghi gì, xin lỗi là
 * mục 7", "dòng 3.2 là gì, à ko em hỏi nhầm, 3.3 mới đúng"): the slot the correction names
 * replaces the same kind of slot said before (the last one); a bare number replaces the number of
 * the last slot. A question after the corrected slot ("… à hông quý IV chớ, vậy hạn ngày mấy")
 * is kept after the corrected text. A correction naming no slot but asking a question of its own
 * replaces the earlier question. Otherwise the text is unchanged.
 */
export function applyCorrection(text: string): string {
  const m = CORRECTION.exec(text) ?? TAKEN_BACK.exec(text);
  if (!m) return text;
  const head = text.slice(0, m.index).trim();
  const tail = (m[1] ?? "").trim().replace(TAIL_LEAD, "").replace(/[\s.!?,]+$/, "").replace(TAIL_END, "").trim();
  if (ownWords(head) < 2 || !tail) return text;
  /** What the correction asks after its slot ("…, vậy hạn ngày mấy"), to keep. */
  const after = (rest: string) => {
    const r = rest.replace(/^(?:[\s,.;:!]|(?:chớ|chứ|chu|mới đúng|moi dung|cơ|vậy|vay|thì|thi)(?![\p{L}]))+/iu, "").replace(TAIL_END, "").trim();
    return ownWords(r) >= 2 && ASKS.test(foldVietnamese(r.toLowerCase())) ? ` ${r}` : "";
  };
  for (const slot of SLOTS) {
    const said = [...head.matchAll(slot)].at(-1);
    const meant = tail.match(new RegExp(slot.source, slot.flags.replace("g", "")));
    if (said && meant) return `${head.slice(0, said.index)}${meant[0]}${head.slice(said.index! + said[0].length)}${after(tail.slice(meant.index! + meant[0].length))}`;
  }
  const bare = /^(?:\d+(?:\.\d+)?|iv|i{1,3})(?![\p{L}\p{N}])/iu.exec(tail);
  if (bare) {
    // The last slot the number can fill: a quarter is 1–4, an annex 2 or 3, a column 1–6 ("dòng 6 pl3 …, 7 mới đúng" is row 7).
    const fits = (slot: RegExp) => {
      const n = /^\d+$/.test(bare[0]) ? Number(bare[0]) : undefined;
      if (slot === SLOTS[0]) return n === undefined || n <= 4;
      if (slot === SLOTS[4]) return n === 2 || n === 3;
      if (slot === SLOTS[3]) return n !== undefined && n <= 6;
      if (slot === SLOTS[5]) return n !== undefined && n >= 2000;
      return n !== undefined || slot !== SLOTS[1];
    };
    const last = SLOTS.filter(fits).flatMap((slot) => [...head.matchAll(slot)]).sort((x, y) => x.index! - y.index!).at(-1);
    if (last) {
      const replaced = last[0].replace(/(?:\d+(?:\.\d+)?|iv|i{1,3})(?=(?:\s*[/-]\s*\d{4})?$)/i, bare[0]);
      return `${head.slice(0, last.index)}${replaced}${head.slice(last.index! + last[0].length)}${after(tail.slice(bare[0].length))}`;
    }
  }
  return ownWords(tail) >= 2 && ASKS.test(foldVietnamese(tail.toLowerCase())) ? tail : text;
}

/** Words a predicate starts with (normalised): what comes before them in a clause is its subject. */
const PREDICATE_START = new Set(["gui", "nop", "la", "co", "can", "phai", "theo", "lam", "ghi", "dien", "kem", "dung", "ap", "truoc", "tai", "gom", "duoc", "thi", "o", "ban", "ky", "do"]);
/** A clause that asks who ("do ai ký", "ai ký", "ai duyệt") has no subject of its own either. */
const WHO_START = new Set(["ai"]);
/** A subject that is itself a deadline or a date asks for the time, not a thing another clause can lean on. */
const NOT_A_SUBJECT = new Set(["han_nop", "han", "ngay", "thoi", "gian", "khi_nao", "bao_gio"]);

/**
 * The subject a clause without one borrows from the clause before ("bản tự đánh giá gửi Phòng trước
 * ngày nào, theo mẫu PL mấy": the second asks about "bản tự đánh giá" too). Returned as the words to
 * read before the clause; undefined when the clause has a subject of its own, or the one before has
 * none worth borrowing (a deadline, a lone word).
 */
export function borrowedSubject(before: string, clause: string): string | undefined {
  const own = analyze(clause).tokens;
  // "đánh giá trên hệ thống nào": a verb too ("danh sách", "danh hiệu" are nouns).
  const verb = PREDICATE_START.has(own[0] ?? "") || WHO_START.has(own[0] ?? "") || (own[0] === "danh" && own[1] === "gia");
  if (!own.length || !verb) return undefined;
  const prev = analyze(before).tokens;
  const end = prev.findIndex((w) => PREDICATE_START.has(w));
  if (end <= 0) return undefined;
  const subject = prev.slice(0, end);
  if (subject.some((w) => NOT_A_SUBJECT.has(w))) return undefined;
  if (!subject.some((w) => w.includes("_")) && subject.length < 2) return undefined;
  return subject.join(" ").replace(/_/g, " ");
}

/** Words that make a Vietnamese sentence ask (folded, as typed: "ko", "bn", "j" too); "A hay B" asks a choice. */
const INTERROGATIVE = /\b(gi|j|nao|may|bao nhieu|bn|khong|ko|k|hk|hong|chua|sao|dau|ai|the nao|ntn|khi nao|bao gio|hay|ha|nhi|hoi)\b/;

/** Whether a message asks anything at all: a question mark or a question word. A statement ("đã cập nhật dữ liệu lên hệ thống") does not. */
export function asksSomething(text: string): boolean {
  return /\?/.test(text) || INTERROGATIVE.test(foldVietnamese(text.toLowerCase()).replace(/[^a-z0-9\s]/g, " "));
}

/**
 * An answer with a question at its end ("đang làm, đã triển khai vnEdu cho 24 lớp, đạt 70% rồi, mà
 * hạn nộp là ngày mấy v ad?"): the content before, and the last clause, which asks. Undefined when
 * the message does not end in a question mark, or nothing but the question is said.
 */
export function answerThenQuestion(text: string): { content: string; question: string } | undefined {
  // Only with a question mark: inside an answer "không có khó khăn gì", "chưa làm" ask nothing.
  if (!/\?\s*$/.test(text)) return undefined;
  const cuts = [...text.matchAll(/[,.;!]\s+|\n+/g)].map((m) => ({ at: m.index!, end: m.index! + m[0].length }));
  for (const cut of cuts.reverse()) {
    const question = text.slice(cut.end).trim();
    const content = text.slice(0, cut.at).trim();
    if (!asksSomething(question) || ownWords(question) < 2) continue;
    if (ownWords(content) < 2 || asksSomething(content)) return undefined;
    return { content, question };
  }
  return undefined;
}

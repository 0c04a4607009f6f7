/**
 * PHỤ LỤC 3 rows by what principals call them ("mục học bạ điện tử", "dạy học trực tuyến thôi",
 * "thêm mục thư viện số"): a small lexicon of each row's topic words, matched on the language
 * layer's normalised text (no diacritics, abbreviations expanded). Used only where a row number
 * was expected and none was typed; the bot says which rows it understood, so a wrong guess shows.
 */
import { foldVietnamese } from "../domain/text.ts";
import { normalize } from "./normalize.ts";
import { foldSameLength, joinDang } from "./row-answer.ts";

/** Row → topic phrases (normalised: folded, abbreviations expanded), most specific first. */
const TOPICS: Record<string, string[]> = {
  "1.1": ["edugis", "ban do so"],
  "1.2": ["ioc", "he thong dieu hanh", "giam sat thong tin"],
  "2": ["dao tao boi duong", "boi duong", "dao tao giao vien", "dao tao", "tap huan", "nang luc so", "ky nang so"],
  "3.1": ["bo tieu chi", "tu danh gia", "bo chi so"],
  "3.2": ["quy che du lieu", "quy che thu thap", "chia se du lieu", "quy che"],
  "3.3": ["kien truc tham chieu", "kien truc"],
  "4": ["tuyen sinh"],
  "5": ["giai phap chuyen doi so co ban", "bo giai phap", "phan mem quan ly truong hoc", "so diem dien tu", "so lien lac dien tu", "thanh toan khong dung tien mat"],
  "6": ["hoc ba"],
  "7": ["van phong dien tu", "vp dien tu", "voffice", "van ban dien tu"],
  "8": ["day hoc truc tuyen", "day truc tuyen", "hoc truc tuyen", "lms", "e learning", "elearning", "bai giang dien tu"],
  "9": ["thu vien so", "thu vien dien tu", "thu vien"],
};

/** Every (row, phrase), longest phrase first. */
const PHRASES = Object.entries(TOPICS)
  .flatMap(([row, ps]) => ps.map((p) => [row, p] as const))
  .sort((a, b) => b[1].length - a[1].length);

/** The rows whose topic the text names, in report order; a phrase counts once (the longest wins). */
export function rowsByTopic(text: string, rows: readonly string[] = Object.keys(TOPICS)): string[] {
  let n = ` ${normalize(text)} `;
  const found = new Set<string>();
  for (const [row, phrase] of PHRASES) {
    if (!n.includes(` ${phrase} `)) continue;
    found.add(row);
    n = n.split(` ${phrase} `).join(" ");
  }
  return rows.filter((r) => found.has(r));
}

/** Each row the text names by topic with the longest phrase that names it, longest first. */
export function topicMatches(text: string, rows: readonly string[] = Object.keys(TOPICS)): { row: string; phrase: string }[] {
  let n = ` ${normalize(text)} `;
  const out: { row: string; phrase: string }[] = [];
  for (const [row, phrase] of PHRASES) {
    if (!n.includes(` ${phrase} `)) continue;
    if (rows.includes(row) && !out.some((x) => x.row === row)) out.push({ row, phrase });
    n = n.split(` ${phrase} `).join(" ");
  }
  return out;
}

/**
 * Where, in the text as typed, the one row it names by topic is ("phần học bạ sửa lại là 90%":
 * row 6 at "học bạ"): found on the folded text (same length), so only topics typed in full words
 * are placed; undefined when no row or several rows are named.
 */
export function topicSpan(text: string, folded: string): { row: string; start: number; end: number } | undefined {
  const rows = rowsByTopic(text);
  if (rows.length !== 1) return undefined;
  const row = rows[0]!;
  for (const [, phrase] of PHRASES.filter(([r]) => r === row)) {
    const at = new RegExp(`(?<![\\p{L}\\p{N}])${phrase.replace(/ /g, "\\s+")}(?![\\p{L}\\p{N}])`, "u").exec(folded);
    if (at) return { row, start: at.index, end: at.index + at[0].length };
  }
  return undefined;
}

/** How many words of a row's name are not its topic ("phần dạy học trực tuyến lớp 5" → 2). */
export function wordsBeyondTopic(name: string, row: string): number {
  return beyondTopic(name, row).length;
}

/** The words of a row's name that are not its topic, normalised ("thư viện số thực tế" → ["thuc", "te"]). */
export function beyondTopic(name: string, row: string): string[] {
  let n = ` ${normalize(name).replace(/^(phan|muc|ve|con) /, "")} `;
  for (const p of TOPICS[row]!) n = n.split(` ${p} `).join(" ");
  return n.trim().split(/\s+/).filter(Boolean);
}

/** Words that make a row's name more than a name: work done or planned ("đã tập huấn", "tập huấn quý tới"). */
function saysMore(name: string): boolean {
  return /\b(da|dang|chua|xong|se|moi|vua|hoan thanh|duoc|dc|quy toi|qt|kho khan|kien nghi|de xuat|tiep|them)\b/.test(foldVietnamese(name).toLowerCase());
}

/**
 * "mục 8 dạy học trực tuyến: đang làm 50%", "học bạ điện tử: xong", "8 - dạy online: …", "phần thư
 * viện số thêm kiến nghị: …": the row's own number or name before a colon, a dash or a part's label
 * only says which row the answer is for. The answer without it; unchanged when the words before
 * are anything else (a label, work done).
 */
export function withoutRowName(text: string, row: string): string {
  // "phần thư viện số thêm kiến nghị: …": the row's name, then a part's label.
  const before = /^\s*(?:(?:phần|phan|mục|muc|về|ve)\s+)?([^:\n.,;!?\d]{2,60}?)\s+(?=(?:(?:thêm|them|bổ sung|bo sung|ghi)\s+)?(?:quý tới|quy toi|khó khăn|kho khan|kiến nghị|kien nghi|đề xuất|de xuat|đã làm|da lam)\s*:)/iu.exec(text);
  if (before) {
    const name = before[1]!;
    const names = rowsByTopic(name);
    // A name, not work said: no verb of doing ("đã tập huấn quý tới: …" is work done, then a label).
    if (names.length === 1 && names[0] === row && !saysMore(name) && name.trim().split(/\s+/).length <= 6) return text.slice(before[0].length);
  }
  const m = /^\s*((?:mục|muc|dòng|dong|phần|phan)?\s*(\d{1,2}(?:\.\d{1,2})?)?\.?\s*([^:\n.,;!?\d–—-]{0,60}?))\s*(?::|\s[-–—]\s)\s*(?=\S)/iu.exec(text);
  if (!m) return text;
  const [, head, number, name] = m;
  if (number !== undefined && number !== row) return text;
  const words = name!.trim();
  const names = words ? rowsByTopic(words) : [];
  // The name is the topic and little else ("dạy học trực tuyến", "bộ giải pháp cđs cơ bản").
  const onlyRow = !words ? number !== undefined || /^(mục|muc|dòng|dong|phần|phan)/i.test(head!.trim()) : names.length === 1 && names[0] === row && !saysMore(words) && wordsBeyondTopic(words, row) <= 3;
  return onlyRow ? text.slice(m[0].length) : text;
}

/**
 * "7 văn phòng điện tử: xong 100%", "thư viện số: chưa làm, quý tới …", "thêm 4 tuyển sinh: …": an
 * answer that opens with the row it is for (its number, its name, or both, before a colon or a
 * dash). The row and the answer; undefined when the head names no single row.
 */
export function namedRowAnswer(text: string, rows: readonly string[]): { row: string; rest: string } | undefined {
  const body = text.replace(/^\s*(?:thêm|them|bổ sung|bo sung)\s+/iu, "");
  const head = /^\s*(?:(?:mục|muc|dòng|dong|phần|phan)\s*)?(\d{1,2}(?:\.\d{1,2})?)?\.?\s*([^:\n.,;!?\d–—-]{0,60}?)\s*(?::|\s[-–—]\s)/iu.exec(body);
  if (!head) return undefined;
  const candidates = head[1] ? [head[1]] : rowsByTopic(head[2] ?? "", rows);
  if (candidates.length !== 1 || !rows.includes(candidates[0]!)) return undefined;
  const row = candidates[0]!;
  const rest = withoutRowName(body, row);
  return rest !== body && /[\p{L}\p{N}]{2}/u.test(rest) ? { row, rest } : undefined;
}

/** How an answer goes on after a row's number or name: its status ("8 đang làm", "học bạ số xong r", "3.2 chưa làm"). On folded text. */
const STATUS_AFTER = /^(?:(?:thi|la|cung|van|hien|hien tai|hien nay|da|moi)\s+)?(?:dang\b|da (?:xong|hoan thanh|hoan tat|lam|thuc hien|trien khai)\b|xong\b|chua\b|hoan thanh\b|hoan tat\b|duoc \d|dc \d|dat \d|(?:khong|ko|k) (?:lam|thuc hien|trien khai)\b|gan xong\b|sap xong\b|(?:vua|moi) (?:bat dau|trien khai)\b)/;

/**
 * "Mục 8 đang thực hiện, …", "3.1 đang làm 40%, …", "mục 2 qt bồi dưỡng tiếp …", "học bạ số đang
 * thực hiện, …", "vp dien tu xong r, qt duy tri": an answer that opens with the row it is for — by
 * number ("mục N" anything; a bare "N.N", or a bare "N" followed by a status or a colon), or by its
 * name alone followed by a status. The row and the answer after its number or name. Undefined when
 * the opening names no single row of `rows`.
 */
export function leadingRow(text: string, rows: readonly string[]): { row: string; rest: string; by: "number" | "topic" } | undefined {
  const f = joinDang(foldSameLength(text));
  const numbered = /^\s*(?:(muc|dong|phan)\s*)?(\d{1,2}(?:\.\d{1,2})?)(?!\d)(?!\s*[/%])(?![.,]\d)\s*([:\-–—]\s*|\.\s+|,\s*)?/.exec(f);
  if (numbered) {
    const [whole, word, code, mark] = numbered;
    const rest = text.slice(whole!.length);
    const after = f.slice(whole!.length);
    // A bare "8" only before a status or a colon ("8: xong", "8 đang làm"), not "8 lớp …".
    const plain = !word && !code!.includes(".");
    if (rows.includes(code!) && /\p{L}/u.test(rest) && (!plain || /[:\-–—]/.test(mark ?? "") || STATUS_AFTER.test(after))) return { row: code!, rest, by: "number" };
    if (word || code!.includes(".")) return undefined;
  }
  // The shortest head made only of a row's name, followed by a status.
  const words = f.trim().split(/\s+/);
  for (let n = 1; n <= Math.min(7, words.length - 1); n++) {
    const head = words.slice(0, n).join(" ");
    const tail = words.slice(n).join(" ");
    if (!STATUS_AFTER.test(tail)) continue;
    const named = rowsByTopic(head, rows);
    if (named.length !== 1 || saysMore(head)) return undefined;
    if (/^\d/.test(head) || wordsBeyondTopic(head, named[0]!) > 3) return undefined;
    // The answer after the name: the offset of word n in the text as typed.
    const at = [...f.matchAll(/\S+/g)][n]!.index!;
    return { row: named[0]!, rest: text.slice(at), by: "topic" };
  }
  return undefined;
}

/**
 * One free-text answer for one PHỤ LỤC 3 row, split into its parts: status, % progress, work
 * done, next quarter, difficulties, recommendations. Labels anywhere in the text ("Quý tới:",
 * "Khó khăn -", "kiến nghị:"), with or without diacritics, cut it into parts; unlabelled
 * sentences are placed by their cue ("sẽ…", "thiếu…", "đề nghị…"), the rest is work done.
 * "không có" in a part means empty, and a sentence saying there is no difficulty is never
 * stored as the difficulty.
 */
import { foldVietnamese } from "../domain/text.ts";

import type { Status } from "../domain/report-input.ts";

export type { Status };
export type RowPart = "status" | "percent" | "done" | "next" | "difficulties" | "recommendations";

export interface RowAnswer {
  status?: Status;
  percent?: number;
  /** Text parts; null = the person said there is none. */
  done?: string | null;
  next?: string | null;
  difficulties?: string | null;
  recommendations?: string | null;
  /** "chưa rõ": the person does not know the status; do not ask again. */
  statusUnclear?: boolean;
}

/** Labels (folded) for each part, longest first. */
const LABELS: [string, RowPart][] = (
  [
    ["noi dung da thuc hien", "done"],
    ["ket qua dat duoc", "done"],
    ["ket qua quy nay", "done"],
    ["da thuc hien", "done"],
    ["da lam", "done"],
    ["da lam duoc", "done"],
    ["lam duoc", "done"],
    ["viec da lam", "done"],
    ["se lam", "next"],
    ["viec se lam", "next"],
    ["ket qua", "done"],
    ["trong quy", "done"],
    ["quy nay", "done"],
    ["noi dung quy toi", "next"],
    ["ke hoach quy toi", "next"],
    ["quy tiep theo", "next"],
    ["quy toi", "next"],
    ["quy sau", "next"],
    ["du kien", "next"],
    ["ke hoach", "next"],
    ["sap toi", "next"],
    ["kho khan vuong mac", "difficulties"],
    ["kho khan", "difficulties"],
    ["vuong mac", "difficulties"],
    ["ton tai", "difficulties"],
    ["vuong", "difficulties"],
    ["han che", "difficulties"],
    ["kien nghi de xuat", "recommendations"],
    ["kien nghi", "recommendations"],
    ["de xuat", "recommendations"],
    ["de nghi", "recommendations"],
    ["xin ho tro", "recommendations"],
    ["can ho tro", "recommendations"],
    ["tinh trang", "status"],
    ["trang thai", "status"],
    ["tien do", "percent"],
  ] as [string, RowPart][]
).sort((a, b) => b[0].length - a[0].length);

/**
 * The part a field label names ("Kết quả quý này", "Quý tới", "Khó khăn (8)", "Đề xuất, kiến
 * nghị"), on folded text; undefined when it is not a label of a row's part.
 */
export function labelPart(foldedLabel: string): RowPart | undefined {
  const l = foldedLabel.replace(/\([^)]*\)/g, " ").replace(/[^a-z0-9 ]+/g, " ").replace(/\s+/g, " ").trim();
  return LABELS.find(([label]) => l === label || l.startsWith(`${label} `))?.[1];
}

/**
 * "qt tới", "q tới", "qt này": a quarter typed "qt" or "q" (as the lexicon's spellings read it; alone, "qt" is
 * "quản trị"). Written out as "quý"/"quy" — with a diacritic when the next word has one — so every
 * reader of a report message sees the quarter; the rest of the text is untouched.
 */
export function spellQuarter(text: string): string {
  return text.replace(/(?<![\p{L}\p{N}])([qQ])[tT]?(?=\s+(tới|toi|này|nay|sau|trước|truoc)(?![\p{L}\p{N}]))/gu, (_m, q: string, next: string) => {
    const accented = next !== foldVietnamese(next);
    return `${q}${accented ? "uý" : "uy"}`;
  });
}

/**
 * Shorthand labels of a row's parts, as principals type them on a phone and schools write them in
 * files: "qt" (quý tới), "kk"/"kkvm" (khó khăn, vướng mắc), "kn"/"kndx"/"dx" (kiến nghị, đề xuất).
 * `free`: also a label at a clause's head without ":" ("… xong. kk máy scan hư"); "qt", which alone
 * is also "quản trị", only when a plan follows (QT_AS_NEXT).
 */
export const SHORT_LABELS: { label: string; part: Exclude<RowPart, "status" | "percent" | "done">; free: boolean }[] = [
  { label: "qt", part: "next", free: false },
  { label: "kk", part: "difficulties", free: true },
  { label: "kkvm", part: "difficulties", free: true },
  { label: "kn", part: "recommendations", free: true },
  { label: "kndx", part: "recommendations", free: true },
  { label: "dx", part: "recommendations", free: false },
];
/**
 * "…, qt làm tiếp khối 4 5": "qt" without ":" at a clause's head is "quý tới" when a plan follows —
 * not when a group, a score or a number follows ("qt 57 điểm", "qt nhóm 2": quản trị).
 */
const QT_AS_NEXT = "(?!(?:nhóm|nhom|điểm|diem|được|duoc|đạt|dat|đ|d)(?![\\p{L}])|\\d)[\\p{L}]";
const SPELLED_PART: Record<Exclude<RowPart, "status" | "percent" | "done">, string> = { next: "Quý tới", difficulties: "Khó khăn", recommendations: "Kiến nghị" };
const SHORT_LABEL = new RegExp(
  `(^|[\\n.;!?,]\\s*|\\s[-•*]\\s*|^[-•*]\\s*)(?:(${SHORT_LABELS.map((l) => l.label).join("|")})(?=\\s*[:\\-–]\\s*\\S)|(${SHORT_LABELS.filter((l) => l.free).map((l) => l.label).join("|")})(?=\\s+[\\p{L}\\p{N}])|(qt)(?=\\s+${QT_AS_NEXT}))`,
  "giu",
);

/**
 * "qt: số hóa …", "kk: máy scan hư", "… xong. kn phòng hỗ trợ kinh phí": shorthand labels at a
 * clause's head written out ("Quý tới: …", "Khó khăn …") so the splitter sees the cue it knows;
 * the rest of the text is untouched.
 */
export function spellShortLabels(text: string): string {
  // "ko có kk, kn gì hết": after "không có" the shorthand is the word itself (a part said empty), not a label.
  text = text.replace(/(?<![\p{L}])((?:không|khong|ko|k|hong|chưa|chua)\s+(?:có|co)\s+)(kk|kn)(?![\p{L}])/giu, (_m, no: string, short: string) => `${no}${short.toLowerCase() === "kk" ? "khó khăn" : "kiến nghị"}`);
  return text.replace(SHORT_LABEL, (_m, lead: string, withColon: string | undefined, freeLabel: string | undefined, qt: string | undefined) => {
    const free = freeLabel ?? qt;
    const label = (withColon ?? free)!.toLowerCase();
    const part = SHORT_LABELS.find((l) => l.label === label)!.part;
    return `${lead}${SPELLED_PART[part]}${free ? ":" : ""}`;
  });
}

/** Folds one character at a time, so positions in the folded text are positions in the original. */
export function foldSameLength(text: string): string {
  let out = "";
  for (const ch of text) {
    const f = foldVietnamese(ch);
    out += f.length === ch.length ? f : ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch;
  }
  return fixStatusTypos(out);
}

/** Two-word status phrases, whose second word is often typed with two letters swapped on a phone ("hoan thnah"). */
const STATUS_PAIRS: [string, string][] = [["hoan", "thanh"], ["thuc", "hien"], ["trien", "khai"], ["dang", "lam"], ["chua", "lam"]];

/** "hoan thnah", "thuc hein": the second word of a status phrase with two neighbouring letters swapped, put right (same length). */
function fixStatusTypos(folded: string): string {
  return folded.replace(/(?<=\b(hoan|thuc|trien|dang|chua) )([a-z]{3,5})\b/g, (second: string, first: string) => {
    return STATUS_PAIRS.find(([a, b]) => a === first && b !== second && b.length === second.length && swappedOnce(b, second))?.[1] ?? second;
  });
}

/** Whether `b` is `a` with one pair of neighbouring letters swapped. */
function swappedOnce(a: string, b: string): boolean {
  const diff = [...a].flatMap((c, i) => (c === b[i] ? [] : [i]));
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
}

const NONE = /^(khong|ko|k|khong co|ko co|k co|khong co gi|ko co gi|khong co j|ko co j|k co j|chua co j|chua co|chua co gi|khong co a|het|-|0|khong co kho khan|khong kho khan|khong co kien nghi|khong kien nghi|de trong|bo trong|khong ghi|khong ghi gi|(?:gi|j) (?:het|ca))$/;

/** What says a part is empty: "không có", "ko có gì", "để trống". */
const NONE_WORDS = "(?:khong co gi|ko co gi|k co gi|khong co j|ko co j|k co j|khong co|ko co|k co|chua co gi|chua co|khong|ko|de trong|bo trong|khong ghi gi|khong ghi)";
const TRAILING = "(?:\\s*,?\\s*(?:de trong|bo trong|nha|nhe|a|ad|r|roi|luon|ca|het|gi|thay|co|dau|ma))*";

/**
 * "phần đã làm ko có nha, để trống", "khó khăn thì không có": a part named without a colon and
 * said to be empty. On folded text; the part, or undefined.
 */
export function partSaidEmpty(sentence: string): Exclude<RowPart, "status" | "percent"> | undefined {
  const t = foldVietnamese(sentence).replace(/[.!;:]+/g, " ").replace(/\s+/g, " ").trim();
  const labels = LABELS.filter(([, p]) => p !== "status" && p !== "percent").map(([l]) => l).join("|");
  const m = new RegExp(`^(?:(?:phan|cot|muc)\\s+)?(${labels})\\s*(?:thi\\s+|la\\s+|-\\s*)?${NONE_WORDS}${TRAILING}$`).exec(t.replace(/\s*,\s*/g, ", "));
  return m ? (LABELS.find(([l]) => l === m[1])![1] as Exclude<RowPart, "status" | "percent">) : undefined;
}

/** "đang làm 90% à nhầm, 60% thôi": a number taken back, the next one said instead (on folded text). */
const TAKEN_BACK = /(\d{1,3})\s*%\s*,?\s*(?:(?:a|a ma|ay|ui|oi)\s+)?(?:nham|nham roi|em nham|e nham|khong phai|ko phai|a khong|a ko|a k|sai|sai roi)\s*[,.:]?\s*(?=(?:la\s+|chi\s+|thi\s+)?\d{1,3}\s*%)/g;

/** The text without the numbers taken back ("90% à nhầm, 60%" → "60%"). */
function dropTakenBack(text: string): string {
  const folded = foldSameLength(text);
  let out = "";
  let from = 0;
  for (const m of folded.matchAll(TAKEN_BACK)) {
    out += text.slice(from, m.index!);
    from = m.index! + m[0].length;
  }
  return out + text.slice(from);
}

/** "…, chứ không phải X": the clause saying what it is not, up to the clause's end (what follows it is kept). */
export const NOT_THAT = /[,\s]*\b(?:(chứ|chu)\s+(không|khong|ko|k)\s+(phải|phai)\b[^,.;!?\n]*|(?<=[,;]\s*)(?:không|khong|ko|k)\s+(?:phải|phai)\s+(?:là\s+|la\s+)?\d+(?:[.,]\d+)?\s*(?:%|phần trăm|phan tram)[^,.;!?\n]*)/giu;
const NONE_SENTENCE = {
  difficulties: /\b(khong|ko|k|chua) (co |gap )?(gi )?(kho khan|vuong mac)\b|\b(kho khan|vuong mac)\b.*\b(khong co|khong|ko)$/,
  recommendations: /\b(khong|ko|k|chua) (co )?(gi )?(kien nghi|de xuat|de nghi)\b|\b(kien nghi|de xuat)\b.*\b(khong co|khong|ko)$/,
};

/** Thanks or a sign-off alone ("Xin cảm ơn.", "trân trọng", "thanks ad"), on folded text. */
const CLOSING_ONLY = /^(?:(?:xin|em|e|toi|minh|chan thanh|rat|tran trong|kinh)\s+)*(?:cam on|cam an|thank|thanks|tks|thank you|tran trong)(?:\s+(?:ad|a|nhieu|nha|nhe|bot|phong|thay|co|anh|chi|rat nhieu|nhiu|cam on))*$/;

/** Whether a sentence is only thanks or a sign-off ("Cảm ơn bot.", "Trân trọng"). */
export function isClosingOnly(sentence: string): boolean {
  return CLOSING_ONLY.test(foldVietnamese(sentence).replace(/[\s,.;:!?-]+/g, " ").trim());
}

/** A connecting word alone ("với", "và", "còn"): what is left before a cue, nothing said by itself. */
const CONNECTOR_ONLY = /^(?:voi|va|con|them|cung|ca|lai|nua|ma|thi|vi|boi vi|tai vi|nen)(?: (?:voi|va|con|them|cung|ca|lai|nua|ma|thi|vi|nen))*$/;

/**
 * Under way in other words: almost done ("gần xong", "sắp hoàn thành") or just started ("mới bắt
 * đầu", "vừa triển khai") — not in a plan ("quý tới mới triển khai": it will start then).
 */
const ALMOST_OR_STARTED = /\b(gan|sap|gan nhu|cung gan) (xong|hoan thanh|hoan tat)\b|\b(moi|vua|chi moi|buoc dau|moi chi) (bat dau|trien khai|khoi dong)\b|^bat dau( trien khai| lam)?\b/;

/**
 * "đăng ký", "đăng nhập", "đăng tải", "đăng bài" fold to "dang …" like "đang" (under way), and
 * unaccented they are typed so: joined with "_" (same length, positions kept) before any status is read.
 */
export const joinDang = (folded: string): string => folded.replace(/\bdang (ky|ki|nhap|tai|bai)\b/g, "dang_$1");

/** Status and % in a short phrase: "xong", "đang làm 80%", "chưa triển khai", "được một nửa", "8/10". */
export function parseStatusPhrase(text: string): { status?: Status; percent?: number; unclear?: boolean } {
  const t = joinDang(fixStatusTypos(foldVietnamese(text))).replace(/[.!,;]+$/g, "").trim();
  const out: { status?: Status; percent?: number; unclear?: boolean } = {};
  const pct = /(\d{1,3}(?:[.,]\d+)?)\s*(%|phan tram)/.exec(t);
  const ratio = /\b(\d+)\s*\/\s*(\d+)\b/.exec(t);
  if (pct) out.percent = Math.round(Number(pct[1]!.replace(",", ".")));
  else if (ratio && Number(ratio[2]) > 0 && Number(ratio[1]) <= Number(ratio[2]) && /^((lam )?(duoc|dc|dat|xong) )?\d+\s*\/\s*\d+( viec| noi dung| phan)?( roi| r)*( (a|nha|nhe|ad|thay|co))*$/.test(t)) {
    out.percent = Math.round((Number(ratio[1]) / Number(ratio[2])) * 100);
  } else if (/\b(mot nua|nua chung|1 nua|phan nua)\b/.test(t)) out.percent = 50;
  if (/^(1|so 1)$/.test(t) || /\bchua (lam|lm|thuc hien|trien khai|bat dau|co gi|lam gi|dung toi|dung den|dong toi|khoi dong)\b|^chua$|\b(khong|ko|k|hong) (lam|lm|thuc hien|trien khai) (gi|j)\b/.test(t)) out.status = "chua_thuc_hien";
  // "gần xong", "sắp hoàn thành": not done yet; "mới bắt đầu", "vừa triển khai": just under way.
  else if (/^(2|so 2)$/.test(t) || /\b(dang|chua xong|dang lam do|lam do|tiep tuc)\b/.test(t) || (ALMOST_OR_STARTED.test(t) && !/\b(quy toi|quy sau|sap toi|thang toi|nam sau|se)\b/.test(t))) out.status = "dang_thuc_hien";
  else if (/^(3|so 3)$/.test(t) || /\b(xong|hoan thanh|hoan tat)\b/.test(t)) out.status = "da_hoan_thanh";
  else if (/\b(chua ro|chua biet|khong ro)\b/.test(t)) out.unclear = true;
  if (out.percent !== undefined && (out.percent < 0 || out.percent > 100)) out.percent = Number.NaN;
  if (!out.status && out.percent !== undefined && !Number.isNaN(out.percent)) {
    out.status = out.percent >= 100 ? "da_hoan_thanh" : out.percent === 0 ? "chua_thuc_hien" : "dang_thuc_hien";
  }
  // "hoàn thành 70%", "xong 70%": 70% of the work is done — under way, not completed.
  if (out.status === "da_hoan_thanh" && out.percent !== undefined && out.percent < 100) out.status = out.percent === 0 ? "chua_thuc_hien" : "dang_thuc_hien";
  if (out.status === "da_hoan_thanh" && out.percent === undefined) out.percent = 100;
  if (out.status === "chua_thuc_hien" && out.percent === undefined) out.percent = 0;
  return out;
}

/**
 * A progress value inside a sentence: "…, đạt 70%", "hoàn thành 70% kế hoạch", "tiến độ chung
 * khoảng 70 phần trăm rồi ạ". A word of progress comes before the number and nothing but a word
 * for the plan or a filler after it — "đạt 100% giáo viên" and "100% hồ sơ" say what was done, not
 * how far the task is. On folded text; `at`/`end` are positions in it.
 */
const PROGRESS_IN_SENTENCE =
  /(?<![\p{L}\p{N}])((?:(?:da|moi|chi|cung|hien|hien tai|nay|chung|tong the|dang)\s+)*(?:dat|hoan thanh|xong|duoc|dc|(?:lam|thuc hien|trien khai)\s+(?:duoc|dc)|tien do(?:\s+chung)?(?:\s+(?:la|dat|o muc))?)(?:\s+(?:duoc|dc|khoang|tam|gan|hon|tren|xap xi|chung|co|muc))*\s*:?\s*(?:(\d{1,3}(?:[.,]\d+)?)\s*(?:%|phan tram)|mot nua|1 nua|phan nua)(?:\s+(?:ke hoach|khoi luong(?: cong viec)?|cong viec|nhiem vu|tien do|chi tieu|yeu cau|de ra|roi|r|a|nha|nhe|thoi|thay|ad|co|so voi ke hoach))*)\s*(?=$|[.,;!?)\n])/u;

/** Words around a progress value that say nothing about the work ("dạ", "mục này", "trường em", "hiện tại"). */
const ONLY_POINTING = /^(?:(?:da|vang|thua|muc|nay|o|truong|ben|em|e|minh|toi|chung|thi|cung|hien|tai|thay|co|oi|ad|a|nha|nhe|roi|r|la|nhiem|vu|\d{1,2}(?:\.\d{1,2})?)(?:\s+|$))*$/;

export function progressInSentence(text: string): { percent: number; status?: Status; at: number; end: number } | undefined {
  const f = foldSameLength(text);
  const m = PROGRESS_IN_SENTENCE.exec(f);
  if (!m) return undefined;
  const p = parseStatusPhrase(m[1]!);
  if (p.percent === undefined) return undefined;
  return { percent: p.percent, status: p.status, at: m.index + m[0].indexOf(m[1]!), end: m.index + m[0].indexOf(m[1]!) + m[1]!.length };
}

/**
 * "đã cử 3 GV đi tập huấn, đang làm khoảng 60%", "bộ giải pháp … thì chưa triển khai ạ, chờ hướng
 * dẫn": a comma clause that is only a status (or the task named with "thì", then its status) is a
 * sentence of its own, so the status is read and the clause leaves the text. After a plan for next
 * quarter ("quý tới tập huấn tiếp, hoàn thành 100%"), or when the question was not how the task
 * stands (`strict`: "Tập huấn 20 GV, đạt 70%" may say what was reached), only a clause saying how
 * things stand now ("đang…", "chưa…", "hiện…", "… thì chưa triển khai") is one.
 */
function splitStatusClauses(sentence: string, strict: boolean): string[] {
  // (Also a clause naming something broken or waited for: "…, máy chiếu bị hỏng 2 cái".)
  const clauses = sentence.split(/,\s*(?!\d)/).map((c) => c.trim()).filter(Boolean);
  if (clauses.length < 2) return [sentence];
  const plan = strict || cueOf(clauses[0]!) === "next";
  const statusOnly = (c: string) => {
    const f = foldVietnamese(c).trim();
    // "khối 1, 2": a bare number after a comma continues a list; "2" is a status only as a whole answer.
    if (/^\d{1,2}$/.test(f)) return false;
    if (topicThenStatus(c)?.onlyTopic === true) return true;
    if (plan && !/^(dang|hien|hien tai|hien nay|chua|tien do)\b/.test(f)) return false;
    return isStatusSentence(c);
  };
  // "…, máy chiếu bị hỏng 2 cái": something broken or waited for, after other words, is a clause of its own too.
  const own = (c: string, i: number) => statusOnly(c) || (i > 0 && cueOf(c) === "difficulties" && OBSTACLE.test(foldVietnamese(c)) && cueOf(clauses[0]!) !== "difficulties");
  if (!clauses.some(own)) return [sentence];
  const out: string[] = [];
  let run: string[] = [];
  for (const [i, c] of clauses.entries()) {
    if (!own(c, i)) {
      run.push(c);
      continue;
    }
    if (run.length) out.push(run.join(", "));
    run = [];
    out.push(c);
  }
  if (run.length) out.push(run.join(", "));
  return out;
}

/** Words a status phrase is made of; a sentence with more than two other words says more than a status. */
const STATUS_WORDS = /\b(dang|lam|thuc|hien|trien|khai|tien|hanh|xong|xuoi|gan|sap|vua|roi|da|hoan|thanh|tat|chua|duoc|dat|khoang|tam|mot|nua|phan|tram|chung|ro|biet|khong|so|viec|noi|dung|a|nhe|nha|ok|do|ca|het|bat|dau|tiep|tuc|dc|moi|thoi|han|ad|r|ne|oi|luon|khoang|tam|gan|hon|phai|la|han|chi|hien|tai|nay)\b|\d+\s*(?:%|\/\s*\d+)|%/g;

/** A status phrase closing a clause ("học bạ điện tử xong rồi ạ", "… thì hoàn thành rồi", "… đang làm"), on folded text. */
const STATUS_AT_END = /(?:^|\s)((?:da\s+|thi\s+|la\s+)?(?:xong|hoan thanh|hoan tat|chua xong|dang lam|dang thuc hien|dang trien khai|chua lam|chua trien khai|chua thuc hien|(?:khong|ko|k|hong|chua) (?:lam|lm|thuc hien|trien khai) (?:gi|j))(?:\s+(?:roi|r|het|ca|luon))*(?:\s+(?:duoc|dc|dat))?(?:\s+(?:khoang|tam|gan|hon))?(?:\s+(?:mot nua|1 nua|phan nua|\d{1,3}\s*(?:%|phan tram)))?(?:\s+(?:roi|r))?)(?:\s+(?:a|nha|nhe|ne|ad|thay|co|oi|r))*\s*$/;

/**
 * "dạy trực tuyến chưa triển khai ạ", "vpđt thì đang làm được một nửa": a short clause naming the
 * task, then its status. The status, and whether the words before it only name the task (said
 * with "thì"/"là", or nothing was done) and are not work done.
 */
function topicThenStatus(sentence: string): { status: string; onlyTopic: boolean; reason?: string } | undefined {
  // "tuyển sinh lớp 1 chưa làm vì chưa tới đợt": the reason after "vì" is not part of the status.
  const because = /\s(?:vi|boi vi|tai vi|ly do la)\s+(?=\S)/.exec(foldSameLength(sentence));
  if (because) {
    const before = sentence.slice(0, because.index);
    const found = isStatusSentence(before) ? { status: before, onlyTopic: true } : topicThenStatus(before);
    const reason = sentence.slice(because.index + because[0].length).replace(/[.!,;\s]+$/g, "").trim();
    // Why it was not done is a difficulty; why it is under way or done is just more said.
    return found && found.onlyTopic && parseStatusPhrase(found.status).status === "chua_thuc_hien" ? { ...found, reason } : undefined;
  }
  const t = foldVietnamese(sentence).replace(/[.!,;]+$/g, "").trim();
  const m = STATUS_AT_END.exec(t);
  if (!m) return undefined;
  const head = t.slice(0, m.index).trim();
  // "tuyển sinh lớp 6 xong r": a number inside the task's name is fine; a count or share ("20/26", "80%") is work said.
  // Words only: "học bạ số + chữ ký số đang triển khai 50%" names the task with a sign between.
  if (!head || head.split(/\s+/).filter((w) => /[a-z0-9]/.test(w)).length > 6 || /\d\s*(?:%|\/)/.test(head) || parseStatusPhrase(head).status) return undefined;
  const status = m[1]!.replace(/^(thi|la)\s+/, "");
  const p = parseStatusPhrase(status);
  if (!p.status) return undefined;
  return { status, onlyTopic: /^(thi|la)\s/.test(m[1]!) || /\s(thi|la)$/.test(head) || p.status === "chua_thuc_hien" };
}

/** A short sentence that is only a status ("Xong rồi.", "Đang làm, được 80%", "Chưa triển khai"). */
/**
 * "100% lớp dùng LMS", "90% GV có chữ ký số": a share of something, said as work done — not a
 * progress followed by words ("80% đã tập huấn …", "70% rồi", "60% kế hoạch"). On folded text.
 */
/** "100% văn bản …", "80% lớp …": a message opening with a share of something (folded). */
export function opensWithShare(text: string): boolean {
  return SHARE_OF.test(foldVietnamese(text).trim());
}

const SHARE_OF = /^\d{1,3}(?:[.,]\d+)?\s*%\s+(?!(?:roi|r|a|nha|nhe|thoi|do|ke|cong|khoi|da|dang|xong|hoan|chua|duoc|dc|tien|muc|la|thi|va|nhung|con|so|tren|theo|ad|oi)\b)[a-z]/;

export function isStatusSentence(s: string): boolean {
  const t = fixStatusTypos(foldVietnamese(s)).replace(/[.!,;]+$/g, "").trim();
  if (t.split(" ").length > 8 || SHARE_OF.test(t)) return false;
  // "vừa triển khai, đã lập 3 lớp", "gần xong rồi, còn 2 lớp": a clause that says no status is work said.
  const clauses = t.split(/\s*,\s*(?!\d)/).filter(Boolean);
  if (clauses.length > 1) return clauses.every((c) => (!/^\d{1,2}$/.test(c) && isStatusSentence(c)) || /^(a|nha|nhe|ad|roi|r|thoi|oi|ne|thay|co)( (a|nha|nhe|ad|roi|r|thoi|oi|ne))*$/.test(c));
  // Numbers count as words ("khối 1 2 xong r" says which grades); a % or a ratio is part of the status.
  if (t.replace(STATUS_WORDS, " ").replace(/[^a-z0-9]+/g, " ").trim().split(" ").filter(Boolean).length > 2) return false;
  const p = parseStatusPhrase(t);
  return p.status !== undefined || p.unclear === true || p.percent !== undefined; // an impossible % (150%) is still a status answer, to be refused
}

/**
 * Words that say something is broken or waited for ("phòng máy hư 10/20 máy", "máy bị hỏng gần
 * hết", "đang chờ hướng dẫn của Sở"), on folded text. "hư"/"hỏng" count only before a count or
 * "hết"/"nhiều", or at the end, since folded they are also other words.
 */
const OBSTACLE =
  /\b(hu hong|bi hu|bi hong|bi loi|truc trac|xuong cap|qua tai|khong on dinh|chap chon|ket giay|(?:hay|thuong|van|bi) (?:ket|loi|treo|sap|mat ket noi|rot mang))\b|\b(hu|hong)\s+(?:\d|het|nhieu|gan|mot|may|khoang|tam|hon|nang)|\b(hu|hong)$|^(?:(?:dang|con|van|phai|vi)\s+)?(?:cho|doi)\s+(?:huong dan|chi dao|phong|so|cap tren|kinh phi|duyet|phe duyet|cap|trien khai|tap huan|van ban|ke hoach|thiet bi|tai khoan)\b/;

/** Words that say something is lacking or hard. */
const LACKING = /\b(khong co|ko co|k co|chua co|thieu|chua du|khong du|kho|han che|yeu|cham|chua duoc|khong duoc|ko duoc)\b/;

/**
 * Words that say something is lacking, broken or hard, for a sentence after a plan (folded): not
 * "kho" (also a store, "kho học liệu"), "yêu cầu", "chấm" (also marking).
 */
const HARDSHIP = new RegExp(`${OBSTACLE.source}|\\b(khong co|ko co|k co|chua co|thieu|chua du|khong du|han che|kho khan|gap kho|yeu(?! cau)|qua cham|con cham|rat cham|chua duoc|khong duoc|ko duoc|chua biet|khong biet|ko biet|chua quen|khong kip|(?:khong|ko|k|chua|it) (?:ranh|thao|quen|nam duoc|su dung duoc|dung duoc)|(?:hay|van|thuong|con|bi) (?:quen|loi|ket|treo|mat ket noi|rot mang|sap)|ket giay|co han|han hep|eo hep|cu qua|qua cu|het han|bi khoa|mat nhieu thoi gian|(?:khong|ko|k) (?:chay|noi|tuong thich|lien thong|dong bo|ket noi))\\b`);

const WILL = /^(?:(?!(?:da|dang|vua|moi|chia|duoc|dc)\b)[a-z0-9/.]+\s+){1,4}se\s+(?=[a-z])/;

function cueOf(sentence: string): Exclude<RowPart, "status" | "percent"> {
  const t = foldVietnamese(sentence);
  if (NONE_SENTENCE.difficulties.test(t)) return "difficulties";
  if (NONE_SENTENCE.recommendations.test(t)) return "recommendations";
  if (/^(trong )?(quy toi|quy sau|sap toi|du kien|se |tiep theo|ke hoach|thoi gian toi|thang toi|hk ?2\b|hoc ky ?(2|ii|sau|toi)\b|ky toi|ky sau|nam hoc toi|nam toi|dau nam sau)/.test(t)) return "next";
  // "tháng 12 sẽ kiểm tra …", "trường sẽ tổ chức …": "sẽ" among the first words (a time or who
  // before it, nothing done or under way) says what is planned. Not "chia sẻ" (folded alike).
  if (WILL.test(t)) return "next";
  // "q4 cập nhật lại…", "Trong quý IV sẽ…": a quarter named at the start, not "quý 3 đã…", is the plan.
  if (/^(trong )?(q|quy) ?(iv|iii|ii|i|[1-4])\b(?! (da|vua|nay|roi)\b)/.test(t)) return "next";
  if (/^(kho khan|vuong mac|vuong |thieu |chua du |han che|ton tai)|\b(bi thieu|con thieu|gap kho khan)\b/.test(t)) return "difficulties";
  // "Nhưng mà HS vùng ven thì không có máy tính", "tuy nhiên còn thiếu …": a contrast that says something is lacking.
  if (/^(nhung|nhung ma|tuy nhien|co dieu|chi co dieu|duy chi|hiem noi)\b/.test(t) && LACKING.test(t)) return "difficulties";
  // "Trường đề xuất Phòng …", "nhà trường kính đề nghị …": who asks, then the request.
  if (/^((nha )?truong( em| minh| chung toi)?|don vi|chung toi|toi|em|ban giam hieu) (kinh )?(de nghi|kien nghi|de xuat|xin|mong|rat mong)\b/.test(t)) return "recommendations";
  if (/^(de nghi|kien nghi|de xuat|mong |xin |kinh de nghi|rat mong)/.test(t) || ASKS_OFFICE.test(t)) return "recommendations";
  // "phòng máy hư 10/20 máy", "chờ hướng dẫn của phòng": something broken or waited for is a difficulty, not work done.
  if (OBSTACLE.test(t) && !/\b(sua|da sua|khac phuc|thay moi|thay the|xu ly|da duoc)\b/.test(t)) return "difficulties";
  // "ngân hàng nên miễn phí chuyển khoản cho phụ huynh": someone should do something — a suggestion
  // (not "mạng yếu nên …", where "nên" is "so").
  if (/^(?:[a-z0-9]+\s+){1,4}(?:nen|can phai)\s+(?!da\b|dang\b|chua\b)[a-z]/.test(t) && !HARDSHIP.test(t)) return "recommendations";
  return "done";
}

/** "quý tới tập huấn tiếp", "khó khăn thiếu máy": a label without a colon is not part of the value. */
const BARE_LABEL = /^(?:(?:quy toi|quy sau|quy tiep theo|thoi gian toi|kho khan|vuong mac|ton tai|kien nghi|de xuat)(?:\s+(?:la|thi|gom|co))?|(?:nhung ma|nhung|tuy nhien|co dieu|chi co dieu)(?:\s+(?:ma|la|thi))?)[\s,]+(?=\S)/;

function stripBareLabel(v: string): string {
  // "nhưng mà khó khăn là …": a contrast, then a label — both go.
  let out = v.trim();
  for (let m = BARE_LABEL.exec(foldSameLength(out)); m; m = BARE_LABEL.exec(foldSameLength(out))) out = out.slice(m[0].length).trim();
  return out || v;
}

/**
 * "dạ mục này thì …", "phần này thì …": words at the start that only point at the row. The text
 * without them; unchanged when nothing follows.
 */
function stripPointing(v: string): string {
  const m = /^(?:(?:da|vang|thua|a|ad)[\s,]+)*(?:muc|phan|cai|nhiem vu|viec)\s+(?:nay|do)\s+(?:thi|la)[\s,]+(?=\S)/.exec(foldSameLength(v.trim()));
  return m ? v.trim().slice(m[0].length) : v;
}

/**
 * Unaccented "nha" after a word that takes a place ("bài tập về nha", "ở nha", "của nha trường") is
 * "nhà" (house, home), not the filler "nha": never trimmed as a filler.
 */
const HOME = "(?<!(?:^|[^\\p{L}])(?:ve|về|o|ở|tai|tại|cua|của|trong|den|đến|tu|từ|len|lên|xuong|xuống|ngoi|ngôi|can|căn)\\s+)";

/** "… cds r ạ, đã …", "… 20 GV rồi ạ": fillers closing a clause of a part ("rồi ạ", "nha", "ad") say nothing. */
const CLAUSE_END_FILLER = new RegExp(`(?:\\s+(?:r|rồi|roi))?\\s+(?:ạ|à|${HOME}nha|nhé|nhe|ad)(?=\\s*(?:[,;]|$))|\\s+(?:r|roi|rồi)\\s+a(?=\\s*(?:[,;]|$))`, "giu");

/** "xóa đi, mình ko có khó khăn gì", "để trống nha": the order to empty a part, maybe with why. */
const CLEARED = /^(xoa|bo|xoa bo|bo trong|de trong|go bo)( (di|luon|het|giup|gium|dum|nha|nhe|a))*( (minh|em|e|toi|truong))?( (khong|ko|k) co( [a-z ]+)?)?$/;

/** Whether a part's text says it is empty: "không có", "ko có khó khăn gì", "để trống", "xóa đi, mình ko có khó khăn gì". */
export function saysEmpty(text: string): boolean {
  const f = foldVietnamese(text).toLowerCase().replace(/[.,;!]+/g, " ").replace(/\s+/g, " ").trim();
  return NONE.test(f) || new RegExp(`^(?:(?:minh|em|e|truong) )?${NONE_WORDS}${TRAILING}$`).test(f) || CLEARED.test(f);
}

function cleanValue(v: string): string | null {
  // "kiến nghị mục 2: đề nghị …": the row named after a label; "ko co j, duy trì thôi": "nothing (new)" before what is said.
  const bare = v.replace(/^[\s:–—\-.,;]*(?:mục|muc)\s+\d{1,2}(?:\.\d{1,2})?(?:\s*[:–—-]\s*|\s+)(?=\p{L})/iu, "").replace(/^\s*(?:không|khong|ko|k)\s+(?:có|co)\s+(?:gì|gi|j)(?:\s+(?:mới|moi|thêm|them|đâu|dau|khác|khac))*\s*[,;:]\s*(?=\S)/iu, "");
  const s = trimEdges(bare.replace(CLAUSE_END_FILLER, "").replace(/^[\s:–—\-.,;]+|[\s;,]+$/g, "").replace(/(?<!\.)\.$/, "").trim());
  const f = foldVietnamese(s).replace(/[.!]+$/, "");
  // "Không có khó khăn, kiến nghị": a part's name alone, after a "none", is that part said empty too.
  if (LABELS.some(([l, p]) => l === f && p !== "status" && p !== "percent")) return null;
  return NONE.test(f) || new RegExp(`^${NONE_WORDS}${TRAILING}$`).test(f) ? null : s;
}

/** Emoji and emoticons ("👍", "😅", ":)", "=))", "^^"). */
const EMOJI = "(?:[\\p{Extended_Pictographic}\\u{1F3FB}-\\u{1F3FF}\\uFE0F\\u200D]+|[:;=][-']?[()dDpP3]+|\\^\\^)";
/** Fillers that say nothing at the edge of a part: "a", "ạ", "ad", "dạ", "nha", "nhé", "nè". */
const EDGE_WORD = "(?:a|ạ|à|ad|dạ|vâng|nha|nhé|nhe|nhá|nè|ne|hen|nghen|ha|hà|ok|oke|okie|ừ|ừm|uh)";
const EDGE_START = new RegExp(`^(?:${EMOJI}|${EDGE_WORD}(?=[\\s,.;:!…]|$)|[\\s,.;:!…–-]+)+`, "iu");
// "… kiểm tra kỹ năng số GV thôi": "thôi" (just that) closing a part says nothing either.
const EDGE_END = new RegExp(`(?:${EMOJI}|(?<=[\\s,.;:!]|^)(?:${EDGE_WORD.replace("|nha|", `|${HOME}nha|`)}|thôi|thoi)|[\\s,;:!…–-]+)+$`, "iu");

/**
 * A part without the fillers and emoji at its edges: "a 👍 100% hs …" → "100% hs …", "… 20 gv
 * nha" → "… 20 gv". Fillers inside the text are the person's wording and stay.
 */
export function trimEdges(v: string): string {
  const out = v.replace(EDGE_START, "").replace(EDGE_END, "").trim();
  return /[\p{L}\p{N}]/u.test(out) ? out : v.trim();
}

/**
 * A sentence that talks *about* the answer rather than giving it ("meta-talk"): a question, a
 * request to the bot, a reference to the bot or to what was said before, a preamble ("e hỏi tổ
 * CNTT r nè", "mục này thì hơi dài dòng xíu ạ"), a reason to fill it later ("để e hỏi lại rồi bổ
 * sung sau"). Never stored as a part. A sentence with a number or a status says something about
 * the work and is not meta-talk.
 */
export function isMetaTalk(sentence: string): boolean {
  const raw = sentence.trim();
  const t = foldVietnamese(raw).replace(/[^a-z0-9?.% ]+/g, " ").replace(/\s+/g, " ").trim();
  if (!t) return false;
  // "ad ơi cho e hỏi nộp ngày 19/12 có kịp ko": a question put to the bot, whatever numbers it carries.
  if (isQuestion(raw)) return true;
  if (/\d/.test(t.replace(/\b(q|quy) ?[1-4]\b|\bmuc \d{1,2}(\.\d{1,2})?\b/g, ""))) return false;
  if (/\?/.test(t)) return true;
  const w = t.replace(/[?.]+/g, " ").replace(/\s+/g, " ").trim();
  // "Nhờ Phòng mở khóa tài khoản giúp em": asked of the office, not of the bot — a recommendation.
  if (ASKS_OFFICE.test(w)) return false;
  return META.some((re) => re.test(w));
}

/** A request to the office or the department ("nhờ Phòng …", "mong Sở …"): a row's recommendation. */
const ASKS_OFFICE = /^(?:(?:va|con|them|truong|em|e|nha truong)\s+)?(?:nho|mong|xin|kinh mong|rat mong|de nghi|kien nghi)\s+(?:phong|so|pgd|sgd|lanh dao phong|lanh dao so)\b|^(?:phong|pgd|phong gd|so|sgd)\s+(?:nen\s+|can\s+|co the\s+)?(?:lien he|ho tro|cap|cap them|bo tri|trang bi|to chuc|mo lop|mo them|xem xet|huong dan|giup|gia han|lam viec voi|chi dao|ban hanh)\b/;

/**
 * A sentence that asks the bot something, with or without "?": it asks in so many words ("cho e
 * hỏi", "e muốn hỏi"), or ends as a yes/no question ("… có kịp ko", "… được không ạ", "… phải
 * không ad") or on a question word ("… là gì", "… ở đâu", "… khi nào"). Numbers do not make it an
 * answer: "nộp ngày 19/12 có kịp ko" asks about a date. On the text as typed.
 */
export function isQuestion(sentence: string): boolean {
  const t = foldVietnamese(sentence).replace(/[^a-z0-9?/%. ]+/g, " ").replace(/\s+/g, " ").trim();
  if (!t) return false;
  if (/\?\s*$/.test(t)) return true;
  const w = t.replace(/[?.]+/g, " ").replace(/\s+/g, " ").trim();
  // "đề nghị phòng cấp 2 máy chiếu được không ạ": a recommendation asked politely is the recommendation.
  if (/^(?:(?:va|con|them)\s+)?(de nghi|kien nghi|de xuat|kinh de nghi|rat mong|mong phong|xin phong|xin so)\b/.test(w)) return false;
  return QUESTION_SAID.some((re) => re.test(w));
}

const ASKER = "(?:e|em|toi|minh|thay|co|tui)";
const QUESTION_SAID: RegExp[] = [
  // Asking in so many words: "cho e hỏi", "e muốn hỏi", "e hỏi chút", "hỏi xíu".
  new RegExp(`\\bcho ${ASKER} hoi\\b|\\b${ASKER} (muon |xin |can )?hoi (chut|ti|xiu|cai|ad|thu|them)\\b|\\b${ASKER} muon hoi\\b|^hoi (chut|ti|xiu)\\b`),
  // A yes/no question at the end: "… có kịp ko", "… được không ạ", "… phải không ad", "… đúng ko".
  // Not "… hs thì ko" (an answer: none for them).
  /\b(co|duoc|dc|kip|phai|dung|can|nen|bat buoc)\b(?:\s+(?!thi\b|la\b|con\b|cung\b|van\b)\S+){0,3}\s+(khong|ko|hong|hem)(\s+(a|ad|vay|v|nhi|the|ha|ta|nhe))*$/,
  /\b(duoc khong|dc ko|dc k|duoc ko|co duoc khong|phai khong|phai ko|dung khong|dung ko|kip khong|kip ko|co kip khong|co kip ko)(\s+(a|ad|vay|v|nhi|the|ha))*$/,
  // A question word at the end: "… là gì", "… ở đâu", "… khi nào", "… bao nhiêu", "… thế nào".
  /\b(la gi|nghia la gi|o dau|dau vay|khi nao|bao gio|bao nhieu|the nao|nhu the nao|lam sao|ra sao|the nao|sao vay|gi vay|nao vay|ngay nao|ngay may|muc nao|dong nao|cot nao)(\s+(a|ad|vay|v|nhi|the|ha|ta))*$/,
];

const SPEAKER = "(?:e|em|toi|minh|thay|tui)";
const META: RegExp[] = [
  // A question or request put to the bot: "… dc ko", "… phải không ad", "ad ơi", "cho e hỏi", "giúp e".
  /\b(duoc khong|dc ko|dc k|duoc ko|co duoc khong|phai khong|phai ko|dung khong|dung ko|chua ad|khong ad|ko ad|sao ad|vay ad|phai nhi|dung nhi)$/,
  /\b(ad|admin|bot|anh|chi) oi\b|\bcho (e|em|toi|minh) hoi\b|\b(giup|dum|ho) (e|em|toi|minh)( voi| nha| nhe| a)*$/,
  // The speaker on asking, checking or telling: "e hỏi tổ CNTT r nè", "em nói rồi mà", "để e check lại".
  new RegExp(`\\b${SPEAKER} (vua |da |moi |se |phai )?(hoi|check|kiem tra lai|xem lai|coi lai|noi|bao|ke|tra loi|go|nhan tin|hoi y kien)\\b`),
  /\bde (e|em|toi|minh|thay|tui) (hoi|check|kiem tra|xem|coi|tim|lay)\b/,
  // About what was typed before: "e ghi nhầm", "ghi sai rồi", "nhầm rồi ad".
  new RegExp(`^(?:(?:a|u|ua|oi|ma|thoi|chet)\\s+)*(?:${SPEAKER}\\s+)?(?:da\\s+)?(?:ghi|go|viet|dien|nhap|noi)?\\s*(?:nham|sai|lon)(?:\\s+(?:roi|r|mat|het|muc nay|cho nay|a|ad|nha|nhe|thay|co))*$`),
  // About the message or the answer itself: "hơi dài dòng", "cái icon", "cái đó", "không phải nội dung".
  /\b(dai dong|hoi dai|icon|emoji|go nham|go sai|sai chinh ta|cai do|cai nay|cai vua roi|cai vua r|cau do|cau vua roi|cau vua r|tin vua roi|tin vua r|tin nhan do)\b/,
  /\b(khong|ko|k) phai (la )?(noi dung|cau tra loi|tra loi)\b/,
  // A reason to fill the row in later: "bổ sung sau", "số liệu chưa có".
  /\b(bo sung sau|cap nhat sau|bao sau|gui sau|tra loi sau|ghi sau|dien sau)\b/,
  /\b(so lieu|thong tin|du lieu)\b.*\b(chua co|chua du|chua ro|chua nam|chua biet)\b/,
];

/**
 * "e hỏi tổ CNTT r nè: đang làm 40%, …": what comes before a colon that is not a part's label
 * and only talks about the answer. The text without it.
 */
function dropPreamble(src: string): string {
  const m = /^([^:\n]{2,80}):\s*(?=\S)/u.exec(src);
  if (!m || labelPart(foldVietnamese(m[1]!)) || !isMetaTalk(m[1]!.replace(/\?/g, ""))) return src;
  return src.slice(m[0].length);
}

/** "đã hoàn thành: tổ chức 2 buổi …", "Đang làm 60%: …": a status before a colon is a sentence of its own. */
function statusBeforeColon(src: string): string {
  const m = /^([^:\n.!?;]{1,40}):\s*(?=\S)/u.exec(src);
  return m && !labelPart(foldVietnamese(m[1]!)) && isStatusSentence(m[1]!) ? `${m[1]}. ${src.slice(m[0].length)}` : src;
}

/**
 * "đã hoàn thành cập nhật tọa độ và thông tin điểm trường": a sentence opening with "finished" and
 * the work — not "hoàn thành 70%", not a part of it ("… 20/40 GV", "còn khối 5 chưa"). Folded text.
 */
function finishedWork(t: string): boolean {
  const m = /^(?:(?:truong|truong em|ben em|nha truong)\s+)?(?:da\s+)?(?:hoan thanh|hoan tat|xong)\s+(?![\d%]|roi\b|r\b|het\b)[a-z]/.exec(t);
  if (!m) return false;
  const partial = [...t.matchAll(/(\d+)\s*\/\s*(\d+)/g)].some((r) => Number(r[1]) < Number(r[2]));
  return !partial && !/\b(chua|con lai|con \d|mot phan|mot so|dang|\d{1,2}\s*%)/.test(t);
}

/** Where each label that opens a part stands ("Quý tới:", "- Khó khăn -"), on folded text. */
function labelCuts(folded: string): { at: number; end: number; part: RowPart }[] {
  const cuts: { at: number; end: number; part: RowPart }[] = [];
  // "thêm khó khăn: …", "bổ sung kiến nghị: …": the label with the verb adding it.
  // "phần đã làm ghi: …", "khó khăn là: …": a verb between the label and its colon.
  const re = new RegExp(`(^|[\\n.;!?,]\\s*|\\s[-•*]\\s*|^[-•*]\\s*|\\s)(?:(?:them|bo sung|ghi them|ghi)\\s+)?(?:phan\\s+)?(${LABELS.map(([l]) => l.replace(/ /g, "\\s+")).join("|")})\\s*(?:\\([^)]*\\)\\s*)?(?:(?:ghi|la|gom|thi|sua|sua lai|doi)\\s*)?[:\\-–]\\s*`, "g");
  for (const m of folded.matchAll(re)) {
    // Inside a sentence (after a space) only with the verb: "mục 4 thêm khó khăn: …", not "… đã làm: …" mid-clause.
    if (m[1] === " " && !/^\s*(them|bo sung|ghi)/.test(m[0].slice(1))) continue;
    const label = m[2]!.replace(/\s+/g, " ");
    const part = LABELS.find(([l]) => l === label)![1];
    cuts.push({ at: m.index! + m[1]!.length, end: m.index! + m[0].length, part });
  }
  // "… . còn quý tới là kiểm tra …", "con phan da lam la: …": a part's label joined by "là"/"thì",
  // opening a sentence (after "còn"/"và"/"riêng", "phần"), is a label too.
  const textLabels = LABELS.filter(([, p]) => p !== "status" && p !== "percent").map(([l]) => l.replace(/ /g, "\\s+")).join("|");
  for (const m of folded.matchAll(new RegExp(`(^|[\\n.;!?]\\s*)(?:(?:con|va|rieng)\\s+)?(?:(?:phan|cot)\\s+)?(${textLabels})\\s+(?:la|thi)(?![a-z0-9])\\s*:?\\s*(?=\\S)`, "g"))) {
    const at = m.index! + m[1]!.length;
    if (cuts.some((c) => c.at <= at && at < c.end)) continue;
    const part = LABELS.find(([l]) => l === m[2]!.replace(/\s+/g, " "))![1];
    cuts.push({ at, end: m.index! + m[0].length, part });
  }
  // "… . tình trạng là đang làm 90% nha": a status label joined by "là"/"thì", opening a sentence.
  for (const m of folded.matchAll(/(^|[\n.;!?]\s*)(tinh\s+trang|trang\s+thai|tien\s+do)\s+(?:la|thi|hien la|bay gio la)\s+(?=\S)/g)) {
    const at = m.index! + m[1]!.length;
    if (cuts.some((c) => c.at === at)) continue;
    cuts.push({ at, end: m.index! + m[0].length, part: /^tien/.test(m[2]!) ? "percent" : "status" });
  }
  return cuts.sort((a, b) => a.at - b.at);
}

/**
 * A part given explicitly ("sửa 6 phần đã làm thành: 100% HS khối 1-5 …"): its text is stored as
 * typed — no status or % is read out of it —, up to a label of another part, which gets its own.
 */
export function partVerbatim(text: string, part: Exclude<RowPart, "status" | "percent">): RowAnswer {
  const src = spellShortLabels(spellQuarter(text.normalize("NFC").trim()));
  const cut = labelCuts(foldSameLength(src)).find((c) => c.at > 0);
  const own = cleanValue(src.slice(0, cut?.at ?? src.length));
  const out: RowAnswer = cut ? parseRowAnswer(src.slice(cut.at), part) : {};
  // A status said under its own label after the text ("… . Tình trạng: đang làm 90%") is kept; none is read out of the text.
  const labelled = labelCuts(foldSameLength(src)).some((c) => c.at > 0 && (c.part === "status" || c.part === "percent"));
  if (!labelled) {
    delete out.status;
    delete out.percent;
    delete out.statusUnclear;
  }
  out[part] = own;
  return out;
}

/**
 * `defaultPart`: where an unlabelled sentence without a cue goes — the work done for a row
 * answer, or the part the bot just asked for ("Quý tới dự kiến làm gì?" → next).
 */
export function parseRowAnswer(
  text: string,
  defaultPart: Exclude<RowPart, "status" | "percent"> = "done",
  /**
   * `verbatim`: a status read inside a sentence of work done stays in its text ("100% CBQL, giáo viên
   * hoàn thành …", "hoàn thành tuyển sinh lớp 6 với 498/500 HS") — a school's own words in a file or
   * a letter; only a sentence that is nothing but a status leaves the text.
   */
  opts: { progressInSentence?: boolean; verbatim?: boolean } = {},
): RowAnswer {
  // "xong rồi chứ không phải đang làm": what follows "chứ không phải" is what it is not.
  const src = statusBeforeColon(dropPreamble(dropTakenBack(spellShortLabels(spellQuarter(text.normalize("NFC").trim()))).replace(NOT_THAT, "").trim()));
  const folded = foldSameLength(src);
  // Cut at every label that opens a part: at the start, after a line break or a sentence end, followed by ":" or "-".
  const cuts = labelCuts(folded);
  const out: RowAnswer = {};
  const add = (part: Exclude<RowPart, "status" | "percent">, value: string | null) => {
    if (value === null) {
      if (out[part] === undefined) out[part] = null;
      return;
    }
    if ((value.match(/[\p{L}\p{N}]/gu) ?? []).length < 2) return; // emoji, punctuation: nothing said
    const said = foldVietnamese(value).replace(/[\s,.;:-]+/g, " ").trim();
    if (CONNECTOR_ONLY.test(said)) return; // "…, với khó khăn là …": the "với" left over
    if (/^(muc|dong) \d{1,2}( \d{1,2})?$/.test(said)) return; // "kiến nghị mục 7: …": the row named, nothing of its own
    if (/^(thoi )?(bo qua|skip)( muc nay)?( (nhe|nha|di|a|ad|luon))*$/.test(said)) return; // "chưa làm, bỏ qua nhé": an order, not content
    if (CLOSING_ONLY.test(said)) return; // "Quý tới tiếp tục duy trì. Xin cảm ơn.": thanks, not a recommendation
    // Two sentences of one part keep a separator ("… cho khối THCS; khối tiểu học đang nhập liệu"):
    // a full stop before a new sentence (capital or figure), a semicolon before a lower-case clause.
    const sep = /[.;:!?]$/.test(out[part] ?? "") ? " " : /^[\p{Lu}\d]/u.test(value) ? ". " : "; ";
    out[part] = out[part] ? `${out[part]}${sep}${value}` : value;
  };
  let percentSaid = false; // a number was given, not only implied by "xong" (100) or "chưa làm" (0)
  const applyStatus = (s: string) => {
    const p = parseStatusPhrase(s);
    const said = p.percent !== undefined && /\d\s*(%|phan tram)/.test(foldVietnamese(s));
    if (p.status && !out.status) out.status = p.status;
    if (p.percent !== undefined && (out.percent === undefined || Number.isNaN(p.percent) || (said && !percentSaid))) {
      out.percent = p.percent;
      // "xong rồi, tiến độ 78%": the number says how far it is.
      if (said && out.status === "da_hoan_thanh" && p.percent < 100) out.status = "dang_thuc_hien";
    }
    if (said) percentSaid = true;
    if (p.unclear) out.statusUnclear = true;
  };
  /** A run-on line without punctuation: "đang làm 60% thiếu kinh phí đề nghị phòng hỗ trợ". */
  const splitRunOn = (sentence: string, first: boolean): string[] => {
    const f = foldSameLength(sentence);
    const at: number[] = [];
    // A status at the start opens only the first sentence ("80% đã tập huấn…"); later, "100% hồ sơ…" is content.
    const lead = !first ? null :  /^(?:(?:dang lam|dang thuc hien|da xong|xong(?:\s+xuoi)?(?:\s+het)?|hoan thanh|chua lam|chua trien khai)(?:\s+(?:roi|r))?(?:\s*,?\s*(?:(?:duoc|dc|khoang|tam|gan|hon)\s+)*\d{1,3}\s*%)?|(?:duoc\s+|dat\s+)?\d{1,3}\s*%)[\s,;:-]+(?=\S)/.exec(f);
    // "xong r, 100% lớp dùng LMS": the % opens a share of something, so the status ends before it.
    const share = lead ? lead[0].search(/\d{1,3}(?:[.,]\d+)?\s*%/) : -1;
    if (lead && (opts.verbatim || SHARE_OF.test(f))) applyStatus(lead[0]);
    else if (lead && share > 0 && /,\s*$/.test(f.slice(0, share)) && SHARE_OF.test(f.slice(share))) {
      applyStatus(lead[0]);
      at.push(share);
    } else if (lead && !/^(?:vi|boi vi|tai vi)\s/.test(f.slice(lead[0].length))) at.push(lead[0].length); // "chưa làm vì …": the reason stays with its status
    // "Nhưng mà HS vùng ven thì thiếu máy tính": a contrast opening the sentence already makes it the difficulty.
    const contrast = /^(nhung|tuy nhien|co dieu|chi co dieu)\b/.test(f);
    // "giới thiệu", "tối thiểu" fold to "… thieu": not "thiếu" (lacking).
    for (const m of f.matchAll(/\s(thieu|kho khan|vuong mac|vuong|de nghi|kien nghi|de xuat|quy toi|quy sau)\s/g)) {
      if (m[1] === "thieu" && /\b(gioi|toi)$/.test(f.slice(0, m.index))) continue;
      // "Tôi kiến nghị …", "trường em đề xuất …": who asks goes with the request.
      const who = /(?:^|[\s,])((?:nha truong|truong em|chung toi|truong|toi|em|minh)(?: (?:xin|kinh))?)$/.exec(f.slice(0, m.index));
      const cut = who && /^(de nghi|kien nghi|de xuat)$/.test(m[1]!) ? m.index! - who[1]!.length : m.index! + 1;
      if (!contrast || !/^(thieu|kho khan|vuong)/.test(m[1]!)) at.push(cut);
    }
    if (!at.length) return [sentence];
    const pieces: string[] = [];
    let from = 0;
    for (const a of [...new Set(at)].sort((x, y) => x - y)) {
      pieces.push(sentence.slice(from, a).trim());
      from = a;
    }
    pieces.push(sentence.slice(from).trim());
    // A bare label cut off from its value ("khó khăn" | "thiếu máy tính") goes back with it.
    const merged: string[] = [];
    for (const piece of pieces.filter(Boolean)) {
      const prev = merged.at(-1);
      if (prev !== undefined && /^(quy toi|quy sau|kho khan|vuong mac|ton tai|kien nghi|de xuat|de nghi)( la| thi| gom| co)?$/.test(foldVietnamese(prev))) merged[merged.length - 1] = `${prev} ${piece}`;
      else merged.push(piece);
    }
    return merged;
  };

  // The text before the first label: sentences placed by cue.
  const head = src.slice(0, cuts[0]?.at ?? src.length);
  /** Clauses after a comma that open with a cue ("…, quý tới cả trường", "…, k có kiến nghị gì") are sentences of their own. */
  const splitClauses = (x: string): string[] => x.split(/,\s*(?=(?:quý tới|quy toi|quý sau|quy sau|sắp tới|sap toi|q[1-4]|quý (?:[1-4]|iv|i{1,3})|quy (?:[1-4]|iv|i{1,3})|khó khăn|kho khan|vướng|vuong|kiến nghị|kien nghi|đề nghị|de nghi|đề xuất|de xuat|xin|mong|rất mong|rat mong|kính mong|kinh mong|không có|khong co|ko có|ko co|k có|k co|thiếu|thieu|sẽ|se|nhưng|nhung|tuy nhiên|tuy nhien)(?![\p{L}\p{N}]))/iu);
  const isNoneSentence = (x: string) => NONE_SENTENCE.difficulties.test(foldVietnamese(x)) || NONE_SENTENCE.recommendations.test(foldVietnamese(x));
  for (const sentence of head.split(/(?<=[.!?;])\s+|\n+/).flatMap(splitClauses).flatMap((x) => splitStatusClauses(x, !opts.progressInSentence)).map(stripPointing).flatMap((s, i) => (isStatusSentence(s.trim()) || isNoneSentence(s) ? [s.trim()] : splitRunOn(s.trim(), i === 0))).filter(Boolean)) {
    if (isStatusSentence(sentence)) {
      applyStatus(sentence);
      continue;
    }
    if (isMetaTalk(sentence)) continue; // talk about the answer, not the answer
    const empty = partSaidEmpty(sentence);
    if (empty) {
      add(empty, null);
      continue;
    }
    // Not in a plan for next quarter: "quý tới tập huấn tiếp, hoàn thành 100%" is its target.
    const topic = out.status || cueOf(sentence) === "next" ? undefined : topicThenStatus(sentence);
    if (topic) {
      applyStatus(topic.status);
      if (!topic.onlyTopic) add(defaultPart, cleanValue(sentence));
      if (topic.reason) add("difficulties", cleanValue(topic.reason));
      continue;
    }
    const cued = cueOf(sentence);
    const t = foldVietnamese(sentence);
    // Asked for the plan (the question invites difficulties too): after the plan, a sentence that
    // says something is lacking or hard is a difficulty ("… Phụ huynh nhiều người ko có điện thoại").
    // ("t ko biết ghi gì nữa" is talk about the answer, not a difficulty.)
    const part = cued !== "done" ? cued : out.next && HARDSHIP.test(t) && !/\b(biet|nho) (ghi|viet|noi)\b|\b(ghi|viet|dien) (gi|j)\b/.test(t) ? "difficulties" : defaultPart;
    // "Đã hoàn thành cập nhật tọa độ …", "xong việc ký số học bạ …": the work, said finished — the status, and the work done.
    if (!out.status && part === "done" && !opts.verbatim && finishedWork(t)) applyStatus("xong");
    if ((part === "difficulties" && NONE_SENTENCE.difficulties.test(t)) || (part === "recommendations" && NONE_SENTENCE.recommendations.test(t))) {
      add(part, null);
      continue;
    }
    // Asked how the task stands, a progress value inside a sentence is the answer to that: "Tập huấn 20 GV, đạt 70%".
    if (opts.progressInSentence && part === "done" && out.percent === undefined) {
      const progress = progressInSentence(sentence);
      if (progress) {
        if (!out.status && progress.status) out.status = progress.status;
        out.percent = progress.percent;
        const rest = `${sentence.slice(0, progress.at)} ${sentence.slice(progress.end)}`.replace(/\s+/g, " ").replace(/[\s,;:.!–-]+$/, "").trim();
        // "Dạ mục này trường em đạt 70% rồi ạ": what is left only points at the row.
        // "… thì" before the progress names the task ("vpđt thì đang làm được một nửa, …"): only what follows is work done.
        const before = foldVietnamese(sentence.slice(0, progress.at)).replace(/[\s,;:.!–-]+$/, "").trim();
        const named = (/(^|\s)(thi|la)$/.test(before) && before.split(/\s+/).length <= 7) || ONLY_POINTING.test(before);
        const kept = named ? sentence.slice(progress.end).replace(/^[\s,;:.!–-]+/, "").trim() : rest;
        if (!ONLY_POINTING.test(foldVietnamese(kept))) add(part, cleanValue(kept));
        continue;
      }
    }
    // A leading status inside a longer first sentence: "Đang làm 80%, đã tập huấn 25 GV".
    if (part === defaultPart && !out.status) {
      const lead = /^([^,]{1,60}),\s*(.+)$/.exec(sentence);
      // "Học bạ điện tử xong rồi ạ, 100% HS …": the clause names the task and ends in its status.
      const tail = lead ? STATUS_AT_END.exec(foldVietnamese(lead[1]!)) : null;
      // Not when the rest says part is still to do ("tập huấn GV xong, còn HS thì chưa").
      const contrary = lead && /\b(chua|dang|con lai|con \d|mot phan|mot so)\b/.test(joinDang(foldVietnamese(lead[2]!)));
      if (lead && (isStatusSentence(lead[1]!) || (tail && !contrary && lead[1]!.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length <= 9))) {
        applyStatus(tail && !isStatusSentence(lead[1]!) ? tail[1]! : lead[1]!);
        // "chưa xong hẳn đâu ad, mới 90% thôi": the rest is a status too, not work done.
        if (isStatusSentence(lead[2]!)) applyStatus(lead[2]!);
        else add(defaultPart, cleanValue(opts.verbatim && !isStatusSentence(lead[1]!) ? sentence : lead[2]!));
        continue;
      }
    }
    add(part, cleanValue(part === cued && cued !== "done" ? stripBareLabel(sentence) : sentence));
  }
  cuts.forEach((c, i) => {
    const value = src.slice(c.end, cuts[i + 1]?.at ?? src.length);
    if (c.part === "status" || c.part === "percent") {
      // "Tình trạng: đang thực hiện. Trong quý, trường đã cử 5 GV …": the label holds its first
      // sentence; what follows is read like any answer.
      const end = /[.!?;\n]\s+(?=\S)/.exec(value);
      applyStatus(end ? value.slice(0, end.index) : value);
      if (end) {
        const rest = parseRowAnswer(value.slice(end.index + end[0].length), defaultPart, { ...opts, progressInSentence: false });
        for (const k of ["done", "next", "difficulties", "recommendations"] as const) if (rest[k] !== undefined) add(k, rest[k]);
      }
      return;
    }
    // The label's own part is its first sentence; a later sentence with another cue ("Không có
    // khó khăn gì", "Đề nghị …") goes where its cue says.
    const sentences = value.split(/(?<=[.!?;])\s+|\n+/).flatMap(splitClauses).map((x) => x.trim()).filter(Boolean);
    let own = "";
    sentences.forEach((sentence, j) => {
      const t = foldVietnamese(sentence);
      const cue = cueOf(sentence);
      const none = NONE_SENTENCE.difficulties.test(t) ? "difficulties" : NONE_SENTENCE.recommendations.test(t) ? "recommendations" : undefined;
      if (j > 0 && none && none !== c.part) return add(none, null);
      // "Khó khăn: …, kiến nghị hỗ trợ cấp CKS": the other part's label word stays out of its value.
      if (j > 0 && cue !== "done" && cue !== c.part) return add(cue, cleanValue(stripBareLabel(sentence)));
      if (j > 0 && /^[^:\n]{1,25}:/.test(sentence)) return; // a line under a label the form does not know ("Ghi chú: …")
      own = own ? `${own} ${sentence}` : sentence;
    });
    if (c.part === "difficulties" && NONE_SENTENCE.difficulties.test(`kho khan ${foldVietnamese(own)}`) && /^\s*(khong|ko|chua)/.test(foldVietnamese(own))) return add(c.part, null);
    add(c.part, cleanValue(own));
  });
  // "đang dạy trực tuyến được 50% số lớp, …": work said to be going on is under way (not "đang chờ …", a difficulty).
  if (!out.status && out.done && /^(?:(?:hien|hien tai|hien nay|truong|truong em|ben em)\s+)?dang\s+(?!cho\b|doi\b)[a-z]/.test(joinDang(foldVietnamese(src)).trim())) out.status = "dang_thuc_hien";
  if (out.done === undefined && out.status === undefined && out.percent === undefined && out.next === undefined && out.difficulties === undefined && out.recommendations === undefined) {
    // Nothing but a status-like word deeper in a sentence ("trường em làm xong rồi").
    const p = parseStatusPhrase(src);
    if (p.status && src.split(/\s+/).length <= 8) {
      out.status = p.status;
      if (p.percent !== undefined) out.percent = p.percent;
    }
  }
  return out;
}

/** Whether the answer carries anything at all. */
/** A sentence that says something is lacking, broken or hard: by its cue ("khó khăn …") or its words ("mạng yếu"). */
export function saysHardship(sentence: string): boolean {
  return cueOf(sentence) === "difficulties" || HARDSHIP.test(foldVietnamese(sentence));
}

/**
 * Asked for next quarter's plan, "quý sau tiếp tục", "tiếp tục duy trì", "sẽ hoàn thành nốt" read
 * as a status (going on, finished) are the plan itself: the text without its label, or undefined.
 */
export function planSaidAsStatus(text: string): string | undefined {
  const m = /^(?:(?:quy toi|quy sau|quy tiep theo|sap toi|thoi gian toi|ke hoach)\b[\s:,-]*)?(?=(?:tiep tuc|duy tri|se)\b)/.exec(foldSameLength(text.normalize("NFC").trim()));
  if (!m) return undefined;
  const value = cleanValue(text.normalize("NFC").trim().slice(m[0].length));
  return value ?? undefined;
}

export function isEmptyAnswer(a: RowAnswer): boolean {
  return Object.values(a).every((v) => v === undefined);
}

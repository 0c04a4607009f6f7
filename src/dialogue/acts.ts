/**
 * What a message does to a report form, understood anywhere in the form, in everyday wording,
 * with or without diacritics (on the language layer's folded, expanded text): confirm, cancel,
 * pause, skip this row or the rest, copy last quarter (optionally "… nhưng <change>"), go back,
 * review, edit a named row or one of its parts, add a row. Pure; the form decides what each act
 * means at its current step.
 */
import { foldForMatching, normalize } from "../lang/normalize.ts";
import { foldSameLength, isEmptyAnswer, isMetaTalk, isQuestion, parseRowAnswer, spellQuarter, type RowPart } from "../lang/row-answer.ts";
import { topicSpan } from "../lang/row-topics.ts";
import { POLITE } from "./phrases.ts";

export type Act =
  | { kind: "confirm" }
  | { kind: "deny" }
  | { kind: "cancel" }
  | { kind: "pause" }
  | { kind: "back" }
  | { kind: "review" }
  /** "xem lại mục 8 đầy đủ": one row, uncut; "xem đầy đủ": every row, uncut (`row` absent). */
  | { kind: "show"; row?: string }
  /**
   * "cái đó e hỏi thôi, ko phải nội dung mục 9, xóa đi": what was stored for the row (named, or the
   * one being asked) was not an answer — clear it and ask the row again.
   */
  | { kind: "retract"; row?: string }
  /** "giữ nguyên", "thôi giữ nguyên mục 6": `row` when the row is named. */
  | { kind: "keep"; row?: string }
  | { kind: "skip-row" }
  | { kind: "skip-rest" }
  | { kind: "as-planned" }
  | { kind: "copy-last"; amend?: string }
  /** "sửa 3.1", "sửa mục 4 phần kiến nghị thành: …", "à quên, mục 2 quý tới: …". */
  | {
      kind: "edit";
      row: string;
      part?: RowPart;
      text?: string;
      /** "thêm khó khăn cho mục 2: …": added to what the part has. */
      append?: boolean;
      /** "phần khó khăn vừa rồi bỏ đi": no row named — the one answered last whose part has text (`row` is empty). */
      lastWithPart?: boolean;
    }
  /**
   * "thêm 7", "thêm 7 và 9", "thêm mục 9 nữa": `rows` are all the rows named, `row` the first;
   * "thêm mục 2 nữa: trường đã cử 5 GV …": `text` is the added row's answer.
   */
  | { kind: "add"; row: string; rows?: string[]; text?: string }
  /**
   * "ý e là 350 đầu sách chứ ko phải 300", "300 là sai, phải là 350": a number written earlier is
   * replaced wherever the draft has it (`row` when named).
   */
  | { kind: "replace"; from: string; to: string; row?: string; /** What the message says after the correction (an answer to go on with). */ rest?: string }
  /** "bỏ chữ 'sửa lại là' đi": the words are taken out of the field that has them (`row` when named). */
  | { kind: "strike"; words: string; row?: string; quoted?: boolean }
  /**
   * "cái e gửi lúc nãy là của mục 8 (chứ ko phải mục 5)": the answer stored last (or the row
   * named after "chứ không phải") belongs to row `to`. `rest`: what the message says after it.
   */
  | { kind: "move"; to: string; from?: string; rest?: string }
  /**
   * "bỏ mục 1.1", "xóa mục 1.1", "bỏ qua mục 1.1 đi", "1.1 không có mà": the row is out of this
   * report. `explicit`: said with a verb (bỏ, xóa) — answers already given may go with it.
   */
  | { kind: "remove"; row: string; explicit: boolean; rows?: string[] };

/** Part names, on folded text as typed (punctuation kept), longest first. */
const PART_WORDS: [RegExp, RowPart][] = [
  [/^(?:(?:phan|cot|muc)\s+)?(?:tinh trang|trang thai)(?![\p{L}\p{N}])/u, "status"],
  [/^(?:(?:phan|cot|muc)\s+)?(?:tien do|phan tram)(?![\p{L}\p{N}])/u, "percent"],
  [/^(?:(?:phan|cot|muc)\s+)?(?:noi dung da thuc hien|viec da lam|da thuc hien|da lam|ket qua)(?![\p{L}\p{N}])/u, "done"],
  [/^(?:(?:phan|cot|muc)\s+)?(?:quy tiep theo|quy toi|quy sau|ke hoach|du kien)(?![\p{L}\p{N}])/u, "next"],
  [/^(?:(?:phan|cot|muc)\s+)?(?:kho khan|vuong mac)(?![\p{L}\p{N}])/u, "difficulties"],
  [/^(?:(?:phan|cot|muc)\s+)?(?:kien nghi|de xuat|de nghi)(?![\p{L}\p{N}])/u, "recommendations"],
];

/** What joins a row (or a part) to its new value: "thành", "là", "thì", "chỉ là", "chỉ có", ":", "-". */
const JOIN = /^[\s,]*(?:(?:chi\s+(?:la|co)|thanh|la|thi|bang)(?![\p{L}\p{N}])|[:=–-])[\s:–-]*/u;

/**
 * What follows the row number of an edit, as typed: "phần kiến nghị thành: …" → the part and the
 * new text; "thì đang làm, …" → the text. A part word counts as the part only as a label — named
 * with "phần"/"cột", followed by "thành"/"là"/":", or alone ("sửa 2 tình trạng") —, else it opens
 * the text ("mục 2 đã làm xong", "mục 2 quý tới tập huấn thêm").
 */
function partAndText(restRaw: string): { part?: RowPart; text?: string } {
  const said = newWording(restRaw);
  if (said) {
    // "phần đã làm sao có chữ a với cái icon vậy ad, sửa lại thành: …": the complaint names the part, the wording after "thành:" is the value.
    const { part } = partAndText(restRaw.slice(0, said.at));
    return { part, text: said.text };
  }
  const lead = /^[\s,.;:–-]*/.exec(restRaw)![0].length;
  const raw = restRaw.slice(lead);
  const same = foldSameLength(raw);
  for (const [re, p] of PART_WORDS) {
    const m = re.exec(same);
    if (!m) continue;
    const after = same.slice(m[0].length);
    const join = JOIN.exec(after);
    if (/^(phan|cot)\s/.test(m[0]) || join || !/[\p{L}\p{N}]/u.test(after)) {
      const text = raw.slice(m[0].length + (join?.[0].length ?? 0)).trim();
      return { part: p, text: text || undefined };
    }
    break;
  }
  const join = JOIN.exec(same);
  const text = raw.slice(join?.[0].length ?? 0).replace(/^[\s:–-]+/, "").trim();
  return { text: /[\p{L}\p{N}]/u.test(text) ? text : undefined };
}

/**
 * "…, sửa lại thành: X", "ghi lại là: X", "đổi thành: X": an explicit new wording after a colon,
 * anywhere in an edit. `at` is where the instruction starts, `text` the wording, as typed.
 */
function newWording(raw: string): { at: number; text: string } | undefined {
  const same = foldSameLength(raw);
  // Not "Mục 2 đã hoàn thành: …" (a status, then what was done).
  const all = [...same.matchAll(/(?<![\p{L}\p{N}])(?:(?:sua|doi|ghi|viet|chinh)(?:\s+lai)?\s+)?(?<!hoan\s+)(?:thanh|la)\s*:\s*/gu)];
  // The first instruction: a later "là:" is a label inside the wording ("… thành: X. còn phần đã làm là: Y").
  const m = all.find((x) => x.index! > 0);
  if (!m) return undefined;
  const text = raw.slice(m.index! + m[0].length).trim().replace(/^["“”']+|["“”']+$/g, "").trim();
  return /[\p{L}\p{N}]{2}/u.test(text) ? { at: m.index!, text } : undefined;
}

/** Words a correction may open with ("à quên", "nhầm rồi", "xin lỗi", "sorry"), on the normalised text. */
// "khong" too: the lexicon reads "khoan" (wait) as "không", and "không, mục 2 là 75%" is a correction as well.
const CORRECTION_LEAD = "(?:(?:con|rieng|a|ah|ay|ui|oi|ma|u|ua|quen|em quen|xin loi|nham|nham roi|sai|sai roi|sorry|chet|thoi chet|khoan|khoan da|khong|khong da)\\s+)*";
const ROW = "\\d{1,2}(?:\\.\\d{1,2})?";
/** "(e) (đã) nói là", "bảo rồi": only that it was said before (on the normalised text, where "e" is dropped). */
const SAID_BEFORE = "(?:(?:da\\s+)?(?:noi|bao)(?:\\s+(?:roi|la))*\\s+)?";
const EDIT = new RegExp(`^${CORRECTION_LEAD}(?:(sua|chinh sua|sua lai|doi|cap nhat|bo sung)\\s+)?(?:lai\\s+)?(?:(muc|dong|nhiem vu)\\s+)?(\\d{1,2}(?:\\.\\d{1,2})?)\\b(?!\\s*(?:%|\\/))(.*)$`);

/** Words that make a message naming a row by topic a correction of that row. */
const TOPIC_EDIT_CUE = /\b(sua|sua lai|chinh|chinh lai|doi|doi lai|nham|sorry|xin loi|chu khong phai)\b/;
const TOPIC_EDIT_LEAD = new RegExp(`^${CORRECTION_LEAD}(?:(?:sua|chinh sua|sua lai|doi|doi lai)\\s+)?(?:lai\\s+)?$`);

export function detectAct(raw: string): Act | undefined {
  const text = spellQuarter(raw.normalize("NFC").trim());
  const f = foldForMatching(text); // folded, no expansion: "ok", "u", "k" kept as typed
  const n = normalize(text); // expanded, fillers dropped
  const same = foldSameLength(text); // same length as the text, punctuation kept
  if (!f) return undefined;

  // "xóa phần kiến nghị của mục 2", "để trống cột khó khăn ở mục 8": a part of a row emptied.
  const emptied = /^(?:(?:a|u|thoi|vay)\s+)?(?:xoa|xoa het|bo|bo trong|de trong)\s+((?:phan|cot)\s+[a-z ]{2,25}?)\s+(?:cua|o|tai|cho)\s+(?:muc|dong)\s+(\d{1,2}(?:\.\d{1,2})?)\b[\s\p{L}]*$/u.exec(f);
  const emptiedPart = emptied ? PART_WORDS.find(([re]) => re.test(emptied[1]!))?.[1] : undefined;
  if (emptied && emptiedPart && emptiedPart !== "status" && emptiedPart !== "percent") return { kind: "edit", row: emptied[2]!, part: emptiedPart, text: "để trống" };
  // "Phần khó khăn vừa rồi bỏ đi nha, ghi vậy ko hay", "cái kiến nghị lúc nãy xóa giúp em": the part said last, emptied.
  const earlierPart = new RegExp(`^(?:(?:a|u|thoi|vay|oi|ay)\\s+)?(?:phan|cai|cho|cot|doan)\\s+([a-z ]{2,25}?)\\s+${EARLIER}\\s+(?:(?:thi|do|nay|a)\\s+)?(?:bo|xoa|bo di|xoa di|bo luon|xoa luon|bo giup|xoa giup|bo gium|xoa gium)\\b`, "u").exec(f);
  const earlierPartKind = earlierPart ? PART_WORDS.find(([re]) => re.test(`phan ${earlierPart[1]!}`))?.[1] : undefined;
  if (earlierPartKind && earlierPartKind !== "status" && earlierPartKind !== "percent") return { kind: "edit", row: "", part: earlierPartKind, text: "để trống", lastWithPart: true };

  if (/^(quay lai|tro lai|lui lai|back|quay lai buoc truoc)$/.test(n)) return { kind: "back" };
  if (/^(xem lai|tom tat|xem bao cao|xem ban nhap|xem lai bao cao|xem lai ban nhap|xem tong the)( (quy|ky) (\d|i{1,3}|iv|nay))?( (nam )?\/?\d{4})?$/.test(n)) return { kind: "review" };
  if (/^(giu nguyen|giu|nhu cu|khong doi|de nguyen)$/.test(n)) return { kind: "keep" };
  const keep = new RegExp(`^(?:(?:thoi|u|vang|ok|thi)\\s+)*(?:giu nguyen|giu|de nguyen|khong doi)(?:\\s+(?:muc|dong|nhiem vu)\\s+(${ROW}))?(?:\\s+(?:nhu cu|nhu vay|di|luon|roi))*$`).exec(n);
  if (keep) return keep[1] ? { kind: "keep", row: keep[1] } : { kind: "keep" };
  if (/^(nhu ke hoach|theo ke hoach|nhu du kien|dung ke hoach)$/.test(n)) return { kind: "as-planned" };

  const copy = /^(?:(?:u|vang|ok|thi|thoi|cu|van|van la|cung)\s+)?(?:lay |chep |dung |ghi )?(?:nhu|giong|giong het|y nhu|y chang|giong nhu|y het)(?: het)? (?:quy truoc|ky truoc|quy (?:\d|i{1,3}|iv)|q ?[1-4]|lan truoc|bao cao truoc)(?: (?:a|nhe|nha|ad))?([\s\S]*)$/.exec(same);
  if (copy) {
    const lead = /^[\s,.;:-]*(?:(?:nhung|chi|rieng|tru|ngoai ra|co dieu)\b[\s,:]*)*/.exec(copy[1]!)![0];
    const amend = text.slice(text.length - copy[1]!.length + lead.length).trim();
    return { kind: "copy-last", amend: /[\p{L}\p{N}]{2}/u.test(amend) ? amend : undefined };
  }

  const text_ = textEdit(text);
  if (text_) return text_;

  // "bỏ mục 1.1, 1.2, 3.3", "xóa 6 và 9 đi": several rows taken out in one order.
  const many = new RegExp(`^${CORRECTION_LEAD}(?:thoi\\s+)?(?:bo|xoa bo|xoa|loai bo|loai|gach)\\s+(?:(?:cac\\s+)?(?:muc|dong)\\s+)?(${ROW}(?:\\s*(?:,|va|voi|vs)?\\s*(?:muc\\s+)?${ROW})+)${REMOVE_TAIL}$`).exec(normalize(text.replace(/[;]/g, ",")).replace(/\s*,\s*/g, " , "));
  if (many) {
    const rows = [...new Set(many[1]!.match(new RegExp(ROW, "g")) ?? [])];
    if (rows.length > 1) return { kind: "remove", row: rows[0]!, rows, explicit: true };
  }
  // A row taken out: on the first clause ("1.1 ko có mà ad, e nói rồi"); "mục 2 không có khó khăn" is not one.
  const first = normalize(text.split(/[,;!?]|\.(?!\d)|\n/)[0]!);
  const removal = removedIn(first);
  if (removal) return removal;
  // "1.2 thì trường ko tham gia, bỏ qua", "Mục 6 xin được bỏ qua, quý này nhà trường chưa có hoạt
  // động": a row named, then only that it has nothing, with a word of passing it or of no activity.
  const skipped = namedRowSkipped(text);
  if (skipped) return skipped;
  // "tuyển sinh đầu cấp quý này ko có gì ad, bỏ mục 4 đi", "ko phải, xóa mục 4 khỏi bc giùm thầy": the
  // order in a later clause, every other clause saying nothing (the row's topic, "không có", "ko phải").
  const later = laterRemoval(text);
  if (later) return later;
  // "mục 4 e nói là ko có mà": words that only say it was said before are no part of it.
  const removeNone = new RegExp(`^${CORRECTION_LEAD}(?:(?:muc|dong|nhiem vu)\\s+)?(${ROW})\\s+${SAID_BEFORE}(?:thi\\s+|la\\s+|cung\\s+)?(?:khong co|khong lam|chua co|chua lam|khong)(?:\\s+(?:gi|ma|dau|hoat dong|nao|het|roi|a))*$`).exec(first);
  // Not "Mục 8 chưa làm. Quý tới khảo sát … Khó khăn: …": what follows is the row's answer.
  const after = text.split(/[,;!?]|\.(?!\d)|\n/).slice(1).join(". ");
  const answered = /\p{L}{2}/u.test(after) && !isMetaTalk(after) && !NOTHING_CLAUSE.test(foldForMatching(after)) && !isEmptyAnswer(parseRowAnswer(after));
  if (removeNone && !answered) return { kind: "remove", row: removeNone[1]!, explicit: false };

  // "xem lại mục 8 đầy đủ", "cho e xem mục 8 full", "xem đầy đủ": rows uncut.
  const show = new RegExp(`^(?:cho\\s+)?(?:xem|coi|doc)(?:\\s+lai)?(?:\\s+(?:muc|dong)\\s+(${ROW})|\\s+(${ROW}))?(?:\\s+(?:day du|du|full|het|toan bo|bao cao|ban nhap|cac muc))*(?:\\s+(?:cho|giup|dum|voi|nha|nhe|coi|xem|a|di))*$`).exec(n);
  if (show && (show[1] ?? show[2])) return { kind: "show", row: (show[1] ?? show[2])! };
  if (show && /\b(day du|full|toan bo)\b/.test(n)) return { kind: "show" };
  const retract = retracted(text);
  if (retract) return retract;
  // "thêm mục 2 nữa: trường đã cử 5 GV …": the row added with its answer.
  const addText = new RegExp(`(?<![\\p{L}\\p{N}])them\\s+(?:(?:muc|dong)\\s+)?(${ROW})(?:\\s+(?:nua|vao|vao bao cao|di|luon|a|ad|nha|nhe|giup|gium|voi|cho|em|e|thay|co))*\\s*[:–-]\\s*(?=\\S)`, "u").exec(same);
  if (addText && new RegExp(`^${CORRECTION_LEAD}$`).test(`${normalize(text.slice(0, addText.index))} `.trimStart())) {
    const body = text.slice(addText.index + addText[0].length).trim();
    if (/[\p{L}\p{N}]{2}/u.test(body)) return { kind: "add", row: addText[1]!, text: body };
  }

  // "thêm khó khăn cho mục 2: lịch học trùng giờ dạy", "bổ sung kiến nghị mục 7: …": a part of a named row, added to.
  // ("mục 2 thêm kiến nghị: …": the row first.)
  const PART_ADDED = "(?:them|bo sung|ghi them|viet them)\\s+(kho khan|vuong mac|kien nghi|de xuat|de nghi|quy toi|ke hoach quy toi|noi dung da lam|da lam)";
  const partFirst = new RegExp(`^${CORRECTION_LEAD}${PART_ADDED}\\s+(?:(?:cho|vao|o|cua|tai)\\s+)?(?:muc|dong)\\s+(${ROW})\\b\\s*[:–-]?\\s*(?=\\S)`).exec(same);
  const rowFirst = partFirst ? null : new RegExp(`^${CORRECTION_LEAD}(?:muc|dong)\\s+(${ROW})\\s+(?:thi\\s+)?${PART_ADDED}\\s*[:–-]?\\s*(?=\\S)`).exec(same);
  const partAdded = partFirst ? { said: partFirst[0], partWord: partFirst[1]!, row: partFirst[2]! } : rowFirst ? { said: rowFirst[0], partWord: rowFirst[2]!, row: rowFirst[1]! } : undefined;
  if (partAdded) {
    const body = text.slice(partAdded.said.length).trim();
    const part: RowPart = /^(kho khan|vuong mac)/.test(partAdded.partWord) ? "difficulties" : /^(kien nghi|de xuat|de nghi)/.test(partAdded.partWord) ? "recommendations" : /quy toi/.test(partAdded.partWord) ? "next" : "done";
    if (/[\p{L}\p{N}]{2}/u.test(body)) return { kind: "edit", row: partAdded.row, part, text: body, append: true };
  }
  // Edit a named row, or a correction of an earlier row: "sửa 3.1", "à quên, mục 2 quý tới: …", "nhầm, mục 2 là 75%".
  const edit = EDIT.exec(n);
  if (edit && (edit[1] || edit[2])) {
    const row = edit[3]!;
    // The row number as typed ("mục 2", "2"), then what follows it.
    const at = new RegExp(`(?<![\\p{L}\\p{N}.])${row.replace(".", "\\.")}(?![\\p{N}]|\\.\\d)`, "u").exec(same);
    const { part, text: newText } = at ? partAndText(text.slice(at.index + row.length)) : {};
    // "ad ơi cho em hỏi mục 7 ghi gì ạ": a question about the row, not a correction of it.
    if (!edit[1] && newText && !part && isMetaTalk(text) && /\?|\b(gi|nao|sao|the nao|khong|ko|k)(\s+(a|ad|vay|v|nhi|the))*$/.test(foldForMatching(newText))) return undefined;
    return { kind: "edit", row, part, text: newText };
  }
  // "phần học bạ sửa lại là 90% nha", "nhầm, tuyển sinh là 180 trẻ": a correction naming the row by
  // its topic reads as the same correction naming it by number.
  const byTopic = !edit && TOPIC_EDIT_CUE.test(n) ? topicSpan(text, same) : undefined;
  if (byTopic) {
    const before = text.slice(0, byTopic.start).replace(/(?:phần|phan|mục|muc|cái|cai|về|ve|dòng|dong)\s*$/iu, "");
    // Only lead words before the topic ("à nhầm,", "sửa lại"): "đã tập huấn xong, sửa máy chiếu" is an answer.
    const act = TOPIC_EDIT_LEAD.test(`${foldForMatching(before)} `.trimStart()) ? detectAct(`${before}mục ${byTopic.row}${text.slice(byTopic.end)}`) : undefined;
    if ((act?.kind === "edit" || act?.kind === "replace") && act.row === byTopic.row) return act;
  }

  const added = addedRows(text);
  if (added) return added.length > 1 ? { kind: "add", row: added[0]!, rows: added } : { kind: "add", row: added[0]! };

  // The rest of the rows: "bỏ qua mấy mục còn lại", "bỏ qua hết", "không có các mục sau". Not "ko có kk, kn gì hết"
  // (nothing at all for this row's parts): "hết" alone says so only right after "bỏ qua".
  // Said in a short clause of its own: "… bồi dưỡng qua lớp trực tuyến …, qt cử 13 gv còn lại đi học" is an answer.
  if (text.split(/[,.;!?\n]+/).some((c) => skipsRest(normalize(c)))) return { kind: "skip-rest" };
  if (/^(thoi |thui )?(bo qua|skip|qua muc khac|muc nay khong co|khong co|ko co|khong co gi|chua co gi|khong|ko|k|-|muc nay bo qua|bo qua muc nay|khong co hoat dong|qua)( muc nay| nha| nhe| a)?$/.test(f) || /^(muc nay )?(bo qua|khong|khong co|khong co gi|khong co hoat dong)( muc nay| gi)?$/.test(n)) {
    return { kind: "skip-row" };
  }
  if (skipInClauses(text)) return { kind: "skip-row" };

  if (
    /^(huy|huy bo|huy luon|huy di|huy bao cao|bo bao cao|thoi khong lam nua|khong lam nua|khong nop nua|thoi|thoi khong nop nua|xoa ban nhap|xoa bao cao)( luon| di| nha| nhe| a)*$/.test(n) ||
    /^(u |uh |vang |ok |thoi )?huy( luon| di| bo)*( a| nha| nhe)?$/.test(f) ||
    /^(thoi |u |vang )?(ad[, ]+)?huy( luon| di| bo| bao cao| ban nay| ban nhap| ban nhap nay| nhap nay)*( ad| a| nha| nhe| ban| bot)*\s*[,.;]/.test(same) || // "thôi hủy đi, để hỏi ý kiến phó hiệu trưởng đã", "huy di ad, …", "thoi huy ban nay di ad, giu ban cu"
    /^thoi( ad| a)?[,.]\s*huy( di| luon| bo)*\b/.test(same) // "thoi ad, huy di, …"
  ) {
    return { kind: "cancel" };
  }
  if (PAUSE.test(n) && !pauseInsideAnswer(text)) return { kind: "pause" };

  if (approvedThenSend(text)) return { kind: "confirm" };
  // "em xác nhận nộp", "rồi, nộp đi bot", "vậy cô nộp nhé": who speaks and "so" before the order.
  const words = f.split(" ");
  // ("thôi" before it: "thôi nộp luôn nha" — done with the answer, file now.)
  const lead = words.findIndex((w) => !POLITE.has(w) && w !== "thoi");
  if (lead > 0 && detectAct(words.slice(lead).join(" "))?.kind === "confirm") return { kind: "confirm" };
  if (/^(xac nhan|dong y|chot|nop|gui|nop di|gui di|nop luon|gui luon|ok|oke|okay|okie|oki|u|uh|uk|ukm|uhm|um|vang|da|dung|dung roi|dung het roi|chuan|chuan roi|duoc|duoc roi|co|yes)( .*)?$/.test(f)) {
    if (/\b(sua|chua dung|sai|khong dung|khoan|dung nop|chua nop|chua gui|dung gui)\b/.test(f)) return undefined;
    // "nop bc ngay 19/12 co kip han ko ad": a question about filing, not the order to file.
    if (isQuestion(text) && !/^(xac nhan|dong y|chot|ok|oke|okay|okie|oki|u|uh|uk|ukm|uhm|um|vang|dung|dung roi|chuan|co|yes)\b/.test(f)) return undefined;
    if (/^(xac nhan|dong y|chot)\b/.test(f) || /\b(nop|gui|xac nhan|chot|dong y)\b/.test(f) || /^(ok|oke|okay|okie|oki|u|uh|uk|ukm|uhm|um|vang|da|dung|dung roi|dung het roi|chuan|chuan roi|duoc|duoc roi|co|yes)( (a|nha|nhe|roi|r|vay|do|het|thay|co|ad|duoc|dc|dung))*$/.test(f) || /^(u|vang|dung|ok) (dung )?(quy|ky) (do|nay)/.test(f)) {
      return { kind: "confirm" };
    }
  }
  // Abbreviated agreement, read on the expanded text ("dc r a" = "được rồi ạ").
  // "dc r b, nop di": "b" (bạn) is who is spoken to.
  if (/^(duoc roi|duoc|ok|dong y|dung roi|chuan roi)( nop| gui)?( lai)?( di| luon| nhe| nha)*$/.test(n.replace(/\b(a|ad|nha|nhe|thay|co|b|ban|bot)\b/g, " ").replace(/\s+/g, " ").trim())) return { kind: "confirm" };
  if (/^(khong|ko|k|chua|thoi khong|khong phai|khong dung|sai)( a| nha| nhe| dau)*$/.test(f)) return { kind: "deny" };
  return undefined;
}

/** "Nội dung như trên là chính xác", "ổn rồi", "đúng hết rồi": the draft approved. */
const APPROVED = /^(?:(?:noi dung|thong tin|tat ca|bao cao|ban nhap|nhu tren|cac noi dung tren|cac muc tren|tren|vay|the|la|da|deu|het|thay|em thay|toi thay|minh thay|co thay|nhu vay)\s+)*(?:chinh xac|dung|on|ok|oke|duoc|chuan|hop ly|day du)(?:\s+(?:roi|r|het roi|het|ca roi|ca|a|nha|nhe|ad))*$/;
/** "Đề nghị gửi báo cáo", "gửi lại giúp em nhé", "nộp giúp cô": an order to send it. */
const SEND = /^(?:(?:de nghi|xin|vui long|nho|phien|vay)\s+)?(?:gui|nop)(?:\s+(?:lai|di|luon|len|ve|giup|gium|dum|ho|bao cao|ban nay|phong|len phong|ve phong|nhe|nha|a|ad|voi|em|co|thay|toi|minh|chi|anh|ban|bot))*$/;

/**
 * "Nội dung như trên là chính xác. Đề nghị gửi báo cáo.", "Dạ ổn rồi chị, gửi lại giúp em nhé": the
 * draft approved in words, and an order to send — nothing else said.
 */
export function approvedThenSend(text: string): boolean {
  const clauses = text
    .split(/[,;!?\n]|\.(?!\d)/)
    .map((c) => foldForMatching(c).replace(/đ/g, "d").split(" ").filter((w) => w && !POLITE.has(w)).join(" "))
    .filter(Boolean);
  return clauses.some((c) => SEND.test(c)) && clauses.every((c) => SEND.test(c) || APPROVED.test(c)) && clauses.length <= 4;
}

/** "bỏ qua mấy mục còn lại", "qua hết các mục sau", "còn lại không có": one short clause, "qua" only at its head. */
function skipsRest(clause: string): boolean {
  if (!clause || clause.split(" ").length > 10) return false;
  return /\bbo qua\b.*\b(con lai|tat ca|cac muc sau|nhung muc sau)\b|^(thoi )?qua\b.*\b(con lai|tat ca|cac muc sau|nhung muc sau)\b|\bbo qua het\b|\bkhong co\b.*\b(con lai|cac muc sau|nhung muc sau|tat ca cac muc)\b|^(con lai|may muc con lai|cac muc con lai)\b.*\b(khong co|bo qua|khong)\b/.test(clause);
}

/** What may follow a removal order: "đi", "luôn", "khỏi bc", "giùm thầy", "nha". */
const REMOVE_TAIL = "(?:\\s+(?:di|luon|ra|khoi bao cao|khoi|giup|gium|dum|ho|roi|r|nha|nhe|a|ad|voi|cho|em|e|thay|co|minh))*";

/** "bỏ mục 1.1", "xóa 1.1 đi", "còn 1.2 thì xóa đi giúp e": a removal order, on one normalised clause. */
function removedIn(clause: string): Act | undefined {
  const verb = new RegExp(`^${CORRECTION_LEAD}(?:thoi\\s+)?(?:bo qua|bo di|bo|xoa bo|xoa|loai bo|loai|gach|khong lam|khong tinh)\\s+(?:(?:muc|dong|nhiem vu)\\s+)?(${ROW})${REMOVE_TAIL}$`).exec(clause);
  if (verb) return { kind: "remove", row: verb[1]!, explicit: true };
  // "còn 1.2 thì xóa đi giúp e", "mục 1.2 bỏ luôn": the row, then the verb.
  const after = new RegExp(`^${CORRECTION_LEAD}(?:(?:con|rieng|va|voi)\\s+)?(?:(?:muc|dong|nhiem vu)\\s+)?(${ROW})\\s+(?:thi\\s+)?(xoa bo|xoa|bo qua|bo di|bo|loai bo|loai|gach)${REMOVE_TAIL}$`).exec(clause);
  // "còn mục 8 thì bỏ qua nha": out of the report, but what it already has is asked about first.
  if (after) return { kind: "remove", row: after[1]!, explicit: after[2] !== "bo qua" };
  return undefined;
}

function namedRowSkipped(text: string): Act | undefined {
  const raws = text.split(/[,;!?\n]|\.(?!\d)/).filter((c) => /[\p{L}\p{N}]/u.test(c));
  const head = new RegExp(`^\\s*${CORRECTION_LEAD}(?:(?:con|rieng)\\s+)?(?:(?:muc|dong|nhiem vu)\\s+)?(${ROW})\\s+(?:thi\\s+)?(.+)$`).exec(foldForMatching(raws[0] ?? "").replace(/đ/g, "d"));
  if (!head || !NOTHING_CLAUSE.test(head[2]!)) return undefined;
  const rest = raws.slice(1).map((c) => foldForMatching(c).replace(/đ/g, "d"));
  if (!rest.every((c, i) => NOTHING_CLAUSE.test(c) || (!/\d/.test(c) && isMetaTalk(raws[i + 1]!)))) return undefined;
  const all = foldForMatching(text).replace(/đ/g, "d");
  if (!SKIP_SAID.test(all) && !/\b(khong|ko|k|hong|chua) tham gia\b/.test(all)) return undefined;
  return { kind: "remove", row: head[1]!, explicit: false };
}

/**
 * A removal order in a clause after the first, when every other clause says nothing about the
 * work: the row's topic and "không có" ("tuyển sinh đầu cấp quý này ko có gì ad"), a no ("ko
 * phải"), talk about the answer. A clause with a number or a status is content: then no removal.
 */
function laterRemoval(text: string): Act | undefined {
  const raws = text.split(/[,;!?\n]|\.(?!\d)/).filter((c) => /[\p{L}\p{N}]/u.test(c));
  if (raws.length < 2) return undefined;
  let found: Act | undefined;
  for (const [i, raw] of raws.entries()) {
    const act = i > 0 ? removedIn(normalize(raw)) : undefined;
    if (act && !found) {
      found = act;
      continue;
    }
    const c = foldForMatching(raw).replace(/đ/g, "d");
    if (NOTHING_CLAUSE.test(c) || /^(?:(?:khong|ko|k|hong)(?:\s+phai)?|sai|nham|nham roi|sai roi)(?:\s+(?:a|ad|dau|nha|roi|r|ma))*$/.test(c)) continue;
    if (!/\d/.test(c) && isMetaTalk(raw)) continue;
    return undefined;
  }
  return found;
}

// …and "a moment later, I'll write back" in any words: a time to come ("lát", "chút nữa", "chiều", "mai"),
// maybe who, then writing or going on, ending the message ("lát em nhắn lại", "chiều cô gửi tiếp nha").
const PAUSE = /\b(?:(de (toi|sau|mai|chieu|lat|hom khac|khi khac)|(?:roi|xong|moi) (?:nop|gui|lam tiep|bao cao) (?:sau|tre)( (nha|nhe|nhen|a|ad))*$|lat (nua )?(lam|lam tiep|tinh)|tam dung|tam ngung|lam tiep sau|de (em|toi|thay|co) lam sau|de luc khac|mai lam tiep|toi lam tiep)\b|(lat|ti nua|chut nua|xiu nua|lat nua|chieu|mai|toi nay)( (em|e|toi|minh|thay|co))? (nhan|gui|tra loi|bao|lam|dien|ghi|rep)( (lai|tiep|sau|nha|nhe|nhen))+$)/;

/**
 * "hoc ba so dang lam 85%, …. quy toi lam tiep khoi 12": words of a pause ("tối làm tiếp" — folded,
 * "tới làm tiếp") inside an answer. The pause words stand in a clause that opens on a part's name
 * (quý tới, kế hoạch, dự kiến), or another clause gives a progress value: the message is an answer.
 */
function pauseInsideAnswer(text: string): boolean {
  const clauses = text.split(/[,;!?\n]|\.(?!\d)/).map((c) => normalize(c)).filter(Boolean);
  const at = clauses.findIndex((c) => PAUSE.test(c));
  if (at < 0) return false;
  if (/^(?:(?:va|con|thi)\s+)?(?:quy toi|quy sau|quy tiep theo|ky toi|hoc ky toi|ke hoach|du kien|sap toi|thoi gian toi|trong quy toi)\b/.test(clauses[at]!)) return true;
  return clauses.some((c, i) => i !== at && /\d\s*(%|phan tram)/.test(c));
}

/** "ko phải nội dung", "e hỏi thôi", "cái đó": the message says what was stored was not an answer. */
const NOT_AN_ANSWER = /\b(khong|ko|k) phai (la )?(noi dung|cau tra loi|tra loi)\b|\b(e|em|toi|minh) (chi )?hoi (thoi|thui|choi)\b|\bhoi thoi ma\b/;

/**
 * "ơ cái đó e hỏi thôi mà, ko phải nội dung mục 9 đâu ad. xóa đi giúp e": what was stored was a
 * question or talk, not the row's answer — the row (named, or the one asked) is cleared and asked
 * again. A bare "xóa mục 9" is a removal, not this.
 */
function retracted(text: string): Act | undefined {
  const f = foldForMatching(text).replace(/đ/g, "d");
  if (!NOT_AN_ANSWER.test(f)) return undefined;
  const row = new RegExp(`\\b(?:muc|dong)\\s+(${ROW})\\b`).exec(f)?.[1];
  return row ? { kind: "retract", row } : { kind: "retract" };
}

/**
 * A clause that only says the row has nothing this quarter: "bỏ qua nha", "chưa làm gì", "quý này ko
 * có hđ gì", "để trống" — pointing words ("mục này", "quý này", "thôi") around it. On folded text as
 * typed, so "hđ"/"hd" (hoạt động) is not read as the lexicon's "hướng dẫn".
 */
const NOTHING_CLAUSE = new RegExp(
  // The row's topic may open it ("thư viện số thì …", "tuyển sinh đầu cấp quý này …"): a few words
  // without a number, a status or a part's name.
  "^(?:(?:(?!(?:da|dang|xong|duoc|dc|hoan|kho|kien|vuong|xuat|nghi|toi|sau|bo|skip|khong|ko|k|hong|chua)\\b)[a-z]+\\s+){1,6}?(?=(?:thi|la|quy nay|q nay|ky nay|muc nay|cung)\\b))?" +
    "(?:(?:thoi|thui|a|ah|da|vang|u|muc nay|phan nay|quy nay|q nay|ky nay|truong|truong em|ben em|nha truong|don vi|trung tam|thi|la|cung|nen|nay|con|xin|xin phep|xin duoc|duoc|cho)\\s+)*" +
    "(?:bo qua|skip|qua muc khac|de trong|bo trong|(?:khong|ko|k|hong|chua) (?:co |lam |trien khai |thuc hien )?(?:gi|hoat dong|hd|viec)(?: gi| nao| ca| het| dau)*|khong co|ko co|k co|chua co|chua co gi|chua lam gi|khong lam gi|chua lam|chua trien khai|chua thuc hien|(?:khong|ko|k|hong|chua) tham gia)" +
    "(?:\\s+(?:muc nay|nay|nha|nhe|nghen|a|ad|di|luon|r|roi|het|ca|thay|co|dau|ma|them))*$",
);
/** What makes such a message a skip rather than a status: the person says to pass the row, or that it had no activity. */
const SKIP_SAID = /\b(bo qua|skip|qua muc khac|de trong|bo trong)\b|\b(khong|ko|k|hong) co (hoat dong|hd)\b|\b(muc nay|quy nay|q nay|ky nay)( thi)? (khong|ko|k|hong) co\b/;

/**
 * A skip said inside a sentence ("thôi mục này bỏ qua nha, chưa làm gì", "mục này q này ko có hđ
 * gì, bỏ qua nhé"): every clause says there is nothing, and one of them says to pass the row or
 * that it had no activity. "chưa làm gì" alone stays a status (not started).
 */
function skipInClauses(text: string): boolean {
  const clauses = text.split(/[,;!?\n]|\.(?!\d)/).map((c) => foldForMatching(c).replace(/đ/g, "d")).filter(Boolean);
  // A bare "không" beside them is the same no ("ko, ko có"); "không có" alone is a skip of its own.
  const no = (c: string) => /^(?:thoi\s+)?(?:khong|ko|k|hong)(?:\s+(?:a|ad|nha|nhe|dau))*$/.test(c);
  const none = (c: string) => /^(?:thoi\s+)?(?:khong|ko|k|hong) co(?: gi)?(?:\s+(?:a|ad|nha|nhe|dau|het|ca))*$/.test(c);
  // "bỏ qua mục này đi ad, để e hỏi lại tổ CNTT r bổ sung sau": a reason to fill it in later is no content.
  const raws = text.split(/[,;!?\n]|\.(?!\d)/).filter((c) => foldForMatching(c));
  const reason = (i: number) => raws[i] !== undefined && isMetaTalk(raws[i]!);
  return (
    clauses.length > 0 &&
    clauses.every((c, i) => NOTHING_CLAUSE.test(c) || no(c) || (i > 0 && reason(i))) &&
    clauses.some((c) => SKIP_SAID.test(c) || none(c))
  );
}

/** "ko có mục nào", "không có dòng nào cả": no row has anything (on folded text). */
const NO_ROWS = /^(?:(?:thoi|a|da|vang|quy nay|q nay|ky nay|truong|truong em|truong e|ben em|ben e|em|e)\s+)*(?:khong|ko|k|hong|chua) (?:co )?(?:lam |lm |trien khai )?(?:muc|dong|nhiem vu|hoat dong|hd) nao(?:\s+(?:ca|het|dau|em|e|a|ad|nha|nhe|thay|co|luon))*$/;

/**
 * The answer to "which rows had activity this quarter?" is none: "ko có mục nào em ạ, quý này
 * trường chưa triển khai gì thêm", "không có", "quý này không có hoạt động gì". Every clause says
 * there is nothing (or gives a reason), one of them that no row / nothing was done.
 */
export function saysNoRows(text: string): boolean {
  if (/\d/.test(text)) return false;
  const clauses = text.split(/[,;!?\n.]/).map((c) => foldForMatching(c).replace(/đ/g, "d")).filter(Boolean);
  const raws = text.split(/[,;!?\n.]/).filter((c) => foldForMatching(c));
  return (
    clauses.length > 0 &&
    // Beside it: a reason, or the request to file it empty ("ad cho e nộp bc trống nha").
    clauses.every((c, i) => NO_ROWS.test(c) || NOTHING_CLAUSE.test(c) || (i > 0 && ((raws[i] !== undefined && isMetaTalk(raws[i]!)) || /\b(nop|gui) (?:(?:bao cao|bc) )?trong\b/.test(c)))) &&
    clauses.some((c) => NO_ROWS.test(c) || NOTHING_CLAUSE.test(c))
  );
}

const ROWS_AFTER_THEM = `(?:(?:muc|dong)\\s+)?(${ROW}(?:\\s+(?:(?:va|voi|,)\\s+)?(?:(?:muc|dong)\\s+)?${ROW})*)`;
const ADD = new RegExp(`^(?:(?:thi|thoi|a|u|vang|con)\\s+)*them\\s+${ROWS_AFTER_THEM}(?:\\s+(?:nua|vao|vao bao cao(?:\\s+(?:quy|ky)\\s+(?:\\d|i{1,3}|iv|nay))?|vao bao cao nay|di|luon|voi|giup|gium|dum|cho|em|e|thay|co|minh))*$`);
/** What may come before an added row in the same message: a request to change the report ("sửa lại bc q4, thêm mục 7"). */
const ADD_LEAD = /^(?:(?:sua|sua lai|chinh sua|cap nhat|bo sung|mo lai|lam lai)\s+)?(?:lai\s+)?(?:ban\s+)?bao cao(?:\s+(?:quy|ky)\s+(?:\d|i{1,3}|iv)(?:\s*(?:nam\s+)?\/?\d{4})?)?$/;

/**
 * Rows a message adds to the report: "thêm 7", "thêm 7 và 9", "thêm mục 9 nữa", also after a
 * request to change the report in the same message ("sửa lại bc q4, thêm mục 7 vs 9"). On the
 * normalised text; a number followed by other words ("thêm 2 lớp") adds nothing.
 */
export function addedRows(text: string): string[] | undefined {
  const clauses = text.split(/[;\n]|,(?!\s*\d)|\.(?!\d)/).map((c) => normalize(c)).filter(Boolean);
  if (!clauses.length) return undefined;
  const last = clauses.at(-1)!;
  // "sửa lại bc q4 thêm mục 7" without a comma: the lead in the same clause.
  const at = last.search(/(?:^|\s)them\s/);
  const lead = [...clauses.slice(0, -1), at > 0 ? last.slice(0, at).trim() : ""].filter(Boolean);
  if (!lead.every((c) => ADD_LEAD.test(c))) return undefined;
  const m = ADD.exec(at > 0 ? last.slice(at).trim() : last);
  if (!m) return undefined;
  return [...new Set(m[1]!.match(new RegExp(ROW, "g")) ?? [])];
}

/** Yes or no to a question the form asked ("có", "ừ hủy đi", "không", "thôi khỏi"). */
export function yesNo(raw: string): boolean | undefined {
  const f = foldForMatching(raw);
  if (/^(co|u|uh|um|vang|da|dung|dung roi|ok|oke|okay|dong y|yes|chac chan|duoc|huy|huy luon|huy di|xoa|xoa di|xoa luon)( (a|nha|nhe|roi|di|luon|huy|xoa|thay|ad|huy luon|huy di))*$/.test(f)) return true;
  if (/^(khong|ko|k|khoi|thoi khoi|thoi|chua|khong huy|dung huy|khong xoa|giu lai|giu|de lai|no)( (a|nha|nhe|dau|lai|ban nhap))*$/.test(f)) return false;
  return undefined;
}

/** Kinds of act that name a row of their own and may follow something else in one message. */
const ROW_ACTS = new Set<Act["kind"]>(["edit", "remove", "add"]);

/**
 * One message, several acts about different rows ("à nhầm, mục 8 mới 90% thôi. còn 1.2 thì xóa
 * đi"): the message cut where a clause opens an act on another row — introduced by "còn", "với",
 * "rồi", or naming "mục N" / a verb and the row. Undefined when the message is one act (or one
 * answer). Each piece is then read as if sent alone, in order.
 */
export function actSegments(text: string, asked?: string): string[] | undefined {
  const bounds: number[] = [];
  for (const m of text.matchAll(/[,;\n]|\.(?!\d)/g)) bounds.push(m.index! + m[0].length);
  const rowOf = (a: Act | undefined) => (a && "row" in a ? a.row : undefined);
  const cuts: number[] = [0];
  let current = rowOf(detectAct(text.slice(0, bounds[0] ?? text.length))) ?? rowOf(detectAct(text)) ?? asked;
  for (const at of bounds) {
    const clause = text.slice(at);
    const head = normalize(clause.split(/[,;\n]|\.(?!\d)/)[0] ?? "");
    // Only a clause that plainly opens on a row: "còn 1.2 …", "mục 9 …", "xóa mục 1.2", "thêm mục 7".
    if (!new RegExp(`^(?:(?:con|rieng|voi|va|roi|them nua|a|ma)\\s+)*(?:(?:sua|sua lai|xoa|bo|them)\\s+)?(?:(?:muc|dong)\\s+${ROW}|${ROW}\\s+(?:thi|la|xoa|bo))\\b`).test(head)) continue;
    if (!/^(?:con|rieng|voi|va|roi|them nua|a|ma|sua|xoa|bo|them|muc|dong)\b/.test(head)) continue;
    const act = detectAct(clause.split(/[;\n]|\.(?!\d)/)[0]!) ?? detectAct(clause);
    const row = rowOf(act);
    if (!act || !ROW_ACTS.has(act.kind) || !row || row === current) continue;
    cuts.push(at);
    current = row;
  }
  if (cuts.length < 2) return undefined;
  const pieces = cuts.map((c, i) => text.slice(c, cuts[i + 1] ?? text.length).replace(/^[\s,;.]+|[\s,;]+$/g, "").trim()).filter((p) => /[\p{L}\p{N}]/u.test(p));
  return pieces.length > 1 ? pieces : undefined;
}

/** A number as written in a report ("350", "20/20", "1.5", "75%"), on folded text. */
const NUMBER = "\\d+(?:[.,/]\\d+)*\\s*%?";
/** Words that point back at what was sent before: "lúc nãy", "vừa rồi", "ở trên", "hồi nãy". */
const EARLIER = "(?:luc nay|hoi nay|ban nay|vua roi|vua r|vua nay|vua xong|o tren|phia tren|truoc do|vua gui|vua ghi|vua tra loi|vua nhan)";

/**
 * Corrections of what was written, in plain words (on the folded text as typed, same length):
 * a number replaced ("ý e là 350 chứ ko phải 300"), words struck ("bỏ chữ 'sửa lại là' đi"), the
 * last answer moved to another row ("cái e gửi lúc nãy là của mục 8").
 */
function textEdit(text: string): Act | undefined {
  const same = foldSameLength(text).replace(/đ/g, "d");
  const rowNamed = new RegExp(`(?<![\\p{L}\\p{N}])(?:muc|dong)\\s+(${ROW})(?![\\p{N}])`, "u").exec(same)?.[1];

  // Words struck: "bỏ chữ “X” đi", "xóa chữ X ở mục 8", "bỏ cụm 'X'".
  const strike = /(?<![\p{L}\p{N}])(?:bo|xoa|bot|gach|bo di)\s+(?:(?:chu|cum|cum tu|tu|doan|cau|may chu)\s+)+/u.exec(same);
  if (strike) {
    const after = text.slice(strike.index + strike[0].length);
    const quoted = /^\s*["“'‘`]([^"”'’`]{2,80})["”'’`]/u.exec(after);
    let words = quoted?.[1];
    if (!words) {
      const stop = /\s+(?:o|trong|cua|khoi|tai)\s|\s+(?:di|giup|gium|dum|nha|nhe|ad|luon|voi|a)(?![\p{L}\p{N}])|[,.;!?]|$/u.exec(foldSameLength(after));
      words = after.slice(0, stop?.index ?? after.length).trim();
    }
    if (words && /[\p{L}\p{N}]{2}/u.test(words)) {
      const act: Act = { kind: "strike", words: words.trim() };
      if (rowNamed) act.row = rowNamed;
      if (quoted) act.quoted = true;
      return act;
    }
  }

  // The last answer belongs to another row: "cái (e gửi) lúc nãy là của mục 8", "cái vừa rồi là trả lời cho mục 8".
  const move = new RegExp(
    `(?<![\\p{L}\\p{N}])(?:cai|cau|tin|phan|noi dung)\\s+(?:(?:e|em|minh|toi|thay|co|tui)\\s+)?(?:(?:gui|ghi|tra loi|nhan|go|viet|vua)\\s+)*${EARLIER}?\\s*(?:(?:la|thi)\\s+)?(?:(?:tra loi|noi dung)\\s+)?(?:cua|cho|thuoc|danh cho|la)\\s+(?:muc|dong)\\s+(${ROW})(?![\\p{N}])`,
    "u",
  ).exec(same);
  if (move && new RegExp(`(?<![\\p{L}])${EARLIER}(?![\\p{L}])`).test(same.slice(0, move.index + move[0].length))) {
    const not = new RegExp(`(?:chu|chứ)\\s+(?:khong|ko|k)\\s+phai\\s+(?:(?:cua|cho)\\s+)?(?:muc|dong)\\s+(${ROW})(?![\\p{N}])`, "u").exec(same.slice(move.index + move[0].length));
    const end = move.index + move[0].length + (not ? not.index + not[0].length : 0);
    const restRaw = text.slice(end).replace(/^[\s,.;!?]*(?:(?:ad|a|ạ|nha|nhé|nhe|ơi|oi)(?![\p{L}\p{N}])[\s,.;!?]*)*/u, "").trim();
    const act: Act = { kind: "move", to: move[1]! };
    if (not && not[1] !== move[1]) act.from = not[1]!;
    if (/[\p{L}\p{N}]{2}/u.test(restRaw)) act.rest = restRaw;
    return act;
  }

  // A number said earlier, pointed at: "à cái 70% lúc nãy là 75 nha", "số 90 hồi nãy là 90% tiến độ ạ, …".
  const earlier = new RegExp(
    `^((?:(?:a|u|ua|oi|o|ui|ay|ko|khong|ko phai|khong phai|nham|nham roi|sai|sai roi|xin loi|sorry|thoi|chet|y|e|em|minh|toi|thay|co|la)[\\s,.;:!]+)*)(?:(?:cai|so|con so|cho|phan)\\s+)?(${NUMBER})(?![\\d])\\s*(?:(?:o\\s+)?(?:muc|dong)\\s+(${ROW})\\s+)?${EARLIER}\\s+(?:(?:e|em|thay|co|minh|toi)\\s+)?(?:(?:ghi|noi|go|bao)\\s+)?(?:la|thanh|sua thanh|sua lai la|sua lai thanh|phai la|doi thanh|thi la)\\s+(${NUMBER})(?![\\d])`,
    "u",
  ).exec(same);
  if (earlier) {
    const from = earlier[2]!.replace(/\s+/g, "");
    const to = earlier[4]!.replace(/\s+/g, "");
    // What follows the sentence of the correction is said on its own ("… không phải việc đã làm. Việc đã làm là …").
    const end = earlier.index + earlier[0].length;
    const stop = /[.!?\n]\s|[.!?]$|\n/.exec(text.slice(end));
    const restRaw = stop ? text.slice(end + stop.index + 1).trim() : "";
    if (from !== to) {
      const act: Act = { kind: "replace", from, to };
      const row = earlier[3] ?? rowNamed;
      if (row) act.row = row;
      if (/[\p{L}\p{N}]{2}/u.test(restRaw)) act.rest = restRaw;
      return act;
    }
  }

  // A number replaced: "(ý e là) 350 đầu sách chứ ko phải 300", "300 là sai, phải là 350".
  const notThat = new RegExp(`^(.*?)(${NUMBER})([^\\d]*?)(?:chu|chứ)\\s+(?:khong|ko|k)\\s+phai\\s+(?:la\\s+)?(${NUMBER})(?![\\d])(.*)$`, "u").exec(same);
  const wrongThen = new RegExp(`^(.*?)(${NUMBER})(?![\\d])[^\\d]*?\\s(?:la\\s+)?(?:sai|nham)(?:\\s+(?:roi|r))?[\\s,.;]+(?:ma\\s+)?(?:phai|dung|dung ra|sua)\\s+(?:la|thanh)\\s+(${NUMBER})(?![\\d])(.*)$`, "u").exec(same);
  const pair = notThat ? { to: notThat[2]!, from: notThat[4]!, lead: notThat[1]!, tail: notThat[5]! } : wrongThen ? { from: wrongThen[2]!, to: wrongThen[3]!, lead: wrongThen[1]!, tail: wrongThen[4]! } : undefined;
  if (pair) {
    // Only a correction: no other number, and the words before it only say it is one ("à", "ý e là", "nhầm").
    const lead = pair.lead.replace(/[,.;:!]/g, " ").replace(/\s+/g, " ").trim();
    // … or point at the figure said before: "số thầy cô hồi nãy là", "cái số lớp lúc nãy là".
    const pointed = new RegExp(`^(?:.*\\s)?(?:so|cai|con so|cai so)\\s+(?:\\p{L}+\\s+){0,4}?${EARLIER}(?:\\s+(?:la|thanh|phai la))?$`, "u").test(lead);
    const leadOk = pointed || /^(?:(?:a|a|u|ua|oi|o|ui|ay|nham|nham roi|sai|sai roi|xin loi|sorry|khong|ko|thoi|chet|y|e|em|minh|toi|thay|co|la|phai|dung ra|dung|ghi|so|muc|dong|\d{1,2}(?:\.\d{1,2})?)\s*)*$/.test(lead);
    const numbers = (same.match(/\d+(?:[.,/]\d+)*/g) ?? []).filter((x) => x !== rowNamed);
    const from = pair.from.replace(/\s+/g, "");
    const to = pair.to.replace(/\s+/g, "");
    if (leadOk && numbers.length === 2 && from !== to && !/\d/.test(pair.tail) && !(from.endsWith("%") || to.endsWith("%"))) {
      return rowNamed ? { kind: "replace", from, to, row: rowNamed } : { kind: "replace", from, to };
    }
  }
  return undefined;
}

/**
 * A message the grammar of acts.ts did not parse, typed where the form would store it as a row's
 * content: the turn-type classifier (lang/turn-type.ts) decides whether it is content at all. A
 * confident non-answer is never stored: a command is carried out when it is harmless and its slots
 * are clear (review, back, pause, skip, keep, add, edit a named row; cancel, which asks first),
 * asked back when it would file or when a slot is missing; a question goes to the knowledge base;
 * a correction without a row or part, and talk, are asked back. Anything unsure stays content.
 */
import { foldForMatching } from "../lang/normalize.ts";
import { isClosingOnly, parseRowAnswer } from "../lang/row-answer.ts";
import { asksSomething } from "../lang/split.ts";
import { turnTypes, type CommandKind, type TurnReading } from "../lang/turn-type.ts";
import type { Act } from "./acts.ts";
import { POLITE } from "./phrases.ts";

/** Below these the classifier is not trusted to refuse content (chosen by cross-validation on the bank: ~4 % of answers refused). */
export const MIN_SCORE = 0.5;
export const MIN_MARGIN = 0.3;
/** What leaving a row empty takes. */
export const SURE_SCORE = 0.8;
export const SURE_MARGIN = 0.5;

/** Words that hold filing back: "khoan", "chưa", "đừng", "sửa", "sai", "khoan đã", "để xem". */
const HOLD_BACK = /(?<![\p{L}])(khoan|chưa|chua|đừng|sửa|sua|sai|không đúng|ko đúng|để xem|de xem|xem lại|xem lai|hủy|huy)(?![\p{L}])|\?/u;

export type NonAnswer =
  | { kind: "act"; act: Act }
  | { kind: "repeat" }
  | { kind: "question" }
  | { kind: "ask"; reply: string };

/**
 * What to do with `text` instead of storing it, or undefined to store it. `row`: the row asked (none
 * at the summary); `rowsNamed`: the report rows the message names.
 */
/**
 * "Chờ chị tí, phụ huynh tới", "đợi em xíu nha": a short wait, said first — nothing to store and no
 * pause (the next message goes on with the report).
 */
const WAIT = /^(?:(?:thoi|da|u|uh|a|ad)\s+)?(?:cho|doi)\s+(?:(?:chi|em|e|co|thay|anh|minh|toi|tui|ad)\s+)?(?:ti|xiu|chut|lat|mot lat|1 lat|teo|mot chut|1 chut)\b/;

export function nonAnswer(text: string, row: string | undefined, rowsNamed: string[], reading: TurnReading = turnTypes().classify(text)): NonAnswer | undefined {
  if (WAIT.test(foldForMatching(text)) && !/\d/.test(text)) return { kind: "ask", reply: row ? `Dạ, thầy/cô cứ tự nhiên; xong thì trả lời tiếp mục ${row}. Tôi chưa ghi gì từ tin vừa rồi.` : "Dạ, thầy/cô cứ tự nhiên. Tôi chưa ghi gì từ tin vừa rồi." };
  if (reading.type === "answer" || reading.score < MIN_SCORE || reading.margin < MIN_MARGIN) return undefined;
  // A "correction" naming only the row being asked ("3.1 đã hoàn thành …, đạt mức 2" at row 3.1) is its answer.
  if (reading.type === "correction" && row && rowsNamed.length > 0 && rowsNamed.every((r) => r === row)) return undefined;
  // What reads as a row's status or a labelled part is content, whatever else the message says.
  const parsed = parseRowAnswer(text);
  if (row && (parsed.status || parsed.percent !== undefined || parsed.next !== undefined || parsed.difficulties !== undefined || parsed.recommendations !== undefined)) return undefined;
  const other = rowsNamed.filter((r) => r !== row);
  const here = row ? ` hoặc trả lời tiếp mục ${row}` : "";
  switch (reading.type) {
    case "question":
      // A question asks: without a question mark or a question word the message is a statement, so content.
      return asksSomething(text) ? { kind: "question" } : undefined;
    case "meta":
      // A statement with figures ("204 hồ sơ lớp 1 đăng ký trên cổng tuyển sinh") is content unless the reading is clear.
      if (reading.score < SURE_SCORE && /\d/.test(text) && !asksSomething(text)) return undefined;
      return { kind: "ask", reply: row ? `Tin vừa rồi giống lời nhắn hơn là nội dung mục ${row}, nên tôi chưa ghi gì.` : "Tôi chưa ghi gì từ tin vừa rồi." };
    case "correction":
      return { kind: "ask", reply: `Thầy/cô muốn sửa mục nào, phần nào? Gõ ví dụ “sửa 2 phần quý tới thành: …” hoặc “mục 2 là 75% chứ không phải 70%”. Tôi chưa ghi gì từ tin vừa rồi.` };
    case "command":
      break;
  }
  // Leaving a row empty on a guess is not harmless: only on a clear reading, else asked.
  // … or said in so many words ("à e nhầm, trường chưa làm học bạ số, bỏ qua mục này nha").
  const said = /\b(bo qua|skip|bo muc nay|khong co hoat dong)\b/.test(foldForMatching(text)) && !other.length;
  const sure = said || (reading.score >= SURE_SCORE && reading.margin >= SURE_MARGIN);
  if (!sure && (reading.command === "skip" || reading.command === "skip_rest" || reading.command === "remove")) {
    return { kind: "ask", reply: row ? `Mục ${row} quý này không có hoạt động? Gõ “bỏ qua” để bỏ qua mục ${row}, hoặc trả lời mục ${row}. Tôi chưa ghi gì từ tin vừa rồi.` : "Bỏ mục nào khỏi báo cáo? Gõ ví dụ “bỏ mục 7”." };
  }
  switch (reading.command) {
    case "confirm":
      // At the summary, an order to send said plainly ("Nội dung như trên là chính xác. Đề nghị gửi
      // báo cáo.", "ổn rồi, gửi giúp em nhé") on a clear reading files; anything holding back is asked.
      if (!row && sure && /\b(gui|nop|xac nhan|chot)\b/.test(foldForMatching(text)) && !HOLD_BACK.test(text.toLowerCase())) return { kind: "act", act: { kind: "confirm" } };
      return { kind: "ask", reply: `Thầy/cô muốn nộp báo cáo? Gõ “xác nhận” để nộp${here}.` };
    case "deny":
      return { kind: "ask", reply: row ? `Mục ${row} quý này thế nào? Gõ “bỏ qua” nếu không có hoạt động.` : "Gõ “xác nhận” để nộp, “sửa <số mục>” để sửa, “xem lại” để xem bản nháp, hoặc “hủy”." };
    case "cancel":
      return { kind: "act", act: { kind: "cancel" } };
    case "pause":
      return { kind: "act", act: { kind: "pause" } };
    case "resume":
      return { kind: "repeat" };
    case "back":
      return { kind: "act", act: { kind: "back" } };
    case "review":
      return { kind: "act", act: { kind: "review" } };
    case "skip":
      if (other.length === 1) return { kind: "act", act: { kind: "remove", row: other[0]!, explicit: false } };
      return row && !other.length ? { kind: "act", act: { kind: "skip-row" } } : { kind: "ask", reply: `Bỏ qua mục nào? Gõ ví dụ “bỏ mục 7”${here}.` };
    case "skip_rest":
      return row ? { kind: "act", act: { kind: "skip-rest" } } : undefined;
    case "keep":
      return { kind: "act", act: other.length === 1 ? { kind: "keep", row: other[0]! } : { kind: "keep" } };
    case "add":
      if (rowsNamed.length) return { kind: "act", act: { kind: "add", row: rowsNamed[0]!, rows: rowsNamed.length > 1 ? rowsNamed : undefined } };
      return { kind: "ask", reply: `Thêm mục nào? Gõ ví dụ “thêm 7”${here}.` };
    case "remove":
      if (other.length === 1 || (rowsNamed.length === 1 && row === rowsNamed[0])) return { kind: "act", act: { kind: "remove", row: rowsNamed.find((r) => r !== row) ?? rowsNamed[0]!, explicit: false } };
      return { kind: "ask", reply: `Bỏ mục nào khỏi báo cáo? Gõ ví dụ “bỏ mục 7”${here}.` };
    case "edit":
      if (rowsNamed.length === 1) return { kind: "act", act: { kind: "edit", row: rowsNamed[0]! } };
      return { kind: "ask", reply: `Sửa mục nào? Gõ ví dụ “sửa 2”${here}.` };
    default:
      return undefined;
  }
}

/**
 * A "confirm" the grammar read in a longer message ("da gui danh sach hoc sinh len phong": "dạ,
 * gửi" or "đã gửi …"?) that the classifier does not read as an order to file: filing cannot be
 * undone by the principal, so it is asked, not done.
 */
export function doubtfulConfirm(text: string, reading?: TurnReading): boolean {
  // Politeness and address around the order ("Dạ em xác nhận nộp ạ", "vậy bot nộp giúp cô nhé") make a message long, not doubtful.
  const said = foldForMatching(text).split(" ").filter((w) => w && !POLITE.has(w));
  if (said.length <= 3) return false;
  // "Tôi xác nhận nộp báo cáo. Cảm ơn bot.": the thanks after the order says nothing about it.
  const order = text.split(/(?<=[.!?\n,])\s*/).filter((s) => s.trim() && !isClosingOnly(s.replace(/[,\p{Extended_Pictographic}]/gu, " "))).join(" ") || text;
  const r = reading ?? turnTypes().classify(order);
  return r.type !== "command" || r.command !== "confirm";
}

/** The command a message reads as, when the classifier is confident; undefined otherwise. */
export function commandIn(text: string): CommandKind | undefined {
  const r = turnTypes().classify(text);
  return r.type === "command" && r.score >= MIN_SCORE && r.margin >= MIN_MARGIN ? r.command : undefined;
}

/** A message the classifier reads, confidently, as an order about the form other than going on ("thôi hủy bc này đi"). */
export function readsAsCommand(text: string): boolean {
  const command = commandIn(text);
  return !!command && command !== "resume";
}

/**
 * One message, several questions: split on sentence ends ("?", "!", new lines, ";", ". ")
 * and on a question-final phrase followed by a new question ("… là gì, còn … thì sao").
 * Fragments with too few words of their own are glued back to their neighbour.
 */
import { analyze } from "./normalize.ts";

const SENTENCE_END = /(?<=[?!;\n])|(?<=\D\.)\s+|(?<=\.)\s+(?=\p{Lu})|\s*,\s*(?:còn|con)\b(?=\s)|,\s*(?=(?:ai|khi nào|khi nao|bao giờ|bao gio|ở đâu|o dau|bao nhiêu|bao nhieu|mấy|may|có phải|co phai)\s)|\s*(?:,\s*)?\b(?:với lại|voi lai|thêm nữa|them nua|và cho hỏi|va cho hoi|cho hỏi thêm|cho hoi them)\b(?=\s)/giu;

/** The sentences of a message that carry content of their own (at least two normalised words). */
export function splitQuestions(text: string): string[] {
  const parts = text
    .split(SENTENCE_END)
    .map((p) => p?.trim())
    .filter((p): p is string => !!p);
  const out: string[] = [];
  for (const p of parts) {
    if (analyze(p).tokens.length >= 2 || !out.length) out.push(p);
    else out[out.length - 1] = `${out[out.length - 1]} ${p}`;
  }
  return out;
}

/**
 * The part of a row a column title or a field label names, as schools write it in files and
 * mails: the language layer's list first (lang/row-answer.ts, shared with the chat), then the
 * words seen only in documents and letters — "Phương hướng (nhiệm vụ) quý tới", "Nhiệm vụ quý
 * tiếp theo", the phone shorthand "Q tới"/"Q sau", "KK"/"KN". And, for text read as a
 * principal's free answer, those labels spelled out at the head of a sentence ("Q toi mở rộng…"
 * → "Quý tới mở rộng…") so the answer splitter sees the cue it knows.
 */
import { foldSameLength, labelPart, SHORT_LABELS, type RowPart } from "../../../lang/row-answer.ts";

/** Folded labels (after the shared list) and the part each names; a label or its first words. */
const DOCUMENT_LABELS: [string, RowPart][] = [
  ["phuong huong nhiem vu quy toi", "next"],
  ["phuong huong nhiem vu", "next"],
  ["phuong huong quy toi", "next"],
  ["phuong huong", "next"],
  ["nhiem vu quy toi", "next"],
  ["nhiem vu quy tiep theo", "next"],
  ["nhiem vu quy sau", "next"],
  ["nhiem vu tiep theo", "next"],
  ["ke hoach tiep theo", "next"],
  ["q toi", "next"],
  ["q sau", "next"],
  ["q tiep theo", "next"],
  ["viec lam duoc", "done"],
  ["giai phap de xuat", "recommendations"],
];

const bare = (folded: string) => folded.replace(/\([^)]*\)/g, " ").replace(/[^a-z0-9 ]+/g, " ").replace(/\s+/g, " ").trim();

/** The part a folded label names, or undefined. */
export function fieldLabel(foldedLabel: string): RowPart | undefined {
  const shared = labelPart(foldedLabel);
  if (shared) return shared;
  const l = bare(foldedLabel);
  return DOCUMENT_LABELS.find(([label]) => l === label || l.startsWith(`${label} `))?.[1] ?? SHORT_LABELS.find((s) => l === s.label)?.part;
}

/** How a part is written out so the shared splitter reads it as a cue ("Quý tới …"). */
const SPELLED: Partial<Record<RowPart, string>> = { next: "Quý tới", difficulties: "Khó khăn", recommendations: "Kiến nghị" };
const HEAD_LABEL = new RegExp(`(^|[.;!?\\n]\\s*)(${DOCUMENT_LABELS.filter(([, p]) => SPELLED[p]).map(([l]) => l.replace(/ /g, "\\.?\\s*")).join("|")})(?=\\s*[:\\-–]?\\s+\\S)`, "g");

/**
 * Text with the document-only labels at a sentence's head spelled as the shared list writes them
 * ("Q toi mo rong" → "Quý tới mo rong", "Phương hướng: …" → "Quý tới: …"); the rest unchanged.
 */
export function spellOutLabels(text: string): string {
  const folded = foldSameLength(text);
  let out = "";
  let from = 0;
  for (const m of folded.matchAll(HEAD_LABEL)) {
    const at = m.index! + m[1]!.length;
    const part = fieldLabel(m[2]!.replace(/\./g, " "));
    if (!part || !SPELLED[part]) continue;
    out += text.slice(from, at) + SPELLED[part]!;
    from = at + m[2]!.length;
  }
  return out + text.slice(from);
}

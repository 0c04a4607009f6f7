/**
 * Vietnamese text folding for matching what people type: NFC/NFD input, with or without
 * diacritics (đ → d), any case, extra spaces.
 */

/**
 * Text as it can be stored, sent and written into .xlsx/.docx: NFC; control characters other
 * than tab and line breaks removed (a NUL fails a PostgreSQL insert); a lone surrogate half
 * (fails PGlite) becomes U+FFFD; noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF) and other
 * characters XML 1.0 forbids (they make an Office file unreadable for everyone) removed.
 */
export function storableText(text: string): string {
  return text
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD")
    .normalize("NFC")
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFDD0-\uFDEF\uFFFE\uFFFF]/g, "")
    .replace(/[\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}\u{10FFFE}\u{10FFFF}]/gu, "");
}

/** Normalises to NFC and trims; what we store. */
export function normalizeText(text: string): string {
  return storableText(text).replace(/\s+/g, " ").trim();
}

/**
 * Recent folds: a mail batch folds the same header cells and row titles thousands of times.
 * Short strings only, and emptied when full, so it never holds more than a few hundred KB.
 */
const folded = new Map<string, string>();
const FOLD_MEMO_SIZE = 4_000;
const FOLD_MEMO_MAX_LENGTH = 200;

/** Lower-case, diacritics removed (đ → d), spaces collapsed: what we match on. */
export function foldVietnamese(text: string): string {
  const known = folded.get(text);
  if (known !== undefined) return known;
  const out = text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
  if (text.length <= FOLD_MEMO_MAX_LENGTH) {
    if (folded.size >= FOLD_MEMO_SIZE) folded.clear();
    folded.set(text, out);
  }
  return out;
}

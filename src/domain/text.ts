/**
 * Vietnamese text folding for matching what people type: NFC/NFD input, with or without
 * diacritics (đ → d), any case, extra spaces.
 */

/** Normalises to NFC and trims; what we store. */
export function normalizeText(text: string): string {
  return text.normalize("NFC").replace(/\s+/g, " ").trim();
}

/** Lower-case, diacritics removed (đ → d), spaces collapsed: what we match on. */
export function foldVietnamese(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Typing slips on words the assistant knows: an unknown word of five letters or more that is
 * one edit (a transposition counts as one) from exactly one known word is read as that word
 * ("chuểyn" → "chuyển", "EDUIGS" → "EDUGIS"). Known words are the corpus' own plus the
 * lexicon's; shorter words are never corrected, where one letter changes the meaning.
 */
import distance from "damerau-levenshtein";

export class Speller {
  private readonly byKey = new Map<string, string[]>();

  private readonly known: Set<string>;

  constructor(known: Set<string>) {
    this.known = known;
    for (const w of known) {
      if (w.length < 4 || /\d/.test(w)) continue;
      for (const key of [`${w[0]}${w.length}`, `${w[0]}${w.length - 1}`, `${w[0]}${w.length + 1}`]) {
        const list = this.byKey.get(key) ?? [];
        list.push(w);
        this.byKey.set(key, list);
      }
    }
  }

  correct(word: string): string {
    if (word.length < 5 || this.known.has(word) || /\d/.test(word)) return word;
    const candidates = (this.byKey.get(`${word[0]}${word.length}`) ?? []).filter((w) => distance(word, w).steps === 1);
    // A slip of the same length (a swapped or wrong letter) before a missing or extra letter.
    const same = candidates.filter((w) => w.length === word.length);
    if (same.length === 1) return same[0]!;
    return candidates.length === 1 ? candidates[0]! : word;
  }
}

/**
 * Which school a text is about: from a registered sender address, otherwise from its name in the
 * text (diacritics-insensitive, generic words like "Trường Tiểu học" ignored) with a confidence
 * score — below the threshold a person decides. Used by mail ingestion and by the chat, which
 * notices a report request for a school other than the one the account is linked to.
 */
import { foldVietnamese } from "../domain/text.ts";

export interface SchoolRef {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  emails: string[];
}

export interface SchoolMatch {
  school: SchoolRef;
  by: "sender" | "name";
  confidence: number;
}

export const NAME_MATCH_THRESHOLD = 0.8;

/** Words that name the kind of school, not the school. */
const GENERIC = new Set(["truong", "tieu", "hoc", "trung", "co", "so", "pho", "thong", "mam", "non", "th", "thcs", "thpt", "mn", "tt", "trung tam", "giao", "duc", "nghe", "nghiep", "thuong", "xuyen", "gdnn", "gdtx"]);

function distinctive(name: string): string[] {
  const words = foldVietnamese(name).replace(/[^a-z0-9 ]/g, " ").split(/\s+/).filter(Boolean);
  const kept = words.filter((w) => !GENERIC.has(w));
  // "Trường Tiểu học Số 1": a bare "1" is in every table; the name is "số 1".
  if (kept.length && kept.every((w) => /^\d+$/.test(w))) {
    const at = words.indexOf(kept[0]!);
    return at > 0 ? words.slice(at - 1).filter((w, i) => i === 0 || !GENERIC.has(w)) : kept;
  }
  return kept;
}

export function matchSchool(from: string | undefined, texts: string[], schools: SchoolRef[]): SchoolMatch | undefined {
  const sender = from?.toLowerCase();
  if (sender) {
    const s = schools.find((x) => x.emails.includes(sender));
    if (s) return { school: s, by: "sender", confidence: 1 };
  }
  const hay = ` ${foldVietnamese(texts.join(" ")).replace(/[^a-z0-9 ]/g, " ").replace(/\s+/g, " ")} `;
  const scored = schools.map((s) => {
    let score = 0;
    let phrase = "";
    for (const name of [s.name, s.shortName].filter((n): n is string => !!n)) {
      const words = distinctive(name);
      if (!words.length) continue;
      const p = ` ${words.join(" ")} `;
      const hit = hay.includes(p) ? 1 : words.filter((w) => hay.includes(` ${w} `)).length / words.length * 0.7;
      if (hit > score || (hit === score && p.length > phrase.length)) [score, phrase] = [hit, p];
    }
    return { school: s, score, phrase };
  });
  // "Hoa Mai" inside "Hoa Mai 2": the longer name that fully matched is the one meant.
  const full = scored.filter((x) => x.score === 1);
  const candidates = scored.filter((x) => !(x.score === 1 && full.some((y) => y !== x && y.phrase.length > x.phrase.length && y.phrase.includes(x.phrase))));
  let best: SchoolMatch | undefined;
  let second = 0;
  for (const { school, score } of candidates) {
    if (!best || score > best.confidence) {
      second = best?.confidence ?? 0;
      best = { school, by: "name", confidence: score };
    } else if (score > second) second = score;
  }
  if (!best || best.confidence === 0) return undefined;
  // Two schools matching equally well is no match at all.
  if (best.confidence - second < 0.2) return { ...best, confidence: Math.min(best.confidence, 0.5) };
  return best;
}


/**
 * Which PHỤ LỤC 3 row a name points to, when a school writes the row's title (whole, shortened or
 * reworded) instead of its number: "Học bạ điện tử", "EDUGIS", "dạy học trực tuyến", "2. Đào
 * tạo bồi dưỡng cho CBQL, GV…". Words are weighted by how few rows use them (EDUGIS, học bạ,
 * thư viện say more than "triển khai"); the name must cover most of a title or most of its own
 * weight must fall in one title, and clearly more than in any other row — else no row.
 */
import { normalize } from "../../../lang/normalize.ts";
import type { ReportTemplate } from "../../../reports/template.ts";

const MIN_SCORE = 0.6;
const MIN_LEAD = 0.2;
/** Words too common in the titles (or in any sentence) to point anywhere. */
const WEAK = new Set(["va", "cho", "cua", "cac", "trong", "tren", "ve", "voi", "the", "nganh", "gdt", "gddt", "giao", "duc", "co", "so", "don", "vi", "thuc", "hien", "trien", "khai", "phoi", "hop", "ap", "dung", "tiep", "tuc", "cong", "tac", "da", "dang", "chua", "muc", "noi", "phong"]); // "Phòng" is the office in every letter, not "văn phòng điện tử"

/** Words through the language layer (abbreviations, spellings, synonyms: "vpđt", "tập huấn", "online"). */
const words = (s: string) => normalize(s).split(/[^a-z0-9]+/).filter((w) => w.length > 1 || /\d/.test(w));

interface Index {
  rows: { code: string; words: Set<string> }[];
  idf: Map<string, number>;
}
const cache = new WeakMap<ReportTemplate, Index>();

function index(template: ReportTemplate): Index {
  let ix = cache.get(template);
  if (ix) return ix;
  const rows = template.rows.filter((r) => !r.heading).map((r) => ({ code: r.code, words: new Set(words(r.title)) }));
  const df = new Map<string, number>();
  for (const r of rows) for (const w of r.words) df.set(w, (df.get(w) ?? 0) + 1);
  const idf = new Map([...df].map(([w, n]) => [w, Math.log(1 + rows.length / n)]));
  ix = { rows, idf };
  cache.set(template, ix);
  return ix;
}

/** The row a title-like name means, or undefined when none stands out. */
export function rowByTitle(name: string, template: ReportTemplate): string | undefined {
  const ix = index(template);
  const own = [...new Set(words(name))].filter((w) => !WEAK.has(w));
  if (!own.length) return undefined;
  const unknownWeight = Math.log(1 + ix.rows.length); // a word no title uses weighs like the rarest
  const weight = (w: string) => ix.idf.get(w) ?? unknownWeight;
  const total = own.reduce((s, w) => s + weight(w), 0);
  const scored = ix.rows
    .map((r) => {
      const strong = [...r.words].filter((w) => !WEAK.has(w));
      const hits = own.filter((w) => r.words.has(w));
      const ofTitle = strong.length ? strong.filter((w) => own.includes(w)).length / strong.length : 0;
      const ofName = hits.reduce((s, w) => s + weight(w), 0) / total;
      return { code: r.code, score: Math.max(ofTitle, ofName), hits: hits.length };
    })
    .sort((a, b) => b.score - a.score);
  // The whole of one title written out (words of 3.3 and 5 overlap; the complete one is meant).
  const complete = ix.rows.filter((r) => {
    const strong = [...r.words].filter((w) => !WEAK.has(w));
    return strong.length > 0 && strong.every((w) => own.includes(w));
  });
  if (complete.length === 1) return complete[0]!.code;
  // Two titles written out whole (3.3 holds all of 5's words, "Bộ giải pháp … cơ bản", and more): the larger one, when it holds the other.
  if (complete.length > 1) {
    const strongOf = (r: (typeof complete)[number]) => [...r.words].filter((w) => !WEAK.has(w));
    const [big, ...rest] = [...complete].sort((a, b) => strongOf(b).length - strongOf(a).length);
    if (rest.every((r) => strongOf(r).length < strongOf(big!).length && strongOf(r).every((w) => big!.words.has(w)))) return big!.code;
  }
  const [best, second] = scored;
  if (!best || best.score < MIN_SCORE || best.hits === 0) return undefined;
  if (second && best.score - second.score < MIN_LEAD) {
    // Two titles share the name's words ("Bộ giải pháp chuyển đổi số cơ bản" is in rows 3.3 and 5):
    // the row whose own words (used by no other title, "kiến trúc tham chiếu") are all missing is not meant.
    const missingOwn = (code: string) => {
      const row = ix.rows.find((r) => r.code === code)!;
      const unique = [...row.words].filter((w) => !WEAK.has(w) && ix.idf.get(w) === Math.log(1 + ix.rows.length));
      return unique.length ? unique.filter((w) => !own.includes(w)).length / unique.length : 0;
    };
    const close = scored.filter((x) => best.score - x.score < MIN_LEAD).map((x) => ({ ...x, adjusted: x.score - 0.5 * missingOwn(x.code) }));
    close.sort((a, b) => b.adjusted - a.adjusted);
    if (close.length < 2 || close[0]!.adjusted - close[1]!.adjusted < MIN_LEAD || close[0]!.adjusted < MIN_SCORE) return undefined;
    return close[0]!.code;
  }
  return best.code;
}

const pairCache = new WeakMap<ReportTemplate, { code: string; pairs: Set<string> }[]>();

/** Each row's adjacent word pairs ("thu vien", "ban do"): a pair says more than either word. */
function pairs(template: ReportTemplate): { code: string; pairs: Set<string> }[] {
  let rows = pairCache.get(template);
  if (rows) return rows;
  rows = template.rows.filter((r) => !r.heading).map((r) => ({ code: r.code, pairs: new Set(adjacent(words(r.title))) }));
  pairCache.set(template, rows);
  return rows;
}
const adjacent = (ws: string[]) => ws.slice(1).map((w, i) => `${ws[i]} ${w}`);

/**
 * The row a task heading names, where the structure already says it is a task's name ("3. Thư
 * viện điện tử, thư viện số" with labelled lines under it): `rowByTitle` first (on the name, then
 * on its words some title uses), else the row that
 * owns the most of the name's word pairs used by no other title ("thư viện", "bản đồ số"),
 * strictly more than any other row. Single words are too loose here ("sinh" of "vệ sinh" is in
 * "tuyển sinh").
 */
export function rowByHeading(name: string, template: ReportTemplate): string | undefined {
  const strict = rowByTitle(name, template);
  if (strict) return strict;
  // Words no title uses ("phần mềm", "cập nhật") only dilute a heading's name.
  const ix = index(template);
  const known = words(name).filter((w) => ix.idf.has(w));
  const byKnown = known.length >= 2 ? rowByTitle(known.join(" "), template) : undefined;
  // Two of the name's own words at least in that title, not one word shared by chance ("mới" of "môi trường").
  const held = byKnown ? new Set(known.filter((w) => !WEAK.has(w) && ix.rows.find((r) => r.code === byKnown)!.words.has(w))).size : 0;
  if (byKnown && held >= 2) return byKnown;
  const rows = pairs(template);
  const own = new Set(adjacent(words(name)));
  const count = new Map<string, number>();
  for (const p of own) {
    const holders = rows.filter((r) => r.pairs.has(p));
    if (holders.length === 1) count.set(holders[0]!.code, (count.get(holders[0]!.code) ?? 0) + 1);
  }
  const [best, second] = [...count].sort((a, b) => b[1] - a[1]);
  return best && (!second || best[1] > second[1]) ? best[0] : undefined;
}

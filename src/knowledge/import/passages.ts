/**
 * A document's text split into passages a person could cite: paragraphs joined up to about
 * 700 characters, a new passage at each heading ("1.", "2.3.", "II.", "a)", a short line in
 * capitals), each passage carrying its heading.
 */

export interface Passage {
  heading?: string;
  text: string;
}

const MAX_PASSAGE = 700;
const HEADING = /^(?:(?:\d+\.)+\d*|[IVX]+\.|[a-zđ]\)|Điều \d+|Mục \d+|PHỤ LỤC)\s*\S/u;

function isHeading(line: string): boolean {
  if (line.length > 160) return false;
  return HEADING.test(line) || (line.length <= 100 && line === line.toUpperCase() && /\p{Lu}{3}/u.test(line));
}

export function splitPassages(text: string, max = 2_000): Passage[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+/g, " ").trim())
    .filter(Boolean);
  const out: Passage[] = [];
  let heading: string | undefined;
  let current: string[] = [];
  const flush = () => {
    if (current.length) out.push({ heading, text: current.join("\n") });
    current = [];
  };
  for (const line of lines) {
    if (isHeading(line)) {
      flush();
      heading = line.slice(0, 160);
      if (line.length > 60) current.push(line);
      continue;
    }
    if (current.join("\n").length + line.length > MAX_PASSAGE) flush();
    // One very long paragraph: cut at sentence ends.
    if (line.length > MAX_PASSAGE) {
      for (const piece of line.match(new RegExp(`.{1,${MAX_PASSAGE}}(?:[.;](?=\\s)|$)`, "gsu")) ?? [line]) {
        current.push(piece.trim());
        flush();
      }
      continue;
    }
    current.push(line);
  }
  flush();
  return out.slice(0, max);
}

/**
 * Splits a long message into chunks of at most `limit` characters, preferring paragraph
 * boundaries, then line breaks, then spaces; a hard cut only for a run with no space.
 */
const SEPARATORS = ["\n\n", "\n", " "] as const;

export function splitText(text: string, limit: number): string[] {
  if ([...text].length <= limit) return [text];
  return pack(text, limit, 0).map((c) => c.trim()).filter(Boolean);
}

function pack(text: string, limit: number, level: number): string[] {
  if ([...text].length <= limit) return [text];
  const sep = SEPARATORS[level];
  if (sep === undefined) return hardCut(text, limit);
  const pieces = text.split(sep).flatMap((p) => ([...p].length > limit ? pack(p, limit, level + 1) : [p]));
  const chunks: string[] = [];
  let current = "";
  for (const piece of pieces) {
    const candidate = current ? current + sep + piece : piece;
    if ([...candidate].length <= limit) current = candidate;
    else {
      if (current) chunks.push(current);
      current = piece;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

function hardCut(text: string, limit: number): string[] {
  const chars = [...text];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += limit) out.push(chars.slice(i, i + limit).join(""));
  return out;
}

/**
 * A PDF's text layer (unpdf), read by where each piece is drawn: the text line by line, and the
 * table rebuilt from the columns its lines line up on.
 *
 * Lines: Word and LibreOffice often draw a Vietnamese letter with a tone mark from a second font
 * after the rest of the line, leaving a blank in its place; reading pieces in drawing order
 * ("TR NG TI U H C…ƯỜỂỌ") would lose every such word. Sorting by position and dropping the blanks a
 * letter covers puts them back. Wide gaps (table columns) become tabs.
 *
 * Table: a cell wraps over several lines, so a table row is not a text line. Text starts at the
 * same few x positions line after line (each column's left edge); those are the columns. A line
 * with text in the first column starts a row, the lines under it add to that row's cells, column by
 * column — across a page break too. A table is only returned when at least three columns and three
 * rows line up; its rows still go to a person (the PDF is never filed by the machine alone).
 */
import type { Grid } from "./grid.ts";

const MAX_PDF_PAGES = 30;
const MAX_ROWS = 500;
/** Points: the narrowest column ("TT") is wider than this. */
const MIN_COLUMN_WIDTH = 18;

interface PdfItem {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

/** A letter where it is drawn. */
interface PdfChar {
  ch: string;
  x: number;
  w: number;
  size: number;
  /** Drawn as a piece of one or two letters (a tone-marked letter drawn apart). */
  tone?: boolean;
}

/** Text starting at `x` on one line, up to a gap wider than a word space. */
interface Run {
  x: number;
  text: string;
  chars: PdfChar[];
}

export interface PdfContent {
  text: string;
  grids: Grid[];
}

export async function readPdf(content: Buffer): Promise<PdfContent> {
  const { getDocumentProxy } = await import("unpdf");
  const pdf = await getDocumentProxy(new Uint8Array(content), { verbosity: 0 });
  const lines: PdfChar[][] = [];
  for (let p = 1; p <= Math.min(pdf.numPages, MAX_PDF_PAGES); p++) {
    const page = await pdf.getPage(p);
    const items: PdfItem[] = [];
    for (const i of (await page.getTextContent()).items) {
      if (!("str" in i) || !i.str) continue;
      items.push({ str: i.str, x: i.transform[4], y: i.transform[5], width: i.width, size: Math.hypot(i.transform[2], i.transform[3]) || 10 });
    }
    const grouped: PdfItem[][] = [];
    for (const it of items.sort((a, b) => b.y - a.y || a.x - b.x)) {
      const line = grouped.at(-1);
      if (line && Math.abs(line[0]!.y - it.y) <= it.size * 0.4) line.push(it);
      else grouped.push([it]);
    }
    lines.push(...grouped.map(lineChars));
  }
  const text = lines.map(lineText).join("\n").normalize("NFC");
  const grid = tableOf(lines.map(runsOf));
  return { text, grids: grid ? [grid] : [] };
}

/** The letters of a line in reading order, without the blanks a letter drawn elsewhere fills. */
function lineChars(line: PdfItem[]): PdfChar[] {
  // Letters with their estimated place (a piece's width shared evenly among its characters).
  const chars = line.flatMap((it, n) =>
    [...it.str].map((ch, k, all) => ({ ch, n, x: it.x + (it.width * k) / all.length, w: it.width / all.length, size: it.size, alone: !it.str.trim() })),
  );
  // A blank that a letter drawn by another piece sits in is a placeholder, not a space — unless
  // it reaches past that letter by a space's width (the placeholder and the word space together).
  // A blank drawn as a piece of its own is a placeholder only when a letter or two are drawn at its
  // very place, or another piece's text runs across it (LibreOffice's tone-marked letters); a word
  // space Chromium draws apart, the next letter slightly over it, stays.
  const kept = chars.flatMap((c) => {
    if (c.ch.trim()) return [c];
    if (c.alone) {
      const placeholder = line.some((p, n) => n !== c.n && p.str.trim() && ((p.str.trim().length <= 2 && Math.abs(p.x - c.x) <= 1) || (p.x < c.x - 0.5 && p.x + p.width > c.x + 0.5)));
      return placeholder ? [] : [c];
    }
    const over = chars.filter((g) => g.n !== c.n && g.ch.trim() && g.x < c.x + c.w - 0.5 && g.x + g.w > c.x + 0.5);
    if (!over.length) return [c];
    const covered = Math.max(...over.map((g) => g.x + g.w));
    return c.x + c.w - covered > c.size * 0.15 ? [{ ...c, x: covered, w: c.x + c.w - covered }] : [];
  });
  return kept.sort((a, b) => a.x - b.x).map(({ ch, x, w, size, n }) => ({ ch, x, w, size, tone: line[n]!.str.trim().length <= 2 && /[^\u0000-\u007f]/.test(ch) }));
}

/** The line's letters joined: a space where a word gap is, a tab where a column gap is. */
function lineText(chars: PdfChar[]): string {
  let text = "";
  let end: number | undefined;
  for (const c of chars) {
    if (end !== undefined) {
      const gap = c.x - end;
      if (gap > c.size * 2) text += "\t";
      // A tone-marked letter drawn on its own sits where its word left room: the room is no space
      // (only a clear gap is), the place of the letter before it being an estimate.
      else if (gap > c.size * (c.tone ? 0.6 : 0.25) && !/\s$/.test(text) && c.ch.trim()) text += " ";
    }
    text += c.ch;
    end = Math.max(end ?? 0, c.x + c.w);
  }
  return text.replace(/[ ]{2,}/g, " ").trimEnd();
}

/** The line cut where a gap is wider than a word space (a cell's padding, a column). */
function runsOf(chars: PdfChar[]): Run[] {
  const runs: { x: number; chars: PdfChar[] }[] = [];
  let end: number | undefined;
  for (const c of chars) {
    // Blanks are measured over: the gap is between letters.
    if (!c.ch.trim()) {
      runs.at(-1)?.chars.push(c);
      continue;
    }
    const gap = end === undefined ? Infinity : c.x - end;
    if (gap > c.size * 0.6) runs.push({ x: c.x, chars: [c] });
    else runs.at(-1)!.chars.push(c);
    end = Math.max(end ?? 0, c.x + c.w);
  }
  return runs.map((r) => ({ x: r.x, text: lineText(r.chars).trim(), chars: r.chars })).filter((r) => r.text);
}

/** Column left edges: x positions where text starts on at least three lines of two runs or more (within 2.5 pt). */
function columnEdges(lines: Run[][]): number[] {
  const starts = lines.filter((l) => l.length >= 2).flatMap((l) => l.map((r) => r.x)).sort((a, b) => a - b);
  const clusters: { x: number; n: number }[] = [];
  for (const x of starts) {
    const last = clusters.at(-1);
    if (last && x - last.x <= 2.5) last.n++;
    else clusters.push({ x, n: 1 });
  }
  // Two edges closer than a narrow column (a header centred over its cells, text indented in a cell): the one more lines start on.
  const edges: { x: number; n: number }[] = [];
  for (const c of clusters.filter((c) => c.n >= 3)) {
    const last = edges.at(-1);
    if (last && c.x - last.x < MIN_COLUMN_WIDTH) {
      if (c.n > last.n) edges[edges.length - 1] = c;
    } else edges.push(c);
  }
  return edges.map((c) => c.x);
}

/** The table the lines' columns make, or undefined when fewer than three columns and three rows line up. */
/**
 * A run that crosses a column edge is two cells whose gap was too narrow to see ("2 Đào tạo bồi" in a
 * narrow "TT" column): cut at the first word starting on the edge.
 */
function splitAtEdges(line: Run[], edges: number[]): Run[] {
  return line.flatMap((run) => {
    const out: Run[] = [];
    let chars = run.chars;
    for (const e of edges) {
      if (chars[0]!.x >= e - 2.5) continue;
      const at = chars.findIndex((c, i) => i > 0 && c.ch.trim() && !chars[i - 1]!.ch.trim() && Math.abs(c.x - e) <= 2.5);
      if (at < 0) continue;
      out.push({ x: chars[0]!.x, text: lineText(chars.slice(0, at)).trim(), chars: chars.slice(0, at) });
      chars = chars.slice(at);
    }
    out.push({ x: chars[0]!.x, text: lineText(chars).trim(), chars });
    return out.filter((r) => r.text);
  });
}

function tableOf(found: Run[][]): Grid | undefined {
  const edges = columnEdges(found);
  if (edges.length < 3) return undefined;
  const lines = found.map((l) => splitAtEdges(l, edges));
  const columnOf = (x: number) => {
    let col = -1;
    edges.forEach((e, i) => {
      if (e <= x + 2.5) col = i;
    });
    return col;
  };
  // Table lines: runs starting on two column edges, or falling in three columns (a header centred in its cells).
  const onEdge = (l: Run[]) => new Set(l.filter((r) => edges.some((e) => Math.abs(e - r.x) <= 2.5)).map((r) => columnOf(r.x))).size;
  const inColumns = (l: Run[]) => new Set(l.map((r) => columnOf(r.x)).filter((c) => c >= 0)).size;
  const tableLine = (l: Run[]) => onEdge(l) >= 2 || inColumns(l) >= 3;
  const first = lines.findIndex(tableLine);
  if (first < 0) return undefined;
  let last = lines.length - 1;
  while (last > first && !tableLine(lines[last]!)) last--;
  const rows: string[][] = [];
  // The header (and the "(1) (2) …" numbering row) drawn again at the top of a later page: skipped,
  // so a cell that goes on after it goes on in its own row.
  const headerLines = new Set<string>();
  const said = (l: Run[]) => l.map((r) => r.text).join("\t");
  for (const line of lines.slice(first, last + 1)) {
    if (!line.length) continue;
    if (rows.length > 2 && headerLines.has(said(line))) continue;
    const cells = line.map((r) => ({ col: Math.max(0, columnOf(r.x)), text: r.text }));
    const startsRow = cells.some((c) => c.col === 0) || !rows.length;
    if (startsRow) rows.push(edges.map(() => ""));
    if (rows.length <= 2) headerLines.add(said(line));
    const row = rows.at(-1)!;
    for (const c of cells) row[c.col] = row[c.col] ? `${row[c.col]} ${c.text}` : c.text;
    if (rows.length >= MAX_ROWS) break;
  }
  return rows.length >= 3 ? rows.map((r) => r.map((c) => c.normalize("NFC"))) : undefined;
}

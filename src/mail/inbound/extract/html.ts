/**
 * HTML (an email body, or a .docx converted by mammoth) → the grids of its tables, and its
 * own text without the quoted part of a reply (Gmail/Outlook/Thunderbird quote blocks).
 */
import { DomUtils, parseDocument } from "htmlparser2";
import type { Element, AnyNode } from "domhandler";
import type { Grid } from "./grid.ts";

const MAX_TABLE_ROWS = 500;
const MAX_SPAN = 40;

const QUOTE_SELECTORS: ((el: Element) => boolean)[] = [
  (el) => el.name === "blockquote",
  (el) => /\b(gmail_quote|gmail_extra|moz-cite-prefix|yahoo_quoted|OutlookMessageHeader)\b/.test(el.attribs.class ?? ""),
  (el) => /^(divRplyFwdMsg|appendonsend|mail-editor-reference-message-container)$/.test(el.attribs.id ?? ""),
];

/** Text of a node with line breaks where <br>, <p> and <div> put them. */
function textOf(node: AnyNode): string {
  if (DomUtils.isText(node)) return node.data.replace(/\s+/g, " ");
  if (DomUtils.isDocument(node)) return node.children.map(textOf).join("");
  if (!DomUtils.isTag(node)) return "";
  if (node.name === "br") return "\n";
  const inner = node.children.map(textOf).join("");
  return /^(p|div|li|tr|h[1-6])$/.test(node.name) ? `${inner}\n` : inner;
}

function cellText(td: Element): string {
  return textOf(td)
    .replace(/&nbsp;|\u00a0/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .join("\n");
}

function tableGrid(table: Element): Grid {
  const rows = DomUtils.findAll((el) => el.name === "tr" && nearestTable(el) === table, table.children).slice(0, MAX_TABLE_ROWS);
  const grid: Grid = [];
  const pending: (string | undefined)[][] = []; // rowspan carry-overs: pending[r][c]
  rows.forEach((tr, r) => {
    const out: string[] = [];
    const carry = pending[r] ?? [];
    let c = 0;
    const fillCarry = () => {
      while (carry[c] !== undefined) out[c] = carry[c]!, c++;
    };
    for (const td of tr.children.filter((n): n is Element => DomUtils.isTag(n) && (n.name === "td" || n.name === "th"))) {
      fillCarry();
      const text = cellText(td);
      const colspan = Math.min(Math.max(Number(td.attribs.colspan) || 1, 1), MAX_SPAN);
      const rowspan = Math.min(Math.max(Number(td.attribs.rowspan) || 1, 1), MAX_SPAN);
      for (let k = 0; k < colspan; k++, c++) {
        out[c] = text;
        for (let d = 1; d < rowspan; d++) (pending[r + d] ??= [])[c] = text;
      }
    }
    fillCarry();
    grid.push(Array.from(out, (v) => v ?? ""));
  });
  return grid;
}

function nearestTable(el: Element): Element | undefined {
  let p = el.parent;
  while (p && !(DomUtils.isTag(p) && p.name === "table")) p = p.parent;
  return p as Element | undefined;
}

export interface HtmlContent {
  /** The tables outside quoted parts, innermost first, as grids. */
  tables: Grid[];
  /** The text outside quoted parts. */
  text: string;
}

export function readHtml(html: string): HtmlContent {
  const doc = parseDocument(html, { decodeEntities: true });
  for (const el of DomUtils.findAll((e) => QUOTE_SELECTORS.some((f) => f(e)), doc.children)) DomUtils.removeElement(el);
  for (const el of DomUtils.findAll((e) => e.name === "script" || e.name === "style" || e.name === "head", doc.children)) DomUtils.removeElement(el);
  const tables = DomUtils.findAll((e) => e.name === "table", doc.children).map(tableGrid);
  const text = textOf(doc).split("\n").map((l) => l.trim()).join("\n").replace(/\n{3,}/g, "\n\n").trim();
  return { tables, text };
}

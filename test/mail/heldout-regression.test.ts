/**
 * The blind held-out mail sets are all SEEN now (their misses were studied and general fixes
 * followed), so they no longer measure generalisation — README keeps their first, blind scores.
 * Here they guard against regressions: the dry run must stay at or above today's score.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SETS: [string, number][] = [
  ["mail-heldout", 39],
  ["mail-heldout-2", 26],
  // First blind score 22/30; after the fixes for its classes (labels, I…IX tables, own numbering,
  // rows named in prose, marketing, the empty mail) 30/30.
  ["mail-heldout-3", 30],
  // First blind score 23/30; after the fixes for its classes (a school's sentence kept whole, '1.1
  // EDUGIS:', later sentences under a label, an unreadable .doc, an oversized report's kind) 27/30.
  ["mail-heldout-4", 28],
  // First blind score 17/30; after CSV attachments and a self-assessment's "74/100 điểm (năm trước: 63)" in a letter, 19/30; after forwards as attached messages, rows in the school's own numbering and "Mục N:" blocks ended by the letter, 23/30; after PDF tables rebuilt from their column edges, 24/30; after phishing lures are ignored, 25/30; with no quarter written going to a person, 26/30.
  ["mail-heldout-5", 28],
  // First blind score 19/30 (written at the start of the session, measured after its other work); after a phishing lure,
  // windows-1258 CSV and school names keeping their proper-name words, 22/30; a zipped report, 23/30; no quarter written → a person, 24/30.
  // Session 15: letters read paragraph by paragraph, schools of one commune told apart by level, 27/30.
  // Session 16: a row carried on over two table rows, 28/30.
  ["mail-heldout-6", 28],
  // First blind score 12/30 (Huyện Nhà Bè, written at the session's start); after letters read paragraph by paragraph,
  // rows lettered a) b) c), 'tháng 10-12', schools of one commune by level, two years' score columns, a time column,
  // a greeting that is no task heading, 20/30.
  // Session 16: a row carried on over two table rows, 23/30.
  ["mail-heldout-7", 23],
  // First blind score 19/30 (Quận Gò Vấp, written at session 16's start); after "III.2" codes, a row carried on over
  // two table rows (or merged, its number repeated), a correction naming "dòng 7", bulleted lists (topic bullets
  // with labelled sub-bullets, "◦", a comma in a topic's name) and "quý này" by the date sent, 25/30; a report left
  // on Google Drive to a person, 26/30.
  ["mail-heldout-8", 26],
  // First blind score 20/30 (Quận Tân Phú, written after session 16's work — the honest figure); after the four
  // confident misfilings it showed were fixed (another school's file, "quý 04"/"Q.4", a letter announcing the wrong
  // attachment, a maximum column read as the scores), 23/30.
  ["mail-heldout-9", 23],
];

describe("held-out mail sets (seen): no regression", () => {
  it.each(SETS)("%s stays at ≥ %i right", (set, floor) => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/mail/inbound/eval.ts", path.join("test/fixtures", set)], { encoding: "utf8", timeout: 170_000, env: { ...process.env, LOG_LEVEL: "silent" } });
    expect(r.status).toBe(0);
    const m = /(\d+)\/(\d+) right/.exec(r.stdout);
    expect(m, r.stdout + r.stderr).not.toBeNull();
    expect({ right: Number(m![1]), misses: r.stdout.split("\n").filter((l) => l.startsWith("✗")) }).toMatchObject({ right: expect.toSatisfy((n: number) => n >= floor) });
  }, 180_000);
});

/**
 * Scripted report conversations written blind (test/fixtures/dialogue-heldout: from the seeds and
 * a description of the conversation only, never tuned on), replayed through the real pipeline
 * (Zalo emulator → webhook → grammY → dialogue → PGlite) and scored on what is stored at the end.
 * The score is a measurement; the test only guards against falling below the recorded score.
 *
 * `npm run eval:dialogue` prints every conversation's misses and the transcript of the missed ones
 * (DIALOGUE_EVAL=verbose); DIALOGUE_SET=<file.yaml> replays another set.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConversations, outcomeOf, score } from "../helpers/dialogue-set.ts";
import { trialSetting } from "../helpers/trial-principals.ts";

const fixture = (name: string) => path.join(import.meta.dirname, "../fixtures", name, "conversations.yaml");
/**
 * Each set with the conversations right at its last recorded measurement (README, “Hội thoại viết
 * mù”). Set 1: first blind score 10/24, 13/24 with the turn-type guard (still unseen), 19/24 after
 * its misses were studied. Set 2 (written after that work): first blind score 10/24 — the first
 * set's fixes did not carry over —, 15/24 after its misses were studied. Set 3 (written after all
 * that): 9/24 on the session's starting code, **14/24 blind** at the end, 17/24 after three of its
 * classes were fixed (set 1 then 20/24). Set 4 (written after that): 7/24 on the starting code,
 * **9/24 blind**, 11/24 after two of its classes were fixed. Set 5 (written at the start of the next
 * session, before any change): **9/24 blind**, 13/24 after five of its classes were fixed. Set 6 (written
 * at the start of the session after): **5/24 blind**, 19/24 after its classes were fixed. Set 7 (written
 * at the start of the next): **11/24 blind**, 21/24 after its classes were fixed, 24/24 after the rest were. Set 8 (written at the start of the
 * session after, measured after that session's other work): **14/24 blind**, 20/24 after seven of its classes
 * were fixed. Set 9 (written at the start of session 15, measured after three trial-14 mechanisms it also
 * exercises): **12/24 blind**, 22/24 after its classes were fixed. Set 10 (session 16's start): **10/24 blind**,
 * 19/24 after. Set 11 (written after session 16's work): **7/24 blind** (196/240 checks); three classes that picked
 * the wrong rows were fixed at once (still 7/24, 243/287 checks). All are seen now, so the floors only guard against
 * regressions; a new blind set is the next honest measurement.
 */
const SETS: [string, number][] = process.env.DIALOGUE_SET
  ? [[process.env.DIALOGUE_SET, Number(process.env.DIALOGUE_FLOOR ?? 0)]]
  : [[fixture("dialogue-heldout"), 20], [fixture("dialogue-heldout-2"), 15], [fixture("dialogue-heldout-3"), 20], [fixture("dialogue-heldout-4"), 12], [fixture("dialogue-heldout-5"), 18], [fixture("dialogue-heldout-6"), 21], [fixture("dialogue-heldout-7"), 24], [fixture("dialogue-heldout-8"), 20], [fixture("dialogue-heldout-9"), 22], [fixture("dialogue-heldout-10"), 19], [fixture("dialogue-heldout-11"), 7]];
const VERBOSE = process.env.DIALOGUE_EVAL === "verbose";

const REGISTRY = [{ code: "TH-HT", name: "Trường Tiểu học Hòa Thạnh", shortName: "TH Hòa Thạnh", level: "TH" }];
const DEFAULT_NOW = "2026-11-29T09:00:00+07:00";

const setting = trialSetting(REGISTRY, { now: DEFAULT_NOW, userPrefix: "z-heldout" });

describe("blind report conversations", () => {
  it.each(SETS)("%s is replayed and scored (at least %i right)", async (SET, FLOOR) => {
    const conversations = loadConversations(SET);
    let right = 0;
    let checks = 0;
    let passed = 0;
    const lines: string[] = [];
    for (const c of conversations) {
      const start = new Date(c.now ?? DEFAULT_NOW).getTime();
      setting.clock.set(new Date(start));
      const { user, school } = await setting.principal([], c.school);
      const transcript: string[] = [];
      for (const [i, turn] of c.turns.entries()) {
        setting.clock.set(new Date(start + (i + 1) * 60_000));
        const replies = await user.say(turn);
        transcript.push(`  > ${turn}`, ...replies.map((r) => `  < ${r.replace(/\n/g, "\n    ")}`));
      }
      const reports = await setting.db().prisma.report.findMany({ where: { schoolId: school.id, period: { code: c.expect.period } }, include: { items: true } });
      const s = score(c.expect, outcomeOf(reports));
      checks += s.checks;
      passed += s.checks - s.misses.length;
      if (!s.misses.length) right++;
      lines.push(`${s.misses.length ? "✗" : "✓"} ${c.id}${s.misses.length ? `: ${s.misses.join("; ")}` : ""}`);
      if (VERBOSE && s.misses.length) lines.push(...transcript);
    }
    const summary = `dialogue set ${path.basename(path.dirname(SET))}: ${right}/${conversations.length} conversations right, ${passed}/${checks} checks`;
    console.log([...(VERBOSE ? lines : []), summary].join("\n"));
    expect(conversations.length).toBeGreaterThan(0);
    expect(right, summary).toBeGreaterThanOrEqual(FLOOR);
  }, 600_000);
});

import { describe, expect, it } from "vitest";
import { inLanes } from "../../src/mail/inbound/lanes.ts";

describe("inLanes", () => {
  it("runs a lane's items in order, one at a time, and different lanes side by side up to the limit", async () => {
    const items = ["a1", "b1", "c1", "a2", "d1", "a3", "b2", "e1"];
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const runningLanes = new Set<string>();
    // Each item waits for a turn of the event loop; the order of starts is what is checked.
    await inLanes(items, (x) => x[0]!, 3, async (x) => {
      expect(runningLanes.has(x[0]!)).toBe(false);
      runningLanes.add(x[0]!);
      most = Math.max(most, ++running);
      log.push(`start ${x}`);
      await new Promise((r) => setImmediate(r));
      log.push(`end ${x}`);
      running--;
      runningLanes.delete(x[0]!);
    });
    expect(most).toBe(3);
    for (const lane of ["a", "b"]) {
      const seen = log.filter((l) => l.endsWith(lane + "1") || l.endsWith(lane + "2") || l.endsWith(lane + "3"));
      expect(seen).toEqual(items.filter((x) => x[0] === lane).flatMap((x) => [`start ${x}`, `end ${x}`]));
    }
    expect(log.filter((l) => l.startsWith("end")).length).toBe(items.length);
  });

  it("does nothing for no items", async () => {
    let called = 0;
    await inLanes([], () => "x", 4, async () => void called++);
    expect(called).toBe(0);
  });
});

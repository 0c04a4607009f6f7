/**
 * The one source of "now". CLOCK_NOW (an ISO date-time) pins it, so a whole quarter can be
 * demonstrated or checked on any day; tests pass their own clock.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(at: Date | string): Clock {
  const t = new Date(at).getTime();
  return { now: () => new Date(t) };
}

/** A clock that can be moved (tests): starts at `at`, `set()` jumps. */
export function manualClock(at: Date | string): Clock & { set(at: Date | string): void } {
  let t = new Date(at).getTime();
  return { now: () => new Date(t), set: (d) => void (t = new Date(d).getTime()) };
}

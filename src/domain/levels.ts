/**
 * QĐ 4725/QĐ-BGDĐT levels, per criteria group (0–100 points): below 50 → Mức độ 1;
 * 50 to 75 → Mức độ 2; above 75 → Mức độ 3 (75 itself is Mức độ 2).
 */
export type Level = 1 | 2 | 3;

export const LEVEL_NAMES: Record<Level, string> = {
  1: "Mức độ 1 (chưa đáp ứng)",
  2: "Mức độ 2 (đáp ứng cơ bản)",
  3: "Mức độ 3 (đáp ứng tốt)",
};

export function levelFor(points: number): Level {
  if (points > 75) return 3;
  if (points >= 50) return 2;
  return 1;
}

/**
 * Points missing to reach the next level, exact (decimal scores keep their decimals), or
 * undefined at Mức độ 3. Mức độ 2 starts at 50; Mức độ 3 is *above* 75: a whole-point score needs
 * 76 − score, a decimal score more than 75 − score (`above`: 72,5 needs more than 2,5).
 */
export function nextLevelGap(points: number): { level: Level; points: number; above: boolean } | undefined {
  const level = levelFor(points);
  if (level === 3) return undefined;
  if (level === 1) return { level: 2, points: round2(50 - points), above: false };
  return Number.isInteger(points) ? { level: 3, points: 76 - points, above: false } : { level: 3, points: round2(75 - points), above: true };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** A score as Vietnamese writes it: decimal comma ("72,5"). */
export const formatPoints = (x: number) => String(round2(x)).replace(".", ",");

/** "cần thêm 2,5 điểm để đạt Mức độ 2 (…)"; "cần thêm hơn 2,5 điểm để đạt Mức độ 3 (…)" (above 75). */
export function gapText(points: number): string | undefined {
  const gap = nextLevelGap(points);
  if (!gap) return undefined;
  return `cần thêm ${gap.above ? "hơn " : ""}${formatPoints(gap.points)} điểm để đạt ${LEVEL_NAMES[gap.level]}`;
}

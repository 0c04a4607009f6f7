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

/** Points missing to reach the next level (whole points), or undefined at Mức độ 3. */
export function nextLevelGap(points: number): { level: Level; points: number } | undefined {
  const level = levelFor(points);
  if (level === 3) return undefined;
  const target = level === 1 ? 50 : 76;
  return { level: (level + 1) as Level, points: Math.ceil(target - points) };
}

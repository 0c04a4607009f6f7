/**
 * Self-assessment scores named by group (QĐ 4725): group 1 is teaching and learning ("dạy, học",
 * "dạy học", "dh", "nhóm 1"), group 2 is management ("quản trị", "qt", "nhóm 2"). A score is
 * bound to the label before it ("quản trị 80") or, failing that, right after it ("80 điểm quản
 * trị"); never by position. Scores without a label are returned as unnamed.
 */

export interface GroupScores {
  teaching?: number;
  management?: number;
  /** Scores with no group named, in order. */
  unnamed: number[];
}

type Group = "teaching" | "management";

/** Multi-word labels as word sequences (on normalised text). */
const LABEL_WORDS: [string[], Group][] = [
  [["day", "va", "hoc"], "teaching"],
  [["day", "hoc"], "teaching"],
  [["nhom", "1"], "teaching"],
  [["nhom", "2"], "management"],
  [["quan", "tri"], "management"],
  [["quan", "ly"], "management"],
];

/** Words after which a number is not a score (quý 3, mức độ 2, tiêu chí 1.3, ngày 20…). */
const NOT_A_SCORE_AFTER = new Set(["quy", "do", "luc", "chi", "chuan", "dong", "cot", "thang", "ngay", "nam", "lop", "muc", "dieu", "kien", "so", "van", "dinh"]);

interface Tok {
  word: string;
  group?: Group;
  score?: number;
}

export function findGroupScores(text: string): GroupScores {
  const words = text.split(" ").filter(Boolean);
  const toks: Tok[] = [];
  for (let i = 0; i < words.length; ) {
    const label = LABEL_WORDS.find(([seq]) => seq.every((w, j) => words[i + j] === w));
    if (label) {
      toks.push({ word: label[0].join(" "), group: label[1] });
      i += label[0].length;
      continue;
    }
    const w = words[i]!;
    const prev = words[i - 1];
    const next = words[i + 1];
    if (/^\d{1,3}(\.\d+)?$/.test(w) && !(prev && NOT_A_SCORE_AFTER.has(prev)) && next !== "%" && !/^20\d{2}$/.test(w)) {
      toks.push({ word: w, score: Number(w) });
    } else {
      toks.push({ word: w });
    }
    i++;
  }
  const out: GroupScores = { unnamed: [] };
  const used = new Set<number>();
  // The message's own order decides: "quản trị 80, dạy học 76" binds a label to the score after
  // it, "80 điểm quản trị, 76 điểm dạy học" to the score before it.
  const firstLabel = toks.findIndex((t) => t.group);
  const firstScore = toks.findIndex((t) => t.score !== undefined);
  const scoreFirst = firstScore >= 0 && firstLabel >= 0 && firstScore < firstLabel;
  const bind = (direction: 1 | -1, reach: number) => {
    for (let i = 0; i < toks.length; i++) {
      const g = toks[i]!.group;
      if (!g || out[g] !== undefined) continue;
      for (let j = i + direction; j >= 0 && j < toks.length && Math.abs(j - i) <= reach; j += direction) {
        if (toks[j]!.group) break;
        if (toks[j]!.score !== undefined) {
          if (!used.has(j)) {
            out[g] = toks[j]!.score;
            used.add(j);
          }
          break;
        }
      }
    }
  };
  if (scoreFirst) {
    bind(-1, 3);
    bind(1, 5);
  } else {
    bind(1, 5);
    bind(-1, 3);
  }
  toks.forEach((t, j) => {
    if (t.score !== undefined && !used.has(j)) out.unnamed.push(t.score);
  });
  return out;
}

/** How many scores were found in all. */
export function scoreCount(s: GroupScores): number {
  return (s.teaching !== undefined ? 1 : 0) + (s.management !== undefined ? 1 : 0) + s.unnamed.length;
}

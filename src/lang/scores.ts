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
  /** Criteria scored one by one ("1.3 = 18đ, 1.4 = 8đ"), in order; a group's sum when it has no total of its own. */
  criteria?: { code: string; points: number }[];
  /** The groups whose score is the sum of their criteria. */
  summed?: Group[];
}

export type Group = "teaching" | "management";

/** A criterion's code: "1.3", "2.10" (group 1 teaching, group 2 management). */
const CRITERION = /^([12])\.(\d{1,2})$/;
/** Words between a criterion's code and its points ("1.3 được 18", "1.4 là 8 điểm"). */
const CRITERION_LINK = new Set(["duoc", "dat", "la", "co", "dc"]);

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
const NOT_A_SCORE_AFTER = new Set(["quy", "do", "luc", "chi", "chuan", "dong", "cot", "thang", "ngay", "nam", "lop", "muc", "dieu", "kien", "so", "van", "dinh", "hoach"]);
/** Words after which a number counts things, not points ("50 trường học số", "30 giáo viên", "12 lớp"). */
const NOT_A_SCORE_BEFORE = new Set(["%", "truong", "lop", "giao", "hoc", "nguoi", "tre", "phong", "tiet", "cau", "bai", "tai", "may"]);

interface Tok {
  word: string;
  group?: Group;
  score?: number;
}

export function findGroupScores(text: string): GroupScores {
  const words = text.split(" ").filter(Boolean);
  const toks: Tok[] = [];
  const criteria: { code: string; points: number }[] = [];
  for (let i = 0; i < words.length; ) {
    // "1.3 = 18đ", "tiêu chí 1.4 được 8 điểm": a criterion's points, never a group's score.
    const code = CRITERION.exec(words[i]!);
    if (code) {
      let j = i + 1;
      while (j < words.length && j <= i + 2 && CRITERION_LINK.has(words[j]!)) j++;
      // "tiêu chí 1.3 phần mềm dạy học trực tuyến được 20 điểm": named, then its points further on.
      if (!/^\d/.test(words[j] ?? "") && words[i - 1] === "chi" && words[i - 2] === "tieu") {
        const at = words.findIndex((w, k) => k > i && k <= i + 12 && /^\d{1,2}(\.\d+)?$/.test(w) && words[k + 1] === "diem");
        if (at > 0 && !words.slice(i + 1, at).some((w) => CRITERION.test(w))) j = at;
      }
      const points = words[j];
      if (points && /^\d{1,2}(\.\d+)?$/.test(points) && words[j + 1] !== "%") {
        criteria.push({ code: words[i]!, points: Number(points) });
        toks.push({ word: words[i]! });
        i = j + 1;
        continue;
      }
    }
    const label = LABEL_WORDS.find(([seq]) => seq.every((w, j) => words[i + j] === w));
    if (label) {
      toks.push({ word: label[0].join(" "), group: label[1] });
      i += label[0].length;
      continue;
    }
    const w = words[i]!;
    const prev = words[i - 1];
    const next = words[i + 1];
    if (/^\d{1,3}(\.\d+)?$/.test(w) && !(prev && NOT_A_SCORE_AFTER.has(prev)) && !(next && NOT_A_SCORE_BEFORE.has(next)) && !/^20\d{2}$/.test(w)) {
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
  if (criteria.length) {
    out.criteria = criteria;
    // Two or more criteria of one group and no total said for it: the group's score is their sum.
    for (const [digit, group] of [["1", "teaching"], ["2", "management"]] as const) {
      const mine = criteria.filter((c) => c.code.startsWith(`${digit}.`));
      if (mine.length >= 2 && out[group] === undefined) {
        out[group] = Math.round(mine.reduce((sum, c) => sum + c.points, 0) * 100) / 100;
        (out.summed ??= []).push(group);
      }
    }
  }
  return out;
}

/** How many scores were found in all. */
export function scoreCount(s: GroupScores): number {
  return (s.teaching !== undefined ? 1 : 0) + (s.management !== undefined ? 1 : 0) + s.unnamed.length;
}

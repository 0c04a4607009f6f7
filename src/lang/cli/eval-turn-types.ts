/**
 * `npm run eval:turns -- [file.jsonl]` — how well the turn-type classifier (src/lang/turn-type.ts)
 * reads messages typed during a report: 5-fold cross-validation on its own bank (turn-types.yaml,
 * the dev set), then, given a labelled file (one JSON per line: text, type, command), the score on
 * it with every miss. Measures; exit code 0 whatever the score.
 */
import fs from "node:fs";
import { loadConfig } from "../../config.ts";
import { createKnowledge } from "../../knowledge/create.ts";
import { TURN_TYPES, TurnTypeClassifier, type CommandKind, type TurnBank, type TurnType } from "../turn-type.ts";

interface Labelled {
  text: string;
  type: TurnType;
  command?: CommandKind;
}

// As in the service: typing slips are corrected towards the knowledge corpus' words (it sets the speller).
createKnowledge(loadConfig());
const bank = TurnTypeClassifier.load();
const label = (l: Labelled) => (l.type === "command" ? `command:${l.command}` : l.type);
const flat: Labelled[] = [
  ...TURN_TYPES.filter((t) => t !== "command").flatMap((type) => (bank[type] as string[]).map((text) => ({ text, type }))),
  ...Object.entries(bank.command).flatMap(([command, texts]) => (texts ?? []).map((text) => ({ text, type: "command" as const, command: command as CommandKind }))),
];

function score(classifier: TurnTypeClassifier, set: Labelled[], print: boolean) {
  let type = 0;
  let full = 0;
  for (const l of set) {
    const r = classifier.classify(l.text);
    const gotLabel = r.type === "command" ? `command:${r.command}` : r.type;
    if (r.type === l.type) type++;
    if (gotLabel === label(l)) full++;
    else if (print) console.log(`✗ ${label(l)} → ${gotLabel} (${r.score.toFixed(2)}, margin ${r.margin.toFixed(2)}): ${l.text}`);
  }
  return { type, full, n: set.length };
}

// 5-fold cross-validation on the bank: every example is scored by a classifier that never saw it.
const folds = 5;
let cvType = 0;
let cvFull = 0;
for (let k = 0; k < folds; k++) {
  const train = flat.filter((_, i) => i % folds !== k);
  const test = flat.filter((_, i) => i % folds === k);
  const b: TurnBank = { answer: [], question: [], command: {}, correction: [], meta: [] };
  for (const l of train) {
    if (l.type === "command") (b.command[l.command!] ??= []).push(l.text);
    else (b[l.type] as string[]).push(l.text);
  }
  const s = score(TurnTypeClassifier.train(b), test, false);
  cvType += s.type;
  cvFull += s.full;
}
console.log(`bank (dev), ${folds}-fold cross-validation: type ${cvType}/${flat.length}, type+command ${cvFull}/${flat.length}`);

const file = process.argv[2];
if (file) {
  const set = fs.readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Labelled);
  const s = score(TurnTypeClassifier.train(bank), set, true);
  console.log(`${file}: type ${s.type}/${s.n}, type+command ${s.full}/${s.n}`);
}

/**
 * The knowledge service: the language layer reads the question (one sentence at a time),
 * computed answers come first, then retrieval; off-domain or uncovered questions are declined.
 * Every answer carries its source line. An optional LLM (src/llm/) may read a question the
 * deterministic path would decline into intent + slots for the same calculators, pick one of
 * the retrieved entries, or reword the chosen entry — never add a fact; any failure falls back.
 */
import type { Logger } from "../logger.ts";
import type { Llm, LlmIntent } from "../llm/client.ts";
import { findDates, resolveQuarter } from "../lang/periods.ts";
import { IntentClassifier } from "../lang/classifier.ts";
import { analyze, analyzeQuestion, foldForMatching, foldVietnamese, isStopword, useVocabulary } from "../lang/normalize.ts";
import { rowsByTopic } from "../lang/row-topics.ts";
import { quotedRowsAsCodes } from "../lang/quoted-rows.ts";
import { spokenNumbers } from "../lang/spoken-numbers.ts";
import { applyCorrection, borrowedSubject, shortCitations, splitClauses, splitQuestions, withoutClosingRemark, withoutPreamble } from "../lang/split.ts";
import { CRITERION_CODE, summedPoints, sumLine } from "../lang/sums.ts";
import { DEFAULT_CORPUS_DIR, loadCorpus, type Corpus, type CorpusProblem, type KnowledgeEntry } from "./corpus.ts";
import { extractAnswer, loadImported } from "./imported.ts";
import { askAwayText, caveatFor, declineText, fillPlaceholders, greetingText, helpText, offTopicText, otherPlaceText, personalContactText, sourceLine, unclearText, wishText, type ComposeContext } from "./compose.ts";
import { lexicon } from "../lang/lexicon.ts";
import { computeAnswer } from "./computed.ts";
import { asksPersonalContact, reportQuarterFor, understand, type Intent } from "./intents.ts";
import { contentWords, DEFAULT_THRESHOLDS, isConfident, KnowledgeIndex, type SearchThresholds } from "./search.ts";
import { templateEntries } from "./template-entries.ts";

export interface Answer {
  text: string;
  declined: boolean;
  kind: "computed" | "retrieved" | "declined" | "smalltalk";
  /** Source labels, as printed. */
  sources: string[];
  entryIds: string[];
  score?: number;
  /**
   * Kept for the district's IT staff (a real question, or part of one, the documents do not
   * cover). Thanks, gibberish, off-topic and personal-contact requests are not forwarded.
   */
  forward?: boolean;
}

export interface KnowledgeOptions extends ComposeContext {
  corpusDir?: string;
  thresholds?: SearchThresholds;
  llm?: Llm;
  logger?: Logger;
}

export const MAX_QUESTION_CHARS = 2_000;
/** Entries scoring at least this share of the best are compared by coverage. */
const RANK_WINDOW = 0.5;
/**
 * An entry covering the whole question competes from further below when the best-scoring entry
 * lacks a rare word of the question: a plan's header entry repeats the plan's name in title, tags
 * and questions and outscores the entry on what was asked (“kế hoạch Bình Khánh nói trợ lý ảo để làm gì”).
 */
const FULL_COVERAGE = 0.99;
const FULL_COVERAGE_WINDOW = 0.3;

/** The LLM's intent as one of ours, when it carries the slots the calculator needs. */
function intentFromLlm(r: LlmIntent, now: Date): Exclude<Intent, { kind: "help" | "smalltalk" | "retrieve" }> | undefined {
  switch (r.intent) {
    case "level": {
      const scores = { teaching: r.teaching, management: r.management, unnamed: r.scores ?? [] };
      const n = [scores.teaching, scores.management, ...scores.unnamed].filter((x) => x !== undefined).length;
      return n >= 1 && n <= 2 ? { kind: "level", scores } : undefined;
    }
    case "deadline_quarter":
      return { kind: "quarter-deadline", quarter: resolveQuarter({ quarter: r.quarter as 1 | 2 | 3 | 4 | undefined, year: r.year, relativeQuarter: r.relative_quarter }, now) };
    case "deadline_self_assessment":
      return { kind: "self-assessment-deadline", year: r.year };
    case "lateness": {
      const date = r.date ? findDates(r.date, now)[0] : undefined;
      const quarter = r.quarter ? resolveQuarter({ quarter: r.quarter as 1 | 2 | 3 | 4, year: r.year }, now) : undefined;
      return date ? { kind: "lateness", date, quarter: quarter ?? reportQuarterFor(date) } : undefined;
    }
    case "period_current":
      return { kind: "current-period" };
    default:
      return undefined;
  }
}

/** A Vietnamese syllable without diacritics: onset, one to three vowels, coda. "asdkjh", "qwe" are not. */
const SYLLABLE = /^(ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdghklmnprstvx])?[aeiouy]{1,3}(ch|nh|ng|[cmnpt])?$/;

/** What something is sorted into: "thuộc mức nào", "thuộc nhóm nào", "thuộc dòng nào". */
const SORTED_INTO = new Set(["muc", "nhom", "dong", "hang", "loai", "tieu_chi", "tieu_chuan", "phu_luc", "phu_luc_2", "phu_luc_3", "cot"]);

/** Compounds naming people, not a domain topic: "lương giáo viên" is no question about the corpus. */
const PEOPLE = new Set(["giao_vien", "hoc_sinh", "hieu_truong", "can_bo_quan_ly", "nhan_vien"]);

/** Whether every content word of a question stands in an answer's text. */
function saysAll(answer: string, question: string): boolean {
  const said = new Set(analyze(answer).tokens);
  // A date in the answer ("20/12/2026", "09/12") says the day and month asked ("20/12", "9/12").
  for (const w of [...said]) {
    const d = /^0?(\d{1,2})\/0?(\d{1,2})(?:\/\d{2,4})?$/.exec(w);
    if (d) said.add(`${d[1]}/${d[2]}`);
  }
  const dayMonth = (w: string) => w.replace(/^0?(\d{1,2})\/0?(\d{1,2})$/, "$1/$2");
  // Words that only place a date ("năm nay", "tháng này") ask nothing of their own.
  const asked = analyze(question)
    // … nor do words of how a thing is divided ("chia mức thế nào": the levels, which the answer gives).
    .tokens.filter((w) => !isStopword(w) && !/^\d{1,2}$/.test(w) && !/^(nam|thang|tuan|hom|chia|phan|chia_ra|sap_xep|xep)$/.test(w))
    .map(dayMonth);
  return asked.length > 0 && asked.every((w) => said.has(w));
}

/**
 * A principal introducing herself, nothing asked ("e là HT trường TH thị trấn Củ Chi", "tôi là giám
 * đốc trung tâm GDNN-GDTX"): on the normalised text, where "em", "tôi", "dạ", "chào" are gone.
 */
const INTRODUCTION = /^(?:(?:minh|tui|toi) )?(?:la|o|ben|day o|cong tac o)\s+(?:hieu truong|pho hieu truong|giao vien|can bo|nhan vien|giam doc|pho giam doc|to truong|to pho|ke toan|van thu|truong|trung tam)\b/;
/** Words a school's name is made of besides proper names ("thị trấn", "xã"). */
const PLACE_WORDS = /^(thi|tran|xa|huyen|quan|phuong|so|cu_chi|giao_duc_thuong_xuyen|giao_duc_pho_thong|tieu_hoc|trung_hoc_co_so|trung_hoc_pho_thong|mam_non|truong|trung_tam|\d+)$/;

/**
 * The whole message is an introduction: a role and then only a school's name — a few words, none
 * of them a stopword ("muốn", "cần", "làm"…) but the place words. "em là gv trường X muốn …" is not.
 */
function isIntroduction(a: { text: string; tokens: string[] }): boolean {
  const m = INTRODUCTION.exec(a.text);
  if (!m) return false;
  // The tokens after the match (a.text is the tokens joined, compounds spelled with spaces).
  let used = 0;
  for (let len = 0; len < m[0].length && used < a.tokens.length; used++) len += a.tokens[used]!.replace(/_/g, " ").length + 1;
  const rest = a.tokens.slice(used);
  return rest.length <= 8 && rest.every((w) => PLACE_WORDS.test(w) || !isStopword(w));
}

/**
 * A district or province named in a question ("quận Gò Vấp", "huyện Hóc Môn", "tỉnh Bình Dương"), as
 * typed. Without diacritics the word is also an ordinary one ("liên quan", "tính điểm"): then only
 * at the start of a clause or after "ở/của/bên/thuộc/tại".
 */
const PLACE =
  /(?<![\p{L}\p{N}])(?:(?:([Qq]uận|[Hh]uyện|[Tt]hị xã|[Tt]ỉnh)|(?<=(?:^|[,.;:!?]\s*|(?:ở|o|của|cua|bên|ben|thuộc|thuoc|tại|tai)\s+))([Qq]uan|[Hh]uyen|[Tt]hi xa|[Tt]inh))\s+((?:\d{1,2}\b)|(?:\p{Lu}[\p{L}]*(?:\s+\p{Lu}[\p{L}]*){0,3})|(?:[\p{L}]+(?:\s+[\p{L}]+)?))|([Pp]h(?:òng|ong)\s+(?:GD|gd|GDĐT|gdđt|gddt|GD&ĐT|giáo dục(?: và đào tạo)?|giao duc(?: va dao tao)?)|[Pp][Gg][Dd](?:ĐT|đt|DT|dt)?)\s+((?:\p{Lu}[\p{L}]*(?:\s+\p{Lu}[\p{L}]*){0,3})))/gu;

/** What a level answer tells (total, level, its name): a follow-up asking only these is answered by it. */
const LEVEL_TALK = new Set(["tong", "cong", "muc", "do", "ten", "thuoc", "xep", "loai", "dat", "diem", "nhom", "tinh", "ket", "qua"]);

/** The reports a principal sends, told apart by their words: a question about one is not answered by an entry on the other. */
const REPORT_KINDS: ((tokens: string[]) => boolean)[] = [
  (t) => t.some((w, i) => w === "bao_cao" && (t[i + 1] === "quy" || t[i + 2] === "quy")) || t.includes("phu_luc_2") || t.includes("bcq"),
  (t) => t.includes("tu_danh_gia"),
];

/** An entry titled by one report while the question names another ("bc quý làm theo mẫu nào" → not "Bản tự đánh giá … theo mẫu nào"). */
function otherKind(question: string[], title: string[]): boolean {
  const asked = REPORT_KINDS.filter((k) => k(question));
  return asked.length === 1 && !asked[0]!(title) && REPORT_KINDS.some((k) => k !== asked[0] && k(title));
}

/** An entry's title, analysed once (ranking reads it for every hit of every question). */
const titles = new WeakMap<KnowledgeEntry, string[]>();
function titleTokens(e: KnowledgeEntry): string[] {
  let t = titles.get(e);
  if (!t) titles.set(e, (t = analyze(e.title).tokens));
  return t;
}

/** A level worked out from points (computed.ts' level text). */
const LEVEL_ANSWER = /điểm: Mức độ [123] \(/;

/** Words that place "mục N" in the report's table ("dòng", "pl3", "ghi"); without them, with points, it is a level. */
const TABLE_WORDS = new Set(["phu_luc_3", "phu_luc_2", "phu_luc", "bang", "dong", "hang", "bao_cao", "ghi", "dien", "cot", "nhiem", "vu"]);

/**
 * "muc 2 la tu bn den bn diem", "muc 3 la tren 70 hay 75": typed without diacritics, "mục 2" (a row)
 * and "mức 2" (a level, read "muc do 2") fold alike; asked with points or a threshold and nothing
 * about the table, it is the level.
 */
function levelReading(tokens: string[]): string[] {
  // Points said with "điểm", or a threshold ("trên 70 hay 75").
  const points = tokens.includes("diem") || tokens.some((w, i) => /^(tren|duoi|tu|den|qua)$/.test(w) && /^\d{2,3}$/.test(tokens[i + 1] ?? "") && Number(tokens[i + 1]) >= 40 && Number(tokens[i + 1]) <= 100);
  if (!points || tokens.some((w) => TABLE_WORDS.has(w))) return tokens;
  return tokens.flatMap((w, i) => (w === "muc" && /^[123]$/.test(tokens[i + 1] ?? "") && tokens[i - 1] !== "do" ? ["muc", "do"] : [w]));
}

/** Words counted by number: after them "mấy", folded "may", asks which one ("ngày mấy", "QĐ số mấy"). */
const COUNTED = new Set(["ngay", "muc", "do", "dong", "cot", "phu_luc", "quy", "nhom", "tieu_chi", "dot", "lan", "buoc", "lop", "khoi", "thang", "mau"]);

/**
 * "theo QĐ số mấy", "mẫu PL mấy": folded, "mấy" is "máy" (phòng máy, máy chiếu), a word no entry is
 * about; after a counted word it is the question word, read as "nào" so it is not searched for.
 */
function whichNumber(tokens: string[]): string[] {
  return tokens.map((w, i) => (w === "may" && (COUNTED.has(tokens[i - 1] ?? "") || (tokens[i - 1] === "so" && /^(quyet_dinh|cong_van)$/.test(tokens[i - 2] ?? ""))) ? "nao" : w));
}

/**
 * The question's words as the corpus says them: "số mấy" asks which number, "muc 2 … điểm" is the level,
 * and "chấm" typed with its accent is "đánh giá" ("trang web chấm trường học số"; "cham" alone is also "chậm").
 */
function searchWords(a: { raw: string; tokens: string[] }): string[] {
  const graded = /chấm/iu.test(a.raw) ? a.tokens.flatMap((w) => (w === "cham" ? ["danh", "gia"] : [w])) : a.tokens;
  return levelReading(whichNumber(graded));
}

/**
 * "DH-3a", "QT-4": the criteria as the Bộ chỉ số's annex codes them (Nhóm 1 dạy học, Nhóm 2 quản trị)
 * — the documents call them "tiêu chí 1.3", "tiêu chí 2.4".
 */
function criterionNames(q: string): string {
  // Written as a code ("DH-3a", "QT-4", "dh3"), never "dh 70, qt 80" (dạy học 70, quản trị 80: scores).
  return q.replace(/(?<![\p{L}\p{N}])(dh|qt)(?:-(\d{1,2})|(\d))([a-z]\d?)?(?![\p{L}\p{N}])/giu, (_m, g: string, a?: string, b?: string) => `tiêu chí ${g.toLowerCase() === "dh" ? 1 : 2}.${a ?? b}`);
}

/**
 * "mức 3 là trên 70 hay 75", "muc 2 tu 50 hay 60 diem": two thresholds offered for a level — asked
 * as the level's range, which the answer gives whole (the offered figures are no scores to rate).
 */
function thresholdChoice(q: string): string {
  const m = /(?<![\p{L}])(m[ứu]c)\s+(?:độ\s+|do\s+)?([123])\s+(?:là\s+|la\s+)?(?:trên|tren|dưới|duoi|từ|tu)\s+\d{2,3}\s+(?:hay|hoặc|hoac)\s+\d{2,3}(?:\s*(?:điểm|diem|đ))?/iu.exec(q);
  return m ? `${q.slice(0, m.index)}mức độ ${m[2]} là từ bao nhiêu điểm${q.slice(m.index + m[0].length)}` : q;
}

/** "1 bản hay 2 bản", "chung hay riêng": a choice between two things (not "có … hay không", a yes-or-no question). */
function asksChoice(q: string): boolean {
  const t = foldVietnamese(q.toLowerCase());
  if (/\b(co phai|phai khong|co can|co duoc|co bat buoc)\b|\b(khong|ko|k|chua) hay\b/.test(t)) return false; // yes or no, then maybe an alternative
  return /\S \bhay\b \S/.test(t) && !/\bhay (khong|ko|k|chua|la khong)\b/.test(t) && !/\b(hay bi|hay loi|rat hay|hay qua|hay lam)\b/.test(t);
}

/** Asking for an opinion or which product to buy (folded). */
const ASKS_OPINION = /\b(theo (ban|ad|admin|anh|chi|bot|tro ly) (thi )?(nen|co nen|chon|mua)|ban thay (nen|ben nao|hang nao)|nen mua (ben|hang|cai|phan mem|loai) nao|mua (ben|hang|cai|loai) nao|(hang|ben|nha cung cap) nao (tot|re|on) hon|chon (ben|hang|nha cung cap) nao)\b/;

/** A question that asks for a total and nothing else ("cộng lại … là bao nhiêu điểm ad"), read with the total in it. */
function onlyTheSum(question: string): boolean {
  const rest = foldVietnamese(question.toLowerCase())
    .replace(CRITERION_CODE, " ")
    .replace(/\b(cong lai|cong|lai|tong cong|tong|la|bang|bao nhieu|bn|bao nhiu|diem|d|ad|a|nha|nhe|vay|v|z|oi|cho|em|e|hoi|duoc|dc|het|tat ca|thi|ket qua|\d+(?:[.,]\d+)?)\b/g, " ")
    .replace(/[^a-z]+/g, " ")
    .trim();
  return rest === "";
}

/** Runs of capitalised words ("Thủ Đức", "Bình Khánh", "Củ Chi"), folded, with every shorter run inside them. */
function properNamesIn(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/\p{Lu}[\p{L}]*(?:\s+\p{Lu}[\p{L}]*)*/gu)) {
    const words = foldVietnamese(m[0]).split(/\s+/);
    for (let i = 0; i < words.length; i++) for (let j = i + 1; j <= Math.min(words.length, i + 4); j++) out.add(words.slice(i, j).join(" "));
  }
  return out;
}

/** Asking which row of the table ("dòng nào", "mục mấy", "ghi vào đâu"); "mức nào" is "muc do nao", never this. */
const WHICH_ROW = /\b(dong|muc|hang|nhiem vu) (nao|may)\b|\bghi (vao|o) dau\b|\b(dong|muc|hang) \d{1,2}(\.\d{1,2})? hay (?:(dong|muc|hang) )?\d/;
/** The words of such a question that are not its topic. */
const ROW_QUESTION_WORDS = new Set(["ghi", "vao", "o", "dau", "dong", "muc", "hang", "nhiem", "vu", "nao", "may", "cua", "trong", "phu_luc_3", "phu_luc", "bang", "thuoc", "dien", "bao_cao", "thi", "la"]);

/** Asking to ask ("hỏi cái", "cho em hỏi tí"): nothing to look up yet. */
const ASKS_TO_ASK = /\bhoi\b/;
const ACKNOWLEDGES = /\b(ok|oke|oki|okie|vang|uk|ukm|uh|roi|cam on|thank|thanks|tks)\b/;

/** A sentence that asks something (a question mark or a question word). */
function isQuestion(sentence: string): boolean {
  return /\?/.test(sentence) || /\b(gi|nao|bao nhieu|bao gio|khong|chua|sao|may|ai|dau|the nao)\b/.test(analyze(sentence).text);
}

/** Words that follow "huyện", "quận" as what the district does, not as its name (folded). */
const NOT_A_NAME = new Set(["ghi", "noi", "yeu", "quy", "giao", "huong", "de", "cho", "co", "da", "se", "la", "thi", "moi", "vua", "khong", "chua", "bao", "gui", "lam", "dat", "can", "phai", "duoc", "to", "ban", "ky", "ap", "trien", "chon", "xet", "kiem", "tong", "nop", "nhan", "cap"]);

export class Knowledge {
  private corpus!: Corpus;
  private index!: KnowledgeIndex;
  /** Passages of imported documents: the fallback behind the written entries. */
  private passages!: KnowledgeIndex;
  private classifier!: IntentClassifier;
  /** Capitalised names the documents use (places, schools, people), folded: "cu chi", "binh khanh". */
  private properNames = new Set<string>();

  private readonly opts: KnowledgeOptions;

  constructor(opts: KnowledgeOptions) {
    this.opts = opts;
    const problems = this.reload();
    if (problems.length) {
      throw new Error(`Kho kiến thức lỗi / knowledge corpus invalid:\n${problems.map((p) => `  ${p.file}: ${p.message}`).join("\n")}`);
    }
  }

  get size(): number {
    return this.corpus.entries.length;
  }

  /** Re-reads the corpus; keeps the previous one when the new one has problems. */
  reload(): CorpusProblem[] {
    const dir = this.opts.corpusDir ?? DEFAULT_CORPUS_DIR;
    const { corpus, problems: corpusProblems } = loadCorpus(dir);
    const imported = loadImported(dir);
    const problems = [...corpusProblems, ...imported.problems];
    if (problems.length && this.corpus) return problems;
    const entries: KnowledgeEntry[] = [...corpus.entries, ...templateEntries(this.opts.template)];
    // Typing slips are corrected towards the words the corpus uses (see src/lang/speller.ts).
    useVocabulary([...entries, ...imported.entries].flatMap((e) => foldForMatching([e.title, ...e.tags, ...e.questions, fillPlaceholders(e.body, this.opts)].join(" ")).split(" ")));
    this.corpus = { entries, sources: { ...corpus.sources, ...imported.sources } };
    this.index = new KnowledgeIndex(entries, (t) => fillPlaceholders(t, this.opts), (e) => fillPlaceholders(this.corpus.sources[e.source]?.label ?? "", this.opts));
    this.passages = new KnowledgeIndex(imported.entries);
    this.properNames = properNamesIn([...entries, ...imported.entries].map((e) => `${e.title}\n${fillPlaceholders(e.body, this.opts)}`).join("\n"));
    this.classifier = IntentClassifier.train(corpus.entries.flatMap((e) => e.questions.map((text) => ({ text, intent: e.intent ?? ("knowledge" as const) }))));
    return problems;
  }

  private label(sourceId: string): string {
    const label = this.corpus.sources[sourceId]?.label ?? sourceId;
    return fillPlaceholders(label, this.opts);
  }

  /** Answers every question of a message: each sentence on its own when there are several. */
  async answer(question: string, opts: { now?: Date } = {}): Promise<Answer> {
    const now = opts.now ?? new Date();
    // "hạn nộp q2 … à nhầm q3": the correction replaces the slot said before.
    // "quý hai năm hai nghìn không trăm hai mươi bảy" (voice typing): numbers as a typist writes them.
    // "mục “Các văn bản, quy định …” có mấy dòng con": a row quoted by its title is that row.
    const corrected = shortCitations(withoutPreamble(applyCorrection(quotedRowsAsCodes(spokenNumbers(question.normalize("NFC").slice(0, MAX_QUESTION_CHARS)), this.opts.template.rows))));
    // "25 18 12 14 8. tổng? mức mấy", "26 + 9 + 17": read with the total, which the answer shows first.
    const summed = summedPoints(corrected);
    // "cộng lại DH-3a 6đ + DH-4 8đ + DH-7a 8đ là bao nhiêu": nothing asked but the sum — the sum is the answer.
    if (summed && onlyTheSum(summed.question)) return { text: sumLine(summed), declined: false, kind: "computed", sources: [], entryIds: [] };
    const answer = await this.answerAll(thresholdChoice(criterionNames(summed?.question ?? corrected)), now);
    if (!summed || answer.declined || answer.kind === "smalltalk") return answer;
    return { ...answer, text: `${sumLine(summed)}\n${answer.text}` };
  }

  private async answerAll(q: string, now: Date): Promise<Answer> {
    // "trường em ở Hóc Môn, … gửi mail nào của phòng gd Hóc Môn, hạn ngày mấy": every part is about that district.
    const place = this.otherPlace(q);
    if (place) return this.elsewhere(place);
    const parts: string[] = [];
    for (const sentence of splitQuestions(q).map(withoutClosingRemark)) {
      // "A ngày nào, B email nào": two questions when A is one the documents answer on its own;
      // otherwise the sentence stays whole (a fragment alone is easily mistaken).
      // "theo Bộ chỉ số …, việc đánh giá gồm những nhóm nào": a clause that asks nothing is what the next one asks about.
      const clauses = splitClauses(sentence).reduce<string[]>((out, c, i, all) => {
        const prev = out.at(-1);
        if (prev !== undefined && i > 0 && !isQuestion(all[i - 1]!) && prev === all[i - 1]) out[out.length - 1] = `${prev}, ${c}`;
        else out.push(c);
        return out;
      }, []);
      if (clauses.length > 1 && !(await this.answerOne(clauses[0]!, now)).declined) parts.push(...clauses);
      else parts.push(sentence);
    }
    if (parts.length > 1) {
      const answers = await Promise.all(parts.map((p) => this.answerOne(p, now)));
      // "bản tự đánh giá gửi trước ngày nào, theo mẫu PL mấy": a clause without a subject asks about the one before.
      const asked = [...parts];
      for (let i = 1; i < parts.length; i++) {
        const subject = borrowedSubject(parts[i - 1]!, parts[i]!);
        if (!subject) continue;
        const read = await this.answerOne(`${subject} ${parts[i]}`, now);
        if (read.declined) continue;
        answers[i] = read;
        asked[i] = `${subject} ${parts[i]}`;
      }
      // A follow-up clause leans on the one before ("hạn nộp q3 ngày nào, gửi email nào"): read together when alone it is not covered.
      for (let i = 1; i < parts.length; i++) {
        // After a level worked out from points, a clause asking only what that answer says ("1.3 = 18đ, 1.4 = 8đ … .
        // tổng bn, thuộc mức nào, tên mức là gì") is answered by it — alone, "tổng bao nhiêu" would find "bảng tổng hợp".
        if (answers[i - 1]!.kind === "computed" && contentWords(whichNumber(analyze(parts[i]!).tokens)).every((w) => LEVEL_TALK.has(w)) && LEVEL_ANSWER.test(answers[i - 1]!.text)) {
          answers[i] = answers[i - 1]!;
          continue;
        }
        // "hạn nộp q3 ngày nào ạ, gửi email nào": the deadline answer already names the address; a
        // looked-up entry for the bare follow-up ("gửi email") would answer something else.
        // (Only a real answer: a greeting's help text names the office and its mailbox too.)
        // (Not for a clause read with a borrowed subject: it was looked up whole — "…, do ai ký" is not
        // said by a "kỷ niệm" in the answer before.)
        if (asked[i] === parts[i] && answers[i]!.kind === "retrieved" && (answers[i - 1]!.kind === "computed" || answers[i - 1]!.kind === "retrieved") && saysAll(answers[i - 1]!.text, asked[i]!)) {
          answers[i] = answers[i - 1]!;
          continue;
        }
        if (!answers[i]!.forward) continue;
        // The clause before it, or the two before ("… bản tự đánh giá về Phòng. Giờ đã trễ chưa, và hạn cập nhật lên CSDL ngành là ngày nào").
        let together = await this.answerOne(`${parts[i - 1]} ${parts[i]}`, now);
        if (together.declined && i >= 2) together = await this.answerOne(parts.slice(i - 2, i + 1).join(" "), now);
        // Only a new answer counts: the first clause's answer again would drop this one silently —
        // unless that answer already says what this clause asks ("gửi email nào": the address is in it).
        if (together.declined) continue;
        if (together.text !== answers[i - 1]!.text) answers[i] = together;
        else if (saysAll(answers[i - 1]!.text, parts[i]!)) answers[i] = answers[i - 1]!;
      }
      const real = answers.filter((a) => a.kind === "computed" || a.kind === "retrieved");
      // One entry once: two sentences finding the same entry (one with a "Xem thêm" line, one without) print it once.
      const key = (a: Answer) => (a.kind === "retrieved" && a.entryIds.length ? `#${a.entryIds.join(",")}` : a.text);
      const distinct = real.filter((a, i) => real.findIndex((b) => key(b) === key(a)) === i);
      // Declined sentences that ask nothing ("em là hiệu trưởng trường …") are ignored; questions are named:
      // those the documents do not cover are forwarded, those declined on the spot (a phone number,
      // an off-topic question) keep their own reply.
      const unknown = parts.filter((p, i) => answers[i]!.declined && answers[i]!.forward && isQuestion(p));
      const refused = answers.filter((a, i) => a.declined && a.forward === false && a.text !== unclearText() && (a.sources.length > 0 || isQuestion(parts[i]!)));
      if (distinct.length) {
        const tail = unknown.length ? [`Câu “${unknown.join("”, “")}”: các văn bản tôi có chưa nói tới, tôi đã chuyển câu hỏi tới cán bộ CNTT của ${this.opts.office.name}; thầy/cô sẽ được trả lời sau.`] : [];
        const refusals = refused.map((a) => a.text).filter((t, i, all) => all.indexOf(t) === i);
        if (distinct.length === 1 && !tail.length && !refusals.length) return distinct[0]!;
        return {
          text: [...distinct.map((a) => a.text), ...refusals, ...tail].join("\n\n"),
          declined: false,
          kind: distinct.every((a) => a.kind === "computed") ? "computed" : "retrieved",
          sources: [...new Set([...distinct, ...refused].flatMap((a) => a.sources))],
          entryIds: distinct.flatMap((a) => a.entryIds),
          forward: unknown.length > 0,
        };
      }
      // Only greetings, thanks or a request for help besides statements.
      const social = answers.findLast((a) => a.kind === "smalltalk");
      if (!distinct.length && !unknown.length && social) return social;
    }
    return this.answerOne(parts.length === 1 ? parts[0]! : q, now);
  }

  /** Whether any word of the message is one we know: the corpus', the lexicon's, small talk's, or a Vietnamese syllable. */
  private recognisable(q: string, tokens: string[]): boolean {
    const known = lexicon().knownWords;
    if (tokens.some((t) => this.index.knows(t) || this.classifier.socialWords.has(t))) return true;
    return foldForMatching(q)
      .split(" ")
      .some((w) => known.has(w) || SYLLABLE.test(w));
  }

  /**
   * Whether an off-domain phrase is the corpus' word in this question. Several words: when the
   * corpus uses them side by side. One word ("luong": lương, luồng, lượng; "thuoc": thuốc, thuộc):
   * typed with other diacritics than the off-domain word's, or when the corpus uses it next to one of
   * its neighbours here ("phân luồng", "chất lượng"), or when the question names a domain term
   * ("tiêu chí", "học bạ số", "396") — "luong gv nam nay tang ko" does none of these.
   */
  private knownHere(words: string[], a: { raw: string; tokens: string[] }): boolean {
    if (!this.index.knowsPhrase(words)) return false;
    if (words.length > 1) return true;
    const w = words[0]!;
    const typed = a.raw.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((t) => foldVietnamese(t) === w);
    if (typed.length && typed.every((t) => t !== w)) return true;
    const at = a.tokens.indexOf(w);
    if (at < 0) return true;
    const prev = a.tokens[at - 1];
    const next = a.tokens[at + 1];
    if (prev === undefined && next === undefined) return true;
    if ((prev !== undefined && this.index.knowsPhrase([prev, w])) || (next !== undefined && this.index.knowsPhrase([w, next]))) return true;
    // "thuoc muc nao", "thuoc nhom nao": followed by what a criterion or a row is sorted into.
    if (next !== undefined && SORTED_INTO.has(next)) return true;
    return a.tokens.some((t) => t !== w && ((t.includes("_") && !isStopword(t) && !PEOPLE.has(t)) || /^\d{3,4}$/.test(t)));
  }

  private async answerOne(q: string, now: Date): Promise<Answer> {
    const a = analyzeQuestion(q);
    // No word at all: an emoji ("👍", "🙏") is an acknowledgement; punctuation ("???") is not understood.
    if (!foldForMatching(q)) return /\p{Extended_Pictographic}/u.test(q) ? this.smalltalk("ack") : this.unclear();
    if (!a.tokens.length) {
      // Only greetings and fillers: "alo", "chào ad" are greeted with the help text, "cho em hỏi tí" invited
      // to ask, "dạ", "ạ" get a short acknowledgement.
      if (/\b(chao|alo|hello|hi|xin chao)\b/.test(foldVietnamese(q))) return this.greeting();
      // "cho e hỏi ok a": an acknowledgement after all.
      return ASKS_TO_ASK.test(foldVietnamese(q)) && !ACKNOWLEDGES.test(foldVietnamese(q)) && !/[👍👌🙏✅]/u.test(q) ? this.askAway() : this.smalltalk("ack");
    }
    // Keyboard slips ("asdkjh", "jdjdjd"): asked again with examples, not forwarded to the office.
    if (!this.recognisable(q, a.tokens)) return this.unclear();
    const decline = (score?: number): Answer => ({ text: declineText(this.opts.office), declined: true, kind: "declined", sources: [], entryIds: [], score, forward: true });
    // Someone's phone number or private contact: never given; the office's official channel instead.
    if (asksPersonalContact(a.text)) {
      const sources = [this.label("assistant")];
      return { text: `${personalContactText(this.opts.office)}\n\n${sourceLine(sources)}`, declined: true, kind: "declined", sources, entryIds: [], forward: false };
    }
    // Outside the domain: the lexicon marks a phrase as off-topic (salary, weather, exams…); without
    // diacritics only when the corpus does not use that phrase ("luong" is also "phân luồng"; "thoi"
    // and "tiet" are corpus words, "thoi tiet" side by side is not).
    // "theo bạn nên mua bên nào", "hãng nào tốt hơn": an opinion or a purchase choice is not the documents' to give.
    if (a.offDomain.some((o) => o.certain || !this.knownHere(o.words, a)) || ASKS_OPINION.test(foldVietnamese(q.toLowerCase()))) {
      return { text: offTopicText(this.opts.office), declined: true, kind: "declined", sources: [], entryIds: [], forward: false };
    }
    // "chào ad ạ, e là HT trường …" asks nothing: greeted, not looked up (the school's name matches plans naming it).
    if (isIntroduction(a) && !isQuestion(q)) return this.greeting();
    const intent = understand(a, this.classifier, now);

    if (intent.kind === "help") return this.help();
    if (intent.kind === "smalltalk") return this.smalltalk(intent.what);
    if (intent.kind !== "retrieve") return this.computed(intent, now);
    // Nothing to look up ("hỏi cái", "cái này sao"): invited to ask, or asked again — never forwarded.
    if (!contentWords(a.tokens).length) return ASKS_TO_ASK.test(foldVietnamese(q)) ? this.askAway() : this.unclear();

    const thresholds = this.opts.thresholds ?? DEFAULT_THRESHOLDS;
    const row = this.rowByTopic(q, a);
    if (row) return this.entryAnswer(q, row.entry, row.score);
    const hits = this.index.search(searchWords(a), 8);
    // BM25 favours long entries that repeat the question's common words; among the entries that
    // score within half of the best, the one that covers most of the question is the answer.
    const ranked = hits
      .filter((h) => isConfident(h, thresholds) && (h.score >= hits[0]!.score * RANK_WINDOW || (h.coverage >= FULL_COVERAGE && h.score >= hits[0]!.score * FULL_COVERAGE_WINDOW && hits[0]!.missing.some((w) => this.index.isRare(w)))))
      .sort((x, y) => y.coverage - x.coverage || y.score - x.score);
    const top = ranked.find((h) => !otherKind(a.tokens, titleTokens(h.entry))) ?? ranked[0];
    if (top) {
      const second = ranked.find((h) => h !== top);
      const close = second && second.coverage >= top.coverage - 0.05 && second.score >= top.score * 0.8;
      return this.entryAnswer(q, top.entry, top.score, close ? second.entry : undefined);
    }
    // Passages are short and alike (one document's subject in all): the one covering most of the question wins.
    const passage = this.passages
      .search(a.tokens, 3)
      .filter((h) => isConfident(h, thresholds))
      .sort((x, y) => y.coverage - x.coverage || y.score - x.score)[0];
    if (passage) {
      const sources = [this.label(passage.entry.source)];
      const text = [`Theo văn bản đã nhập: “${extractAnswer(q, passage.entry.body)}”`, sourceLine(sources)].join("\n\n");
      return { text, declined: false, kind: "retrieved", sources, entryIds: [passage.entry.id], score: passage.score };
    }
    if (this.opts.llm) {
      const via = await this.viaLlm(q, hits, now);
      if (via) return via;
    }
    return decline(hits[0]?.score);
  }

  /**
   * Another district or province the question names: a place after "quận/huyện/thị xã/tỉnh" that is
   * neither the office's own ("huyện Củ Chi") nor one the documents speak of (the city's plans name
   * other districts' schools). Capitalised words are the name ("quận Gò Vấp thì …"); typed in lower
   * case, the first word, or the first two when the corpus uses neither ("huyen hoc mon").
   */
  private otherPlace(q: string): string | undefined {
    const own = foldForMatching(this.opts.office.name);
    for (const m of q.normalize("NFC").matchAll(PLACE)) {
      const typed = m[1] ?? m[2] ?? m[4]!;
      // "ko tinh 2 row heading": "tính" (count) after a negation or an auxiliary, not "tỉnh".
      const before = foldForMatching(q.slice(Math.max(0, m.index! - 12), m.index!)).split(" ").at(-1) ?? "";
      if (m[2] && ["ko", "khong", "k", "hong", "chua", "da", "se", "duoc", "dc", "co", "phai", "can", "de"].includes(before)) continue;
      // Typed without diacritics ("cua huyen dinh nghia"), the word is a place only before a capitalised name or a number.
      if (m[2] && !/^[\p{Lu}\d]/u.test(m[3]!)) continue;
      const words = foldForMatching(m[3] ?? m[5]!).split(" ").filter(Boolean);
      const name = words.filter((w, i) => i === 0 || !isStopword(w));
      const capitalised = /^\p{Lu}/u.test((m[3] ?? m[5])!);
      // "huyện mình", "tỉnh ta", "huyện này": no name ("Nhà Bè", capitalised, is one).
      // "kế hoạch của huyện ghi …", "huyện yêu cầu …": a verb after the word, no name.
      if (!name.length || (!capitalised && (isStopword(name[0]!) || ["nay", "minh", "ta", "nha"].includes(name[0]!) || NOT_A_NAME.has(name[0]!)))) continue;
      const admin = m[4] ? "" : foldForMatching(typed);
      const phrase = `${admin} ${name.join(" ")}`.trim();
      if (own.includes(phrase) || own.includes(`${admin} ${name[0]}`.trim())) continue;
      // Known to the corpus: any of the words next to the admin word ("huyện Cần Giờ" in a plan), or a number ("quận 1" is not).
      // A capitalised name is known when the documents write it so ("Cần Giờ", "Thủ Đức"); lower case, when they use its words.
      // Another district's office ("phòng GD Hóc Môn") is never ours, whatever the documents mention.
      const known = m[4] ? false : capitalised ? this.properNames.has(name.join(" ")) : this.index.knowsPhrase(analyze(`${admin} ${name[0]}`).tokens) || this.index.knowsPhrase(analyze(phrase).tokens);
      if (!/^\d/.test(name[0]!) && known) continue;
      return m[4] ? (m[5] ?? "").trim() : `${typed} ${m[3]}`.trim();
    }
    return undefined;
  }

  /**
   * "học bạ điện tử ghi vào dòng nào của pl3", "tuyển sinh đầu cấp thuộc mục nào": which row of
   * PHỤ LỤC 3 a task named by its topic is — the row whose title covers the topic words.
   */
  private rowByTopic(q: string, a: { text: string; tokens: string[] }): { entry: KnowledgeEntry; score: number } | undefined {
    // About the report's table: named ("pl3", "bảng", "dòng", "báo cáo") or written in ("ghi vào mục nào", "thuộc mục nào").
    if (!WHICH_ROW.test(a.text) || !/\b(phu luc 3|bang|dong|bao cao|ghi|dien|thuoc)\b/.test(a.text)) return undefined;
    const topic = a.tokens.filter((w) => !ROW_QUESTION_WORDS.has(w) && !/^\d/.test(w));
    const row = this.index
      .search(topic, 20)
      .filter((h) => h.entry.id.startsWith("pl3-muc-") && !h.entry.body.includes("tiêu đề nhóm"))
      .sort((x, y) => y.coverage - x.coverage || y.score - x.score)[0];
    if (row && row.coverage >= 0.6) return row;
    // "Trường em vừa làm xong thư viện số, … ghi vào mục nào": the words around the topic dilute the
    // title match; the rows' topic lexicon (the one the report dialogue uses) names exactly one row.
    const named = rowsByTopic(q);
    const entry = named.length === 1 ? this.corpus.entries.find((e) => e.id === `pl3-muc-${named[0]!.replace(".", "-")}`) : undefined;
    return entry ? { entry, score: row?.score ?? 0 } : undefined;
  }

  private computed(intent: Exclude<Intent, { kind: "help" | "smalltalk" | "retrieve" }>, now: Date): Answer {
    const computed = computeAnswer(intent, now, this.opts.deadlines, this.opts.office, this.opts.template);
    const sources = computed.sources.map((s) => this.label(s));
    return { text: `${computed.text}\n${sourceLine(sources)}`, declined: false, kind: "computed", sources, entryIds: [] };
  }

  private async entryAnswer(q: string, entry: KnowledgeEntry, score: number | undefined, seeAlso?: KnowledgeEntry): Promise<Answer> {
    const body = fillPlaceholders(entry.body, this.opts);
    // "nộp 1 bản hay 2 bản": a choice asked, and an entry that answers yes or no — it answers another question.
    if (/^(Có|Không)[.,]/u.test(body.trim()) && asksChoice(q)) return { text: declineText(this.opts.office), declined: true, kind: "declined", sources: [], entryIds: [], score, forward: true };
    const main = (await this.opts.llm?.rewrite(q, body)) ?? body;
    const sources = [this.label(entry.source)];
    const text = [main, caveatFor(entry, this.opts), seeAlso ? `Xem thêm: hỏi “${seeAlso.title}”.` : undefined, sourceLine(sources)]
      .filter(Boolean)
      .join("\n\n");
    return { text, declined: false, kind: "retrieved", sources, entryIds: [entry.id], score };
  }

  /** The LLM's reading, accepted only through our calculators or one of the retrieved entries. */
  private async viaLlm(q: string, hits: { entry: KnowledgeEntry; coverage: number; score: number }[], now: Date): Promise<Answer | undefined> {
    const llm = this.opts.llm!;
    const read = await llm.understand(q);
    if (read?.intent === "off_topic") return undefined;
    const intent = read ? intentFromLlm(read, now) : undefined;
    if (intent) return this.computed(intent, now);
    const candidates = hits.filter((h) => h.coverage >= 0.3);
    const id = await llm.choose(
      q,
      candidates.map((h) => ({ id: h.entry.id, title: h.entry.title, body: fillPlaceholders(h.entry.body, this.opts) })),
    );
    const chosen = candidates.find((h) => h.entry.id === id);
    return chosen ? this.entryAnswer(q, chosen.entry, chosen.score) : undefined;
  }

  private elsewhere(place: string): Answer {
    return { text: otherPlaceText(this.opts.office, place), declined: true, kind: "declined", sources: [], entryIds: [], forward: false };
  }

  private unclear(): Answer {
    return { text: unclearText(), declined: true, kind: "declined", sources: [], entryIds: [], forward: false };
  }

  private help(): Answer {
    return { text: helpText(this.opts.office), declined: false, kind: "smalltalk", sources: [], entryIds: [] };
  }

  private greeting(): Answer {
    return { text: greetingText(this.opts.office), declined: false, kind: "smalltalk", sources: [], entryIds: [] };
  }

  private askAway(): Answer {
    return { text: askAwayText(), declined: false, kind: "smalltalk", sources: [], entryIds: [] };
  }

  private smalltalk(what: "thanks" | "ack" | "wish"): Answer {
    const text = what === "wish" ? wishText() : what === "thanks" ? "Dạ, không có gì ạ. Thầy/cô cần gì cứ nhắn nhé." : "Dạ vâng. Thầy/cô cần gì cứ nhắn nhé.";
    return { text, declined: false, kind: "smalltalk", sources: [], entryIds: [] };
  }
}

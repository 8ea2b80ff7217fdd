import type { ComplaintFile } from "./lexicon-schema.js";
import { normalise, type NormalisedText, type SlangLexicon } from "./normalise.js";
import {
  compilePhrase,
  dedupePhrases,
  dropCovered,
  hitText,
  negatedAt,
  PhraseIndex,
  type CompiledPhrase,
  type PhraseHit,
} from "./phrase-index.js";
import type { Evidence } from "./types.js";

type CueKind = "problem" | "request" | "not" | "courtesy";

/** A pair family: its two sides as phrases in one index (payload: family and side). */
interface PairFamily {
  readonly name: string;
  readonly about: string;
  readonly weight: number;
  readonly window: number;
  /** Names what a report is not: found, the tweet is no report whatever its problem words. */
  readonly veto: boolean;
}
type PairCue = { family: PairFamily; side: "a" | "b" };

export interface ComplaintModel {
  readonly cues: PhraseIndex<CueKind>;
  /** Lower-case usernames whose posts (and old-style retweets of them) are never complaints. */
  readonly officialAccounts: ReadonlySet<string>;
  readonly threshold: number;
  readonly thresholdWithoutTopic: number;
  readonly placeWeight: number;
  /** Goal and hypothesis markers (normalised tokens) and how far and how much they weaken a problem. */
  readonly notCurrent: {
    markers: ReadonlySet<string>;
    window: number;
    /** Markers that reach to the end of their clause, up to `clauseWindow` tokens (`biar nggak ada parkir liar yang bikin macet`). */
    clauseMarkers: ReadonlySet<string>;
    clauseWindow: number;
    factor: number;
  };
  /** Request and goal markers after which a not-a-complaint cue is what is asked for (`mohon penertiban`). */
  readonly askedFor: {
    markers: ReadonlySet<string>;
    actions: ReadonlySet<string>;
    window: number;
    weight: number;
  };
  /** Stems of words of a good state that name a problem when negated (`kurang bagus`, `tidak jelas`). */
  readonly negatedGood: { stems: ReadonlySet<string>; weight: number };
  /** Implied problems: two kinds of words near each other (a motorbike and a sidewalk). */
  readonly pairs: PairIndex;
}

export interface ComplaintInput {
  /** The tweet as written (for the `RT @user:` prefix). */
  raw: string;
  text: NormalisedText;
  isRetweet?: boolean | undefined;
  authorUsername?: string | undefined;
  /** Score of the best-matching agency topic (0 when none). */
  topicScore: number;
  /** The text names a place (street, landmark, kelurahan): reports say where, chatter rarely does. */
  namesPlace?: boolean;
  /**
   * Weight of question and service-request cues (kinds.yaml): asking about or for a city service
   * is a report when the service is named, even with no problem word (`kapan KTP saya jadi?`).
   */
  askScore?: number;
}

export interface ComplaintDecision {
  complaint: boolean;
  score: number;
  /** The parts of the score, for the kind and the desk. */
  problem: number;
  request: number;
  not: number;
  topic: number;
  /** A problem was named, or a request or question about an agency's topic. */
  grounded: boolean;
  evidence: Evidence[];
}

export function buildComplaintModel(
  file: ComplaintFile,
  slang: SlangLexicon,
  extraOfficialAccounts: readonly string[] = [],
): ComplaintModel {
  const phrases: CompiledPhrase<CueKind>[] = [];
  const add = (entries: Record<string, number>, kind: CueKind): void => {
    for (const [text, weight] of Object.entries(entries)) {
      const p = compilePhrase(text, weight, kind, slang);
      if (p) phrases.push(p);
    }
  };
  add(file.problems, "problem");
  add(file.requests, "request");
  add(file.not_complaint, "not");
  // Weight 1 only ranks a courtesy formula among cues; it never reaches the score.
  add(Object.fromEntries(file.courtesy.map((c) => [c, 1])), "courtesy");
  const officialAccounts = new Set(
    [...file.official_accounts, ...extraOfficialAccounts].map((u) => u.replace(/^@/, "").toLowerCase()),
  );
  return {
    cues: new PhraseIndex(dedupePhrases(phrases, (k) => k)),
    officialAccounts,
    threshold: file.threshold,
    thresholdWithoutTopic: file.threshold_without_topic,
    placeWeight: file.place_weight,
    notCurrent: {
      markers: new Set(file.not_current.markers.flatMap((m) => normalise(m, slang).tokens.slice(0, 1))),
      window: file.not_current.window,
      clauseMarkers: new Set(
        file.not_current.clause_markers.flatMap((m) => normalise(m, slang).tokens.slice(0, 1)),
      ),
      clauseWindow: file.not_current.clause_window,
      factor: file.not_current.factor,
    },
    askedFor: {
      markers: new Set(file.asked_for.markers.flatMap((m) => normalise(m, slang).tokens.slice(0, 1))),
      actions: new Set(file.asked_for.actions.flatMap((m) => normalise(m, slang).tokens.slice(0, 1))),
      window: file.asked_for.window,
      weight: file.asked_for.weight,
    },
    pairs: buildPairs(file.pairs, slang),
    negatedGood: {
      stems: new Set(file.negated_good.words.flatMap((w) => normalise(w, slang).stems.slice(0, 1))),
      weight: file.negated_good.weight,
    },
  };
}

/** Weight of agency-topic evidence in the complaint score: a topic says what, not that something is wrong. */
const TOPIC_FACTOR = 0.3;
const TOPIC_CAP = 3;
/** Question and service-request cues count like requests, up to this much. */
const ASK_CAP = 1;
/** Requests (`mohon`, `tolong`) count half: they make a problem a report, but are also how people ask questions. */
const REQUEST_FACTOR = 0.5;

/**
 * A complaint names a problem (broken, dead, flooded, piling up, illegal, not flowing), or asks
 * for action on a topic an agency owns (`tolong pengamen di perempatan ditertibkan`). Thanks,
 * praise, greetings, information questions, news shares and official activity reports pull the
 * score down; a retweet or a post by an official account is never a complaint.
 */
export function detectComplaint(model: ComplaintModel, input: ComplaintInput): ComplaintDecision {
  const evidence: Evidence[] = [];
  if (input.isRetweet) {
    evidence.push({
      field: "complaint",
      reason: "a retweet: the original tweet is the report, not its copies",
      match: "is_retweet",
    });
    return rejected(evidence);
  }
  const author = input.authorUsername?.replace(/^@/, "").toLowerCase();
  if (author && model.officialAccounts.has(author)) {
    evidence.push({
      field: "complaint",
      reason: "posted by an official account",
      match: `@${input.authorUsername}`,
    });
    return rejected(evidence);
  }
  const rt = /^\s*(?:\S+\s+){0,2}RT\s*@([A-Za-z0-9_]{1,30})\s*:?/u.exec(input.raw);
  if (rt?.[1] && model.officialAccounts.has(rt[1].toLowerCase())) {
    evidence.push({
      field: "complaint",
      reason: "a retweet of an official account's post",
      match: `RT @${rt[1]}`,
    });
    return rejected(evidence);
  }

  let problem = 0;
  let request = 0;
  let not = 0;
  const problemSpans: [number, number][] = [];
  for (const hit of dropNestedAcross(dropCovered(model.cues.match(input.text), (k) => k))) {
    const w = hit.phrase.weight;
    if (hit.phrase.payload === "problem") problemSpans.push([hit.start, hit.end]);
    const match = hitText(hit, input.text);
    if (hit.phrase.payload === "courtesy") {
      evidence.push({ field: "complaint", reason: `courtesy, ignored: \`${hit.phrase.text}\``, match });
      continue;
    }
    if (negatedAt(input.text, hit.start) && !startsNegated(hit.phrase.words[0]?.value)) {
      evidence.push({ field: "complaint", reason: `negated, ignored: \`${hit.phrase.text}\``, match });
      continue;
    }
    if (hit.phrase.payload === "problem" && goalAt(model, input.text, hit.start)) {
      const kept = w * model.notCurrent.factor;
      problem += kept;
      evidence.push({
        field: "complaint",
        reason: `a goal or hypothesis, not something seen: \`${hit.phrase.text}\` (+${kept})`,
        match,
      });
    } else if (hit.phrase.payload === "problem") {
      problem += w;
      evidence.push({ field: "complaint", reason: `names a problem: \`${hit.phrase.text}\` (+${w})`, match });
    } else if (hit.phrase.payload === "request") {
      request += w;
      evidence.push({
        field: "complaint",
        reason: `asks for action: \`${hit.phrase.text}\` (+${w * REQUEST_FACTOR})`,
        match,
      });
    } else if (
      model.askedFor.actions.has(input.text.tokens[hit.start] ?? "") &&
      markerBefore(model.askedFor, input.text, hit.start)
    ) {
      const kept = model.askedFor.weight;
      request += kept;
      evidence.push({
        field: "complaint",
        reason: `asked for, not done or seen: \`${hit.phrase.text}\` (+${kept * REQUEST_FACTOR})`,
        match,
      });
    } else if (goalAt(model, input.text, hit.start)) {
      evidence.push({
        field: "complaint",
        reason: `a goal, not praise or news: \`${hit.phrase.text}\` (ignored)`,
        match,
      });
    } else {
      not += w;
      evidence.push({
        field: "complaint",
        reason: `not a complaint cue: \`${hit.phrase.text}\` (−${w})`,
        match,
      });
    }
  }
  let vetoed = false;
  for (const pair of pairsFound(model.pairs, input.text, problemSpans)) {
    if (pair.family.veto) {
      // `mohon penertiban oleh petugas` asks for the action: no veto then.
      if (markerBefore(model.askedFor, input.text, pair.start)) continue;
      vetoed = true;
      not += pair.family.weight;
      evidence.push({
        field: "complaint",
        reason: `${pair.family.about}, not a report: \`${pair.match}\` (−${pair.family.weight})`,
        match: pair.match,
      });
      continue;
    }
    problem += pair.family.weight;
    evidence.push({
      field: "complaint",
      reason: `${pair.family.about}: \`${pair.match}\` (+${pair.family.weight})`,
      match: pair.match,
    });
  }
  const lacking = negatedGoodAt(model, input.text, problemSpans);
  if (lacking !== undefined) {
    problem += model.negatedGood.weight;
    evidence.push({
      field: "complaint",
      reason: `a good state denied: \`${lacking}\` (+${model.negatedGood.weight})`,
      match: lacking,
    });
  }
  const topic = Math.min(input.topicScore, TOPIC_CAP);
  if (topic > 0) {
    evidence.push({
      field: "complaint",
      reason: `about an agency's topic (+${round(topic * TOPIC_FACTOR)})`,
      match: "",
    });
  }
  const place = input.namesPlace ? model.placeWeight : 0;
  if (place > 0) evidence.push({ field: "complaint", reason: `says where (+${place})`, match: "" });
  const ask = topic > 0 ? Math.min(input.askScore ?? 0, ASK_CAP) : 0;
  if (ask > 0) {
    evidence.push({
      field: "complaint",
      reason: `asks about or for a city service (+${round(ask * REQUEST_FACTOR)})`,
      match: "",
    });
  }
  const score = round(problem + REQUEST_FACTOR * (request + ask) + TOPIC_FACTOR * topic + place - not);
  // A request alone ("mohon info") is a question; it needs a problem or a topic to be a report.
  const grounded = problem > 0 || (topic > 0 && (request > 0 || ask > 0));
  // With no agency topic the complaint lands in the command center's lap: ask for clearer evidence.
  const threshold = topic > 0 ? model.threshold : model.thresholdWithoutTopic;
  const complaint = grounded && score >= threshold && !vetoed;
  if (!grounded) {
    evidence.push({ field: "complaint", reason: "no problem named", match: "" });
  } else if (!complaint) {
    evidence.push({ field: "complaint", reason: `score ${score} below ${threshold}`, match: "" });
  }
  return { complaint, score, problem, request, not, topic, grounded, evidence };
}

function rejected(evidence: Evidence[]): ComplaintDecision {
  return { complaint: false, score: 0, problem: 0, request: 0, not: 0, topic: 0, grounded: false, evidence };
}

/** A goal or hypothesis marker (`supaya`, `mengatasi`, `solusi`) stands within the window before `start`. */
function goalAt(model: ComplaintModel, text: NormalisedText, start: number): boolean {
  if (markerBefore(model.notCurrent, text, start)) return true;
  const { clauseMarkers, clauseWindow } = model.notCurrent;
  const clauses = text.clauses;
  if (clauseMarkers.size === 0 || !clauses) return false;
  const here = clauses[start];
  for (let i = start - 1; i >= 0 && i >= start - clauseWindow && clauses[i] === here; i--) {
    if (clauseMarkers.has(text.tokens[i] ?? "")) return true;
  }
  return false;
}

function markerBefore(
  m: { markers: ReadonlySet<string>; window: number },
  text: NormalisedText,
  start: number,
): boolean {
  if (m.markers.size === 0) return false;
  for (let i = start - 1; i >= 0 && i >= start - m.window; i--) {
    if (m.markers.has(text.tokens[i] ?? "")) return true;
  }
  return false;
}

/**
 * The first word of a good state under a negation (`kurang bagus`, `tidak jelas`, `belum layak`)
 * that no problem phrase already counts, as written; undefined when none.
 */
function negatedGoodAt(
  model: ComplaintModel,
  text: NormalisedText,
  problemSpans: readonly [number, number][],
): string | undefined {
  const { stems } = model.negatedGood;
  if (stems.size === 0) return undefined;
  for (let i = 1; i < text.stems.length; i++) {
    if (!stems.has(text.stems[i] ?? "")) continue;
    if (problemSpans.some(([a, b]) => a <= i && i <= b)) continue;
    if (negatedAt(text, i)) return `${text.tokens[i - 1] ?? ""} ${text.tokens[i] ?? ""}`;
  }
  return undefined;
}

/** `belum mengalir` is a problem even after `tidak` (Sundanese `teu acan` = not yet). */
function startsNegated(first: string | undefined): boolean {
  return first === "tidak" || first === "belum";
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function buildPairs(file: ComplaintFile["pairs"], slang: SlangLexicon): PairIndex {
  const byFirst = new Map<string, CompiledPhrase<PairCue>[]>();
  for (const [name, f] of Object.entries(file)) {
    const family: PairFamily = { name, about: f.about, weight: f.weight, window: f.window, veto: f.veto };
    for (const side of ["a", "b"] as const) {
      for (const text of f[side]) {
        const p = compilePhrase(text, 1, { family, side }, slang);
        const first = p?.words[0];
        if (!p || !first) continue;
        const key = (first.exact ? "t:" : "s:") + first.value;
        byFirst.set(key, [...(byFirst.get(key) ?? []), p]);
      }
    }
  }
  return byFirst;
}

/** Pair sides by their first word; unlike the cue index, every occurrence is found. */
type PairIndex = ReadonlyMap<string, readonly CompiledPhrase<PairCue>[]>;

function pairHits(index: PairIndex, text: NormalisedText): PhraseHit<PairCue>[] {
  const hits: PhraseHit<PairCue>[] = [];
  const at = (w: { exact: boolean; value: string }, j: number): boolean =>
    (w.exact ? text.tokens[j] : text.stems[j]) === w.value;
  for (let i = 0; i < text.tokens.length; i++) {
    for (const key of ["s:" + (text.stems[i] ?? ""), "t:" + (text.tokens[i] ?? "")]) {
      for (const phrase of index.get(key) ?? []) {
        if (phrase.words.every((w, k) => at(w, i + k))) {
          hits.push({ phrase, start: i, end: i + phrase.words.length - 1 });
        }
      }
    }
  }
  return hits;
}

/**
 * Pair families found: a word of side `a` and one of side `b` within the family's window, neither
 * negated, not both inside a problem phrase that already counts them. One hit per family.
 */
function pairsFound(
  index: PairIndex,
  text: NormalisedText,
  problemSpans: readonly [number, number][],
): { family: PairFamily; match: string; start: number }[] {
  if (index.size === 0) return [];
  const hits = pairHits(index, text);
  // Negated, unless the negation is the partner itself (`tidak ada` + `saluran`).
  const negated = (h: PhraseHit<PairCue>, partner: PhraseHit<PairCue>): boolean =>
    negatedAt(text, h.start) && !(partner.end < h.start && startsNegated(partner.phrase.words[0]?.value));
  const out: { family: PairFamily; match: string; start: number }[] = [];
  const done = new Set<string>();
  const inProblem = (s: number, e: number): boolean => problemSpans.some(([a, b]) => a <= s && e <= b);
  for (const x of hits) {
    const f = x.phrase.payload.family;
    if (x.phrase.payload.side !== "a" || done.has(f.name)) continue;
    for (const y of hits) {
      if (y.phrase.payload.family !== f || y.phrase.payload.side !== "b") continue;
      const gap = y.start > x.end ? y.start - x.end : x.start - y.end;
      if (gap < 1 || gap > f.window || negated(x, y) || negated(y, x)) continue;
      const [s, e] = [Math.min(x.start, y.start), Math.max(x.end, y.end)];
      if (inProblem(s, e)) continue;
      done.add(f.name);
      out.push({ family: f, match: `${hitText(x, text)} … ${hitText(y, text)}`, start: x.start });
      break;
    }
  }
  return out;
}

/**
 * Drops a hit lying inside a longer hit of another kind: `sudah diperbaiki` (thanks) is not also
 * the request `diperbaiki`, `telah ditertibkan` (an activity report) not also `ditertibkan`.
 */
function dropNestedAcross<P>(hits: readonly PhraseHit<P>[]): PhraseHit<P>[] {
  return hits.filter(
    (h) =>
      !hits.some(
        (o) =>
          o !== h &&
          o.phrase.payload !== h.phrase.payload &&
          o.start <= h.start &&
          h.end <= o.end &&
          o.phrase.words.length > h.phrase.words.length,
      ),
  );
}

import type { AgencyFile } from "../config/agency-schema.js";
import { normalise, type NormalisedText, type SlangLexicon } from "./normalise.js";
import {
  compilePhrase,
  dedupePhrases,
  dropCovered,
  hitText,
  PhraseIndex,
  withMentions,
  type CompiledPhrase,
  type PhraseWord,
} from "./phrase-index.js";
import type { AgencyCandidate, Evidence } from "./types.js";

type RuleKind = "keyword" | "negative" | "context";

interface RulePayload {
  agency: string;
  kind: RuleKind;
  /** For context rules: the compiled context words, any one of which must stand within `window`. */
  needs?: readonly (readonly PhraseWord[])[];
  window?: number;
}

/** Place words (`lampu merah`, `rumah sakit`) and the prepositions that make them a location. */
export interface PlaceWords {
  prepositions: readonly string[];
  phrases: readonly string[];
}

export interface AgencyMatcher {
  readonly index: PhraseIndex<RulePayload>;
  /** Phrases that name a location after a preposition (see config/lexicon/place-words.yaml). */
  readonly places: PhraseIndex<null> | undefined;
  readonly prepositions: ReadonlySet<string>;
  /** Agencies in config order (ties are broken by nothing: a tie is reported as a tie). */
  readonly agencies: readonly AgencyFile[];
}

export interface AgencyScoring {
  /** Agencies with a positive score, best first. */
  candidates: AgencyCandidate[];
  /** Best score from words of the text alone (mentioned accounts left out): how clearly it is about a topic. */
  topicScore: number;
  /** Best agency, or null when no rule matched or the best two are tied. */
  top: string | null;
  tied: boolean;
  confidence: number;
  evidence: Evidence[];
}

/** Compiles every agency's keywords, negatives and context rules into one phrase index. */
export function buildAgencyMatcher(
  agencies: readonly AgencyFile[],
  slang: SlangLexicon,
  placeWords?: PlaceWords,
): AgencyMatcher {
  const phrases: CompiledPhrase<RulePayload>[] = [];
  const add = (text: string, weight: number, payload: RulePayload): void => {
    const p = compilePhrase(text, weight, payload, slang);
    if (p) phrases.push(p);
  };
  for (const a of agencies) {
    for (const [text, weight] of Object.entries(a.keywords))
      add(text, weight, { agency: a.id, kind: "keyword" });
    for (const [text, weight] of Object.entries(a.negative ?? {}))
      add(text, weight, { agency: a.id, kind: "negative" });
    for (const rule of a.context ?? []) {
      const needs = rule.needs
        .map((n) => compilePhrase(n, 0, null, slang)?.words)
        .filter((w): w is PhraseWord[] => w !== undefined);
      add(rule.word, rule.weight, { agency: a.id, kind: "context", needs, window: rule.window });
    }
  }
  const group = (p: RulePayload): string => `${p.agency}/${p.kind}`;
  const placePhrases = (placeWords?.phrases ?? [])
    .map((p) => compilePhrase(p, 1, null, slang))
    .filter((p): p is CompiledPhrase<null> => p !== undefined);
  const prepositions = new Set<string>();
  for (const p of placeWords?.prepositions ?? [])
    for (const t of normalise(p, slang).tokens) prepositions.add(t);
  return {
    index: new PhraseIndex(dedupePhrases(phrases, group)),
    places: placePhrases.length > 0 ? new PhraseIndex(placePhrases, 0) : undefined,
    prepositions,
    agencies,
  };
}

/**
 * Token spans that name a location: a place phrase with a preposition one or two tokens before it
 * (`di lampu merah`, `depan rumah sakit`, `di sekitar perempatan`).
 */
function locativeSpans(matcher: AgencyMatcher, text: NormalisedText): [number, number][] {
  if (!matcher.places) return [];
  const spans: [number, number][] = [];
  for (const hit of matcher.places.match(text)) {
    const before = [text.tokens[hit.start - 1], text.tokens[hit.start - 2]];
    if (before.some((t) => t !== undefined && matcher.prepositions.has(t))) spans.push([hit.start, hit.end]);
  }
  // A phrase is reported once (its first occurrence); later occurrences are rare enough to ignore.
  return spans;
}

/**
 * Scores every agency on a normalised tweet. Confidence combines two things staff care about:
 *  - strength: how much evidence the winner has, `s1 / (s1 + 1)` (one weight-1 word → 0.5,
 *    a weight-3 phrase → 0.75; it never reaches 1 however many words pile up);
 *  - margin: how far ahead of the runner-up it is, `(s1 − s2) / s1` (1 alone, 0 when tied).
 * confidence = strength × (0.4 + 0.6 × margin): a strong winner with a close second still gets
 * a middling confidence, a weak winner never a high one.
 */
export function scoreAgencies(matcher: AgencyMatcher, normalised: NormalisedText): AgencyScoring {
  const scores = new Map<string, number>();
  const textScores = new Map<string, number>();
  const evidence: Evidence[] = [];
  const placeEvidence: Evidence[] = [];
  const text = withMentions(normalised);
  const spans = locativeSpans(matcher, normalised);
  const hits = dropCovered(matcher.index.match(text), (p) => `${p.agency}/${p.kind}`).filter((hit) => {
    if (hit.phrase.payload.kind === "negative") return true;
    // A keyword that starts inside a place phrase (`di SMK …`, `di lampu merah …`) is that place.
    const inside = spans.find(([a, b]) => hit.start >= a && hit.start <= b);
    if (!inside) return true;
    placeEvidence.push({
      field: "agency",
      reason: `${hit.phrase.payload.agency}: \`${hit.phrase.text}\` names a place here, not the topic`,
      match: normalised.tokens.slice(inside[0] - 1, inside[1] + 1).join(" "),
    });
    return false;
  });
  const add = (map: Map<string, number>, agency: string, delta: number): void => {
    map.set(agency, (map.get(agency) ?? 0) + delta);
  };
  for (const hit of hits) {
    const { agency, kind } = hit.phrase.payload;
    const w = hit.phrase.weight;
    const match = hitText(hit, text);
    const isMention = hit.phrase.words[0]?.value.startsWith("@") === true;
    if (kind === "context") {
      const ctx = findContext(hit.phrase.payload, hit.start, hit.end, text);
      if (ctx === undefined) continue;
      add(scores, agency, w);
      add(textScores, agency, w);
      evidence.push({
        field: "agency",
        reason: `${agency}: \`${hit.phrase.text}\` near \`${ctx}\` (+${w})`,
        match: `${match} … ${ctx}`,
      });
    } else if (kind === "negative") {
      add(scores, agency, -w);
      add(textScores, agency, -w);
      evidence.push({ field: "agency", reason: `${agency}: negative \`${hit.phrase.text}\` (−${w})`, match });
    } else {
      add(scores, agency, w);
      if (!isMention) add(textScores, agency, w);
      const what = isMention ? "mentions" : "keyword";
      evidence.push({ field: "agency", reason: `${agency}: ${what} \`${hit.phrase.text}\` (+${w})`, match });
    }
  }
  const candidates = [...scores.entries()]
    .filter(([, s]) => s > 0)
    .map(([agency, score]) => ({ agency, score: round(score) }))
    .sort((a, b) => b.score - a.score);
  const topicScore = Math.max(0, ...textScores.values());
  // A negative rule of an agency nothing pointed to is noise to a reader: keep only evidence that moved a candidate.
  const shown = evidence.filter((e) => (scores.get(e.reason.slice(0, e.reason.indexOf(":"))) ?? 0) > 0);
  evidence.length = 0;
  evidence.push(...shown, ...placeEvidence);
  const first = candidates[0];
  if (!first) return { candidates, topicScore, top: null, tied: false, confidence: 0, evidence };
  const s1 = first.score;
  const s2 = candidates[1]?.score ?? 0;
  const tied = s2 === s1;
  const strength = s1 / (s1 + 1);
  const margin = (s1 - s2) / s1;
  const confidence = round(strength * (0.4 + 0.6 * margin));
  return { candidates, topicScore, top: tied ? null : first.agency, tied, confidence, evidence };
}

function findContext(
  payload: RulePayload,
  start: number,
  end: number,
  text: NormalisedText,
): string | undefined {
  const window = payload.window ?? 3;
  const from = Math.max(0, start - window);
  const to = Math.min(text.tokens.length - 1, end + window);
  for (const need of payload.needs ?? []) {
    for (let i = from; i <= to; i++) {
      if (i >= start && i <= end) continue;
      if (matchesAt(need, i, text)) return text.tokens.slice(i, i + need.length).join(" ");
    }
  }
  return undefined;
}

function matchesAt(words: readonly PhraseWord[], at: number, text: NormalisedText): boolean {
  for (let k = 0; k < words.length; k++) {
    const w = words[k];
    if (!w) return false;
    const got = w.exact ? text.tokens[at + k] : text.stems[at + k];
    if (got !== w.value) return false;
  }
  return true;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

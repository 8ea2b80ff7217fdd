import type { AgencyFile } from "./agency-schema.js";
import { normalise, type NormalisedText, type SlangLexicon } from "./normalise.js";
import {
  compilePhrase,
  dedupePhrases,
  dropCovered,
  hitText,
  PhraseIndex,
  withMentions,
  type CompiledPhrase,
  type PhraseHit,
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
  /** For context rules: the word stays the topic inside a place phrase when its context stands near. */
  atPlace?: boolean;
}

/** Place words (`lampu merah`, `rumah sakit`) and the prepositions that make them a location. */
export interface PlaceWords {
  prepositions: readonly string[];
  phrases: readonly string[];
  /** Words allowed between a preposition and its place (`di setiap perempatan`). */
  fillers?: readonly string[];
  /** Words of position; only they make a `landmarks` phrase a place (`depan PDAM`, not `ke PDAM`). */
  spatial_prepositions?: readonly string[];
  landmarks?: readonly string[];
  /** Words after which a problem is an effect or a fear (`bikin macet`, `takut longsor`). */
  consequence_markers?: readonly string[];
  consequence_window?: number;
  consequence_factor?: number;
}

/** Which preposition list makes a place phrase a location. */
type PlaceClass = "any" | "spatial";

interface Consequence {
  readonly markers: PhraseIndex<null>;
  readonly window: number;
  readonly factor: number;
}

export interface AgencyMatcher {
  readonly index: PhraseIndex<RulePayload>;
  /** Phrases that name a location after a preposition (see config/lexicon/place-words.yaml). */
  readonly places: PhraseIndex<PlaceClass> | undefined;
  readonly prepositions: ReadonlySet<string>;
  readonly spatial: ReadonlySet<string>;
  readonly fillers: ReadonlySet<string>;
  readonly consequence: Consequence | undefined;
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
      add(rule.word, rule.weight, {
        agency: a.id,
        kind: "context",
        needs,
        window: rule.window,
        atPlace: rule.at_place,
      });
    }
  }
  const group = (p: RulePayload): string => `${p.agency}/${p.kind}`;
  const placePhrases = [
    ...(placeWords?.phrases ?? []).map((p) => compilePhrase<PlaceClass>(p, 1, "any", slang)),
    ...(placeWords?.landmarks ?? []).map((p) => compilePhrase<PlaceClass>(p, 1, "spatial", slang)),
  ].filter((p): p is CompiledPhrase<PlaceClass> => p !== undefined);
  const tokensOf = (words: readonly string[] | undefined): Set<string> => {
    const out = new Set<string>();
    for (const w of words ?? []) for (const t of normalise(w, slang).tokens) out.add(t);
    return out;
  };
  const markers = (placeWords?.consequence_markers ?? [])
    .map((m) => compilePhrase(m, 1, null, slang))
    .filter((p): p is CompiledPhrase<null> => p !== undefined);
  return {
    index: new PhraseIndex(dedupePhrases(phrases, group)),
    places: placePhrases.length > 0 ? new PhraseIndex(placePhrases, 0) : undefined,
    prepositions: tokensOf(placeWords?.prepositions),
    spatial: tokensOf(placeWords?.spatial_prepositions),
    fillers: tokensOf(placeWords?.fillers),
    consequence:
      markers.length > 0
        ? {
            markers: new PhraseIndex(markers, 0),
            window: placeWords?.consequence_window ?? 4,
            factor: placeWords?.consequence_factor ?? 0.5,
          }
        : undefined,
    agencies,
  };
}

/**
 * Token spans that name a location: a place phrase with a preposition one or two tokens before it
 * (`di lampu merah`, `depan rumah sakit`, `di sekitar perempatan`), or after fillers (`di setiap
 * perempatan`), or right after another such place (`di perempatan lampu merah`). A landmark
 * (`pdam`, `polsek`) needs a word of position (`depan PDAM`); after `ke` or `di` it stays a topic.
 * Every occurrence is looked at: `di puskesmas` is a place, a later `petugas puskesmas` is not.
 */
function locativeSpans(matcher: AgencyMatcher, text: NormalisedText): [number, number][] {
  if (!matcher.places) return [];
  const spans: [number, number][] = [];
  const hits = matcher.places.match(text, true).sort((a, b) => a.start - b.start || b.end - a.end);
  for (const hit of hits) {
    const preps = hit.phrase.payload === "spatial" ? matcher.spatial : matcher.prepositions;
    const isPrep = (i: number): boolean => {
      const t = text.tokens[i];
      return t !== undefined && preps.has(t);
    };
    let locative = isPrep(hit.start - 1) || isPrep(hit.start - 2);
    for (let i = hit.start - 1; !locative && i >= 0 && i >= hit.start - 4; i--) {
      if (isPrep(i) || spans.some(([, b]) => b === i)) locative = true;
      else if (!matcher.fillers.has(text.tokens[i] ?? "") && !/^\d+$/.test(text.tokens[i] ?? "")) break;
    }
    if (locative) spans.push([hit.start, hit.end]);
  }
  return spans;
}

/** Consequence markers found in a text: where each stands and the last token it governs. */
function consequenceMarkers(matcher: AgencyMatcher, text: NormalisedText): { at: number; to: number }[] {
  const c = matcher.consequence;
  if (!c) return [];
  return c.markers.match(text, true).map((m) => ({ at: m.start, to: m.end + c.window }));
}

/** How far before a consequence marker its cause may stand (`PKL … menyebabkan macet`). */
const CAUSE_REACH = 12;

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
  const markers = consequenceMarkers(matcher, normalised);
  const factor = matcher.consequence?.factor ?? 1;
  // Every occurrence first: a context word counts where its context stands, and a phrase that is a
  // place at its first occurrence may still be the topic at a later one.
  const placed = new Set<CompiledPhrase<RulePayload>>();
  const occurrences = matcher.index.match(text, true).filter((hit) => {
    const p = hit.phrase.payload;
    if (p.kind === "negative") return true;
    // A keyword that starts inside a place phrase (`di SMK …`, `di lampu merah …`) is that place.
    const inside = spans.find(([a, b]) => hit.start >= a && hit.start <= b);
    const conductAtPlace =
      p.kind === "context" && p.atPlace === true && findContext(p, hit.start, hit.end, text) !== undefined;
    if (inside && !conductAtPlace) {
      if (!placed.has(hit.phrase)) {
        placed.add(hit.phrase);
        placeEvidence.push({
          field: "agency",
          reason: `${p.agency}: \`${hit.phrase.text}\` names a place here, not the topic`,
          match: normalised.tokens.slice(inside[0] - 1, inside[1] + 1).join(" "),
        });
      }
      return false;
    }
    return p.kind !== "context" || findContext(p, hit.start, hit.end, text) !== undefined;
  });
  const usable = dropCovered(occurrences, (p) => `${p.agency}/${p.kind}`);
  // A problem after a consequence marker is an effect when another agency's topic stands before
  // the marker (`PKL jualan di trotoar, menyebabkan banjir`); with no such cause it stays the topic
  // (`pabrik itu menimbulkan polusi`, `truk lewat sehingga jalan rusak`).
  const effect = new Set<PhraseHit<RulePayload>>();
  for (const m of markers) {
    const causes = new Set<string>();
    for (const o of usable)
      if (o.phrase.payload.kind !== "negative" && o.end < m.at && o.end >= m.at - CAUSE_REACH)
        causes.add(o.phrase.payload.agency);
    if (causes.size === 0) continue;
    for (const hit of usable) {
      const { agency, kind } = hit.phrase.payload;
      if (kind === "negative" || hit.start <= m.at || hit.start > m.to) continue;
      if (causes.size > 1 || !causes.has(agency)) effect.add(hit);
    }
  }
  // Each phrase counts once, at its strongest occurrence (one not read as an effect, if any).
  const weightOf = (hit: PhraseHit<RulePayload>): number =>
    effect.has(hit) ? hit.phrase.weight * factor : hit.phrase.weight;
  const best = new Map<CompiledPhrase<RulePayload>, PhraseHit<RulePayload>>();
  for (const hit of usable) {
    const old = best.get(hit.phrase);
    if (!old || weightOf(hit) > weightOf(old)) best.set(hit.phrase, hit);
  }
  const hits = [...best.values()].sort((a, b) => a.start - b.start);
  const add = (map: Map<string, number>, agency: string, delta: number): void => {
    map.set(agency, (map.get(agency) ?? 0) + delta);
  };
  for (const hit of hits) {
    const { agency, kind } = hit.phrase.payload;
    const w = round(weightOf(hit));
    const note = effect.has(hit) ? ", an effect of another topic here" : "";
    const match = hitText(hit, text);
    const isMention = hit.phrase.words[0]?.value.startsWith("@") === true;
    if (kind === "context") {
      const ctx = findContext(hit.phrase.payload, hit.start, hit.end, text);
      if (ctx === undefined) continue;
      add(scores, agency, w);
      add(textScores, agency, w);
      evidence.push({
        field: "agency",
        reason: `${agency}: \`${hit.phrase.text}\` near \`${ctx}\` (+${w}${note})`,
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
      evidence.push({
        field: "agency",
        reason: `${agency}: ${what} \`${hit.phrase.text}\` (+${w}${note})`,
        match,
      });
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

import type { AgencyFile } from "./agency-schema.js";
import { buildAgencyMatcher, scoreAgencies, type AgencyMatcher } from "./agency-rules.js";
import {
  buildComplaintModel,
  detectComplaint,
  type ComplaintDecision,
  type ComplaintModel,
} from "./complaint.js";
import type {
  ComplaintFile,
  KindsFile,
  PlaceWordsFile,
  RegionalFile,
  SlangFile,
  UrgencyFile,
} from "./lexicon-schema.js";
import { buildSlangLexicon, normalise, type SlangLexicon } from "./normalise.js";
import {
  buildKindModel,
  chooseKind,
  readKindSignals,
  type KindModel,
  type KindSignals,
} from "./report-kind.js";
import type {
  AgencyCandidate,
  Disposition,
  Evidence,
  ExternalAgency,
  ReportKind,
  TriageLocation,
  TriageVerdict,
  TweetInput,
} from "./types.js";
import { assessUrgency, buildUrgencyModel, type UrgencyModel } from "./urgency.js";

/** Abuse detection plugged in from `abuse.ts` (kept as a seam so triage can be tested without it). */
export type AbuseCheck = (
  text: string,
  tokens: string[],
  context: { report: boolean },
) => { abusive: boolean; evidence: Evidence[] };

export interface LocateInput {
  tokens: string[];
  coordinates?: [number, number];
  place_tokens?: string[];
  profile_tokens?: string[];
  /** The tweet as written (the RT/RW it names is read from it). */
  raw?: string;
}
/** Location lookup plugged in from `locate.ts` with its gazetteer. */
export type LocateCheck = (input: LocateInput) => { location: TriageLocation; evidence: Evidence[] };

export interface TriageConfig {
  agencies: readonly AgencyFile[];
  slang: SlangFile;
  complaint: ComplaintFile;
  urgency: UrgencyFile;
  /** Report kinds, relays, not-report families and the desk (config/lexicon/kinds.yaml); without it no desk tier. */
  kinds?: KindsFile;
  /** Sundanese and Javanese word lists and affix rules (config/lexicon/regional.yaml). */
  regional?: RegionalFile;
  /** Place words that name a location after a preposition (config/lexicon/place-words.yaml). */
  placeWords?: PlaceWordsFile;
  /** Accounts whose posts are never complaints (added to complaint.yaml's list). */
  officialAccounts?: readonly string[];
  /**
   * Below this agency confidence a complaint goes to the command center to be routed by hand.
   * Default 0.3: one weight-1 keyword alone (0.5) routes; two agencies neck and neck do not.
   */
  minConfidence?: number;
  abuse?: AbuseCheck;
  locate?: LocateCheck;
  /**
   * Words the rule miner never turns into a rule (config/lexicon/suggest-stopwords.yaml); triage
   * itself does not read them. Kept here so every caller of the miner gets the same list.
   */
  suggestStopwords?: SuggestStopwords;
}

export interface SuggestStopwords {
  /** Never a rule of any kind. */
  functionWords: readonly string[];
  /** Never an agency rule (may still mark a report kind). */
  noAgency: readonly string[];
}

export interface TriageModel {
  readonly slang: SlangLexicon;
  readonly agencies: AgencyMatcher;
  readonly complaint: ComplaintModel;
  readonly urgency: UrgencyModel;
  readonly kinds: KindModel | undefined;
  readonly desk: KindsFile["desk"] | undefined;
  /** Where unroutable complaints go (the agency of kind `command_center`, `diskominfo` in Bandung). */
  readonly commandCenter: string;
  readonly external: ReadonlySet<string>;
  readonly minConfidence: number;
  readonly abuse: AbuseCheck | undefined;
  readonly locate: LocateCheck | undefined;
}

const NO_LOCATION: TriageLocation = { source: "none" };

export function buildTriageModel(cfg: TriageConfig): TriageModel {
  const slang = buildSlangLexicon({
    words: cfg.slang.words,
    particles: cfg.slang.particles,
    hashtagWords: cfg.slang.hashtag_words,
    ...(cfg.regional
      ? { regionalWords: [cfg.regional.sundanese, cfg.regional.javanese], affixes: cfg.regional.affixes }
      : {}),
  });
  const commandCenter = cfg.agencies.find((a) => a.kind === "command_center")?.id ?? "diskominfo";
  return {
    slang,
    agencies: buildAgencyMatcher(cfg.agencies, slang, cfg.placeWords),
    complaint: buildComplaintModel(cfg.complaint, slang, cfg.officialAccounts ?? []),
    urgency: buildUrgencyModel(cfg.urgency, slang),
    kinds: cfg.kinds ? buildKindModel(cfg.kinds, slang) : undefined,
    desk: cfg.kinds?.desk,
    commandCenter,
    external: new Set(cfg.agencies.filter((a) => a.kind === "external").map((a) => a.id)),
    minConfidence: cfg.kinds?.desk.min_confidence ?? cfg.minConfidence ?? 0.3,
    abuse: cfg.abuse,
    locate: cfg.locate,
  };
}

/** Decides what a tweet is, who owns it, how urgent it is and where, with evidence for each. */
export function triage(model: TriageModel, input: TweetInput): TriageVerdict {
  const raw = typeof input.text === "string" ? input.text : "";
  const text = normalise(raw, model.slang);
  const scoring = scoreAgencies(model.agencies, text);
  let location = NO_LOCATION;
  const locationEvidence: Evidence[] = [];
  if (model.locate) {
    const l = model.locate(locateInput(input, text.tokens, model.slang));
    location = l.location;
    locationEvidence.push(...l.evidence);
  }
  const signals = model.kinds
    ? readKindSignals(model.kinds, raw, text, model.complaint.officialAccounts)
    : undefined;
  const decision = detectComplaint(model.complaint, {
    raw,
    text,
    isRetweet: input.is_retweet,
    authorUsername: input.author_username,
    topicScore: scoring.topicScore,
    namesPlace: location.source === "text",
    askScore: signals ? askScore(signals, model.complaint) : 0,
  });
  const evidence: Evidence[] = [...decision.evidence];
  const desk = decision.complaint
    ? false
    : plausible(model, decision, signals, location.source === "text", scoring.candidates.length > 0);
  if (desk) evidence.push(desk.evidence);

  let disposition: Disposition = "audit";
  let kind: ReportKind | null = null;
  let agency: string | null = null;
  let confidence = 0;
  let candidates: AgencyCandidate[];
  let external: ExternalAgency | null = null;
  let urgency: TriageVerdict["urgency"] = "normal";
  if (decision.complaint || desk) {
    evidence.push(...scoring.evidence);
    candidates = scoring.candidates;
    confidence = scoring.confidence;
    const askDirect = model.desk?.ask_direct_confidence;
    const problemDirect = model.desk?.problem_direct_confidence;
    if (
      desk &&
      scoring.top !== null &&
      ((desk.ask && askDirect !== undefined && scoring.confidence >= askDirect) ||
        (desk.problem && problemDirect !== undefined && scoring.confidence >= problemDirect))
    ) {
      // A question or request about one agency's service: that agency answers it (an agency
      // outside the city's remit gets the redirect reply, as a report would).
      disposition = "agency";
      agency = scoring.top;
      if (model.external.has(agency)) {
        external = agency as ExternalAgency;
        evidence.push({ field: "external", reason: `outside the city's remit: ${agency}`, match: agency });
      }
      evidence.push({
        field: "disposition",
        reason: desk.ask
          ? `a question or request about ${scoring.top}'s service (confidence ${scoring.confidence}): to the agency`
          : `a problem only ${scoring.top}'s service names (confidence ${scoring.confidence}): to the agency`,
        match: scoring.top,
      });
    } else if (desk) {
      disposition = "desk";
      agency = model.commandCenter;
    } else if (scoring.top === null) {
      disposition = "desk";
      agency = model.commandCenter;
      evidence.push({
        field: "agency",
        reason: scoring.tied
          ? `tie between ${scoring.candidates
              .filter((c) => c.score === scoring.candidates[0]?.score)
              .map((c) => c.agency)
              .join(" and ")}: routed by hand`
          : "a complaint no agency rule matched: routed by hand",
        match: "",
      });
    } else if (scoring.confidence < model.minConfidence) {
      disposition = "desk";
      agency = model.commandCenter;
      evidence.push({
        field: "agency",
        reason: `best guess ${scoring.top} has confidence ${scoring.confidence} below ${model.minConfidence}: routed by hand`,
        match: scoring.top,
      });
    } else {
      disposition = "agency";
      agency = scoring.top;
      if (model.external.has(agency)) {
        external = agency as ExternalAgency;
        evidence.push({ field: "external", reason: `outside the city's remit: ${agency}`, match: agency });
      }
    }
    if (disposition === "desk") {
      confidence = 0;
      candidates = withFallback(candidates, model);
    }
    if (signals && model.kinds) {
      const k = chooseKind(signals, decision.problem, model.kinds.about);
      kind = k.kind;
      evidence.push(...signals.evidence, k.evidence);
    } else {
      kind = "keluhan";
    }
    const u = assessUrgency(model.urgency, text);
    urgency = u.urgency;
    evidence.push(...u.evidence);
  } else {
    // Kept for audit, yet a person may bring it back (/jadikanaduan): its desk card then offers
    // triage's best guesses as one-tap choices, like any desk card. No agency, no confidence.
    candidates = withFallback(scoring.candidates, model);
    if (signals?.notReport) {
      const n = signals.notReport;
      evidence.push({ field: "kind", reason: `not a report: ${n.about} (${n.family})`, match: n.match });
    }
  }

  let abusive = false;
  if (model.abuse) {
    const a = model.abuse(raw, text.tokens, { report: disposition !== "audit" });
    abusive = a.abusive;
    evidence.push(...a.evidence);
  }

  evidence.push(...locationEvidence);
  const notReport = disposition === "audit" ? signals?.notReport?.family : undefined;
  return {
    id: input.id,
    complaint: disposition !== "audit",
    kind,
    disposition,
    agency,
    confidence,
    candidates,
    urgency,
    location,
    abusive,
    external,
    ...(notReport ? { not_report: notReport } : {}),
    evidence,
  };
}

function locateInput(input: TweetInput, tokens: string[], slang: SlangLexicon): LocateInput {
  const out: LocateInput = { tokens };
  if (typeof input.text === "string") out.raw = input.text;
  if (input.coordinates) out.coordinates = input.coordinates;
  if (input.place_name) out.place_tokens = normalise(input.place_name, slang).tokens;
  if (input.user_location) out.profile_tokens = normalise(input.user_location, slang).tokens;
  return out;
}

/** Question, service-request and suggestion cues: asking about, for or how to improve a named service. */
function askScore(signals: KindSignals, complaint: ComplaintModel): number {
  void complaint;
  return signals.pertanyaan + (signals.questionMark ? 1 : 0) + signals.permintaan + signals.saran;
}

/**
 * A tweet the report gate turned down goes to the desk when it still carries real signal and
 * scores at least the desk threshold: a named problem with an agency topic or a place, a question
 * or request about a city service, or a relay of a report. Returns the evidence, or false.
 */
function plausible(
  model: TriageModel,
  d: ComplaintDecision,
  signals: KindSignals | undefined,
  namesPlace: boolean,
  addressesAgency: boolean,
): { evidence: Evidence; ask: boolean; problem?: boolean } | false {
  const desk = model.desk;
  if (!desk || !signals) return false;
  // A strong not-a-report family (praise, news, an official's activity, chatter) keeps it out.
  if (desk.max_not_report !== undefined && (signals.notReport?.weight ?? 0) >= desk.max_not_report)
    return false;
  // A question or request about a named city service: the desk, whatever its score, unless it
  // carries more not-a-complaint weight than a question usually does.
  const askWords = signals.pertanyaan + signals.permintaan;
  if (
    d.topic >= desk.min_topic &&
    (askWords >= 1 || (signals.questionMark && d.problem > 0)) &&
    d.not < (desk.ask_max_not ?? desk.max_not)
  ) {
    return {
      ask: true,
      evidence: {
        field: "disposition",
        reason: `unsure it is a report, but asks about or for a city service (score ${d.score}): to the desk`,
        match: "",
      },
    };
  }
  // Any other not-a-complaint cue (thanks, news, an official's activity) keeps it out of the desk.
  if (d.not >= desk.max_not) return false;
  let why: string | undefined;
  if (d.problem > 0 && (d.topic > 0 || namesPlace)) why = "names a problem about a city matter";
  else if (signals.relay && d.problem > 0 && d.topic > 0) why = "relays a report about a city matter";
  else if (
    desk.agency_mention > 0 &&
    namesPlace &&
    addressesAgency &&
    d.score + desk.agency_mention >= desk.threshold
  ) {
    return {
      ask: false,
      evidence: {
        field: "disposition",
        reason: `unsure it is a report, but names a place to an agency's account (score ${d.score}): to the desk`,
        match: "",
      },
    };
  }
  if (
    !why &&
    desk.min_letter !== undefined &&
    signals.letter >= desk.min_letter &&
    (d.problem > 0 || d.request > 0 || askWords >= 1)
  ) {
    // A formal letter to the office that asks for help or names a problem is a report whose
    // owner the rules could not name: the desk routes it, whatever its score.
    return {
      ask: false,
      evidence: {
        field: "disposition",
        reason: `unsure it is a report, but a letter to the office asking for help (score ${d.score}): to the desk`,
        match: "",
      },
    };
  }
  if (!why || d.score < desk.threshold) return false;
  return {
    ask: false,
    problem: d.problem > 0,
    evidence: {
      field: "disposition",
      reason: `unsure it is a report, but ${why} (score ${d.score}): to the desk`,
      match: "",
    },
  };
}

/** The desk offers at least three agencies: the rules' candidates, then the configured fallbacks. */
function withFallback(candidates: AgencyCandidate[], model: TriageModel): AgencyCandidate[] {
  const out = candidates.filter((c) => c.agency !== model.commandCenter);
  for (const a of model.desk?.fallback_agencies ?? []) {
    if (out.length >= 3) break;
    if (!out.some((c) => c.agency === a)) out.push({ agency: a, score: 0 });
  }
  return out;
}

import type { AgencyFile } from "../config/agency-schema.js";
import { buildAgencyMatcher, scoreAgencies, type AgencyMatcher } from "./agency-rules.js";
import { buildComplaintModel, detectComplaint, type ComplaintModel } from "./complaint.js";
import type { ComplaintFile, SlangFile, UrgencyFile } from "./lexicon-schema.js";
import { buildSlangLexicon, normalise, type SlangLexicon } from "./normalise.js";
import type { Evidence, ExternalAgency, TriageLocation, TriageVerdict, TweetInput } from "./types.js";
import { assessUrgency, buildUrgencyModel, type UrgencyModel } from "./urgency.js";

/** Abuse detection plugged in from `abuse.ts` (kept as a seam so triage can be tested without it). */
export type AbuseCheck = (text: string, tokens: string[]) => { abusive: boolean; evidence: Evidence[] };

export interface LocateInput {
  tokens: string[];
  coordinates?: [number, number];
  place_tokens?: string[];
  profile_tokens?: string[];
}
/** Location lookup plugged in from `locate.ts` with its gazetteer. */
export type LocateCheck = (input: LocateInput) => { location: TriageLocation; evidence: Evidence[] };

export interface TriageConfig {
  agencies: readonly AgencyFile[];
  slang: SlangFile;
  complaint: ComplaintFile;
  urgency: UrgencyFile;
  /** Accounts whose posts are never complaints (added to complaint.yaml's list). */
  officialAccounts?: readonly string[];
  /**
   * Below this agency confidence a complaint goes to the command center to be routed by hand.
   * Default 0.3: one weight-1 keyword alone (0.5) routes; two agencies neck and neck do not.
   */
  minConfidence?: number;
  abuse?: AbuseCheck;
  locate?: LocateCheck;
}

export interface TriageModel {
  readonly slang: SlangLexicon;
  readonly agencies: AgencyMatcher;
  readonly complaint: ComplaintModel;
  readonly urgency: UrgencyModel;
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
  });
  const commandCenter = cfg.agencies.find((a) => a.kind === "command_center")?.id ?? "diskominfo";
  return {
    slang,
    agencies: buildAgencyMatcher(cfg.agencies, slang),
    complaint: buildComplaintModel(cfg.complaint, slang, cfg.officialAccounts ?? []),
    urgency: buildUrgencyModel(cfg.urgency, slang),
    commandCenter,
    external: new Set(cfg.agencies.filter((a) => a.kind === "external").map((a) => a.id)),
    minConfidence: cfg.minConfidence ?? 0.3,
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
  const decision = detectComplaint(model.complaint, {
    raw,
    text,
    isRetweet: input.is_retweet,
    authorUsername: input.author_username,
    topicScore: scoring.topicScore,
    namesPlace: location.source === "text",
  });
  const evidence: Evidence[] = [...decision.evidence];

  let agency: string | null = null;
  let confidence = 0;
  let external: ExternalAgency | null = null;
  let urgency: TriageVerdict["urgency"] = "normal";
  if (decision.complaint) {
    evidence.push(...scoring.evidence);
    if (scoring.top === null) {
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
      agency = model.commandCenter;
      confidence = scoring.confidence;
      evidence.push({
        field: "agency",
        reason: `best guess ${scoring.top} has confidence ${scoring.confidence} below ${model.minConfidence}: routed by hand`,
        match: scoring.top,
      });
    } else {
      agency = scoring.top;
      confidence = scoring.confidence;
      if (model.external.has(agency)) {
        external = agency as ExternalAgency;
        evidence.push({ field: "external", reason: `outside the city's remit: ${agency}`, match: agency });
      }
    }
    const u = assessUrgency(model.urgency, text);
    urgency = u.urgency;
    evidence.push(...u.evidence);
  }

  let abusive = false;
  if (model.abuse) {
    const a = model.abuse(raw, text.tokens);
    abusive = a.abusive;
    evidence.push(...a.evidence);
  }

  evidence.push(...locationEvidence);
  return {
    id: input.id,
    complaint: decision.complaint,
    agency,
    confidence,
    candidates: decision.complaint ? scoring.candidates : [],
    urgency,
    location,
    abusive,
    external,
    evidence,
  };
}

function locateInput(input: TweetInput, tokens: string[], slang: SlangLexicon): LocateInput {
  const out: LocateInput = { tokens };
  if (input.coordinates) out.coordinates = input.coordinates;
  if (input.place_name) out.place_tokens = normalise(input.place_name, slang).tokens;
  if (input.user_location) out.profile_tokens = normalise(input.user_location, slang).tokens;
  return out;
}

import type { AgencyFile } from "../triage/agency-schema.js";
import { buildAgencyMatcher } from "../triage/agency-rules.js";
import { fnv1a } from "../triage/backtest-metrics.js";
import { buildKindModel } from "../triage/report-kind.js";
import type { TriageConfig, TriageModel } from "../triage/triage.js";
import type { ReportKind } from "../triage/types.js";

/**
 * One rule a person may add to the config: a keyword (with a weight) for an agency, a negative
 * for an agency that wins where it should not, a context word (counts only near one of `needs`),
 * or a cue of a report kind. The same shapes the YAML files hold, so a rule is applied in memory
 * exactly as it would be read from the file.
 */
export type CandidateRule =
  | { type: "keyword"; agency: string; phrase: string; weight: number }
  | { type: "negative"; agency: string; phrase: string; weight: number }
  | { type: "context"; agency: string; word: string; weight: number; needs: string[]; window: number }
  | { type: "kind"; kind: Exclude<ReportKind, "keluhan">; phrase: string; weight: number };

/** A suggestion a person accepted, with what its comment records. */
export interface AcceptedRule {
  id: string;
  rule: CandidateRule;
  /** Who accepted it. */
  by: string;
  /** The day (YYYY-MM-DD). */
  on: string;
  support: number;
  precision: number;
  /** Net gain over the files it was measured on. */
  net: number;
}

/** A short stable id of a rule (`r-1a2b3c`): the same rule gets the same id in every run. */
export function ruleId(rule: CandidateRule): string {
  const key =
    rule.type === "context"
      ? `context|${rule.agency}|${rule.word}|${rule.needs.join(",")}|${rule.window}|${rule.weight}`
      : rule.type === "kind"
        ? `kind|${rule.kind}|${rule.phrase}|${rule.weight}`
        : `${rule.type}|${rule.agency}|${rule.phrase}|${rule.weight}`;
  return `r-${fnv1a(key).toString(16).padStart(8, "0").slice(0, 6)}`;
}

/** The config file a rule belongs in, relative to the config directory. */
export function ruleFile(rule: CandidateRule): string {
  return rule.type === "kind" ? "lexicon/kinds.yaml" : `agencies/${rule.agency}.yaml`;
}

/** The rule as the YAML it adds (for people reading a suggestion). */
export function ruleYaml(rule: CandidateRule): string {
  switch (rule.type) {
    case "keyword":
      return `keywords: { ${rule.phrase}: ${rule.weight} }`;
    case "negative":
      return `negative: { ${rule.phrase}: ${rule.weight} }`;
    case "context":
      return `context: - { word: ${rule.word}, weight: ${rule.weight}, needs: [${rule.needs.join(", ")}], window: ${rule.window} }`;
    case "kind":
      return `kinds.${rule.kind}.phrases: { ${rule.phrase}: ${rule.weight} }`;
  }
}

/** The agency files with `rule` added (the agency files are not changed). */
export function agenciesWith(agencies: readonly AgencyFile[], rule: CandidateRule): AgencyFile[] {
  return agencies.map((a) => {
    if (rule.type === "kind" || a.id !== rule.agency) return a;
    if (rule.type === "keyword") return { ...a, keywords: { ...a.keywords, [rule.phrase]: rule.weight } };
    if (rule.type === "negative") return { ...a, negative: { ...a.negative, [rule.phrase]: rule.weight } };
    return {
      ...a,
      context: [
        ...(a.context ?? []),
        { word: rule.word, weight: rule.weight, needs: rule.needs, window: rule.window, at_place: false },
      ],
    };
  });
}

/**
 * The triage model with `rule` added, built by triage's own builders from the config it was
 * built from: what triage would decide if the rule were in the file.
 */
export function modelWith(config: TriageConfig, model: TriageModel, rule: CandidateRule): TriageModel {
  if (rule.type === "kind") {
    if (!config.kinds) return model;
    const k = config.kinds.kinds[rule.kind];
    const kinds = {
      ...config.kinds,
      kinds: {
        ...config.kinds.kinds,
        [rule.kind]: { ...k, phrases: { ...k.phrases, [rule.phrase]: rule.weight } },
      },
    };
    return { ...model, kinds: buildKindModel(kinds, model.slang) };
  }
  return {
    ...model,
    agencies: buildAgencyMatcher(agenciesWith(config.agencies, rule), model.slang, config.placeWords),
  };
}

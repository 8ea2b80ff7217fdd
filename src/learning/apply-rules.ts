import { buildTriageModel, type TriageConfig, type TriageModel } from "../triage/triage.js";
import { agenciesWith, type CandidateRule } from "./candidate-rule.js";

/**
 * The triage config with accepted rules added in memory, in order, as if each were in its file.
 * A rule the file already has (the same phrase; the same context word and neighbours) is not
 * added twice: a rule accepted on the command line lives both in its file and in the Redis
 * overlay, and the file wins.
 */
export function configWithRules(config: TriageConfig, rules: readonly CandidateRule[]): TriageConfig {
  let agencies = config.agencies;
  let kinds = config.kinds;
  for (const rule of rules) {
    if (rule.type === "kind") {
      if (!kinds) continue;
      const k = kinds.kinds[rule.kind];
      if (Object.hasOwn(k.phrases, rule.phrase)) continue;
      kinds = {
        ...kinds,
        kinds: {
          ...kinds.kinds,
          [rule.kind]: { ...k, phrases: { ...k.phrases, [rule.phrase]: rule.weight } },
        },
      };
      continue;
    }
    const a = agencies.find((x) => x.id === rule.agency);
    if (!a) continue;
    if (rule.type === "keyword" && Object.hasOwn(a.keywords, rule.phrase)) continue;
    if (rule.type === "negative" && Object.hasOwn(a.negative ?? {}, rule.phrase)) continue;
    if (
      rule.type === "context" &&
      (a.context ?? []).some((c) => c.word === rule.word && c.needs.join(",") === rule.needs.join(","))
    )
      continue;
    agencies = agenciesWith(agencies, rule);
  }
  const out: TriageConfig = { ...config, agencies };
  if (kinds) out.kinds = kinds;
  return out;
}

/** Rules that name an agency the config does not have: such an overlay does not apply. */
export function unknownAgencies(config: TriageConfig, rules: readonly CandidateRule[]): string[] {
  const known = new Set(config.agencies.map((a) => a.id));
  return [...new Set(rules.flatMap((r) => (r.type !== "kind" && !known.has(r.agency) ? [r.agency] : [])))];
}

/**
 * The model triage would run with `rules` added, built by triage's own builder. The routing
 * threshold is the base model's (app.yaml's `triage.min_confidence`, set by the app loader).
 */
export function modelWithRules(
  config: TriageConfig,
  base: Pick<TriageModel, "minConfidence">,
  rules: readonly CandidateRule[],
): TriageModel {
  return { ...buildTriageModel(configWithRules(config, rules)), minConfidence: base.minConfidence };
}

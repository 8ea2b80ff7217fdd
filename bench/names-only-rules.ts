import type { TriageConfig } from "../src/triage/triage.js";

/**
 * The routing rules a new deployment has on its first day: each agency known only by its own
 * name. Today's keywords that name it are kept (its id or short name as a word, `lapor polisi`;
 * its X handles), its short name is added if none does, and negatives and context words go.
 * Everything that is not an agency rule (the report gate, kinds, regional words, slang) stays.
 *
 * Why the replay wants this: today's rules were tuned on the dev files, so replaying those files
 * from today's rules leaves the loop almost nothing to learn. Starting from names alone measures
 * what staff corrections teach by themselves.
 */
export function namesOnlyConfig(config: TriageConfig): TriageConfig {
  return {
    ...config,
    agencies: config.agencies.map((a) => {
      const names = new Set([a.id, a.short_name.toLowerCase()]);
      const naming = Object.entries(a.keywords).filter(
        ([phrase]) =>
          phrase.startsWith("@") ||
          phrase
            .replace(/^=/, "")
            .toLowerCase()
            .split(/\s+/)
            .some((w) => names.has(w)),
      );
      const short = a.short_name.toLowerCase();
      if (!naming.some(([p]) => p.replace(/^=/, "").toLowerCase() === short)) naming.push([short, 1]);
      const { negative: _n, context: _c, ...rest } = a;
      return { ...rest, keywords: Object.fromEntries(naming) };
    }),
  };
}

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatProblem } from "../src/config/config-error.js";
import { parseAbuseLexicon } from "../src/config/load-triage-config.js";
import { ABUSE_CATEGORIES } from "../src/triage/abuse-lexicon.js";
import { buildAbuseDetector, detectAbuse } from "../src/triage/abuse.js";

const FILE = "config/lexicon/abuse.yaml";

/** A valid lexicon header; tests append the categories they are about. */
const HEADER = `version: 1
threshold: 1
target_bonus: 0.5
target_window: 3
context_window: 3
targets:
  you: [lu, kamu]
  self: [gue]
  markers: [dasar]
categories:
`;

const problemsOf = (yaml: string) => {
  const r = parseAbuseLexicon(yaml, "abuse.yaml");
  if (r.ok) throw new Error("expected the lexicon to be rejected");
  return r.problems.map(formatProblem);
};

describe("the shipped abuse lexicon", () => {
  it("validates and fills every category", () => {
    const r = parseAbuseLexicon(readFileSync(FILE, "utf8"), FILE);
    expect(r.ok ? [] : r.problems.map(formatProblem)).toEqual([]);
    if (!r.ok) return;
    for (const c of ABUSE_CATEGORIES) expect(r.value.categories[c]?.length ?? 0).toBeGreaterThan(3);
  });

  it("does not mistake everyday abbreviations for vowel-less swear words", () => {
    const r = parseAbuseLexicon(readFileSync(FILE, "utf8"), FILE);
    if (!r.ok) throw new Error("shipped lexicon invalid");
    const d = buildAbuseDetector(r.value);
    const everyday =
      "jln dgn yg tdk sdh blm bgt krn kntr kmrn skrg tlg mhn pmkt bdg kcmtn klrhn dpn blkg spt sbg trs bkn " +
      "pdhl smpe smp mnt jgn bnyk brp kpn dmn gmn knp tmpt lgsg bsk sblm stlh kmbl prtm msh mkn";
    for (const abbreviation of everyday.split(" ")) {
      expect(detectAbuse(d, `${abbreviation} lu`, []).abusive, abbreviation).toBe(false);
    }
  });
});

describe("lexicon mistakes are reported with file, line and path", () => {
  it.each([
    [
      "an unknown category",
      `  hate:\n    - { term: bangsat, weight: 1 }\n`,
      'abuse.yaml:11: categories.hate: Unrecognized key: "hate"',
    ],
    [
      "an empty term",
      `  insult:\n    - { term: "", weight: 1 }\n`,
      "abuse.yaml:12: categories.insult.0.term: a term may not be empty",
    ],
    [
      "a zero weight",
      `  insult:\n    - { term: tolol, weight: 0 }\n`,
      "abuse.yaml:12: categories.insult.0.weight: a weight is a positive number",
    ],
    [
      "a weight that is not a number",
      `  insult:\n    - { term: tolol, weight: berat }\n`,
      "abuse.yaml:12: categories.insult.0.weight:",
    ],
    [
      "a weight out of range",
      `  insult:\n    - { term: tolol, weight: 9 }\n`,
      "abuse.yaml:12: categories.insult.0.weight: a weight is at most 5",
    ],
    [
      "a leetspeak spelling the detector already undoes",
      `  profanity:\n    - { term: 4njing, weight: 1 }\n`,
      "abuse.yaml:12: categories.profanity.0.term: expected lower-case letters a-z",
    ],
    [
      "an unknown flag",
      `  insult:\n    - { term: tolol, weight: 1, severe: true }\n`,
      'abuse.yaml:12: categories.insult.0.severe: Unrecognized key: "severe"',
    ],
    [
      "a needs_target that is neither true nor you",
      `  threat:\n    - { term: bunuh, weight: 1, needs_target: dia }\n`,
      "abuse.yaml:12: categories.threat.0.needs_target:",
    ],
    [
      "a context phrase that does not contain the term",
      `  insult:\n    - { term: babi, weight: 1, ambiguous_with: [daging sapi] }\n`,
      'abuse.yaml:12: categories.insult.0.ambiguous_with.0: a phrase in ambiguous_with must contain "babi"',
    ],
    [
      "the same word in two categories",
      `  profanity:\n    - { term: anjing, weight: 1 }\n  insult:\n    - { term: anjing, weight: 1 }\n`,
      'abuse.yaml:14: categories.insult.0.term: "anjing" is listed twice (also at profanity[0])',
    ],
    [
      "a variant that repeats its own term",
      `  insult:\n    - { term: goblok, weight: 1, variants: [goblog, goblok] }\n`,
      'abuse.yaml:12: categories.insult.0.variants.1: "goblok" is listed twice',
    ],
  ])("%s", (_what, categories, expected) => {
    const problems = problemsOf(HEADER + categories);
    expect(
      problems.some((p) => p.startsWith(expected)),
      problems.join("\n"),
    ).toBe(true);
  });

  it("lists every problem at once, not just the first", () => {
    const problems = problemsOf(
      HEADER + `  insult:\n    - { term: "", weight: 1 }\n    - { term: tolol, weight: -2 }\n  nasty: []\n`,
    );
    expect(problems).toHaveLength(3);
  });

  it("reports broken YAML with its line", () => {
    const problems = problemsOf(HEADER + `  insult:\n    - { term: tolol, weight: 1\n`);
    expect(problems[0]).toMatch(/^abuse\.yaml:\d+: \(top level\): YAML syntax/);
  });

  it("requires a second-person pronoun list, without which no threat can be recognised", () => {
    const problems = problemsOf(
      HEADER.replace("  you: [lu, kamu]\n", "  you: []\n") + `  insult:\n    - { term: tolol, weight: 1 }\n`,
    );
    expect(problems).toEqual(["abuse.yaml:7: targets.you: list at least one second-person pronoun"]);
  });
});

describe("what a lexicon entry means to the detector", () => {
  const build = (categories: string) => {
    const r = parseAbuseLexicon(HEADER + categories, "abuse.yaml");
    if (!r.ok) throw new Error(r.problems.map(formatProblem).join("\n"));
    return buildAbuseDetector(r.value);
  };

  it("generates the vowel-less spelling of a long word unless told not to", () => {
    const withSkeleton = build(`  profanity:\n    - { term: bangsat, weight: 1 }\n`);
    const without = build(`  profanity:\n    - { term: bangsat, weight: 1, skeleton: false }\n`);
    expect(detectAbuse(withSkeleton, "bngst", []).abusive).toBe(true);
    expect(detectAbuse(without, "bngst", []).abusive).toBe(false);
  });

  it("counts a needs_target word only when it is aimed at someone", () => {
    const d = build(`  insult:\n    - { term: bodoh, weight: 0.7, needs_target: true }\n`);
    expect(detectAbuse(d, "bodoh", []).abusive).toBe(false);
    expect(detectAbuse(d, "dasar bodoh", []).abusive).toBe(true);
    expect(detectAbuse(d, "bodoh lu", []).abusive).toBe(true);
    expect(detectAbuse(d, "gue bodoh, lu tau", []).abusive).toBe(false);
  });

  it("lets a threat count only against a second person", () => {
    const d = build(
      `  threat:\n    - { term: bunuh, weight: 1, needs_target: you, ambiguous_with: [bunuh diri] }\n`,
    );
    expect(detectAbuse(d, "gw bunuh lu", []).abusive).toBe(true);
    expect(detectAbuse(d, "dasar bunuh", []).abusive).toBe(false);
    expect(detectAbuse(d, "lu jangan bunuh diri", []).abusive).toBe(false);
  });
});

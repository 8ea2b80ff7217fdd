import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { parse as parseYamlText, stringify } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { appFileSchema } from "../src/config/app-schema.js";
import { ConfigError, type ConfigProblem } from "../src/config/config-error.js";
import { loadConfig } from "../src/app/load-config.js";
import { parsePlaces } from "../src/config/load-places.js";
import { parseAgencyFiles } from "../src/config/load-triage-config.js";
import { parseYaml, type ParseResult } from "../src/config/yaml-file.js";
import { parseHolidayCsv } from "../src/core/sla/holiday-calendar.js";
import { parseSlaPolicy } from "../src/core/sla/sla-policy.js";
import { parseReplyTemplates } from "../src/core/reply-templates.js";
import { parseAbuseLexicon } from "../src/config/load-triage-config.js";
import { complaintFileSchema, slangFileSchema, urgencyFileSchema } from "../src/triage/lexicon-schema.js";
import { sentimentLexiconSchema } from "../src/mood/sentiment-lexicon.js";

/**
 * Bad config files: YAML garbage, wrong types, unknown keys, missing keys and cut files through
 * every config parser. Each must come back as problems naming the file and a path (a ConfigError
 * at start-up), never as an exception of another kind. Seeded: failures reproduce.
 */

const SEED = 20261128;
const RUNS = 300;
/**
 * Mutated copies of the shipped files: the lexicons run to 15 KB, and parsing YAML that size takes
 * tens of milliseconds, so the big files get fewer cases to keep the suite quick.
 */
const mutatedRuns = (text: string) => (text.length > 5_000 ? 25 : 120);

type Parser = (text: string, file: string) => ParseResult<unknown> | { problems: ConfigProblem[] };

const PARSERS: [string, string, Parser][] = [
  ["app.yaml", "config/app.yaml", (t, f) => parseYaml(t, f, appFileSchema)],
  ["agencies/dishub.yaml", "config/agencies/dishub.yaml", (t, f) => parseAgencyFiles([{ file: f, text: t }])],
  ["templates.yaml", "config/templates.yaml", parseReplyTemplates],
  ["sla.yaml", "config/sla.yaml", parseSlaPolicy],
  ["lexicon/slang.yaml", "config/lexicon/slang.yaml", (t, f) => parseYaml(t, f, slangFileSchema)],
  ["lexicon/complaint.yaml", "config/lexicon/complaint.yaml", (t, f) => parseYaml(t, f, complaintFileSchema)],
  ["lexicon/urgency.yaml", "config/lexicon/urgency.yaml", (t, f) => parseYaml(t, f, urgencyFileSchema)],
  ["lexicon/abuse.yaml", "config/lexicon/abuse.yaml", parseAbuseLexicon],
  [
    "lexicon/sentiment.yaml",
    "config/lexicon/sentiment.yaml",
    (t, f) => parseYaml(t, f, sentimentLexiconSchema),
  ],
  ["holidays/2026.csv", "config/holidays/2026.csv", parseHolidayCsv],
];

const shipped = new Map<string, string>();
beforeAll(async () => {
  for (const [, file] of PARSERS) shipped.set(file, await readFile(file, "utf8"));
});

/** Outcome of one parse: the problems, or an exception that is not a ConfigError (a bug). */
function problemsOf(parse: Parser, text: string, file: string): ConfigProblem[] {
  const r = parse(text, file);
  if ("ok" in r) return r.ok ? [] : r.problems;
  return r.problems;
}

function expectWellFormed(problems: ConfigProblem[], file: string): void {
  if (problems.length > 0) expect(new ConfigError(problems).message).toContain(file);
  for (const p of problems) {
    expect(p.file).toBe(file);
    expect(typeof p.path).toBe("string");
    expect(p.message.trim().length).toBeGreaterThan(0);
    if (p.line !== undefined) expect(Number.isInteger(p.line) && p.line >= 1).toBe(true);
  }
}

const junkValue = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.string({ maxLength: 12 }),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), {
    maxKeys: 2,
  }),
);

type Tree = unknown;
/** Every path to a value in a parsed YAML document. */
function paths(tree: Tree, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(tree)) return [prefix, ...tree.flatMap((v, i) => paths(v, [...prefix, i]))];
  if (tree && typeof tree === "object")
    return [prefix, ...Object.entries(tree).flatMap(([k, v]) => paths(v, [...prefix, k]))];
  return [prefix];
}

/** A structural mutation: a value of the wrong type, a deleted key, or an unknown key beside it. */
const trees = new Map<string, Tree>();
function mutate(text: string, pick: number, op: number, value: unknown): string {
  if (!trees.has(text)) trees.set(text, parseYamlText(text) as Tree);
  const tree = structuredClone(trees.get(text));
  const all = paths(tree).filter((p) => p.length > 0);
  const path = all[pick % all.length];
  if (!path) return stringify(value);
  const parent = path
    .slice(0, -1)
    .reduce<Tree>((node, k) => (node as Record<string, Tree>)[k as string], tree);
  const key = path[path.length - 1] as string;
  const holder = parent as Record<string, unknown>;
  if (op % 3 === 0) holder[key] = value;
  else if (op % 3 === 1) {
    if (Array.isArray(holder)) holder.splice(Number(key), 1);
    else delete holder[key];
  } else if (!Array.isArray(holder)) holder[`kunci_asing_${pick % 7}`] = value;
  else holder.push(value);
  return stringify(tree);
}

/** Text-level damage: cut, characters inserted, a line repeated (duplicate key), tabs. */
const textDamage = fc.oneof(
  fc.tuple(fc.nat(), fc.string({ maxLength: 8 })).map(
    ([at, s]) =>
      (t: string) =>
        t.slice(0, at % (t.length + 1)) + s + t.slice(at % (t.length + 1)),
  ),
  fc.nat().map((at) => (t: string) => t.slice(0, at % (t.length + 1))),
  fc.nat().map((at) => (t: string) => {
    const lines = t.split("\n");
    const i = at % lines.length;
    return [...lines.slice(0, i + 1), lines[i] ?? "", ...lines.slice(i + 1)].join("\n");
  }),
  fc.constantFrom(
    (t: string) => t.replace(/ {2}/g, "\t"),
    (t: string) => t.replace(/:/, ""),
    (t: string) => `${t}\n- daftar: [tidak, ditutup`,
    () => "",
    () => "---\n...\n---\n",
    () => "!!binary aGFsbw==",
    () => "a: &x [*x]",
    () => "\u0000\u0001",
    () => "[1, 2, 3]",
    () => "just a string",
  ),
);

describe.each(PARSERS)("%s", (_name, file, parse) => {
  it("answers random text with problems naming the file, never another exception", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 400 }), (text) => {
        expectWellFormed(problemsOf(parse, text, file), file);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("answers damaged and mutated copies of the shipped file with problems naming the file and a path", () => {
    const original = shipped.get(file) ?? "";
    const isYaml = file.endsWith(".yaml");
    let refused = 0;
    fc.assert(
      fc.property(
        textDamage,
        fc.nat(),
        fc.nat(),
        junkValue,
        fc.boolean(),
        (damage, pick, op, value, structural) => {
          const text = isYaml && structural ? mutate(original, pick, op, value) : damage(original);
          const problems = problemsOf(parse, text, file);
          expectWellFormed(problems, file);
          if (problems.length > 0) refused++;
          if (isYaml && structural && op % 3 === 2 && problems.length > 0) {
            // An unknown key is named by its path.
            expect(problems.some((p) => p.path !== "" || p.message.length > 0)).toBe(true);
          }
        },
      ),
      { seed: SEED, numRuns: mutatedRuns(original) },
    );
    expect(refused).toBeGreaterThan(mutatedRuns(original) / 10);
  });
});

describe("place files", () => {
  it("answer damaged CSV and GeoJSON with problems, never another exception", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("areasText", "streetsText", "landmarksText", "kecText", "kelText"),
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.constantFrom(
            "level,code,name,kecamatan\nkecamatan,32.73.01,Sukasari,\nkelurahan,,,",
            "street,alt_names,highway,kecamatan_share,lon,lat\nJalan X,,primary,Coblong:abc,107.6,nan",
            '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{}}]}',
            '{"type":"FeatureCollection","features":"none"}',
            "{",
            "null",
          ),
        ),
        (which, text) => {
          const problems: ConfigProblem[] = [];
          parsePlaces({ [which]: text }, problems);
          for (const p of problems) {
            expect(p.file).toMatch(/\.(csv|geojson)$/);
            expect(p.message.trim().length).toBeGreaterThan(0);
          }
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe("loading a config directory with a broken file", () => {
  it.each([
    ["app.yaml", "x:\n  poll_interval_seconds: [lima]\nkunci_asing: 1\n"],
    ["agencies/dishub.yaml", "id: dishub\nkind: agency\nkeywords: 5\n"],
    ["sla.yaml", "\t- ::: {"],
    ["lexicon/slang.yaml", "!!binary aGFsbw=="],
  ])("throws one ConfigError naming %s", async (file, text) => {
    const dir = await mkdtemp(join(tmpdir(), "aduan-config-"));
    try {
      await cp("config", dir, { recursive: true });
      await writeFile(join(dir, file), text);
      const error = await loadConfig(dir, new Date("2026-11-28T03:00:00Z")).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.every((p) => p.file === join(dir, file))).toBe(true);
      expect((error as Error).message).toContain(join(dir, file));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { z } from "zod";
import { agencyFileSchema, type AgencyFile } from "../triage/agency-schema.js";
import { ConfigError, type ConfigProblem } from "./config-error.js";
import { parseYaml, type ParseResult } from "./yaml-file.js";
import {
  complaintFileSchema,
  kindsFileSchema,
  placeWordsFileSchema,
  regionalFileSchema,
  slangFileSchema,
  urgencyFileSchema,
  type ComplaintFile,
  type KindsFile,
  type PlaceWordsFile,
  type RegionalFile,
  type SlangFile,
  type UrgencyFile,
} from "../triage/lexicon-schema.js";
import { buildTriageModel, type TriageConfig, type TriageModel } from "../triage/triage.js";
import { buildAbuseDetector, detectAbuse } from "../triage/abuse.js";
import { abuseLexiconSchema, type AbuseLexicon } from "../triage/abuse-lexicon.js";
import { buildGazetteer } from "../triage/gazetteer.js";
import { locate } from "../triage/locate.js";
import { loadPlaces } from "./load-places.js";

/** The config directory: `ADUAN_CONFIG_DIR`, else `config` relative to the working directory. */
export function configDir(): string {
  return process.env["ADUAN_CONFIG_DIR"] ?? "config";
}

/** Only the triage settings of app.yaml; the rest of that file is validated by the app loader. */
const appTriageSchema = z
  .object({
    triage: z
      .object({
        min_confidence: z.number().min(0).max(1).optional(),
        official_accounts: z.array(z.string()).optional(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();

/** The rule miner's stop list (optional: a config without it mines every word). */
const suggestStopwordsSchema = z
  .object({
    function_words: z.array(z.string().min(1)).default([]),
    no_agency: z.array(z.string().min(1)).default([]),
  })
  .strict();

/**
 * Reads `agencies/*.yaml` and the six lexicons from `dir`, validates them, and throws one
 * ConfigError listing every problem (file, line, path, what was expected). The abuse detector and
 * gazetteer are not part of this: the caller plugs them in.
 */
export async function loadTriageConfig(dir: string = configDir()): Promise<TriageConfig> {
  const problems: ConfigProblem[] = [];
  const agencies = await loadAgencies(join(dir, "agencies"), problems);
  const slang = await loadFile<SlangFile>(join(dir, "lexicon", "slang.yaml"), slangFileSchema, problems);
  const complaint = await loadFile<ComplaintFile>(
    join(dir, "lexicon", "complaint.yaml"),
    complaintFileSchema,
    problems,
  );
  const urgency = await loadFile<UrgencyFile>(
    join(dir, "lexicon", "urgency.yaml"),
    urgencyFileSchema,
    problems,
  );
  const kinds = await loadFile<KindsFile>(join(dir, "lexicon", "kinds.yaml"), kindsFileSchema, problems);
  const placeWords = await loadFile<PlaceWordsFile>(
    join(dir, "lexicon", "place-words.yaml"),
    placeWordsFileSchema,
    problems,
  );
  const regional = await loadFile<RegionalFile>(
    join(dir, "lexicon", "regional.yaml"),
    regionalFileSchema,
    problems,
  );
  const app = await loadFile(join(dir, "app.yaml"), appTriageSchema, problems, { optional: true });
  const stopwords = await loadFile(
    join(dir, "lexicon", "suggest-stopwords.yaml"),
    suggestStopwordsSchema,
    problems,
    { optional: true },
  );
  if (problems.length > 0 || !slang || !complaint || !urgency || !kinds || !placeWords || !regional)
    throw new ConfigError(problems);
  const known = new Set(agencies.map((a) => a.id));
  for (const [i, a] of kinds.desk.fallback_agencies.entries()) {
    if (!known.has(a)) {
      problems.push({
        file: join(dir, "lexicon", "kinds.yaml"),
        path: `desk.fallback_agencies.${i}`,
        message: `unknown agency id \`${a}\``,
      });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const cfg: TriageConfig = { agencies, slang, complaint, urgency, kinds, placeWords, regional };
  if (stopwords)
    cfg.suggestStopwords = { functionWords: stopwords.function_words, noAgency: stopwords.no_agency };
  if (app?.triage?.official_accounts) cfg.officialAccounts = app.triage.official_accounts;
  if (app?.triage?.min_confidence !== undefined) cfg.minConfidence = app.triage.min_confidence;
  return cfg;
}

/** Validates a set of agency files already read (exposed so tests need no disk). */
export function parseAgencyFiles(files: readonly { file: string; text: string }[]): {
  agencies: AgencyFile[];
  problems: ConfigProblem[];
} {
  const problems: ConfigProblem[] = [];
  const agencies: AgencyFile[] = [];
  const seen = new Map<string, string>();
  for (const { file, text } of files) {
    const r = parseYaml(text, file, agencyFileSchema);
    if (!r.ok) {
      problems.push(...r.problems);
      continue;
    }
    const a = r.value;
    const earlier = seen.get(a.id);
    if (earlier) {
      problems.push({ file, path: "id", message: `duplicate agency id \`${a.id}\` (also in ${earlier})` });
      continue;
    }
    seen.set(a.id, file);
    const stem = basename(file).replace(/\.ya?ml$/, "");
    if (stem !== a.id) {
      problems.push({
        file,
        path: "id",
        message: `the id \`${a.id}\` should match the file name \`${stem}\``,
      });
    }
    agencies.push(a);
  }
  if (files.length > 0 && agencies.filter((a) => a.kind === "command_center").length > 1) {
    problems.push({
      file: files[0]?.file ?? "agencies",
      path: "kind",
      message: "more than one agency has kind `command_center`; exactly one receives unrouted complaints",
    });
  }
  return { agencies, problems };
}

async function loadAgencies(dir: string, problems: ConfigProblem[]): Promise<AgencyFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch (e) {
    problems.push({
      file: dir,
      path: "",
      message: `cannot read the agencies directory: ${(e as Error).message}`,
    });
    return [];
  }
  if (names.length === 0) problems.push({ file: dir, path: "", message: "no agency files (*.yaml) found" });
  const files = await Promise.all(
    names.map(async (n) => ({ file: join(dir, n), text: await readFile(join(dir, n), "utf8") })),
  );
  const parsed = parseAgencyFiles(files);
  problems.push(...parsed.problems);
  return parsed.agencies;
}

async function loadFile<T>(
  file: string,
  schema: z.ZodType<T>,
  problems: ConfigProblem[],
  opts: { optional?: boolean } = {},
): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    if (!opts.optional) problems.push({ file, path: "", message: `cannot read: ${(e as Error).message}` });
    return undefined;
  }
  const r = parseYaml(text, file, schema);
  if (!r.ok) {
    problems.push(...r.problems);
    return undefined;
  }
  return r.value;
}

/**
 * Loads the triage config and builds the model with abuse detection (`lexicon/abuse.yaml`) and
 * location (`places/`). Every problem of every file is reported together in one ConfigError.
 */
export async function loadTriageModel(dir: string = configDir()): Promise<TriageModel> {
  return (await loadTriageSetup(dir)).model;
}

/** The validated triage config (agencies included) and the model built from it, read once. */
export async function loadTriageSetup(
  dir: string = configDir(),
): Promise<{ config: TriageConfig; model: TriageModel }> {
  const problems: ConfigProblem[] = [];
  const [cfg, abuse, places] = await Promise.all([
    loadTriageConfig(dir).catch((e: unknown) => collect(e, problems)),
    loadFile(join(dir, "lexicon", "abuse.yaml"), abuseLexiconSchema, problems),
    loadPlaces(join(dir, "places")).catch((e: unknown) => collect(e, problems)),
  ]);
  if (problems.length > 0 || !cfg) throw new ConfigError(problems);
  if (abuse) {
    const detector = buildAbuseDetector(abuse);
    cfg.abuse = (text, tokens, context) => detectAbuse(detector, text, tokens, context);
  }
  if (places) {
    const gazetteer = buildGazetteer(places);
    cfg.locate = (input) => locate(gazetteer, input);
  }
  return { config: cfg, model: buildTriageModel(cfg) };
}

function collect(e: unknown, problems: ConfigProblem[]): undefined {
  if (e instanceof ConfigError) problems.push(...e.problems);
  else throw e;
  return undefined;
}

/** Validates the text of `config/lexicon/abuse.yaml`; `file` is only used to name problems. */
export function parseAbuseLexicon(text: string, file: string): ParseResult<AbuseLexicon> {
  return parseYaml(text, file, abuseLexiconSchema);
}

import { jakartaYear } from "../core/jakarta-time.js";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { HolidayCalendar, parseHolidayCsv, type HolidayList } from "../core/sla/holiday-calendar.js";
import { parseSlaPolicy, type SlaPolicy } from "../core/sla/sla-policy.js";
import { parseReplyTemplates, validateTemplateOverrides } from "../core/reply-templates.js";
import type { ReplyTemplates } from "../core/render-reply.js";
import type { TriageModel } from "../triage/triage.js";
import type { AgencyFile } from "../triage/agency-schema.js";
import { appFileSchema, type AppFile } from "../config/app-schema.js";
import { ConfigError, type ConfigProblem } from "../config/config-error.js";
import { feedbackLexiconSchema, type FeedbackLexicon } from "../config/feedback-lexicon.js";
import { loadTriageSetup } from "../config/load-triage-config.js";
import { parseYaml, rawYaml, type ParseResult } from "../config/yaml-file.js";
import { sentimentLexiconSchema, type SentimentLexicon } from "../mood/sentiment-lexicon.js";

/** Everything in `config/`, parsed, validated and cross-checked. */
export interface AduanConfig {
  dir: string;
  app: AppFile;
  agencies: readonly AgencyFile[];
  triage: TriageModel;
  templates: ReplyTemplates;
  sla: SlaPolicy;
  holidays: HolidayCalendar;
  /** `feedback.yaml`: how a citizen's answer to our "resolved" reply is read. */
  feedback: FeedbackLexicon;
  /** `lexicon/sentiment.yaml`: the words the mood of mentions is read from. */
  sentiment: SentimentLexicon;
  /** Things worth saying at start-up that are not errors (a year without a holiday list). */
  warnings: string[];
}

/**
 * Loads and validates every config file once, at start-up. Throws one ConfigError listing every
 * problem of every file (file, line, path, what was expected), not just the first.
 */
export async function loadConfig(dir: string, now: Date): Promise<AduanConfig> {
  const problems: ConfigProblem[] = [];
  const keep = <T>(p: Promise<T>): Promise<T | undefined> =>
    p.catch((e: unknown) => {
      if (e instanceof ConfigError) problems.push(...e.problems);
      else throw e;
      return undefined;
    });

  const [triageSetup, app, templates, sla, holidayLists, feedback, sentiment] = await Promise.all([
    keep(loadTriageSetup(dir)),
    parsed(join(dir, "app.yaml"), (text, file) => parseYaml(text, file, appFileSchema), problems),
    parsed(join(dir, "templates.yaml"), parseReplyTemplates, problems),
    parsed(join(dir, "sla.yaml"), parseSlaPolicy, problems),
    loadHolidayLists(join(dir, "holidays"), problems),
    parsed(
      join(dir, "feedback.yaml"),
      (text, file) => parseYaml(text, file, feedbackLexiconSchema),
      problems,
    ),
    parsed(
      join(dir, "lexicon", "sentiment.yaml"),
      (text, file) => parseYaml(text, file, sentimentLexiconSchema),
      problems,
    ),
  ]);

  const agencies = triageSetup?.config.agencies ?? [];
  const triage = triageSetup?.model;
  // Checked on the raw files, so a wrong agency name is reported together with every other problem,
  // even when app.yaml or an agency file has errors of its own.
  problems.push(...(await crossCheck(dir, agencies)));
  for (const a of agencies) {
    if (a.templates)
      problems.push(...validateTemplateOverrides(a.templates, join(dir, "agencies", `${a.id}.yaml`)));
  }
  if (problems.length > 0 || !triage || !app || !templates || !sla || !feedback || !sentiment)
    throw new ConfigError(problems);

  const holidays = new HolidayCalendar(holidayLists);
  const year = jakartaYear(now.getTime());
  const warnings = holidays
    .missingYears([year, year + 1])
    .map(
      (y) =>
        `No holiday list for ${y} in ${join(dir, "holidays")}: its public holidays and cuti bersama count as working days until ${y}.csv is added.`,
    );
  // The routing threshold has one default, in the app.yaml schema; the triage model takes it too.
  const model: TriageModel = { ...triage, minConfidence: app.triage.min_confidence };
  return { dir, app, agencies, triage: model, templates, sla, holidays, feedback, sentiment, warnings };
}

/**
 * `telegram.triage_agency` and `telegram.moderation_agency` name existing agencies. Read from the
 * raw app.yaml (with its lines) and checked against the agencies that loaded, or, when an agency
 * file has errors, the agency files' names, so this problem shows up in the same run as the others.
 */
async function crossCheck(dir: string, agencies: readonly AgencyFile[]): Promise<ConfigProblem[]> {
  const file = join(dir, "app.yaml");
  const raw = rawYaml(await readFile(file, "utf8").catch(() => ""));
  if (!raw) return [];
  const ids =
    agencies.length > 0
      ? agencies.map((a) => a.id)
      : (await readdir(join(dir, "agencies")).catch(() => [] as string[]))
          .filter((n) => /\.ya?ml$/.test(n))
          .map((n) => n.replace(/\.ya?ml$/, ""));
  if (ids.length === 0) return [];
  const telegram = (raw.value as { telegram?: Record<string, unknown> } | null)?.telegram ?? {};
  const problems: ConfigProblem[] = [];
  for (const key of ["triage_agency", "moderation_agency"] as const) {
    const id = telegram[key] ?? appFileSchema.shape.telegram.parse(undefined)[key];
    if (typeof id !== "string" || ids.includes(id)) continue;
    const line = raw.lineOf(["telegram", key]);
    problems.push({
      file,
      ...(line === undefined ? {} : { line }),
      path: `telegram.${key}`,
      message: `unknown agency \`${id}\` (known: ${ids.join(", ")})`,
    });
  }
  return problems;
}

async function parsed<T>(
  file: string,
  parse: (text: string, file: string) => ParseResult<T>,
  problems: ConfigProblem[],
): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    problems.push({ file, path: "", message: `cannot read: ${(e as Error).message}` });
    return undefined;
  }
  const r = parse(text, file);
  if (!r.ok) {
    problems.push(...r.problems);
    return undefined;
  }
  return r.value;
}

async function loadHolidayLists(dir: string, problems: ConfigProblem[]): Promise<HolidayList[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /^\d{4}\.csv$/.test(n)).sort();
  } catch {
    return []; // no holiday lists at all: every year is reported as missing
  }
  const lists: HolidayList[] = [];
  for (const n of names) {
    const r = await parsed(join(dir, n), parseHolidayCsv, problems);
    if (r) lists.push(r);
  }
  return lists;
}

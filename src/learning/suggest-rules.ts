import type { AgencyFile } from "../triage/agency-schema.js";
import { normalise } from "../triage/normalise.js";
import { compilePhrase, type PhraseWord } from "../triage/phrase-index.js";
import { triage, type TriageConfig, type TriageModel } from "../triage/triage.js";
import type { ReportKind, TriageVerdict } from "../triage/types.js";
import { modelWith, ruleFile, ruleId, ruleYaml, type CandidateRule } from "./candidate-rule.js";

/**
 * Rule suggestions mined from labelled rows (the dev files, the staff's corrections): word
 * families that predict an agency or a report kind, each turned into a rule and measured by
 * running triage again with the rule added in memory. Nothing here writes a file.
 *
 * Words are the triage normaliser's stems (slang expanded, particles dropped), alone and in pairs
 * (`selokan`, `selokan mampet`). For a word family `f` and an agency `a`:
 * - support: labelled rows that contain `f` and carry `a` among their labels;
 * - precision: support over all labelled rows that contain `f`.
 * A row is right when triage's agency is one of its labels (an empty list: when triage says it is
 * no report), and, where the row names a kind, when triage's kind is that kind; the same hit
 * `npm run backtest` counts. A rule's delta on a file: fixed (wrong before, right after), broken
 * (right before, wrong after), net = fixed − broken.
 */

export interface LabelledExample {
  id: string;
  text: string;
  /** Agencies that may own it; empty: not a report. Rows without labels are skipped. */
  labels?: string[];
  kind?: ReportKind | null;
}

export interface Dataset {
  name: string;
  rows: readonly LabelledExample[];
}

export interface SuggestOptions {
  /** Fewest supporting rows a word family needs (default 3: a rule for one tweet is overfitting). */
  minSupport?: number;
  /** Lowest precision (default 0.6). */
  minPrecision?: number;
  /** At most this many candidates are measured, the most promising first (default 150). */
  maxCandidates?: number;
  /** Called after each measured candidate (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
}

export interface FileDelta {
  file: string;
  fixed: number;
  broken: number;
  net: number;
}

export interface RowChange {
  file: string;
  id: string;
  expected: string;
  before: string;
  after: string;
  fixed: boolean;
}

export interface Suggestion {
  id: string;
  rule: CandidateRule;
  /** Config file the rule goes in, relative to the config directory. */
  file: string;
  yaml: string;
  support: number;
  precision: number;
  /** Rows the word family stands in that triage gets wrong today and the rule points the right way. */
  seenErrors: number;
  deltas: FileDelta[];
  total: { fixed: number; broken: number; net: number };
  /** Breaks more than it fixes on some file: shown, never ranked first. */
  harmful: boolean;
  /** The tickets (rows) whose outcome the rule changes. */
  changes: RowChange[];
}

const DEFAULTS = { minSupport: 3, minPrecision: 0.6, maxCandidates: 150 };

/** Function words: never a rule on their own. */
const STOPWORDS = new Set(
  (
    "yang dan di ke dari ini itu ada untuk dengan pada juga sudah udah belum tidak gak bukan akan bisa " +
    "saya kami kita kamu anda dia mereka pak bu bapak ibu mas mbak kang min admin mohon tolong minta " +
    "sekali sangat lagi masih karena jadi atau tapi kalau kok sih nya dong deh para oleh bagi buat " +
    "kapan kenapa bagaimana apa siapa mana sampai sejak setelah sebelum terus hanya saja banyak semua " +
    "warga kota kabupaten pemkot pemerintah dinas wali walikota bupati gubernur terima kasih " +
    "tentang lapor laporan segera seluruh mohon harap agar supaya"
  ).split(" "),
);

const WEIGHTS: Record<CandidateRule["type"], number[]> = {
  keyword: [1, 2, 3],
  negative: [1, 2, 3],
  context: [1.5, 2.5],
  kind: [1, 1.5, 2],
};
const CONTEXT_WINDOW = 3;

interface Example {
  file: number;
  row: LabelledExample;
  tokens: readonly string[];
  stems: readonly string[];
  tokenSet: ReadonlySet<string>;
  stemSet: ReadonlySet<string>;
  verdict: TriageVerdict;
  right: boolean;
}

/** Whether `v` is right for `row`: the backtest's agency hit, and the kind where the row names one. */
export function rowIsRight(row: LabelledExample, v: TriageVerdict): boolean {
  const labels = row.labels ?? [];
  const got = v.complaint ? v.agency : null;
  const agencyOk = labels.length === 0 ? !v.complaint : got !== null && labels.includes(got);
  const kindOk = row.kind === undefined || (v.kind ?? null) === row.kind;
  return agencyOk && kindOk;
}

const outcome = (v: TriageVerdict): string =>
  !v.complaint ? "bukan aduan" : `${v.disposition === "desk" ? "desk" : (v.agency ?? "?")}/${v.kind ?? "-"}`;
const expectation = (row: LabelledExample): string =>
  `${(row.labels ?? []).join("|") || "bukan aduan"}${row.kind !== undefined ? `/${row.kind ?? "-"}` : ""}`;

const isWord = (s: string): boolean => s.length >= 3 && /^\p{L}+$/u.test(s) && !STOPWORDS.has(s);

/** Word families of a row: stemmed unigrams and adjacent bigrams, with a surface form each. */
function familiesOf(e: Example): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < e.stems.length; i++) {
    const s = e.stems[i] ?? "";
    if (!isWord(s)) continue;
    out.set(s, e.tokens[i] ?? s);
    const s2 = e.stems[i + 1];
    if (s2 !== undefined && isWord(s2) && s2 !== s)
      out.set(`${s} ${s2}`, `${e.tokens[i]} ${e.tokens[i + 1]}`);
  }
  return out;
}

/** A rule before its weight is chosen. */
type Unweighted = CandidateRule extends unknown
  ? CandidateRule extends infer R
    ? R extends CandidateRule
      ? Omit<R, "weight">
      : never
    : never
  : never;

interface Mined {
  rule: Unweighted;
  trigger: string;
  support: number;
  precision: number;
  seenErrors: number;
}

/** Mines, measures and ranks suggestions over `datasets` (each a file: deltas are per file). */
export function suggestRules(
  config: TriageConfig,
  model: TriageModel,
  datasets: readonly Dataset[],
  options: SuggestOptions = {},
): Suggestion[] {
  const o = { ...DEFAULTS, ...options };
  const examples: Example[] = [];
  datasets.forEach((d, file) => {
    for (const row of d.rows) {
      if (row.labels === undefined) continue;
      const n = normalise(row.text, model.slang);
      const verdict = triage(model, { id: row.id, text: row.text });
      examples.push({
        file,
        row,
        tokens: n.tokens,
        stems: n.stems,
        tokenSet: new Set(n.tokens),
        stemSet: new Set(n.stems),
        verdict,
        right: rowIsRight(row, verdict),
      });
    }
  });

  const families = new Map<string, { rows: number[]; surface: Map<string, number> }>();
  examples.forEach((e, i) => {
    for (const [f, surface] of familiesOf(e)) {
      let fam = families.get(f);
      if (!fam) families.set(f, (fam = { rows: [], surface: new Map() }));
      fam.rows.push(i);
      fam.surface.set(surface, (fam.surface.get(surface) ?? 0) + 1);
    }
  });

  const existing = existingRules(config, model);
  const mined: Mined[] = [];
  for (const [f, fam] of families) {
    if (fam.rows.length < o.minSupport) continue;
    const phrase = phraseFor(f, fam.surface, model);
    if (phrase === undefined) continue;
    const rows = fam.rows.map((i) => examples[i] as Example);
    // A keyword for the agency the rows carry.
    const byAgency = new Map<string, number>();
    for (const e of rows) for (const l of e.row.labels ?? []) byAgency.set(l, (byAgency.get(l) ?? 0) + 1);
    for (const [agency, hits] of byAgency) {
      if (!model.agencies.agencies.some((a) => a.id === agency)) continue;
      const precision = hits / rows.length;
      const errors = rows.filter((e) => !e.right && (e.row.labels ?? []).includes(agency)).length;
      if (hits >= o.minSupport && errors > 0 && !existing.has(`keyword|${agency}|${f}`)) {
        if (precision >= o.minPrecision)
          mined.push({
            rule: { type: "keyword", agency, phrase },
            trigger: phrase,
            support: hits,
            precision,
            seenErrors: errors,
          });
        else if (!f.includes(" "))
          mined.push(...contextFor(f, phrase, agency, rows, examples, o, existing, model));
      }
    }
    // A negative for an agency that wins where the rows say it should not.
    const byWinner = new Map<string, { wrong: number; all: number }>();
    for (const e of rows) {
      const v = e.verdict;
      if (!v.complaint || v.disposition !== "agency" || !v.agency) continue;
      const c = byWinner.get(v.agency) ?? { wrong: 0, all: 0 };
      c.all++;
      if (!(e.row.labels ?? []).includes(v.agency)) c.wrong++;
      byWinner.set(v.agency, c);
    }
    for (const [agency, c] of byWinner) {
      const precision = c.wrong / c.all;
      if (c.wrong >= o.minSupport && precision >= o.minPrecision && !existing.has(`negative|${agency}|${f}`))
        mined.push({
          rule: { type: "negative", agency, phrase },
          trigger: phrase,
          support: c.wrong,
          precision,
          seenErrors: c.wrong,
        });
    }
    // A cue of a report kind, where rows name kinds.
    const kinded = rows.filter((e) => e.row.kind !== undefined);
    const byKind = new Map<string, number>();
    for (const e of kinded) if (e.row.kind) byKind.set(e.row.kind, (byKind.get(e.row.kind) ?? 0) + 1);
    for (const [kind, hits] of byKind) {
      if (kind === "keluhan") continue; // a named problem makes a keluhan: there are no keluhan cues
      const precision = hits / kinded.length;
      const errors = kinded.filter((e) => e.row.kind === kind && e.verdict.kind !== kind).length;
      if (
        hits >= o.minSupport &&
        precision >= o.minPrecision &&
        errors > 0 &&
        !existing.has(`kind|${kind}|${f}`)
      )
        mined.push({
          rule: { type: "kind", kind: kind as Exclude<ReportKind, "keluhan">, phrase },
          trigger: phrase,
          support: hits,
          precision,
          seenErrors: errors,
        });
    }
  }

  const promising = mined
    .sort((a, b) => b.seenErrors * b.precision - a.seenErrors * a.precision || b.support - a.support)
    .slice(0, o.maxCandidates);
  const out: Suggestion[] = [];
  promising.forEach((m, i) => {
    const best = measureBest(config, model, datasets, examples, m);
    if (best && best.total.fixed > 0) out.push(best);
    o.onProgress?.(i + 1, promising.length);
  });
  return rankSuggestions(out);
}

/** Harmless before harmful; then by net gain, fewer broken, precision, support; then id (stable). */
export function rankSuggestions(list: readonly Suggestion[]): Suggestion[] {
  return [...list].sort(
    (a, b) =>
      Number(a.harmful) - Number(b.harmful) ||
      b.total.net - a.total.net ||
      a.total.broken - b.total.broken ||
      b.precision - a.precision ||
      b.support - a.support ||
      a.id.localeCompare(b.id),
  );
}

/** A context rule for a word too ambiguous alone: the word near the neighbour that makes it `agency`'s. */
function contextFor(
  f: string,
  phrase: string,
  agency: string,
  rows: readonly Example[],
  _all: readonly Example[],
  o: typeof DEFAULTS,
  existing: ReadonlySet<string>,
  model: TriageModel,
): Mined[] {
  const near = new Map<string, { all: number; hits: number; errors: number; surface: string }>();
  for (const e of rows) {
    const seen = new Set<string>();
    e.stems.forEach((s, i) => {
      if (s !== f) return;
      for (
        let j = Math.max(0, i - CONTEXT_WINDOW);
        j <= Math.min(e.stems.length - 1, i + CONTEXT_WINDOW);
        j++
      ) {
        const g = e.stems[j] ?? "";
        if (j === i || g === f || !isWord(g) || seen.has(g)) continue;
        seen.add(g);
        const c = near.get(g) ?? { all: 0, hits: 0, errors: 0, surface: e.tokens[j] ?? g };
        c.all++;
        if ((e.row.labels ?? []).includes(agency)) {
          c.hits++;
          if (!e.right) c.errors++;
        }
        near.set(g, c);
      }
    });
  }
  const out: Mined[] = [];
  const ranked = [...near.entries()]
    .filter(([, c]) => c.hits >= o.minSupport && c.hits / c.all >= o.minPrecision && c.errors > 0)
    .sort((a, b) => b[1].hits - a[1].hits)
    .slice(0, 2);
  for (const [g, c] of ranked) {
    if (existing.has(`keyword|${agency}|${f} ${g}`) || existing.has(`keyword|${agency}|${g} ${f}`)) continue;
    const need = phraseFor(g, new Map([[c.surface, 1]]), model);
    if (need === undefined) continue;
    out.push({
      rule: { type: "context", agency, word: phrase, needs: [need], window: CONTEXT_WINDOW },
      trigger: phrase,
      support: c.hits,
      precision: c.hits / c.all,
      seenErrors: c.errors,
    });
  }
  return out;
}

/** The text to write for a family: its commonest surface form if it compiles back to the family, else the stems. */
function phraseFor(
  family: string,
  surface: ReadonlyMap<string, number>,
  model: TriageModel,
): string | undefined {
  const compiles = (text: string): boolean =>
    compilePhrase(text, 1, null, model.slang)
      ?.words.map((w) => (w.exact ? `=${w.value}` : w.value))
      .join(" ") === family;
  const common = [...surface.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (common !== undefined && compiles(common)) return common;
  return compiles(family) ? family : undefined;
}

/** `type|owner|stems` of every rule the config has, so a suggestion never repeats one. */
function existingRules(config: TriageConfig, model: TriageModel): Set<string> {
  const out = new Set<string>();
  const stems = (text: string): string | undefined =>
    compilePhrase(text, 1, null, model.slang)
      ?.words.map((w) => w.value)
      .join(" ");
  const add = (type: string, owner: string, text: string): void => {
    const s = stems(text);
    if (s !== undefined) out.add(`${type}|${owner}|${s}`);
  };
  for (const a of config.agencies as readonly AgencyFile[]) {
    for (const k of Object.keys(a.keywords)) add("keyword", a.id, k);
    for (const k of Object.keys(a.negative ?? {})) add("negative", a.id, k);
    for (const c of a.context ?? []) add("keyword", a.id, c.word);
  }
  for (const kind of ["permintaan", "pertanyaan", "saran"] as const)
    for (const k of Object.keys(config.kinds?.kinds[kind].phrases ?? {})) add("kind", kind, k);
  return out;
}

/** Rows a rule can change: those holding every word of its trigger (a phrase matches nowhere else). */
function affected(examples: readonly Example[], words: readonly PhraseWord[]): number[] {
  const out: number[] = [];
  examples.forEach((e, i) => {
    if (words.every((w) => (w.exact ? e.tokenSet.has(w.value) : e.stemSet.has(w.value)))) out.push(i);
  });
  return out;
}

/** Measures a mined rule at each weight and keeps the best (harmless, then net, then lighter). */
function measureBest(
  config: TriageConfig,
  model: TriageModel,
  datasets: readonly Dataset[],
  examples: readonly Example[],
  m: Mined,
): Suggestion | undefined {
  const words = compilePhrase(m.trigger, 1, null, model.slang)?.words;
  if (!words) return undefined;
  const rows = affected(examples, words);
  let best: Suggestion | undefined;
  for (const weight of WEIGHTS[m.rule.type]) {
    const rule = { ...m.rule, weight } as CandidateRule;
    const s = measure(config, model, datasets, examples, rows, rule);
    const suggestion: Suggestion = {
      ...s,
      id: ruleId(rule),
      rule,
      file: ruleFile(rule),
      yaml: ruleYaml(rule),
      support: m.support,
      precision: round(m.precision),
      seenErrors: m.seenErrors,
    };
    // Weights are tried lightest first; a heavier one must do strictly better to be kept.
    if (!best || better(suggestion, best)) best = suggestion;
  }
  return best;
}

function better(a: Suggestion, b: Suggestion): boolean {
  if (a.harmful !== b.harmful) return !a.harmful;
  if (a.total.net !== b.total.net) return a.total.net > b.total.net;
  return a.total.broken < b.total.broken;
}

/** The per-file delta of one rule over the rows it can change. */
export function measure(
  config: TriageConfig,
  model: TriageModel,
  datasets: readonly Dataset[],
  examples: readonly Example[],
  rows: readonly number[],
  rule: CandidateRule,
): Pick<Suggestion, "deltas" | "total" | "harmful" | "changes"> {
  const changed = modelWith(config, model, rule);
  const deltas: FileDelta[] = datasets.map((d) => ({ file: d.name, fixed: 0, broken: 0, net: 0 }));
  const changes: RowChange[] = [];
  for (const i of rows) {
    const e = examples[i] as Example;
    const v = triage(changed, { id: e.row.id, text: e.row.text });
    const right = rowIsRight(e.row, v);
    if (right === e.right) continue;
    const d = deltas[e.file] as FileDelta;
    if (right) d.fixed++;
    else d.broken++;
    changes.push({
      file: d.file,
      id: e.row.id,
      expected: expectation(e.row),
      before: outcome(e.verdict),
      after: outcome(v),
      fixed: right,
    });
  }
  for (const d of deltas) d.net = d.fixed - d.broken;
  const total = deltas.reduce(
    (t, d) => ({ fixed: t.fixed + d.fixed, broken: t.broken + d.broken, net: t.net + d.net }),
    { fixed: 0, broken: 0, net: 0 },
  );
  return { deltas, total, harmful: deltas.some((d) => d.broken > d.fixed), changes };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

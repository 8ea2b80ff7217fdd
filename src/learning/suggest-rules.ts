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
  /**
   * Most agencies a word may point at for an agency rule (default 3): the effective number of
   * agencies among the labelled rows with the word (2^entropy, look-alikes once; one agency: 1,
   * an even split over k: k). A word every agency's tweets use cannot carry one, whatever its
   * precision (which only looks at the commonest agency).
   */
  maxSpread?: number;
  /**
   * How the rows are split in two for the `offered` test (default `hash`): by a hash of the id
   * (dev files, whose order means nothing), or `time`: the older and the newer half of the rows as
   * given (corrections or a replay in decision order). Offered under `time` means the rule fixed
   * tickets at two times, before and after the middle: the pattern came back, it is not one event.
   */
  split?: "hash" | "time";
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
  /**
   * The delta on each half of the rows (split by a hash of the id, or older/newer with `split:
   * "time"`; near-duplicates share a half).
   */
  halves: [FileDelta, FileDelta];
  /**
   * Fixes more than it breaks on both halves and on every file it changes: the only suggestions
   * offered (the weekly message, the bench) and ranked first. Support in one half only, or a
   * gain in one file paid for in another, is not evidence the rule generalises.
   */
  offered: boolean;
  /** The tickets (rows) whose outcome the rule changes. */
  changes: RowChange[];
}

const DEFAULTS = { minSupport: 3, minPrecision: 0.6, maxCandidates: 150, maxSpread: 3, split: "hash" };

/**
 * Two rows are look-alikes (one tweet copied, a campaign, a thread about one person) when they
 * share at least this many content words and most of their words (Jaccard at least NEAR_JACCARD).
 * Look-alikes count once in support: a name seen in five copies of one tweet is one observation.
 */
const NEAR_SHARED = 3;
const NEAR_JACCARD = 0.5;

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
  /** Its cluster of look-alikes (the index of the cluster's first row). */
  cluster: number;
  /** 0 or 1: the half it is measured in (by a hash of its cluster's first id). */
  half: number;
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

/** Stems the miner never makes a rule of, and those never an agency rule (from `config.suggestStopwords`). */
interface StopStems {
  never: ReadonlySet<string>;
  noAgency: ReadonlySet<string>;
}

function stopStems(config: TriageConfig, model: TriageModel): StopStems {
  const stems = (words: readonly string[] = []): Set<string> =>
    new Set(words.flatMap((w) => [w.toLowerCase(), ...normalise(w, model.slang).stems]));
  return {
    never: stems(config.suggestStopwords?.functionWords),
    noAgency: stems(config.suggestStopwords?.noAgency),
  };
}

const isWordWith =
  (stop: StopStems) =>
  (s: string): boolean =>
    s.length >= 3 && /^\p{L}+$/u.test(s) && !stop.never.has(s);

/** Whether a family (one stem or a pair) may carry an agency: not only stop-listed words. */
const mayCarryAgency = (f: string, stop: StopStems): boolean =>
  f.split(" ").some((w) => !stop.noAgency.has(w));

/**
 * Whether a word family reads as a name in its rows: its commonest surface word is written
 * Capitalised (`Jakarta`, `Sabuga`, not `JALAN` or `PDAM`: acronyms do name services) in more
 * than half of the rows that have it. Only single words: a pair is judged by its words' rules.
 */
function isNameIn(surface: ReadonlyMap<string, number>, rows: readonly Example[]): boolean {
  const word = [...surface.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (word === undefined || word.includes(" ") || !/^\p{L}+$/u.test(word)) return false;
  const capitalised = new RegExp(`(?<!\\p{L})${word[0]?.toUpperCase()}${word.slice(1)}(?!\\p{L})`, "u");
  const any = new RegExp(`(?<!\\p{L})${word}(?!\\p{L})`, "iu");
  let seen = 0;
  let names = 0;
  for (const e of rows) {
    if (!any.test(e.row.text)) continue;
    seen++;
    if (capitalised.test(e.row.text)) names++;
  }
  return seen > 0 && names * 2 > seen;
}

/**
 * Whether the gazetteer knows `word` (alone, or as `jalan <word>`) as a place of that name. A
 * street triage only guessed from `jalan …` (not in the street list) does not count: any word
 * after `jalan` makes one.
 */
function namesPlace(model: TriageModel, word: string): boolean {
  if (!model.locate) return false;
  return [word, `jalan ${word}`].some((text) => {
    const v = triage(model, { id: "place-check", text });
    const l = v.location;
    const name = l.street ?? l.landmark ?? l.kelurahan ?? l.kecamatan;
    const guessed = v.evidence.some(
      (e) => e.field === "location" && e.reason.includes("not in the street list"),
    );
    return l.source === "text" && !guessed && name !== undefined && name.toLowerCase().includes(word);
  });
}

/** The half (0 or 1) a row with this id is measured in (FNV-1a of the id): stable across runs. */
export function halfOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return h & 1;
}

/**
 * Clusters of look-alike rows (union-find over pairs sharing most of their content words).
 * Returns, for each row, the index of its cluster's first row.
 */
export function lookAlikeClusters(contents: readonly ReadonlySet<string>[]): number[] {
  const parent = contents.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  for (let i = 0; i < contents.length; i++) {
    const a = contents[i] as ReadonlySet<string>;
    if (a.size < NEAR_SHARED) continue;
    for (let j = i + 1; j < contents.length; j++) {
      const b = contents[j] as ReadonlySet<string>;
      if (b.size < NEAR_SHARED) continue;
      let shared = 0;
      for (const w of a) if (b.has(w)) shared++;
      if (shared >= NEAR_SHARED && shared / (a.size + b.size - shared) >= NEAR_JACCARD) {
        const ri = find(i);
        const rj = find(j);
        if (ri !== rj) parent[Math.max(ri, rj)] = Math.min(ri, rj);
      }
    }
  }
  return contents.map((_, i) => find(i));
}

/** Entropy (bits) of a distribution given as counts. */
function entropy(counts: Iterable<number>): number {
  const list = [...counts];
  const n = list.reduce((s, c) => s + c, 0);
  return n === 0 ? 0 : -list.reduce((s, c) => (c === 0 ? s : s + (c / n) * Math.log2(c / n)), 0);
}

/** Word families of a row: stemmed unigrams and adjacent bigrams, with a surface form each. */
function familiesOf(e: Example, isWord: (s: string) => boolean): Map<string, string> {
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
  const stop = stopStems(config, model);
  const isWord = isWordWith(stop);
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
        cluster: 0,
        half: 0,
      });
    }
  });
  const clusters = lookAlikeClusters(
    examples.map((e) => new Set([...e.stemSet].filter((s) => isWord(s) && !stop.noAgency.has(s)))),
  );
  examples.forEach((e, i) => {
    e.cluster = clusters[i] ?? i;
    e.half =
      o.split === "time"
        ? Number(e.cluster >= examples.length / 2)
        : halfOf((examples[e.cluster] as Example).row.id);
  });
  /** Look-alikes count once. */
  const distinct = (rows: readonly Example[]): number => new Set(rows.map((e) => e.cluster)).size;
  // The agencies of labelled rows, each cluster once.
  const agenciesOf = (rows: readonly Example[]): Map<string, number> => {
    const seen = new Set<string>();
    const out = new Map<string, number>();
    for (const e of rows)
      for (const l of e.row.labels ?? []) {
        if (seen.has(`${e.cluster}|${l}`)) continue;
        seen.add(`${e.cluster}|${l}`);
        out.set(l, (out.get(l) ?? 0) + 1);
      }
    return out;
  };
  const spreadOf = (rows: readonly Example[]): number => 2 ** entropy(agenciesOf(rows).values());

  const families = new Map<string, { rows: number[]; surface: Map<string, number> }>();
  examples.forEach((e, i) => {
    for (const [f, surface] of familiesOf(e, isWord)) {
      let fam = families.get(f);
      if (!fam) families.set(f, (fam = { rows: [], surface: new Map() }));
      fam.rows.push(i);
      fam.surface.set(surface, (fam.surface.get(surface) ?? 0) + 1);
    }
  });

  const existing = existingRules(config, model);
  const places = new Map<string, boolean>();
  const isPlace = (f: string): boolean => {
    if (f.includes(" ")) return false;
    let known = places.get(f);
    if (known === undefined) places.set(f, (known = namesPlace(model, f)));
    return known;
  };
  const mined: Mined[] = [];
  for (const [f, fam] of families) {
    if (fam.rows.length < o.minSupport) continue;
    const phrase = phraseFor(f, fam.surface, model);
    if (phrase === undefined) continue;
    const rows = fam.rows.map((i) => examples[i] as Example);
    const clustersWith = distinct(rows);
    if (clustersWith < o.minSupport) continue;
    // A word every agency's tweets use, or a stop-listed one, carries no agency: no keyword, no
    // negative. (Still a context trigger: that rule needs a neighbour that does carry one.)
    // A name (a town, a venue, a person: written Capitalised in most of its tweets, or a place the
    // gazetteer knows) says where or who, not whose job it is: no agency rule either.
    const agencyWord = mayCarryAgency(f, stop) && !isNameIn(fam.surface, rows) && !isPlace(f);
    const carries = agencyWord && spreadOf(rows) <= o.maxSpread;
    // A keyword for the agency the rows carry; support and precision count look-alikes once.
    const byAgency = agenciesOf(rows);
    for (const [agency, hits] of agencyWord ? byAgency : []) {
      if (!model.agencies.agencies.some((a) => a.id === agency)) continue;
      const precision = hits / clustersWith;
      const errors = rows.filter((e) => !e.right && (e.row.labels ?? []).includes(agency)).length;
      if (hits >= o.minSupport && errors > 0 && !existing.has(`keyword|${agency}|${f}`)) {
        if (precision >= o.minPrecision && carries)
          mined.push({
            rule: { type: "keyword", agency, phrase },
            trigger: phrase,
            support: hits,
            precision,
            seenErrors: errors,
          });
        else if (!f.includes(" "))
          mined.push(...contextFor(f, phrase, agency, rows, o, existing, model, isWord, stop));
      }
    }
    // A negative for an agency that wins where the rows say it should not.
    const byWinner = new Map<string, { wrong: Set<number>; all: Set<number> }>();
    for (const e of carries ? rows : []) {
      const v = e.verdict;
      if (!v.complaint || v.disposition !== "agency" || !v.agency) continue;
      const c = byWinner.get(v.agency) ?? { wrong: new Set<number>(), all: new Set<number>() };
      c.all.add(e.cluster);
      if (!(e.row.labels ?? []).includes(v.agency)) c.wrong.add(e.cluster);
      byWinner.set(v.agency, c);
    }
    for (const [agency, sets] of byWinner) {
      const c = { wrong: sets.wrong.size, all: sets.all.size };
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
    const byKind = new Map<string, Set<number>>();
    for (const e of kinded)
      if (e.row.kind) byKind.set(e.row.kind, (byKind.get(e.row.kind) ?? new Set()).add(e.cluster));
    for (const [kind, hitSet] of byKind) {
      if (kind === "keluhan") continue; // a named problem makes a keluhan: there are no keluhan cues
      const hits = hitSet.size;
      const precision = hits / distinct(kinded);
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

/** Offered first, harmful last; then by net gain, fewer broken, precision, support; then id (stable). */
export function rankSuggestions(list: readonly Suggestion[]): Suggestion[] {
  return [...list].sort(
    (a, b) =>
      Number(b.offered) - Number(a.offered) ||
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
  o: typeof DEFAULTS,
  existing: ReadonlySet<string>,
  model: TriageModel,
  isWord: (s: string) => boolean,
  stop: StopStems,
): Mined[] {
  // Clusters, not rows: look-alikes count once.
  const near = new Map<string, { all: Set<number>; hits: Set<number>; errors: number; surface: string }>();
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
        if (j === i || g === f || !isWord(g) || stop.noAgency.has(g) || seen.has(g)) continue;
        seen.add(g);
        const c = near.get(g) ?? { all: new Set(), hits: new Set(), errors: 0, surface: e.tokens[j] ?? g };
        c.all.add(e.cluster);
        if ((e.row.labels ?? []).includes(agency)) {
          c.hits.add(e.cluster);
          if (!e.right) c.errors++;
        }
        near.set(g, c);
      }
    });
  }
  const out: Mined[] = [];
  const ranked = [...near.entries()]
    .map(
      ([g, c]) => [g, { all: c.all.size, hits: c.hits.size, errors: c.errors, surface: c.surface }] as const,
    )
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
  if (a.offered !== b.offered) return a.offered;
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
): Pick<Suggestion, "deltas" | "total" | "harmful" | "changes" | "halves" | "offered"> {
  const changed = modelWith(config, model, rule);
  const deltas: FileDelta[] = datasets.map((d) => ({ file: d.name, fixed: 0, broken: 0, net: 0 }));
  const halves: [FileDelta, FileDelta] = [
    { file: "half 1", fixed: 0, broken: 0, net: 0 },
    { file: "half 2", fixed: 0, broken: 0, net: 0 },
  ];
  const changes: RowChange[] = [];
  for (const i of rows) {
    const e = examples[i] as Example;
    const v = triage(changed, { id: e.row.id, text: e.row.text });
    const right = rowIsRight(e.row, v);
    if (right === e.right) continue;
    const d = deltas[e.file] as FileDelta;
    const h = halves[e.half] as FileDelta;
    for (const x of [d, h]) {
      if (right) x.fixed++;
      else x.broken++;
    }
    changes.push({
      file: d.file,
      id: e.row.id,
      expected: expectation(e.row),
      before: outcome(e.verdict),
      after: outcome(v),
      fixed: right,
    });
  }
  for (const d of [...deltas, ...halves]) d.net = d.fixed - d.broken;
  const total = deltas.reduce(
    (t, d) => ({ fixed: t.fixed + d.fixed, broken: t.broken + d.broken, net: t.net + d.net }),
    { fixed: 0, broken: 0, net: 0 },
  );
  const harmful = deltas.some((d) => d.broken > d.fixed);
  const offered =
    !harmful &&
    halves.every((h) => h.fixed > h.broken) &&
    deltas.every((d) => d.fixed + d.broken === 0 || d.fixed > d.broken);
  return { deltas, total, harmful, changes, halves, offered };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

import type { LabelledRow } from "../src/cli/labelled-jsonl.js";
import { configWithRules, modelWithRules } from "../src/learning/apply-rules.js";
import { ruleId, type CandidateRule } from "../src/learning/candidate-rule.js";
import { rowIsRight, suggestRules, type Suggestion } from "../src/learning/suggest-rules.js";
import { normalise } from "../src/triage/normalise.js";
import { computeBacktest } from "../src/triage/backtest-metrics.js";
import { triage, type TriageConfig, type TriageModel } from "../src/triage/triage.js";

/**
 * The learning replay: a labelled file streamed through triage in time order (date, then id); a
 * simulated staff member corrects every misrouted ticket to its label (that correction is a
 * labelled row, as `corrections export` writes it); after every block of `blockSize` tickets the
 * top suggestions mined from the tickets so far are accepted, in memory only, and triage runs on
 * with them. The curve is the agency accuracy of each block (the backtest's figure: labelled
 * complaints whose agency triage got right), measured before that block's own corrections: a
 * rule is only ever measured on tickets that came after it was accepted.
 *
 * The guard sees only the past: the tickets of earlier blocks, with their labels (the staff's
 * corrections and the tickets triage got right). It works like a careful person:
 * 1. *Proposed*: after a block, a suggestion the miner offers under its time split (over the past
 *    in decision order it fixes more than it breaks in the older and in the newer half, so it
 *    fixed at least two tickets at two times) with a net gain of at least `minNet`.
 * 2. *Accepted* only once tickets that came after it was proposed confirm it: on them it fixes at
 *    least one and breaks none, and over the whole past it still gains `minNet`. A proposal that
 *    breaks a later ticket is dropped. So every rule is held out against tickets it was not mined
 *    from before it counts, and is then measured on the blocks after that.
 */
export interface LearningBenchOptions {
  blockSize?: number;
  /** Suggestions accepted after each block (default 3), only ones the miner offers. */
  acceptPerBlock?: number;
  minSupport?: number;
  minPrecision?: number;
  maxCandidates?: number;
  /** Least net gain (fixed − broken over the tickets so far) of an accepted suggestion (default 2). */
  minNet?: number;
  /** What the replay starts from, as the table names it (default "today's rules"). */
  startingRules?: string;
}

/** Distinct tickets a word family needs in the replay (2: a pattern seen twice, never one text). */
const REPLAY_MIN_SUPPORT = 2;

export interface LearningBlock {
  block: number;
  /** Rows [from, to) of the ordered file. */
  from: number;
  to: number;
  complaints: number;
  accuracy: number;
  /** The same block under the starting rules (no learning), for comparison. */
  baseline: number;
  corrections: number;
  /** Rules in force while this block ran (accepted after earlier blocks). */
  rulesInForce: number;
  /** Proposals waiting, after the block, for later tickets to confirm them. */
  proposed: number;
  accepted: { id: string; yaml: string; net: number }[];
}

export interface LearningBenchResult {
  file: string;
  rows: number;
  /** The rules the replay started from and compares with ("today's rules", "names only"). */
  startingRules: string;
  blocks: LearningBlock[];
  rules: CandidateRule[];
}

/** Time order: the `date` field where rows have one, then the id with its numbers compared as numbers. */
export function timeOrder<T extends { id: string; date?: string | undefined }>(rows: readonly T[]): T[] {
  return [...rows].sort(
    (a, b) => (a.date ?? "").localeCompare(b.date ?? "") || a.id.localeCompare(b.id, "en", { numeric: true }),
  );
}

export function runLearningBench(
  name: string,
  config: TriageConfig,
  base: TriageModel,
  ordered: readonly LabelledRow[],
  o: LearningBenchOptions = {},
): LearningBenchResult {
  const size = o.blockSize ?? 50;
  const perBlock = o.acceptPerBlock ?? 3;
  const minNet = o.minNet ?? 2;
  const rules: CandidateRule[] = [];
  const corrections: LabelledRow[] = [];
  /** Proposed rules waiting for later tickets to confirm them; `since`: the first ticket after. */
  const pending = new Map<string, { s: Suggestion; since: number }>();
  const dropped = new Set<string>();
  // Tickets handled where triage sent them are confirmations: the agency closed its own ticket.
  const seen: LabelledRow[] = [];
  let model = base;
  const blocks: LearningBlock[] = [];
  const stemCache = new Map<string, ReadonlySet<string>>();
  const stems = (text: string): ReadonlySet<string> => {
    let s = stemCache.get(text);
    if (!s) stemCache.set(text, (s = new Set(normalise(text, base.slang).stems)));
    return s;
  };
  const rows = ordered.filter((r) => r.labels !== undefined);
  for (let from = 0, block = 1; from < rows.length; from += size, block++) {
    const slice = rows.slice(from, from + size);
    const verdicts = slice.map((r) => triage(model, { id: r.id, text: r.text }));
    const baseline = computeBacktest(
      slice,
      slice.map((r) => triage(base, { id: r.id, text: r.text })),
      0,
    ).agencyAccuracy;
    const report = computeBacktest(slice, verdicts, 0);
    let corrected = 0;
    slice.forEach((r, i) => {
      const v = verdicts[i];
      const labels = r.labels ?? [];
      const got = v?.complaint ? v.agency : null;
      const right = labels.length === 0 ? !v?.complaint : got !== null && labels.includes(got);
      seen.push(r);
      if (right) return;
      // The staff member moves the ticket to its agency (or rejects it as not a report).
      corrections.push({ id: `correction-${r.id}`, text: r.text, labels: labels.slice(0, 1) });
      corrected++;
    });
    const rulesInForce = rules.length;
    const accepted: LearningBlock["accepted"] = [];
    if (from + size < rows.length && perBlock > 0) {
      // 2. Proposals the tickets since confirm, oldest first.
      for (const [id, p] of pending) {
        if (accepted.length >= perBlock) break;
        const later = effectOf(config, base, model, rules, p.s.rule, seen.slice(p.since), stems);
        if (later.broken > 0) {
          pending.delete(id);
          dropped.add(id);
          continue;
        }
        if (later.fixed === 0) continue;
        const past = effectOf(config, base, model, rules, p.s.rule, seen, stems);
        if (past.fixed - past.broken < minNet) continue;
        pending.delete(id);
        rules.push(p.s.rule);
        model = modelWithRules(config, base, rules);
        accepted.push({ id, yaml: `${p.s.file}: ${p.s.yaml}`, net: past.fixed - past.broken });
      }
      // 1. New proposals, mined against what triage runs now (the accepted rules are in the config).
      const list: Suggestion[] = suggestRules(
        configWithRules(config, rules),
        model,
        [{ name: "tickets so far", rows: seen }],
        {
          minSupport: o.minSupport ?? REPLAY_MIN_SUPPORT,
          ...(o.minPrecision !== undefined ? { minPrecision: o.minPrecision } : {}),
          maxCandidates: o.maxCandidates ?? 80,
          split: "time",
        },
      );
      const proposedWords = new Set([...pending.values()].map((p) => triggerOf(p.s.rule)));
      for (const s of list) {
        if (!s.offered || s.total.net < minNet || pending.has(s.id) || dropped.has(s.id)) continue;
        if (rules.some((r) => ruleId(r) === s.id)) continue;
        // One proposal a word (not a keyword for two agencies, nor one word at two weights).
        if (proposedWords.has(triggerOf(s.rule))) continue;
        proposedWords.add(triggerOf(s.rule));
        pending.set(s.id, { s, since: seen.length });
      }
    }
    blocks.push({
      block,
      from,
      to: from + slice.length,
      complaints: slice.filter((r) => (r.labels ?? []).length > 0).length,
      accuracy: report.agencyAccuracy,
      baseline,
      corrections: corrected,
      rulesInForce,
      proposed: pending.size,
      accepted,
    });
  }
  return { file: name, rows: rows.length, startingRules: o.startingRules ?? "today's rules", blocks, rules };
}

const triggerOf = (rule: CandidateRule): string => (rule.type === "context" ? rule.word : rule.phrase);

/**
 * What adding `rule` to the rules in force does on `rows` (the agency hit, as the curve counts):
 * tickets it sets right and sets wrong. Only rows holding the trigger's words can change.
 */
function effectOf(
  config: TriageConfig,
  base: TriageModel,
  model: TriageModel,
  rules: readonly CandidateRule[],
  rule: CandidateRule,
  rows: readonly LabelledRow[],
  stems: (text: string) => ReadonlySet<string>,
): { fixed: number; broken: number } {
  const words = [...stems(triggerOf(rule))];
  const candidates = rows.filter((r) => {
    const have = stems(r.text);
    return words.every((w) => have.has(w));
  });
  if (candidates.length === 0) return { fixed: 0, broken: 0 };
  const withRule = modelWithRules(config, base, [...rules, rule]);
  let fixed = 0;
  let broken = 0;
  for (const r of candidates) {
    const before = rowIsRight(r, triage(model, { id: r.id, text: r.text }));
    const after = rowIsRight(r, triage(withRule, { id: r.id, text: r.text }));
    if (after && !before) fixed++;
    if (before && !after) broken++;
  }
  return { fixed, broken };
}

const pct = (n: number): string => `${(n * 100).toFixed(1)}%`;

export function formatLearningBench(r: LearningBenchResult): string {
  const lines = [
    `${r.file}: ${r.rows} labelled rows in time order, blocks of ${r.blocks[0]?.to ?? 0}, starting from ${r.startingRules}`,
  ];
  const without = `(${r.startingRules})`.padStart(15);
  lines.push(
    `block  rows       complaints  agency ok  ${without}  rules in force  corrections  waiting  accepted after the block`,
  );
  for (const b of r.blocks) {
    lines.push(
      `${String(b.block).padStart(5)}  ${`${b.from + 1}-${b.to}`.padEnd(9)}  ${String(b.complaints).padStart(10)}  ${pct(b.accuracy).padStart(9)}  ${pct(b.baseline).padStart(without.length)}  ${String(b.rulesInForce).padStart(14)}  ${String(b.corrections).padStart(11)}  ${String(b.proposed).padStart(7)}  ${b.accepted.map((a) => `${a.id} ${a.yaml} (+${a.net})`).join("; ")}`,
    );
  }
  const first = r.blocks[0];
  const last = r.blocks.at(-1);
  if (first && last) {
    const gain = r.blocks.reduce((s, b) => s + (b.accuracy - b.baseline) * b.complaints, 0);
    const complaints = r.blocks.reduce((s, b) => s + b.complaints, 0);
    lines.push(
      `whole file: agency ok ${pct(overall(r.blocks, "accuracy"))} with learning vs ${pct(overall(r.blocks, "baseline"))} with ${r.startingRules} alone ` +
        `(${gain >= 0 ? "+" : ""}${Math.round(gain)} of ${complaints} complaints); ${r.rules.length} rules accepted`,
    );
    // The curve in two figures: its first third of blocks against its last third.
    const third = Math.max(1, Math.floor(r.blocks.length / 3));
    const head = r.blocks.slice(0, third);
    const tail = r.blocks.slice(-third);
    lines.push(
      `curve: first ${third} blocks ${pct(overall(head, "accuracy"))} → last ${third} blocks ${pct(overall(tail, "accuracy"))} ` +
        `(${r.startingRules} alone: ${pct(overall(head, "baseline"))} → ${pct(overall(tail, "baseline"))})`,
    );
  }
  return lines.join("\n");
}

function overall(blocks: readonly LearningBlock[], key: "accuracy" | "baseline"): number {
  const n = blocks.reduce((s, b) => s + b.complaints, 0);
  return n === 0 ? 0 : blocks.reduce((s, b) => s + b[key] * b.complaints, 0) / n;
}

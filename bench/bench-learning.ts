import type { LabelledRow } from "../src/cli/labelled-jsonl.js";
import { configWithRules, modelWithRules } from "../src/learning/apply-rules.js";
import type { CandidateRule } from "../src/learning/candidate-rule.js";
import { suggestRules, type Suggestion } from "../src/learning/suggest-rules.js";
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
 * corrections and the tickets triage got right). A suggestion is accepted when it is offered
 * under the miner's time split: over the past in decision order it fixes more than it breaks in
 * the older half and in the newer half (so it fixed at least two tickets, at two times), it
 * breaks no more than it fixes overall, and its net gain is at least `minNet`.
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
  /** The same block under today's rules, for comparison. */
  baseline: number;
  corrections: number;
  /** Rules in force while this block ran (accepted after earlier blocks). */
  rulesInForce: number;
  accepted: { id: string; yaml: string; net: number }[];
}

export interface LearningBenchResult {
  file: string;
  rows: number;
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
  // Tickets handled where triage sent them are confirmations: the agency closed its own ticket.
  const seen: LabelledRow[] = [];
  let model = base;
  const blocks: LearningBlock[] = [];
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
    const accepted: (LearningBlock["accepted"][number] & { trigger: string })[] = [];
    if (from + size < rows.length && corrections.length > 0 && perBlock > 0) {
      // Mined against what triage runs now: the accepted rules are part of the config.
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
      for (const s of list) {
        if (accepted.length >= perBlock) break;
        // Offered: gains in the older and the newer half of the past, breaks less than it fixes.
        if (!s.offered || s.total.net < minNet) continue;
        // Two rules for one word (a keyword for two agencies, the same word at two weights) in one
        // round would each have been measured without the other.
        if (accepted.some((a) => a.trigger === triggerOf(s.rule))) continue;
        rules.push(s.rule);
        accepted.push({
          id: s.id,
          yaml: `${s.file}: ${s.yaml}`,
          net: s.total.net,
          trigger: triggerOf(s.rule),
        });
      }
      if (accepted.length > 0) model = modelWithRules(config, base, rules);
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
      accepted: accepted.map(({ trigger: _t, ...a }) => a),
    });
  }
  return { file: name, rows: rows.length, blocks, rules };
}

const triggerOf = (rule: CandidateRule): string => (rule.type === "context" ? rule.word : rule.phrase);

const pct = (n: number): string => `${(n * 100).toFixed(1)}%`;

export function formatLearningBench(r: LearningBenchResult): string {
  const lines = [`${r.file}: ${r.rows} labelled rows in time order, blocks of ${r.blocks[0]?.to ?? 0}`];
  lines.push(
    "block  rows       complaints  agency ok  (today's rules)  rules in force  corrections  accepted after the block",
  );
  for (const b of r.blocks) {
    lines.push(
      `${String(b.block).padStart(5)}  ${`${b.from + 1}-${b.to}`.padEnd(9)}  ${String(b.complaints).padStart(10)}  ${pct(b.accuracy).padStart(9)}  ${pct(b.baseline).padStart(15)}  ${String(b.rulesInForce).padStart(14)}  ${String(b.corrections).padStart(11)}  ${b.accepted.map((a) => `${a.id} ${a.yaml} (+${a.net})`).join("; ")}`,
    );
  }
  const first = r.blocks[0];
  const last = r.blocks.at(-1);
  if (first && last) {
    const gain = r.blocks.reduce((s, b) => s + (b.accuracy - b.baseline) * b.complaints, 0);
    const complaints = r.blocks.reduce((s, b) => s + b.complaints, 0);
    lines.push(
      `whole file: agency ok ${pct(overall(r.blocks, "accuracy"))} with learning vs ${pct(overall(r.blocks, "baseline"))} with today's rules ` +
        `(${gain >= 0 ? "+" : ""}${Math.round(gain)} of ${complaints} complaints); ${r.rules.length} rules accepted`,
    );
  }
  return lines.join("\n");
}

function overall(blocks: readonly LearningBlock[], key: "accuracy" | "baseline"): number {
  const n = blocks.reduce((s, b) => s + b.complaints, 0);
  return n === 0 ? 0 : blocks.reduce((s, b) => s + b[key] * b.complaints, 0) / n;
}

import { readFile } from "node:fs/promises";
import { Command } from "commander";
import { ConfigError } from "../config/config-error.js";
import { loadTriageModel } from "../config/load-triage-config.js";
import {
  computeBacktest,
  type BacktestReport,
  type LabelledTweet,
  type Prf,
} from "../triage/backtest-metrics.js";
import { triage } from "../triage/triage.js";
import type { TriageVerdict } from "../triage/types.js";

interface ParsedFile {
  rows: LabelledTweet[];
  problems: string[];
}

/** Reads labelled JSONL: `{id, text, labels: string[], abusive?: boolean}` a line. */
function parseLabelled(text: string): ParsedFile {
  const rows: LabelledTweet[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      const o = JSON.parse(line) as Record<string, unknown>;
      const labels = o["labels"];
      if (typeof o["text"] !== "string") throw new Error("expected `text` to be a string");
      if (labels !== undefined && (!Array.isArray(labels) || !labels.every((l) => typeof l === "string"))) {
        throw new Error("expected `labels` to be a list of agency ids");
      }
      if (labels === undefined && o["abusive"] === undefined)
        throw new Error("expected `labels` or `abusive`");
      const row: LabelledTweet = { id: String(o["id"] ?? `line-${i + 1}`), text: o["text"] };
      if (labels !== undefined) row.labels = labels as string[];
      if (typeof o["abusive"] === "boolean") row.abusive = o["abusive"];
      else if (o["abusive"] === 0 || o["abusive"] === 1) row.abusive = o["abusive"] === 1;
      rows.push(row);
    } catch (e) {
      problems.push(`line ${i + 1}: ${(e as Error).message}`);
    }
  });
  return { rows, problems };
}

const pct = (n: number): string => (n * 100).toFixed(1).padStart(5) + "%";
const prfLine = (label: string, p: Prf): string =>
  `${label.padEnd(13)} P ${pct(p.precision)}  R ${pct(p.recall)}  F1 ${pct(p.f1)}   (tp ${p.tp}, fp ${p.fp}, fn ${p.fn})`;

function formatReport(r: BacktestReport, knownAgencies: string[]): string {
  const out: string[] = [];
  out.push(`${r.total} tweets, ${r.labelled} with agency labels, ${r.goldComplaints} labelled complaints`);
  out.push("");
  if (r.labelled > 0) {
    out.push(prfLine("complaint", r.complaint));
    out.push(
      `agency accuracy ${pct(r.agencyAccuracy)} of labelled complaints (${r.agencyHits}/${r.goldComplaints}; a missed complaint counts as wrong)`,
    );
    out.push(
      `                ${pct(r.agencyAccuracyDetected)} of labelled complaints detected as complaints (${r.detectedGoldComplaints})`,
    );
  }
  if (r.abusive) out.push(prfLine("abusive", r.abusive));
  out.push("", "per agency:");
  for (const [a, p] of Object.entries(r.perAgency)) out.push("  " + prfLine(a, p));

  const keys = [...new Set([...knownAgencies, ...Object.keys(r.confusion), "none"])].filter(
    (k) => r.confusion[k] || Object.values(r.confusion).some((row) => row[k]),
  );
  const short = (k: string): string => k.slice(0, 6).padStart(6);
  out.push("", "confusion (rows: expected, columns: chosen; none = not a complaint):");
  out.push("".padEnd(12) + keys.map(short).join(" "));
  for (const e of keys) {
    const row = r.confusion[e] ?? {};
    out.push(e.padEnd(12) + keys.map((g) => String(row[g] ?? "").padStart(6)).join(" "));
  }

  out.push("", `worst ${r.worstMisses.length} misses:`);
  for (const m of r.worstMisses) {
    out.push(
      `- [${m.kind}] ${m.id} expected ${m.expected.join("/") || "none"}, got ${m.got ?? "none"} (confidence ${m.confidence})`,
    );
    out.push(`    ${m.text.replace(/\s+/g, " ").slice(0, 200)}`);
    for (const e of m.evidence.slice(0, 6))
      out.push(`    · [${e.field}] ${e.reason}${e.match ? ` «${e.match}»` : ""}`);
  }
  return out.join("\n");
}

async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name("backtest")
    .description(
      "Measure triage against labelled tweets before changing a rule.\n" +
        "Each line: {id, text, labels: [agency ids that may own it; empty = not a complaint], abusive?: boolean}\n" +
        "(a line with only `abusive` counts towards the abuse figures).\n" +
        "Prints complaint precision/recall/F1, agency accuracy, per-agency P/R/F1, a confusion matrix and the worst misses.",
    )
    .argument("<file>", "labelled JSONL file")
    .option("--json", "print the report as JSON")
    .option("--worst <n>", "how many misses to list", "20")
    .action(async (file: string, opts: { json?: boolean; worst: string }) => {
      const parsed = parseLabelled(await readFile(file, "utf8"));
      for (const p of parsed.problems) console.error(`backtest: ${file}: ${p}`);
      const model = await loadTriageModel();
      const verdicts: TriageVerdict[] = parsed.rows.map((r) => triage(model, { id: r.id, text: r.text }));
      const report = computeBacktest(parsed.rows, verdicts, Math.max(0, Number(opts.worst) || 20));
      const agencies = model.agencies.agencies.map((a) => a.id);
      console.log(opts.json ? JSON.stringify(report, null, 2) : formatReport(report, agencies));
      if (parsed.problems.length > 0) process.exitCode = 2;
    });
  await program.parseAsync(argv);
}

main(process.argv).catch((e: unknown) => {
  if (e instanceof ConfigError) console.error(e.message);
  else console.error(e instanceof Error ? `backtest: ${e.message}` : e);
  process.exitCode = 1;
});

import { readFile } from "node:fs/promises";
import { loadDotenvFile } from "../runtime/dotenv-file.js";
import { basename } from "node:path";
import { Command } from "commander";
import { ConfigError } from "../config/config-error.js";
import { loadTriageModel } from "../config/load-triage-config.js";
import { computeBacktest, splitHalf, type BacktestReport, type Prf } from "../triage/backtest-metrics.js";
import { triage } from "../triage/triage.js";
import { parseLabelled } from "./labelled-jsonl.js";
import type { TriageVerdict } from "../triage/types.js";

const pct = (n: number): string => (n * 100).toFixed(1).padStart(5) + "%";
const prfLine = (label: string, p: Prf): string =>
  `${label.padEnd(13)} P ${pct(p.precision)}  R ${pct(p.recall)}  F1 ${pct(p.f1)}   (tp ${p.tp}, fp ${p.fp}, fn ${p.fn})`;

/** One row of the table: a file, or one half of a file split by id hash. */
interface Row {
  name: string;
  file: string;
  report: BacktestReport;
  /** Whether the file has non-complaints (complaint P/R/F1 mean something only then). */
  hasNonComplaints: boolean;
}

/**
 * The figures a floor (`--min`) or ceiling (`--max`) can name, as fractions; undefined where a
 * row does not measure it (no labels, no non-complaints, no abuse labels).
 */
const METRICS: Record<string, (r: Row) => number | undefined> = {
  precision: (r) => (r.hasNonComplaints ? r.report.complaint.precision : undefined),
  recall: (r) => (r.hasNonComplaints ? r.report.complaint.recall : undefined),
  f1: (r) => (r.hasNonComplaints ? r.report.complaint.f1 : undefined),
  card: (r) => (r.report.goldComplaints > 0 ? r.report.cardRecall : undefined),
  desk: (r) => (r.report.goldComplaints > 0 ? r.report.deskShare : undefined),
  accuracy: (r) => (r.report.goldComplaints > 0 ? r.report.agencyAccuracy : undefined),
  top1: (r) => (r.report.goldComplaints > 0 ? r.report.agencyAccuracyWithDeskGuess : undefined),
  abuse_precision: (r) => r.report.abusive?.precision,
  abuse_recall: (r) => r.report.abusive?.recall,
  abuse_f1: (r) => r.report.abusive?.f1,
  place_found: (r) => (r.report.places ? r.report.places.found / r.report.places.annotated : undefined),
  place_matching: (r) => (r.report.places ? r.report.places.matching / r.report.places.annotated : undefined),
};

function formatTable(rows: Row[]): string {
  const cell = (n: number | undefined): string => (n === undefined ? "     -" : pct(n));
  const head =
    "file".padEnd(24) +
    "     n  compl P  compl R compl F1  card rec desk shr agency ok top1+desk  abuse P  abuse R abuse F1 plc found plc match";
  const lines = [head, "-".repeat(head.length)];
  for (const r of rows) {
    const m = (k: string): string => cell(METRICS[k]?.(r)).padStart(9);
    lines.push(
      r.name.padEnd(24) +
        String(r.report.total).padStart(6) +
        [
          "precision",
          "recall",
          "f1",
          "card",
          "desk",
          "accuracy",
          "top1",
          "abuse_precision",
          "abuse_recall",
          "abuse_f1",
          "place_found",
          "place_matching",
        ]
          .map(m)
          .join(""),
    );
  }
  lines.push(
    "",
    "card rec: labelled complaints that reached a card (agency or desk); desk shr: cards that went to the desk;",
    "agency ok: complaints routed to a right agency (a desk card counts as wrong); top1+desk: also counting the desk's best guess.",
    "plc found / plc match: of rows with an annotated `place`, where we located something / where one of our names",
    "(street, landmark, kelurahan, kecamatan) shares a distinctive word with the annotation.",
  );
  return lines.join("\n");
}

function formatDetail(row: Row, knownAgencies: string[]): string {
  const r = row.report;
  const out: string[] = [`== ${row.name} (${row.file})`];
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
    out.push(
      `recall into any card ${pct(r.cardRecall)}; desk share ${pct(r.deskShare)} of cards (${r.deskComplaints} labelled complaints at the desk)`,
    );
  }
  if (r.abusive) out.push(prfLine("abusive", r.abusive));
  if (r.places)
    out.push(
      `places: ${r.places.annotated} annotated, found ${pct(r.places.found / r.places.annotated)} (${r.places.found}), matching ${pct(r.places.matching / r.places.annotated)} (${r.places.matching})`,
    );
  out.push("", "per agency:");
  for (const [a, p] of Object.entries(r.perAgency)) out.push("  " + prfLine(a, p));
  out.push("", "per kind (cards, of which labelled complaints, of which routed right):");
  for (const [k, c] of Object.entries(r.perKind)) {
    out.push(
      `  ${k.padEnd(12)} ${String(c.cards).padStart(5)} ${String(c.complaints).padStart(5)} ${String(c.agencyHits).padStart(5)}`,
    );
  }

  const keys = [...new Set([...knownAgencies, ...Object.keys(r.confusion), "none"])].filter(
    (k) => r.confusion[k] || Object.values(r.confusion).some((line) => line[k]),
  );
  const short = (k: string): string => k.slice(0, 6).padStart(6);
  out.push("", "confusion (rows: expected, columns: chosen; none = not a complaint):");
  out.push("".padEnd(12) + keys.map(short).join(" "));
  for (const e of keys) {
    const line = r.confusion[e] ?? {};
    out.push(e.padEnd(12) + keys.map((g) => String(line[g] ?? "").padStart(6)).join(" "));
  }

  out.push("", `worst ${r.worstMisses.length} misses:`);
  for (const m of r.worstMisses) {
    out.push(
      `- [${m.kind}] ${m.id} expected ${m.expected.join("/") || "none"}, got ${m.got ?? "none"} (confidence ${m.confidence})`,
    );
    out.push(`    ${m.text.replace(/\s+/g, " ").slice(0, 200)}`);
    for (const e of m.evidence.slice(0, 8))
      out.push(`    · [${e.field}] ${e.reason}${e.match ? ` «${e.match}»` : ""}`);
  }
  return out.join("\n");
}

/** `f1=0.84` (every row that measures f1) or `bandung-dev/check:f1=0.84` (one row). */
interface Bound {
  row: string | undefined;
  metric: string;
  value: number;
  text: string;
}

function parseBound(text: string): Bound {
  const m = /^(?:([^:=]+):)?([a-z_0-9]+)=([0-9.]+)$/.exec(text.trim());
  const metric = m?.[2] ?? "";
  const value = Number(m?.[3]);
  if (!m || !(metric in METRICS) || !Number.isFinite(value)) {
    throw new Error(
      `cannot read the bound \`${text}\`: expected [ROW:]METRIC=VALUE with METRIC one of ${Object.keys(METRICS).join(", ")} and VALUE a fraction like 0.85`,
    );
  }
  return { row: m[1], metric, value, text };
}

/** Every bound a figure breaks, as a sentence; a bound naming no row that measures it is an error too. */
function checkBounds(rows: Row[], mins: Bound[], maxes: Bound[]): string[] {
  const broken: string[] = [];
  const check = (b: Bound, isMin: boolean): void => {
    const targets = rows.filter((r) => b.row === undefined || r.name === b.row);
    let measured = 0;
    for (const r of targets) {
      const got = METRICS[b.metric]?.(r);
      if (got === undefined) continue;
      measured++;
      if (isMin ? got < b.value : got > b.value) {
        broken.push(
          `${r.name}: ${b.metric} ${got.toFixed(3)} is ${isMin ? "below the floor" : "above the ceiling"} ${b.value} (--${isMin ? "min" : "max"} ${b.text})`,
        );
      }
    }
    if (measured === 0)
      broken.push(
        `--${isMin ? "min" : "max"} ${b.text}: no row measures ${b.metric}${b.row ? ` (row ${b.row})` : ""}`,
      );
  };
  for (const b of mins) check(b, true);
  for (const b of maxes) check(b, false);
  return broken;
}

const collectList = (value: string, previous: string[]): string[] => [...previous, value];

async function main(argv: string[]): Promise<void> {
  loadDotenvFile(process.env);
  const program = new Command()
    .name("backtest")
    .description(
      "Measure triage against labelled tweets before changing a rule.\n" +
        "Each line: {id, text, labels: [agency ids that may own it; empty = not a complaint], abusive?: boolean, place?: string}\n" +
        "(a line with only `abusive` counts towards the abuse figures).\n" +
        "Prints one table, a row per file: complaint P/R/F1, recall into any card, desk share, agency accuracy,\n" +
        "agency accuracy with the desk's best guess, abuse P/R/F1. --detail adds per-agency and per-kind figures,\n" +
        "a confusion matrix and the worst misses.",
    )
    .argument("<files...>", "labelled JSONL files")
    .option("--json", "print the rows as JSON: {rows: [{name, file, report}]}")
    .option(
      "--split",
      "also give a row for each half of every file, split by a hash of the id (tune / check); the whole-file row stays",
    )
    .option("--detail", "per-agency and per-kind figures, confusion matrix and worst misses for every row")
    .option("--worst <n>", "how many misses to list with --detail", "20")
    .option(
      "--min <bound>",
      "fail (exit 1) when a figure is below a floor: [ROW:]METRIC=VALUE, repeatable",
      collectList,
      [],
    )
    .option(
      "--max <bound>",
      "fail (exit 1) when a figure is above a ceiling (e.g. desk=0.15), repeatable",
      collectList,
      [],
    )
    .addHelpText(
      "after",
      `\nMetrics for --min/--max: ${Object.keys(METRICS).join(", ")}. A ROW is a file name without .jsonl, or NAME/tune, NAME/check with --split.\n` +
        "Example:\n  npm run backtest -- --split data/bandung-dev.jsonl data/jateng-dev.jsonl --min bandung-dev/check:f1=0.8 --max desk=0.15",
    )
    .action(
      async (
        files: string[],
        opts: {
          json?: boolean;
          split?: boolean;
          detail?: boolean;
          worst: string;
          min: string[];
          max: string[];
        },
      ) => {
        const mins = opts.min.map(parseBound);
        const maxes = opts.max.map(parseBound);
        const model = await loadTriageModel();
        const worst = Math.max(0, Number(opts.worst) || 20);
        const rows: Row[] = [];
        let bad = false;
        for (const file of files) {
          const parsed = parseLabelled(await readFile(file, "utf8"));
          for (const p of parsed.problems) console.error(`backtest: ${file}: ${p}`);
          if (parsed.problems.length > 0) bad = true;
          const verdicts: TriageVerdict[] = parsed.rows.map((r) => triage(model, { id: r.id, text: r.text }));
          const name = basename(file).replace(/\.jsonl?$/, "");
          const hasNonComplaints = parsed.rows.some((r) => r.labels !== undefined && r.labels.length === 0);
          // Every file gets halves, complaints-only channels too (jateng, purbalingga): misses are read
          // on the tune half only, so the check half stays unseen for measuring.
          if (opts.split && parsed.rows.length > 0) {
            for (const half of ["tune", "check"] as const) {
              const keep = parsed.rows.map((r) => splitHalf(r.id) === half);
              rows.push({
                name: `${name}/${half}`,
                file,
                hasNonComplaints,
                report: computeBacktest(
                  parsed.rows.filter((_, i) => keep[i]),
                  verdicts.filter((_, i) => keep[i]),
                  worst,
                ),
              });
            }
          }
          rows.push({ name, file, hasNonComplaints, report: computeBacktest(parsed.rows, verdicts, worst) });
        }
        const agencies = model.agencies.agencies.map((a) => a.id);
        if (opts.json) console.log(JSON.stringify({ rows }, null, 2));
        else {
          console.log(formatTable(rows));
          if (opts.detail) for (const r of rows) console.log("\n" + formatDetail(r, agencies));
        }
        const broken = checkBounds(rows, mins, maxes);
        for (const b of broken) console.error(`backtest: ${b}`);
        if (broken.length > 0) process.exitCode = 1;
        else if (bad) process.exitCode = 2;
      },
    );
  await program.parseAsync(argv);
}

main(process.argv).catch((e: unknown) => {
  if (e instanceof ConfigError) console.error(e.message);
  else console.error(e instanceof Error ? `backtest: ${e.message}` : e);
  process.exitCode = 1;
});

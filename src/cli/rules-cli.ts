import { readFile, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { SingleBar } from "cli-progress";
import { Command, InvalidArgumentError } from "commander";
import { acceptRule, LEARNED_MARK, listLearned, type AcceptedRule } from "../config/accept-rule.js";
import { ConfigError } from "../config/config-error.js";
import { configDir, loadTriageSetup } from "../config/load-triage-config.js";
import { toLabelledLines } from "../core/correction.js";
import { suggestRules, type Dataset, type Suggestion } from "../learning/suggest-rules.js";
import { RedisCorrectionLog } from "../redis/correction-log.js";
import { RedisLearnedRules } from "../redis/learned-rules.js";
import { loadDotenvFile } from "../runtime/dotenv-file.js";
import { EnvError, parseEnv } from "../runtime/env.js";
import { assertRedisReachable, createRedis, RedisUnreachableError } from "../runtime/redis.js";
import { assertTestRunIsolated, TestRunLeakError } from "../runtime/test-run-guard.js";
import { computeBacktest } from "../triage/backtest-metrics.js";
import { triage } from "../triage/triage.js";
import { parseLabelled } from "./labelled-jsonl.js";

/**
 * `npm run rules`: rule suggestions from the staff's corrections and labelled files, with their
 * measured effect (`suggest`), and writing one a person accepted into the config (`accept`).
 * Nothing changes by itself: `suggest` only writes its list to a file `accept` reads.
 */

const DEFAULT_STORE = "rule-suggestions.json";

interface SavedSuggestions {
  created_at: string;
  config: string;
  files: string[];
  suggestions: Suggestion[];
}

async function readDataset(file: string): Promise<Dataset> {
  const parsed = parseLabelled(await readFile(file, "utf8"));
  for (const p of parsed.problems) process.stderr.write(`rules: ${file}: ${p}\n`);
  return { name: basename(file).replace(/\.jsonl?$/, ""), rows: parsed.rows };
}

/** Runs `f` with the learned-rule overlay of the deployment in `.env` (REDIS_URL, ADUAN_PREFIX). */
async function withOverlay<T>(
  prefix: string | undefined,
  f: (store: RedisLearnedRules) => Promise<T>,
): Promise<T> {
  loadDotenvFile(process.env);
  assertTestRunIsolated(process.env);
  const env = parseEnv(process.env);
  await assertRedisReachable(env.REDIS_URL);
  const redis = createRedis(env.REDIS_URL, "producer");
  redis.on("error", () => undefined);
  await redis.connect();
  try {
    return await f(new RedisLearnedRules(redis, prefix ?? env.ADUAN_PREFIX));
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

async function correctionsFromRedis(prefix: string | undefined, days: number): Promise<Dataset> {
  loadDotenvFile(process.env);
  assertTestRunIsolated(process.env);
  const env = parseEnv(process.env);
  await assertRedisReachable(env.REDIS_URL);
  const redis = createRedis(env.REDIS_URL, "producer");
  redis.on("error", () => undefined);
  await redis.connect();
  try {
    const log = new RedisCorrectionLog(redis, prefix ?? env.ADUAN_PREFIX);
    const now = Date.now();
    const rows = toLabelledLines(await log.between(now - days * 86_400_000, now + 1));
    return { name: "corrections (redis)", rows };
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

const pct = (n: number): string => `${(n * 100).toFixed(0)}%`;

function formatTable(list: readonly Suggestion[], files: readonly string[]): string {
  const head = ["id", "rule", "support", "prec", ...files.map((f) => `${f} +fix/-brk`), "halves", "net", ""];
  const rows = list.map((s) => [
    s.id,
    `${s.file}: ${s.yaml}`,
    String(s.support),
    pct(s.precision),
    ...s.deltas.map((d) => `+${d.fixed}/-${d.broken}`),
    s.halves.map((d) => `+${d.fixed}/-${d.broken}`).join(" "),
    (s.total.net > 0 ? "+" : "") + String(s.total.net),
    s.harmful
      ? "BREAKS MORE THAN IT FIXES on a file"
      : s.offered
        ? "offered"
        : "not offered: fails a half or a file",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError("expected a number ≥ 0");
  return n;
}

/** Agency accuracy and complaint F1 of each file under the config in `dir`. */
async function backtestFiles(dir: string, files: readonly string[]) {
  const { model } = await loadTriageSetup(dir);
  const out: { file: string; accuracy: number; f1: number }[] = [];
  for (const f of files) {
    const d = await readDataset(f);
    const r = computeBacktest(
      d.rows,
      d.rows.map((row) => triage(model, { id: row.id, text: row.text })),
      0,
    );
    out.push({ file: d.name, accuracy: r.agencyAccuracy, f1: r.complaint.f1 });
  }
  return out;
}

export function rulesProgram(): Command {
  const program = new Command()
    .name("npm run rules --")
    .description(
      "Rule suggestions learnt from staff corrections and labelled files, each with its measured effect; " +
        "a person accepts one to write it into the config. Nothing changes by itself.",
    )
    .showHelpAfterError();
  program
    .command("suggest")
    .description(
      "mine word families (normalised, stemmed words and word pairs) that predict an agency or a report " +
        "kind, propose rules (a keyword with a weight, a negative, a context word, a kind cue) and measure " +
        "each by re-running triage with the rule added: fixed, broken and net per file",
    )
    .argument("[files...]", "labelled JSONL files (the backtest's shape; corrections exports too)")
    .option("--from-redis", "also use the corrections the running service recorded")
    .option("--days <n>", "with --from-redis: corrections of the last n days", count, 90)
    .option("--prefix <prefix>", "Redis key namespace (default $ADUAN_PREFIX or aduan)")
    .option("--config <dir>", "config directory (default $ADUAN_CONFIG_DIR or ./config)")
    .option("--min-support <n>", "fewest supporting rows", count, 3)
    .option("--min-precision <x>", "lowest precision, a fraction", count, 0.6)
    .option("--max-candidates <n>", "measure at most this many candidates", count, 150)
    .option("--top <n>", "show this many suggestions", count, 20)
    .option("--out <file>", "where to keep the list for `accept`", DEFAULT_STORE)
    .option("--json", "print the suggestions as JSON")
    .addHelpText(
      "after",
      "\nExamples:\n  npm run rules -- suggest data/bandung-dev.jsonl corrections.jsonl\n" +
        "  npm run rules -- suggest --from-redis --days 30 data/bandung-dev.jsonl\n" +
        "Then: npm run rules -- accept r-1a2b3c --by sari",
    )
    .action(
      async (
        files: string[],
        o: {
          fromRedis?: boolean;
          days: number;
          prefix?: string;
          config?: string;
          minSupport: number;
          minPrecision: number;
          maxCandidates: number;
          top: number;
          out: string;
          json?: boolean;
        },
      ) => {
        const dir = o.config ?? configDir();
        const datasets = await Promise.all(files.map(readDataset));
        if (o.fromRedis) datasets.push(await correctionsFromRedis(o.prefix, o.days));
        if (datasets.length === 0)
          throw new InvalidArgumentError("give labelled files, --from-redis, or both");
        const { config, model } = await loadTriageSetup(dir);
        let bar: SingleBar | undefined;
        const list = suggestRules(config, model, datasets, {
          minSupport: o.minSupport,
          minPrecision: o.minPrecision,
          maxCandidates: o.maxCandidates,
          onProgress: (done, total) => {
            if (!process.stderr.isTTY || total < 10) return;
            if (!bar) {
              bar = new SingleBar({
                stream: process.stderr,
                format: "measuring [{bar}] {value}/{total} candidate rules",
              });
              bar.start(total, 0);
            }
            bar.update(done);
          },
        });
        bar?.stop();
        const saved: SavedSuggestions = {
          created_at: new Date().toISOString(),
          config: dir,
          files,
          suggestions: list,
        };
        await writeFile(o.out, JSON.stringify(saved, null, 2) + "\n");
        if (o.json) {
          process.stdout.write(JSON.stringify(list.slice(0, o.top), null, 2) + "\n");
          return;
        }
        const names = datasets.map((d) => d.name);
        process.stdout.write(formatTable(list.slice(0, o.top), names) + "\n");
        process.stdout.write(
          `\n${list.length} suggestions: ${list.filter((s) => s.offered).length} offered (they fix more than they break on both halves of the rows and on every file they change), ` +
            `${list.filter((s) => s.harmful).length} break more than they fix on some file (listed last). ` +
            `Saved to ${o.out}.\nsupport: rows with the words and the agency (or kind); prec: of all labelled rows with the words; ` +
            `+fix/-brk: rows the rule would set right / set wrong; halves: the same on the rows split in two by id (look-alike tweets stay together). Accept one: npm run rules -- accept ID --by NAME\n`,
        );
      },
    );
  program
    .command("accept")
    .description(
      "write a suggestion into its config file with a comment (date, support, delta, who accepted), keeping " +
        "the file's formatting; check the config loads; re-run the backtest on the files",
    )
    .argument("<id>", "the suggestion's id, e.g. r-1a2b3c")
    .argument(
      "[files...]",
      "labelled files to re-run the backtest on (default: those the suggestions came from)",
    )
    .option("--by <name>", "who accepted it (default $USER)")
    .option("--suggestions <file>", "the list `suggest` wrote", DEFAULT_STORE)
    .option("--config <dir>", "config directory (default: the one the suggestions were made with)")
    .option("--prefix <prefix>", "Redis key namespace (default $ADUAN_PREFIX or aduan)")
    .option("--no-redis", "only write the file (the running service sees the rule at its next restart)")
    .action(
      async (
        id: string,
        files: string[],
        o: { by?: string; suggestions: string; config?: string; prefix?: string; redis: boolean },
      ) => {
        const saved = JSON.parse(await readFile(o.suggestions, "utf8")) as SavedSuggestions;
        const s = saved.suggestions.find((x) => x.id === id);
        if (!s) throw new InvalidArgumentError(`no suggestion ${id} in ${o.suggestions}`);
        const dir = o.config ?? saved.config;
        const using = files.length > 0 ? files : saved.files;
        const before = await backtestFiles(dir, using);
        const accepted: AcceptedRule = {
          id: s.id,
          rule: s.rule,
          by: o.by ?? process.env["USER"] ?? "unknown",
          on: new Date().toISOString().slice(0, 10),
          support: s.support,
          precision: s.precision,
          net: s.total.net,
        };
        const written = await acceptRule(dir, accepted);
        process.stdout.write(`rules: wrote ${s.id} into ${written} (${s.yaml}); the config loads.\n`);
        if (o.redis) {
          // The overlay every process applies on top of config/: the running service reloads now.
          const { added, version } = await withOverlay(o.prefix, (store) => store.accept(accepted));
          process.stdout.write(
            added
              ? `rules: added ${s.id} to the accepted rules in Redis (version ${version}); every worker reloads its rules.\n`
              : `rules: ${s.id} was already among the accepted rules in Redis.\n`,
          );
        }
        const after = await backtestFiles(dir, using);
        for (const [i, b] of before.entries()) {
          const a = after[i];
          if (!a) continue;
          process.stdout.write(
            `  ${b.file.padEnd(24)} agency ok ${pct(b.accuracy)} → ${pct(a.accuracy)}   complaint F1 ${pct(b.f1)} → ${pct(a.f1)}\n`,
          );
        }
      },
    );
  program
    .command("sync")
    .description(
      "write the rules accepted in Telegram (held in Redis) into their config files, so they can be committed",
    )
    .option("--config <dir>", "config directory (default $ADUAN_CONFIG_DIR or ./config)")
    .option("--prefix <prefix>", "Redis key namespace (default $ADUAN_PREFIX or aduan)")
    .action(async (o: { config?: string; prefix?: string }) => {
      const dir = o.config ?? configDir();
      const inFiles = new Set(
        (await listLearned(dir)).map((l) => LEARNED_MARK.exec(l.comment)?.[1]).filter(Boolean),
      );
      const overlay = await withOverlay(o.prefix, (store) => store.accepted());
      let n = 0;
      for (const a of overlay) {
        if (inFiles.has(a.id)) continue;
        const file = await acceptRule(dir, a);
        process.stdout.write(`rules: wrote ${a.id} (accepted ${a.on} by ${a.by}) into ${file}\n`);
        n++;
      }
      process.stdout.write(
        `rules: ${n} of ${overlay.length} accepted rules written; the others were in the files.\n`,
      );
    });
  program
    .command("learned")
    .description("list the rules accepted from suggestions (found by their `learned` comments)")
    .option("--config <dir>", "config directory (default $ADUAN_CONFIG_DIR or ./config)")
    .action(async (o: { config?: string }) => {
      for (const l of await listLearned(o.config ?? configDir()))
        process.stdout.write(`${l.file}:${l.line}  ${l.comment}\n`);
    });
  return program;
}

rulesProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    if (err instanceof ConfigError || err instanceof InvalidArgumentError || err instanceof EnvError)
      process.stderr.write(`${err.message}\n`);
    else if (err instanceof RedisUnreachableError || err instanceof TestRunLeakError)
      process.stderr.write(`${err.message}\n`);
    else
      process.stderr.write(
        `rules failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
    process.exitCode = 1;
  });

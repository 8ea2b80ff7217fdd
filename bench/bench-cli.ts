import { Command } from "commander";
import { loadDotenvFile } from "../src/runtime/dotenv-file.js";
import { SingleBar, Presets } from "cli-progress";
import { ConfigError } from "../src/config/config-error.js";
import { loadConfig } from "../src/app/load-config.js";
import { loadTriageModel } from "../src/config/load-triage-config.js";
import { buildTriageModel, triage } from "../src/triage/triage.js";
import type { TweetInput } from "../src/triage/types.js";
import { formatPipelineBench, runPipelineBench } from "./bench-pipeline.js";
import { formatSoak, runSoak } from "./bench-soak.js";
import { formatLearningBench, runLearningBench, timeOrder } from "./bench-learning.js";
import { namesOnlyConfig } from "./names-only-rules.js";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parseLabelled } from "../src/cli/labelled-jsonl.js";
import { loadTriageSetup } from "../src/config/load-triage-config.js";
import { syntheticTweets } from "./synthetic-tweets.js";
import { formatDashboardBench, runDashboardBench } from "./bench-dashboard.js";

async function benchTriage(files: string[], opts: { count: string }): Promise<void> {
  const n = Math.max(10_000, Number(opts.count) || 10_000);
  const model = await loadTriageModel();
  const tweets = files.length > 0 ? await labelledTweets(files, n) : syntheticTweets(n);
  const what =
    files.length > 0 ? `tweets from ${files.map((f) => basename(f)).join(", ")}` : "synthetic tweets";
  // Warm-up: JIT and the stem cache, as in a long-running worker.
  for (const t of tweets.slice(0, 500)) triage(model, t);
  const times = new Float64Array(n);
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    triage(model, tweets[i] as TweetInput);
    times[i] = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  times.sort();
  const at = (q: number): number => times[Math.min(n - 1, Math.floor(q * n))] ?? 0;
  console.log(`triage: ${n} ${what} on one core in ${totalMs.toFixed(0)} ms`);
  console.log(`  throughput  ${Math.round((n / totalMs) * 1000)} tweets/s`);
  console.log(
    `  per tweet   p50 ${at(0.5).toFixed(3)} ms   p99 ${at(0.99).toFixed(3)} ms   max ${at(1).toFixed(3)} ms`,
  );
}

/**
 * Real texts for the triage bench: labelled files' tweets, cycled to `n` (each copy with its own
 * id). Synthetic tweets are short and regular; real ones are longer, in slang and regional words,
 * and cost more, so both figures matter.
 */
async function labelledTweets(files: readonly string[], n: number): Promise<TweetInput[]> {
  const texts: string[] = [];
  for (const file of files) {
    const parsed = parseLabelled(await readFile(file, "utf8"));
    texts.push(...parsed.rows.map((r) => r.text));
  }
  if (texts.length === 0) throw new Error(`no tweets in ${files.join(", ")}`);
  return Array.from({ length: n }, (_, i) => ({ id: `bench-${i}`, text: texts[i % texts.length] as string }));
}

async function benchPipeline(opts: {
  rates: string;
  stepSeconds: string;
  pollMs: string;
  drainSeconds: string;
  noopJobs: string;
  workerProcesses: string;
  redisUrl: string;
  logLevel: string;
  json?: boolean;
}): Promise<void> {
  const rates = opts.rates.split(",").map((r) => Number(r.trim()));
  if (rates.some((r) => !Number.isFinite(r) || r <= 0 || r > 5000)) {
    throw new Error(`--rates wants tweets/s between 1 and 5000, comma-separated (got "${opts.rates}")`);
  }
  const positive = (v: string, name: string, max: number): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0 || n > max) throw new Error(`${name} wants a number in (0, ${max}]`);
    return n;
  };
  const config = await loadConfig(process.env["ADUAN_CONFIG_DIR"] ?? "config", new Date());
  const stepSeconds = positive(opts.stepSeconds, "--step-seconds", 60);
  const total = rates.reduce((sum, r) => sum + Math.ceil(r * stepSeconds), 0);
  const bar = process.stderr.isTTY
    ? new SingleBar(
        {
          stream: process.stderr,
          format: "{bar} {value}/{total} cards | step {rate}/s: {carded}/{injected}",
          hideCursor: true,
        },
        Presets.shades_classic,
      )
    : undefined;
  bar?.start(total, 0, { rate: rates[0], carded: 0, injected: 0 });
  const figures = await runPipelineBench({
    config,
    redisUrl: opts.redisUrl,
    logLevel: opts.logLevel,
    rates,
    stepSeconds,
    pollGapMs: positive(opts.pollMs, "--poll-ms", 60_000),
    drainSeconds: positive(opts.drainSeconds, "--drain-seconds", 600),
    noopJobs: Math.round(positive(opts.noopJobs, "--noop-jobs", 1_000_000)),
    workerProcesses: workerProcesses(opts.workerProcesses),
    onProgress: ({ rate, carded, injected, allCarded }) => bar?.update(allCarded, { rate, carded, injected }),
  }).finally(() => bar?.stop());
  console.log(opts.json ? JSON.stringify(figures, null, 2) : formatPipelineBench(figures));
}

async function main(argv: string[]): Promise<void> {
  // First, as every CLI: `.env` names the Redis and config the help and the run use.
  loadDotenvFile(process.env);
  const program = new Command()
    .name("bench")
    .description("Measure Aduan's speed. Config is read from $ADUAN_CONFIG_DIR (default ./config).");
  program
    .command("triage", { isDefault: true })
    .description(
      "triage throughput on one core over at least 10,000 varied synthetic tweets (or the tweets of labelled " +
        "files, cycled), and per-tweet p50/p99",
    )
    .argument("[files...]", "labelled JSONL files whose tweets to triage instead of synthetic ones")
    .option("-n, --count <n>", "number of tweets (at least 10000)", "20000")
    .action(benchTriage);
  program
    .command("pipeline")
    .description(
      "tweets into the X simulator at rising rates, through ingest, triage and dispatch to the Telegram simulator " +
        "on the real Redis (fresh key prefix, removed at the end): sustained tweets/s, p50/p99 tweet-to-card latency, " +
        "and the rate of no-op BullMQ jobs on the same Redis as the ceiling",
    )
    .option("--rates <list>", "offered tweets/s per step, comma-separated", "50,100,200,400,800")
    .option("--step-seconds <s>", "seconds each step injects", "4")
    .option("--poll-ms <ms>", "gap between polls of X's mentions", "50")
    .option("--drain-seconds <s>", "longest wait for a step's last cards before stopping the climb", "20")
    .option("--noop-jobs <n>", "no-op jobs for the ceiling", "20000")
    .option(
      "--worker-processes <n>",
      "run the workers role in n separate processes, as a deployment scales out (0: all in this process)",
      "1",
    )
    .option("--redis-url <url>", "Redis to use", process.env["REDIS_URL"] ?? "redis://127.0.0.1:6379")
    .option("--log-level <level>", "the pipeline's log level on stderr", "silent")
    .option("--json", "print the figures as JSON")
    .action(benchPipeline);
  program
    .command("soak")
    .description(
      "one process per role (compiled: run `npm run build` first) against the simulators and a redis-server of its " +
        "own, fed a steady stream of complaints: RSS per role, Redis commands and BullMQ jobs per tweet",
    )
    .option("--rate <n>", "tweets per second", "5")
    .option("--minutes <n>", "how long to feed it", "10")
    .option("--tsx", "run the roles through tsx (src/main.ts) instead of dist/main.js")
    .option("--json", "print the figures as JSON")
    .action(benchSoak);
  program
    .command("learning")
    .description(
      "replay labelled files through triage in time order; a simulated staff member corrects each misrouted " +
        "ticket to its label; every N tickets the top suggestions are accepted (in memory only, config/ is " +
        "not written); prints agency accuracy per block",
    )
    .argument("<files...>", "labelled JSONL files (e.g. ../shared/data/eval/jateng-dev.jsonl)")
    .option("--block <n>", "tickets per block", "50")
    .option("--accept <n>", "suggestions accepted after each block", "3")
    .option(
      "--from <rules>",
      "start from `today` (config/ as it is) or `names` (a first day: each agency known only by its own name)",
      "today",
    )
    .option("--json", "print the curves as JSON")
    .action(benchLearning);
  program
    .command("dashboard")
    .description(
      "web dashboard with many tickets in Redis: page load and API latency (p50, p99) on the real routes",
    )
    .option("--tickets <n>", "tickets written to Redis (a tenth stay open)", "50000")
    .option("--requests <n>", "requests per route", "200")
    .option(
      "--redis-url <url>",
      "Redis to use (a fresh prefix, removed afterwards)",
      "redis://127.0.0.1:6379",
    )
    .action(async (o: { tickets: string; requests: string; redisUrl: string }) => {
      const r = await runDashboardBench({
        tickets: Math.max(100, Number(o.tickets) || 50_000),
        requests: Math.max(10, Number(o.requests) || 200),
        redisUrl: o.redisUrl,
      });
      console.log(formatDashboardBench(r));
    });
  await program.parseAsync(argv);
}

main(process.argv).catch((e: unknown) => {
  if (e instanceof ConfigError) console.error(e.message);
  else console.error(e instanceof Error ? `bench: ${e.message}` : e);
  process.exitCode = 1;
});

async function benchSoak(opts: {
  rate: string;
  minutes: string;
  tsx?: boolean;
  json?: boolean;
}): Promise<void> {
  const rate = Number(opts.rate);
  const minutes = Number(opts.minutes);
  if (!(rate > 0 && rate <= 100)) throw new Error("--rate wants tweets/s in (0, 100]");
  if (!(minutes > 0 && minutes <= 24 * 60))
    throw new Error("--minutes wants a number of minutes up to a day");
  const config = await loadConfig(process.env["ADUAN_CONFIG_DIR"] ?? "config", new Date());
  const figures = await runSoak({
    config,
    rate,
    minutes,
    ...(opts.tsx ? { tsx: true } : {}),
    onSample: (s) =>
      console.error(
        `  ${String(s.elapsedS).padStart(5)} s  tweets ${s.injected}  cards ${s.carded}  RSS MB ` +
          Object.entries(s.rssMb)
            .map(([r, mb]) => `${r} ${mb.toFixed(0)}`)
            .join(", "),
      ),
  });
  console.log(opts.json ? JSON.stringify(figures, null, 2) : formatSoak(figures));
}

async function benchLearning(
  files: string[],
  opts: { block: string; accept: string; from: string; json?: boolean },
): Promise<void> {
  const blockSize = Number(opts.block);
  const acceptPerBlock = Number(opts.accept);
  if (!Number.isInteger(blockSize) || blockSize < 5) throw new Error("--block wants a whole number ≥ 5");
  if (!Number.isInteger(acceptPerBlock) || acceptPerBlock < 0)
    throw new Error("--accept wants a whole number ≥ 0");
  if (opts.from !== "today" && opts.from !== "names") throw new Error("--from wants `today` or `names`");
  const dir = process.env["ADUAN_CONFIG_DIR"] ?? "config";
  const { config: today } = await loadTriageSetup(dir);
  // The service's model: app.yaml's routing threshold included.
  const { triage: service } = await loadConfig(dir, new Date());
  const config = opts.from === "names" ? namesOnlyConfig(today) : today;
  const base =
    opts.from === "names" ? { ...buildTriageModel(config), minConfidence: service.minConfidence } : service;
  const results = [];
  for (const file of files) {
    const parsed = parseLabelled(await readFile(file, "utf8"));
    for (const p of parsed.problems) console.error(`bench: ${file}: ${p}`);
    const r = runLearningBench(
      basename(file).replace(/\.jsonl?$/, ""),
      config,
      base,
      timeOrder(parsed.rows),
      {
        blockSize,
        acceptPerBlock,
        startingRules: opts.from === "names" ? "names only" : "today's rules",
      },
    );
    results.push(r);
    if (!opts.json) console.log(formatLearningBench(r) + "\n");
  }
  if (opts.json) console.log(JSON.stringify(results, null, 2));
}

function workerProcesses(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 8)
    throw new Error("--worker-processes takes a whole number from 0 to 8");
  return n;
}

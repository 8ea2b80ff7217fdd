import { spawn, type ChildProcess } from "node:child_process";
import { cp, mkdtemp, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { Queue, QueueEvents, Worker } from "bullmq";
import { parse as parseCsv } from "csv-parse/sync";
import { readFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { pipelineSettings } from "../src/app/pipeline-settings-from-config.js";
import { startAduan, type RunningAduan } from "../src/app/start-aduan.js";
import type { AduanConfig } from "../src/app/load-config.js";
import { DEMO_X_CREDENTIALS, startDemoWorld, type DemoWorld } from "../sim/demo/demo-world.js";
import { bullPrefix, DEFAULT_JOB_OPTIONS, QUEUE } from "../jobs/queues.js";
import { placeKey } from "../src/core/find-duplicate.js";
import { routeVerdict } from "../src/core/routing.js";
import { systemClock } from "../src/runtime/clock.js";
import { createLogger } from "../src/runtime/logger.js";
import { createRedis } from "../src/runtime/redis.js";
import { triage } from "../src/triage/triage.js";
import type { SimTweetInput } from "../sim/x/x-simulator.js";
import { syntheticComplaints } from "./synthetic-tweets.js";

/** The triage worker's concurrency in `startAduan`: the no-op ceiling runs with the same. */
const PIPELINE_CONCURRENCY = 8;
/** Target figures from the pipeline issue. */
export const PIPELINE_TARGETS = { sustainedPerSecond: 300, ceilingShare: 0.3, p99At50Ms: 1000 };

export interface PipelineBenchOptions {
  config: AduanConfig;
  redisUrl: string;
  /** Offered rates in tweets per second, one step each, rising. */
  rates: number[];
  /** How long each step injects tweets. */
  stepSeconds: number;
  /** Gap between the end of one poll of X and the start of the next. */
  pollGapMs: number;
  /** Longest wait after a step for its last cards before the bench stops climbing. */
  drainSeconds: number;
  /** No-op jobs measured for the ceiling. */
  noopJobs: number;
  /**
   * Run the workers role in this many separate processes (`src/main.ts --role workers` against
   * the simulators), as a deployment scales out; 0 runs everything in the bench's own process.
   */
  workerProcesses?: number;
  /** The pipeline's log level (default silent: logs would garble the table). */
  logLevel?: string;
  /** Told about every card as it appears, and about each step's start. */
  onProgress?: (p: { rate: number; carded: number; injected: number; allCarded: number }) => void;
}

export interface StepFigures {
  /** Offered rate, tweets/s. */
  rate: number;
  injected: number;
  carded: number;
  /** Cards per second from the step's first tweet to its last card. */
  sustainedPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Every tweet of the step reached its card within the drain time. */
  drained: boolean;
  /** Cores this process kept busy (pipeline, simulators and bench in one process). */
  processCores: number;
  /** This process's CPU time per carded tweet: the cost that does not depend on other load. */
  cpuMsPerTweet: number;
}

export interface PipelineBenchFigures {
  steps: StepFigures[];
  /** Worker processes besides the bench's own (0: the workers ran in the bench process). */
  workerProcesses: number;
  /** The machine's 1-minute load average at the start and the end (other processes skew the figures). */
  loadAverage: { start: number; end: number; cpus: number };
  noop: { jobs: number; concurrency: number; jobsPerSecond: number };
  /** Best sustained tweets/s among the steps that drained. */
  sustainedPerSecond: number;
  /** sustainedPerSecond ÷ the no-op ceiling. */
  ceilingShare: number;
  p99At50Ms: number | null;
  targets: typeof PIPELINE_TARGETS;
  met: { sustained: boolean; ceilingShare: boolean; p99At50: boolean | null };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The bench's citizens: complaints that mention the city's account, each ending as a card of its
 * own (a distinct incident: the pipeline merges the same problem at the same place into one card).
 */
export async function cardTweets(config: AduanConfig, count: number): Promise<SimTweetInput[]> {
  const settings = pipelineSettings(config, {}, {});
  const account = config.app.x.accounts[0] ?? "PemkotBandung";
  const csv = async (file: string) =>
    parseCsv(await readFile(`${config.dir}/places/${file}`, "utf8"), {
      columns: true,
      skip_empty_lines: true,
    }) as Record<string, string>[];
  const places = [
    ...(await csv("streets.csv"))
      .filter((s) => !s["kecamatan_share"]?.includes("OUTSIDE"))
      .map((s) => s["street"] ?? ""),
    ...(await csv("landmarks.csv")).map((l) => l["name"] ?? ""),
  ].filter(Boolean);
  const seen = new Set<string>();
  const out: SimTweetInput[] = [];
  for (let seed = 77; out.length < count && seed < 77 + 20; seed++) {
    for (const text of syntheticComplaints(count * 2, account, places, seed)) {
      const verdict = triage(config.triage, { id: "1", text, mentions_us: true });
      const route = routeVerdict(verdict, settings);
      if (route.kind !== "dispatch") continue;
      const place = placeKey(verdict) ?? "";
      const topics = verdict.evidence.filter((e) => e.field === "agency").map((e) => e.match.toLowerCase());
      const keys = topics.map((t) => `${verdict.agency ?? ""}|${place}|${t}`);
      if (place && keys.some((k) => seen.has(k))) continue;
      for (const k of keys) seen.add(k);
      out.push({ text, author: { username: `warga_${out.length % 5000}` } });
      if (out.length === count) break;
    }
  }
  if (out.length < count) throw new Error(`only ${out.length} distinct complaints for ${count} wanted`);
  return out;
}

/** No-op BullMQ jobs through one worker of the pipeline's concurrency: the ceiling on this Redis. */
export async function measureNoopCeiling(
  redisUrl: string,
  prefix: string,
  jobs: number,
): Promise<PipelineBenchFigures["noop"]> {
  const producer = createRedis(redisUrl, "worker");
  await producer.connect();
  const queue = new Queue("bench-noop", {
    connection: producer,
    prefix: bullPrefix(prefix),
    defaultJobOptions: DEFAULT_JOB_OPTIONS,
  });
  for (let i = 0; i < jobs; i += 1000) {
    const n = Math.min(1000, jobs - i);
    await queue.addBulk(Array.from({ length: n }, (_, j) => ({ name: "noop", data: { n: i + j } })));
  }
  let done = 0;
  let finished!: () => void;
  const allDone = new Promise<void>((resolve) => (finished = resolve));
  const worker = new Worker("bench-noop", async () => undefined, {
    connection: producer,
    prefix: bullPrefix(prefix),
    concurrency: PIPELINE_CONCURRENCY,
    autorun: false,
  });
  worker.on("completed", () => {
    if (++done === jobs) finished();
  });
  const started = performance.now();
  void worker.run();
  await allDone;
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  await producer.quit();
  return { jobs, concurrency: PIPELINE_CONCURRENCY, jobsPerSecond: jobs / seconds };
}

/**
 * Tweets into the X simulator at rising rates, through ingest, triage and dispatch (Telegram
 * throttling off, replies off: X would cap them at 100 per 15 minutes), against the real Redis
 * under a fresh prefix. A card's time is when its Telegram job completed, read from the queue's
 * event stream (Redis server time), so the bench does not slow the pipeline by scanning chats.
 */
export async function runPipelineBench(o: PipelineBenchOptions): Promise<PipelineBenchFigures> {
  const prefix = `bench-pipeline-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const config: AduanConfig = {
    ...o.config,
    // Only the mentions source: a search would read the same tweets again.
    app: { ...o.config.app, x: { ...o.config.app.x, searches: [] } },
  };
  let world: DemoWorld | undefined;
  let aduan: RunningAduan | undefined;
  let events: QueueEvents | undefined;
  let polling = false;
  let children: ChildProcess[] = [];
  let poller: Promise<void> = Promise.resolve();
  const loadAtStart = loadavg()[0] ?? NaN;
  try {
    const noop = await measureNoopCeiling(o.redisUrl, prefix, o.noopJobs);

    world = await startDemoWorld(config.agencies, {
      floodControl: false,
      xLimits: { mentions: 1_000_000, me: 1_000_000 },
    });
    const settings = pipelineSettings(config, {}, world.chatIds);
    settings.replies = { ...settings.replies, on_dispatch: false };
    const workerProcesses = o.workerProcesses ?? 0;
    if (workerProcesses > 0) {
      children = await spawnWorkers(workerProcesses, config, world, prefix, o.redisUrl);
    }
    aduan = await startAduan({
      config,
      settings,
      redisUrl: o.redisUrl,
      prefix,
      x: { baseUrl: world.x.url, ...DEMO_X_CREDENTIALS },
      telegram: { token: world.telegram.token, apiRoot: world.telegram.url },
      callbackSecret: "bench-secret",
      roles: new Set(workerProcesses > 0 ? ["ingest"] : ["ingest", "workers"]),
      log: createLogger({ level: o.logLevel ?? "silent" }),
      clock: systemClock,
      telegramLimits: null,
      // The bench polls; the scheduler's own poll would only add noise.
      pollEveryMs: 3_600_000,
    });

    const eventsRedis = createRedis(o.redisUrl, "worker");
    events = new QueueEvents(QUEUE.telegram, { connection: eventsRedis, prefix: bullPrefix(prefix) });
    const cardAt = new Map<string, number>(); // ticket id → ms (Redis time of the job's completion)
    let onCard = () => {};
    events.on("completed", ({ jobId }, id) => {
      // Round 0 is a card in the triage group (no agency yet), round 1 the first agency card.
      const m = /^(.+)-card-[01]$/.exec(jobId);
      if (!m?.[1] || cardAt.has(m[1])) return;
      cardAt.set(m[1], Number(id.split("-")[0]));
      onCard();
    });
    await events.waitUntilReady();

    const world_ = world;
    const aduan_ = aduan;
    polling = true;
    let pollErrors = 0;
    poller = (async () => {
      while (polling) {
        const t0 = performance.now();
        await aduan_.pollNow().catch(() => pollErrors++);
        await sleep(Math.max(1, o.pollGapMs - (performance.now() - t0)));
      }
    })();

    const totalTweets = o.rates.reduce((sum, r) => sum + Math.ceil(r * o.stepSeconds), 0);
    const pool = await cardTweets(config, totalTweets + 50);
    let next = 0;
    const injectedAt = new Map<string, number>(); // tweet id → ms
    const inject = (): string => {
      const input = pool[next++ % pool.length] as SimTweetInput;
      const at = Date.now();
      const id = world_.x.addTweet(input).id;
      injectedAt.set(id, at);
      return id;
    };

    // Warm-up at a low rate: a first poll sets the cursor, JIT and connections settle.
    for (let i = 0; i < 50; i++) {
      inject();
      await sleep(10);
    }
    await waitUntil(() => cardAt.size >= 50, 20_000);
    const warmCards = cardAt.size;

    const steps: StepFigures[] = [];
    for (const rate of o.rates) {
      const baseline = cardAt.size;
      const ids: string[] = [];
      let carded = 0;
      onCard = () => {
        carded = cardAt.size - baseline;
        o.onProgress?.({ rate, carded, injected: ids.length, allCarded: cardAt.size - warmCards });
      };
      const planned = Math.ceil(rate * o.stepSeconds);
      const started = Date.now();
      const cpu0 = process.cpuUsage();
      while (ids.length < planned) {
        const due = Math.min(planned, Math.floor(((Date.now() - started) / 1000) * rate) + 1);
        while (ids.length < due) ids.push(inject());
        await sleep(2);
      }
      const drained = await waitUntil(() => cardAt.size - baseline >= planned, o.drainSeconds * 1000);
      const cpu = process.cpuUsage(cpu0);
      const figures = await stepFigures(aduan_, rate, ids, injectedAt, cardAt, drained);
      figures.processCores = (cpu.user + cpu.system) / 1000 / (Date.now() - started);
      figures.cpuMsPerTweet = (cpu.user + cpu.system) / 1000 / Math.max(1, figures.carded);
      steps.push(figures);
      onCard = () => {};
      if (!drained) break;
    }

    const drainedSteps = steps.filter((s) => s.drained);
    const sustained = Math.max(0, ...drainedSteps.map((s) => s.sustainedPerSecond));
    const at50 = steps.find((s) => s.rate === 50);
    const p99At50Ms = at50 ? at50.p99Ms : null;
    if (pollErrors > 0) process.emitWarning(`${pollErrors} polls of the X simulator failed`);
    return {
      steps,
      workerProcesses,
      loadAverage: { start: loadAtStart, end: loadavg()[0] ?? NaN, cpus: cpus().length },
      noop,
      sustainedPerSecond: sustained,
      ceilingShare: sustained / noop.jobsPerSecond,
      p99At50Ms,
      targets: PIPELINE_TARGETS,
      met: {
        sustained: sustained >= PIPELINE_TARGETS.sustainedPerSecond,
        ceilingShare: sustained / noop.jobsPerSecond >= PIPELINE_TARGETS.ceilingShare,
        p99At50: p99At50Ms === null ? null : p99At50Ms < PIPELINE_TARGETS.p99At50Ms,
      },
    };
  } finally {
    polling = false;
    await poller;
    await events?.close();
    await aduan?.stop();
    await stopWorkers(children);
    await world?.close();
    await deleteKeys(o.redisUrl, prefix);
  }
}

/**
 * Worker processes as a deployment would run them: the real entry point in real mode, aimed at
 * the simulators by environment, with a copy of the config whose dispatch replies are off (the
 * in-process run turns them off too) and Aduan's own Telegram throttle off (as in-process).
 */
async function spawnWorkers(
  n: number,
  config: AduanConfig,
  world: DemoWorld,
  prefix: string,
  redisUrl: string,
): Promise<ChildProcess[]> {
  const dir = await mkdtemp(join(tmpdir(), "aduan-bench-config-"));
  await cp(config.dir, dir, { recursive: true });
  const appFile = join(dir, "app.yaml");
  const app = parseDocument(await readFile(appFile, "utf8"));
  app.setIn(["replies", "on_dispatch"], false);
  await writeFile(appFile, app.toString());
  const chats = Object.fromEntries(
    Object.entries(world.chatIds).map(([agency, id]) => [`ADUAN_CHAT_${agency.toUpperCase()}`, String(id)]),
  );
  const env = {
    ...process.env,
    ...chats,
    ADUAN_CONFIG_DIR: dir,
    ADUAN_PREFIX: prefix,
    ADUAN_TELEGRAM_THROTTLE: "off",
    REDIS_URL: redisUrl,
    X_API_BASE_URL: world.x.url,
    X_APP_KEY: DEMO_X_CREDENTIALS.appKey,
    X_APP_SECRET: DEMO_X_CREDENTIALS.appSecret,
    X_ACCESS_TOKEN: DEMO_X_CREDENTIALS.accessToken,
    X_ACCESS_SECRET: DEMO_X_CREDENTIALS.accessSecret,
    TELEGRAM_BOT_TOKEN: world.telegram.token,
    TELEGRAM_API_ROOT: world.telegram.url,
    PORT: "0",
    LOG_LEVEL: "warn",
  };
  const children = Array.from({ length: n }, () =>
    spawn(process.execPath, ["--import", "tsx", "src/main.ts", "--role", "workers"], {
      env,
      stdio: ["ignore", "ignore", "inherit"],
    }),
  );
  // A worker is ready once it logs nothing more to wait for; give them time to load the config.
  await sleep(4_000);
  for (const c of children) {
    if (c.exitCode !== null) throw new Error(`a worker process exited at start (code ${c.exitCode})`);
  }
  return children;
}

async function stopWorkers(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null) return resolve();
          const timer = setTimeout(() => c.kill("SIGKILL"), 15_000);
          c.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
          c.kill("SIGTERM");
        }),
    ),
  );
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await sleep(10);
  }
  return true;
}

async function stepFigures(
  aduan: RunningAduan,
  rate: number,
  tweetIds: string[],
  injectedAt: Map<string, number>,
  cardAt: Map<string, number>,
  drained: boolean,
): Promise<StepFigures> {
  const first = injectedAt.get(tweetIds[0] ?? "") ?? Date.now();
  const tickets = await aduan.store.listReceivedBetween(
    new Date(first - 60_000).toISOString(),
    "2100-01-01T00:00:00Z",
    {
      limit: 1_000_000,
    },
  );
  const ticketOf = new Map(tickets.map((t) => [t.tweet.id, t.id]));
  const latencies: number[] = [];
  let lastCard = first;
  for (const id of tweetIds) {
    const ticket = ticketOf.get(id);
    const at = ticket ? cardAt.get(ticket) : undefined;
    const sent = injectedAt.get(id);
    if (at === undefined || sent === undefined) continue;
    latencies.push(at - sent);
    lastCard = Math.max(lastCard, at);
  }
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return {
    rate,
    injected: tweetIds.length,
    carded: latencies.length,
    sustainedPerSecond: latencies.length / Math.max(0.001, (lastCard - first) / 1000),
    p50Ms: q(0.5),
    p99Ms: q(0.99),
    maxMs: latencies.at(-1) ?? NaN,
    drained,
    processCores: NaN,
    cpuMsPerTweet: NaN,
  };
}

async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = createRedis(redisUrl, "worker");
  await redis.connect();
  let cursor = "0";
  do {
    const [nextCursor, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = nextCursor;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== "0");
  await redis.quit();
}

export function formatPipelineBench(f: PipelineBenchFigures): string {
  const lines = [
    "pipeline: X simulator → ingest → triage → Telegram simulator (real Redis; Telegram throttling and replies off)",
    f.workerProcesses > 0
      ? `  workers in ${f.workerProcesses} separate process(es); cores and cpu columns are the bench process only (simulators, ingest)`
      : "  everything in one process (simulators, ingest, workers)",
    "",
    "  offered/s  tweets  carded  sustained/s    p50 ms    p99 ms    max ms   cores  cpu ms/tweet",
    ...f.steps.map(
      (s) =>
        `  ${String(s.rate).padStart(9)}  ${String(s.injected).padStart(6)}  ${String(s.carded).padStart(6)}  ` +
        `${s.sustainedPerSecond.toFixed(0).padStart(11)}  ${fmt(s.p50Ms)}  ${fmt(s.p99Ms)}  ${fmt(s.maxMs)}` +
        `  ${s.processCores.toFixed(2).padStart(6)}  ${s.cpuMsPerTweet.toFixed(2).padStart(12)}` +
        (s.drained ? "" : "  (fell behind: stopped here)"),
    ),
    "",
    `  no-op BullMQ jobs: ${f.noop.jobsPerSecond.toFixed(0)}/s (${f.noop.jobs} jobs, concurrency ${f.noop.concurrency}) = the ceiling`,
    `  sustained: ${f.sustainedPerSecond.toFixed(0)} tweets/s = ${(f.ceilingShare * 100).toFixed(0)}% of the ceiling` +
      `   (targets ≥ ${f.targets.sustainedPerSecond}/s ${mark(f.met.sustained)}, ≥ ${f.targets.ceilingShare * 100}% ${mark(f.met.ceilingShare)})`,
    `  load average ${f.loadAverage.start.toFixed(1)} → ${f.loadAverage.end.toFixed(1)} on ${f.loadAverage.cpus} cores` +
      (f.loadAverage.start > f.loadAverage.cpus / 2
        ? " (a busy machine: other processes took CPU from the bench)"
        : ""),
    `  p99 at 50 tweets/s: ${f.p99At50Ms === null ? "not measured" : `${f.p99At50Ms.toFixed(0)} ms`}` +
      `   (target < ${f.targets.p99At50Ms} ms ${mark(f.met.p99At50)})`,
  ];
  return lines.join("\n");
}

const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(0) : "-").padStart(8);
const mark = (ok: boolean | null) => (ok === null ? "?" : ok ? "met" : "MISSED");

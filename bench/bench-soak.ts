import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { parseDocument } from "yaml";
import { bullPrefix, QUEUE } from "../jobs/queues.js";
import type { AduanConfig } from "../src/app/load-config.js";
import { DEMO_X_CREDENTIALS, startDemoWorld, type DemoWorld } from "../sim/demo/demo-world.js";
import type { SimTweetInput } from "../sim/x/x-simulator.js";
import { cardTweets } from "./bench-pipeline.js";

/**
 * The soak: Aduan as a deployment runs it, one OS process per role (`ingest`, `workers`, `bot`),
 * compiled (`node dist/main.js`) unless told to use tsx, against the simulators and a Redis of its
 * own (so `INFO commandstats` counts only Aduan), fed a steady stream of complaints for a while.
 * Reports each role's resident memory (RSS) as it went and at the end, and what one tweet costs
 * Redis and BullMQ from the X poll to its card and its "received" reply.
 */
export interface SoakOptions {
  config: AduanConfig;
  /** Tweets per second offered to the X simulator. */
  rate: number;
  minutes: number;
  /** Run the roles through tsx (`src/main.ts`) instead of the compiled build. */
  tsx?: boolean;
  /** Sample RSS this often. */
  sampleSeconds?: number;
  onSample?: (s: {
    elapsedS: number;
    injected: number;
    carded: number;
    rssMb: Record<string, number>;
  }) => void;
}

const ROLES = ["ingest", "workers", "bot"] as const;
type RoleName = (typeof ROLES)[number];

export interface SoakFigures {
  rate: number;
  minutes: number;
  runtime: string;
  injected: number;
  carded: number;
  replied: number;
  rssMb: Record<RoleName, { start: number; max: number; end: number }>;
  /** Redis commands (all kinds) per tweet, from the poll to its card and reply; the top commands. */
  redisCallsPerTweet: number;
  topCommands: { command: string; perTweet: number }[];
  /** BullMQ jobs completed per tweet, per queue. */
  jobsPerTweet: Record<string, number>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runSoak(o: SoakOptions): Promise<SoakFigures> {
  if (!o.tsx && !existsSync("dist/main.js"))
    throw new Error("no dist/main.js: run `npm run build` first, or pass --tsx");
  const dir = await mkdtemp(join(tmpdir(), "aduan-soak-"));
  const port = await freePort();
  const redisServer = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const redisUrl = `redis://127.0.0.1:${port}`;
  let world: DemoWorld | undefined;
  let children: { role: RoleName; proc: ChildProcess }[] = [];
  const events: QueueEvents[] = [];
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  try {
    await waitForRedis(redis);
    world = await startDemoWorld(o.config.agencies, {
      floodControl: false,
      xLimits: { mentions: 1_000_000, me: 1_000_000, post: 1_000_000, search: 1_000_000 },
    });
    const prefix = "soak";
    children = await spawnRoles(o, world, prefix, redisUrl, dir);

    const completed: Record<string, number> = {};
    let carded = 0;
    for (const name of Object.values(QUEUE)) {
      const ev = new QueueEvents(name, {
        connection: { host: "127.0.0.1", port, maxRetriesPerRequest: null },
        prefix: bullPrefix(prefix),
      });
      ev.on("completed", ({ jobId }) => {
        completed[name] = (completed[name] ?? 0) + 1;
        if (name === QUEUE.telegram && /-card-[01]$/.test(jobId)) carded++;
      });
      await ev.waitUntilReady();
      events.push(ev);
    }

    const total = Math.ceil(o.rate * o.minutes * 60);
    const pool: SimTweetInput[] = await cardTweets(o.config, Math.min(total, 4000) + 10);
    await sleep(2_000);
    const rss: Record<string, number[]> = Object.fromEntries(ROLES.map((r) => [r, []]));
    const sample = async () => {
      for (const c of children) rss[c.role]?.push(await rssMb(c.proc.pid));
    };
    await sample();
    const before = await commandStats(redis);
    const jobsBefore = { ...completed };

    const started = Date.now();
    let injected = 0;
    let nextSample = started + (o.sampleSeconds ?? 10) * 1000;
    while (injected < total) {
      const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * o.rate) + 1);
      while (injected < due) {
        const input = pool[injected % pool.length] as SimTweetInput;
        // A pool smaller than the run repeats texts; new authors keep them distinct tweets.
        world.x.addTweet({ ...input, author: { username: `soak_${injected}` } });
        injected++;
      }
      if (Date.now() >= nextSample) {
        await sample();
        nextSample += (o.sampleSeconds ?? 10) * 1000;
        o.onSample?.({
          elapsedS: Math.round((Date.now() - started) / 1000),
          injected,
          carded,
          rssMb: Object.fromEntries(ROLES.map((r) => [r, rss[r]?.at(-1) ?? NaN])),
        });
      }
      await sleep(20);
    }
    // Let the last tweets reach their cards and replies.
    const deadline = Date.now() + 60_000;
    while (
      Date.now() < deadline &&
      (completed[QUEUE.replies] ?? 0) - (jobsBefore[QUEUE.replies] ?? 0) < carded
    ) {
      await sleep(250);
    }
    await sleep(2_000);
    await sample();
    const after = await commandStats(redis);

    const calls = diffStats(before, after);
    const totalCalls = [...calls.values()].reduce((a, b) => a + b, 0);
    const perTweet = (n: number) => n / Math.max(1, injected);
    const jobsPerTweet = Object.fromEntries(
      Object.values(QUEUE).map((q) => [q, perTweet((completed[q] ?? 0) - (jobsBefore[q] ?? 0))]),
    );
    const stat = (r: RoleName) => {
      const xs = rss[r] ?? [];
      return { start: xs[0] ?? NaN, max: Math.max(...xs), end: xs.at(-1) ?? NaN };
    };
    return {
      rate: o.rate,
      minutes: o.minutes,
      runtime: `${o.tsx ? "tsx src/main.ts" : "node dist/main.js"} on Node ${process.version}`,
      injected,
      carded,
      replied: (completed[QUEUE.replies] ?? 0) - (jobsBefore[QUEUE.replies] ?? 0),
      rssMb: { ingest: stat("ingest"), workers: stat("workers"), bot: stat("bot") },
      redisCallsPerTweet: perTweet(totalCalls),
      topCommands: [...calls.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 12)
        .map(([command, n]) => ({ command, perTweet: perTweet(n) })),
      jobsPerTweet,
    };
  } finally {
    await Promise.all(events.map((e) => e.close()));
    await stopAll(children.map((c) => c.proc));
    await world?.close();
    redis.disconnect();
    redisServer.kill("SIGTERM");
    await rm(dir, { recursive: true, force: true });
  }
}

async function spawnRoles(
  o: SoakOptions,
  world: DemoWorld,
  prefix: string,
  redisUrl: string,
  dir: string,
): Promise<{ role: RoleName; proc: ChildProcess }[]> {
  const configDir = join(dir, "config");
  await cp(o.config.dir, configDir, { recursive: true });
  const chats = Object.fromEntries(
    Object.entries(world.chatIds).map(([agency, id]) => [`ADUAN_CHAT_${agency.toUpperCase()}`, String(id)]),
  );
  const app = parseDocument(await readFile(join(configDir, "app.yaml"), "utf8"));
  // Only the mentions source: a search would read the same tweets again.
  app.setIn(["x", "searches"], []);
  await writeFile(join(configDir, "app.yaml"), app.toString());
  const env = {
    ...process.env,
    ...chats,
    ADUAN_CONFIG_DIR: configDir,
    ADUAN_PREFIX: prefix,
    // 5 tweets/s is more than Telegram lets into the simulator's groups (20 a minute each).
    ADUAN_TELEGRAM_THROTTLE: "off",
    ADUAN_POLL_INTERVAL_MS: "1000",
    REDIS_URL: redisUrl,
    X_API_BASE_URL: world.x.url,
    X_APP_KEY: DEMO_X_CREDENTIALS.appKey,
    X_APP_SECRET: DEMO_X_CREDENTIALS.appSecret,
    X_ACCESS_TOKEN: DEMO_X_CREDENTIALS.accessToken,
    X_ACCESS_SECRET: DEMO_X_CREDENTIALS.accessSecret,
    TELEGRAM_BOT_TOKEN: world.telegram.token,
    TELEGRAM_API_ROOT: world.telegram.url,
    LOG_LEVEL: "warn",
  };
  const entry = o.tsx ? ["--import", "tsx", "src/main.ts"] : ["dist/main.js"];
  const children = ROLES.map((role) => ({
    role,
    proc: spawn(process.execPath, [...entry, "--role", role], {
      env: { ...env, PORT: "0" },
      stdio: ["ignore", "ignore", "inherit"],
    }),
  }));
  await sleep(5_000);
  for (const c of children) {
    if (c.proc.exitCode !== null)
      throw new Error(`the ${c.role} process exited at start (code ${c.proc.exitCode})`);
  }
  return children;
}

/** Resident set size of a process in MB, from /proc (Linux). */
async function rssMb(pid: number | undefined): Promise<number> {
  if (pid === undefined) return NaN;
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
  return kb / 1024;
}

async function commandStats(redis: Redis): Promise<Map<string, number>> {
  const info = await redis.info("commandstats");
  const out = new Map<string, number>();
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) out.set(m[1] ?? "", Number(m[2]));
  return out;
}

function diffStats(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, v] of after) {
    const d = v - (before.get(k) ?? 0);
    // The bench's own INFO calls and its QueueEvents' XREADs are not Aduan's.
    if (d > 0 && k !== "info" && k !== "xread") out.set(k, d);
  }
  return out;
}

async function waitForRedis(redis: Redis): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      await redis.connect();
      await redis.ping();
      return;
    } catch {
      redis.disconnect();
      await sleep(100);
    }
  }
  throw new Error("the soak's redis-server did not start");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

async function stopAll(procs: ChildProcess[]): Promise<void> {
  await Promise.all(
    procs.map(
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

export function formatSoak(f: SoakFigures): string {
  const mb = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : "-").padStart(6);
  return [
    `soak: ${f.rate} tweets/s for ${f.minutes} min, one process per role (${f.runtime}), own redis-server`,
    `  tweets ${f.injected}, cards ${f.carded}, "received" replies ${f.replied}`,
    "",
    "  role      RSS MB: start    max    end",
    ...ROLES.map(
      (r) => `  ${r.padEnd(8)}          ${mb(f.rssMb[r].start)} ${mb(f.rssMb[r].max)} ${mb(f.rssMb[r].end)}`,
    ),
    "",
    `  Redis commands per tweet (poll → card → reply; commands run inside Lua scripts count too): ${f.redisCallsPerTweet.toFixed(1)}`,
    `    ${f.topCommands.map((c) => `${c.command} ${c.perTweet.toFixed(1)}`).join(", ")}`,
    `  BullMQ jobs per tweet: ${Object.entries(f.jobsPerTweet)
      .map(([q, n]) => `${q} ${n.toFixed(2)}`)
      .join(", ")}`,
  ].join("\n");
}

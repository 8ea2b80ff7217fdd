import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { AduanFleet } from "./aduan-fleet.js";
import { citizenTweets, type CitizenTweet } from "./citizen-tweets.js";
import { countFromOutside, pipelineIdle, type PushedTweet, type Tally } from "./outside-count.js";
import type { SuiteRedis } from "./redis-server.js";
import { SimWorld } from "./sim-world.js";

/** What a scenario's fault-maker can reach while the tweets flow. */
export interface ChaosContext {
  world: SimWorld;
  fleet: AduanFleet;
  redis: SuiteRedis;
  /** The scenario's key prefix in Redis. */
  prefix: string;
  /** The suite's own connection to the scenario's Redis (rides out restarts; fails while Redis is down). */
  redisClient: Redis;
  /** How many of the scenario's tweets are in the X simulator so far. */
  pushedCount(): number;
  /** The scenario's tweets in the X simulator so far. */
  pushed(): readonly PushedTweet[];
  /** Staff resolved this tweet's ticket with a note containing `marker`: exactly one resolved reply is due. */
  expectResolved(tweetId: string, marker: string): void;
  /** Pushes the next `n` tweets at once instead of at the steady pace (returns when they are in). */
  pushNow(n: number): Promise<void>;
  /** Waits until `check` holds, polling every 200 ms, at most `timeoutMs` (then throws naming `what`). */
  until(check: () => boolean | Promise<boolean>, what: string, timeoutMs?: number): Promise<void>;
  /** Counts something the scenario injected, for its row ("kills", "dropped responses"). */
  note(name: string, n?: number): void;
  log(message: string): void;
}

export interface ScenarioPlan {
  name: string;
  ingest: number;
  workers: number;
  perAgency: number;
  nonComplaints: number;
  /** The steady pushing is spread over this long. */
  pushOverMs: number;
  /** The X simulator's clock starts this far from real time (negative: behind). */
  xClockOffsetMs?: number;
  /** Breaks things while the tweets flow; must be bounded in count and time. */
  chaos?(ctx: ChaosContext): Promise<void>;
  /** Environment on top of the fleet's defaults for every Aduan process of the scenario. */
  env?: Record<string, string>;
  /**
   * Checks of the scenario's own once everything settled, before the world is torn down (e.g. the
   * cards' final state); throws to fail the scenario.
   */
  verify?(ctx: ChaosContext): Promise<void>;
  /** Log lines of Aduan's processes to count into the row's notes (evidence the fault was felt). */
  logEvidence?: Record<string, RegExp>;
  /** How long after the chaos the pipeline may take to finish every card and reply. */
  settleTimeoutMs: number;
}

export interface ScenarioResult {
  plan: ScenarioPlan;
  tally: Tally;
  notes: Record<string, number>;
  /** Aduan processes that died without the suite killing them. */
  crashed: string[];
  /** Whether every card and reply arrived and the queues emptied before the settle timeout. */
  settled: boolean;
  /** What the plan's own `verify` found wrong, if anything. */
  verifyError?: string;
  seconds: number;
}

export const OUR_ACCOUNT = "PemkotBandung";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One scenario end to end: a fresh simulated world, Aduan as OS processes in their own key
 * prefix, the tweets pushed at a steady pace while `chaos` breaks things, then a bounded wait
 * until every effect is visible and the queues are empty, and a count from outside.
 */
export async function runScenario(
  plan: ScenarioPlan,
  env: { redis: SuiteRedis; logDir: string; runId: string; log(message: string): void },
): Promise<ScenarioResult> {
  const started = Date.now();
  const slug = plan.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 16)
    .replace(/-+$/, "");
  const prefix = `faults-${slug}-${env.runId}`;
  const log = (m: string) => env.log(`[${plan.name}] ${m}`);
  const notes: Record<string, number> = {};
  const world = await SimWorld.start({
    logDir: env.logDir,
    name: slug,
    ...(plan.xClockOffsetMs !== undefined ? { xClockOffsetMs: plan.xClockOffsetMs } : {}),
  });
  const fleet = new AduanFleet({
    world,
    redisUrl: env.redis.url,
    prefix,
    logDir: env.logDir,
    pollIntervalMs: 1000,
    ...(plan.env ? { env: plan.env } : {}),
  });
  // The suite's own view of Redis; it must ride out the restarts scenario 2 causes.
  const redis = new Redis(env.redis.url, { maxRetriesPerRequest: 3 });
  redis.on("error", () => undefined);
  const queues = ["triage", "telegram", "replies"].map(
    (name) => new Queue(name, { connection: redis, prefix: `${prefix}:q` }),
  );
  for (const q of queues) q.on("error", () => undefined);
  try {
    // A tweet already there when Aduan starts: each source's first poll takes only the newest page
    // and sets its cursor, so the scenario's tweets are all read as new ones.
    await world.addTweet({
      text: `@${OUR_ACCOUNT} selamat pagi, semoga Bandung makin nyaman #AduanBandung`,
      author: { username: "warga_pagi", name: "Warga Pagi" },
    });
    const roles = [
      ...Array.from({ length: plan.ingest }, () => "ingest" as const),
      ...Array.from({ length: plan.workers }, () => "workers" as const),
      "bot" as const,
    ];
    await Promise.all(
      roles.map((r, i) => fleet.start(r, `${r}-${roles.slice(0, i).filter((x) => x === r).length + 1}`)),
    );
    await waitUntil(
      async () =>
        (await redis.hget(`${prefix}:x:source:mentions`, "cursor")) !== null &&
        (await redis.hget(`${prefix}:x:source:hashtag-aduan`, "cursor")) !== null,
      "the first poll of each X source",
      30_000,
    );
    log(`${fleet.members.length} Aduan processes up, cursors set`);

    const tweets = citizenTweets(env.runId.slice(0, 4), {
      perAgency: plan.perAgency,
      nonComplaints: plan.nonComplaints,
    });
    const pushed: PushedTweet[] = [];
    let next = 0;
    const pushOne = async (t: CitizenTweet) => {
      const at = Date.now();
      const sim = await world.addTweet({ text: t.text, author: t.author });
      pushed.push({ id: sim.id, key: t.key, agency: t.agency, praise: t.praise === true, pushedAtMs: at });
    };
    const pushNow = async (n: number) => {
      for (let i = 0; i < n && next < tweets.length; i++) await pushOne(tweets[next++] as CitizenTweet);
    };
    const steady = (async () => {
      const gap = plan.pushOverMs / tweets.length;
      while (next < tweets.length) {
        await pushNow(1);
        await sleep(gap);
      }
    })();
    const resolved = new Map<string, string>();
    const ctx: ChaosContext = {
      world,
      fleet,
      redis: env.redis,
      prefix,
      redisClient: redis,
      pushedCount: () => pushed.length,
      pushed: () => pushed,
      expectResolved: (tweetId, marker) => void resolved.set(tweetId, marker),
      pushNow,
      until: (check, what, timeoutMs = 60_000) => waitUntil(check, what, timeoutMs),
      note: (name, n = 1) => void (notes[name] = (notes[name] ?? 0) + n),
      log,
    };
    await Promise.all([steady, plan.chaos?.(ctx)]);
    log(`${pushed.length} tweets pushed, faults done; waiting for the pipeline to settle`);

    const deadline = Date.now() + plan.settleTimeoutMs;
    let tally = await countFromOutside(world, redis, prefix, pushed, OUR_ACCOUNT, resolved).catch(
      () => undefined,
    );
    let settled = false;
    let idleRounds = 0;
    while (Date.now() < deadline) {
      await sleep(1000);
      try {
        tally = await countFromOutside(world, redis, prefix, pushed, OUR_ACCOUNT, resolved);
        idleRounds = tally.lost === 0 && (await pipelineIdle(queues)) ? idleRounds + 1 : 0;
      } catch {
        idleRounds = 0; // Redis still coming back
      }
      if (idleRounds >= 3) {
        settled = true;
        break;
      }
    }
    tally = await countFromOutside(world, redis, prefix, pushed, OUR_ACCOUNT, resolved);
    const verifyError = await Promise.resolve(plan.verify?.(ctx)).then(
      () => undefined,
      (err: unknown) => (err instanceof Error ? (err.stack ?? err.message) : String(err)),
    );
    const doubtful = await fleet.countLogLines(/re-sending a card whose earlier attempt ended in doubt/);
    if (doubtful > 0) notes["cards re-sent in doubt"] = doubtful;
    for (const [name, pattern] of Object.entries(plan.logEvidence ?? {})) {
      notes[name] = await fleet.countLogLines(pattern);
    }
    log(
      `settled=${settled} after ${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify({ ...tally, missing: undefined })}`,
    );
    return {
      plan,
      tally,
      notes,
      crashed: fleet.unexpectedExits(),
      settled,
      ...(verifyError ? { verifyError } : {}),
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    await fleet.stop().catch(() => undefined);
    await world.stop().catch(() => undefined);
    await Promise.all(queues.map((q) => q.close().catch(() => undefined)));
    redis.disconnect();
  }
}

async function waitUntil(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await Promise.resolve(check()).catch(() => false)) return;
    await sleep(200);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

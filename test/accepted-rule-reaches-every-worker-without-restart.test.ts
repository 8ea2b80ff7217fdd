import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pipelineSettings } from "../src/app/pipeline-settings-from-config.js";
import { startAduan, type RunningAduan } from "../src/app/start-aduan.js";
import { ruleId, type AcceptedRule, type CandidateRule } from "../src/learning/candidate-rule.js";
import { RedisLearnedRules } from "../src/redis/learned-rules.js";
import { createLogger } from "../src/runtime/logger.js";
import { systemClock } from "../src/runtime/clock.js";
import { triage } from "../src/triage/triage.js";
import { DEMO_X_CREDENTIALS, startDemoWorld, type DemoWorld } from "../sim/demo/demo-world.js";
import { eventually } from "./support/eventually.js";
import { deleteKeys, shippedConfig } from "./support/pipeline-harness.js";

const TWEET = "Tolong pak, odong-odong rusak parah dan membahayakan anak-anak di taman Cibeunying";

function accepted(rule: CandidateRule, by: string): AcceptedRule {
  return { id: ruleId(rule), rule, by, on: "2026-12-01", support: 4, precision: 0.9, net: 3 };
}

describe("an accepted rule reaches every process that triages, without a restart", () => {
  let world: DemoWorld;
  const prefix = `test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const workers: RunningAduan[] = [];
  let third: Redis;

  beforeAll(async () => {
    const config = await shippedConfig();
    world = await startDemoWorld(config.agencies, { floodControl: false });
    // Two "workers" processes (in this one) on the same Redis prefix, as on two machines.
    for (let i = 0; i < 2; i++) {
      workers.push(
        await startAduan({
          config,
          settings: pipelineSettings(config, {}, world.chatIds),
          redisUrl: "redis://127.0.0.1:6379",
          prefix,
          x: { baseUrl: world.x.url, ...DEMO_X_CREDENTIALS },
          telegram: { token: world.telegram.token, apiRoot: world.telegram.url },
          callbackSecret: "test-secret",
          roles: new Set(["workers"]),
          log: createLogger({ level: "silent" }),
          clock: systemClock,
          telegramLimits: null,
          httpPort: 0,
          // Long: the pub/sub message must do the work, not the periodic check.
          rulesCheckEveryMs: 3_600_000,
        }),
      );
    }
    third = new Redis("redis://127.0.0.1:6379");
  }, 60_000);

  afterAll(async () => {
    for (const w of workers) await w.stop();
    third.disconnect();
    await world.close();
    await deleteKeys(prefix);
  });

  it("routes a new tweet by a rule a third party accepted, and shows the version on /healthz", async () => {
    const [a, b] = workers as [RunningAduan, RunningAduan];
    // Today the tweet goes to Bina Marga (`rusak` alone).
    expect(triage(a.triage!.current().model, { id: "1", text: TWEET }).agency).toBe("dsdabm");
    expect(a.triage!.current().version).toBe(0);

    const rule: CandidateRule = { type: "keyword", agency: "satpolpp", phrase: "odong", weight: 3 };
    const { added, version } = await new RedisLearnedRules(third, prefix).accept(accepted(rule, "sari"));
    expect(added).toBe(true);
    expect(version).toBe(1);

    await eventually(() => {
      expect(a.triage!.current().version).toBe(1);
      expect(b.triage!.current().version).toBe(1);
    });
    for (const w of [a, b])
      expect(triage(w.triage!.current().model, { id: "2", text: TWEET }).agency).toBe("satpolpp");

    // A new tweet through the queue: whichever worker takes it routes it by the new rule.
    const tweetId = "1999000000000000001";
    await a.queues.triage.add(
      "tweet",
      {
        tweet: {
          id: tweetId,
          text: TWEET,
          author_id: "42",
          author_username: "warga_bdg",
          created_at: new Date().toISOString(),
          url: `https://x.com/warga_bdg/status/${tweetId}`,
          mentions_us: true,
          is_retweet: false,
        },
      },
      { jobId: `tweet-${tweetId}` },
    );
    await eventually(async () => {
      const t = await a.store.getByTweetId(tweetId);
      expect(t?.agency).toBe("satpolpp");
    }, 20_000);

    const health = (await (await fetch(`${a.httpUrl}/healthz`)).json()) as {
      checks: { rules: { version: number; loaded: number; accepted_rules: number } };
    };
    expect(health.checks.rules).toMatchObject({ version: 1, loaded: 1, accepted_rules: 1 });
  }, 60_000);

  it("keeps the rules in use when an accepted rule does not validate, and says why", async () => {
    const [a, b] = workers as [RunningAduan, RunningAduan];
    const bad: CandidateRule = { type: "keyword", agency: "dinas_hantu", phrase: "pocong", weight: 2 };
    const { version } = await new RedisLearnedRules(third, prefix).accept(accepted(bad, "budi"));
    expect(version).toBe(2);
    await eventually(() => {
      expect(a.triage!.lastError?.message).toMatch(/dinas_hantu/);
      expect(b.triage!.lastError?.message).toMatch(/dinas_hantu/);
    });
    for (const w of [a, b]) {
      expect(w.triage!.current().version).toBe(1);
      expect(triage(w.triage!.current().model, { id: "3", text: TWEET }).agency).toBe("satpolpp");
    }
    const health = (await (await fetch(`${b.httpUrl}/healthz`)).json()) as {
      status: string;
      checks: { rules: { version: number; loaded: number; reload_failed?: string } };
    };
    expect(health.checks.rules.version).toBe(2);
    expect(health.checks.rules.loaded).toBe(1);
    expect(health.checks.rules.reload_failed).toMatch(/dinas_hantu/);
  }, 60_000);
});

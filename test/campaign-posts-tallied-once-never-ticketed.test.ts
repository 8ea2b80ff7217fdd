import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createQueues, type Queues } from "../jobs/queues.js";
import type { AduanConfig } from "../src/app/load-config.js";
import { campaignIdleReason, pollDeps, sourcesOf } from "../src/app/roles/ingest.js";
import { campaignSourceId } from "../src/campaigns/campaign-post.js";
import { pollSource } from "../src/ingest/poll-source.js";
import { RedisCampaignTally } from "../src/redis/campaign-tally.js";
import { redisKeys } from "../src/redis/keys.js";
import { XUsageCounter } from "../src/redis/x-usage.js";
import { createRedis } from "../src/runtime/redis.js";
import { XApiTweetSource } from "../src/x/tweet-source.js";
import { deleteKeys, shippedConfig } from "./support/pipeline-harness.js";
import { startSimKit, type SimKit } from "./support/x-sim-kit.js";

const prefix = `test-campaign-${randomUUID().slice(0, 8)}`;
let redis: Redis;
let queues: Queues;
let kit: SimKit;
let config: AduanConfig;

beforeAll(async () => {
  redis = createRedis("redis://127.0.0.1:6379", "worker");
  await redis.connect();
  queues = createQueues(redis, prefix);
  kit = await startSimKit();
  const shipped = await shippedConfig();
  config = {
    ...shipped,
    app: { ...shipped.app, campaigns: [{ tag: "#NgepelBraga", from: "2026-03-01", to: "2026-03-07" }] },
  };
});
afterAll(async () => {
  await kit.sim.close();
  await queues.close();
  await deleteKeys(prefix);
  await redis.quit();
});

function platform() {
  return { redis, prefix, now: kit.clock.now, config, usage: new XUsageCounter(redis, prefix), queues };
}

function post(text: string, author: string): void {
  kit.clock.advance(60_000);
  kit.sim.addTweet({ text, author: { username: author } });
}

it("counts each campaign post once across repeated polls, with people, places and days, and tickets none", async () => {
  post("Ayo bareng2 bersihin trotoar Jalan Braga pagi ini #NgepelBraga", "relawan_a");
  post("Seru banget #NgepelBraga tadi di Gedung Merdeka", "relawan_b");
  post("jalan berlubang parah di Dago #NgepelBraga", "relawan_a");
  post("@PemkotBandung lampu jalan mati di Jl. Riau", "warga_riau");
  kit.clock.advance(60_000);

  const p = platform();
  const spec = sourcesOf(p).find((s) => s.kind === "campaign");
  expect(spec).toMatchObject({ id: campaignSourceId("#NgepelBraga"), query: "#NgepelBraga -is:retweet" });
  const deps = pollDeps(p, new XApiTweetSource(kit.app, "1", config.app.x.accounts));
  const first = await pollSource(deps, spec!);
  expect(first).toMatchObject({ status: "polled", read: 3 });

  // The same posts read again (the cursor lost, as after a crash before it moved): nothing counts twice.
  await redis.del(redisKeys(prefix).source(spec!.id));
  await pollSource(deps, spec!);
  await pollSource(deps, spec!);

  const figures = await new RedisCampaignTally(redis, prefix).figures("#NgepelBraga");
  expect(figures.posts).toBe(3);
  expect(figures.people).toBe(2);
  expect(figures.daily).toEqual([{ date: "2026-03-02", posts: 3 }]);
  expect(figures.places.length).toBeGreaterThanOrEqual(2);
  expect(figures.places.map((pl) => pl.name).join(" ")).toMatch(/Braga/u);
  expect(figures.places.reduce((n, pl) => n + pl.count, 0)).toBeLessThanOrEqual(3);

  // Campaign posts never become triage jobs (so never tickets), even the one that reads like a complaint.
  const counts = await queues.triage.getJobCounts();
  expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
  // Reads are billed like any search's.
  expect((await p.usage.month(kit.clock.now())).reads).toBeGreaterThanOrEqual(6);
});

it("does not read a campaign outside its days or once the month's X budget is spent", async () => {
  const p = platform();
  const spec = sourcesOf(p).find((s) => s.kind === "campaign")!;
  expect(await campaignIdleReason(p, spec)).toBeUndefined();
  const spent = {
    ...p,
    config: {
      ...config,
      app: {
        ...config.app,
        x: { ...config.app.x, cost: { ...config.app.x.cost, monthly_budget_usd: 0.01 } },
      },
    },
  };
  expect(await campaignIdleReason(spent, spec)).toBe("X budget of the month reached");
  const later = { ...p, now: () => Date.parse("2026-03-08T00:00:00+07:00") };
  expect(await campaignIdleReason(later, spec)).toBe("campaign not running today");
});

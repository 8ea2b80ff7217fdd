import { randomUUID } from "node:crypto";
import Fastify, { type FastifyInstance, type preHandlerHookHandler } from "fastify";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { AduanConfig } from "../src/app/load-config.js";
import { registerCampaignMoodRoutes } from "../src/campaigns/campaign-mood-routes.js";
import { campaignPost } from "../src/campaigns/campaign-post.js";
import { campaignMoodDeps } from "../src/campaigns/pulse-from-redis.js";
import { RedisCampaignTally } from "../src/redis/campaign-tally.js";
import { RedisMoodTally } from "../src/redis/mood-tally.js";
import { openPulseKit, type PulseKit } from "./support/pulse-kit.js";
import { sampleTweet } from "./support/sample-ticket.js";

const prefix = `test-pulse-api-${randomUUID().slice(0, 8)}`;
const NOW = Date.parse("2026-11-29T05:00:00+07:00");
let pulse: PulseKit;
let redis: Redis;
let config: AduanConfig;

beforeAll(async () => {
  pulse = await openPulseKit(prefix, [
    { tag: "#NgepelBraga", from: "2026-11-20", to: "2026-11-30" },
    { tag: "#BandungBebasSampah", from: "2026-12-01", to: "2026-12-31" },
  ]);
  ({ redis, config } = pulse);
  const campaigns = new RedisCampaignTally(redis, prefix);
  const post = (id: string, author: string, at: string, place: string | null) =>
    campaigns.record(
      "#NgepelBraga",
      campaignPost(
        sampleTweet({ id, author_id: author, created_at: at }),
        place ? { source: "text", street: place } : { source: "none" },
      ),
    );
  await post("21", "a", "2026-11-27T03:00:00Z", "Jl. Braga");
  await post("22", "b", "2026-11-28T03:00:00Z", "Jl. Braga");
  await post("23", "a", "2026-11-28T04:00:00Z", "Jl. Asia Afrika");
  const mood = new RedisMoodTally(redis, prefix);
  await mood.record({ tweetId: "31", day: "2026-11-28", polarity: "positive", agency: "dlh" });
  await mood.record({ tweetId: "32", day: "2026-11-29", polarity: "negative", agency: "dishub" });
  await mood.record({ tweetId: "33", day: "2026-11-29", polarity: "neutral", agency: null });
});
afterAll(async () => {
  await pulse?.close();
});

async function server(preHandler: preHandlerHookHandler): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  registerCampaignMoodRoutes(
    app,
    campaignMoodDeps(redis, prefix, config, () => NOW),
    preHandler,
  );
  await app.ready();
  return app;
}
const allow: preHandlerHookHandler = async () => undefined;

it("answers /dasbor/api/campaigns in the dashboard's shape, every configured campaign in order", async () => {
  const app = await server(allow);
  const res = await app.inject({ method: "GET", url: "/dasbor/api/campaigns" });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toEqual({
    campaigns: [
      {
        tag: "#NgepelBraga",
        posts: 3,
        people: 2,
        places: [
          { name: "Jl. Braga", count: 2 },
          { name: "Jl. Asia Afrika", count: 1 },
        ],
        daily: [
          { date: "2026-11-27", posts: 1 },
          { date: "2026-11-28", posts: 2 },
        ],
      },
      { tag: "#BandungBebasSampah", posts: 0, people: 0, places: [], daily: [] },
    ],
  });
  await app.close();
});

it("answers /dasbor/api/mood?days=3 with every day up to today and the agencies' totals", async () => {
  const app = await server(allow);
  const res = await app.inject({ method: "GET", url: "/dasbor/api/mood?days=3" });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toEqual({
    days: [
      { date: "2026-11-27", positive: 0, neutral: 0, negative: 0 },
      { date: "2026-11-28", positive: 1, neutral: 0, negative: 0 },
      { date: "2026-11-29", positive: 0, neutral: 1, negative: 1 },
    ],
    topics: [
      { agency: "dishub", positive: 0, neutral: 0, negative: 1 },
      { agency: "dlh", positive: 1, neutral: 0, negative: 0 },
    ],
  });
  const fourteen = await app.inject({ method: "GET", url: "/dasbor/api/mood" });
  expect(fourteen.json<{ days: unknown[] }>().days).toHaveLength(14);
  expect((await app.inject({ method: "GET", url: "/dasbor/api/mood?days=0" })).statusCode).toBe(400);
  await app.close();
});

it("runs the given preHandler before both routes, so the dashboard's session guard protects them", async () => {
  const refuse: preHandlerHookHandler = async (_req, reply) => {
    await reply.code(401).send({ error: "login first" });
  };
  const app = await server(refuse);
  for (const url of ["/dasbor/api/campaigns", "/dasbor/api/mood?days=3"]) {
    const res = await app.inject({ method: "GET", url });
    expect(res.statusCode, url).toBe(401);
  }
  await app.close();
});

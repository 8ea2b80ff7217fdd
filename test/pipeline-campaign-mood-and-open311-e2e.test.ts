import { afterAll, beforeAll, expect, it } from "vitest";
import { jakartaDate } from "../src/core/jakarta-time.js";
import { RedisCampaignTally } from "../src/redis/campaign-tally.js";
import { RedisMoodTally } from "../src/redis/mood-tally.js";
import { createRedis } from "../src/runtime/redis.js";
import { eventually, waitFor } from "./support/eventually.js";
import { startPipeline, type PipelineHarness } from "./support/pipeline-harness.js";

let h: PipelineHarness;
const redis = createRedis("redis://127.0.0.1:6379", "worker");
beforeAll(async () => {
  await redis.connect();
  h = await startPipeline({ httpPort: 0 });
});
afterAll(async () => {
  await h?.close();
  await redis.quit();
});

it("tallies the shipped campaign's posts without tickets, counts mentions' mood by agency, and publishes the ticket on Open311", async () => {
  const campaign = h.world.x.addTweet({
    text: "Pagi ini #NgepelBraga di Jalan Braga, rame pisan!",
    author: { username: "relawan_e2e" },
  });
  const complaint = h.world.x.addTweet({
    text: "@PemkotBandung parah, jalan berlubang di jl. pagarsih udah sebulan, kecewa",
    author: { username: "warga_e2e", name: "Warga E2E" },
  });
  await h.aduan.pollNow();
  await h.aduan.pollNow();

  const ticket = await waitFor(() => h.aduan.store.getByTweetId(complaint.id), "the complaint's ticket");
  const today = jakartaDate(Date.now());
  const mood = new RedisMoodTally(redis, h.prefix);
  await eventually(async () => {
    const f = await mood.figures([today]);
    expect(f.days[0]?.negative).toBe(1);
    expect(f.topics).toEqual([{ agency: ticket.agency, positive: 0, neutral: 0, negative: 1 }]);
  }, 10_000);

  const figures = await new RedisCampaignTally(redis, h.prefix).figures("#NgepelBraga");
  expect(figures).toMatchObject({ posts: 1, people: 1, daily: [{ date: today, posts: 1 }] });
  expect(await h.aduan.store.getByTweetId(campaign.id)).toBeNull();

  const res = await fetch(`${h.aduan.httpUrl}/open311/v2/requests/${ticket.id}.json`);
  expect(res.status).toBe(200);
  const [request] = (await res.json()) as Record<string, unknown>[];
  expect(request).toMatchObject({
    service_request_id: ticket.id,
    status: "open",
    agency_responsible: expect.any(String),
  });
  expect(JSON.stringify(request)).not.toMatch(/warga_e2e|Warga E2E|PemkotBandung/u);
  const health = (await (await fetch(`${h.aduan.httpUrl}/healthz`)).json()) as {
    checks: Record<string, unknown>;
  };
  expect(Object.keys(health.checks).some((k) => k.includes("campaign"))).toBe(false);
});

import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pipelineSettings } from "../src/app/pipeline-settings-from-config.js";
import type { AduanConfig } from "../src/app/load-config.js";
import { campaignLine, moodLine, percentages } from "../src/campaigns/pulse-digest-lines.js";
import { digestPulse } from "../src/campaigns/pulse-from-redis.js";
import { supervisionContext } from "../src/core/supervision-context.js";
import { MemoryTicketStore } from "../src/ports/memory-ticket-store.js";
import { RedisCampaignTally } from "../src/redis/campaign-tally.js";
import { RedisMoodTally } from "../src/redis/mood-tally.js";
import { XUsageCounter } from "../src/redis/x-usage.js";
import { composeDigest } from "../src/supervision/digest.js";
import { openPulseKit, type PulseKit } from "./support/pulse-kit.js";
import { sampleTweet, sampleVerdict } from "./support/sample-ticket.js";

const prefix = `test-pulse-digest-${randomUUID().slice(0, 8)}`;
/** Sunday 29 Nov 2026, 07:00 WIB: the digest is about Saturday 28 Nov. */
const SUNDAY_7 = Date.parse("2026-11-29T07:00:00+07:00");
let pulse: PulseKit;
let redis: Redis;
let config: AduanConfig;

beforeAll(async () => {
  pulse = await openPulseKit(prefix, [
    { tag: "#NgepelBraga", from: "2026-11-20", to: "2026-11-28" },
    { tag: "#LampuBandung", from: "2026-10-01", to: "2026-10-31" },
  ]);
  ({ redis, config } = pulse);
});
afterAll(async () => {
  await pulse?.close();
});

describe("the lines, as text", () => {
  it("says a campaign's posts yesterday, its total, people and most-named place", () => {
    const f = {
      tag: "#NgepelBraga",
      posts: 40,
      people: 25,
      places: [{ name: "Jl. Braga", count: 12 }],
      daily: [{ date: "2026-11-28", posts: 9 }],
    };
    expect(
      campaignLine({ tag: "#NgepelBraga", from: "2026-11-20", to: "2026-11-28" }, f, "2026-11-28", "id"),
    ).toBe(
      "📣 #NgepelBraga: 9 postingan kemarin, total 40 dari 25 orang; paling banyak disebut: Jl. Braga (12)",
    );
  });

  it("gives the mood's shares adding up to 100 and the agency with the most negative mentions", () => {
    expect(percentages([1, 1, 1])).toEqual([34, 33, 33]);
    const mood = {
      days: [{ date: "2026-11-28", positive: 2, neutral: 3, negative: 5 }],
      topics: [
        { agency: "dlh", positive: 2, neutral: 0, negative: 1 },
        { agency: "dishub", positive: 0, neutral: 1, negative: 4 },
      ],
    };
    expect(moodLine(mood, (id) => id.toUpperCase(), "id")).toBe(
      "🙂 Suasana kemarin: 20% positif, 30% netral, 50% negatif (10 sebutan); paling banyak keluhan: DISHUB (4 negatif)",
    );
    expect(moodLine(mood, (id) => id, "en")).toMatch(
      /^🙂 Mood yesterday: 20% positive, 30% neutral, 50% negative/u,
    );
  });
});

it("puts a line per running campaign and one for yesterday's mood into the daily digest", async () => {
  const campaigns = new RedisCampaignTally(redis, prefix);
  await campaigns.record("#NgepelBraga", {
    tweetId: "41",
    person: "p1",
    day: "2026-11-28",
    place: "Jl. Braga",
  });
  await campaigns.record("#NgepelBraga", { tweetId: "42", person: "p2", day: "2026-11-27", place: null });
  const mood = new RedisMoodTally(redis, prefix);
  await mood.record({ tweetId: "51", day: "2026-11-28", polarity: "positive", agency: "dlh" });
  await mood.record({ tweetId: "52", day: "2026-11-28", polarity: "negative", agency: "dishub" });

  const settings = pipelineSettings(config, {}, { supervisors: -100 });
  const digest = await composeDigest({
    store: new MemoryTicketStore(),
    sla: supervisionContext(config),
    settings,
    now: () => SUNDAY_7,
    holidays: config.holidays,
    usage: new XUsageCounter(redis, prefix),
    xCost: config.app.x.cost,
    renderChart: async () => Buffer.alloc(0),
    pulse: digestPulse(redis, prefix, config, settings, () => SUNDAY_7),
  });
  expect(digest.date).toBe("2026-11-28");
  expect(digest.html).toContain(
    "📣 #NgepelBraga: 1 postingan kemarin, total 2 dari 2 orang; paling banyak disebut: Jl. Braga (1)",
  );
  expect(digest.html).toContain(
    "🙂 Suasana kemarin: 50% positif, 0% netral, 50% negatif (2 sebutan); paling banyak keluhan: Dishub (1 negatif)",
  );
  // A campaign that ended a month ago is not in the digest.
  expect(digest.html).not.toContain("#LampuBandung");
});

it("says in the daily digest how many reports came via X and via Telegram yesterday", async () => {
  const store = new MemoryTicketStore();
  const saturday = "2026-11-28T03:00:00.000Z";
  await store.createFromTweet(sampleTweet({ id: "61" }), sampleVerdict({ id: "61" }), saturday);
  await store.createFromTweet(sampleTweet({ id: "62" }), sampleVerdict({ id: "62" }), saturday);
  await store.createFromTweet(sampleTweet({ id: "tg-63" }), sampleVerdict({ id: "tg-63" }), saturday, {
    channel: "telegram",
    citizen: { user_id: 880_063, chat_id: 880_063, first_name: "Neng" },
  });
  const settings = pipelineSettings(config, {}, { supervisors: -100 });
  const compose = (language: "id" | "en") =>
    composeDigest({
      store,
      sla: supervisionContext(config),
      settings: { ...settings, language },
      now: () => SUNDAY_7,
      holidays: config.holidays,
      usage: new XUsageCounter(redis, prefix),
      xCost: config.app.x.cost,
      renderChart: async () => Buffer.alloc(0),
    });
  expect((await compose("id")).html).toContain("Masuk via X 2 · via Telegram 1");
  expect((await compose("en")).html).toContain("In via X 2 · via Telegram 1");
});

import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, expect, it } from "vitest";
import { CARD_EFFECT_TTL_S, REPLY_LOOKUP_TTL_S } from "../src/redis/keys.js";
import { RedisTicketStore } from "../src/redis/ticket-store.js";
import { deleteKeys } from "./support/pipeline-harness.js";
import { sampleTweet, sampleVerdict } from "./support/sample-ticket.js";

const prefix = `test-retention-${randomUUID().slice(0, 8)}`;
const redis = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: 2 });
const store = new RedisTicketStore(redis, prefix);
afterAll(async () => {
  await deleteKeys(prefix);
  await redis.quit();
});

it("a delivered card's effect expires after its retention, a reply's effect is kept for good", async () => {
  await store.claimEffect("card:ADU-000001:1", 15_000);
  await store.completeEffect("card:ADU-000001:1", "42", CARD_EFFECT_TTL_S);
  await store.claimEffect("reply:ADU-000001:resolved:1", 15_000);
  await store.completeEffect("reply:ADU-000001:resolved:1", "1865000000000000001");

  const cardTtl = await redis.ttl(`${prefix}:effect:card:ADU-000001:1`);
  expect(cardTtl).toBeGreaterThan(CARD_EFFECT_TTL_S - 60);
  expect(cardTtl).toBeLessThanOrEqual(CARD_EFFECT_TTL_S);
  expect(await redis.ttl(`${prefix}:effect:reply:ADU-000001:resolved:1`)).toBe(-1);
  expect(await store.claimEffect("card:ADU-000001:1", 15_000)).toBe("done");
});

it("the reply-tweet → ticket lookup outlives the longest feedback window, then expires", async () => {
  const tweet = sampleTweet({ id: "1866000000000000001" });
  const { ticket } = await store.createFromTweet(
    tweet,
    sampleVerdict({ id: tweet.id }),
    "2026-11-28T07:05:03.000Z",
  );
  await store.recordReply(ticket.id, "received", "1866000000000000099", "2026-11-28T07:06:00.000Z");

  const ttl = await redis.ttl(`${prefix}:x:reply:1866000000000000099`);
  expect(ttl).toBeGreaterThan(90 * 24 * 3600);
  expect(ttl).toBeLessThanOrEqual(REPLY_LOOKUP_TTL_S);
  expect((await store.getByReplyTweetId("1866000000000000099"))?.id).toBe(ticket.id);
});

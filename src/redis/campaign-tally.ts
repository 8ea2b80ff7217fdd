import type { Redis } from "ioredis";
import { redisKeys } from "./keys.js";
import { withScripts, type ScriptedRedis } from "./scripts.js";
import type { CampaignPost } from "../campaigns/campaign-post.js";

/** A campaign's figures as the dashboard and the digest read them. */
export interface CampaignFigures {
  tag: string;
  posts: number;
  people: number;
  /** Most-mentioned first. */
  places: { name: string; count: number }[];
  /** Oldest first, only days with posts. */
  daily: { date: string; posts: number }[];
}

/**
 * Campaign tallies in Redis, keyed by the tag in lower case: each tweet id counts once (a Lua
 * script checks and counts in one step), whatever polls or processes read it again.
 */
export class RedisCampaignTally {
  private readonly redis: ScriptedRedis;
  private readonly keys: ReturnType<typeof redisKeys>;
  constructor(redis: Redis, namespace: string) {
    this.redis = withScripts(redis);
    this.keys = redisKeys(namespace);
  }

  /** True when the post was counted now, false when it had been already. */
  async record(tag: string, post: CampaignPost): Promise<boolean> {
    const t = tag.toLowerCase();
    const k = this.keys;
    const counted = await this.redis.aduanTallyCampaign(
      k.campaignSeen(t),
      k.campaignPeople(t),
      k.campaignCounts(t),
      k.campaignPlaces(t),
      post.tweetId,
      post.person,
      post.day,
      post.place ?? "",
    );
    return counted === 1;
  }

  async figures(tag: string): Promise<CampaignFigures> {
    const t = tag.toLowerCase();
    const [counts, people, places] = await Promise.all([
      this.redis.hgetall(this.keys.campaignCounts(t)),
      this.redis.scard(this.keys.campaignPeople(t)),
      this.redis.hgetall(this.keys.campaignPlaces(t)),
    ]);
    const daily = Object.entries(counts)
      .filter(([f]) => f.startsWith("d:"))
      .map(([f, n]) => ({ date: f.slice(2), posts: Number(n) }))
      .sort((a, b) => a.date.localeCompare(b.date));
    return {
      tag,
      posts: Number(counts["posts"] ?? 0),
      people,
      places: Object.entries(places)
        .map(([name, n]) => ({ name, count: Number(n) }))
        .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
      daily,
    };
  }
}

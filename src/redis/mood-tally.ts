import type { Redis } from "ioredis";
import type { MoodMention } from "../mood/mood-topic.js";
import type { Polarity } from "../mood/score-sentiment.js";
import { redisKeys } from "./keys.js";
import { withScripts, type ScriptedRedis } from "./scripts.js";

export type MoodCounts = Record<Polarity, number>;

export interface MoodFigures {
  /** Every day of the range, oldest first (zeros where nobody wrote). */
  days: ({ date: string } & MoodCounts)[];
  /** Per agency over the whole range, most mentions first. */
  topics: ({ agency: string } & MoodCounts)[];
}

const POLARITIES: readonly Polarity[] = ["positive", "neutral", "negative"];
const zero = (): MoodCounts => ({ positive: 0, neutral: 0, negative: 0 });

/** Mood counts per Jakarta day and agency in Redis; each tweet id counts once (Lua). */
export class RedisMoodTally {
  private readonly redis: ScriptedRedis;
  private readonly keys: ReturnType<typeof redisKeys>;
  constructor(redis: Redis, namespace: string) {
    this.redis = withScripts(redis);
    this.keys = redisKeys(namespace);
  }

  async record(m: MoodMention): Promise<boolean> {
    const counted = await this.redis.aduanTallyMood(
      this.keys.moodSeen,
      this.keys.moodDay(m.day),
      m.tweetId,
      m.polarity,
      m.agency ?? "",
    );
    return counted === 1;
  }

  /** The days `dates` (YYYY-MM-DD), in that order, and the agencies' totals over them. */
  async figures(dates: readonly string[]): Promise<MoodFigures> {
    const hashes = await Promise.all(dates.map((d) => this.redis.hgetall(this.keys.moodDay(d))));
    const topics = new Map<string, MoodCounts>();
    const days = hashes.map((h, i) => {
      const day = { date: dates[i] ?? "", ...zero() };
      for (const [field, n] of Object.entries(h)) {
        const [topic, polarity] = field.split("|") as [string, Polarity];
        if (!POLARITIES.includes(polarity)) continue;
        if (topic === "_") day[polarity] += Number(n);
        else {
          const t = topics.get(topic) ?? zero();
          t[polarity] += Number(n);
          topics.set(topic, t);
        }
      }
      return day;
    });
    const total = (c: MoodCounts) => c.positive + c.neutral + c.negative;
    return {
      days,
      topics: [...topics]
        .map(([agency, c]) => ({ agency, ...c }))
        .sort((a, b) => total(b) - total(a) || a.agency.localeCompare(b.agency)),
    };
  }
}

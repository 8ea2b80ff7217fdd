import { readFile } from "node:fs/promises";
import { z } from "zod";
import { ConfigError } from "../../src/config/config-error.js";
import { parseYaml } from "../../src/config/yaml-file.js";
import { simTweetInputSchema, type SimTweetInput } from "../x/x-simulator-store.js";

/** One demo tweet: what a citizen posts and how many seconds after the demo starts. */
export const demoTweetSchema = simTweetInputSchema
  .omit({ created_at: true })
  .extend({ delay_s: z.number().min(0, "delay_s counts seconds from the start of the demo: 0 or more") })
  .strict();
export type DemoTweet = z.output<typeof demoTweetSchema>;

export const demoTweetsFileSchema = z
  .object({ tweets: z.array(demoTweetSchema).min(1, "expected at least one tweet") })
  .strict();

export const DEFAULT_DEMO_TWEETS_FILE = "config/demo/tweets.yaml";

/** Reads and validates the demo tweets, in order of arrival. Throws ConfigError listing every problem. */
export async function loadDemoTweets(file: string = DEFAULT_DEMO_TWEETS_FILE): Promise<DemoTweet[]> {
  const parsed = parseYaml(await readFile(file, "utf8"), file, demoTweetsFileSchema);
  if (!parsed.ok) throw new ConfigError(parsed.problems);
  return [...parsed.value.tweets].sort((a, b) => a.delay_s - b.delay_s);
}

/** The simulator input for a demo tweet (it is created "now", when it arrives). */
export function demoTweetInput(t: DemoTweet): SimTweetInput {
  const { delay_s: _delay, ...input } = t;
  return input;
}

/**
 * Posts demo tweets on their schedule through `post` (e.g. `sim.addTweet`). `speed` 2 plays twice
 * as fast. `stop()` cancels what has not arrived yet; `done` settles once the last one arrived or
 * the playback stopped.
 */
export function playDemoTweets(
  tweets: readonly DemoTweet[],
  post: (input: SimTweetInput) => unknown,
  opts: { speed?: number } = {},
): { done: Promise<void>; stop(): void } {
  const speed = opts.speed ?? 1;
  const timers: NodeJS.Timeout[] = [];
  let remaining = tweets.length;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  if (remaining === 0) finish();
  for (const t of tweets) {
    timers.push(
      setTimeout(
        () => {
          post(demoTweetInput(t));
          if (--remaining === 0) finish();
        },
        (t.delay_s * 1000) / speed,
      ),
    );
  }
  return {
    done,
    stop() {
      for (const timer of timers) clearTimeout(timer);
      finish();
    },
  };
}

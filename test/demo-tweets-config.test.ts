import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import twitterText from "twitter-text";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../src/config/config-error.js";
import { loadDemoTweets, playDemoTweets, type DemoTweet } from "../sim/demo/demo-tweets.js";
import { startXSimulator } from "../sim/x/x-simulator.js";

const dir = await mkdtemp(join(tmpdir(), "aduan-demo-tweets-"));
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("demo tweets config", () => {
  it("the shipped demo has about forty tweets arriving over about ninety seconds, all at the city but a few campaign posts", async () => {
    const all = await loadDemoTweets();
    // Posts of the configured #NgepelBraga campaign reach us through its search, not as mentions.
    const campaign = all.filter((t) => /#NgepelBraga/u.test(t.text));
    expect(campaign.length).toBeGreaterThanOrEqual(2);
    expect(campaign.some((t) => /@PemkotBandung/iu.test(t.text))).toBe(false);
    const tweets = all.filter((t) => !campaign.includes(t));
    expect(tweets.length).toBeGreaterThanOrEqual(38);
    expect(tweets.length).toBeLessThanOrEqual(45);
    expect(tweets[0]?.delay_s).toBe(0);
    expect(tweets.at(-1)?.delay_s).toBeGreaterThanOrEqual(80);
    expect(tweets.at(-1)?.delay_s).toBeLessThanOrEqual(100);
    expect(tweets.every((t) => /@PemkotBandung/i.test(t.text))).toBe(true);
    expect(tweets.filter((t) => t.coordinates)).toHaveLength(1);
    expect(tweets.filter((t) => t.place).length).toBeGreaterThanOrEqual(2);
  });

  it("every shipped demo tweet is one X would accept as a single post and the simulator takes it", async () => {
    const sim = await startXSimulator();
    try {
      for (const t of await loadDemoTweets()) {
        const { delay_s: _d, ...input } = t;
        expect(twitterText.parseTweet(t.text).weightedLength, t.text).toBeLessThanOrEqual(280);
        if (/#NgepelBraga/u.test(t.text))
          expect(sim.addTweet(input).entities).toMatchObject({
            hashtags: [expect.objectContaining({ tag: "NgepelBraga" })],
          });
        else
          expect(sim.addTweet(input).entities).toMatchObject({
            mentions: [expect.objectContaining({ username: "PemkotBandung" })],
          });
      }
      expect(sim.tweets()).toHaveLength((await loadDemoTweets()).length);
    } finally {
      await sim.close();
    }
  });

  it("a broken file is refused with every problem, each with its line", async () => {
    const file = join(dir, "broken.yaml");
    await writeFile(
      file,
      [
        "tweets:",
        "  - delay_s: -1",
        "    text: halo",
        "    author: { username: warga }",
        "  - delay_s: 3",
        "    text: hai",
        "    author: { username: 'bukan username' }",
        "    mood: kesel",
      ].join("\n"),
    );
    const err = await loadDemoTweets(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.map((p) => `${p.line}:${p.path}`);
    expect(problems).toEqual(
      expect.arrayContaining(["2:tweets.0.delay_s", "7:tweets.1.author.username", "8:tweets.1.mood"]),
    );
  });

  it("playback posts each tweet in order of delay, faster when asked", async () => {
    const tweets: DemoTweet[] = [
      { delay_s: 0.02, text: "@PemkotBandung kedua", author: { username: "b" } },
      { delay_s: 0, text: "@PemkotBandung pertama", author: { username: "a" } },
    ];
    const seen: string[] = [];
    const playback = playDemoTweets(
      [...tweets].sort((x, y) => x.delay_s - y.delay_s),
      (input) => seen.push(input.text),
      { speed: 2 },
    );
    await playback.done;
    expect(seen).toEqual(["@PemkotBandung pertama", "@PemkotBandung kedua"]);
  });
});

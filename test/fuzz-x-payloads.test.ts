import { UnrecoverableError, type Job } from "bullmq";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { triageProcessor } from "../jobs/triage.js";
import { loadTriageModel } from "../src/config/load-triage-config.js";
import type { TriageJob } from "../jobs/queues.js";
import { triage, type TriageModel } from "../src/triage/triage.js";
import { MalformedTweetError, flattenXTweet } from "../src/x/x-payload-check.js";

/**
 * Bad input from X: random and malformed tweet objects and includes through `flattenXTweet`, then
 * triage, then the triage job's payload check. Seeded, so a failure reproduces with the seed and
 * path fast-check prints.
 */

const SEED = 20261128;
const OURS = ["PemkotBandung"];
let model: TriageModel;
beforeAll(async () => {
  model = await loadTriageModel("config");
});

const words = fc.constantFrom(
  "jalan",
  "jln",
  "rusak",
  "berlubang",
  "sampah",
  "numpuk",
  "banjir",
  "macet",
  "lampu",
  "merah",
  "mati",
  "@PemkotBandung",
  "@dishub_bdg",
  "#bandung",
  "gk",
  "udh",
  "bgt",
  "&amp;",
  "&lt;b&gt;",
  "{ticket}",
  "\u202E",
  "\u200B",
  "🕳️",
  "https://t.co/abc",
  "",
  " ",
  "\n",
);
const tweetText = fc.oneof(
  fc.array(words, { maxLength: 40 }).map((w) => w.join(" ")),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.string({ unit: "grapheme", maxLength: 300 }),
);
/** Anything where a field is expected: the right type, a wrong one, or nothing. */
const junk = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 20 }),
  fc.boolean(),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 3 }),
  fc.object({ maxDepth: 2 }),
);
const maybe = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: arb }, { weight: 1, arbitrary: junk });
const tweetId = fc.oneof(
  { weight: 4, arbitrary: fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }).map(String) },
  { weight: 1, arbitrary: junk },
  { weight: 1, arbitrary: fc.constantFrom("", "abc", "-5", "1e9", "12 34", "0x1f", "9".repeat(25)) },
);
const tweetLike = fc.record(
  {
    id: tweetId,
    text: maybe(tweetText),
    author_id: maybe(fc.constantFrom("111", "222", "333")),
    created_at: maybe(fc.constantFrom("2026-11-28T03:00:00.000Z", "kemarin", "2026-13-45T99:99:99Z", "")),
    lang: maybe(fc.constantFrom("in", "en", "und")),
    referenced_tweets: maybe(
      fc.array(
        fc.record({ type: maybe(fc.constantFrom("retweeted", "quoted", "replied_to")), id: tweetId }),
        {
          maxLength: 3,
        },
      ),
    ),
    entities: maybe(
      fc.record(
        {
          mentions: maybe(
            fc.array(
              fc.record({ username: maybe(fc.constantFrom("PemkotBandung", "pemkotbandung", "dishub_bdg")) }),
              { maxLength: 3 },
            ),
          ),
        },
        { requiredKeys: [] },
      ),
    ),
    geo: maybe(
      fc.record(
        {
          place_id: maybe(fc.constantFrom("p1", "p2")),
          coordinates: maybe(
            fc.record(
              {
                type: maybe(fc.constant("Point")),
                coordinates: maybe(
                  fc.oneof(
                    fc.tuple(fc.double({ min: 107.5, max: 107.8 }), fc.double({ min: -7, max: -6.8 })),
                    fc.tuple(fc.double(), fc.double()),
                    fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 4 }),
                  ),
                ),
              },
              { requiredKeys: [] },
            ),
          ),
        },
        { requiredKeys: [] },
      ),
    ),
    note_tweet: maybe(fc.record({ text: maybe(tweetText) })),
  },
  { requiredKeys: [] },
);
const includesLike = fc.oneof(
  junk,
  fc.record(
    {
      users: maybe(
        fc.array(
          fc.record(
            {
              id: maybe(fc.constantFrom("111", "222")),
              username: maybe(fc.constantFrom("warga_bdg", "", "a".repeat(60))),
              name: maybe(fc.string({ maxLength: 30 })),
              location: maybe(fc.constantFrom("Coblong, Bandung", "Bandung", "Jakarta", "")),
            },
            { requiredKeys: [] },
          ),
          { maxLength: 3 },
        ),
      ),
      places: maybe(
        fc.array(
          fc.record(
            {
              id: maybe(fc.constantFrom("p1", "p2")),
              full_name: maybe(fc.constantFrom("Sukajadi, Indonesia", "")),
            },
            { requiredKeys: [] },
          ),
          { maxLength: 2 },
        ),
      ),
    },
    { requiredKeys: [] },
  ),
);

describe("malformed X tweets", () => {
  it("are either flattened into a tweet triage accepts, or refused with a MalformedTweetError", () => {
    let flattened = 0;
    let refused = 0;
    fc.assert(
      fc.property(
        fc.oneof({ weight: 5, arbitrary: tweetLike }, { weight: 1, arbitrary: junk }),
        includesLike,
        (raw, inc) => {
          let tweet;
          try {
            tweet = flattenXTweet(raw, inc, OURS);
          } catch (err) {
            expect(err).toBeInstanceOf(MalformedTweetError);
            expect((err as Error).message).toMatch(/^malformed tweet( \S+)?: /);
            refused++;
            return;
          }
          flattened++;
          expect(tweet.id).toMatch(/^\d{1,20}$/);
          expect(typeof tweet.text).toBe("string");
          expect(typeof tweet.author_username).toBe("string");
          expect(Number.isNaN(Date.parse(tweet.created_at))).toBe(false);
          if (tweet.coordinates) expect(tweet.coordinates.every((c) => Number.isFinite(c))).toBe(true);
          const verdict = triage(model, tweet);
          expect(verdict.id).toBe(tweet.id);
          expect(typeof verdict.complaint).toBe("boolean");
          expect(Number.isFinite(verdict.confidence)).toBe(true);
        },
      ),
      { seed: SEED, numRuns: 3000 },
    );
    // Both sides of the property were exercised.
    expect(flattened).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(100);
  });
});

describe("the triage job's payload check", () => {
  const job = (data: unknown) => ({ data, id: "tweet-1" }) as unknown as Job<TriageJob>;

  it("refuses any payload that is not a flattened tweet as unrecoverable, and hands on the rest", async () => {
    let handed = 0;
    let refused = 0;
    const processor = triageProcessor({
      handle: async (tweet) => {
        handed++;
        // What the job hands on must be something triage can take without throwing.
        triage(model, tweet);
        return { ticket: { id: "ADU-000001" }, route: { kind: "dispatch" }, created: true } as never;
      },
    });
    const payload = fc.oneof(
      junk,
      fc.record(
        { tweet: fc.oneof(junk, tweetLike), sourceId: maybe(fc.constant("mentions")) },
        { requiredKeys: [] },
      ),
      tweetLike.map((t) => {
        try {
          return { tweet: flattenXTweet(t, undefined, OURS), sourceId: "mentions" };
        } catch {
          return { tweet: t, sourceId: "mentions" };
        }
      }),
    );
    await fc.assert(
      fc.asyncProperty(payload, async (data) => {
        try {
          await processor(job(data));
        } catch (err) {
          expect(err).toBeInstanceOf(UnrecoverableError);
          expect((err as Error).message).toMatch(/^triage job without a valid tweet/);
          refused++;
        }
      }),
      { seed: SEED, numRuns: 3000 },
    );
    expect(handed).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(300);
  });
});

import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AduanConfig } from "../src/app/load-config.js";
import { moodMention, moodTopic } from "../src/mood/mood-topic.js";
import {
  compileLexicon,
  scoreSentiment,
  type CompiledLexicon,
  type Polarity,
} from "../src/mood/score-sentiment.js";
import { RedisMoodTally } from "../src/redis/mood-tally.js";
import { createRedis } from "../src/runtime/redis.js";
import { deleteKeys, shippedConfig } from "./support/pipeline-harness.js";

let config: AduanConfig;
let lex: CompiledLexicon;
beforeAll(async () => {
  config = await shippedConfig();
  lex = compileLexicon(config.sentiment);
});

/** A small hand-made set: what a Bandung reader would call each tweet. */
const HAND_MADE: [string, Polarity][] = [
  ["Mantap Dishub, lampu merah Dago udah nyala lagi", "positive"],
  ["gercep bgt petugas DLH, sampah langsung diangkut. makasih!", "positive"],
  ["keren pisan pemkot, taman cikapayang jadi bersih", "positive"],
  ["Terima kasih @PemkotBandung jalannya udah mulus", "positive"],
  ["mantaaap, pelayanannya sigap", "positive"],
  ["parah, udah 3 minggu jalan bolong ga dibenerin", "negative"],
  ["kecewa sama pelayanan, lelet banget", "negative"],
  ["zonk, laporan kemarin gak ada tindakan", "negative"],
  ["pelayanan nya tidak bagus sama sekali", "negative"],
  ["gak keren sih, katanya mau diperbaiki", "negative"],
  ["lampu jalan di Jl. Riau belum nyala", "neutral"],
  ["ada info jadwal pengangkutan sampah di Antapani?", "neutral"],
  ["jalannya gak parah kok, cuma sedikit retak", "positive"],
];

describe("scoring a mention's mood", () => {
  for (const [text, expected] of HAND_MADE)
    it(`reads "${text}" as ${expected}`, () => {
      expect(scoreSentiment(lex, text).polarity).toBe(expected);
    });

  it("turns a sentiment word around after a negation (tidak, gak, ga, nggak, bukan)", () => {
    for (const neg of ["tidak", "gak", "ga", "nggak", "bukan"]) {
      expect(scoreSentiment(lex, `${neg} bagus`).polarity, neg).toBe("negative");
      expect(scoreSentiment(lex, `${neg} lelet`).polarity, neg).toBe("positive");
    }
  });

  it("counts an intensifier beside a word, before or after it", () => {
    expect(scoreSentiment(lex, "bagus").score).toBe(1.5);
    expect(scoreSentiment(lex, "bagus banget").score).toBe(2.25);
    expect(scoreSentiment(lex, "sangat lambat").score).toBe(-2.25);
  });

  it("reads repeated letters and reduplication as the plain word, and ignores handles and links", () => {
    expect(scoreSentiment(lex, "parahhh").hits).toEqual(["parah"]);
    expect(scoreSentiment(lex, "bagus2 semua").hits).toEqual(["bagus"]);
    expect(scoreSentiment(lex, "@mantap_jiwa https://t.co/keren").polarity).toBe("neutral");
  });

  it("takes the longest phrase: a negation inside a phrase is part of its meaning", () => {
    expect(scoreSentiment(lex, "petugasnya ga becus").hits).toEqual(["ga becus"]);
    expect(scoreSentiment(lex, "terima kasih").hits).toEqual(["terima kasih"]);
  });
});

describe("the agency a mention is about", () => {
  it("is the routed agency, else the agency praise names; never the desk or an outside body", () => {
    const model = config.triage;
    expect(moodTopic(model, "jalan bolong", { agency: "dsdabm", disposition: "agency" })).toBe("dsdabm");
    expect(
      moodTopic(model, "makasih, lampu merah di Dago udah nyala lagi", {
        agency: null,
        disposition: "audit",
      }),
    ).toBe("dishub");
    expect(moodTopic(model, "halo", { agency: model.commandCenter, disposition: "desk" })).toBeNull();
  });

  it("is not counted for the city's own or official accounts", () => {
    const m = moodMention(
      config.triage,
      lex,
      new Set(["pemkotbandung"]),
      {
        id: "1",
        text: "Mantap!",
        created_at: "2026-11-28T01:00:00Z",
        author_username: "PemkotBandung",
      },
      { agency: null, disposition: "audit" },
    );
    expect(m).toBeNull();
  });
});

describe("the mood tally in Redis", () => {
  const prefix = `test-mood-${randomUUID().slice(0, 8)}`;
  let redis: Redis;
  beforeAll(async () => {
    redis = createRedis("redis://127.0.0.1:6379", "worker");
    await redis.connect();
  });
  afterAll(async () => {
    await deleteKeys(prefix);
    await redis.quit();
  });

  it("counts each tweet once per Jakarta day and agency, and gives every day of the range", async () => {
    const tally = new RedisMoodTally(redis, prefix);
    const official = new Set<string>();
    const mention = (id: string, text: string, at: string, agency: string | null) =>
      moodMention(
        config.triage,
        lex,
        official,
        { id, text, created_at: at, author_username: "warga" },
        { agency, disposition: agency ? "agency" : "audit" },
      )!;
    const ms = [
      mention("11", "mantap dishub", "2026-11-27T18:00:00Z", "dishub"), // 01:00 WIB on the 28th
      mention("12", "parah, macet total", "2026-11-28T02:00:00Z", "dishub"),
      mention("13", "jalan bolong di Riau", "2026-11-28T03:00:00Z", "dsdabm"),
      mention("14", "info dong", "2026-11-26T03:00:00Z", null),
    ];
    for (const m of [...ms, ...ms]) await tally.record(m);
    expect(await tally.record(ms[0]!)).toBe(false);

    const f = await tally.figures(["2026-11-26", "2026-11-27", "2026-11-28"]);
    expect(f.days).toEqual([
      { date: "2026-11-26", positive: 0, neutral: 1, negative: 0 },
      { date: "2026-11-27", positive: 0, neutral: 0, negative: 0 },
      { date: "2026-11-28", positive: 1, neutral: 0, negative: 2 },
    ]);
    expect(f.topics).toEqual([
      { agency: "dishub", positive: 1, neutral: 0, negative: 1 },
      { agency: "dsdabm", positive: 0, neutral: 0, negative: 1 },
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimKit, type SimKit } from "./support/x-sim-kit.js";

let kit: SimKit;
const ids: Record<string, string> = {};

beforeAll(async () => {
  kit = await startSimKit();
  const tweets: [string, string, { lang?: string; is_retweet?: boolean; username?: string }?][] = [
    ["flood", "Banjir lagi di Pagarsih, motor mogok semua #BandungBanjir @PemkotBandung"],
    ["pothole", "Jalan rusak parah di Soekarno-Hatta, aspal bolong #AduanBandung", { username: "kang_asep" }],
    [
      "retweet",
      "RT @kang_asep: Jalan rusak parah di Soekarno-Hatta, aspal bolong #AduanBandung",
      { is_retweet: true },
    ],
    ["english", "Terrible traffic jam on Pasteur today #AduanBandung", { lang: "en" }],
    ["trash", "Sampah numpuk di TPS Ciroyom, bau pisan @dlhkotabandung"],
    ["lights", "lampu merah perempatan Buahbatu mati, macet total"],
  ];
  for (const [key, text, o] of tweets) {
    kit.clock.advance(1000);
    ids[key] = kit.sim.addTweet({
      text,
      author: { username: o?.username ?? `warga_${key}` },
      ...(o?.lang ? { lang: o.lang } : {}),
      ...(o?.is_retweet ? { is_retweet: true } : {}),
    }).id;
  }
});
afterAll(async () => {
  await kit.sim.close();
});

async function search(query: string): Promise<string[]> {
  const page = await kit.app.v2.search(query, { max_results: 100 });
  const byId = new Map(Object.entries(ids).map(([k, v]) => [v, k]));
  return page.tweets.map((t) => byId.get(t.id) ?? t.id);
}

describe("X simulator: recent search query language", () => {
  it.each([
    ["words are ANDed, case-insensitively", "jalan RUSAK", ["retweet", "pothole"]],
    ["a hashtag matches the tag, not the bare word", "#AduanBandung", ["english", "retweet", "pothole"]],
    ["-is:retweet drops retweets", "#AduanBandung -is:retweet", ["english", "pothole"]],
    ["lang:in keeps Indonesian tweets only", "#AduanBandung -is:retweet lang:in", ["pothole"]],
    ["@user matches a mention", "@dlhkotabandung", ["trash"]],
    ["OR joins alternatives", "banjir OR sampah", ["trash", "flood"]],
    ["parentheses group an OR inside an AND", "(macet OR banjir) lampu", ["lights"]],
    ['a "quoted phrase" must appear in order', '"lampu merah"', ["lights"]],
    ["from: matches the author", "from:kang_asep", ["pothole"]],
    ["a negated word excludes, and AND binds tighter than OR", "Pagarsih OR Ciroyom -bau", ["flood"]],
  ])("%s: %s", async (_name, query, expected) => {
    expect(await search(query)).toEqual(expected);
  });

  it("tweets older than seven days are out of recent search", async () => {
    kit.clock.advance(8 * 24 * 3600 * 1000);
    const fresh = kit.sim.addTweet({
      text: "banjir lagi di Gedebage",
      author: { username: "warga_baru" },
    }).id;
    expect(await search("banjir")).toEqual([fresh]);
  });

  it("an empty or unbalanced query is refused with 400", async () => {
    await expect(kit.app.v2.get("tweets/search/recent", { query: "(banjir" })).rejects.toMatchObject({
      code: 400,
    });
    await expect(kit.app.v2.get("tweets/search/recent", { query: "" })).rejects.toMatchObject({ code: 400 });
  });
});

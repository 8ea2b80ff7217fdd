import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addCitizenTweets, startSimKit, type SimKit } from "./support/x-sim-kit.js";

let kit: SimKit;
beforeEach(async () => {
  kit = await startSimKit();
});
afterEach(async () => {
  await kit.sim.close();
});

describe("X simulator: users/me and the mentions timeline through twitter-api-v2", () => {
  it("users/me answers with the city's account", async () => {
    const me = await kit.user.v2.me({ "user.fields": ["created_at"] });
    expect(me.data).toMatchObject({
      id: kit.sim.ownUser.id,
      username: "PemkotBandung",
      name: "Pemerintah Kota Bandung",
    });
    expect(me.data.created_at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("mentions come newest first, only those that mention us, with increasing snowflake ids", async () => {
    const [a, b, c] = addCitizenTweets(kit, [
      "@PemkotBandung jalan di Pagarsih bolong gede pisan",
      "@PemkotBandung lampu merah Kiaracondong mati dari pagi",
      "@PemkotBandung sampah numpuk di TPS Ciroyom",
    ]);
    kit.sim.addTweet({ text: "hari ini macet parah di Pasteur", author: { username: "orang_lain" } });
    const page = await kit.app.v2.userMentionTimeline(kit.sim.ownUser.id);
    expect(page.tweets.map((t) => t.id)).toEqual([c, b, a]);
    expect(BigInt(c!) > BigInt(b!) && BigInt(b!) > BigInt(a!)).toBe(true);
    expect(page.meta).toMatchObject({ newest_id: c, oldest_id: a, result_count: 3 });
  });

  it("since_id returns only newer mentions and until_id only older ones", async () => {
    const ids = addCitizenTweets(
      kit,
      ["satu", "dua", "tiga", "empat", "lima"].map(
        (n) => `@PemkotBandung aduan ke-${n} soal drainase mampet`,
      ),
    );
    const newer = await kit.app.v2.get(
      "users/:id/mentions",
      { since_id: ids[2]! },
      { params: { id: kit.sim.ownUser.id } },
    );
    expect((newer.data as { id: string }[]).map((t) => t.id)).toEqual([ids[4], ids[3]]);
    const older = await kit.app.v2.get(
      "users/:id/mentions",
      { until_id: ids[2]! },
      { params: { id: kit.sim.ownUser.id } },
    );
    expect((older.data as { id: string }[]).map((t) => t.id)).toEqual([ids[1], ids[0]]);
  });

  it("a poll with nothing new gets meta.result_count 0 and no data, as X answers", async () => {
    const [only] = addCitizenTweets(kit, ["@PemkotBandung air PDAM mati tiga hari"]);
    const body = await kit.app.v2.get(
      "users/:id/mentions",
      { since_id: only! },
      { params: { id: kit.sim.ownUser.id } },
    );
    expect(body).toEqual({ meta: { result_count: 0 } });
  });

  it("pagination walks three pages with next_token and the paginator gathers all twelve", async () => {
    const ids = addCitizenTweets(
      kit,
      Array.from({ length: 12 }, (_, i) => `@PemkotBandung trotoar rusak nomor ${i + 1} di Jl. Dago`),
    );
    const first = await kit.app.v2.userMentionTimeline(kit.sim.ownUser.id, { max_results: 5 });
    expect(first.meta.result_count).toBe(5);
    expect(first.meta.next_token).toBeTruthy();
    const second = await first.next(5);
    expect(second.meta).toMatchObject({ result_count: 5 });
    expect(second.meta.next_token).toBeTruthy();
    await first.fetchNext(5);
    await first.fetchNext(5);
    expect(first.done).toBe(true);
    expect(first.tweets.map((t) => t.id)).toEqual([...ids].reverse());
    // One first page, one `next` peek, two `fetchNext` pages: X bills every post returned.
    expect(kit.sim.stats().requests.mentions).toBe(4);
    expect(kit.sim.stats().tweetsRead).toBe(17);
  });

  it("the last page reports its own result_count and no next_token", async () => {
    addCitizenTweets(
      kit,
      Array.from({ length: 7 }, (_, i) => `@PemkotBandung PJU mati di gang ${i}`),
    );
    const p1 = (await kit.app.v2.get(
      "users/:id/mentions",
      { max_results: 5 },
      { params: { id: kit.sim.ownUser.id } },
    )) as {
      meta: { result_count: number; next_token?: string };
    };
    const p2 = (await kit.app.v2.get(
      "users/:id/mentions",
      { max_results: 5, pagination_token: p1.meta.next_token! },
      { params: { id: kit.sim.ownUser.id } },
    )) as { meta: { result_count: number; next_token?: string } };
    expect(p1.meta.result_count).toBe(5);
    expect(p2.meta).toMatchObject({ result_count: 2 });
    expect(p2.meta.next_token).toBeUndefined();
  });

  it("expansions bring the author into includes.users and the place with its bounding box into includes.places", async () => {
    const tweet = kit.sim.addTweet({
      text: "@PemkotBandung pohon tumbang nutup jalan di Jl. Sukajadi",
      author: { username: "neng_geulis", name: "Neng", location: "Sukajadi, Bandung" },
      coordinates: { lat: -6.8861, lon: 107.5967 },
      place: {
        full_name: "Sukajadi, Bandung",
        place_type: "neighborhood",
        bbox: [107.58, -6.9, 107.61, -6.87],
      },
    });
    const page = await kit.app.v2.userMentionTimeline(kit.sim.ownUser.id, {
      expansions: ["author_id", "geo.place_id"],
      "tweet.fields": ["created_at", "author_id", "geo", "entities", "lang"],
      "user.fields": ["location"],
      "place.fields": ["full_name", "geo", "place_type", "country_code"],
    });
    const t = page.tweets[0]!;
    expect(t.id).toBe(tweet.id);
    expect(t.geo?.coordinates?.coordinates).toEqual([107.5967, -6.8861]);
    expect(t.lang).toBe("in");
    expect(t.entities?.mentions?.[0]).toMatchObject({ username: "PemkotBandung", start: 0, end: 14 });
    expect(page.includes.author(t)).toMatchObject({
      username: "neng_geulis",
      name: "Neng",
      location: "Sukajadi, Bandung",
    });
    expect(page.includes.places[0]).toMatchObject({
      id: t.geo?.place_id,
      full_name: "Sukajadi, Bandung",
      place_type: "neighborhood",
      country_code: "ID",
      geo: { type: "Feature", bbox: [107.58, -6.9, 107.61, -6.87] },
    });
  });

  it("without expansions there is no includes and tweets carry only id, text and edit history", async () => {
    const [id] = addCitizenTweets(kit, ["@PemkotBandung banjir di Pagarsih"]);
    const body = (await kit.app.v2.get(
      "users/:id/mentions",
      {},
      { params: { id: kit.sim.ownUser.id } },
    )) as Record<string, unknown>;
    expect(body["includes"]).toBeUndefined();
    expect(body["data"]).toEqual([
      { id, text: "@PemkotBandung banjir di Pagarsih", edit_history_tweet_ids: [id] },
    ]);
  });

  it("max_results outside 5..100 is refused with 400 naming the parameter", async () => {
    await expect(
      kit.app.v2.get("users/:id/mentions", { max_results: 3 }, { params: { id: kit.sim.ownUser.id } }),
    ).rejects.toMatchObject({
      code: 400,
      data: { errors: [{ message: "The `max_results` query parameter value [3] is not between 5 and 100" }] },
    });
  });
});

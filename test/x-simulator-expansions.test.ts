import { afterEach, describe, expect, it } from "vitest";
import { startSimKit, type SimKit } from "./support/x-sim-kit.js";

// X's expansions page: an expansion puts the field it follows into each tweet object, whether or
// not `tweet.fields` asks for it, and the object it points to into `includes`.
let kit: SimKit | undefined;
afterEach(async () => {
  await kit?.sim.close();
  kit = undefined;
});

async function seed(k: SimKit): Promise<{ parent: string; reply: string }> {
  k.clock.advance(1000);
  const parent = k.sim.addTweet({
    text: "@PemkotBandung lampu merah Jl. Pasteur mati @dishub_bdg",
    author: { username: "warga_pasteur" },
    place: { full_name: "Sukajadi, Bandung", place_type: "neighborhood" },
  }).id;
  k.clock.advance(1000);
  const reply = k.sim.addTweet({
    text: "@PemkotBandung @warga_pasteur iya masih mati sampai sekarang",
    author: { username: "warga_lain" },
    in_reply_to: parent,
  }).id;
  return { parent, reply };
}

describe("X simulator expansions", () => {
  it("puts author_id in every tweet when expansions=author_id is asked without tweet.fields", async () => {
    kit = await startSimKit();
    const ids = await seed(kit);
    const res = await kit.app.v2.search("PemkotBandung", { expansions: ["author_id"] });
    const tweets = res.tweets;
    expect(tweets.map((t) => t.id).sort()).toEqual([ids.parent, ids.reply].sort());
    for (const t of tweets) expect(t.author_id).toMatch(/^\d+$/);
    const users = res.includes.users.map((u) => u.id).sort();
    expect(users).toEqual([...new Set(tweets.map((t) => t.author_id ?? ""))].sort());
  });

  it("puts the followed field of every other expansion in the tweet, and its object in includes", async () => {
    kit = await startSimKit();
    const ids = await seed(kit);
    const res = await kit.app.v2.search("PemkotBandung", {
      expansions: [
        "in_reply_to_user_id",
        "geo.place_id",
        "entities.mentions.username",
        "referenced_tweets.id",
        "referenced_tweets.id.author_id",
      ],
    });
    const parent = res.tweets.find((t) => t.id === ids.parent);
    const reply = res.tweets.find((t) => t.id === ids.reply);
    // geo.place_id → geo.place_id, and the place in includes.places
    expect(parent?.geo?.place_id).toBeTruthy();
    expect(res.includes.places.map((p) => p.id)).toContain(parent?.geo?.place_id);
    // entities.mentions.username → the mentions, not the rest of the entities
    expect(parent?.entities?.mentions?.map((m) => m.username)).toEqual(["PemkotBandung", "dishub_bdg"]);
    expect(parent?.entities?.hashtags).toBeUndefined();
    // in_reply_to_user_id → the parent's author id, and that user in includes.users
    const parentAuthor = res.includes.users.find((u) => u.username === "warga_pasteur");
    expect(reply?.in_reply_to_user_id).toBe(parentAuthor?.id);
    // referenced_tweets.id → referenced_tweets, the parent in includes.tweets
    expect(reply?.referenced_tweets).toEqual([{ type: "replied_to", id: ids.parent }]);
    expect(res.includes.tweets.map((t) => t.id)).toEqual([ids.parent]);
    // fields nobody asked for stay out
    expect(reply?.created_at).toBeUndefined();
    expect(reply?.author_id).toBeUndefined();
  });

  it("leaves the followed fields out when no expansion and no field asks for them", async () => {
    kit = await startSimKit();
    await seed(kit);
    const res = await kit.app.v2.search("PemkotBandung");
    for (const t of res.tweets) {
      expect(Object.keys(t).sort()).toEqual(["edit_history_tweet_ids", "id", "text"]);
    }
  });
});

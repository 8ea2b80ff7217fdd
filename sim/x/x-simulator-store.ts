import { createHash } from "node:crypto";
import twitterText from "twitter-text";
import { z } from "zod";
import { SnowflakeIds } from "./snowflake-ids.js";
import type { SearchableTweet } from "./x-search-query.js";

/** Kota Bandung's bounding box [west, south, east, north]: the default for a place given by name only. */
const BANDUNG_BBOX: [number, number, number, number] = [107.5461, -6.9719, 107.7397, -6.839];

const username = z.string().regex(/^[A-Za-z0-9_]{1,15}$/, "an X username: 1-15 letters, digits or _");
const snowflake = z.string().regex(/^[0-9]{1,19}$/, "a numeric tweet id");

const placeInput = z.union([
  z.string().min(1),
  z
    .object({
      full_name: z.string().min(1),
      name: z.string().min(1).optional(),
      place_type: z.string().min(1).optional(),
      country: z.string().min(1).optional(),
      country_code: z.string().length(2).optional(),
      /** [west, south, east, north] */
      bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
    })
    .strict(),
]);

/** What `POST /_sim/tweets` (and `XSimulator.addTweet`) accepts: a tweet some citizen posts. */
export const simTweetInputSchema = z
  .object({
    text: z.string().min(1),
    author: z
      .object({ username, name: z.string().min(1).optional(), location: z.string().min(1).optional() })
      .strict(),
    coordinates: z
      .object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })
      .strict()
      .optional(),
    /** A place X attached to the tweet: a full name ("Coblong, Bandung") or the place itself. */
    place: placeInput.optional(),
    /** Id of the tweet this one replies to. */
    in_reply_to: snowflake.optional(),
    /** ISO time; the id is minted for that moment, so an older tweet gets a smaller id. Default: now. */
    created_at: z.iso.datetime({ offset: true }).optional(),
    /** BCP 47 as X detects it; Indonesian is `in`. Default `in`. */
    lang: z.string().min(2).optional(),
    is_retweet: z.boolean().optional(),
  })
  .strict();
export type SimTweetInput = z.input<typeof simTweetInputSchema>;

export interface SimUser {
  id: string;
  username: string;
  name: string;
  location?: string;
  created_at: string;
}

export interface SimPlace {
  id: string;
  full_name: string;
  name: string;
  place_type: string;
  country: string;
  country_code: string;
  bbox: [number, number, number, number];
}

interface Entities {
  mentions: { start: number; end: number; username: string }[];
  hashtags: { start: number; end: number; tag: string }[];
  urls: { start: number; end: number; url: string }[];
}

export interface SimTweet {
  id: string;
  text: string;
  author_id: string;
  created_at_ms: number;
  conversation_id: string;
  in_reply_to_tweet_id?: string;
  in_reply_to_user_id?: string;
  referenced_tweets?: { type: "retweeted" | "quoted" | "replied_to"; id: string }[];
  lang: string;
  coordinates?: [number, number];
  place_id?: string;
  entities: Entities;
  deleted: boolean;
}

/** A tweet as the control API shows it: every field X could send, plus its author. */
export type SimTweetRecord = Record<string, unknown> & {
  id: string;
  text: string;
  author_id: string;
  created_at: string;
  author: { id: string; username: string; name: string; location?: string };
  deleted: boolean;
};

/** Which fields and expansions a request asked for, parsed from its query string. */
export interface FieldSelection {
  tweet: Set<string>;
  user: Set<string>;
  place: Set<string>;
  expansions: Set<string>;
}

export function fieldSelection(query: Record<string, unknown>): FieldSelection {
  const list = (k: string): Set<string> =>
    new Set(
      (typeof query[k] === "string" ? (query[k] as string) : "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    );
  // X renamed tweets to posts in its spec: accept both spellings of the parameter.
  return {
    tweet: new Set([...list("tweet.fields"), ...list("post.fields")]),
    user: list("user.fields"),
    place: list("place.fields"),
    expansions: list("expansions"),
  };
}

const ALL_FIELDS: FieldSelection = {
  tweet: new Set([
    "created_at",
    "author_id",
    "conversation_id",
    "in_reply_to_user_id",
    "referenced_tweets",
    "lang",
    "geo",
    "entities",
  ]),
  user: new Set(["location"]),
  place: new Set(),
  expansions: new Set(),
};

function escapeXText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Offsets in code points, as X counts them (twitter-text reports UTF-16 offsets). */
function codePointIndex(text: string, utf16: number): number {
  return [...text.slice(0, utf16)].length;
}

function extractEntities(text: string): Entities {
  return {
    mentions: twitterText.extractMentionsWithIndices(text).map((m) => ({
      start: codePointIndex(text, m.indices[0]),
      end: codePointIndex(text, m.indices[1]),
      username: m.screenName,
    })),
    hashtags: twitterText.extractHashtagsWithIndices(text).map((h) => ({
      start: codePointIndex(text, h.indices[0]),
      end: codePointIndex(text, h.indices[1]),
      tag: h.hashtag,
    })),
    urls: twitterText.extractUrlsWithIndices(text).map((u) => ({
      start: codePointIndex(text, u.indices[0]),
      end: codePointIndex(text, u.indices[1]),
      url: u.url,
    })),
  };
}

/** The simulator's world: users, places and tweets, and how X renders them. No HTTP here. */
export class XSimulatorStore {
  readonly users = new Map<string, SimUser>();
  readonly places = new Map<string, SimPlace>();
  /** Every tweet ever created, deleted ones included (they keep their id). */
  readonly tweets = new Map<string, SimTweet>();
  private readonly tweetIds = new SnowflakeIds(1n);
  private readonly userIds = new SnowflakeIds(2n);

  constructor(
    readonly ownUser: SimUser,
    private readonly now: () => number,
  ) {
    this.users.set(ownUser.id, ownUser);
  }

  userByName(name: string): SimUser | undefined {
    const lower = name.toLowerCase();
    for (const u of this.users.values()) if (u.username.toLowerCase() === lower) return u;
    return undefined;
  }

  private upsertUser(author: {
    username: string;
    name?: string | undefined;
    location?: string | undefined;
  }): SimUser {
    const existing = this.userByName(author.username);
    if (existing) {
      if (author.name) existing.name = author.name;
      if (author.location) existing.location = author.location;
      return existing;
    }
    const user: SimUser = {
      id: this.userIds.next(this.now()),
      username: author.username,
      name: author.name ?? author.username,
      created_at: new Date(this.now()).toISOString(),
      ...(author.location ? { location: author.location } : {}),
    };
    this.users.set(user.id, user);
    return user;
  }

  private upsertPlace(input: z.output<typeof placeInput>): SimPlace {
    const p = typeof input === "string" ? { full_name: input } : input;
    const id = createHash("sha1").update(p.full_name.toLowerCase()).digest("hex").slice(0, 16);
    const place: SimPlace = {
      id,
      full_name: p.full_name,
      name: p.name ?? p.full_name.split(",")[0]?.trim() ?? p.full_name,
      place_type: p.place_type ?? "city",
      country: p.country ?? "Indonesia",
      country_code: p.country_code ?? "ID",
      bbox: p.bbox ?? BANDUNG_BBOX,
    };
    this.places.set(id, place);
    return place;
  }

  /** Adds a tweet by any author (a citizen through the control API, or us through POST /2/tweets). */
  addTweet(raw: SimTweetInput): SimTweet {
    const input = simTweetInputSchema.parse(raw);
    const author = this.upsertUser(input.author);
    const createdMs = input.created_at ? Date.parse(input.created_at) : this.now();
    const id = this.tweetIds.next(createdMs);
    const parent = input.in_reply_to ? this.tweets.get(input.in_reply_to) : undefined;
    const refs: NonNullable<SimTweet["referenced_tweets"]> = [];
    if (input.in_reply_to) refs.push({ type: "replied_to", id: input.in_reply_to });
    if (input.is_retweet) {
      // The original of a simulated retweet is not stored: reference an id minted just before.
      refs.push({ type: "retweeted", id: this.tweetIds.next(createdMs - 1) });
    }
    const tweet: SimTweet = {
      id,
      text: input.text,
      author_id: author.id,
      created_at_ms: createdMs,
      conversation_id: parent?.conversation_id ?? input.in_reply_to ?? id,
      lang: input.lang ?? "in",
      entities: extractEntities(input.text),
      deleted: false,
      ...(input.in_reply_to ? { in_reply_to_tweet_id: input.in_reply_to } : {}),
      ...(parent ? { in_reply_to_user_id: parent.author_id } : {}),
      ...(refs.length > 0 ? { referenced_tweets: refs } : {}),
      ...(input.coordinates
        ? { coordinates: [input.coordinates.lon, input.coordinates.lat] as [number, number] }
        : {}),
      ...(input.place ? { place_id: this.upsertPlace(input.place).id } : {}),
    };
    this.tweets.set(id, tweet);
    return tweet;
  }

  /** Live (not deleted) tweets, newest first. */
  liveTweetsNewestFirst(): SimTweet[] {
    return [...this.tweets.values()]
      .filter((t) => !t.deleted)
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : BigInt(b.id) < BigInt(a.id) ? -1 : 0));
  }

  mentionsUser(t: SimTweet, user: SimUser): boolean {
    const lower = user.username.toLowerCase();
    return t.entities.mentions.some((m) => m.username.toLowerCase() === lower);
  }

  searchable(t: SimTweet): SearchableTweet {
    const parent = t.in_reply_to_tweet_id ? this.tweets.get(t.in_reply_to_tweet_id) : undefined;
    const parentAuthor = parent ? this.users.get(parent.author_id) : undefined;
    return {
      text: t.text,
      lang: t.lang,
      authorUsername: this.users.get(t.author_id)?.username ?? "",
      conversationId: t.conversation_id,
      hashtags: t.entities.hashtags.map((h) => h.tag),
      mentions: t.entities.mentions.map((m) => m.username),
      urls: t.entities.urls.map((u) => u.url),
      isRetweet: (t.referenced_tweets ?? []).some((r) => r.type === "retweeted"),
      isQuote: (t.referenced_tweets ?? []).some((r) => r.type === "quoted"),
      hasGeo: t.coordinates !== undefined || t.place_id !== undefined,
      ...(t.in_reply_to_tweet_id ? { inReplyToTweetId: t.in_reply_to_tweet_id } : {}),
      ...(parentAuthor ? { inReplyToUsername: parentAuthor.username } : {}),
    };
  }

  /**
   * A tweet as X renders it: `id`, `text` and `edit_history_tweet_ids` always, the rest on request.
   * X escapes `&`, `<` and `>` in the text it serves (`&amp;`, `&lt;`, `&gt;`), so a citizen who
   * typed `&amp;` is read back as `&amp;amp;`: a client must decode exactly once.
   */
  renderTweet(t: SimTweet, f: FieldSelection): Record<string, unknown> {
    const out: Record<string, unknown> = {
      id: t.id,
      text: escapeXText(t.text),
      edit_history_tweet_ids: [t.id],
    };
    const want = (name: string): boolean => f.tweet.has(name);
    // An expansion puts the field it follows into the tweet object even when `tweet.fields` does
    // not ask for it (X's expansions page): `author_id` for `expansions=author_id`, and so on.
    const expands = (name: string): boolean => f.expansions.has(name);
    if (want("created_at")) out["created_at"] = new Date(t.created_at_ms).toISOString();
    if (want("author_id") || expands("author_id")) out["author_id"] = t.author_id;
    if (want("conversation_id")) out["conversation_id"] = t.conversation_id;
    if ((want("in_reply_to_user_id") || expands("in_reply_to_user_id")) && t.in_reply_to_user_id)
      out["in_reply_to_user_id"] = t.in_reply_to_user_id;
    // The spec calls it referenced_posts, the wire (and twitter-api-v2) referenced_tweets: answer in the asker's word.
    if (t.referenced_tweets) {
      const byExpansion = expands("referenced_tweets.id") || expands("referenced_tweets.id.author_id");
      if (want("referenced_tweets") || (byExpansion && !want("referenced_posts")))
        out["referenced_tweets"] = t.referenced_tweets;
      if (want("referenced_posts")) out["referenced_posts"] = t.referenced_tweets;
    }
    if (want("lang")) out["lang"] = t.lang;
    if (want("geo") && (t.coordinates || t.place_id)) {
      out["geo"] = {
        ...(t.coordinates ? { coordinates: { type: "Point", coordinates: t.coordinates } } : {}),
        ...(t.place_id ? { place_id: t.place_id } : {}),
      };
    } else if (expands("geo.place_id") && t.place_id) {
      out["geo"] = { place_id: t.place_id };
    }
    if (want("entities") || expands("entities.mentions.username")) {
      const e: Record<string, unknown> = {};
      if (t.entities.mentions.length > 0) {
        e["mentions"] = t.entities.mentions.map((m) => {
          const known = this.userByName(m.username);
          return { ...m, ...(known ? { id: known.id } : {}) };
        });
      }
      if (t.entities.hashtags.length > 0) e["hashtags"] = t.entities.hashtags;
      if (t.entities.urls.length > 0) {
        e["urls"] = t.entities.urls.map((u) => ({
          ...u,
          expanded_url: u.url,
          display_url: u.url.replace(/^https?:\/\//u, ""),
        }));
      }
      if (!want("entities")) {
        // Only the mentions followed by the expansion, not the whole entities object.
        delete e["hashtags"];
        delete e["urls"];
      }
      if (Object.keys(e).length > 0) out["entities"] = e;
    }
    if (want("public_metrics")) {
      out["public_metrics"] = {
        retweet_count: 0,
        reply_count: this.replyCount(t.id),
        like_count: 0,
        quote_count: 0,
        bookmark_count: 0,
        impression_count: 0,
      };
    }
    if (want("possibly_sensitive")) out["possibly_sensitive"] = false;
    if (want("reply_settings")) out["reply_settings"] = "everyone";
    if (want("display_text_range")) out["display_text_range"] = [0, [...t.text].length];
    return out;
  }

  private replyCount(id: string): number {
    let n = 0;
    for (const t of this.tweets.values()) if (!t.deleted && t.in_reply_to_tweet_id === id) n++;
    return n;
  }

  /** A user as X renders it: `id`, `name`, `username` always, the rest on request. */
  renderUser(u: SimUser, f: FieldSelection): Record<string, unknown> {
    const out: Record<string, unknown> = { id: u.id, name: u.name, username: u.username };
    const want = (name: string): boolean => f.user.has(name);
    if (want("created_at")) out["created_at"] = u.created_at;
    if (want("location") && u.location) out["location"] = u.location;
    if (want("description")) out["description"] = "";
    if (want("protected")) out["protected"] = false;
    if (want("verified")) out["verified"] = false;
    if (want("url")) out["url"] = "";
    if (want("profile_image_url")) {
      out["profile_image_url"] =
        "https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png";
    }
    if (want("public_metrics")) {
      let tweets = 0;
      for (const t of this.tweets.values()) if (t.author_id === u.id && !t.deleted) tweets++;
      out["public_metrics"] = {
        followers_count: 0,
        following_count: 0,
        tweet_count: tweets,
        listed_count: 0,
        like_count: 0,
      };
    }
    return out;
  }

  /** A place as X renders it: `id` and `full_name` always, the rest on request. */
  renderPlace(p: SimPlace, f: FieldSelection): Record<string, unknown> {
    const out: Record<string, unknown> = { id: p.id, full_name: p.full_name };
    const want = (name: string): boolean => f.place.has(name);
    if (want("name")) out["name"] = p.name;
    if (want("place_type")) out["place_type"] = p.place_type;
    if (want("country")) out["country"] = p.country;
    if (want("country_code")) out["country_code"] = p.country_code;
    if (want("geo")) out["geo"] = { type: "Feature", bbox: p.bbox, properties: {} };
    return out;
  }

  /** `includes` for a page of tweets, following the requested expansions; undefined when empty. */
  includesFor(page: SimTweet[], f: FieldSelection): Record<string, unknown> | undefined {
    const userIds = new Set<string>();
    const placeIds = new Set<string>();
    const tweetIds = new Set<string>();
    for (const t of page) {
      if (f.expansions.has("author_id")) userIds.add(t.author_id);
      for (const r of t.referenced_tweets ?? []) {
        const ref = this.tweets.get(r.id);
        if (!ref) continue;
        if (f.expansions.has("referenced_tweets.id")) tweetIds.add(ref.id);
        if (f.expansions.has("referenced_tweets.id.author_id")) userIds.add(ref.author_id);
      }
      if (f.expansions.has("in_reply_to_user_id") && t.in_reply_to_user_id)
        userIds.add(t.in_reply_to_user_id);
      if (f.expansions.has("entities.mentions.username")) {
        for (const m of t.entities.mentions) {
          const u = this.userByName(m.username);
          if (u) userIds.add(u.id);
        }
      }
      if (f.expansions.has("geo.place_id") && t.place_id) placeIds.add(t.place_id);
    }
    const users = [...userIds].flatMap((id) => {
      const u = this.users.get(id);
      return u ? [this.renderUser(u, f)] : [];
    });
    const places = [...placeIds].flatMap((id) => {
      const p = this.places.get(id);
      return p ? [this.renderPlace(p, f)] : [];
    });
    // Included tweets follow the same fields; an expansion on them is not followed again.
    const tweets = [...tweetIds].flatMap((id) => {
      const t = this.tweets.get(id);
      return t && !t.deleted ? [this.renderTweet(t, f)] : [];
    });
    if (users.length === 0 && places.length === 0 && tweets.length === 0) return undefined;
    return {
      ...(users.length > 0 ? { users } : {}),
      ...(places.length > 0 ? { places } : {}),
      ...(tweets.length > 0 ? { tweets } : {}),
    };
  }

  /** The control API's view of a tweet: every field, its author and place, and whether it was deleted. */
  record(t: SimTweet): SimTweetRecord {
    const author = this.users.get(t.author_id);
    const place = t.place_id ? this.places.get(t.place_id) : undefined;
    const all: FieldSelection = {
      ...ALL_FIELDS,
      place: new Set(["name", "place_type", "country", "country_code", "geo"]),
    };
    return {
      ...this.renderTweet(t, all),
      id: t.id,
      text: t.text,
      author_id: t.author_id,
      created_at: new Date(t.created_at_ms).toISOString(),
      author: {
        id: t.author_id,
        username: author?.username ?? "",
        name: author?.name ?? "",
        ...(author?.location ? { location: author.location } : {}),
      },
      ...(place ? { place: this.renderPlace(place, all) } : {}),
      ...(t.in_reply_to_tweet_id ? { in_reply_to_tweet_id: t.in_reply_to_tweet_id } : {}),
      deleted: t.deleted,
    };
  }
}

import type { TweetRef } from "./ticket.js";

/** The slice of X API v2 tweet objects Aduan reads (requested with the fields in `TWEET_QUERY_FIELDS`). */
export interface XTweet {
  id: string;
  text: string;
  author_id?: string;
  created_at?: string;
  lang?: string;
  conversation_id?: string;
  in_reply_to_user_id?: string;
  referenced_tweets?: { type: "retweeted" | "quoted" | "replied_to"; id: string }[];
  entities?: { mentions?: { username: string; start?: number; end?: number }[] };
  geo?: { place_id?: string; coordinates?: { type: string; coordinates?: [number, number] } };
  note_tweet?: { text: string };
  attachments?: { media_keys?: string[] };
}
export interface XUser {
  id: string;
  username: string;
  name?: string;
  location?: string;
}
export interface XPlace {
  id: string;
  full_name?: string;
  name?: string;
}
export interface XIncludes {
  users?: XUser[];
  places?: XPlace[];
}

/** Query parameters that make X send author, place and coordinates along with each tweet. */
export const TWEET_QUERY_FIELDS = {
  expansions: "author_id,geo.place_id",
  "tweet.fields":
    "created_at,lang,author_id,entities,geo,referenced_tweets,conversation_id,in_reply_to_user_id,note_tweet,attachments",
  "user.fields": "username,name,location",
  "place.fields": "full_name,name,country_code,geo,place_type",
} as const;

export interface FlattenedTweet extends TweetRef {
  is_retweet: boolean;
  lang?: string;
  /** The tweet this one answers: a citizen's answer to one of our replies is feedback. */
  in_reply_to_tweet_id?: string;
  /** Photos or video attached (`attachments.media_keys`). */
  has_media?: boolean;
}

/**
 * Turns one tweet of an X response into the flat record tickets keep. `ourAccounts` are the
 * city's usernames: only a tweet mentioning one of them may be replied to (X's 2026 rule).
 */
export function flattenTweet(
  tweet: XTweet,
  includes: XIncludes | undefined,
  ourAccounts: readonly string[],
): FlattenedTweet {
  const author = includes?.users?.find((u) => u.id === tweet.author_id);
  const place = tweet.geo?.place_id ? includes?.places?.find((p) => p.id === tweet.geo?.place_id) : undefined;
  const ours = new Set(ourAccounts.map((a) => a.toLowerCase()));
  const mentionsUs = (tweet.entities?.mentions ?? []).some((m) => ours.has(m.username.toLowerCase()));
  const coords = tweet.geo?.coordinates?.coordinates;
  const username = author?.username ?? "unknown";
  const placeName = place?.full_name ?? place?.name;
  const repliedTo = tweet.referenced_tweets?.find((r) => r.type === "replied_to")?.id;
  return {
    id: tweet.id,
    author_id: tweet.author_id ?? "",
    author_username: username,
    ...(author?.name ? { author_name: author.name } : {}),
    // Long posts arrive truncated in `text` with the whole body in note_tweet. X encodes &, < and >.
    text: decodeXEntities(tweet.note_tweet?.text ?? tweet.text),
    created_at: tweet.created_at ?? new Date(snowflakeMillis(tweet.id)).toISOString(),
    url: `https://x.com/${username}/status/${tweet.id}`,
    ...(coords && coords.length === 2 ? { coordinates: [coords[0], coords[1]] as [number, number] } : {}),
    ...(placeName ? { place_name: placeName } : {}),
    ...(author?.location ? { user_location: author.location } : {}),
    ...(tweet.lang ? { lang: tweet.lang } : {}),
    mentions_us: mentionsUs,
    is_retweet: (tweet.referenced_tweets ?? []).some((r) => r.type === "retweeted"),
    ...(repliedTo ? { in_reply_to_tweet_id: repliedTo } : {}),
    ...((tweet.attachments?.media_keys ?? []).length > 0 ? { has_media: true } : {}),
  };
}

/** X ids are snowflakes: the top bits are milliseconds since 2010-11-04. */
export function snowflakeMillis(id: string): number {
  try {
    return Number((BigInt(id) >> 22n) + 1288834974657n);
  } catch {
    return 0;
  }
}

/** X sends `&amp;`, `&lt;` and `&gt;` in tweet text; cards and triage want the characters. */
export function decodeXEntities(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_m, e: string) => (e === "amp" ? "&" : e === "lt" ? "<" : ">"));
}

import {
  flattenTweet,
  type FlattenedTweet,
  type XIncludes,
  type XPlace,
  type XTweet,
  type XUser,
} from "../core/tweet.js";
import { AduanError } from "../errors.js";

/**
 * X's answers are checked before they are trusted: a tweet object keeps only the fields that have
 * the shape X documents (a malformed optional field is dropped, as if X had not sent it), and a
 * tweet without a usable id or text is refused with a MalformedTweetError. One bad tweet in a
 * page must not stop the page, and must never crash the poller into re-reading it forever.
 */
export class MalformedTweetError extends AduanError {
  readonly code = "X_TWEET_MALFORMED";
  readonly who = "x";
  constructor(
    readonly tweetId: string | undefined,
    reason: string,
  ) {
    super(`malformed tweet${tweetId ? ` ${tweetId}` : ""}: ${reason}`);
    this.name = "MalformedTweetError";
  }
}

/** X tweet ids are decimal snowflakes (up to 19 digits; 20 allowed for headroom). */
export const TWEET_ID = /^\d{1,20}$/;

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const defined = <T extends Dict>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const REFERENCE_TYPES = new Set(["retweeted", "quoted", "replied_to"]);

/** A tweet object from an X response, reduced to what has the documented shape. */
export function checkedTweet(raw: unknown): XTweet {
  if (!isDict(raw)) throw new MalformedTweetError(undefined, "not an object");
  const id = str(raw["id"]);
  if (id === undefined || !TWEET_ID.test(id)) {
    throw new MalformedTweetError(undefined, `id must be a string of digits, got ${describe(raw["id"])}`);
  }
  const text = str(raw["text"]);
  if (text === undefined)
    throw new MalformedTweetError(id, `text must be a string, got ${describe(raw["text"])}`);
  const note = isDict(raw["note_tweet"]) ? str(raw["note_tweet"]["text"]) : undefined;
  const createdAt = str(raw["created_at"]);
  const geo = isDict(raw["geo"]) ? raw["geo"] : undefined;
  const point = geo && isDict(geo["coordinates"]) ? geo["coordinates"]["coordinates"] : undefined;
  const coordinates =
    Array.isArray(point) &&
    point.length === 2 &&
    point.every((c) => typeof c === "number" && Number.isFinite(c)) &&
    Math.abs(point[0] as number) <= 180 &&
    Math.abs(point[1] as number) <= 90
      ? (point as [number, number])
      : undefined;
  const placeId = geo ? str(geo["place_id"]) : undefined;
  const entities = isDict(raw["entities"]) ? raw["entities"] : undefined;
  const mentions = list(entities?.["mentions"])
    .filter(isDict)
    .map((m) => str(m["username"]))
    .filter((u): u is string => u !== undefined)
    .map((username) => ({ username }));
  const references = list(raw["referenced_tweets"])
    .filter(isDict)
    .filter((r) => REFERENCE_TYPES.has(String(r["type"])) && TWEET_ID.test(str(r["id"]) ?? ""))
    .map((r) => ({ type: r["type"] as "retweeted" | "quoted" | "replied_to", id: r["id"] as string }));
  const mediaKeys = isDict(raw["attachments"])
    ? list(raw["attachments"]["media_keys"]).filter((k): k is string => typeof k === "string")
    : [];
  return defined({
    id,
    text,
    author_id: str(raw["author_id"]),
    created_at: createdAt !== undefined && !Number.isNaN(Date.parse(createdAt)) ? createdAt : undefined,
    lang: str(raw["lang"]),
    conversation_id: str(raw["conversation_id"]),
    in_reply_to_user_id: str(raw["in_reply_to_user_id"]),
    referenced_tweets: references.length > 0 ? references : undefined,
    entities: mentions.length > 0 ? { mentions } : undefined,
    geo:
      coordinates || placeId
        ? defined({
            place_id: placeId,
            coordinates: coordinates ? { type: "Point", coordinates } : undefined,
          })
        : undefined,
    note_tweet: note !== undefined ? { text: note } : undefined,
    attachments: mediaKeys.length > 0 ? { media_keys: mediaKeys } : undefined,
  }) as XTweet;
}

/** The `includes` of an X response, keeping only users and places with the documented shape. */
export function checkedIncludes(raw: unknown): XIncludes {
  if (!isDict(raw)) return {};
  const users = list(raw["users"])
    .filter(isDict)
    .filter((u) => str(u["id"]) !== undefined && str(u["username"]) !== undefined)
    .map(
      (u) =>
        defined({
          id: u["id"] as string,
          username: u["username"] as string,
          name: str(u["name"]),
          location: str(u["location"]),
        }) as XUser,
    );
  const places = list(raw["places"])
    .filter(isDict)
    .filter((p) => str(p["id"]) !== undefined)
    .map(
      (p) =>
        defined({ id: p["id"] as string, full_name: str(p["full_name"]), name: str(p["name"]) }) as XPlace,
    );
  return { users, places };
}

/** `flattenTweet` over a checked tweet and checked includes; throws MalformedTweetError only. */
export function flattenXTweet(
  raw: unknown,
  includes: unknown,
  ourAccounts: readonly string[],
): FlattenedTweet {
  return flattenTweet(checkedTweet(raw), checkedIncludes(includes), ourAccounts);
}

/**
 * A triage job's tweet: the flattened record the ingest enqueued. Anything else (an old payload
 * shape, a hand-made job) is refused rather than half-triaged.
 */
export function isFlattenedTweet(v: unknown): v is FlattenedTweet {
  if (!isDict(v)) return false;
  const c = v["coordinates"];
  const optionalString = (k: string) => v[k] === undefined || typeof v[k] === "string";
  return (
    typeof v["id"] === "string" &&
    TWEET_ID.test(v["id"]) &&
    typeof v["text"] === "string" &&
    typeof v["author_id"] === "string" &&
    typeof v["author_username"] === "string" &&
    typeof v["created_at"] === "string" &&
    typeof v["url"] === "string" &&
    typeof v["mentions_us"] === "boolean" &&
    typeof v["is_retweet"] === "boolean" &&
    ["author_name", "place_name", "user_location", "lang", "in_reply_to_tweet_id"].every(optionalString) &&
    (c === undefined ||
      (Array.isArray(c) && c.length === 2 && c.every((n) => typeof n === "number" && Number.isFinite(n))))
  );
}

function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (typeof v === "string") return JSON.stringify(v.length > 30 ? `${v.slice(0, 30)}…` : v);
  return Array.isArray(v) ? "an array" : typeof v;
}

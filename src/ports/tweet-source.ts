import { AduanError } from "../errors.js";
import type { FlattenedTweet } from "../core/tweet.js";

export interface TweetPage {
  tweets: FlattenedTweet[];
  /** Present when older tweets remain: pass it back as `paginationToken`. */
  nextToken?: string;
  newestId?: string;
  /** How many posts X returned (and billed as read). */
  read: number;
  rateLimit?: { limit: number; remaining: number; resetAtMs: number };
}

export interface PageRequest {
  sinceId?: string;
  paginationToken?: string;
  maxResults: number;
}

/** Where tweets come from: the city's mentions timeline and recent searches. */
export interface TweetSource {
  mentions(req: PageRequest): Promise<TweetPage>;
  search(query: string, req: PageRequest): Promise<TweetPage>;
}

export interface SourceSpec {
  /** `mentions`, the search's configured id, or `campaign-<tag>`. */
  id: string;
  /** A `campaign` is searched like a `search`, but its tweets are tallied, never ticketed. */
  kind: "mentions" | "search" | "campaign";
  query?: string;
  /** The campaign's hashtag (kind `campaign`). */
  tag?: string;
}

/** Per-source state kept in Redis: the since_id cursor and a rate-limit block. */
export interface SourceStateStore {
  cursor(sourceId: string): Promise<string | undefined>;
  setCursor(sourceId: string, tweetId: string): Promise<void>;
  blockedUntil(sourceId: string): Promise<number>;
  block(sourceId: string, untilMs: number): Promise<void>;
  markPolled(sourceId: string, atMs: number): Promise<void>;
}

/** X answered 429 (or the window is spent): poll again at `resetAtMs`. */
export class SourceRateLimitedError extends AduanError {
  readonly code = "X_RATE_LIMITED";
  readonly who = "x";
  constructor(readonly resetAtMs: number) {
    super(`X rate limit reached; window resets at ${new Date(resetAtMs).toISOString()}`);
  }
}

import type { FlattenedTweet } from "../core/tweet.js";
import {
  SourceRateLimitedError,
  type SourceSpec,
  type SourceStateStore,
  type TweetPage,
  type TweetSource,
} from "../ports/tweet-source.js";

export interface PollDeps {
  source: TweetSource;
  state: SourceStateStore;
  /** Durably enqueue triage for these tweets (idempotent on tweet id). */
  enqueue(tweets: FlattenedTweet[], spec: SourceSpec): Promise<void>;
  countReads(n: number): Promise<void>;
  now(): number;
  maxResults: number;
  /** Safety bound on pages followed in one poll (X's mentions timeline keeps about 800 posts). */
  maxPages?: number;
}

export type PollResult =
  | { status: "blocked"; untilMs: number }
  /** Not read at all: a campaign outside its days, or past the month's X budget. */
  | { status: "idle"; reason: string }
  | { status: "polled"; pages: number; read: number; enqueued: number; cursor: string | undefined };

/**
 * Reads every tweet newer than the source's cursor, page by page, enqueuing each page before
 * asking for the next, and advances the cursor only when all pages are safely enqueued. A crash
 * or an error midway leaves the cursor where it was: the next poll reads the same tweets again,
 * and the tweet-id job ids and ticket store make the second pass a no-op. A source never polled
 * before takes only the newest page, so a new deployment does not ticket months of old mentions.
 */
export async function pollSource(deps: PollDeps, spec: SourceSpec): Promise<PollResult> {
  const blocked = await deps.state.blockedUntil(spec.id);
  if (blocked > deps.now()) return { status: "blocked", untilMs: blocked };

  const since = await deps.state.cursor(spec.id);
  const maxPages = since === undefined ? 1 : (deps.maxPages ?? 10);
  let token: string | undefined;
  let newest: string | undefined;
  let pages = 0;
  let read = 0;
  let enqueued = 0;
  do {
    let page: TweetPage;
    try {
      const req = {
        maxResults: deps.maxResults,
        ...(since ? { sinceId: since } : {}),
        ...(token ? { paginationToken: token } : {}),
      };
      page =
        spec.kind === "mentions"
          ? await deps.source.mentions(req)
          : await deps.source.search(spec.query ?? "", req);
    } catch (err) {
      if (err instanceof SourceRateLimitedError) {
        await deps.state.block(spec.id, err.resetAtMs);
        return { status: "blocked", untilMs: err.resetAtMs };
      }
      throw err;
    }
    pages++;
    read += page.read;
    await deps.countReads(page.read);
    newest ??= page.newestId;
    const fresh = page.tweets.filter((t) => !t.is_retweet);
    if (fresh.length > 0) await deps.enqueue(fresh, spec);
    enqueued += fresh.length;
    token = page.nextToken;
    if (page.rateLimit && page.rateLimit.remaining <= 0 && token) {
      // The window is spent mid-way: keep the cursor, come back after the reset and read it all again.
      await deps.state.block(spec.id, page.rateLimit.resetAtMs);
      return { status: "blocked", untilMs: page.rateLimit.resetAtMs };
    }
    if (page.rateLimit && page.rateLimit.remaining <= 0)
      await deps.state.block(spec.id, page.rateLimit.resetAtMs);
  } while (token && pages < maxPages);

  if (newest) await deps.state.setCursor(spec.id, newest);
  await deps.state.markPolled(spec.id, deps.now());
  return { status: "polled", pages, read, enqueued, cursor: newest ?? since };
}

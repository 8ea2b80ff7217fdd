import type { TwitterApi } from "twitter-api-v2";
import {
  SourceRateLimitedError,
  type PageRequest,
  type TweetPage,
  type TweetSource,
} from "../ports/tweet-source.js";
import { classifyXError } from "./x-errors.js";
import { flattenXTweet, MalformedTweetError } from "./x-payload-check.js";
import { TWEET_QUERY_FIELDS, type FlattenedTweet, type XIncludes, type XTweet } from "../core/tweet.js";

interface XListBody {
  data?: XTweet[];
  includes?: XIncludes;
  meta?: { result_count?: number; newest_id?: string; oldest_id?: string; next_token?: string };
}

/** TweetSource over twitter-api-v2 (against X or, through its base-URL plugin, the simulator). */
export class XApiTweetSource implements TweetSource {
  constructor(
    private readonly client: TwitterApi,
    /** Numeric id of the account whose mentions we read. */
    private readonly userId: string,
    private readonly ourAccounts: readonly string[],
    /** Told of each tweet skipped because X sent it malformed (the page goes on without it). */
    private readonly onMalformed: (err: MalformedTweetError) => void = () => undefined,
  ) {}

  mentions(req: PageRequest): Promise<TweetPage> {
    return this.page(`users/${this.userId}/mentions`, req, {});
  }

  search(query: string, req: PageRequest): Promise<TweetPage> {
    return this.page("tweets/search/recent", req, { query });
  }

  private async page(path: string, req: PageRequest, extra: Record<string, string>): Promise<TweetPage> {
    const query: Record<string, string> = {
      ...extra,
      ...TWEET_QUERY_FIELDS,
      max_results: String(req.maxResults),
      ...(req.sinceId ? { since_id: req.sinceId } : {}),
      // Search calls the cursor `next_token`, the timelines `pagination_token`.
      ...(req.paginationToken
        ? { [extra["query"] ? "next_token" : "pagination_token"]: req.paginationToken }
        : {}),
    };
    let res;
    try {
      res = await this.client.v2.get<XListBody>(path, query, { fullResponse: true });
    } catch (err) {
      const failure = classifyXError(err);
      if (failure?.kind === "rate-limited") {
        // Without a reset header, wait one 15-minute window: X's limits are per 15 minutes.
        throw new SourceRateLimitedError(failure.resetAtMs ?? Date.now() + 15 * 60_000);
      }
      throw err;
    }
    const body = res.data;
    const raw: unknown[] = Array.isArray(body.data) ? body.data : [];
    const tweets: FlattenedTweet[] = [];
    for (const t of raw) {
      try {
        tweets.push(flattenXTweet(t, body.includes, this.ourAccounts));
      } catch (err) {
        if (!(err instanceof MalformedTweetError)) throw err;
        this.onMalformed(err);
      }
    }
    return {
      tweets,
      // X bills every post it returned, malformed ones included.
      read: raw.length,
      ...(body.meta?.next_token ? { nextToken: body.meta.next_token } : {}),
      ...(body.meta?.newest_id ? { newestId: body.meta.newest_id } : {}),
      ...(res.rateLimit
        ? {
            rateLimit: {
              limit: res.rateLimit.limit,
              remaining: res.rateLimit.remaining,
              resetAtMs: res.rateLimit.reset * 1000,
            },
          }
        : {}),
    };
  }
}

import type { TwitterApi } from "twitter-api-v2";
import { PublishError, type TweetPublisher } from "../ports/tweet-publisher.js";
import { classifyXError } from "./x-errors.js";

/** Our reading of a failed post, from the shared X error classifier. */
export function toPublishError(err: unknown): PublishError {
  const f = classifyXError(err);
  if (!f) return new PublishError("uncertain", err instanceof Error ? err.message : String(err));
  switch (f.kind) {
    case "rate-limited":
      return new PublishError("rate_limited", f.message, f.resetAtMs);
    case "retryable":
      return new PublishError("uncertain", f.message);
    case "refused":
      return new PublishError(
        f.reason === "duplicate" ? "duplicate" : "refused",
        f.message,
        undefined,
        f.reason,
      );
  }
}

interface PostBody {
  data: { id: string; text: string };
}
interface SearchBody {
  data?: { id: string; text: string }[];
}

export class XApiTweetPublisher implements TweetPublisher {
  constructor(
    private readonly client: TwitterApi,
    /** Username of the account we post as (without @). */
    private readonly username: string,
  ) {}

  async reply(inReplyToTweetId: string, text: string): Promise<{ id: string }> {
    try {
      const body = await this.client.v2.post<PostBody>("tweets", {
        text,
        reply: { in_reply_to_tweet_id: inReplyToTweetId },
      });
      return { id: body.data.id };
    } catch (err) {
      throw toPublishError(err);
    }
  }

  async findOurReply(inReplyToTweetId: string, marker: string): Promise<string | null> {
    const body = await this.client.v2.get<SearchBody>("tweets/search/recent", {
      query: `in_reply_to_tweet_id:${inReplyToTweetId} from:${this.username}`,
      max_results: "10",
    });
    return body.data?.find((t) => t.text.includes(marker))?.id ?? null;
  }
}

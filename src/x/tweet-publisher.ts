import type { TwitterApi } from "twitter-api-v2";

/** Where replies to citizens go. */
export interface TweetPublisher {
  reply(inReplyToTweetId: string, text: string): Promise<{ id: string }>;
  /**
   * Our reply to `inReplyToTweetId` whose text contains `marker`, if one was already posted: after a
   * crash between posting and recording, the retry looks before posting again.
   */
  findOurReply(inReplyToTweetId: string, marker: string): Promise<string | null>;
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
    const body = await this.client.v2.post<PostBody>("tweets", {
      text,
      reply: { in_reply_to_tweet_id: inReplyToTweetId },
    });
    return { id: body.data.id };
  }

  async findOurReply(inReplyToTweetId: string, marker: string): Promise<string | null> {
    const body = await this.client.v2.get<SearchBody>("tweets/search/recent", {
      query: `in_reply_to_tweet_id:${inReplyToTweetId} from:${this.username}`,
      max_results: "10",
    });
    return body.data?.find((t) => t.text.includes(marker))?.id ?? null;
  }
}

import { AduanError, PermanentError } from "../errors.js";

/** Why X refused for good: retrying the same request cannot help. */
export type XRefusalReason =
  | "unauthorized"
  | "unsupported-auth"
  | "duplicate"
  | "reply-not-allowed"
  | "too-long"
  | "not-found"
  | "invalid"
  | "forbidden";

/** Where replies to citizens go. */
export interface TweetPublisher {
  reply(inReplyToTweetId: string, text: string): Promise<{ id: string }>;
  /**
   * Our reply to `inReplyToTweetId` whose text contains `marker`, if one was already posted: after a
   * crash between posting and recording, the retry looks before posting again.
   */
  findOurReply(inReplyToTweetId: string, marker: string): Promise<string | null>;
}

/**
 * Why a reply was not posted, in the terms the reply stage decides on:
 * - `rate_limited`: certainly not posted; try after `resetAtMs`;
 * - `refused`: certainly not posted and never will be (not allowed to reply, text refused);
 * - `duplicate`: X refused identical text, so an earlier attempt did post it;
 * - `uncertain`: a 5xx, a timeout or a dropped connection: it may or may not have been posted.
 */
export class PublishError extends AduanError {
  readonly code: string;
  readonly who = "x";
  constructor(
    readonly kind: "rate_limited" | "refused" | "duplicate" | "uncertain",
    message: string,
    readonly resetAtMs?: number,
    /** For `refused`: X's reason, as the classifier read it. */
    readonly reason?: XRefusalReason,
  ) {
    super(message);
    this.name = "PublishError";
    this.code = `X_PUBLISH_${kind.toUpperCase()}`;
  }
}

/** X refused a reply for good (`reason`): the reply job fails at once and the reply is parked. */
export class ReplyRefusedError extends PermanentError {
  constructor(
    readonly reason: XRefusalReason | undefined,
    message: string,
  ) {
    super("x", `X_REPLY_REFUSED${reason ? `_${reason.toUpperCase().replace(/-/g, "_")}` : ""}`, message);
    this.name = "ReplyRefusedError";
  }
}

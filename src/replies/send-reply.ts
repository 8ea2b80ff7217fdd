import type { Ticket } from "../core/ticket.js";
import type { TicketStore } from "../ports/ticket-store.js";
import { PublishError, ReplyRefusedError, type TweetPublisher } from "../ports/tweet-publisher.js";
import type { PipelineSettings } from "../core/settings.js";
import type { ReplyKind } from "../core/ticket.js";
import type { ReplyJob } from "../ports/effects.js";
import { mayReply } from "../core/routing.js";
import { RetryLaterError } from "../errors.js";
import { replyEffectKey } from "../redis/keys.js";

export interface SendReplyDeps {
  store: TicketStore;
  publisher: TweetPublisher;
  settings: PipelineSettings;
  /** The reply's text (≤ 280 weighted characters; it carries the ticket id, which recovery searches for). */
  render(ticket: Ticket, kind: ReplyKind): string;
  countPost(): Promise<void>;
  now(): number;
  /**
   * How long a claim on a reply is held before another attempt may take it over. An attempt that
   * ended in doubt (5xx, timeout) leaves its claim to run out, and the next one looks for our
   * reply on X before posting again.
   */
  leaseMs?: number;
}

export type ReplyOutcome =
  | { status: "posted" | "found"; tweetId: string }
  | { status: "already_done" | "not_allowed" | "refused" | "missing" };

/** Someone else holds the claim right now (or an attempt ended in doubt): retry later. */
export class ReplyBusyError extends RetryLaterError {
  constructor(message: string) {
    super("x", "REPLY_BUSY", message, 5_000);
    this.name = "ReplyBusyError";
  }
}

/**
 * Posts one reply tweet exactly once as seen from X: claimed in Redis before posting, confirmed
 * after; a retry that inherits a claim looks for the reply before posting again, and X's
 * duplicate-text refusal is taken as proof an earlier attempt got through.
 */
export async function sendReply(deps: SendReplyDeps, job: ReplyJob): Promise<ReplyOutcome> {
  const ticket = await deps.store.get(job.ticketId);
  if (!ticket) return { status: "missing" };
  // A Telegram report is answered in its chat (citizens/send-notice.ts), never on X.
  if (ticket.channel === "telegram") return { status: "not_allowed" };
  if (!mayReply(ticket.tweet, deps.settings)) return { status: "not_allowed" };

  const key = replyEffectKey(ticket.id, job.kind, job.round);
  const claim = await deps.store.claimEffect(key, deps.leaseMs ?? 60_000);
  if (claim === "done") return { status: "already_done" };
  if (claim === "in_progress") throw new ReplyBusyError(`${key} is held by another attempt`);

  const record = async (tweetId: string, status: "posted" | "found"): Promise<ReplyOutcome> => {
    await deps.store.completeEffect(key, tweetId);
    await deps.store.recordReply(ticket.id, job.kind, tweetId, new Date(deps.now()).toISOString());
    return { status, tweetId };
  };

  if (claim === "reclaimed") {
    const found = await deps.publisher.findOurReply(ticket.tweet.id, ticket.id);
    if (found) return record(found, "found");
  }

  try {
    const posted = await deps.publisher.reply(ticket.tweet.id, deps.render(ticket, job.kind));
    await deps.countPost();
    return await record(posted.id, "posted");
  } catch (err) {
    if (!(err instanceof PublishError)) throw err;
    switch (err.kind) {
      case "rate_limited":
        await deps.store.releaseEffect(key);
        throw err;
      case "duplicate": {
        const found = await deps.publisher.findOurReply(ticket.tweet.id, ticket.id);
        if (found) return record(found, "found");
        await deps.store.completeEffect(key, "duplicate");
        return { status: "refused" };
      }
      case "refused":
        // Certainly not posted, and the same request would be refused again: the claim is given
        // back (a re-drive after the cause cleared may post) and the job fails for good, parked.
        await deps.store.releaseEffect(key);
        throw new ReplyRefusedError(err.reason, err.message);
      case "uncertain":
        throw err;
    }
  }
}

import { cardRound } from "../core/routing.js";
import { isTransitionRefused } from "../core/lifecycle.js";
import type { Ticket, TicketEvent } from "../core/ticket.js";
import type { TicketStore } from "../ports/ticket-store.js";
import { decideFeedback, type FeedbackTweet } from "../core/citizen-feedback.js";
import type { FeedbackLexicon } from "../config/feedback-lexicon.js";

export interface ReceiveFeedbackDeps {
  store: Pick<TicketStore, "getByReplyTweetId" | "get" | "transition" | "appendEvent">;
  /** Post the ticket's card for this dispatch round (idempotent by round). */
  enqueueCard(ticketId: string, round: number): Promise<void>;
  /** `feedback.window_days`: how long after our "resolved" reply an answer still counts. */
  windowDays: number;
  /** `config/feedback.yaml`. */
  lexicon: FeedbackLexicon;
  now(): number;
}

/** What happened to a citizen's answer to one of our replies. */
export type FeedbackRoute = { kind: "feedback"; outcome: "reopened" | "thanks" | "not_fixed" };

/**
 * A citizen's answer to one of our "resolved" replies is feedback on that ticket, not a new one:
 * "not fixed" reopens the ticket (a new card round in the agency's group, the reason in the
 * history, a reopen in the reports); thanks are recorded as satisfaction. Returns null when the
 * tweet is not such feedback: it then goes through triage like any other.
 *
 * Every answer leaves one `feedback` event (`from` = the citizen's tweet id, `to` = `thanks` or
 * `not_fixed`, `note` = their words), written after the reopen: on a retry that event says the
 * tweet was handled, and the card is enqueued again under its fixed round (a no-op if sent).
 */
export async function receiveFeedback(
  deps: ReceiveFeedbackDeps,
  tweet: FeedbackTweet,
): Promise<{ ticket: Ticket; route: FeedbackRoute } | null> {
  if (!tweet.in_reply_to_tweet_id) return null;
  const found = await deps.store.getByReplyTweetId(tweet.in_reply_to_tweet_id);
  if (!found) return null;
  const handled = found.history.find((e) => e.type === "feedback" && e.from === tweet.id);
  if (handled) return afterRetry(deps, found, handled);

  const decision = decideFeedback(found, tweet, deps.windowDays, deps.lexicon);
  if (decision.action === "triage") return null;
  // Only the citizen who reported it reopens a ticket; anyone else's "belum" is recorded on it.
  const reporter = tweet.author_id === found.tweet.author_id;
  const at = new Date(deps.now()).toISOString();
  const actor = `x:${tweet.author_id}`;
  let ticket = found;
  let outcome: FeedbackRoute["outcome"];
  let note: string;
  if (decision.action === "reopen" && !reporter) {
    note = decision.reason;
    outcome = "not_fixed";
  } else if (decision.action === "reopen") {
    note = decision.reason;
    try {
      ticket = (await deps.store.transition(found.id, { type: "reopen", reason: note }, at, actor)).ticket;
      outcome = "reopened";
    } catch (err) {
      // Staff or another answer got there first: the citizen's words are still recorded.
      if (!isTransitionRefused(err) || !err.ticket) throw err;
      ticket = err.ticket;
      outcome = "not_fixed";
    }
  } else {
    note = decision.note;
    outcome = decision.kind;
  }
  const event: TicketEvent = {
    at,
    type: "feedback",
    actor,
    from: tweet.id,
    to: decision.action === "reopen" ? "not_fixed" : decision.kind,
    ...(note ? { note } : {}),
  };
  ticket = await deps.store.appendEvent(ticket.id, event);
  if (outcome === "reopened") await deps.enqueueCard(ticket.id, cardRound(ticket.history));
  return { ticket, route: { kind: "feedback", outcome } };
}

/** The tweet was handled before (a retried job): make sure a reopen's card is on its way. */
async function afterRetry(
  deps: ReceiveFeedbackDeps,
  ticket: Ticket,
  handled: TicketEvent,
): Promise<{ ticket: Ticket; route: FeedbackRoute }> {
  const i = ticket.history.indexOf(handled);
  const before = ticket.history[i - 1];
  const reopened = before?.type === "reopened" && before.actor === handled.actor;
  if (reopened) await deps.enqueueCard(ticket.id, cardRound(ticket.history.slice(0, i)));
  const outcome = reopened ? "reopened" : handled.to === "thanks" ? "thanks" : "not_fixed";
  return { ticket, route: { kind: "feedback", outcome } };
}

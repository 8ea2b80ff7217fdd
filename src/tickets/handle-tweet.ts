import type { FeedbackLexicon } from "../config/feedback-lexicon.js";
import {
  isTransitionRefused,
  OPEN_STATUSES,
  type TicketAction,
  type TicketOrigin,
} from "../core/lifecycle.js";
import type { Ticket, TweetRef } from "../core/ticket.js";
import type { TicketStore } from "../ports/ticket-store.js";
import type { TriageVerdict, TweetInput } from "../triage/types.js";
import type { FlattenedTweet } from "../core/tweet.js";
import type { PipelineSettings } from "../core/settings.js";
import type { ReplyKind } from "../core/ticket.js";
import { DUPLICATE_WINDOW_HOURS, findDuplicate, placeKey } from "../core/find-duplicate.js";
import type { IncidentIndex } from "../ports/incident-index.js";
import { cardRound, mayReply, routeVerdict, type Route } from "../core/routing.js";
import { receiveFeedback, type FeedbackRoute } from "./receive-feedback.js";

export interface HandleTweetDeps {
  triage(input: TweetInput): TriageVerdict;
  store: TicketStore;
  /** Where recent incidents are found by agency and place (duplicate detection). */
  incidents: IncidentIndex;
  settings: PipelineSettings;
  enqueueCard(ticketId: string, round: number): Promise<void>;
  enqueueReply(ticketId: string, kind: ReplyKind, round: number): Promise<void>;
  /** Refresh a ticket's card to its current state. */
  enqueueSync(ticketId: string): Promise<void>;
  now(): number;
  /** `feedback.window_days` (its default is in the app.yaml schema): how long after our "resolved" reply a citizen's answer reopens. */
  feedbackWindowDays: number;
  /** `config/feedback.yaml`: the words of a citizen's answer. */
  feedbackLexicon: FeedbackLexicon;
}

/** A complaint repeats an open one when it comes within this many hours (and matches place and topic). */

export interface HandledTweet {
  ticket: Ticket;
  route: Route | FeedbackRoute;
  created: boolean;
}

/**
 * One tweet becomes one ticket, routed: carded (agency, triage or moderation group), redirected
 * (PLN, police) or kept as not-a-complaint. Safe to run again after a crash at any line: the ticket
 * is found by tweet id, a transition someone already made is not made twice, and follow-up jobs
 * are added under fixed ids, so a second run adds nothing new.
 */
export async function handleTweet(
  deps: HandleTweetDeps,
  tweet: FlattenedTweet,
  /** A Telegram report in the tweet's shape: its channel and citizen go on the ticket. */
  origin?: TicketOrigin,
): Promise<HandledTweet> {
  const { settings, store } = deps;
  // An answer to one of our "resolved" replies is feedback on that ticket, not a new complaint.
  const feedback = await receiveFeedback(
    {
      store,
      enqueueCard: deps.enqueueCard,
      windowDays: deps.feedbackWindowDays,
      lexicon: deps.feedbackLexicon,
      now: deps.now,
    },
    tweet,
  );
  if (feedback) return { ...feedback, created: false };
  const at = new Date(deps.now()).toISOString();
  const verdict = deps.triage(toTriageInput(tweet));
  const { ticket: stored, created } = await store.createFromTweet(toTweetRef(tweet), verdict, at, origin);
  // Route with the verdict the ticket was created with, so a retry after a config reload agrees with the first run.
  const route = routeVerdict(stored.triage, settings);

  let ticket = stored;
  // The same problem at the same place, already open: one incident, not another card.
  const place = placeKey(ticket.triage);
  const duplicate =
    ticket.status === "new" && route.kind === "dispatch" && route.group === "agency" && place
      ? findDuplicate(ticket.triage, ticket.received_at, await recentAt(deps, route.agency, place, ticket), {
          windowHours: DUPLICATE_WINDOW_HOURS,
        })
      : null;
  // A ticket for the triage or moderation group stays `new` until someone routes it by hand.
  const action: TicketAction | null = duplicate
    ? { type: "merge", into: duplicate.original.id }
    : actionFor(route);
  // Indexed before the ticket shows as dispatched, so a report handled the moment it does finds
  // this incident (the index only names candidates: each is read back and must still be open).
  if (
    route.kind === "dispatch" &&
    route.group === "agency" &&
    place &&
    !duplicate &&
    ticket.status !== "merged"
  ) {
    await deps.incidents.add(route.agency, place, ticket.id, Date.parse(ticket.received_at));
  }
  if (ticket.status === "new" && action) {
    try {
      ticket = (await store.transition(ticket.id, action, at, "system")).ticket;
    } catch (err) {
      if (!isTransitionRefused(err) || !err.ticket) throw err;
      ticket = err.ticket; // another worker routed it first
    }
  }

  if (ticket.status === "merged") {
    const into = ticket.history.findLast((e) => e.type === "merged")?.to;
    if (into) {
      await store.addReporter(into, ticket.id);
      await deps.enqueueSync(into);
    }
    if (settings.replies.on_dispatch && mayReply(ticket.tweet, settings)) {
      await deps.enqueueReply(ticket.id, "duplicate", 1);
    }
    return { ticket, route, created };
  }
  if (route.kind === "dispatch") {
    const round = cardRound(ticket.history);
    // Only the first card is this job's to send; later rounds belong to the staff action that caused them.
    if (round <= 1 && !ticket.telegram) await deps.enqueueCard(ticket.id, round);
    if (route.group !== "moderation" && settings.replies.on_dispatch && mayReply(ticket.tweet, settings)) {
      await deps.enqueueReply(ticket.id, "received", 1);
    }
  }
  if (route.kind === "redirect" && settings.replies.on_redirect && mayReply(ticket.tweet, settings)) {
    await deps.enqueueReply(ticket.id, "redirect", 1);
  }
  // Praise is no report: no card, no "Laporan Anda kami terima", only a thank-you when configured.
  if (
    route.kind === "not_complaint" &&
    ticket.triage.not_report === "praise" &&
    settings.replies.on_praise === true &&
    mayReply(ticket.tweet, settings)
  ) {
    await deps.enqueueReply(ticket.id, "thanks", 1);
  }
  return { ticket, route, created };
}

/** Open tickets of `agency` at `place` from the last three days, other than `self`. */
async function recentAt(
  deps: HandleTweetDeps,
  agency: string,
  place: string,
  self: Ticket,
): Promise<Ticket[]> {
  const since = Date.parse(self.received_at) - DUPLICATE_WINDOW_HOURS * 3_600_000;
  const ids = (await deps.incidents.candidates(agency, place, since)).filter((id) => id !== self.id);
  const tickets = await Promise.all(ids.map((id) => deps.store.get(id)));
  return tickets.filter((t): t is Ticket => t !== null && OPEN_STATUSES.includes(t.status));
}

function actionFor(route: Route): TicketAction | null {
  switch (route.kind) {
    case "not_complaint":
      return { type: "mark_not_complaint" };
    case "redirect":
      return { type: "redirect", external: route.external };
    case "dispatch":
      return route.group === "agency" ? { type: "dispatch", agency: route.agency } : null;
  }
}

export function toTriageInput(t: FlattenedTweet): TweetInput {
  return {
    id: t.id,
    text: t.text,
    created_at: t.created_at,
    ...(t.lang ? { lang: t.lang } : {}),
    ...(t.coordinates ? { coordinates: t.coordinates } : {}),
    ...(t.place_name ? { place_name: t.place_name } : {}),
    ...(t.user_location ? { user_location: t.user_location } : {}),
    mentions_us: t.mentions_us,
    is_retweet: t.is_retweet,
    author_username: t.author_username,
  };
}

function toTweetRef(t: FlattenedTweet): TweetRef {
  const { is_retweet: _r, lang: _l, in_reply_to_tweet_id: _i, has_media: _m, ...ref } = t;
  return ref;
}

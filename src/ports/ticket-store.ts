import { AduanError } from "../errors.js";
import type { TriageVerdict } from "../triage/types.js";
import {
  applyTransition,
  TransitionRefusedError,
  type TicketAction,
  type TransitionResult,
} from "../core/lifecycle.js";
import type { Ticket, TicketEvent, TicketStatus, TweetRef } from "../core/ticket.js";
import type { TicketOrigin } from "../core/lifecycle.js";

/**
 * The ticket store port: tickets, their indices and the once-only effect ledger. Implemented by
 * `redis/ticket-store.ts` (production) and by its in-memory twin `memory-ticket-store.ts` beside
 * this file; the helpers at the end are shared by both so they cannot drift.
 */

/** Preconditions a staff action carries from the card it was pressed on. */
export interface TransitionExpectation {
  /**
   * The agency whose card was pressed. If the ticket has since moved to another agency the action
   * is refused with code `moved`, even when its status would allow it.
   */
  agency?: string | null;
}

/**
 * `claimed`: go ahead; `reclaimed`: go ahead, but an earlier claim ran out without completing
 * (that attempt may have half-happened: check the outside world first); `done`: it happened;
 * `in_progress`: someone else holds it.
 */
export type EffectClaim = "claimed" | "reclaimed" | "done" | "in_progress";

export interface EffectRecord {
  /** `released`: given back by its claimer, or its lease ran out; the next claim takes it. */
  state: "in_progress" | "done" | "released";
  /**
   * How many times it was claimed, less the claims given back (`releaseEffect`). More than one
   * means an earlier attempt may have half-happened.
   */
  attempts: number;
  result?: string;
}

export interface ListOptions {
  agency?: string;
  /** At most this many, oldest first. Default 100. */
  limit?: number;
}

export interface TicketStore {
  /**
   * The ticket of this tweet, created in status `new` if there is none yet. The same tweet twice
   * (two sources, a retried job) gives the same ticket and `created: false`.
   */
  createFromTweet(
    tweet: TweetRef,
    verdict: TriageVerdict,
    at: string,
    /** A report from another channel than X (Telegram): its channel and citizen, kept on the ticket. */
    origin?: TicketOrigin,
  ): Promise<{ ticket: Ticket; created: boolean }>;
  get(id: string): Promise<Ticket | null>;
  getByTweetId(tweetId: string): Promise<Ticket | null>;
  /**
   * Applies a lifecycle action atomically. Throws `TransitionRefusedError` (code `not_found`,
   * `status`, `moved`, `same_agency` or `bad_argument`) carrying the current ticket.
   */
  transition(
    id: string,
    action: TicketAction,
    at: string,
    actor: string,
    expect?: TransitionExpectation,
  ): Promise<TransitionResult>;
  /** Records the ticket's live card; `standsInFor`: a triage-group card in place of that agency's group. */
  setTelegramMessage(id: string, chatId: number, messageId: number, standsInFor?: string): Promise<Ticket>;
  /** Notes that `reporterTicketId` was merged into this ticket (idempotent). */
  addReporter(id: string, reporterTicketId: string): Promise<Ticket>;
  /** Notes that `reporterTicketId` no longer belongs to this ticket's incident (un-merged; idempotent). */
  removeReporter(id: string, reporterTicketId: string): Promise<Ticket>;
  /**
   * Records a reply tweet of `kind` and appends a `replied` event (to = kind, note = tweet id).
   * Also remembers which ticket the reply tweet belongs to, so a citizen's answer to it is found.
   */
  recordReply(id: string, kind: string, tweetId: string, at: string): Promise<Ticket>;
  /** The ticket one of our reply tweets belongs to (see `recordReply`), or null. */
  getByReplyTweetId(tweetId: string): Promise<Ticket | null>;
  /**
   * Removes the citizen's personal data from the ticket (`/hapus`): their Telegram id, name, phone
   * and photos go, `citizen.erased_at` stays as the tombstone; the report's text and history stay.
   * Idempotent.
   */
  eraseCitizen(id: string, at: string): Promise<Ticket>;
  /** Appends an event that changes nothing else about the ticket (a citizen's `feedback`). */
  appendEvent(id: string, event: TicketEvent): Promise<Ticket>;
  /** Tickets in `new`, `dispatched` or `claimed` (or `statuses`), oldest first. */
  listOpen(options?: ListOptions & { statuses?: readonly TicketStatus[] }): Promise<Ticket[]>;
  listByStatus(status: TicketStatus, options?: ListOptions): Promise<Ticket[]>;
  countByStatus(status: TicketStatus, agency?: string): Promise<number>;
  /** How many tickets each status holds per agency (`_`: none yet), from the indices in one round trip. */
  countByStatusAndAgency(agencies: readonly string[]): Promise<StatusCount[]>;
  /** Tickets received in [from, to) (ISO instants), oldest first. */
  listReceivedBetween(from: string, to: string, options?: { limit?: number }): Promise<Ticket[]>;
  /**
   * Claims a side effect that must happen once (a reply tweet, a card). `claimed`: go ahead, then
   * `completeEffect`; `done`: it already happened; `in_progress`: someone else holds it. A claim
   * not completed within `leaseMs` (the worker died) can be claimed again, as `reclaimed`: check
   * the outside world before repeating the effect.
   */
  claimEffect(key: string, leaseMs: number): Promise<EffectClaim>;
  /** `expireAfterSeconds`: forget the record after that long (see the retention in `redis/keys.ts`); kept by default. */
  completeEffect(key: string, result: string, expireAfterSeconds?: number): Promise<void>;
  /** Gives a claim back without doing the effect (it failed for sure), so a retry may claim it. */
  releaseEffect(key: string): Promise<void>;
  getEffect(key: string): Promise<EffectRecord | null>;
}

/** Thrown by non-lifecycle updates (`setTelegramMessage`, `recordReply`) of a ticket that does not exist. */
export class TicketNotFoundError extends AduanError {
  override readonly name = "TicketNotFoundError";
  readonly code = "TICKET_NOT_FOUND";
  readonly who = "input";
  constructor(readonly ticketId: string) {
    super(`${ticketId}: no such ticket`);
  }
}

export const DEFAULT_LIMIT = 100;

/** Every status a ticket can have (a status added to `TicketStatus` and missing here fails the build). */
export const ALL_STATUSES = Object.keys({
  new: true,
  dispatched: true,
  claimed: true,
  resolved: true,
  rejected: true,
  merged: true,
  redirected: true,
  not_complaint: true,
} satisfies Record<TicketStatus, true>) as TicketStatus[];

export interface StatusCount {
  status: TicketStatus;
  /** Agency id, or `_` for tickets without one. */
  agency: string;
  count: number;
}
/** `applyTransition` plus the card's precondition: a button from a card the ticket has left is refused. */
export function checkedTransition(
  current: Ticket,
  action: TicketAction,
  at: string,
  actor: string,
  expect?: TransitionExpectation,
): TransitionResult {
  if (expect?.agency !== undefined && expect.agency !== current.agency) {
    throw new TransitionRefusedError(
      "moved",
      action.type,
      current.status,
      current,
      `${current.id}: now with ${current.agency ?? "no agency"}, not ${expect.agency ?? "no agency"}`,
    );
  }
  return applyTransition(current, action, at, actor);
}

/** The ticket with `reporterTicketId` among those that reported the same incident. */
export function withReporter(ticket: Ticket, reporterTicketId: string): Ticket {
  const known = ticket.also_reported_by ?? [];
  return known.includes(reporterTicketId)
    ? ticket
    : { ...ticket, also_reported_by: [...known, reporterTicketId] };
}

/** The ticket without `reporterTicketId` among its incident's reporters. */
export function withoutReporter(ticket: Ticket, reporterTicketId: string): Ticket {
  const known = ticket.also_reported_by ?? [];
  if (!known.includes(reporterTicketId)) return ticket;
  const rest = known.filter((r) => r !== reporterTicketId);
  const next: Ticket = { ...ticket, also_reported_by: rest };
  if (rest.length === 0) delete next.also_reported_by;
  return next;
}

/** The ticket with its live card at `chatId`/`messageId` (see `Ticket.telegram`). */
export function withCard(ticket: Ticket, chatId: number, messageId: number, standsInFor?: string): Ticket {
  return {
    ...ticket,
    telegram: {
      chat_id: chatId,
      message_id: messageId,
      ...(standsInFor !== undefined ? { stands_in_for: standsInFor } : {}),
    },
  };
}

export function withReply(
  ticket: Ticket,
  kind: string,
  tweetId: string,
  at: string,
): { ticket: Ticket; event: TicketEvent } {
  const event: TicketEvent = { at, type: "replied", actor: "system", to: kind, note: tweetId };
  return {
    ticket: {
      ...ticket,
      replies: { ...ticket.replies, [kind]: tweetId },
      history: [...ticket.history, event],
    },
    event,
  };
}

/**
 * The ticket without the citizen's personal data: the Telegram ids, first name, phone, photos and
 * pin go (the pin's kecamatan stays in the triage verdict), and the copy of the report forgets who
 * wrote it. Unchanged for an X ticket or one already erased.
 */
export function withCitizenErased(ticket: Ticket, at: string): Ticket {
  if (ticket.channel !== "telegram" || ticket.citizen?.erased_at) return ticket;
  const { author_name: _n, coordinates: _c, ...tweet } = ticket.tweet;
  return {
    ...ticket,
    tweet: { ...tweet, author_id: "erased", author_username: "erased" },
    citizen: { erased_at: at },
  };
}

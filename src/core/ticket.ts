import type { ReportKind, TriageVerdict } from "../triage/types.js";

/**
 * Where a ticket stands. `new → dispatched → claimed → resolved` is the main line; `rejected`,
 * `merged` (duplicate of an open incident), `redirected` (out of jurisdiction, e.g. PLN) and
 * `not_complaint` (kept for audit and backtests, never carded) are other ends. A resolved ticket
 * can be reopened (back to `dispatched`).
 */
export type TicketStatus =
  "new" | "dispatched" | "claimed" | "resolved" | "rejected" | "merged" | "redirected" | "not_complaint";

export type TicketEventType =
  | "created"
  | "dispatched"
  | "claimed"
  | "reassigned"
  | "resolved"
  | "rejected"
  | "merged"
  | "reopened"
  | "redirected"
  | "replied"
  | "feedback"
  /** A supervisor dismissed a parked effect that can never succeed (to = effect, note = cause code). */
  | "dismissed"
  /** Staff changed the report kind (Jenis): from = the kind before (`-`: none), to = the new kind. */
  | "kind_changed"
  /** Staff brought a `not_complaint` ticket back to the triage desk: from = `not_complaint`, to = `new`. */
  | "restored"
  /**
   * The citizen blocked the bot on Telegram (403): their status messages stop (to = the notice
   * that met the block). Their choice, so not parked; recorded once per ticket.
   */
  | "citizen_blocked";

/** One entry of the append-only history: the audit trail and the source of every report. */
export interface TicketEvent {
  /** ISO 8601 instant (UTC). */
  at: string;
  type: TicketEventType;
  /** `system`, or `tg:<user id>` for a Telegram user, or `x:<user id>` for a citizen. */
  actor: string;
  /** Previous value (status or agency, depending on the event). */
  from?: string;
  to?: string;
  note?: string;
  /** Display name of the staff member who acted (resolve, reject), as Telegram showed it then. */
  by?: string;
}

export interface TweetRef {
  id: string;
  author_id: string;
  author_username: string;
  author_name?: string;
  text: string;
  created_at: string;
  url: string;
  coordinates?: [number, number];
  place_name?: string;
  user_location?: string;
  /** The tweet mentions one of our accounts, so X lets us reply to it. */
  mentions_us: boolean;
}

/** How a report reached Aduan. Tickets stored before Telegram intake have none: they came from X. */
export type Channel = "x" | "telegram";

/**
 * The citizen behind a Telegram report, and only what they gave: their user id (their private
 * chat with the bot has the same id), first name, a phone number only when they shared it with
 * the contact button, the photos' Telegram `file_id`s (never downloaded) and the pin they sent.
 * `/hapus` empties it and leaves `erased_at` as the tombstone; the ticket itself stays.
 */
export interface CitizenContact {
  user_id?: number;
  chat_id?: number;
  first_name?: string;
  phone?: string;
  photos?: string[];
  /** [lon, lat] of a location pin the citizen sent. */
  pin?: [number, number];
  /** The citizen had their personal data removed at this instant (ISO). */
  erased_at?: string;
  /**
   * `citizen`: they wrote to the citizen-facing bot (`TELEGRAM_CITIZEN_BOT_TOKEN`), so their chat,
   * their status messages and their photos' `file_id`s belong to that bot. Absent: the one bot.
   */
  bot?: "citizen";
}

export interface Ticket {
  /** `ADU-000123`. */
  id: string;
  /**
   * The report itself. A Telegram report is kept in the same shape (id `tg-<chat>-<first message>`,
   * no URL, `mentions_us: false` so no X reply is ever tried) so triage, duplicates and reports
   * read both channels alike; `channel` and `citizen` say where it really came from.
   */
  tweet: TweetRef;
  /** Absent: `x`. */
  channel?: Channel;
  citizen?: CitizenContact;
  triage: TriageVerdict;
  status: TicketStatus;
  /** Current owning agency id. */
  agency: string | null;
  urgency: "urgent" | "normal";
  /**
   * The report kind staff set (Jenis), when they changed triage's: it wins over `triage.kind`,
   * which keeps what triage said (the correction's other side). See `reportKindOf`.
   */
  kind?: ReportKind;
  assignee?: { id: number; name: string };
  /**
   * The ticket's live card. `stands_in_for`: the card sits in the triage group in place of that
   * agency's own group, which has no chat configured or refused the bot (it acts like the
   * agency's card there: the triage desk can claim, resolve or reassign it).
   */
  telegram?: { chat_id: number; message_id: number; stands_in_for?: string };
  /** Reply tweets posted, by kind (`received`, `resolved`, `redirect`, `duplicate`, `thanks`). */
  replies: Record<string, string>;
  resolution_note?: string;
  /** Later tickets that reported the same incident and were merged into this one. */
  also_reported_by?: string[];
  /** ISO instants of the milestones reports are built on. */
  received_at: string;
  dispatched_at?: string;
  first_response_at?: string;
  resolved_at?: string;
  history: TicketEvent[];
}

/** The reply tweets a ticket can get, one of each per round. */
export type ReplyKind = "received" | "resolved" | "redirect" | "duplicate" | "thanks";

/**
 * The ticket's report kind now: the one staff set, else triage's (null for tickets stored before
 * report kinds existed). The card, the SLA targets and the reply templates all read it here.
 */
export function reportKindOf(ticket: {
  kind?: ReportKind;
  triage?: { kind?: ReportKind | null };
}): ReportKind | null {
  return ticket.kind ?? ticket.triage?.kind ?? null;
}

/** The channel of a ticket; tickets from before Telegram intake are X's. */
export function channelOf(ticket: Pick<Ticket, "channel">): Channel {
  return ticket.channel ?? "x";
}

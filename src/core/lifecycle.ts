import type { ReportKind, TriageVerdict } from "../triage/types.js";
import { reportKindOf, type Ticket, type TicketEvent, type TicketStatus, type TweetRef } from "./ticket.js";
import { AduanError } from "../errors.js";
import { TICKET_ID } from "./ticket-id.js";

/**
 * The ticket state machine, as plain data and one pure function. Every change of a ticket's
 * status or owner goes through `applyTransition`, so the rules live in one place and the store
 * only has to make the read-check-write atomic.
 *
 * ```
 * new ──dispatch──▶ dispatched ──claim──▶ claimed ──resolve──▶ resolved ──reopen──▶ dispatched
 *  │                 │  ▲  reassign         │  reassign (back to dispatched, new agency, no assignee)
 *  │                 └──┴──────────────────┘
 *  ├─redirect──▶ redirected        new|dispatched|claimed ──reject──▶ rejected
 *  └─mark_not_complaint──▶ not_complaint   new|dispatched|claimed ──merge──▶ merged
 *  ▲                          │
 *  └──────restore_report──────┘  (staff: triage's "not a report" was wrong; back to the desk)
 * ```
 *
 * Event shapes (`from`/`to` mean different things per event, as the Ticket type allows):
 * - `dispatched`: from = previous status, to = agency id the card went to
 * - `claimed`: from = previous status, to = `claimed`, note = assignee name
 * - `reassigned`: from = old agency, to = new agency, note = optional staff note
 * - `resolved`: from = previous status, to = `resolved`, note = resolution note
 * - `rejected`: from = previous status, to = `rejected` (or `not_complaint` for
 *   mark_not_complaint), note = reason (`duplikat ADU-000012` for a duplicate)
 * - `merged`: from = previous status, to = the ticket it was merged into
 * - `dispatched` from `merged` (un-merge): the report stands on its own again, note = why
 * - `reopened`: from = `resolved`, to = `dispatched`, note = reason
 * - `redirected`: from = previous status, to = the external agency id (`pln`, `polisi`)
 * - `restored`: from = `not_complaint`, to = `new`; the actor is the staff member who brought the
 *   report back (`/jadikanaduan`); the ticket then waits at the triage desk like a desk verdict
 * - `kind_changed`: from = the report kind before (`-` when it had none), to = the new kind; the
 *   status stays as it was
 */

/** Why a ticket was rejected. `kasar` (abusive) is chosen from the moderation card. */
export type RejectReason = "bukan_aduan" | "spam" | "duplikat" | "kasar";
export const REJECT_REASONS: readonly RejectReason[] = ["bukan_aduan", "spam", "duplikat", "kasar"];

export type TicketAction =
  /** Send the card out. `agency` overrides the ticket's agency (manual routing from the triage group). */
  | { type: "dispatch"; agency?: string }
  | { type: "claim"; assignee: { id: number; name: string } }
  | { type: "reassign"; agency: string; note?: string }
  /** `by`: the staff member's display name, kept on the event so the card can say who closed it. */
  | { type: "resolve"; note?: string; by?: string }
  | { type: "reject"; reason: RejectReason; duplicateOf?: string; by?: string }
  | { type: "merge"; into: string }
  /**
   * A merged report becomes a ticket of its own again (the ticket it was merged into was rejected
   * or un-merged): dispatched to `agency` (default its own), like a first dispatch.
   */
  | { type: "unmerge"; agency?: string; note?: string }
  | { type: "reopen"; reason: string }
  | { type: "redirect"; external: string }
  | { type: "mark_not_complaint" }
  /**
   * Staff say a tweet triage kept as "not a report" is one: back to `new`, to be routed by hand
   * from the triage desk. Triage's verdict stays as it was (the later routing is the correction).
   */
  | { type: "restore_report" }
  /** Jenis: staff set the report kind (an open ticket keeps its status; SLA targets follow the kind). */
  | { type: "set_kind"; kind: ReportKind };

export type TicketActionType = TicketAction["type"];

/** From which statuses each action is allowed, and where it leads (`same`: the status stays). */
export const TRANSITIONS: Readonly<
  Record<TicketActionType, { from: readonly TicketStatus[]; to: TicketStatus | "same" }>
> = {
  dispatch: { from: ["new"], to: "dispatched" },
  claim: { from: ["dispatched"], to: "claimed" },
  reassign: { from: ["dispatched", "claimed"], to: "dispatched" },
  resolve: { from: ["dispatched", "claimed"], to: "resolved" },
  reject: { from: ["new", "dispatched", "claimed"], to: "rejected" },
  merge: { from: ["new", "dispatched", "claimed"], to: "merged" },
  unmerge: { from: ["merged"], to: "dispatched" },
  reopen: { from: ["resolved"], to: "dispatched" },
  redirect: { from: ["new"], to: "redirected" },
  mark_not_complaint: { from: ["new"], to: "not_complaint" },
  restore_report: { from: ["not_complaint"], to: "new" },
  set_kind: { from: ["new", "dispatched", "claimed"], to: "same" },
};

/** Statuses from which a ticket still needs work. */
export const OPEN_STATUSES: readonly TicketStatus[] = ["new", "dispatched", "claimed"];

export type TransitionRefusalCode =
  /** The action is not allowed from the ticket's current status (someone else was faster, or it is closed). */
  | "status"
  /** Reassigning to the agency that already owns the ticket. */
  | "same_agency"
  /** Setting the report kind the ticket already has. */
  | "same_kind"
  /** A required argument is missing or malformed (a duplicate without the original, merging into itself). */
  | "bad_argument"
  /** The button came from a card whose ticket has since moved to another agency. */
  | "moved"
  /** No ticket with that id (raised by stores, never by `applyTransition`). */
  | "not_found";

/**
 * A transition that may not happen. Carries the ticket as it is now, so the bot can answer the
 * presser with the current state ("sudah diambil oleh Sari").
 */
export class TransitionRefusedError extends AduanError {
  override readonly name = "TransitionRefusedError";
  readonly who = "input";
  constructor(
    readonly code: TransitionRefusalCode,
    readonly action: TicketActionType,
    /** The ticket's status when the action was refused (`null` when the ticket does not exist). */
    readonly status: TicketStatus | null,
    readonly ticket: Ticket | null,
    message: string,
  ) {
    super(message);
  }
}

export function isTransitionRefused(e: unknown): e is TransitionRefusedError {
  return e instanceof TransitionRefusedError;
}

/**
 * Triage's own "not a report" (`mark_not_complaint`: a `rejected` event to `not_complaint`): no
 * staff response, so clocks and reports must not count it as one, least of all on a ticket staff
 * later brought back (`restore_report`).
 */
export function isTriageKeep(e: Pick<TicketEvent, "type" | "to">): boolean {
  return e.type === "rejected" && e.to === "not_complaint";
}

export function canApply(status: TicketStatus, action: TicketActionType): boolean {
  return TRANSITIONS[action].from.includes(status);
}

/** The actions a ticket in `status` still offers (for keyboards and `/tiket`). */
export function allowedActions(status: TicketStatus): TicketActionType[] {
  return (Object.keys(TRANSITIONS) as TicketActionType[]).filter((a) => canApply(status, a));
}

export interface TransitionResult {
  ticket: Ticket;
  event: TicketEvent;
}

/**
 * Applies `action` to `ticket` at instant `at` (ISO 8601) on behalf of `actor` (`system`,
 * `tg:<id>`, `x:<id>`). Returns a new ticket (the input is not mutated) whose history ends with
 * the returned event. Throws `TransitionRefusedError` when the action is not allowed now.
 *
 * Milestones: `dispatched_at` is set on the first dispatch and kept across reassignments (the
 * clock for the citizen started then); `first_response_at` on the first claim, or on a resolve or
 * reject when nobody claimed first (either is a response); `resolved_at` on resolve, cleared by
 * reopen so reports measure the last resolution.
 */
export function applyTransition(
  ticket: Ticket,
  action: TicketAction,
  at: string,
  actor: string,
): TransitionResult {
  const from = ticket.status;
  const rule = TRANSITIONS[action.type];
  const refuse = (code: TransitionRefusalCode, message: string): never => {
    throw new TransitionRefusedError(code, action.type, from, ticket, `${ticket.id}: ${message}`);
  };
  if (!rule.from.includes(from)) {
    refuse("status", `cannot ${action.type} a ticket that is ${from}`);
  }

  const next: Ticket = { ...ticket, status: rule.to === "same" ? from : rule.to, history: ticket.history };
  const event: TicketEvent = { at, type: "created", actor, from };
  const firstResponse = (): void => {
    if (next.first_response_at === undefined) next.first_response_at = at;
  };

  switch (action.type) {
    case "dispatch": {
      const agency = action.agency ?? ticket.agency;
      if (!agency) refuse("bad_argument", "cannot dispatch without an agency");
      next.agency = agency;
      next.dispatched_at ??= at;
      Object.assign(event, { type: "dispatched", to: agency });
      break;
    }
    case "claim": {
      next.assignee = { id: action.assignee.id, name: action.assignee.name };
      firstResponse();
      Object.assign(event, { type: "claimed", to: "claimed", note: action.assignee.name });
      break;
    }
    case "reassign": {
      if (!action.agency) refuse("bad_argument", "reassign needs an agency");
      if (action.agency === ticket.agency) refuse("same_agency", `already with ${action.agency}`);
      next.agency = action.agency;
      // The old card stays recorded in `telegram` until the dispatcher edits it and posts the new one.
      delete next.assignee;
      next.dispatched_at ??= at;
      Object.assign(event, { type: "reassigned", to: action.agency });
      if (ticket.agency) event.from = ticket.agency;
      else delete event.from;
      if (action.note) event.note = action.note;
      break;
    }
    case "resolve": {
      firstResponse();
      next.resolved_at = at;
      if (action.note) next.resolution_note = action.note;
      else delete next.resolution_note;
      Object.assign(event, { type: "resolved", to: "resolved" });
      if (action.note) event.note = action.note;
      if (action.by) event.by = action.by;
      break;
    }
    case "reject": {
      let note: string = action.reason;
      if (action.reason === "duplikat") {
        if (!action.duplicateOf || !TICKET_ID.test(action.duplicateOf)) {
          refuse("bad_argument", "a duplicate needs the original ticket id");
        }
        if (action.duplicateOf === ticket.id) refuse("bad_argument", "a ticket cannot duplicate itself");
        note = `duplikat ${action.duplicateOf}`;
      }
      if (from !== "new") firstResponse();
      Object.assign(event, { type: "rejected", to: "rejected", note });
      if (action.by) event.by = action.by;
      break;
    }
    case "merge": {
      if (!TICKET_ID.test(action.into)) refuse("bad_argument", "merge needs the ticket id to merge into");
      if (action.into === ticket.id) refuse("bad_argument", "a ticket cannot be merged into itself");
      Object.assign(event, { type: "merged", to: action.into });
      break;
    }
    case "unmerge": {
      const agency = action.agency ?? ticket.agency;
      if (!agency) refuse("bad_argument", "cannot un-merge without an agency");
      next.agency = agency;
      next.dispatched_at ??= at;
      // A dispatch like any other (its card round, SLA clocks and reports count it), from `merged`.
      Object.assign(event, { type: "dispatched", to: agency });
      if (action.note) event.note = action.note;
      break;
    }
    case "reopen": {
      delete next.assignee;
      delete next.resolved_at;
      delete next.resolution_note;
      Object.assign(event, { type: "reopened", to: "dispatched", note: action.reason });
      break;
    }
    case "redirect": {
      if (!action.external) refuse("bad_argument", "redirect needs the external agency");
      next.agency = action.external;
      Object.assign(event, { type: "redirected", to: action.external });
      break;
    }
    case "mark_not_complaint": {
      // The event vocabulary has no separate type: not a complaint is a rejection by triage.
      Object.assign(event, { type: "rejected", to: "not_complaint", note: "bukan_aduan" });
      break;
    }
    case "restore_report": {
      Object.assign(event, { type: "restored", to: "new" });
      break;
    }
    case "set_kind": {
      const before = reportKindOf(ticket);
      if (action.kind === before) refuse("same_kind", `already a ${action.kind}`);
      next.kind = action.kind;
      Object.assign(event, { type: "kind_changed", from: before ?? "-", to: action.kind });
      break;
    }
  }
  next.history = [...ticket.history, event];
  return { ticket: next, event };
}

/**
 * A fresh ticket in status `new` for a tweet and its triage verdict, with the `created` event.
 * The agency is the verdict's (an external id such as `pln` for a redirect, `null` when no rule
 * routed it); the dispatcher decides where the card goes.
 */
/** Where a report came from, when not X: the channel and the citizen's contact (Telegram). */
export type TicketOrigin = Pick<Ticket, "channel" | "citizen">;

export function createTicket(
  id: string,
  tweet: TweetRef,
  verdict: TriageVerdict,
  at: string,
  origin?: TicketOrigin,
): Ticket {
  const created: TicketEvent = { at, type: "created", actor: "system", to: "new" };
  if (verdict.agency) created.note = verdict.agency;
  return {
    id,
    tweet,
    ...(origin?.channel && origin.channel !== "x" ? { channel: origin.channel } : {}),
    ...(origin?.citizen ? { citizen: origin.citizen } : {}),
    triage: verdict,
    status: "new",
    agency: verdict.agency,
    urgency: verdict.urgency,
    replies: {},
    received_at: at,
    history: [created],
  };
}

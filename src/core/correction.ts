import type { Ticket, TicketEvent } from "./ticket.js";
import type { Disposition, ReportKind } from "../triage/types.js";

/**
 * A staff decision that answers the question triage answered, kept as data so the rules can learn
 * from it: the tweet, what triage said, what the staff member said instead, who and when.
 *
 * Which decisions count (all by a person, never by `system`):
 * - `reassign`: Alihkan from an agency's card (`reassigned` event, to = the new agency);
 * - `route`: routing a ticket from the triage desk or the moderation card (`dispatched` from `new`
 *   by a person, to = the agency);
 * - `reject`: rejecting as `bukan_aduan` (a report triage took for a complaint is none);
 * - `kind`: a changed report kind (no staff action changes the kind yet; the shape is ready for it).
 *
 * A reassignment back to triage's own agency is recorded too (`agrees: true`): it undoes an earlier
 * correction, and the export keeps only each ticket's last answer.
 */
export type CorrectionDecision = "reassign" | "route" | "reject" | "kind";

export interface Correction {
  /** `<ticket id>#<history index>`: one decision is one history entry, recorded once. */
  id: string;
  ticket_id: string;
  tweet_id: string;
  text: string;
  /** When the tweet was posted (ISO). */
  tweet_at: string;
  /** When the staff member decided (ISO): the event's instant. */
  at: string;
  /** `tg:<user id>`. */
  actor: string;
  decision: CorrectionDecision;
  triage: {
    agency: string | null;
    kind: ReportKind | null;
    disposition: Disposition;
    confidence: number;
  };
  staff: {
    /** The agency staff chose; null when they said it is not a complaint. */
    agency: string | null;
    complaint: boolean;
    /** Present only when staff set the kind. */
    kind?: ReportKind | null;
  };
  /** The staff's answer equals triage's (a move back to where triage sent it). */
  agrees: boolean;
}

/** A line of the labelled JSONL files `npm run backtest` reads, with the correction's extras. */
export interface CorrectionLine {
  id: string;
  text: string;
  /** The staff's agency; empty: not a complaint. */
  labels: string[];
  kind?: ReportKind | null;
  source: "correction";
  ticket_id: string;
  tweet_id: string;
  decision: CorrectionDecision;
  actor: string;
  at: string;
  triage: Correction["triage"];
}

/** What triage decided for the ticket (tickets stored before dispositions existed get theirs inferred). */
function triageSide(ticket: Ticket): Correction["triage"] {
  const v = ticket.triage;
  return {
    agency: v.agency,
    kind: v.kind ?? null,
    disposition: v.disposition ?? (v.complaint ? "agency" : "audit"),
    confidence: v.confidence,
  };
}

/**
 * The correction the history entry at `index` of `ticket` is, or null when that entry is not a
 * staff decision about routing (a claim, a resolve, the pipeline's own dispatch, an un-merge).
 */
export function correctionAt(ticket: Ticket, index: number): Correction | null {
  const event: TicketEvent | undefined = ticket.history[index];
  if (!event || event.actor === "system" || !event.actor.startsWith("tg:")) return null;
  let decision: CorrectionDecision;
  let staff: Correction["staff"];
  if (event.type === "reassigned" && event.to) {
    decision = "reassign";
    staff = { agency: event.to, complaint: true };
  } else if (event.type === "dispatched" && event.from === "new" && event.to) {
    decision = "route";
    staff = { agency: event.to, complaint: true };
  } else if (event.type === "rejected" && event.note === "bukan_aduan") {
    decision = "reject";
    staff = { agency: null, complaint: false };
  } else {
    return null;
  }
  const triage = triageSide(ticket);
  const agrees = staff.complaint && triage.disposition === "agency" && triage.agency === staff.agency;
  return {
    id: `${ticket.id}#${index}`,
    ticket_id: ticket.id,
    tweet_id: ticket.tweet.id,
    text: ticket.tweet.text,
    tweet_at: ticket.tweet.created_at,
    at: event.at,
    actor: event.actor,
    decision,
    triage,
    staff,
    agrees,
  };
}

/** Every correction in a ticket's history, oldest first (the backfill from stored tickets). */
export function correctionsOf(ticket: Ticket): Correction[] {
  const out: Correction[] = [];
  for (let i = 0; i < ticket.history.length; i++) {
    const c = correctionAt(ticket, i);
    if (c) out.push(c);
  }
  return out;
}

/**
 * The labelled lines of a set of corrections: one per ticket, its last decision (a ticket moved
 * twice has one right answer, the last), ordered by decision time.
 */
export function toLabelledLines(corrections: readonly Correction[]): CorrectionLine[] {
  const last = new Map<string, Correction>();
  for (const c of [...corrections].sort(byDecision)) last.set(c.ticket_id, c);
  return [...last.values()].sort(byDecision).map((c) => {
    const line: CorrectionLine = {
      id: c.ticket_id,
      text: c.text,
      labels: c.staff.agency === null ? [] : [c.staff.agency],
      source: "correction",
      ticket_id: c.ticket_id,
      tweet_id: c.tweet_id,
      decision: c.decision,
      actor: c.actor,
      at: c.at,
      triage: c.triage,
    };
    if (c.staff.kind !== undefined) line.kind = c.staff.kind;
    return line;
  });
}

function byDecision(a: Correction, b: Correction): number {
  return a.at.localeCompare(b.at) || historyIndex(a) - historyIndex(b);
}

function historyIndex(c: Correction): number {
  return Number(c.id.slice(c.id.lastIndexOf("#") + 1));
}

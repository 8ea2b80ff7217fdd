import type { Ticket, TicketEvent } from "./ticket.js";
import type { Disposition, ReportKind } from "../triage/types.js";
import { REPORT_KINDS } from "./reply-templates.js";

/**
 * A staff decision that answers the question triage answered, kept as data so the rules can learn
 * from it: the tweet, what triage said, what the staff member said instead, who and when.
 *
 * Which decisions count (all by a person, never by `system`):
 * - `reassign`: Alihkan from an agency's card (`reassigned` event, to = the new agency);
 * - `route`: routing a ticket from the triage desk or the moderation card (`dispatched` from `new`
 *   by a person, to = the agency); also a ticket triage kept as not a report that staff brought
 *   back to the desk (`restored`), whose triage side then says disposition `audit`;
 * - `reject`: rejecting as `bukan_aduan` (a report triage took for a complaint is none);
 * - `kind`: a changed report kind (Jenis on an agency's card; `kind_changed` event by a person).
 *   The staff's agency is the one holding the ticket then: it kept the ticket and named its kind,
 *   which says the agency is right (a wrong one would have moved it).
 *
 * A reassignment back to triage's own agency, or a kind set back to triage's, is recorded too
 * (`agrees: true`): it undoes an earlier correction, and the export keeps only each ticket's last answer.
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
  } else if (event.type === "kind_changed" && isReportKind(event.to)) {
    decision = "kind";
    staff = { agency: agencyBefore(ticket, index), complaint: true, kind: event.to };
  } else {
    return null;
  }
  const triage = triageSide(ticket);
  // A ticket triage kept for audit and staff brought back (`/jadikanaduan`) carries the audit
  // verdict: routing it from the desk disagrees with triage (a missed report), rejecting it agrees.
  const agrees =
    decision === "kind"
      ? staff.kind === triage.kind
      : staff.complaint
        ? triage.disposition === "agency" && triage.agency === staff.agency
        : triage.disposition === "audit";
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

const isReportKind = (k: string | undefined): k is ReportKind => REPORT_KINDS.some((r) => r === k);

/** The agency holding the ticket just before history entry `index` (its dispatches and moves so far). */
function agencyBefore(ticket: Ticket, index: number): string | null {
  let agency = ticket.triage.agency;
  for (const e of ticket.history.slice(0, index))
    if ((e.type === "dispatched" || e.type === "reassigned") && e.to) agency = e.to;
  return agency;
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
 * The labelled lines of a set of corrections: one per ticket, its last answer (a ticket moved
 * twice has one right answer, the last), ordered by the ticket's last decision. The agency and
 * the kind are answered apart: the label is the last routing decision's (or, when staff only
 * changed the kind, the agency that held the ticket then), the `kind` the last kind set, so a
 * ticket moved and then given another kind carries both. A ticket that is no report has no kind.
 */
export function toLabelledLines(corrections: readonly Correction[]): CorrectionLine[] {
  const last = new Map<string, { latest: Correction; routing?: Correction; kind?: Correction }>();
  for (const c of [...corrections].sort(byDecision)) {
    const entry = last.get(c.ticket_id) ?? { latest: c };
    entry.latest = c;
    if (c.decision === "kind") entry.kind = c;
    else entry.routing = c;
    last.set(c.ticket_id, entry);
  }
  return [...last.values()]
    .sort((a, b) => byDecision(a.latest, b.latest))
    .map(({ latest: c, routing, kind }) => {
      const answer = (routing ?? c).staff;
      const line: CorrectionLine = {
        id: c.ticket_id,
        text: c.text,
        labels: answer.agency === null || !answer.complaint ? [] : [answer.agency],
        source: "correction",
        ticket_id: c.ticket_id,
        tweet_id: c.tweet_id,
        decision: c.decision,
        actor: c.actor,
        at: c.at,
        triage: c.triage,
      };
      if (answer.complaint && kind?.staff.kind !== undefined) line.kind = kind.staff.kind;
      return line;
    });
}

function byDecision(a: Correction, b: Correction): number {
  return a.at.localeCompare(b.at) || historyIndex(a) - historyIndex(b);
}

function historyIndex(c: Correction): number {
  return Number(c.id.slice(c.id.lastIndexOf("#") + 1));
}

import type { Ticket, TicketEvent, TicketEventType } from "../ticket.js";
import { isTriageKeep } from "../lifecycle.js";
import type { SlaTargets } from "./sla-policy.js";
import { addWorkingTime, workingTimeBetween, type WorkingCalendar } from "./working-time.js";

/**
 * A ticket's SLA clocks, derived from its history alone (no stored timers to drift):
 *
 * - **First response**: one clock, from `received_at` until the first `claimed` (**Ambil**),
 *   `resolved` or `rejected` event — resolving or rejecting straight away is also a response.
 * - **Resolution**: clock 1 runs from `received_at` until `resolved`. Each `reopened` event on a
 *   stopped clock starts clock n + 1 at the reopen instant with the full target, and counts as a
 *   reopen. The first-response clock is not restarted by a reopen.
 * - `reassigned` does not touch any clock: the citizen has been waiting all along, whichever
 *   group held the ticket.
 * - `merged` and `redirected` (and `rejected` for the resolution clock) stop a clock without a
 *   verdict: `cancelled` if before its deadline, `breached` if after.
 *
 * Deadlines are `addWorkingTime(start, target, calendar)` on the ticket's clock (24/7 for
 * urgent tickets, office hours for normal ones: the caller passes `calendars[targets.clock]`).
 * A clock is **met** when it stopped at or before its deadline; one still running at the
 * deadline instant is **breached**.
 */

export type SlaClockKind = "first_response" | "resolution";
export type SlaClockStop = "claimed" | "resolved" | "rejected" | "merged" | "redirected" | "closed";
export type SlaOutcome = "running" | "met" | "breached" | "cancelled";

export interface SlaClock {
  kind: SlaClockKind;
  /** 1 for the first-response clock; for resolution clocks 1 + the reopens before it. */
  n: number;
  started_at: Date;
  target_hours: number;
  /** When the agency group is reminded: `reminder_fraction` of the target into the clock. */
  remind_at: Date;
  due_at: Date;
  stopped_at: Date | null;
  stopped_by: SlaClockStop | null;
  /** Time on the ticket's clock from start to stop (or to `now` while running), ms. */
  elapsed_ms: number;
  /** Time on the clock from stop (or `now`) to the deadline, ms; negative once overdue. */
  remaining_ms: number;
  outcome: SlaOutcome;
}

export interface SlaStatus {
  ticket_id: string;
  targets: SlaTargets;
  first_response: SlaClock;
  /** Every resolution clock, oldest first. */
  resolution_clocks: SlaClock[];
  /** The current (last) resolution clock. */
  resolution: SlaClock;
  reopens: number;
  /** Whether any clock, past or current, was breached. */
  breached: boolean;
  /** The clocks still running at `now` (at most the first-response and the current resolution clock). */
  running: SlaClock[];
}

const FIRST_RESPONSE_STOPS: ReadonlySet<TicketEventType> = new Set([
  "claimed",
  "resolved",
  "rejected",
  "merged",
  "redirected",
]);
const RESOLUTION_STOPS: ReadonlySet<TicketEventType> = new Set([
  "resolved",
  "rejected",
  "merged",
  "redirected",
]);
/** Stops that count as doing the job, per clock; the others only cancel it. */
const FULFILS: Record<SlaClockKind, ReadonlySet<SlaClockStop>> = {
  first_response: new Set(["claimed", "resolved", "rejected"]),
  resolution: new Set(["resolved"]),
};
const CLOSED_STATUSES: ReadonlySet<Ticket["status"]> = new Set([
  "resolved",
  "rejected",
  "merged",
  "redirected",
  "not_complaint",
]);

interface Segment {
  n: number;
  start: Date;
  stop: { at: Date; by: SlaClockStop } | null;
}

/** The history in time order (stable for equal instants: the log order decides). */
export function orderedHistory(ticket: Ticket): TicketEvent[] {
  return ticket.history
    .map((e, i) => ({ e, i, t: Date.parse(e.at) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.e);
}

function segments(ticket: Ticket, now: Date): { first: Segment; resolution: Segment[]; reopens: number } {
  const received = new Date(ticket.received_at);
  const history = orderedHistory(ticket);
  const known = history.filter((e) => Date.parse(e.at) <= now.getTime());
  const first: Segment = { n: 1, start: received, stop: null };
  const resolution: Segment[] = [{ n: 1, start: received, stop: null }];
  let reopens = 0;
  let lastAt = received;
  for (const e of known) {
    // Triage keeping a tweet as not a report answers nobody: a ticket brought back keeps its clocks.
    if (isTriageKeep(e)) continue;
    const at = new Date(e.at);
    if (at > lastAt) lastAt = at;
    if (!first.stop && FIRST_RESPONSE_STOPS.has(e.type)) first.stop = { at, by: e.type as SlaClockStop };
    const current = resolution[resolution.length - 1]!;
    if (!current.stop && RESOLUTION_STOPS.has(e.type)) current.stop = { at, by: e.type as SlaClockStop };
    else if (current.stop && e.type === "reopened") {
      reopens++;
      resolution.push({ n: current.n + 1, start: at, stop: null });
    }
  }
  // A closed ticket whose history lacks the closing event (e.g. `not_complaint` straight from
  // triage) must not keep a clock running forever: stop it at the last thing that happened.
  // Only when looking at the present: the status says nothing about an earlier instant.
  if (known.length === history.length && CLOSED_STATUSES.has(ticket.status)) {
    const closeAt = ticket.status === "not_complaint" ? received : lastAt;
    if (!first.stop) first.stop = { at: closeAt, by: "closed" };
    const current = resolution[resolution.length - 1]!;
    if (!current.stop) current.stop = { at: closeAt, by: "closed" };
  }
  return { first, resolution, reopens };
}

function clockOf(
  kind: SlaClockKind,
  seg: Segment,
  targetHours: number,
  targets: SlaTargets,
  cal: WorkingCalendar,
  now: Date,
): SlaClock {
  const due = addWorkingTime(seg.start, targetHours, cal);
  const end = seg.stop?.at ?? now;
  let outcome: SlaOutcome;
  if (seg.stop === null) outcome = now >= due ? "breached" : "running";
  else if (seg.stop.at > due) outcome = "breached";
  else outcome = FULFILS[kind].has(seg.stop.by) ? "met" : "cancelled";
  return {
    kind,
    n: seg.n,
    started_at: seg.start,
    target_hours: targetHours,
    remind_at: addWorkingTime(seg.start, targetHours * targets.reminder_fraction, cal),
    due_at: due,
    stopped_at: seg.stop?.at ?? null,
    stopped_by: seg.stop?.by ?? null,
    elapsed_ms: Math.max(0, workingTimeBetween(seg.start, end, cal)),
    remaining_ms: workingTimeBetween(end, due, cal),
    outcome,
  };
}

/**
 * The SLA state of a ticket at `now`. `calendar` is the clock for the ticket's urgency
 * (`calendars[targets.clock]`). Events after `now` are ignored, so a past instant gives the
 * state as it was then.
 */
export function slaStatus(
  ticket: Ticket,
  targets: SlaTargets,
  calendar: WorkingCalendar,
  now: Date,
): SlaStatus {
  const seg = segments(ticket, now);
  const first = clockOf("first_response", seg.first, targets.first_response_hours, targets, calendar, now);
  const resolution = seg.resolution.map((s) =>
    clockOf("resolution", s, targets.resolution_hours, targets, calendar, now),
  );
  const current = resolution[resolution.length - 1]!;
  const all = [first, ...resolution];
  return {
    ticket_id: ticket.id,
    targets,
    first_response: first,
    resolution_clocks: resolution,
    resolution: current,
    reopens: seg.reopens,
    breached: all.some((c) => c.outcome === "breached"),
    running: [first, current].filter((c) => c.stopped_at === null),
  };
}

export type SlaJobKind =
  "remind-first-response" | "breach-first-response" | "remind-resolution" | "breach-resolution";

export interface SlaJob {
  /** `<ticket>-<kind>-<clock n>`, e.g. `ADU-000123-breach-resolution-2` (BullMQ forbids `:`). */
  jobId: string;
  kind: SlaJobKind;
  ticketId: string;
  clock: number;
  /** When the job should run; may be in the past (run it now). */
  at: Date;
}

export interface SlaJobPlan {
  /** Jobs to add as delayed jobs (delay = max(0, at − now)); adding an existing id is a no-op. */
  schedule: SlaJob[];
  /** Ids of jobs belonging to stopped clocks: remove them if still pending (resolved in time). */
  cancel: string[];
}

export function slaJobId(ticketId: string, kind: SlaJobKind, clock: number): string {
  return `${ticketId}-${kind}-${clock}`;
}

/** Inverse of {@link slaJobId}, for job processors; undefined for a foreign id. */
export function parseSlaJobId(
  jobId: string,
): { ticketId: string; kind: SlaJobKind; clock: number } | undefined {
  const m = /^(.+)-((?:remind|breach)-(?:first-response|resolution))-(\d+)$/.exec(jobId);
  if (!m) return undefined;
  return { ticketId: m[1]!, kind: m[2] as SlaJobKind, clock: Number(m[3]) };
}

/**
 * The delayed jobs a ticket needs at `now`, with ids that depend only on the ticket, the kind
 * and the clock number: a recalculation, a retry or a restart plans the very same ids. A
 * reminder whose deadline has already passed is left out (the breach says it all).
 */
export function slaJobPlan(
  ticket: Ticket,
  targets: SlaTargets,
  calendar: WorkingCalendar,
  now: Date,
): SlaJobPlan {
  const status = slaStatus(ticket, targets, calendar, now);
  const schedule: SlaJob[] = [];
  const cancel: string[] = [];
  const clocks: Array<[SlaClock, "first-response" | "resolution"]> = [
    [status.first_response, "first-response"],
    ...status.resolution_clocks.map((c): [SlaClock, "resolution"] => [c, "resolution"]),
  ];
  for (const [clock, name] of clocks) {
    const remind = `remind-${name}` as SlaJobKind;
    const breach = `breach-${name}` as SlaJobKind;
    if (clock.stopped_at !== null) {
      cancel.push(slaJobId(ticket.id, remind, clock.n), slaJobId(ticket.id, breach, clock.n));
      continue;
    }
    const job = (kind: SlaJobKind, at: Date): SlaJob => ({
      jobId: slaJobId(ticket.id, kind, clock.n),
      kind,
      ticketId: ticket.id,
      clock: clock.n,
      at,
    });
    if (now < clock.due_at) schedule.push(job(remind, clock.remind_at));
    schedule.push(job(breach, clock.due_at));
  }
  return { schedule, cancel };
}

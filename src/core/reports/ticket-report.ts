import { orderedHistory, slaStatus } from "../sla/sla-clock.js";
import type { SlaCalendars, SlaTargets } from "../sla/sla-policy.js";
import { workingDaysBetween, workingTimeBetween } from "../sla/working-time.js";
import { channelOf, type Channel, type Ticket, type TicketEventType, type TicketStatus } from "../ticket.js";
import { isTriageKeep } from "../lifecycle.js";

/**
 * Supervisors' figures over tickets' histories. Pure: the tickets, the period and `now` in;
 * numbers out. Every figure is defined here; the README copies these definitions.
 *
 * **Period** `P = [from, to)`; the report looks at the world **as of** `T = min(to, now)`:
 * events after `T` do not exist for it. **Population**: every ticket except those triage or staff
 * ended as `not_complaint`, `redirected` (out of jurisdiction) or `merged` (a duplicate counts once,
 * through the incident it joined).
 *
 * **Groups** (`cut`): `agency` = the ticket's current owner (a misrouted ticket is not held
 * against the group that passed it on; a ticket not routed yet, waiting in the triage or the
 * moderation group, is that group's agency's, see `ownerOf`); `topic` = the first keyword triage matched for the agency
 * (`triage.evidence`, first entry with `field: "agency"`, lower-cased), else `(lainnya)`;
 * `kecamatan` = `triage.location.kecamatan`, else `(tidak diketahui)`; `urgency` = `urgent` or
 * `normal`; `channel` = where the report came in, `x` or `telegram` (tickets from before
 * Telegram intake are X's); no cut = one group `semua`. `total` covers the whole population. A group appears only
 * if one of its figures is non-zero.
 *
 * - **received**: tickets with `received_at` in P.
 * - **resolved**: `resolved` events in P (a ticket reopened and resolved again counts twice:
 *   each resolution is work done).
 * - **rejected**: `rejected` events in P.
 * - **open**: tickets received by T whose status at T (replayed from the history) is `new`,
 *   `dispatched` or `claimed`. **Backlog age** = working days from `received_at` to T on the
 *   office calendar, each day weighted by its own length (see `workingDaysBetween`); buckets
 *   `< 1`, `1 to < 3`, `3 to < 7`, `7 or more` working days.
 * - **time to first response**: for each ticket whose first response (first `claimed`, or
 *   `resolved`/`rejected` without a claim) happened in P: from `received_at` to that event.
 * - **time to resolution**: for each resolution clock that ended with `resolved` in P: from the
 *   clock's start (`received_at`, or the reopen instant for a reopened ticket) to `resolved`.
 * - Both times are given in **working time** (office-hours calendar, for every ticket, urgent
 *   included, so agencies compare like with like) and **calendar time** (wall clock), each as
 *   **median**, **p90** and **mean**. Percentiles use the **nearest-rank** method: the p-th
 *   percentile of n sorted values is value number ⌈p·n⌉ (1-based), always a real ticket's time;
 *   the median is p50 by the same rule (the lower middle for an even n). No values → `null`.
 * - **within SLA** (first response and resolution separately): each clock of each ticket, on its
 *   own clock and targets (`targetsFor`), is counted once, at the moment its fate was sealed: a
 *   clock stopped by doing the job at or before its deadline is **met** at the stop; a clock
 *   still running at its deadline is **breached** at the deadline (whether or not it was closed
 *   later). Counted when that moment is in P and ≤ T. Clocks ended without a verdict (merged,
 *   rejected before the resolution deadline) and clocks still within their deadline are not
 *   counted. Share = met ÷ (met + breached), `null` when both are 0. An open, forgotten ticket
 *   therefore counts as breached as soon as its deadline passes, not only once someone closes it.
 * - **reopen rate**: of the `resolved` events in P, the share followed by a `reopened` event of
 *   the same ticket by T. `null` when nothing was resolved.
 * - **slowest open**: the open tickets with the greatest backlog age (ties: older `received_at`,
 *   then id), at most `slowest` (default 5).
 */

export type ReportCut = "agency" | "topic" | "kecamatan" | "urgency" | "channel";

export interface ReportOptions {
  from: Date;
  /** Exclusive. */
  to: Date;
  cut?: ReportCut;
  now: Date;
  calendars: SlaCalendars;
  /** The SLA targets of one ticket, e.g. `resolveSlaTargets(policy, agencies[t.agency]?.sla, t.urgency)`. */
  targetsFor: (ticket: Ticket) => SlaTargets;
  /** How many slowest open tickets to list per group. Default 5. */
  slowest?: number;
  /**
   * The agency a ticket counts for (`agencyHolding` in card-view.ts: a ticket held in moderation
   * is moderation's, not the agency triage guessed). Default: `ticket.agency`.
   */
  ownerOf?: (ticket: Ticket) => string | null;
}

export interface DurationStats {
  count: number;
  median_ms: number | null;
  p90_ms: number | null;
  mean_ms: number | null;
}

export interface TimeFigures {
  /** On the office-hours calendar. */
  working: DurationStats;
  /** Wall-clock time. */
  calendar: DurationStats;
}

export interface SlaShare {
  met: number;
  breached: number;
  /** met ÷ (met + breached), or null. */
  share: number | null;
}

export interface BacklogAges {
  under_1: number;
  from_1_to_3: number;
  from_3_to_7: number;
  over_7: number;
}

export interface OpenTicketLine {
  id: string;
  agency: string | null;
  status: TicketStatus;
  received_at: Date;
  assignee: string | null;
  age_working_days: number;
  age_calendar_ms: number;
  /** A running SLA clock of this ticket is past its deadline. */
  overdue: boolean;
}

export interface ReportGroup {
  key: string;
  received: number;
  resolved: number;
  rejected: number;
  open: number;
  backlog: BacklogAges;
  first_response: TimeFigures;
  resolution: TimeFigures;
  first_response_sla: SlaShare;
  resolution_sla: SlaShare;
  /** Resolutions in P reopened by T. */
  reopened: number;
  reopen_rate: number | null;
  slowest_open: OpenTicketLine[];
}

export interface TicketReport {
  from: Date;
  to: Date;
  as_of: Date;
  cut: ReportCut | null;
  groups: ReportGroup[];
  total: ReportGroup;
  /** `total.received` by the channel each report came in (`/statistik` and the digest show it). */
  received_by_channel: Record<Channel, number>;
}

const EXCLUDED: ReadonlySet<TicketStatus> = new Set(["not_complaint", "redirected", "merged"]);
const OPEN: ReadonlySet<TicketStatus> = new Set(["new", "dispatched", "claimed"]);
const STATUS_AFTER: Partial<Record<TicketEventType, TicketStatus>> = {
  created: "new",
  dispatched: "dispatched",
  claimed: "claimed",
  resolved: "resolved",
  rejected: "rejected",
  merged: "merged",
  reopened: "dispatched",
  redirected: "redirected",
  restored: "new",
};
const FIRST_RESPONSES: ReadonlySet<TicketEventType> = new Set(["claimed", "resolved", "rejected"]);

interface Duration {
  working: number;
  calendar: number;
}

/** What one ticket contributes to its group; groups just add these up. */
interface TicketFacts {
  key: string;
  channel: Channel;
  received: number;
  resolved: number;
  rejected: number;
  reopened: number;
  open: OpenTicketLine | null;
  firstResponse: Duration[];
  resolution: Duration[];
  frSla: SlaShare;
  resSla: SlaShare;
}

export function groupKey(
  ticket: Ticket,
  cut: ReportCut | undefined,
  ownerOf: (ticket: Ticket) => string | null = (t) => t.agency,
): string {
  switch (cut) {
    case undefined:
      return "semua";
    case "agency":
      return ownerOf(ticket) ?? "(tanpa dinas)";
    case "topic":
      return (
        ticket.triage.evidence
          .find((e) => e.field === "agency")
          ?.match.trim()
          .toLowerCase() || "(lainnya)"
      );
    case "kecamatan":
      return ticket.triage.location.kecamatan ?? "(tidak diketahui)";
    case "urgency":
      return ticket.urgency;
    case "channel":
      return channelOf(ticket);
  }
}

export function buildReport(tickets: readonly Ticket[], opts: ReportOptions): TicketReport {
  const asOf = new Date(Math.min(opts.to.getTime(), opts.now.getTime()));
  const facts = tickets.filter((t) => !EXCLUDED.has(t.status)).map((t) => factsOf(t, opts, asOf));
  const byKey = new Map<string, TicketFacts[]>();
  for (const f of facts) {
    const list = byKey.get(f.key);
    if (list) list.push(f);
    else byKey.set(f.key, [f]);
  }
  const limit = opts.slowest ?? 5;
  const groups = [...byKey.entries()]
    .map(([key, fs]) => aggregate(key, fs, limit))
    .filter(hasActivity)
    .sort((a, b) => a.key.localeCompare(b.key, "id"));
  return {
    from: opts.from,
    to: opts.to,
    as_of: asOf,
    cut: opts.cut ?? null,
    groups,
    total: aggregate("total", facts, limit),
    received_by_channel: {
      x: facts.filter((f) => f.received === 1 && f.channel === "x").length,
      telegram: facts.filter((f) => f.received === 1 && f.channel === "telegram").length,
    },
  };
}

function factsOf(ticket: Ticket, opts: ReportOptions, asOf: Date): TicketFacts {
  const inPeriod = (d: Date) => d >= opts.from && d < opts.to && d <= asOf;
  const office = opts.calendars.working_hours;
  const duration = (a: Date, b: Date): Duration => ({
    working: workingTimeBetween(a, b, office),
    calendar: b.getTime() - a.getTime(),
  });
  const receivedAt = new Date(ticket.received_at);
  const events = orderedHistory(ticket)
    .map((e) => ({ ...e, date: new Date(e.at) }))
    .filter((e) => e.date <= asOf);

  let status: TicketStatus = "new";
  let resolved = 0;
  let reopened = 0;
  let rejected = 0;
  let firstResponseAt: Date | null = null;
  events.forEach((e, i) => {
    // Triage's "not a report" (later undone by staff): neither a rejection nor a first response.
    if (isTriageKeep(e)) {
      status = "not_complaint";
      return;
    }
    status = STATUS_AFTER[e.type] ?? status;
    if (!firstResponseAt && FIRST_RESPONSES.has(e.type)) firstResponseAt = e.date;
    if (!inPeriod(e.date)) return;
    if (e.type === "rejected") rejected++;
    if (e.type === "resolved") {
      resolved++;
      if (events.slice(i + 1).some((later) => later.type === "reopened")) reopened++;
    }
  });

  const targets = opts.targetsFor(ticket);
  const sla = slaStatus(ticket, targets, opts.calendars[targets.clock], asOf);
  const frSla: SlaShare = { met: 0, breached: 0, share: null };
  const resSla: SlaShare = { met: 0, breached: 0, share: null };
  for (const [clock, share] of [
    [sla.first_response, frSla],
    ...sla.resolution_clocks.map((c) => [c, resSla] as const),
  ] as const) {
    if (clock.outcome === "met" && clock.stopped_at && inPeriod(clock.stopped_at)) share.met++;
    if (clock.outcome === "breached" && inPeriod(clock.due_at)) share.breached++;
  }

  const frAt = firstResponseAt as Date | null;
  const isOpen = receivedAt <= asOf && OPEN.has(status);
  return {
    key: groupKey(ticket, opts.cut, opts.ownerOf),
    channel: channelOf(ticket),
    received: inPeriod(receivedAt) ? 1 : 0,
    resolved,
    rejected,
    reopened,
    open: isOpen
      ? {
          id: ticket.id,
          agency: opts.ownerOf ? opts.ownerOf(ticket) : ticket.agency,
          status,
          received_at: receivedAt,
          assignee: ticket.assignee?.name ?? null,
          age_working_days: workingDaysBetween(receivedAt, asOf, office),
          age_calendar_ms: asOf.getTime() - receivedAt.getTime(),
          overdue: sla.running.some((c) => c.outcome === "breached"),
        }
      : null,
    firstResponse: frAt && inPeriod(frAt) ? [duration(receivedAt, frAt)] : [],
    resolution: sla.resolution_clocks
      .filter((c) => c.stopped_by === "resolved" && c.stopped_at && inPeriod(c.stopped_at))
      .map((c) => duration(c.started_at, c.stopped_at!)),
    frSla,
    resSla,
  };
}

function aggregate(key: string, facts: readonly TicketFacts[], slowest: number): ReportGroup {
  const sum = (f: (x: TicketFacts) => number) => facts.reduce((n, x) => n + f(x), 0);
  const open = facts.flatMap((f) => (f.open ? [f.open] : []));
  const resolved = sum((f) => f.resolved);
  const reopened = sum((f) => f.reopened);
  const bucket = (lo: number, hi: number) =>
    open.filter((o) => o.age_working_days >= lo && o.age_working_days < hi).length;
  return {
    key,
    received: sum((f) => f.received),
    resolved,
    rejected: sum((f) => f.rejected),
    open: open.length,
    backlog: {
      under_1: bucket(0, 1),
      from_1_to_3: bucket(1, 3),
      from_3_to_7: bucket(3, 7),
      over_7: bucket(7, Infinity),
    },
    first_response: timeFigures(facts.flatMap((f) => f.firstResponse)),
    resolution: timeFigures(facts.flatMap((f) => f.resolution)),
    first_response_sla: share(
      sum((f) => f.frSla.met),
      sum((f) => f.frSla.breached),
    ),
    resolution_sla: share(
      sum((f) => f.resSla.met),
      sum((f) => f.resSla.breached),
    ),
    reopened,
    reopen_rate: resolved === 0 ? null : reopened / resolved,
    slowest_open: [...open]
      .sort(
        (a, b) =>
          b.age_working_days - a.age_working_days ||
          a.received_at.getTime() - b.received_at.getTime() ||
          a.id.localeCompare(b.id),
      )
      .slice(0, slowest),
  };
}

function share(met: number, breached: number): SlaShare {
  return { met, breached, share: met + breached === 0 ? null : met / (met + breached) };
}

function timeFigures(ds: readonly Duration[]): TimeFigures {
  return { working: stats(ds.map((d) => d.working)), calendar: stats(ds.map((d) => d.calendar)) };
}

/**
 * Nearest-rank percentile of ascending values: value number ⌈percent·n/100⌉ (1-based). Integer
 * percent keeps the rank exact (0.9 × 70 is 63.00000000000001 in floating point, 90 × 70 / 100 is 63).
 */
export function nearestRank(sortedAscending: readonly number[], percent: number): number | null {
  if (sortedAscending.length === 0) return null;
  const rank = Math.max(1, Math.ceil((percent * sortedAscending.length) / 100));
  return sortedAscending[rank - 1]!;
}

export function stats(values: readonly number[]): DurationStats {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    median_ms: nearestRank(sorted, 50),
    p90_ms: nearestRank(sorted, 90),
    mean_ms: sorted.length === 0 ? null : sorted.reduce((n, v) => n + v, 0) / sorted.length,
  };
}

function hasActivity(g: ReportGroup): boolean {
  return (
    g.received + g.resolved + g.rejected + g.open + g.first_response.working.count > 0 ||
    g.first_response_sla.met +
      g.first_response_sla.breached +
      g.resolution_sla.met +
      g.resolution_sla.breached >
      0
  );
}

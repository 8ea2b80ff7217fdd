import { parseReportPeriod } from "../core/reports/report-period.js";
import { OPEN_STATUSES } from "../core/lifecycle.js";
import { agencyHolding } from "../core/card-view.js";
import { slaStatus } from "../core/sla/sla-clock.js";
import type { PipelineSettings } from "../core/settings.js";
import type { SupervisionContext } from "../core/supervision-context.js";
import { channelOf, reportKindOf, type Channel, type Ticket, type TicketStatus } from "../core/ticket.js";
import { ALL_STATUSES } from "../ports/ticket-store.js";
import { maySee, type Rights } from "../staff/dashboard-rights.js";

/**
 * The dashboard's queue: what the filters in the URL mean, and the rows they select. Pure: the
 * tickets come in (see ticket-source.ts for how they are read), rows and counts go out.
 */

/** `open` (new, dispatched or claimed), `all`, or one status. */
export type StatusFilter = "open" | "all" | TicketStatus;

export interface QueueFilter {
  status: StatusFilter;
  agency?: string;
  kind?: string;
  /** Where the report came in: a tweet (`x`) or a private chat with the bot (`telegram`). */
  channel?: Channel;
  urgency?: "urgent" | "normal";
  kecamatan?: string;
  /** A report period (`hari ini`, `minggu ini`, `2026-11`, …): tickets received in it. */
  period?: string;
  /** `ADU-000123` (that ticket) or words, all of which the tweet or the place must contain. */
  q?: string;
}

/** Where an SLA clock of a ticket stands: `breached` past a deadline, `warning` past its reminder. */
export type SlaState = "breached" | "warning" | "ok" | "closed";

/** A ticket as the queue, the map and the export show it. */
export interface TicketRow {
  id: string;
  status: TicketStatus;
  /** Who holds it (a ticket waiting in the triage group is the triage desk's). */
  agency: string | null;
  kind: string | null;
  channel: Channel;
  urgency: "urgent" | "normal";
  kecamatan: string | null;
  kelurahan: string | null;
  place: string | null;
  received_at: string;
  text: string;
  author: string;
  assignee: string | null;
  sla: SlaState;
  /** Time left on the running clock closest to its deadline (negative: overdue); null when closed. */
  sla_left_ms: number | null;
  /** That clock's deadline and reminder instants (ms): the state follows from them and `now`. */
  sla_due_at: number | null;
  sla_remind_at: number | null;
  lat: number | null;
  lon: number | null;
  /** The point came from the tweet's own coordinates, not from a place triage found. */
  exact_point: boolean;
}

export interface QueueResult {
  rows: TicketRow[];
  /** Rows matching the filter (the page may show fewer). */
  total: number;
  counts: Record<SlaState, number> & { urgent: number };
}

const STATUS_WORDS = new Set<string>(["open", "all", ...ALL_STATUSES]);

/** The filter from a query string; unknown values are dropped (a stale bookmark still opens). */
export function parseQueueFilter(query: Record<string, unknown>): QueueFilter {
  const str = (k: string) => {
    const v = query[k];
    return typeof v === "string" && v.trim() !== "" ? v.trim().slice(0, 200) : undefined;
  };
  const status = str("status");
  const urgency = str("urgency");
  const f: QueueFilter = { status: status && STATUS_WORDS.has(status) ? (status as StatusFilter) : "open" };
  for (const k of ["agency", "kind", "kecamatan", "period", "q"] as const) {
    const v = str(k);
    if (v !== undefined) f[k] = v;
  }
  if (urgency === "urgent" || urgency === "normal") f.urgency = urgency;
  const channel = str("channel");
  if (channel === "x" || channel === "telegram") f.channel = channel;
  return f;
}

/** The filter back as a query string (links, the export buttons). */
export function queueQueryString(f: QueueFilter): string {
  const p = new URLSearchParams();
  if (f.status !== "open") p.set("status", f.status);
  for (const k of ["agency", "kind", "channel", "urgency", "kecamatan", "period", "q"] as const) {
    const v = f[k];
    if (v) p.set(k, v);
  }
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** The period's instants, or an error message for the page. */
export function periodRange(
  period: string | undefined,
  now: Date,
): { from: Date; to: Date } | { error: string } | undefined {
  if (!period) return undefined;
  const r = parseReportPeriod(period, now, { maxDays: 400 });
  return r.ok ? { from: r.period.from, to: r.period.to } : { error: r.message };
}

export function isOpen(status: TicketStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/** The point a ticket is shown at: the tweet's coordinates, else the place triage found. */
export function pointOf(t: Ticket): { lat: number; lon: number; exact: boolean } | null {
  const c = t.tweet.coordinates;
  if (c) return { lon: c[0], lat: c[1], exact: true };
  const loc = t.triage.location;
  if (loc.lat !== undefined && loc.lon !== undefined) return { lat: loc.lat, lon: loc.lon, exact: false };
  return null;
}

export function slaOf(
  t: Ticket,
  sup: SupervisionContext,
  now: Date,
): { state: SlaState; left: number | null; due: number | null; remind: number | null } {
  if (!isOpen(t.status)) return { state: "closed", left: null, due: null, remind: null };
  const { targets, calendar } = sup.slaOf(t);
  const s = slaStatus(t, targets, calendar, now);
  if (s.running.length === 0) return { state: "ok", left: null, due: null, remind: null };
  const nearest = s.running.reduce((a, b) => (a.remaining_ms <= b.remaining_ms ? a : b));
  const state: SlaState = nearest.remaining_ms < 0 ? "breached" : now >= nearest.remind_at ? "warning" : "ok";
  return {
    state,
    left: nearest.remaining_ms,
    due: nearest.due_at.getTime(),
    remind: nearest.remind_at.getTime(),
  };
}

/** The SLA state at `now` from a row's deadline instants (exact, without the clocks). */
function stateAt(row: TicketRow, now: number): SlaState {
  if (row.sla === "closed" || row.sla_due_at === null || row.sla_remind_at === null) return row.sla;
  return now >= row.sla_due_at ? "breached" : now >= row.sla_remind_at ? "warning" : "ok";
}

/**
 * Rows of tickets kept in memory (by the ticket object: a changed ticket is a new object, so it
 * is computed afresh). The SLA clocks of thousands of open tickets are the costly part of a
 * query; a row's state is exact at every request (from its deadline instants), its "time left"
 * text at most `ttlMs` old.
 */
export class RowCache {
  private readonly rows = new WeakMap<Ticket, { row: TicketRow; at: number }>();
  constructor(private readonly ttlMs = 60_000) {}

  rowOf(
    t: Ticket,
    s: Pick<PipelineSettings, "triageAgency" | "moderationAgency">,
    sup: SupervisionContext,
    now: Date,
  ): TicketRow {
    const hit = this.rows.get(t);
    const ms = now.getTime();
    if (hit && ms - hit.at < this.ttlMs) {
      const sla = stateAt(hit.row, ms);
      // Working time left is not wall time: shown as computed, the state above is exact.
      return sla === hit.row.sla ? hit.row : { ...hit.row, sla };
    }
    const row = toRow(t, s, sup, now);
    this.rows.set(t, { row, at: ms });
    return row;
  }
}

export function toRow(
  t: Ticket,
  s: Pick<PipelineSettings, "triageAgency" | "moderationAgency">,
  sup: SupervisionContext,
  now: Date,
): TicketRow {
  const sla = slaOf(t, sup, now);
  const loc = t.triage.location;
  const point = pointOf(t);
  return {
    id: t.id,
    status: t.status,
    agency: agencyHolding(t, s),
    kind: reportKindOf(t),
    channel: channelOf(t),
    urgency: t.urgency,
    kecamatan: loc.kecamatan ?? null,
    kelurahan: loc.kelurahan ?? null,
    place: loc.street ?? loc.landmark ?? null,
    received_at: t.received_at,
    text: t.tweet.text,
    author: t.tweet.author_username,
    assignee: t.assignee?.name ?? null,
    sla: sla.state,
    sla_left_ms: sla.left,
    sla_due_at: sla.due,
    sla_remind_at: sla.remind,
    lat: point?.lat ?? null,
    lon: point?.lon ?? null,
    exact_point: point?.exact ?? false,
  };
}

const TICKET_ID = /^ADU-\d{1,12}$/i;

/** The filter on the ticket's own fields (no SLA clocks needed, so it runs first). */
function matches(
  t: Ticket,
  holder: string | null,
  f: QueueFilter,
  range?: { from: Date; to: Date },
): boolean {
  if (f.status === "open" ? !isOpen(t.status) : f.status !== "all" && t.status !== f.status) return false;
  if (f.agency && holder !== f.agency) return false;
  if (f.kind && reportKindOf(t) !== f.kind) return false;
  if (f.channel && channelOf(t) !== f.channel) return false;
  if (f.urgency && t.urgency !== f.urgency) return false;
  const loc = t.triage.location;
  if (f.kecamatan && (loc.kecamatan ?? "").toLowerCase() !== f.kecamatan.toLowerCase()) return false;
  if (range) {
    const at = Date.parse(t.received_at);
    if (at < range.from.getTime() || at >= range.to.getTime()) return false;
  }
  if (f.q) {
    const q = f.q.trim();
    if (TICKET_ID.test(q)) return t.id.toUpperCase() === q.toUpperCase();
    const hay = [
      t.tweet.text,
      loc.street ?? loc.landmark,
      loc.kelurahan,
      loc.kecamatan,
      t.tweet.author_username,
      t.resolution_note,
    ]
      .filter(Boolean)
      .join(" ")
      .toLowerCase();
    return q
      .toLowerCase()
      .split(/\s+/)
      .every((w) => hay.includes(w));
  }
  return true;
}

/**
 * The rows of `tickets` the user may see and the filter selects, the nearest deadline first
 * (overdue ones on top), then the closed ones newest first; `limit` rows at most.
 */
export function queryQueue(
  tickets: readonly Ticket[],
  f: QueueFilter,
  opts: {
    rights: Rights;
    settings: Pick<PipelineSettings, "triageAgency" | "moderationAgency">;
    sup: SupervisionContext;
    now: Date;
    limit?: number;
    /** Rows kept between queries (the dashboard's open tickets); computed afresh without it. */
    cache?: RowCache;
  },
): QueueResult {
  const range = periodRange(f.period, opts.now);
  const r = range && "from" in range ? range : undefined;
  const rows: TicketRow[] = [];
  for (const t of tickets) {
    if (!maySee(opts.rights, t, opts.settings)) continue;
    if (!matches(t, agencyHolding(t, opts.settings), f, r)) continue;
    rows.push(
      opts.cache
        ? opts.cache.rowOf(t, opts.settings, opts.sup, opts.now)
        : toRow(t, opts.settings, opts.sup, opts.now),
    );
  }
  rows.sort(bySlaLeft);
  const counts = { breached: 0, warning: 0, ok: 0, closed: 0, urgent: 0 };
  for (const row of rows) {
    counts[row.sla]++;
    if (row.urgency === "urgent" && row.sla !== "closed") counts.urgent++;
  }
  return { rows: rows.slice(0, opts.limit ?? rows.length), total: rows.length, counts };
}

/** Nearest deadline first (overdue on top); tickets without a running clock after, newest first. */
export function bySlaLeft(a: TicketRow, b: TicketRow): number {
  if (a.sla_due_at !== null && b.sla_due_at !== null)
    return a.sla_due_at - b.sla_due_at || a.id.localeCompare(b.id);
  if (a.sla_due_at !== null) return -1;
  if (b.sla_due_at !== null) return 1;
  return b.received_at.localeCompare(a.received_at) || b.id.localeCompare(a.id);
}

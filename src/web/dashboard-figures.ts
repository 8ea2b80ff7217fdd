import { agencyHolding } from "../core/card-view.js";
import { buildReport, type ReportCut, type TicketReport } from "../core/reports/ticket-report.js";
import type { PipelineSettings } from "../core/settings.js";
import type { SupervisionContext } from "../core/supervision-context.js";
import type { Ticket } from "../core/ticket.js";
import type { TicketStore } from "../ports/ticket-store.js";
import { loadReportTickets } from "../supervision/report-tickets.js";

/**
 * The dashboard's figures, by the very code `npm run report` and `/statistik` use: tickets read
 * by `loadReportTickets`, figures by `buildReport`, owners by `agencyHolding`. Nothing is
 * computed twice in two ways, so the screen and the CSV cannot disagree (a test compares them).
 */

export interface FiguresRequest {
  from: Date;
  to: Date;
  cut: ReportCut;
  /**
   * Only the tickets this says the viewer may see (staff of some agencies); applied to what
   * `loadReportTickets` read, before `buildReport`. Absent for supervisors: the report's own path.
   */
  visible?: (ticket: Ticket) => boolean;
}

export async function dashboardReport(
  store: Pick<TicketStore, "listReceivedBetween" | "listOpen">,
  settings: Pick<PipelineSettings, "triageAgency" | "moderationAgency">,
  sup: SupervisionContext,
  req: FiguresRequest,
  now: Date,
): Promise<TicketReport> {
  const ownerOf = (ticket: Ticket) => agencyHolding(ticket, settings);
  const loaded = await loadReportTickets(store, req.from, req.to, { ownerOf });
  const tickets = req.visible ? loaded.filter(req.visible) : loaded;
  return buildReport(tickets, {
    from: req.from,
    to: req.to,
    cut: req.cut,
    now,
    calendars: sup.calendars,
    targetsFor: sup.targetsFor,
    ownerOf,
  });
}

export interface WeekFigures {
  /** Monday of the week, `YYYY-MM-DD` (WIB). */
  week: string;
  received: number;
  resolved: number;
  resolution_median_ms: number | null;
  resolution_sla_share: number | null;
}

const DAY = 86_400_000;
const WIB_MS = 7 * 60 * 60_000;

/**
 * The last `weeks` weeks (Monday to Monday, WIB), each a report of its own without a cut, read
 * in one pass over the received index (the oldest week's look-back included).
 */
export async function weeklyTrend(
  store: Pick<TicketStore, "listReceivedBetween" | "listOpen">,
  settings: Pick<PipelineSettings, "triageAgency" | "moderationAgency">,
  sup: SupervisionContext,
  now: Date,
  opts: { weeks?: number; visible?: (ticket: Ticket) => boolean } = {},
): Promise<WeekFigures[]> {
  const weeks = opts.weeks ?? 8;
  const localDay = Math.floor((now.getTime() + WIB_MS) / DAY);
  const monday = localDay - ((localDay + 3) % 7);
  const starts = Array.from({ length: weeks }, (_, i) => (monday - 7 * (weeks - 1 - i)) * DAY - WIB_MS);
  const ownerOf = (ticket: Ticket) => agencyHolding(ticket, settings);
  const loaded = await loadReportTickets(store, new Date(starts[0]!), new Date(starts.at(-1)! + 7 * DAY), {
    ownerOf,
  });
  const tickets = opts.visible ? loaded.filter(opts.visible) : loaded;
  return starts.map((start) => {
    const r = buildReport(tickets, {
      from: new Date(start),
      to: new Date(start + 7 * DAY),
      now,
      calendars: sup.calendars,
      targetsFor: sup.targetsFor,
      ownerOf,
    });
    return {
      week: new Date(start + WIB_MS).toISOString().slice(0, 10),
      received: r.total.received,
      resolved: r.total.resolved,
      resolution_median_ms: r.total.resolution.working.median_ms,
      resolution_sla_share: r.total.resolution_sla.share,
    };
  });
}

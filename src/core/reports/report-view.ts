import type { TicketReport } from "./ticket-report.js";

/**
 * The report with agency ids shown as people know them (`dishub` → `Dishub`) in the groups and
 * the slowest-open list, for tables people read. CSV and JSON keep the stable ids.
 */
export function withAgencyNames(
  report: TicketReport,
  nameOf: (id: string) => string | undefined,
): TicketReport {
  const name = (id: string) => nameOf(id) ?? id;
  const rename = (g: TicketReport["total"]) => ({
    ...g,
    slowest_open: g.slowest_open.map((o) => ({ ...o, agency: o.agency && name(o.agency) })),
  });
  const total = rename(report.total);
  return {
    ...report,
    groups:
      report.cut === "agency"
        ? report.groups.map((g) => ({ ...rename(g), key: name(g.key) }))
        : report.groups,
    total,
  };
}

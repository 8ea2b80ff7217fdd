import type { AgencyFile } from "../triage/agency-schema.js";
import type { HolidayCalendar } from "./sla/holiday-calendar.js";
import {
  resolveSlaTargets,
  slaCalendars,
  type SlaCalendars,
  type SlaPolicy,
  type SlaTargets,
} from "./sla/sla-policy.js";
import type { WorkingCalendar } from "./sla/working-time.js";
import { reportKindOf, type Ticket } from "./ticket.js";

/**
 * The SLA facts every supervision use case needs about a ticket (escalation jobs, the digest,
 * `/statistik`, `/terlambat`, `npm run report`), built once from the loaded config so they all
 * agree on targets and calendars. Pure.
 */

/**
 * The targets that apply to `ticket` now: its current owner's `sla` block over the policy's
 * defaults, for its urgency. A ticket without an agency (or with one no longer configured) gets
 * the policy's defaults: the citizen's wait is measured whoever holds it.
 */
/**
 * What the SLA targets depend on: agency, urgency and the report kind (the one staff set with
 * Jenis, else triage's), so a changed kind re-plans the clocks to that kind's targets.
 */
export type SlaTicket = Pick<Ticket, "agency" | "urgency" | "kind"> & {
  triage?: Pick<Ticket["triage"], "kind">;
};

export function slaTargetsFor(
  ticket: SlaTicket,
  policy: SlaPolicy,
  agencies: readonly Pick<AgencyFile, "id" | "sla">[],
): SlaTargets {
  const agency = ticket.agency === null ? undefined : agencies.find((a) => a.id === ticket.agency);
  return resolveSlaTargets(policy, agency?.sla, ticket.urgency, reportKindOf(ticket));
}

/** One calendar per clock kind (`calendars[targets.clock]`), with the config's holidays. */
/** The slice of the loaded config the supervision facts are built from. */
export interface SupervisionConfig {
  sla: SlaPolicy;
  holidays: HolidayCalendar;
  agencies: readonly AgencyFile[];
}

export function calendarsFor(config: Pick<SupervisionConfig, "sla" | "holidays">): SlaCalendars {
  return slaCalendars(config.sla, config.holidays);
}

/** Targets and the matching clock of one ticket, ready for `slaStatus` / `slaJobPlan`. */
export interface TicketSla {
  targets: SlaTargets;
  calendar: WorkingCalendar;
}

/**
 * A ready-made lookup over one config: `targetsFor(ticket)` fits `buildReport`'s option and
 * `slaOf(ticket)` gives the pair `slaStatus` needs. Calendars are built once here, not per call.
 */
export interface SupervisionContext {
  policy: SlaPolicy;
  calendars: SlaCalendars;
  targetsFor: (ticket: SlaTicket) => SlaTargets;
  slaOf: (ticket: SlaTicket) => TicketSla;
}

export function supervisionContext(config: SupervisionConfig): SupervisionContext {
  const calendars = calendarsFor(config);
  const targetsFor = (t: SlaTicket) => slaTargetsFor(t, config.sla, config.agencies);
  return {
    policy: config.sla,
    calendars,
    targetsFor,
    slaOf: (t) => {
      const targets = targetsFor(t);
      return { targets, calendar: calendars[targets.clock] };
    },
  };
}

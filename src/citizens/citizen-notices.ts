import type { CitizenNotice } from "../ports/effects.js";
import { OPEN_STATUSES } from "../core/lifecycle.js";
import type { Ticket } from "../core/ticket.js";
import type { CitizenStrings } from "./citizen-strings.js";

/** The history's actor of a citizen on Telegram: no user id, so `/hapus` leaves none behind. */
export const CITIZEN_ACTOR = "citizen:telegram";

/**
 * The status messages a Telegram ticket owes its citizen, derived from its history alone, so
 * whoever looks (the triage job after routing, the card job after a claim, resolve or reopen)
 * asks for the same list and the job ids and effect keys make each one go once. Pure.
 */
export interface DueNotice {
  notice: CitizenNotice;
  round: number;
}

export function dueNotices(ticket: Ticket): DueNotice[] {
  if (ticket.channel !== "telegram") return [];
  const due: DueNotice[] = [];
  const first: Partial<Record<Ticket["status"], CitizenNotice>> = {
    merged: "duplicate",
    redirected: "redirect",
    not_complaint: "not_report",
  };
  due.push({ notice: first[ticket.status] ?? "received", round: 1 });
  const count = (type: string) => ticket.history.filter((e) => e.type === type).length;
  for (const [type, notice] of [
    ["claimed", "claimed"],
    ["resolved", "resolved"],
    ["reopened", "reopened"],
  ] as const) {
    for (let r = 1; r <= count(type); r++) due.push({ notice, round: r });
  }
  if (ticket.status === "rejected") due.push({ notice: "rejected", round: 1 });
  return due;
}

/**
 * Whether a notice still says something true when its job runs: "sedang ditangani" after the
 * ticket was resolved, or "selesai" after it was reopened, would only confuse, so a superseded
 * claim, resolve or reopen notice is dropped (the later one is on its way).
 */
export function noticeStillTrue(ticket: Ticket, due: DueNotice): boolean {
  const latest = (type: string) => ticket.history.filter((e) => e.type === type).length === due.round;
  switch (due.notice) {
    case "claimed":
      return ticket.status === "claimed" && latest("claimed");
    case "resolved":
      return ticket.status === "resolved" && latest("resolved");
    case "reopened": {
      // The citizen's own "Belum beres" was answered there and then.
      const by = ticket.history.findLast((e) => e.type === "reopened")?.actor;
      return OPEN_STATUSES.includes(ticket.status) && latest("reopened") && by !== CITIZEN_ACTOR;
    }
    default:
      return true;
  }
}

/** The notice's words (plain text), with the agency's short name. */
export function noticeText(
  ticket: Ticket,
  notice: CitizenNotice,
  t: CitizenStrings,
  agencyName: (id: string | null) => string,
): string {
  const id = ticket.id;
  const agency = agencyName(ticket.agency);
  switch (notice) {
    case "received":
      return ticket.status === "new" || !ticket.agency ? t.notice.desk(id) : t.notice.received(id, agency);
    case "duplicate": {
      const original = ticket.history.findLast((e) => e.type === "merged")?.to ?? "?";
      return t.notice.duplicate(id, original);
    }
    case "redirect":
      return t.notice.redirect(id, agency);
    case "not_report":
      return t.notice.notReport;
    case "claimed":
      return t.notice.claimed(id, agency);
    case "resolved":
      return t.notice.resolved(id, ticket.resolution_note ?? null);
    case "reopened":
      return t.notice.reopened(id, agency);
    case "rejected":
      return t.notice.rejected(id);
  }
}

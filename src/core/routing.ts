import type { TriageVerdict } from "../triage/types.js";
import type { PipelineSettings } from "./settings.js";

export type Route =
  /** Stored for audit and backtests, no card, no reply. */
  | { kind: "not_complaint" }
  /** Out of the city's jurisdiction: a redirect reply, no card. */
  | { kind: "redirect"; external: string }
  /**
   * A card. `group` says which: the agency's own (the ticket is dispatched to `agency`), the
   * triage group (no rule was confident: the ticket stays `new` until routed by hand) or
   * moderation (abusive: stays `new`, never an automatic reply).
   */
  | { kind: "dispatch"; agency: string; group: "agency" | "triage" | "moderation" };

/** Where a triaged tweet goes. Pure: the same verdict and settings always give the same route. */
export function routeVerdict(v: TriageVerdict, s: PipelineSettings): Route {
  if (!v.complaint) return { kind: "not_complaint" };
  if (v.abusive) return { kind: "dispatch", agency: s.moderationAgency, group: "moderation" };
  if (v.external) return { kind: "redirect", external: v.external };
  const agency = v.agency ? s.agencies.get(v.agency) : undefined;
  // With ADUAN_UNROUTED=triage, an agency without a group is routed by hand from the triage desk.
  const unrouted = s.unroutedToTriage === true && agency?.chatId === undefined;
  if (!agency || agency.kind !== "agency" || unrouted || v.confidence < s.minConfidence) {
    return { kind: "dispatch", agency: s.triageAgency, group: "triage" };
  }
  return { kind: "dispatch", agency: agency.id, group: "agency" };
}

/**
 * May we tweet at this citizen? Since February 2026 X lets an app reply only to a tweet that
 * mentions (or quotes) its account, unless the deployment has the exemption.
 */
export function mayReply(t: { mentions_us: boolean }, s: PipelineSettings): boolean {
  return t.mentions_us || s.replyExemption;
}

/**
 * The how-many-th card of this ticket is due: each dispatch, reassignment and reopen puts a fresh
 * card in front of a group, and the round makes that card's job id and idempotency key unique.
 */
export function cardRound(history: readonly { type: string }[]): number {
  return history.filter((e) => e.type === "dispatched" || e.type === "reassigned" || e.type === "reopened")
    .length;
}

/** How many times the ticket has been resolved so far (a reopened one can be resolved again). */
export function resolutionRound(history: readonly { type: string }[]): number {
  return history.filter((e) => e.type === "resolved").length;
}

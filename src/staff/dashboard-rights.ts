import { isPresent, type Membership } from "./membership.js";
import type { PipelineSettings } from "../core/settings.js";
import type { Ticket } from "../core/ticket.js";
import { agencyHolding } from "../core/card-view.js";

/**
 * What a dashboard user may see, from Telegram membership exactly as for the card buttons: a
 * member of the supervisors' group sees every ticket; a member of agency groups sees the tickets
 * those agencies hold (a ticket waiting in the triage or moderation group is that group's); anyone
 * else nothing. Asked on every request through the cached membership, so someone removed from a
 * group loses access as soon as the cache hears of it (at once on a `chat_member` update, else
 * within `membership_cache_seconds`).
 */
export type Rights = { kind: "all" } | { kind: "agencies"; agencies: readonly string[] } | { kind: "none" };

export async function rightsOf(
  membership: Membership,
  settings: Pick<PipelineSettings, "supervisorsChatId" | "agencies">,
  userId: number,
): Promise<Rights> {
  const sv = settings.supervisorsChatId;
  if (sv !== undefined && isPresent(await membership.status(sv, userId))) return { kind: "all" };
  const agencies: string[] = [];
  for (const a of settings.agencies.values()) {
    if (a.chatId !== undefined && isPresent(await membership.status(a.chatId, userId))) agencies.push(a.id);
  }
  return agencies.length > 0 ? { kind: "agencies", agencies } : { kind: "none" };
}

/** Whether these rights let the user see `ticket`. */
export function maySee(
  rights: Rights,
  ticket: Pick<Ticket, "status" | "agency" | "triage">,
  s: Pick<PipelineSettings, "triageAgency" | "moderationAgency">,
): boolean {
  if (rights.kind === "all") return true;
  if (rights.kind === "none") return false;
  const holder = agencyHolding(ticket, s);
  return holder !== null && rights.agencies.includes(holder);
}

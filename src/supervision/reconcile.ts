import { chatForTicket, standsInForIn } from "../core/card-view.js";
import { OPEN_STATUSES } from "../core/lifecycle.js";
import { cardRound, mayReply, resolutionRound } from "../core/routing.js";
import { chatForAgency } from "../core/settings.js";
import type { Ticket } from "../core/ticket.js";
import { replyEffectKey } from "../redis/keys.js";
import { redriveParked, type ParkingDeps } from "./parking.js";

/**
 * The reconciler: every few minutes (a Job Scheduler) and once at start, it re-drives what should
 * exist and does not: every parked effect (its cause may have cleared), every open ticket without
 * a live card, every resolved ticket without its resolved reply, and the received reply the flow
 * promised. Re-driving never duplicates: each effect's idempotency key decides, and a re-drive
 * that fails for good again stays parked without a second message to the supervisors.
 */
export interface ReconcileDeps extends ParkingDeps {
  /** The id a group has now, following supergroup upgrades (identity when none happened). */
  currentChatId?(chatId: number): number;
  /** Tickets changed more recently than this are left to the jobs already under way (default 2 min). */
  graceMs?: number;
  /** Resolved tickets received within this window are checked for their replies (default 14 days). */
  lookbackMs?: number;
}

export interface ReconcileResult {
  parked: number;
  cards: number;
  replies: number;
  checked: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export async function reconcile(deps: ReconcileDeps): Promise<ReconcileResult> {
  const now = deps.now();
  const grace = deps.graceMs ?? 2 * 60_000;
  const result: ReconcileResult = { parked: 0, cards: 0, replies: 0, checked: 0 };
  const parked = await deps.parked.list();
  const redriven = new Set<string>();
  for (const item of parked) {
    await redriveParked(deps, item);
    redriven.add(`${item.ticketId}|${item.effect}`);
    result.parked++;
  }
  const open = await deps.store.listOpen({ statuses: OPEN_STATUSES, limit: 1_000_000 });
  const recent = await deps.store.listReceivedBetween(
    new Date(now - (deps.lookbackMs ?? 14 * DAY_MS)).toISOString(),
    new Date(now + 1).toISOString(),
    { limit: 1_000_000 },
  );
  const resolved = recent.filter((t) => t.status === "resolved");
  for (const ticket of [...open, ...resolved]) {
    result.checked++;
    if (now - lastChangeAt(ticket) < grace) continue;
    const done = (key: string) => effectSettled(deps, key);
    if (ticket.status !== "resolved" && !redriven.has(`${ticket.id}|card`) && !hasLiveCard(deps, ticket)) {
      await deps.redrive.card(ticket.id, cardRound(ticket.history));
      result.cards++;
    }
    if (promisesReceived(deps, ticket) && !redriven.has(`${ticket.id}|reply:received`)) {
      if (!(await done(replyEffectKey(ticket.id, "received", 1)))) {
        await deps.redrive.reply(ticket.id, "received", 1);
        result.replies++;
      }
    }
    if (
      ticket.status === "resolved" &&
      deps.settings.replies.on_resolve &&
      mayReply(ticket.tweet, deps.settings) &&
      !redriven.has(`${ticket.id}|reply:resolved`)
    ) {
      const round = resolutionRound(ticket.history);
      if (!(await done(replyEffectKey(ticket.id, "resolved", round)))) {
        await deps.redrive.reply(ticket.id, "resolved", round);
        result.replies++;
      }
    }
  }
  if (result.parked + result.cards + result.replies > 0) {
    deps.log.info({ ...result }, "reconciler re-drove effects");
  }
  return result;
}

function lastChangeAt(ticket: Ticket): number {
  const last = ticket.history.at(-1)?.at ?? ticket.received_at;
  return Date.parse(last);
}

/** Done, or held right now by an attempt under way: nothing to re-drive. */
async function effectSettled(deps: ReconcileDeps, key: string): Promise<boolean> {
  const effect = await deps.store.getEffect(key);
  return effect?.state === "done" || effect?.state === "in_progress";
}

/**
 * Does the ticket's card stand where it belongs now: the group of its status (triage or
 * moderation while `new`, else its agency's), or the triage group standing in for that agency?
 */
export function hasLiveCard(
  deps: Pick<ReconcileDeps, "settings" | "currentChatId">,
  ticket: Ticket,
): boolean {
  const tg = ticket.telegram;
  if (!tg) return false;
  if (standsInForIn(ticket, tg.chat_id) !== undefined) return true;
  const s = deps.settings;
  const own =
    ticket.status === "new"
      ? chatForTicket(ticket, s)
      : ticket.agency
        ? s.agencies.get(ticket.agency)?.chatId
        : undefined;
  const where = own ?? chatForAgency(s, s.triageAgency);
  const current = deps.currentChatId?.(tg.chat_id) ?? tg.chat_id;
  return where !== undefined && current === where;
}

/** The flow promises a "received" reply to a complaint it carded, unless it went to moderation. */
function promisesReceived(deps: ReconcileDeps, ticket: Ticket): boolean {
  const v = ticket.triage;
  return (
    deps.settings.replies.on_dispatch &&
    v.complaint &&
    !v.abusive &&
    !v.external &&
    mayReply(ticket.tweet, deps.settings)
  );
}

import { escapeHtml } from "../core/render-card.js";
import {
  citizenNoticeOf,
  isPerTweet,
  parkingStrings,
  type EffectKind,
  type ParkCauseCode,
  type ParkedEffect,
} from "../core/parking.js";
import { cardRound } from "../core/routing.js";
import { agencyLabel, chatForAgency, type PipelineSettings } from "../core/settings.js";
import type { ReplyKind } from "../core/ticket.js";
import type { CitizenNotice } from "../ports/effects.js";
import { chatRefusalOf } from "../dispatch/deliver-card.js";
import { ChatApiError } from "../ports/chat-gateway.js";
import type { ParkedEffects } from "../ports/parked-effects.js";
import type { TicketStore } from "../ports/ticket-store.js";
import { ReplyRefusedError } from "../ports/tweet-publisher.js";
import { replyEffectKey } from "../redis/keys.js";
import type { ParkingActions } from "../staff/staff-deps.js";

/**
 * Parking (the dead letter) as a use case: an effect that failed for good is recorded (one warn
 * line each time, one message to the supervisors per ticket and effect), re-driven on request or
 * by the reconciler under fresh job ids, cleared when it gets through (one "pulih" line), and, for
 * a cause that belongs to the tweet itself, dismissed by a supervisor on the ticket's history.
 */

/** Re-drive jobs: fresh BullMQ job ids every time (a completed job's id would be ignored). */
export interface Redriver {
  card(ticketId: string, round: number): Promise<void>;
  reply(ticketId: string, kind: ReplyKind, round: number): Promise<void>;
  citizen(ticketId: string, notice: CitizenNotice, round: number): Promise<void>;
}

export interface ParkingDeps {
  parked: ParkedEffects;
  store: TicketStore;
  settings: PipelineSettings;
  /** A message to the supervisors' group, once per `onceKey` (a BullMQ job id: `[A-Za-z0-9-]`). */
  tellSupervisors(html: string, onceKey: string): Promise<void>;
  redrive: Redriver;
  now(): number;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

/** Why a card or reply failed for good, in the parking's terms. */
export function parkCauseOf(err: unknown, exhausted: boolean): { code: ParkCauseCode; detail: string } {
  const detail = err instanceof Error ? err.message : String(err);
  const refusal = chatRefusalOf(err);
  if (refusal) return { code: refusal, detail };
  if (err instanceof ChatApiError && !err.retryable) return { code: "card_refused", detail };
  if (err instanceof ReplyRefusedError) {
    const byReason: Record<string, ParkCauseCode> = {
      unauthorized: "x_unauthorized",
      "unsupported-auth": "x_unauthorized",
      "not-found": "tweet_gone",
      "reply-not-allowed": "reply_not_allowed",
      "too-long": "reply_refused",
      invalid: "reply_refused",
      forbidden: "x_forbidden",
    };
    return { code: byReason[err.reason ?? ""] ?? "x_forbidden", detail };
  }
  return { code: exhausted ? "retries_exhausted" : "card_refused", detail };
}

/**
 * Why a citizen's status message failed for good. A private chat Telegram no longer knows is the
 * citizen's, not a group's, so the group codes are not used (403, the citizen's block, is never parked).
 */
export function citizenParkCauseOf(
  err: unknown,
  exhausted: boolean,
): { code: ParkCauseCode; detail: string } {
  const detail = err instanceof Error ? err.message : String(err);
  if (err instanceof ChatApiError && !err.retryable) {
    const d = err.description.toLowerCase();
    const gone = /chat not found|user not found|deactivated|peer_id_invalid/.test(d);
    return { code: gone ? "citizen_chat_gone" : "notice_refused", detail };
  }
  return { code: exhausted ? "retries_exhausted" : "notice_refused", detail };
}

/** Where the supervisors hear of it: their group, else the triage group. */
export function supervisorsChat(s: PipelineSettings): number | undefined {
  return s.supervisorsChatId ?? chatForAgency(s, s.triageAgency);
}

/** A job id fragment for a ticket's effect (BullMQ refuses `:`). */
const idOf = (ticketId: string, effect: EffectKind, firstAt: string) =>
  `${ticketId}-${effect.replace(":", "-")}-${Date.parse(firstAt)}`;

/** Records an effect that failed for good; tells the supervisors the first time. */
export async function parkEffect(
  deps: ParkingDeps,
  p: {
    ticketId: string;
    effect: EffectKind;
    round: number;
    cause: { code: ParkCauseCode; detail: string };
    standIn?: boolean;
  },
): Promise<ParkedEffect> {
  const ticket = await deps.store.get(p.ticketId);
  const agency = ticket?.agency ?? null;
  const { first, record } = await deps.parked.park({
    ticketId: p.ticketId,
    effect: p.effect,
    round: p.round,
    code: p.cause.code,
    detail: p.cause.detail.slice(0, 500),
    agency,
    ...(p.standIn ? { standIn: true } : {}),
    at: new Date(deps.now()).toISOString(),
  });
  deps.log.warn(
    {
      ticket: p.ticketId,
      effect: p.effect,
      round: p.round,
      cause: p.cause.code,
      detail: record.detail,
      agency,
      attempts: record.attempts,
      standIn: record.standIn === true,
      first,
    },
    "parked an effect that failed for good",
  );
  if (first) {
    const t = parkingStrings(deps.settings.language);
    const name = agencyLabel(deps.settings, agency);
    const text = t.notice({
      ticketId: p.ticketId,
      effect: t.effect(p.effect),
      agency: name,
      cause: t.cause(p.cause.code, name),
      standIn: p.standIn === true,
    });
    await deps.tellSupervisors(escapeHtml(text), `parked-${idOf(p.ticketId, p.effect, record.firstAt)}`);
  }
  return record;
}

/**
 * The effect got through (or is no longer needed): its parked record, if any, is cleared and the
 * supervisors get one line. A card still standing in the triage group for a group that refused it
 * stays parked until it reaches its own group.
 */
export async function effectGotThrough(
  deps: ParkingDeps,
  ticketId: string,
  effect: EffectKind,
): Promise<ParkedEffect | null> {
  const parked = await deps.parked.get(ticketId, effect);
  if (!parked) return null;
  if (effect === "card" && parked.standIn) {
    const ticket = await deps.store.get(ticketId);
    if (ticket?.telegram?.stands_in_for && ticket.telegram.stands_in_for === ticket.agency) return null;
  }
  const cleared = await deps.parked.clear(ticketId, effect);
  if (!cleared) return null;
  deps.log.info(
    { ticket: ticketId, effect, cause: cleared.code, attempts: cleared.attempts },
    "a parked effect got through",
  );
  const t = parkingStrings(deps.settings.language);
  await deps.tellSupervisors(
    escapeHtml(t.recovered(ticketId, t.effect(effect))),
    `recovered-${idOf(ticketId, effect, cleared.firstAt)}`,
  );
  return cleared;
}

/** Enqueues one parked effect again under a fresh job id (its idempotency key still decides). */
export async function redriveParked(deps: ParkingDeps, item: ParkedEffect): Promise<void> {
  if (item.effect === "card") {
    const ticket = await deps.store.get(item.ticketId);
    if (!ticket) {
      await deps.parked.clear(item.ticketId, item.effect);
      return;
    }
    await deps.redrive.card(ticket.id, cardRound(ticket.history));
    return;
  }
  const notice = citizenNoticeOf(item.effect);
  if (notice) {
    await deps.redrive.citizen(item.ticketId, notice, item.round);
    return;
  }
  await deps.redrive.reply(item.ticketId, item.effect.slice("reply:".length) as ReplyKind, item.round);
}

export type RedriveOutcome = "redriven" | "not_parked";

/** `Coba lagi`, `npm run redrive -- --ticket`: re-drives every parked effect of one ticket. */
export async function redriveTicket(
  deps: ParkingDeps,
  ticketId: string,
  effect?: EffectKind,
): Promise<{ outcome: RedriveOutcome; effects: EffectKind[] }> {
  const items = (await deps.parked.list()).filter(
    (i) => i.ticketId === ticketId && (effect === undefined || i.effect === effect),
  );
  for (const item of items) await redriveParked(deps, item);
  return { outcome: items.length > 0 ? "redriven" : "not_parked", effects: items.map((i) => i.effect) };
}

export type DismissOutcome = "dismissed" | "not_parked" | "not_dismissable";

/**
 * `Abaikan`: a parked reply that can never succeed (the tweet is gone, or X does not let us reply
 * to it) is given up on purpose: its effect is marked done so no re-drive tries again, and the
 * ticket's history says who dismissed it and why.
 */
export async function dismissParked(
  deps: ParkingDeps,
  ticketId: string,
  effect: EffectKind,
  actor: string,
): Promise<DismissOutcome> {
  const item = await deps.parked.get(ticketId, effect);
  if (!item) return "not_parked";
  if (!isPerTweet(item.code) || !effect.startsWith("reply:")) return "not_dismissable";
  const kind = effect.slice("reply:".length);
  await deps.store.completeEffect(replyEffectKey(ticketId, kind, item.round), `dismissed: ${item.code}`);
  await deps.store.appendEvent(ticketId, {
    at: new Date(deps.now()).toISOString(),
    type: "dismissed",
    actor,
    to: effect,
    note: item.code,
  });
  await deps.parked.clear(ticketId, effect);
  deps.log.info({ ticket: ticketId, effect, cause: item.code, actor }, "dismissed a parked effect");
  return "dismissed";
}

/** The staff side's handle on parking (`/macet`, its buttons, `/antrian`'s count). */
export function parkingActions(deps: ParkingDeps): ParkingActions {
  return {
    count: () => deps.parked.count(),
    list: () => deps.parked.list(),
    redrive: async (ticketId, effect) => (await redriveTicket(deps, ticketId, effect)).outcome,
    dismiss: (ticketId, effect, actor) => dismissParked(deps, ticketId, effect, actor),
  };
}

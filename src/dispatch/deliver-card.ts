import type { Ticket } from "../core/ticket.js";
import type { TicketStore } from "../ports/ticket-store.js";
import { ChatApiError, type ChatGateway } from "../ports/chat-gateway.js";
import { type Keyboard } from "../core/card-view.js";
import type { RateGate } from "../ports/rate-gate.js";
import { chatForTicket } from "../core/card-view.js";
import type { PipelineSettings } from "../core/settings.js";
import type { TelegramJob } from "../ports/effects.js";
import { cardRound } from "../core/routing.js";
import { renderRetiredCard } from "../core/render-card.js";
import { DeliverLaterError, GatedChatGateway } from "./gated-chat-gateway.js";
import { CARD_EFFECT_TTL_S, cardEffectKey } from "../redis/keys.js";

export interface RenderedCard {
  html: string;
  keyboard: Keyboard;
}

export interface DeliverDeps {
  store: TicketStore;
  chat: ChatGateway;
  gate: RateGate;
  settings: PipelineSettings;
  /** The card of a ticket as the group `chatId` should see it now (also the card it left behind there). */
  renderCard(ticket: Ticket, chatId: number): RenderedCard;
  now(): number;
  /** Telegram told us a group became a supergroup: remember the new id and tell the operator. */
  onMigrated(oldChatId: number, newChatId: number): Promise<void>;
  log: { warn(obj: object, msg: string): void };
  /** The id a group has now, following supergroup upgrades (identity when none happened). */
  currentChatId?(chatId: number): number;
  /** How long a send is presumed in flight before another attempt may send again (default 15 s). */
  cardLeaseMs?: number;
  /** Told of every 429 from Telegram (the metrics count them). */
  onRateLimited?(chatId: number, retryAfterS: number | undefined): void;
}

export { DeliverLaterError };

export type DeliverOutcome = "sent" | "edited" | "skipped";

/**
 * Performs one outgoing Telegram job. Cards are rendered from the ticket as it is when the job
 * runs, so a late or repeated edit converges on the current state instead of an old one. Sends
 * pass the shared rate gate first and respect `retry_after`.
 */
export async function deliverTelegramJob(deps: DeliverDeps, job: TelegramJob): Promise<DeliverOutcome> {
  const chat = queueGateway(deps);
  switch (job.kind) {
    case "card":
      return deliverCard(deps, job.ticketId, job.dispatch);
    case "sync": {
      const ticket = await deps.store.get(job.ticketId);
      if (!ticket?.telegram) return "skipped";
      const { chat_id, message_id } = ticket.telegram;
      const now = current(deps, chat_id);
      // The card's group became a supergroup: its old messages can no longer be edited, so the
      // card is posted again in the group as it is now.
      if (now !== chat_id) return deliverCard(deps, ticket.id, cardRound(ticket.history), `:to:${now}`);
      const card = deps.renderCard(ticket, chat_id);
      await chat.editMessage(chat_id, message_id, card.html, card.keyboard);
      return "edited";
    }
    case "farewell": {
      const ticket = await deps.store.get(job.ticketId);
      if (!ticket || current(deps, job.chatId) !== job.chatId) return "skipped"; // that group is read-only now
      const card = deps.renderCard(ticket, job.chatId);
      await chat.editMessage(job.chatId, job.messageId, card.html, card.keyboard);
      return "edited";
    }
    case "text": {
      const chatId = current(deps, job.chatId);
      const replyTo = chatId === job.chatId ? job.replyToMessageId : undefined;
      await chat.sendMessage(chatId, job.html, {
        ...(replyTo ? { replyToMessageId: replyTo } : {}),
        ...(job.forceReply ? { forceReply: {} } : {}),
        ...(job.priority ? { priority: job.priority } : {}),
      });
      return "sent";
    }
  }
}

function current(deps: DeliverDeps, chatId: number): number {
  return deps.currentChatId?.(chatId) ?? chatId;
}

async function deliverCard(
  deps: DeliverDeps,
  ticketId: string,
  round: number,
  keySuffix = "",
): Promise<DeliverOutcome> {
  const ticket = await deps.store.get(ticketId);
  if (!ticket || cardRound(ticket.history) !== round) return "skipped"; // superseded by a later round
  const chatId = chatForTicket(ticket, deps.settings);
  if (chatId === undefined) {
    deps.log.warn(
      { ticket: ticket.id, agency: ticket.agency },
      "no Telegram group configured for this agency or triage",
    );
    return "skipped";
  }
  const key = cardEffectKey(ticket.id, round, keySuffix);
  const claim = await deps.store.claimEffect(key, deps.cardLeaseMs ?? 15_000);
  if (claim === "done") return "skipped";
  if (claim === "in_progress") throw new DeliverLaterError(1_000, `${key} is being sent by another worker`);
  if (claim === "reclaimed") {
    // The Bot API cannot list a chat's messages, so an attempt that died after sending cannot be
    // checked: this send may duplicate that card. Logged so the residue is measurable.
    deps.log.warn({ ticket: ticket.id, round }, "re-sending a card whose earlier attempt ended in doubt");
  }
  const card = deps.renderCard(ticket, chatId);
  let sent: { messageId: number };
  try {
    // Inside the try: a gate wait while retiring the old card gives the claim back like a send's would.
    await retireReopenedCard(deps, ticket, chatId, keySuffix);
    sent = await queueGateway(deps).sendMessage(chatId, card.html, { keyboard: card.keyboard });
  } catch (err) {
    // Certain failures give the claim back so the retry may send; doubtful ones keep it until the lease ends.
    if (err instanceof DeliverLaterError || (err instanceof ChatApiError && err.status < 500)) {
      await deps.store.releaseEffect(key);
    }
    throw err;
  }
  await deps.store.completeEffect(key, String(sent.messageId), CARD_EFFECT_TTL_S);
  await deps.store.setTelegramMessage(ticket.id, chatId, sent.messageId);
  return "sent";
}

/**
 * A reopened ticket gets a new card in the same group: its old card (still saying "Selesai: …")
 * becomes one line pointing to the new card below it, so the group has one live card per ticket.
 * Done before the send, so a retry repeats it harmlessly (an unchanged edit counts as done); a
 * card Telegram no longer has (deleted) is left to be.
 */
async function retireReopenedCard(
  deps: DeliverDeps,
  ticket: Ticket,
  chatId: number,
  keySuffix: string,
): Promise<void> {
  const old = ticket.telegram;
  const lastRound = ticket.history.findLast(
    (e) => e.type === "dispatched" || e.type === "reassigned" || e.type === "reopened",
  );
  if (!old || keySuffix !== "" || lastRound?.type !== "reopened" || old.chat_id !== chatId) return;
  const retired = renderRetiredCard(ticket, deps.settings.language);
  try {
    await queueGateway(deps).editMessage(chatId, old.message_id, retired.text, []);
  } catch (err) {
    if (!(err instanceof ChatApiError) || err.retryable) throw err;
    deps.log.warn(
      { ticket: ticket.id, chat: chatId, message: old.message_id, err: err.description },
      "could not retire the old card of a reopened ticket",
    );
  }
}

/**
 * The gateway as a queue job uses it: bulk priority, and a wait for the gate or a 429 defers the
 * job (`DeliverLaterError`: BullMQ delays it without spending an attempt).
 */
function queueGateway(deps: DeliverDeps): GatedChatGateway {
  return new GatedChatGateway(deps.chat, {
    gate: deps.gate,
    now: deps.now,
    onWait: "defer",
    priority: "bulk",
    onMigrated: deps.onMigrated,
    ...(deps.onRateLimited
      ? { onRateLimited: (chatId, s) => deps.onRateLimited?.(chatId === "all" ? 0 : chatId, s) }
      : {}),
  });
}

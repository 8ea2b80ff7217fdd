import type { Ticket } from "../core/ticket.js";
import type { TicketStore } from "../ports/ticket-store.js";
import { ChatApiError, type ChatGateway } from "../ports/chat-gateway.js";
import { type Keyboard } from "../core/card-view.js";
import type { RateGate } from "../ports/rate-gate.js";
import { chatForTicket } from "../core/card-view.js";
import type { PipelineSettings } from "../core/settings.js";
import type { TelegramJob } from "../ports/effects.js";
import { cardRound } from "../core/routing.js";
import { RetryLaterError } from "../errors.js";
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

/** Wait this long and try again (rate gate, Telegram's `retry_after`, a claim held elsewhere). */
export class DeliverLaterError extends RetryLaterError {
  constructor(delayMs: number, reason: string) {
    super("telegram", "TELEGRAM_LATER", reason, delayMs);
    this.name = "DeliverLaterError";
  }
}

export type DeliverOutcome = "sent" | "edited" | "skipped";

/**
 * Performs one outgoing Telegram job. Cards are rendered from the ticket as it is when the job
 * runs, so a late or repeated edit converges on the current state instead of an old one. Sends
 * pass the shared rate gate first and respect `retry_after`.
 */
export async function deliverTelegramJob(deps: DeliverDeps, job: TelegramJob): Promise<DeliverOutcome> {
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
      await gated(deps, chat_id, () => deps.chat.editMessage(chat_id, message_id, card.html, card.keyboard));
      return "edited";
    }
    case "farewell": {
      const ticket = await deps.store.get(job.ticketId);
      if (!ticket || current(deps, job.chatId) !== job.chatId) return "skipped"; // that group is read-only now
      const card = deps.renderCard(ticket, job.chatId);
      await gated(deps, job.chatId, () =>
        deps.chat.editMessage(job.chatId, job.messageId, card.html, card.keyboard),
      );
      return "edited";
    }
    case "text": {
      const chatId = current(deps, job.chatId);
      const replyTo = chatId === job.chatId ? job.replyToMessageId : undefined;
      await gated(deps, chatId, () =>
        deps.chat.sendMessage(chatId, job.html, {
          ...(replyTo ? { replyToMessageId: replyTo } : {}),
          ...(job.forceReply ? { forceReply: {} } : {}),
          ...(job.keyboard ? { keyboard: job.keyboard } : {}),
        }),
      );
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
    sent = await gated(deps, chatId, () =>
      deps.chat.sendMessage(chatId, card.html, { keyboard: card.keyboard }),
    );
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

/** Passes the shared rate gate, then calls Telegram; a 429 cools the chat down for everyone. */
async function gated<T>(deps: DeliverDeps, chatId: number, call: () => Promise<T>): Promise<T> {
  const wait = await deps.gate.acquire(chatId, deps.now());
  if (wait > 0) throw new DeliverLaterError(wait, `rate gate for chat ${chatId}`);
  try {
    return await call();
  } catch (err) {
    if (err instanceof ChatApiError && err.rateLimited) {
      deps.onRateLimited?.(chatId, err.retryAfter);
      const ms = (err.retryAfter ?? 5) * 1000;
      await deps.gate.coolDown(chatId, deps.now() + ms, deps.now());
      throw new DeliverLaterError(ms, `Telegram 429 for chat ${chatId}: retry after ${err.retryAfter ?? 5}s`);
    }
    if (err instanceof ChatApiError && err.migrateToChatId) {
      await deps.onMigrated(chatId, err.migrateToChatId);
      throw new DeliverLaterError(0, `chat ${chatId} migrated to ${err.migrateToChatId}`);
    }
    throw err;
  }
}

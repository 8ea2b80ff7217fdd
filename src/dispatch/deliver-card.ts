import type { Ticket } from "../core/ticket.js";
import type { TicketStore } from "../ports/ticket-store.js";
import { ChatApiError, type ChatGateway } from "../ports/chat-gateway.js";
import { type Keyboard } from "../core/card-view.js";
import type { RateGate } from "../ports/rate-gate.js";
import { chatForTicket } from "../core/card-view.js";
import { chatForAgency } from "../core/settings.js";
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
  /**
   * The card of a ticket as the group `chatId` should see it now (also the card it left behind
   * there); `standsInFor`: the triage group's copy of that agency's card (its group has no chat or
   * refused the bot).
   */
  renderCard(ticket: Ticket, chatId: number, standsInFor?: string): RenderedCard;
  now(): number;
  /** Telegram told us a group became a supergroup: remember the new id and tell the operator. */
  onMigrated(oldChatId: number, newChatId: number): Promise<void>;
  log: { warn(obj: object, msg: string): void };
  /** The id a group has now, following supergroup upgrades (identity when none happened). */
  currentChatId?(chatId: number): number;
  /** How long a send is presumed in flight before another attempt may send again (default 15 s). */
  cardLeaseMs?: number;
  /** A citizen's status message or report flush (`citizens/`); without it they are skipped. */
  citizenJob?(job: Extract<TelegramJob, { kind: "citizen" | "citizen_flush" }>): Promise<DeliverOutcome>;
  /** Told of every 429 from Telegram (the metrics count them). */
  onRateLimited?(chatId: number, retryAfterS: number | undefined): void;
  /**
   * The citizen-facing bot (`TELEGRAM_CITIZEN_BOT_TOKEN`), with the rate gate of its own token:
   * texts marked `bot: "citizen"` go through it, and it fetches the photos it received for the
   * staff bot's cards. Absent: one bot does both.
   */
  citizenBot?: CitizenBotGateway;
  /**
   * A card went to the triage group instead of its agency's group (none configured, or it refused
   * the bot): park the refusal so someone fixes the group. Without it the card still goes there.
   */
  onStandIn?(
    ticket: Ticket,
    round: number,
    cause: { code: ChatRefusal | "no_chat"; detail: string },
  ): Promise<void>;
}

/** A second bot's gateway (raw, ungated) and the rate gate of its token (Telegram limits each bot apart). */
export interface CitizenBotGateway {
  chat: ChatGateway;
  gate: RateGate;
}

/** How a group refused the bot: the card cannot reach it until someone fixes the group. */
export type ChatRefusal = "chat_kicked" | "chat_not_found" | "chat_forbidden";

/**
 * Telegram's refusals that belong to the group, not the card: 403 (kicked, not a member, the group
 * deleted) and 400 "chat not found" or missing rights to post. Other 400s are about the card.
 */
export function chatRefusalOf(err: unknown): ChatRefusal | undefined {
  if (!(err instanceof ChatApiError) || err.migrateToChatId) return undefined;
  const d = err.description.toLowerCase();
  if (err.status === 403) return /kicked|deleted/.test(d) ? "chat_kicked" : "chat_forbidden";
  if (err.status !== 400) return undefined;
  if (d.includes("chat not found")) return "chat_not_found";
  if (/not enough rights|have no rights|chat_write_forbidden|need administrator rights/.test(d)) {
    return "chat_forbidden";
  }
  return undefined;
}

export { DeliverLaterError };

/** `stood_in`: the card was sent to the triage group in place of its agency's group. */
export type DeliverOutcome = "sent" | "edited" | "skipped" | "stood_in";

/**
 * Performs one outgoing Telegram job. Cards are rendered from the ticket as it is when the job
 * runs, so a late or repeated edit converges on the current state instead of an old one. Sends
 * pass the shared rate gate first and respect `retry_after`.
 */
export async function deliverTelegramJob(deps: DeliverDeps, job: TelegramJob): Promise<DeliverOutcome> {
  const chat = queueGateway(deps);
  switch (job.kind) {
    case "card":
      return deliverCard(deps, job.ticketId, job.dispatch, "", job.redrive === true);
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
      const sender = job.bot === "citizen" && deps.citizenBot ? citizenGateway(deps, deps.citizenBot) : chat;
      await sender.sendMessage(chatId, job.html, {
        ...(replyTo ? { replyToMessageId: replyTo } : {}),
        ...(job.forceReply ? { forceReply: {} } : {}),
        ...(job.priority ? { priority: job.priority } : {}),
        ...(job.keyboard ? { keyboard: job.keyboard } : {}),
        ...(job.replyKeyboard ? { replyKeyboard: job.replyKeyboard } : {}),
      });
      return "sent";
    }
    case "citizen":
    case "citizen_flush":
      // Citizens' jobs belong to citizens/: composed in by the workers, skipped where not.
      return deps.citizenJob ? deps.citizenJob(job) : "skipped";
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
  redrive = false,
): Promise<DeliverOutcome> {
  const ticket = await deps.store.get(ticketId);
  if (!ticket || cardRound(ticket.history) !== round) return "skipped"; // superseded by a later round
  const triageChat = chatForAgency(deps.settings, deps.settings.triageAgency);
  // An open ticket's agency without a group of its own (ADUAN_UNROUTED=triage, or a group removed
  // from the config since) gets its card in the triage group, acting as the agency's card there.
  const ownChat =
    ticket.status === "new" ? chatForTicket(ticket, deps.settings) : ownChatOf(ticket, deps.settings);
  const chatId = ownChat ?? triageChat;
  if (chatId === undefined) {
    deps.log.warn(
      { ticket: ticket.id, agency: ticket.agency },
      "no Telegram group configured for this agency or triage",
    );
    return "skipped";
  }
  const standIn = ownChat === undefined && ticket.agency ? ticket.agency : undefined;
  const key = cardEffectKey(ticket.id, round, keySuffix);
  // A re-drive of a card that stands in the triage group tries its own group again.
  if (redrive && !keySuffix && ownChat !== undefined && ticket.telegram?.stands_in_for === ticket.agency) {
    return sendHome(deps, ticket, round, ownChat);
  }
  const claim = await deps.store.claimEffect(key, deps.cardLeaseMs ?? 15_000);
  if (claim === "done") {
    // A retry after the card went out: its photos may still be owed.
    await sendCardPhotos(deps, ticket.id, key);
    return "skipped";
  }
  if (claim === "in_progress") throw new DeliverLaterError(1_000, `${key} is being sent by another worker`);
  if (claim === "reclaimed") {
    // The Bot API cannot list a chat's messages, so an attempt that died after sending cannot be
    // checked: this send may duplicate that card. Logged so the residue is measurable.
    deps.log.warn({ ticket: ticket.id, round }, "re-sending a card whose earlier attempt ended in doubt");
  }
  let outcome: DeliverOutcome;
  try {
    // Inside the try: a gate wait while retiring the old card gives the claim back like a send's would.
    await retireReopenedCard(deps, ticket, chatId, keySuffix);
    if (standIn === undefined) {
      try {
        await sendCard(deps, ticket, chatId, key);
        outcome = "sent";
      } catch (err) {
        const refusal = chatRefusalOf(err);
        if (!refusal || triageChat === undefined || chatId === triageChat || !ticket.agency) throw err;
        deps.log.warn(
          { ticket: ticket.id, agency: ticket.agency, chat: chatId, err: String(err) },
          "the agency's group refused the card; sending it to the triage group",
        );
        await sendCard(deps, ticket, triageChat, key, ticket.agency);
        await deps.onStandIn?.(ticket, round, { code: refusal, detail: (err as Error).message });
        outcome = "stood_in";
      }
    } else {
      await sendCard(deps, ticket, chatId, key, standIn);
      await deps.onStandIn?.(ticket, round, { code: "no_chat", detail: `no chat configured for ${standIn}` });
      outcome = "stood_in";
    }
  } catch (err) {
    // Certain failures give the claim back so the retry may send; doubtful ones keep it until the lease ends.
    if (err instanceof DeliverLaterError || (err instanceof ChatApiError && err.status < 500)) {
      await deps.store.releaseEffect(key);
    }
    throw err;
  }
  // After the card's claim is settled: a photo's failure retries the job, which finds the card done.
  await sendCardPhotos(deps, ticket.id, key);
  return outcome;
}

/**
 * A citizen's photos under the ticket's live card, each once per card (`<card key>:photo:<n>`),
 * sent by the `file_id` Telegram gave us (never stored). A `file_id` is only good for the bot
 * that received it: a photo sent to the citizen-facing bot is fetched by that bot (`getFile`) and
 * uploaded by the staff bot, in memory only. The card is sent first and stays text, so its edits
 * keep working; a photo Telegram no longer has (400) is logged and skipped.
 */
async function sendCardPhotos(deps: DeliverDeps, ticketId: string, cardKey: string): Promise<void> {
  const ticket = await deps.store.get(ticketId);
  const photos = ticket?.citizen?.photos ?? [];
  if (!ticket?.telegram || photos.length === 0) return;
  const { chat_id, message_id } = ticket.telegram;
  for (const [i, fileId] of photos.entries()) {
    const key = `${cardKey}:photo:${i}`;
    const claim = await deps.store.claimEffect(key, deps.cardLeaseMs ?? 15_000);
    if (claim === "done") continue;
    if (claim === "in_progress") throw new DeliverLaterError(1_000, `${key} is being sent by another worker`);
    try {
      const caption = `📷 ${ticket.id} (${i + 1}/${photos.length})`;
      if (ticket.citizen?.bot === "citizen" && deps.citizenBot) {
        const bytes = await deps.citizenBot.chat.downloadFile(fileId);
        await queueGateway(deps).sendPhoto(chat_id, bytes, caption, {
          replyToMessageId: message_id,
          filename: `${ticket.id}-${i + 1}.jpg`,
        });
      } else {
        await queueGateway(deps).sendPhotoById(chat_id, fileId, { caption, replyToMessageId: message_id });
      }
      await deps.store.completeEffect(key, "sent", CARD_EFFECT_TTL_S);
    } catch (err) {
      if (err instanceof ChatApiError && err.status === 400) {
        deps.log.warn({ ticket: ticket.id, photo: i, err: err.description }, "a citizen's photo was refused");
        await deps.store.completeEffect(key, "refused", CARD_EFFECT_TTL_S);
        continue;
      }
      if (err instanceof DeliverLaterError || (err instanceof ChatApiError && err.status < 500)) {
        await deps.store.releaseEffect(key);
      }
      throw err;
    }
  }
}

/** The group of an open ticket's agency, if it has one (no triage fallback). */
function ownChatOf(ticket: Ticket, s: PipelineSettings): number | undefined {
  return ticket.agency ? s.agencies.get(ticket.agency)?.chatId : undefined;
}

/** Sends the card (the effect `key` is held) and records it as the ticket's live card. */
async function sendCard(
  deps: DeliverDeps,
  ticket: Ticket,
  chatId: number,
  key: string,
  standsInFor?: string,
): Promise<void> {
  const card = deps.renderCard(ticket, chatId, standsInFor);
  const sent = await queueGateway(deps).sendMessage(chatId, card.html, { keyboard: card.keyboard });
  await deps.store.completeEffect(key, String(sent.messageId), CARD_EFFECT_TTL_S);
  await deps.store.setTelegramMessage(ticket.id, chatId, sent.messageId, standsInFor);
}

/**
 * A card standing in the triage group goes to its own group once that group takes it again: the
 * live card moves there and the triage copy is edited to say where the ticket is (no buttons).
 */
async function sendHome(
  deps: DeliverDeps,
  ticket: Ticket,
  round: number,
  ownChat: number,
): Promise<DeliverOutcome> {
  const away = ticket.telegram;
  const key = cardEffectKey(ticket.id, round, `:home:${Math.abs(ownChat)}`);
  const claim = await deps.store.claimEffect(key, deps.cardLeaseMs ?? 15_000);
  if (claim === "done") return "skipped";
  if (claim === "in_progress") throw new DeliverLaterError(1_000, `${key} is being sent by another worker`);
  try {
    await sendCard(deps, ticket, ownChat, key);
  } catch (err) {
    if (err instanceof DeliverLaterError || (err instanceof ChatApiError && err.status < 500)) {
      await deps.store.releaseEffect(key);
    }
    throw err;
  }
  if (away) {
    const moved = await deps.store.get(ticket.id);
    if (moved) {
      const left = deps.renderCard(moved, away.chat_id);
      await queueGateway(deps)
        .editMessage(away.chat_id, away.message_id, left.html, left.keyboard)
        .catch((err: unknown) =>
          deps.log.warn({ ticket: ticket.id, err: String(err) }, "could not retire the triage group's copy"),
        );
    }
  }
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

/** The citizen bot's gateway as a queue job uses it: its own token's gate, a wait defers the job. */
export function citizenGateway(
  deps: Pick<DeliverDeps, "now" | "onRateLimited">,
  bot: CitizenBotGateway,
): GatedChatGateway {
  return new GatedChatGateway(bot.chat, {
    gate: bot.gate,
    now: deps.now,
    onWait: "defer",
    priority: "bulk",
    ...(deps.onRateLimited
      ? { onRateLimited: (chatId, s) => deps.onRateLimited?.(chatId === "all" ? 0 : chatId, s) }
      : {}),
  });
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

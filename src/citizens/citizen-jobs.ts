import type { TicketOrigin } from "../core/lifecycle.js";
import type { Ticket } from "../core/ticket.js";
import { escapeHtml } from "../core/render-card.js";
import { agencyLabel, type PipelineSettings } from "../core/settings.js";
import type { FlattenedTweet } from "../core/tweet.js";
import { ChatApiError, type ChatGateway } from "../ports/chat-gateway.js";
import type { CitizenNotice, StaffEffects, TelegramJob } from "../ports/effects.js";
import type { TicketStore } from "../ports/ticket-store.js";
import type { DeliverOutcome } from "../dispatch/deliver-card.js";
import { DeliverLaterError } from "../dispatch/gated-chat-gateway.js";
import type { HandledTweet } from "../tickets/handle-tweet.js";
import type { CitizenMemory } from "./citizen-memory.js";
import { citizenStrings } from "./citizen-strings.js";
import { dueNotices, noticeStillTrue, noticeText } from "./citizen-notices.js";
import { feedbackKeyboard } from "./conversation.js";

/** How long a claim on a status message is held before a retry may send it (the worker died). */
const NOTICE_LEASE_MS = 15_000;
/** Status-message records are kept as long as a card's. */
const NOTICE_EFFECT_TTL_S = 30 * 24 * 3600;

export function citizenNoticeKey(ticketId: string, notice: CitizenNotice, round: number): string {
  return `citizen:${ticketId}:${notice}:${round}`;
}

export interface CitizenJobDeps {
  store: TicketStore;
  memory: CitizenMemory;
  effects: StaffEffects;
  settings: PipelineSettings;
  /** The gated gateway of queue jobs (bulk priority; a wait defers the job). */
  chat: ChatGateway;
  /**
   * The citizen-facing bot's, gated alike: a citizen who wrote to it (`citizen.bot`) hears from it.
   * Absent: one bot does both.
   */
  citizenChat?: ChatGateway;
  now(): number;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** Counts a status message the citizen's block stopped (the `aduan_citizen_blocked_total` metric). */
  onBlocked?(): void;
}

/**
 * The triage job of a Telegram report: the same `handleTweet` as a tweet (triage, duplicates,
 * routing, the card), then the report joins its citizen's list and its first status message is
 * asked for. Safe to run again: the ticket is found by the report id, the list is a set, the
 * notice jobs have fixed ids.
 */
export async function intakeCitizenReport(
  deps: Pick<CitizenJobDeps, "memory" | "effects">,
  handle: (tweet: FlattenedTweet, origin: TicketOrigin) => Promise<HandledTweet>,
  tweet: FlattenedTweet,
  origin: TicketOrigin,
): Promise<HandledTweet> {
  const done = await handle(tweet, origin);
  const userId = done.ticket.citizen?.user_id;
  if (userId !== undefined) {
    await deps.memory.addTicket(userId, done.ticket.id, Date.parse(done.ticket.received_at));
  }
  await askForNotices(deps, done.ticket.id, done.ticket);
  return done;
}

/** Enqueues every status message the ticket owes its citizen (each has a fixed job id). */
export async function askForNotices(
  deps: Pick<CitizenJobDeps, "effects"> & { store?: TicketStore },
  ticketId: string,
  known?: Ticket,
): Promise<void> {
  const ticket = known ?? (await deps.store?.get(ticketId));
  if (!ticket || ticket.channel !== "telegram" || ticket.citizen?.chat_id === undefined) return;
  for (const due of dueNotices(ticket)) {
    await deps.effects.telegram({
      kind: "citizen",
      ticketId: ticket.id,
      notice: due.notice,
      round: due.round,
    });
  }
}

/**
 * One status message to the citizen, once: claimed in the effect ledger before sending, completed
 * after. A notice the ticket has moved past is dropped; a citizen who blocked the bot (403) or
 * erased their data ends the notice for good (recorded on the ticket, counted, logged, never
 * retried); any other final failure is parked by the queue's processor (`citizen:<notice>`).
 */
export async function deliverCitizenJob(
  deps: CitizenJobDeps,
  job: Extract<TelegramJob, { kind: "citizen" | "citizen_flush" }>,
  flush: (job: { userId: number; reportId: string }) => Promise<unknown>,
): Promise<DeliverOutcome> {
  if (job.kind === "citizen_flush") {
    await flush(job);
    return "sent";
  }
  const ticket = await deps.store.get(job.ticketId);
  const chatId = ticket?.citizen?.chat_id;
  if (!ticket || chatId === undefined) return "skipped";
  const due = { notice: job.notice, round: job.round };
  const key = citizenNoticeKey(ticket.id, job.notice, job.round);
  const claim = await deps.store.claimEffect(key, NOTICE_LEASE_MS);
  if (claim === "done") return "skipped";
  if (claim === "in_progress") throw new DeliverLaterError(1_000, `${key} is being sent by another worker`);
  if (claim === "reclaimed") {
    // As for cards: an attempt that died after Telegram took the message cannot be checked, so
    // this send may repeat it. Logged so the residue is measurable (the fault suite counts it).
    deps.log.warn(
      { ticket: ticket.id, notice: job.notice, round: job.round },
      "re-sending a citizen's status message whose earlier attempt ended in doubt",
    );
  }
  if (!noticeStillTrue(ticket, due)) {
    await deps.store.completeEffect(key, "superseded", NOTICE_EFFECT_TTL_S);
    return "skipped";
  }
  const t = citizenStrings(deps.settings.language);
  const text = noticeText(ticket, job.notice, t, (id) => agencyLabel(deps.settings, id));
  // The chat is with the bot the citizen wrote to; the other one cannot start it (403).
  const chat = ticket.citizen?.bot === "citizen" && deps.citizenChat ? deps.citizenChat : deps.chat;
  try {
    const sent = await chat.sendMessage(chatId, escapeHtml(text), {
      ...(job.notice === "resolved" ? { replyKeyboard: feedbackKeyboard(t) } : {}),
    });
    // Names the message without the citizen's chat id (which /hapus could not take back from the history).
    const messageRef = `tgmsg-${ticket.id}-${sent.messageId}`;
    await deps.store.completeEffect(key, messageRef, NOTICE_EFFECT_TTL_S);
    // The feedback window runs from the "resolved" message, as from the reply tweet on X.
    if (job.notice === "resolved") {
      await deps.store.recordReply(ticket.id, "resolved", messageRef, new Date(deps.now()).toISOString());
    }
    return "sent";
  } catch (err) {
    if (err instanceof ChatApiError && err.status === 403) {
      deps.log.warn(
        { ticket: ticket.id, notice: job.notice },
        "the citizen blocked the bot: status message dropped",
      );
      await deps.store.completeEffect(key, "blocked", NOTICE_EFFECT_TTL_S);
      deps.onBlocked?.();
      // Seen on the card and the ticket's history ("warga memblokir bot"), once per ticket.
      if (!ticket.history.some((e) => e.type === "citizen_blocked")) {
        await deps.store.appendEvent(ticket.id, {
          at: new Date(deps.now()).toISOString(),
          type: "citizen_blocked",
          actor: "system",
          to: job.notice,
        });
        await deps.effects.telegram({ kind: "sync", ticketId: ticket.id });
      }
      return "skipped";
    }
    if (err instanceof DeliverLaterError || (err instanceof ChatApiError && err.status < 500)) {
      await deps.store.releaseEffect(key);
    }
    throw err;
  }
}

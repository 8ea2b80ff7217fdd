import { encodeCallbackData, type CallbackData } from "../core/callback-data.js";
import { isTransitionRefused, type TicketAction, type TransitionResult } from "../core/lifecycle.js";
import { escapeHtml } from "../core/render-card.js";
import { citizenReply } from "../core/reply-text.js";
import { mayReply } from "../core/routing.js";
import type { Ticket } from "../core/ticket.js";
import { CANCELLED, type PendingNote } from "./pending-notes.js";
import { PLAIN_ANSWER_SECONDS, type PromptRecord } from "./prompt-memory.js";
import {
  actorOf,
  afterResolve,
  isoAt,
  refreshAfterRefusal,
  refusalText,
  replayedResolve,
  ui,
  type StaffDeps,
  type StaffMessage,
  type StaffUser,
} from "./staff-deps.js";

/**
 * A resolution note sent as a plain message (not as a reply to the prompt) is held, and its writer
 * is asked to confirm it under the message, seeing what the citizen would get on X. Without that,
 * whatever the presser wrote next ("sebentar ya", a word to a colleague) would be published and
 * the ticket resolved. A reply to the prompt (or to the card) is deliberate and needs no such step.
 */

/** The held note lives as long as the plain-answer window: a late press is refused, nothing is sent. */
export const CONFIRM_NOTE_SECONDS = PLAIN_ANSWER_SECONDS;

/** Holds `note` (from the plain message `msg`) and asks its writer to confirm it. */
export async function askToConfirmNote(
  deps: StaffDeps,
  msg: StaffMessage,
  prompt: PromptRecord,
  promptMessageId: number,
  note: string,
): Promise<"confirm" | "ignored"> {
  const ticket = await deps.store.get(prompt.ticketId);
  if (!ticket) return "ignored";
  const held: PendingNote = {
    ticketId: prompt.ticketId,
    agency: prompt.agency,
    cardMessageId: prompt.cardMessageId,
    promptMessageId,
    askedBy: msg.user.id,
    note,
  };
  await deps.pendingNotes.hold(msg.chatId, msg.messageId, held, CONFIRM_NOTE_SECONDS);
  const t = ui(deps);
  // The buttons name the plain message, signed for this chat and ticket like a card's.
  const button = (action: CallbackData["action"]) =>
    encodeCallbackData({ action, ticketId: ticket.id, arg: String(msg.messageId) }, msg.chatId, deps.secret);
  const html = [t.answer.confirmNote(ticket.id), previewLine(deps, ticket, note)].map(escapeHtml).join("\n");
  await deps.chat.sendMessage(msg.chatId, html, {
    replyToMessageId: msg.messageId,
    keyboard: [
      [
        { text: t.button.sendNote, data: button("note_send") },
        { text: t.button.cancel, data: button("note_cancel") },
      ],
    ],
    priority: "interactive",
  });
  deps.log.info(
    { user: msg.user.id, chat: msg.chatId, message: msg.messageId, ticket: ticket.id },
    "holding a note sent as a plain message until its writer confirms it",
  );
  return "confirm";
}

/** What the citizen gets on X with `note`, word for word; or, when no reply goes out, the note itself. */
function previewLine(deps: StaffDeps, ticket: Ticket, note: string): string {
  const t = ui(deps);
  const s = deps.settings;
  if (!deps.replyTemplates || !s.replies.on_resolve || !mayReply(ticket.tweet, s))
    return t.answer.noteOnCard(note);
  const reply = citizenReply({ ...ticket, resolution_note: note }, "resolved", s, deps.replyTemplates);
  return t.answer.citizenGets(reply.text);
}

/** A press of "Kirim sebagai catatan" or "Batal" under a held note. */
export interface NotePress {
  callbackQueryId: string;
  chatId: number;
  /** The confirmation message (it carries the buttons). */
  messageId: number;
  user: StaffUser;
}

export type NotePressOutcome = "done" | "refused" | "not_asker" | "expired";

/**
 * "Kirim sebagai catatan" resolves the ticket with the held note, once: a double tap gets one
 * decision (the first press's), and the same press redelivered after a bot process died half-way
 * finishes the job through the replayed-resolve path. "Batal" sends nothing and leaves the prompt
 * open. Only the note's writer may press either; after the window nothing happens.
 */
export async function confirmNotePress(
  deps: StaffDeps,
  press: NotePress,
  data: CallbackData,
  answer: (text: string, alert?: boolean) => Promise<void>,
): Promise<NotePressOutcome> {
  const t = ui(deps);
  const source = Number(data.arg);
  const held = await deps.pendingNotes.get(press.chatId, source);
  const edit = (lines: string[]) =>
    deps.chat.editMessage(press.chatId, press.messageId, lines.map(escapeHtml).join("\n"));
  if (!held || held.ticketId !== data.ticketId) {
    deps.log.info(
      { user: press.user.id, chat: press.chatId, ticket: data.ticketId, action: data.action },
      "refused a note confirmation pressed after its window",
    );
    await answer(t.answer.noteExpired, true);
    await edit([t.answer.noteExpired]);
    return "expired";
  }
  if (press.user.id !== held.askedBy) {
    deps.log.warn(
      { user: press.user.id, askedBy: held.askedBy, chat: press.chatId, ticket: held.ticketId },
      "refused a note confirmation pressed by someone other than its writer",
    );
    await answer(t.answer.promptNotYours, true);
    return "not_asker";
  }

  const mine = data.action === "note_send" ? `send:${press.callbackQueryId}` : CANCELLED;
  const decision = await deps.pendingNotes.decide(press.chatId, source, mine);
  if (decision === null) {
    await answer(t.answer.noteExpired, true);
    await edit([t.answer.noteExpired]);
    return "expired";
  }
  if (decision !== mine) {
    await answer(decision === CANCELLED ? t.answer.noteCancelled : t.answer.noteAlreadySent, true);
    return "refused";
  }
  if (data.action === "note_cancel") {
    await edit([t.answer.noteCancelled]);
    await answer(t.answer.noteCancelled);
    return "done";
  }

  const action: TicketAction = { type: "resolve", note: held.note, by: press.user.name };
  let done: TransitionResult;
  try {
    done = await deps.store.transition(held.ticketId, action, isoAt(deps), actorOf(press.user), {
      agency: held.agency,
    });
  } catch (err) {
    if (!isTransitionRefused(err)) throw err;
    // This very press again, after a bot process died between the resolve and its effects: finish.
    const replayed = replayedResolve(err.ticket, action, actorOf(press.user));
    if (!replayed) {
      deps.log.info(
        { user: press.user.id, ticket: held.ticketId, code: err.code },
        "confirmed note refused by the ticket's state",
      );
      const why = refusalText(err, held.ticketId, deps.settings);
      for (const job of refreshAfterRefusal(err, { chatId: press.chatId, messageId: held.cardMessageId }))
        await deps.effects.telegram(job);
      await edit([t.answer.noteNotSent(why)]);
      await answer(why, true);
      return "refused";
    }
    done = replayed;
  }
  // The prompt is forgotten only once the effects are queued (see `answerPrompt`).
  await afterResolve(deps, done);
  await deps.prompts.forget(press.chatId, held.promptMessageId);
  await edit([t.answer.noteSent(held.ticketId), previewLine(deps, done.ticket, held.note)]);
  await answer(t.answer.resolved(held.ticketId));
  return "done";
}

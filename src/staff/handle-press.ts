import { uiStrings } from "../core/ui-strings.js";
import { effectFromArg, parkingStrings } from "../core/parking.js";
import { cardAgencyIn, cardKindIn, renderCardIn, toGatewayKeyboard } from "../core/card-view.js";
import { cardRound } from "../core/routing.js";
import {
  CallbackDataError,
  decodeCallbackData,
  type CallbackAction,
  type CallbackData,
} from "../core/callback-data.js";
import {
  isTransitionRefused,
  REJECT_REASONS,
  type RejectReason,
  type TicketAction,
  type TransitionResult,
} from "../core/lifecycle.js";
import { escapeHtml, type CardKind, type CardMenu } from "../core/render-card.js";
import type { Ticket } from "../core/ticket.js";
import { mayAct } from "./membership.js";
import { restoreMergedReports } from "./restore-merged-reports.js";
import { confirmNotePress } from "./confirm-note.js";
import { cardEffectKey } from "../redis/keys.js";
import { REPORT_KINDS } from "../core/reply-templates.js";
import type { PromptPurpose } from "./prompt-memory.js";
import {
  actorOf,
  afterResolve,
  agencyLabel,
  isoAt,
  refreshAfterRefusal,
  refusalText,
  replayedResolve,
  statusLabel,
  ui,
  type StaffDeps,
  type StaffUser,
} from "./staff-deps.js";

/** One tap on an inline button, as Telegram reports it. */
export interface PressInput {
  callbackQueryId: string;
  chatId: number;
  messageId: number;
  user: StaffUser;
  /** The button's callback data. */
  data: string;
  /**
   * The callback data of every button on the pressed message, as Telegram reports the message
   * with the query; undefined when Telegram leaves the message out (too old to be accessible).
   * Any client can send any callback data with a press: a button is honoured only on a message
   * that carries it, which binds a signed button to its own card.
   */
  keyboard?: readonly string[];
}

export type PressOutcome =
  /** Not our button, tampered with, or copied from another group. */
  | "invalid_button"
  | "not_found"
  /** The card is not the ticket's current one (it moved on): answered with the current state. */
  | "stale"
  | "not_member"
  /** The store refused the transition (someone else was faster): answered with the current state. */
  | "refused"
  /** A keyboard was swapped in place (a sub-menu, or back to the main one). */
  | "menu"
  /** A ForceReply prompt was sent; the action completes when it is answered. */
  | "prompt"
  /** Someone other than its writer pressed a held note's buttons. */
  | "not_asker"
  /** A held note's buttons pressed after its window: nothing was sent. */
  | "expired"
  | "done";

const AGENCY_CARD_ACTIONS: ReadonlySet<CallbackAction> = new Set([
  "claim",
  "reassign_menu",
  "reassign",
  "resolve_menu",
  "resolve",
  "kind_menu",
  "set_kind",
]);
const ROUTING_ACTIONS: ReadonlySet<CallbackAction> = new Set(["route_menu", "route"]);
const MENUS: Partial<Record<CallbackAction, CardMenu>> = {
  reassign_menu: "reassign",
  reject_menu: "reject",
  route_menu: "route",
  kind_menu: "kind",
  cancel: "main",
};

type Answer = (text: string, alert?: boolean) => Promise<void>;

/**
 * Handles a staff member's button press: verifies the button was issued for this chat, that the
 * card is the ticket's current one and that the presser may act, then performs the action.
 * Answers the callback query exactly once on every path (refusals as alerts carrying the
 * ticket's current state); an unexpected error is answered politely and then rethrown for the
 * bot's one error hook.
 */
export async function handlePress(deps: StaffDeps, press: PressInput): Promise<PressOutcome> {
  let answered = false;
  const answer: Answer = async (text, alert = false) => {
    if (answered) return;
    answered = true;
    await deps.chat.answerCallback(press.callbackQueryId, text, alert);
  };
  try {
    const outcome = await act(deps, press, answer);
    await answer("");
    return outcome;
  } catch (err) {
    if (!answered) await answer(uiStrings(deps.settings.language).staff.failed, true).catch(() => undefined);
    throw err;
  }
}

async function act(deps: StaffDeps, press: PressInput, answer: Answer): Promise<PressOutcome> {
  const t = ui(deps);
  const s = deps.settings;
  let data: CallbackData;
  try {
    data = decodeCallbackData(press.data, press.chatId, deps.secret);
  } catch (err) {
    if (!(err instanceof CallbackDataError)) throw err;
    deps.log.warn(
      { user: press.user.id, chat: press.chatId, message: press.messageId, code: err.code },
      "refused a button that was not issued for this chat",
    );
    await answer(t.answer.invalidButton, true);
    return "invalid_button";
  }
  if (press.keyboard !== undefined && !press.keyboard.includes(press.data)) {
    deps.log.warn(
      { user: press.user.id, chat: press.chatId, message: press.messageId, ticket: data.ticketId },
      "refused a button pressed on a message that does not carry it",
    );
    await answer(t.answer.invalidButton, true);
    return "invalid_button";
  }

  const ticket = await deps.store.get(data.ticketId);
  if (!ticket) {
    await answer(t.answer.notFound(data.ticketId), true);
    return "not_found";
  }

  // Membership first: nothing below (not even removing a duplicate card) happens for a stranger.
  if (!(await mayAct(deps.membership, s, press.chatId, press.user.id))) {
    deps.log.warn(
      { user: press.user.id, chat: press.chatId, ticket: ticket.id, action: data.action },
      "refused a press from someone outside the owning group and the supervisors",
    );
    await answer(t.answer.notMember, true);
    return "not_member";
  }

  if (data.action === "redrive" || data.action === "dismiss") return parkedPress(deps, press, data, answer);
  // Buttons under a held note, not on a card: the note's own checks (writer, window, once).
  if (NOTE_ACTIONS.has(data.action)) return confirmNotePress(deps, press, data, answer);

  const kind = cardKindIn(ticket, press.chatId, s);
  const stale = staleCard(deps, ticket, kind, press);
  if (stale?.duplicate && !(await isDoubtfulCopy(deps, ticket, press))) {
    stale.duplicate = false;
    stale.text = t.answer.notCurrentCard(ticket.id);
  }
  if (stale) {
    // Usually a slow phone; also what a replayed button looks like. Either way, whose press it was is kept.
    deps.log.info(
      {
        user: press.user.id,
        chat: press.chatId,
        message: press.messageId,
        ticket: ticket.id,
        action: data.action,
      },
      "refused a press on a card that is no longer the ticket's current one",
    );
    await answer(stale.text, true);
    for (const job of stale.refresh) await deps.effects.telegram(job);
    if (stale.duplicate) {
      await deps.chat
        .deleteMessage(press.chatId, press.messageId)
        .catch((err: unknown) =>
          deps.log.warn(
            { chat: press.chatId, message: press.messageId, err: String(err) },
            "could not delete a duplicate card",
          ),
        );
    }
    return "stale";
  }
  if ((kind === "agency") !== AGENCY_CARD_ACTIONS.has(data.action) && !isShared(data.action)) {
    deps.log.warn(
      { user: press.user.id, chat: press.chatId, ticket: ticket.id, action: data.action, card: kind },
      "refused a button whose action does not belong on this card",
    );
    await answer(t.answer.refusedStatus(statusLabel(ticket, s)), true);
    return "stale";
  }

  // The agency whose card this is: an action from it is refused (`moved`) if the ticket moved on
  // between this read and the write. Triage and moderation cards stand for the ticket as routed so far.
  const expectAgency = kind === "agency" ? (cardAgencyIn(ticket, press.chatId, s) ?? null) : ticket.agency;
  const transition = async (action: TicketAction): Promise<TransitionResult | null> => {
    try {
      return await deps.store.transition(ticket.id, action, isoAt(deps), actorOf(press.user), {
        agency: expectAgency,
      });
    } catch (err) {
      if (!isTransitionRefused(err)) throw err;
      // The same press again after a bot process died between the resolve and its effects.
      const replayed = replayedResolve(err.ticket, action, actorOf(press.user));
      if (replayed) return replayed;
      deps.log.info(
        { user: press.user.id, ticket: ticket.id, action: action.type, code: err.code, status: err.status },
        "staff action refused",
      );
      await answer(refusalText(err, ticket.id, s), true);
      for (const job of refreshAfterRefusal(err, press)) await deps.effects.telegram(job);
      return null;
    }
  };

  const menu = MENUS[data.action];
  if (menu) {
    await showMenu(deps, ticket, press, menu);
    return "menu";
  }

  switch (data.action) {
    case "claim": {
      const done = await transition({
        type: "claim",
        assignee: { id: press.user.id, name: press.user.name },
      });
      if (!done) return "refused";
      await deps.effects.telegram({ kind: "sync", ticketId: ticket.id });
      await answer(t.answer.claimed(ticket.id));
      return "done";
    }
    case "resolve_menu": {
      await showMenu(deps, ticket, press, "resolve");
      await sendPrompt(deps, ticket, press, "resolve_note", expectAgency);
      return "prompt";
    }
    case "resolve": {
      const done = await transition({ type: "resolve", by: press.user.name });
      if (!done) return "refused";
      await dropOpenPrompt(deps, press, ticket.id);
      await afterResolve(deps, done);
      await answer(t.answer.resolved(ticket.id));
      return "done";
    }
    case "reject": {
      const reason = data.arg as RejectReason;
      if (!REJECT_REASONS.includes(reason)) {
        await answer(t.answer.invalidButton, true);
        return "invalid_button";
      }
      if (reason === "duplikat") {
        // The original's id is asked for; the reject happens when the answer names a real ticket.
        await sendPrompt(deps, ticket, press, "duplicate_of", expectAgency);
        return "prompt";
      }
      const done = await transition({ type: "reject", reason, by: press.user.name });
      if (!done) return "refused";
      await deps.effects.telegram({ kind: "sync", ticketId: ticket.id });
      // Genuine reports merged into a rejected one come back with cards of their own.
      await restoreMergedReports(
        deps,
        done.ticket,
        isoAt(deps),
        actorOf(press.user),
        `${ticket.id} ${reason}`,
      );
      await answer(t.answer.rejected(ticket.id));
      return "done";
    }
    case "reassign":
    case "route": {
      const target = data.arg ?? "";
      const to = s.agencies.get(target);
      if (to?.kind !== "agency" || to.chatId === undefined) {
        await answer(t.answer.invalidButton, true);
        return "invalid_button";
      }
      const done = await transition(
        data.action === "reassign"
          ? { type: "reassign", agency: target }
          : { type: "dispatch", agency: target },
      );
      if (!done) return "refused";
      await deps.effects.telegram({
        kind: "farewell",
        ticketId: ticket.id,
        chatId: press.chatId,
        messageId: press.messageId,
        toAgency: target,
      });
      await deps.effects.telegram({
        kind: "card",
        ticketId: ticket.id,
        dispatch: cardRound(done.ticket.history),
      });
      const label = agencyLabel(s, target);
      // The toast uses the card's verb: routed from the desk or moderation, reassigned between agencies.
      await answer(
        data.action === "route" ? t.answer.routed(ticket.id, label) : t.answer.reassigned(ticket.id, label),
      );
      return "done";
    }
    case "set_kind": {
      const to = REPORT_KINDS.find((k) => k === data.arg);
      if (!to) {
        await answer(t.answer.invalidButton, true);
        return "invalid_button";
      }
      // The SLA re-planner and the correction log see this transition like any other.
      const done = await transition({ type: "set_kind", kind: to });
      if (!done) return "refused";
      await deps.effects.telegram({ kind: "sync", ticketId: ticket.id });
      await answer(t.answer.kindChanged(ticket.id, t.reportKind[to]));
      return "done";
    }
    default:
      await answer(t.answer.invalidButton, true);
      return "invalid_button";
  }
}

/** Reject and cancel appear on every kind of card; the rest belong to agency or routing cards. */
function isShared(action: CallbackAction): boolean {
  return (
    !AGENCY_CARD_ACTIONS.has(action) &&
    !ROUTING_ACTIONS.has(action) &&
    !PARKING_ACTIONS.has(action) &&
    !NOTE_ACTIONS.has(action)
  );
}

const NOTE_ACTIONS: ReadonlySet<CallbackAction> = new Set(["note_send", "note_cancel"]);

const PARKING_ACTIONS: ReadonlySet<CallbackAction> = new Set(["redrive", "dismiss"]);

/**
 * `/macet`'s buttons: "Coba lagi" re-drives a parked effect now, "Abaikan" dismisses one that can
 * never succeed. Supervisors only (a member of the supervisors' group), whatever chat it is pressed in.
 */
async function parkedPress(
  deps: StaffDeps,
  press: PressInput,
  data: CallbackData,
  answer: Answer,
): Promise<PressOutcome> {
  const t = parkingStrings(deps.settings.language);
  const effect = effectFromArg(data.arg ?? "");
  if (!effect || !deps.parking) {
    await answer(ui(deps).answer.invalidButton, true);
    return "invalid_button";
  }
  if (!(await mayAct(deps.membership, deps.settings, undefined, press.user.id))) {
    deps.log.warn(
      { user: press.user.id, chat: press.chatId, ticket: data.ticketId, action: data.action },
      "refused a parked-effect button from someone outside the supervisors",
    );
    await answer(ui(deps).answer.notMember, true);
    return "not_member";
  }
  const label = t.effect(effect);
  if (data.action === "redrive") {
    const out = await deps.parking.redrive(data.ticketId, effect);
    deps.log.info({ user: press.user.id, ticket: data.ticketId, effect, outcome: out }, "re-drive by hand");
    await answer(out === "redriven" ? t.redriven(data.ticketId, label) : t.notParked(data.ticketId), true);
    return out === "redriven" ? "done" : "refused";
  }
  const out = await deps.parking.dismiss(data.ticketId, effect, actorOf(press.user));
  await answer(out === "dismissed" ? t.dismissed(data.ticketId, label) : t.notParked(data.ticketId), true);
  return out === "dismissed" ? "done" : "refused";
}

/**
 * Is the pressed card still the ticket's current one? An agency card whose ticket went to another
 * agency, a triage or moderation card whose ticket was routed or closed, or an older card in the
 * same group (a later round replaced it) is answered with the ticket's current state instead.
 */
function staleCard(
  deps: StaffDeps,
  ticket: Ticket,
  kind: CardKind,
  press: PressInput,
): {
  text: string;
  refresh: { kind: "farewell"; ticketId: string; chatId: number; messageId: number; toAgency: string }[];
  /** The pressed message is a second copy of the live card in the same group: remove it. */
  duplicate?: boolean;
} | null {
  const s = deps.settings;
  const t = ui(deps);
  const farewell = [
    {
      kind: "farewell" as const,
      ticketId: ticket.id,
      chatId: press.chatId,
      messageId: press.messageId,
      toAgency: ticket.agency ?? "",
    },
  ];
  const wentTo = ticket.agency && ["dispatched", "claimed", "resolved"].includes(ticket.status);
  if (kind === "agency") {
    const cardAgency = cardAgencyIn(ticket, press.chatId, s) ?? null;
    if (cardAgency !== ticket.agency)
      return { text: t.answer.moved(agencyLabel(s, ticket.agency)), refresh: farewell };
  } else if (ticket.status !== "new") {
    return wentTo
      ? { text: t.answer.moved(agencyLabel(s, ticket.agency)), refresh: farewell }
      : { text: t.answer.refusedStatus(statusLabel(ticket, s)), refresh: farewell };
  }
  const current = ticket.telegram;
  if (current && current.chat_id === press.chatId && current.message_id !== press.messageId) {
    // Older rounds' cards in this group lost their buttons when they were replaced, so a card that
    // still has buttons here is a copy left by a send that ended in doubt.
    return { text: t.answer.duplicateCard(ticket.id), refresh: [], duplicate: true };
  }
  return null;
}

/**
 * May the pressed message be deleted as a leftover copy of the ticket's current card? Only when
 * it is an older message in the same group (it carries this ticket's button, checked above) and
 * the current round's send is recorded as repeated after ending in doubt: the one way a second
 * copy comes about. Anything else is answered but left alone.
 */
async function isDoubtfulCopy(deps: StaffDeps, ticket: Ticket, press: PressInput): Promise<boolean> {
  const current = ticket.telegram;
  if (press.keyboard === undefined || !current || press.messageId >= current.message_id) return false;
  const effect = await deps.store.getEffect(cardEffectKey(ticket.id, cardRound(ticket.history)));
  return effect !== null && effect.attempts > 1;
}

/** Swaps the card's keyboard for a sub-menu (or back to the main one), in place. */
async function showMenu(deps: StaffDeps, ticket: Ticket, press: PressInput, menu: CardMenu): Promise<void> {
  const card = renderCardIn(deps, ticket, press.chatId, menu);
  await deps.chat.editMessage(press.chatId, press.messageId, card.text, toGatewayKeyboard(card));
}

/**
 * Asks for a reply (the resolution note, or the original of a duplicate) under the card. The
 * prompt mentions the presser: a selective ForceReply only opens the reply box for users it
 * mentions (the card it answers is the bot's own message).
 */
async function sendPrompt(
  deps: StaffDeps,
  ticket: Ticket,
  press: PressInput,
  purpose: PromptPurpose,
  agency: string | null,
): Promise<void> {
  const t = ui(deps);
  const text = purpose === "resolve_note" ? t.prompt.resolveNote(ticket.id) : t.prompt.duplicateOf(ticket.id);
  const html = `<a href="tg://user?id=${press.user.id}">${escapeHtml(press.user.name)}</a>, ${escapeHtml(text)}`;
  const sent = await deps.chat.sendMessage(press.chatId, html, {
    replyToMessageId: press.messageId,
    forceReply: {},
  });
  await deps.prompts.remember(press.chatId, sent.messageId, {
    ticketId: ticket.id,
    purpose,
    agency,
    cardMessageId: press.messageId,
    askedBy: press.user.id,
  });
}

/**
 * "Selesai tanpa catatan" after "Selesai": the request for a note the presser was sent is no longer
 * asked, so it goes (and with it the reply box it opened).
 */
async function dropOpenPrompt(deps: StaffDeps, press: PressInput, ticketId: string): Promise<void> {
  const open = await deps.prompts.recentFor(press.chatId, press.user.id);
  if (!open || open.record.ticketId !== ticketId) return;
  await deps.prompts.forget(press.chatId, open.messageId);
  await deps.chat
    .deleteMessage(press.chatId, open.messageId)
    .catch((err: unknown) =>
      deps.log.warn(
        { chat: press.chatId, message: open.messageId, err: String(err) },
        "could not remove a prompt",
      ),
    );
}

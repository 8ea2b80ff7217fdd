import { uiStrings } from "../core/ui-strings.js";
import { parkingStrings } from "../core/parking.js";
import { chatForTicket, renderCardIn } from "../core/card-view.js";
import { agencyForChat, chatForAgency } from "../core/settings.js";
import {
  isTransitionRefused,
  OPEN_STATUSES,
  type TicketAction,
  type TransitionResult,
} from "../core/lifecycle.js";
import { parseTicketId } from "../core/ticket-id.js";
import { escapeHtml } from "../core/render-card.js";
import type { Ticket } from "../core/ticket.js";
import { formatAge } from "../core/durations.js";
import { restoreMergedReports } from "./restore-merged-reports.js";
import { citizenReply } from "../core/reply-text.js";
import { cardRound, mayReply } from "../core/routing.js";
import { isPresent, mayAct } from "./membership.js";
import { chatRoleOf, helpLines } from "./command-catalogue.js";
import type { PromptRecord } from "./prompt-memory.js";
import { askToConfirmNote } from "./confirm-note.js";
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
  type StaffMessage,
} from "./staff-deps.js";

export type { StaffMessage } from "./staff-deps.js";

export type MessageOutcome =
  | "ignored"
  /** Over the per-user command limit (told once, then ignored). */
  | "rate_limited"
  /** Someone in none of the configured groups wrote privately: answered once per window, else ignored. */
  | "stranger"
  | "command"
  | "resolved"
  | "rejected"
  | "refused"
  | "not_member"
  /** Someone other than the presser answered a prompt: told so, and the prompt stays open. */
  | "not_asker"
  /** A note sent as a plain message is held until its writer presses "Kirim sebagai catatan". */
  | "confirm"
  /** A duplicate prompt was answered without a usable ticket id, or with one that does not exist. */
  | "bad_answer";

/** `/antrian` lists at most this many tickets: a group's phone screen, not a report. */
export const QUEUE_LINES = 20;
/** `new` tickets read to count those waiting in one routing group (triage or moderation). */
const WAITING_READ_LIMIT = 10_000;
/** Longer notes are cut: the card shows 600 characters and the reply tweet far fewer. */
export const MAX_NOTE = 1000;

const COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]+))?(?:\s+([\s\S]*))?$/;
const COMMANDS = new Set(["start", "help", "tiket", "pisahkan", "jadikanaduan", "antrian"]);

/**
 * Handles a message in a chat with the bot: an answer to one of its prompts (a resolution note,
 * the original of a duplicate) completes the action the button started; `/start`, `/help`,
 * `/tiket` and `/antrian` answer in the chat. Everything else is none of the bot's business.
 */
export async function handleMessage(deps: StaffDeps, msg: StaffMessage): Promise<MessageOutcome> {
  if (msg.chatType === "private" && deps.strangers && (await isStranger(deps, msg.user.id))) {
    return answerStranger(deps, msg);
  }
  if (msg.replyToMessageId !== undefined) {
    const prompt = await deps.prompts.recall(msg.chatId, msg.replyToMessageId);
    if (prompt) return answerPrompt(deps, msg, prompt, msg.replyToMessageId);
  }
  const text = msg.text?.trim() ?? "";
  const m = COMMAND.exec(text);
  if (!m) {
    // The presser answered without pressing "reply" on the prompt, within a few minutes of it
    // (the prompt says so). A reply to the card is as deliberate as one to the prompt; a plain
    // message may be anything ("sebentar ya"), so as a note it waits for its writer's confirmation.
    if (msg.chatType === "private" || (!text && !msg.hasPhoto)) return "ignored";
    const recent = await deps.prompts.recentFor(msg.chatId, msg.user.id);
    if (!recent) return "ignored";
    if (msg.replyToMessageId === recent.record.cardMessageId)
      return answerPrompt(deps, msg, recent.record, recent.messageId);
    if (msg.replyToMessageId !== undefined) return "ignored";
    return answerPrompt(deps, msg, recent.record, recent.messageId, { confirm: true });
  }
  const [, rawName, addressee, rawArgs] = m;
  const name = (rawName ?? "").toLowerCase();
  const extra = deps.commands?.names.includes(name) === true;
  if (addressee && deps.botUsername && addressee.toLowerCase() !== deps.botUsername.toLowerCase())
    return "ignored";
  const known = COMMANDS.has(name) || extra;
  // Someone else's command in a group that is not ours is none of our business.
  if (!known && !addressee && msg.chatType !== "private" && !isOurChat(deps, msg.chatId)) return "ignored";

  // Groups count commands per user; private chats have a limit of their own.
  const limit = msg.chatType === "private" ? deps.privateRate : deps.commandRate;
  if (limit && msg.chatType !== "channel") {
    const verdict = await limit.hit(msg.user.id, deps.now());
    if (verdict !== "ok") {
      // One line and one answer per user and minute; the rest of a flood is dropped quietly.
      if (verdict === "refuse") {
        deps.log.warn({ user: msg.user.id, chat: msg.chatId, command: name }, "command rate limit reached");
        await say(deps, msg, escapeHtml(uiStrings(deps.settings.language).staff.rateLimited));
      }
      return "rate_limited";
    }
  }
  if (!known) {
    await say(deps, msg, escapeHtml(ui(deps).command.unknown(name)));
    return "command";
  }
  if (extra && deps.commands) return deps.commands.run(deps, msg, name, rawArgs ?? "");
  switch (name) {
    case "start":
    case "help":
      await say(deps, msg, await helpText(deps, msg));
      return "command";
    case "tiket":
      await showTicket(deps, msg, rawArgs ?? "");
      return "command";
    case "pisahkan":
      await splitReport(deps, msg, rawArgs ?? "");
      return "command";
    case "jadikanaduan":
      return restoreReport(deps, msg, rawArgs ?? "");
    default:
      await say(deps, msg, await queueText(deps, msg.chatId));
      return "command";
  }
}

/**
 * A reply in the chat, through the outgoing queue (so it obeys the rate gate), ahead of cards:
 * someone is waiting for it.
 */
async function say(deps: StaffDeps, msg: StaffMessage, html: string): Promise<void> {
  await deps.effects.telegram({
    kind: "text",
    chatId: msg.chatId,
    html,
    replyToMessageId: msg.messageId,
    priority: "interactive",
  });
}

/**
 * Someone who is a member of none of the configured groups (agencies, triage, supervisors). A
 * stranger already answered in this window is known from one Redis key, without asking Telegram.
 */
/** In none of the configured groups (agencies', supervisors'): not staff. */
export async function isStranger(deps: StaffDeps, userId: number): Promise<boolean> {
  if (await deps.strangers?.answered(userId)) return true;
  const s = deps.settings;
  const chats = new Set<number>();
  for (const a of s.agencies.values()) if (a.chatId !== undefined) chats.add(a.chatId);
  if (s.supervisorsChatId !== undefined) chats.add(s.supervisorsChatId);
  for (const chatId of chats) {
    if (isPresent(await deps.membership.status(chatId, userId))) return false;
  }
  return true;
}

/**
 * A stranger gets one short answer per window (after everything else in the queue and the rate
 * gate: 40 strangers asking for /help must not hold back a single card), and one log line; their
 * other messages in the window are ignored without a word or a line.
 */
async function answerStranger(deps: StaffDeps, msg: StaffMessage): Promise<MessageOutcome> {
  if (!(await deps.strangers?.firstInWindow(msg.user.id))) return "stranger";
  deps.log.info({ user: msg.user.id }, "answered a stranger in a private chat (once per window)");
  await deps.effects.telegram({
    kind: "text",
    chatId: msg.chatId,
    html: escapeHtml(
      deps.citizenBot
        ? uiStrings(deps.settings.language).staff.strangerToCitizenBot(deps.citizenBot.username())
        : uiStrings(deps.settings.language).staff.strangerNotice,
    ),
    priority: "courtesy",
  });
  return "stranger";
}

/** The note a staff answer carries: its text, or a photo's caption marked as having a photo. */
export function noteOf(
  msg: Pick<StaffMessage, "text" | "caption" | "hasPhoto">,
  photoAttached: string,
): string {
  const words = (msg.hasPhoto ? msg.caption : msg.text)?.trim() ?? "";
  const note = msg.hasPhoto ? [words, photoAttached].filter(Boolean).join(" ") : words;
  return note.length > MAX_NOTE ? `${note.slice(0, MAX_NOTE - 1)}…` : note;
}

async function answerPrompt(
  deps: StaffDeps,
  msg: StaffMessage,
  prompt: PromptRecord,
  promptMessageId: number,
  /** The answer is a plain message (not a reply): a resolution note is held for confirmation. */
  opts: { confirm?: boolean } = {},
): Promise<MessageOutcome> {
  const t = ui(deps);
  const s = deps.settings;
  // The prompt asked the member who pressed the button (a selective ForceReply): only their answer counts.
  if (msg.user.id !== prompt.askedBy) {
    deps.log.warn(
      { user: msg.user.id, askedBy: prompt.askedBy, chat: msg.chatId, ticket: prompt.ticketId },
      "refused an answer to a prompt that asked someone else",
    );
    await say(deps, msg, escapeHtml(t.answer.promptNotYours));
    return "not_asker";
  }
  if (!(await mayAct(deps.membership, s, msg.chatId, msg.user.id))) {
    deps.log.warn(
      { user: msg.user.id, chat: msg.chatId, ticket: prompt.ticketId, purpose: prompt.purpose },
      "refused an answer from someone outside the owning group and the supervisors",
    );
    await say(deps, msg, escapeHtml(t.answer.notMember));
    return "not_member";
  }

  let action: TicketAction;
  if (prompt.purpose === "resolve_note") {
    const note = noteOf(msg, uiStrings(s.language).staff.photoAttached);
    if (!note) return "ignored"; // a sticker or a voice note: keep waiting for words
    if (opts.confirm) return askToConfirmNote(deps, msg, prompt, promptMessageId, note);
    action = { type: "resolve", note, by: msg.user.name };
  } else {
    const original = parseTicketId(msg.text ?? msg.caption ?? "");
    if (!original || original === prompt.ticketId) {
      await say(deps, msg, escapeHtml(uiStrings(s.language).staff.duplicateNeedsId));
      return "bad_answer";
    }
    if (!(await deps.store.get(original))) {
      await say(deps, msg, escapeHtml(t.answer.notFound(original)));
      return "bad_answer";
    }
    action = { type: "reject", reason: "duplikat", duplicateOf: original, by: msg.user.name };
  }

  let done: TransitionResult;
  try {
    done = await deps.store.transition(prompt.ticketId, action, isoAt(deps), actorOf(msg.user), {
      agency: prompt.agency,
    });
  } catch (err) {
    if (!isTransitionRefused(err)) throw err;
    const replayed = replayedResolve(err.ticket, action, actorOf(msg.user));
    if (replayed) {
      // The same answer again: a bot process died after resolving and before the effects below
      // were queued (Telegram redelivers an update its poller did not confirm). Finish the job;
      // the effects' job ids keep the card edit and the citizen's reply to one each.
      await afterResolve(deps, replayed);
      await deps.prompts.forget(msg.chatId, promptMessageId);
      await say(deps, msg, escapeHtml(resolvedAnswer(deps, replayed.ticket)));
      return "resolved";
    }
    deps.log.info(
      { user: msg.user.id, ticket: prompt.ticketId, action: action.type, code: err.code },
      "staff answer refused",
    );
    await deps.prompts.forget(msg.chatId, promptMessageId);
    for (const job of refreshAfterRefusal(err, { chatId: msg.chatId, messageId: prompt.cardMessageId })) {
      await deps.effects.telegram(job);
    }
    await say(deps, msg, escapeHtml(refusalText(err, prompt.ticketId, s)));
    return "refused";
  }
  if (action.type === "resolve") {
    // The prompt is forgotten only once the effects are queued: an update redelivered after a
    // crash in between still finds it, and is recognised above as the same answer.
    await afterResolve(deps, done);
    await deps.prompts.forget(msg.chatId, promptMessageId);
    await say(deps, msg, escapeHtml(resolvedAnswer(deps, done.ticket)));
    return "resolved";
  }
  await deps.prompts.forget(msg.chatId, promptMessageId);
  await deps.effects.telegram({ kind: "sync", ticketId: prompt.ticketId });
  await deps.effects.reply({ ticketId: prompt.ticketId, kind: "duplicate", round: 1 });
  // Reports merged into the rejected one stand on their own again.
  await restoreMergedReports(
    deps,
    done.ticket,
    isoAt(deps),
    actorOf(msg.user),
    `${prompt.ticketId} duplikat`,
  );
  await say(deps, msg, escapeHtml(t.answer.rejected(prompt.ticketId)));
  return "rejected";
}

/**
 * The confirmation of a resolution with a note. When the note had to be shortened to fit the
 * reply tweet, the staff member sees the reply the citizen gets, so nothing is cut unseen.
 */
function resolvedAnswer(deps: StaffDeps, ticket: Ticket): string {
  const t = ui(deps);
  const s = deps.settings;
  if (!deps.replyTemplates || !s.replies.on_resolve || !mayReply(ticket.tweet, s))
    return t.answer.resolved(ticket.id);
  const reply = citizenReply(ticket, "resolved", s, deps.replyTemplates);
  return reply.shortened.includes("note")
    ? t.answer.noteShortened(ticket.id, reply.text)
    : t.answer.resolved(ticket.id);
}

/** `/help` (and `/start`) for this chat and this person: what they can do here. */
async function helpText(deps: StaffDeps, msg: StaffMessage): Promise<string> {
  const s = deps.settings;
  const role = chatRoleOf(s, msg.chatId, msg.chatType);
  const supervisor =
    role === "private" &&
    s.supervisorsChatId !== undefined &&
    isPresent(await deps.membership.status(s.supervisorsChatId, msg.user.id));
  const triageChat = s.agencies.get(s.triageAgency)?.chatId;
  const deskMember =
    role === "private" &&
    triageChat !== undefined &&
    isPresent(await deps.membership.status(triageChat, msg.user.id));
  return helpLines(ui(deps), s, { id: msg.chatId, role }, supervisor, deskMember)
    .map((line, i) => (i === 0 ? `<b>${escapeHtml(line)}</b>` : escapeHtml(line)))
    .join("\n");
}

/** An agency group, the triage or moderation group, or the supervisors' group. */
function isOurChat(deps: StaffDeps, chatId: number): boolean {
  return agencyForChat(deps.settings, chatId) !== undefined || chatId === deps.settings.supervisorsChatId;
}

/**
 * `/tiket ADU-000123`: the card's text without buttons, for members of the owning group or the
 * supervisors, and only in a chat whose members may see it (that group, the supervisors' group,
 * or a private chat with the bot): a ticket is not shown to a third group.
 */
async function showTicket(deps: StaffDeps, msg: StaffMessage, args: string): Promise<void> {
  const t = ui(deps);
  const s = deps.settings;
  const id = parseTicketId(args);
  if (!id) {
    await say(deps, msg, escapeHtml(t.command.tiket));
    return;
  }
  const ticket = await deps.store.get(id);
  // "Not found" and "not yours" get the same answer: /tiket must not tell which ids exist.
  const owner = ticket ? chatForTicket(ticket, s) : undefined;
  const fitChat = msg.chatType === "private" || msg.chatId === owner || msg.chatId === s.supervisorsChatId;
  if (!ticket || !fitChat || !(await mayAct(deps.membership, s, owner, msg.user.id))) {
    if (ticket)
      deps.log.warn({ user: msg.user.id, chat: msg.chatId, ticket: id }, "refused /tiket to a non-member");
    await say(deps, msg, escapeHtml(t.answer.ticketUnavailable(id)));
    return;
  }
  await say(deps, msg, renderCardIn(deps, ticket, owner ?? msg.chatId).text);
}

/**
 * `/pisahkan ADU-000124`: a report merged into an incident by mistake becomes a ticket of its own
 * (its card in its agency's group, a "received" reply). For members of the incident's group or the
 * supervisors, in such a chat; anything else, an unknown id or a report that is not merged gets
 * the same answer as `/tiket`'s refusal.
 */
async function splitReport(deps: StaffDeps, msg: StaffMessage, args: string): Promise<void> {
  const t = ui(deps);
  const s = deps.settings;
  const id = parseTicketId(args);
  if (!id) {
    await say(deps, msg, escapeHtml(t.command.pisahkan));
    return;
  }
  const report = await deps.store.get(id);
  const intoId =
    report?.status === "merged" ? report.history.findLast((e) => e.type === "merged")?.to : undefined;
  const original = intoId ? await deps.store.get(intoId) : null;
  const owner = original ? chatForTicket(original, s) : undefined;
  const fitChat = msg.chatType === "private" || msg.chatId === owner || msg.chatId === s.supervisorsChatId;
  if (!original || !fitChat || !(await mayAct(deps.membership, s, owner, msg.user.id))) {
    if (original)
      deps.log.warn({ user: msg.user.id, chat: msg.chatId, ticket: id }, "refused /pisahkan to a non-member");
    await say(deps, msg, escapeHtml(t.answer.ticketUnavailable(id)));
    return;
  }
  const done = await restoreMergedReports(
    deps,
    original,
    isoAt(deps),
    actorOf(msg.user),
    `dipisahkan dari ${original.id}`,
    id,
  );
  await say(
    deps,
    msg,
    escapeHtml(done.length > 0 ? t.command.unmerged(id, original.id) : t.answer.ticketUnavailable(id)),
  );
}

/**
 * `/jadikanaduan ADU-000125`: a tweet triage kept as "not a report" is one after all. It goes back
 * to `new` and to the triage desk as a card, the path a desk verdict takes (with the "received"
 * reply a desk ticket gets), so routing it from there is recorded as a correction of triage's
 * "audit". For members of the triage group or the supervisors, in one of those groups or a private
 * chat; anyone else is told who may, before anything about the ticket is said.
 *
 * Once only: a second command is refused with the ticket's status. A command repeated after a
 * crash between the transition and the card (the ticket is `new`, restored, and has no card yet)
 * queues the card and reply again; their fixed job ids and effect keys keep them to one each.
 */
async function restoreReport(deps: StaffDeps, msg: StaffMessage, args: string): Promise<MessageOutcome> {
  const t = ui(deps);
  const s = deps.settings;
  const desk = s.agencies.get(s.triageAgency)?.chatId;
  const fitChat = msg.chatType === "private" || msg.chatId === desk || msg.chatId === s.supervisorsChatId;
  if (!fitChat || !(await mayAct(deps.membership, s, desk, msg.user.id))) {
    deps.log.warn({ user: msg.user.id, chat: msg.chatId }, "refused /jadikanaduan outside the triage desk");
    await say(deps, msg, escapeHtml(t.command.restoreNotAllowed));
    return "not_member";
  }
  const id = parseTicketId(args);
  if (!id) {
    await say(deps, msg, escapeHtml(t.command.jadikanaduan));
    return "command";
  }
  let ticket: Ticket;
  try {
    ticket = (await deps.store.transition(id, { type: "restore_report" }, isoAt(deps), actorOf(msg.user)))
      .ticket;
  } catch (err) {
    if (!isTransitionRefused(err)) throw err;
    if (!err.ticket) {
      await say(deps, msg, escapeHtml(t.answer.notFound(id)));
      return "refused";
    }
    if (awaitingDeskCard(err.ticket)) await sendToDesk(deps, err.ticket);
    deps.log.info({ user: msg.user.id, ticket: id, status: err.status }, "/jadikanaduan refused");
    await say(deps, msg, escapeHtml(t.command.restoreNotKept(id, statusLabel(err.ticket, s))));
    return "refused";
  }
  await sendToDesk(deps, ticket);
  deps.log.info({ user: msg.user.id, ticket: id }, "a tweet kept as not a complaint was made a report");
  await say(deps, msg, escapeHtml(t.command.restored(id)));
  return "command";
}

/** Restored from "not a report" and still waiting for its first desk card. */
function awaitingDeskCard(ticket: Ticket): boolean {
  return ticket.status === "new" && !ticket.telegram && ticket.history.some((e) => e.type === "restored");
}

/**
 * The desk card (round 0, as for a desk verdict) and the citizen's "received" reply when allowed.
 * An abusive tweet's card goes to moderation instead (`chatForTicket`), and like any abusive
 * tweet's it never gets an automatic reply.
 */
async function sendToDesk(deps: StaffDeps, ticket: Ticket): Promise<void> {
  await deps.effects.telegram({ kind: "card", ticketId: ticket.id, dispatch: cardRound(ticket.history) });
  if (!ticket.triage.abusive && deps.settings.replies.on_dispatch && mayReply(ticket.tweet, deps.settings)) {
    await deps.effects.reply({ ticketId: ticket.id, kind: "received", round: 1 });
  }
}

/**
 * `/antrian`: the open tickets of the group's agency, oldest first. The triage (and moderation)
 * group also sees the tickets waiting to be routed; the supervisors' group sees every open one.
 */
async function queueText(deps: StaffDeps, chatId: number): Promise<string> {
  const t = ui(deps);
  const s = deps.settings;
  const agency = agencyForChat(s, chatId);
  const routingGroup =
    chatId === chatForAgency(s, s.triageAgency) || chatId === chatForAgency(s, s.moderationAgency);
  let tickets: Ticket[];
  let total: number;
  const everyAgency = chatId === s.supervisorsChatId;
  if (everyAgency) {
    tickets = await deps.store.listOpen({ limit: QUEUE_LINES });
    total = await countOpen(deps, OPEN_STATUSES);
  } else if (agency !== undefined) {
    // A `new` ticket is not the agency's yet (it waits in the triage group), even when triage guessed it.
    const owned = OPEN_STATUSES.filter((st) => st !== "new");
    tickets = await deps.store.listOpen({ agency, statuses: owned, limit: QUEUE_LINES });
    total = await countOpen(deps, owned, agency);
    if (routingGroup) {
      // Only the `new` tickets whose card is in this group: an abusive tweet waits in moderation, the rest in triage.
      const waiting = (await deps.store.listByStatus("new", { limit: WAITING_READ_LIMIT })).filter(
        (ticket) => chatForTicket(ticket, s) === chatId,
      );
      tickets = [...tickets, ...waiting.slice(0, QUEUE_LINES)].sort((a, b) =>
        a.received_at.localeCompare(b.received_at),
      );
      total += waiting.length;
    }
  } else {
    return escapeHtml(t.command.helpText);
  }
  // The supervisors and the triage desk also hear how many effects are parked (see /macet).
  const parked = chatId === s.supervisorsChatId || routingGroup ? ((await deps.parking?.count()) ?? 0) : 0;
  const parkedLine = parked > 0 ? [escapeHtml(parkingStrings(s.language).queueLine(parked))] : [];
  if (tickets.length === 0) return [escapeHtml(t.answer.queueEmpty), ...parkedLine].join("\n");
  const now = deps.now();
  const shown = tickets.slice(0, QUEUE_LINES);
  const lines = shown.map((ticket) => {
    const age = formatAge(now - Date.parse(ticket.received_at), s.language);
    // The supervisors' group sees every agency's tickets: each line says whose it is.
    const owner = everyAgency ? ` · ${escapeHtml(agencyLabel(s, ticket.agency))}` : "";
    return `<b>${escapeHtml(ticket.id)}</b>${owner} · ${escapeHtml(age)} · ${escapeHtml(statusLabel(ticket, s))}`;
  });
  const more = total > shown.length ? [escapeHtml(t.answer.queueMore(total - shown.length))] : [];
  return [
    escapeHtml(t.answer.queueHeader(Math.max(total, shown.length))),
    ...lines,
    ...more,
    ...parkedLine,
  ].join("\n");
}

async function countOpen(
  deps: StaffDeps,
  statuses: readonly Ticket["status"][],
  agency?: string,
): Promise<number> {
  const counts = await Promise.all(statuses.map((st) => deps.store.countByStatus(st, agency)));
  return counts.reduce((a, b) => a + b, 0);
}

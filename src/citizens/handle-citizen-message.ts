import { DateTime } from "luxon";
import type { FeedbackLexicon } from "../config/feedback-lexicon.js";
import { decideFeedback } from "../core/citizen-feedback.js";
import { isTransitionRefused, OPEN_STATUSES } from "../core/lifecycle.js";
import { escapeHtml } from "../core/render-card.js";
import { cardRound } from "../core/routing.js";
import { agencyLabel, type PipelineSettings } from "../core/settings.js";
import type { CitizenContact, Ticket } from "../core/ticket.js";
import { parseTicketId } from "../core/ticket-id.js";
import type { FlattenedTweet } from "../core/tweet.js";
import { formatJakartaTime } from "../core/jakarta-time.js";
import type { ReplyKeyboard } from "../ports/chat-gateway.js";
import type { StaffEffects } from "../ports/effects.js";
import type { TicketStore } from "../ports/ticket-store.js";
import type { CitizenMemory } from "./citizen-memory.js";
import { CITIZEN_ACTOR } from "./citizen-notices.js";
import { reportAsTweet, reportOrigin } from "./citizen-report.js";
import { citizenStrings, type CitizenStrings } from "./citizen-strings.js";
import {
  flush,
  isButton,
  step,
  type CitizenAction,
  type CitizenInput,
  type Session,
  type Step,
} from "./conversation.js";

/** A citizen's message in a private chat, as the telegraf adapter hands it over. */
export interface CitizenMessage {
  chatId: number;
  messageId: number;
  user: { id: number; firstName: string };
  text?: string;
  caption?: string;
  /** The largest size's `file_id` of a photo. */
  photoFileId?: string;
  location?: { latitude: number; longitude: number };
  /** A shared contact; `userId` is Telegram's when the contact is a Telegram user. */
  contact?: { phone: string; userId?: number };
}

export type CitizenOutcome =
  "seen" | "blocked" | "rate_limited" | "command" | "feedback" | "conversation" | "submitted" | "daily_limit";

export interface CitizenDeps {
  memory: CitizenMemory;
  store: TicketStore;
  /** The chat messages to the citizen (and the delayed flush), through the outgoing queue. */
  effects: StaffEffects;
  /** The finished report to triage, under the job id of its report id (idempotent). */
  submit(tweet: FlattenedTweet, citizen: CitizenContact): Promise<void>;
  settings: PipelineSettings;
  collectMinutes: number;
  messagesPerMinute: number;
  reportsPerDay: number;
  feedbackWindowDays: number;
  feedbackLexicon: FeedbackLexicon;
  /** `citizenReportId` with the deployment's secret: ids that do not give the citizen away. */
  reportIdOf(chatId: number, messageId: number): string;
  /** Does the text name a place triage finds? (Asks for the place when not.) */
  namesPlace(text: string): boolean;
  /** Kecamatan (kelurahan) of a pin, null outside the city. */
  placeOfPin(lat: number, lon: number): string | null;
  now(): number;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

const COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@[A-Za-z0-9_]+)?(?:\s+([\s\S]*))?$/;
/** A report being collected lives this long past its window (the flush ends it before). */
const SESSION_GRACE_S = 30 * 60;
const CAS_ATTEMPTS = 10;

const strings = (deps: Pick<CitizenDeps, "settings">): CitizenStrings =>
  citizenStrings(deps.settings.language);

/**
 * A message from a citizen in their private chat with the bot. Each message is handled once (its
 * chat and message id); a blocked citizen gets one polite refusal a day; a flood gets one "wait a
 * moment" a minute and silence; commands answer at once; "Belum beres" / "Sudah beres" (or words
 * that say so) answer the latest resolved report; everything else is the report conversation.
 */
export async function handleCitizenMessage(deps: CitizenDeps, msg: CitizenMessage): Promise<CitizenOutcome> {
  const t = strings(deps);
  const userId = msg.user.id;
  if (!(await deps.memory.firstSight(msg.chatId, msg.messageId))) return "seen";
  if (await deps.memory.isBlocked(userId)) {
    if (await deps.memory.firstRefusal(userId)) await say(deps, msg.chatId, t.blocked, "remove");
    return "blocked";
  }
  const count = await deps.memory.countMessage(userId, deps.now());
  if (count > deps.messagesPerMinute) {
    if (count === deps.messagesPerMinute + 1) {
      deps.log.warn({ citizen: userId }, "a citizen's messages reached the per-minute limit");
      await say(deps, msg.chatId, t.rateLimited);
    }
    return "rate_limited";
  }
  const text = msg.text?.trim() ?? "";
  const command = COMMAND.exec(text);
  if (command) return runCommand(deps, msg, (command[1] ?? "").toLowerCase(), command[2] ?? "");

  if (text) {
    const answered = await feedback(deps, msg, text);
    if (answered) return "feedback";
  }
  return converse(deps, msg, (session) => step(session, inputOf(msg), stepContext(deps, msg)));
}

/** The collect window of report `reportId` ended (a delayed job): send what was collected. */
export async function flushCitizenReport(
  deps: CitizenDeps,
  job: { userId: number; reportId: string },
): Promise<"submitted" | "nothing"> {
  const t = strings(deps);
  for (let i = 0; i < CAS_ATTEMPTS; i++) {
    const { session, version } = await deps.memory.load(job.userId);
    const next = flush(session, job.reportId, t);
    if (next.actions.length === 0) return "nothing";
    if (!(await deps.memory.save(job.userId, version, next.session, SESSION_GRACE_S))) continue;
    const draft = session?.draft;
    await perform(deps, draft?.chatId ?? job.userId, job.userId, next.actions);
    return next.actions.some((a) => a.type === "submit") ? "submitted" : "nothing";
  }
  throw new Error(`citizen ${job.userId}: the session kept changing while flushing ${job.reportId}`);
}

async function converse(
  deps: CitizenDeps,
  msg: CitizenMessage,
  next: (session: Session | null) => Step,
): Promise<CitizenOutcome> {
  const userId = msg.user.id;
  for (let i = 0; i < CAS_ATTEMPTS; i++) {
    const { session, version } = await deps.memory.load(userId);
    const result = next(session);
    const ttl = deps.collectMinutes * 60 + SESSION_GRACE_S;
    if (!(await deps.memory.save(userId, version, result.session, ttl))) continue;
    return perform(deps, msg.chatId, userId, result.actions);
  }
  throw new Error(`citizen ${userId}: the session kept changing under message ${msg.messageId}`);
}

async function perform(
  deps: CitizenDeps,
  chatId: number,
  userId: number,
  actions: readonly CitizenAction[],
): Promise<CitizenOutcome> {
  let outcome: CitizenOutcome = "conversation";
  for (const a of actions) {
    if (a.type === "say") {
      await say(deps, chatId, a.text, a.keyboard);
    } else if (a.type === "schedule_flush") {
      await deps.effects.telegram({
        kind: "citizen_flush",
        userId,
        reportId: a.reportId,
        delayMs: a.delayMs,
      });
    } else {
      const day = DateTime.fromMillis(deps.now(), { zone: "Asia/Jakarta" }).toISODate() ?? "";
      const n = await deps.memory.countReport(userId, day);
      if (n > deps.reportsPerDay) {
        deps.log.warn({ citizen: userId, report: a.draft.id }, "a citizen's reports reached the daily limit");
        await say(deps, chatId, strings(deps).dailyLimit(deps.reportsPerDay), "remove");
        return "daily_limit";
      }
      const at = new Date(deps.now()).toISOString();
      const origin = reportOrigin(a.draft);
      await deps.submit(reportAsTweet(a.draft, at), origin.citizen ?? {});
      deps.log.info(
        { report: a.draft.id, photos: a.draft.photos.length, pin: !!a.draft.pin },
        "a citizen's report was sent to triage",
      );
      outcome = "submitted";
    }
  }
  return outcome;
}

async function say(
  deps: Pick<CitizenDeps, "effects">,
  chatId: number,
  text: string,
  keyboard?: ReplyKeyboard | "remove",
): Promise<void> {
  await deps.effects.telegram({
    kind: "text",
    chatId,
    html: escapeHtml(text),
    // Through the bot the citizen writes to (the citizen-facing one, when configured).
    bot: "citizen",
    // Someone is looking at their phone waiting for this: ahead of cards.
    priority: "interactive",
    ...(keyboard ? { replyKeyboard: keyboard } : {}),
  });
}

function inputOf(msg: CitizenMessage): CitizenInput {
  if (msg.photoFileId) {
    return { kind: "photo", fileId: msg.photoFileId, ...(msg.caption ? { caption: msg.caption } : {}) };
  }
  if (msg.location) return { kind: "location", lat: msg.location.latitude, lon: msg.location.longitude };
  if (msg.contact)
    return { kind: "contact", phone: msg.contact.phone, own: msg.contact.userId === msg.user.id };
  if (msg.text?.trim()) return { kind: "text", text: msg.text };
  return { kind: "other" };
}

function stepContext(deps: CitizenDeps, msg: CitizenMessage) {
  return {
    t: strings(deps),
    now: deps.now(),
    chatId: msg.chatId,
    userId: msg.user.id,
    firstName: msg.user.firstName,
    messageId: msg.messageId,
    reportId: deps.reportIdOf(msg.chatId, msg.messageId),
    collectMinutes: deps.collectMinutes,
    namesPlace: deps.namesPlace,
    placeOfPin: deps.placeOfPin,
  };
}

async function runCommand(
  deps: CitizenDeps,
  msg: CitizenMessage,
  name: string,
  args: string,
): Promise<CitizenOutcome> {
  const t = strings(deps);
  switch (name) {
    case "privasi":
    case "privacy":
      await say(deps, msg.chatId, t.privacy);
      return "command";
    case "status":
      await say(deps, msg.chatId, await statusText(deps, msg.user.id, args));
      return "command";
    case "laporanku":
      await say(deps, msg.chatId, await openReportsText(deps, msg.user.id));
      return "command";
    case "hapus":
      await say(deps, msg.chatId, await erase(deps, msg.user.id), "remove");
      return "command";
    case "batal":
      return converse(deps, msg, (session) =>
        step(session, { kind: "text", text: t.button.cancel }, stepContext(deps, msg)),
      );
    default:
      await say(deps, msg.chatId, t.start);
      return "command";
  }
}

/** The citizen's own tickets (their index), newest first, as stored now. */
async function ownTickets(deps: CitizenDeps, userId: number, limit = 50): Promise<Ticket[]> {
  const ids = await deps.memory.tickets(userId, limit);
  const tickets = await Promise.all(ids.map((id) => deps.store.get(id)));
  // A ticket erased since, or someone else's, never shows.
  return tickets.filter((x): x is Ticket => x !== null && x.citizen?.user_id === userId);
}

function stateOf(ticket: Ticket, t: CitizenStrings): string {
  if (ticket.status === "new") return t.status.state.new;
  if (ticket.status === "dispatched") return t.status.state.open;
  if (ticket.status === "claimed") return t.status.state.claimed;
  if (ticket.status === "resolved") return t.status.state.resolved;
  return t.status.state.closed;
}

function line(deps: CitizenDeps, ticket: Ticket, t: CitizenStrings): string {
  const agency = ticket.agency ? agencyLabel(deps.settings, ticket.agency) : "—";
  return t.status.line(
    ticket.id,
    stateOf(ticket, t),
    agency,
    formatJakartaTime(ticket.received_at, deps.settings.language),
  );
}

/** `/status ADU-…`: only a report of this citizen is shown, to them. */
async function statusText(deps: CitizenDeps, userId: number, args: string): Promise<string> {
  const t = strings(deps);
  const id = parseTicketId(args);
  if (!id) return t.status.usage;
  const ticket = (await ownTickets(deps, userId)).find((x) => x.id === id);
  if (!ticket) return t.status.notYours;
  const note = ticket.status === "resolved" && ticket.resolution_note ? `\n${ticket.resolution_note}` : "";
  return `${line(deps, ticket, t)}${note}`;
}

async function openReportsText(deps: CitizenDeps, userId: number): Promise<string> {
  const t = strings(deps);
  const open = (await ownTickets(deps, userId)).filter((x) => OPEN_STATUSES.includes(x.status));
  if (open.length === 0) return t.mine.none;
  return [t.mine.header(open.length), ...open.map((x) => `• ${line(deps, x, t)}`)].join("\n");
}

/**
 * `/hapus`: the citizen's id, name, phone and photos leave every ticket of theirs (a tombstone
 * stays), their ticket list and any report in progress are forgotten. The tickets stay for the
 * record; no status message can reach them any more.
 */
async function erase(deps: CitizenDeps, userId: number): Promise<string> {
  const t = strings(deps);
  const tickets = await ownTickets(deps, userId, 10_000);
  const at = new Date(deps.now()).toISOString();
  for (const ticket of tickets) {
    await deps.store.eraseCitizen(ticket.id, at);
    // The live card loses the name too (a card still on its way is rendered from the erased ticket).
    await deps.effects.telegram({ kind: "sync", ticketId: ticket.id });
  }
  await deps.memory.forgetTickets(userId);
  for (let i = 0; i < CAS_ATTEMPTS; i++) {
    const { version } = await deps.memory.load(userId);
    if (await deps.memory.save(userId, version, null, 60)) break;
  }
  deps.log.info({ tickets: tickets.length }, "a citizen's personal data was erased");
  return tickets.length > 0 ? t.erase.done(tickets.length) : t.erase.none;
}

/**
 * "Belum beres" / "Sudah beres" (the buttons under a "resolved" notice) or words that say so,
 * about the citizen's latest resolved report, within the feedback window of its notice: the same
 * decision as an answer on X (`decideFeedback`, config/feedback.yaml). Returns false when the text
 * is no feedback (it is then part of a report).
 */
async function feedback(deps: CitizenDeps, msg: CitizenMessage, text: string): Promise<boolean> {
  const t = strings(deps);
  const button = isButton(text, t.button.notFixed)
    ? "belum beres"
    : isButton(text, t.button.fixed)
      ? "sudah beres"
      : null;
  const { session } = await deps.memory.load(msg.user.id);
  // Words typed while a report is being written belong to that report.
  if (!button && session?.draft) return false;
  const mine = await ownTickets(deps, msg.user.id);
  const resolved =
    mine.find((x) => x.status === "resolved" && x.replies["resolved"] !== undefined) ??
    mine.find((x) => x.replies["resolved"] !== undefined);
  if (!resolved) {
    if (button) await say(deps, msg.chatId, t.feedback.noneOpen, "remove");
    return button !== null;
  }
  const answerId = deps.reportIdOf(msg.chatId, msg.messageId);
  const decision = decideFeedback(
    resolved,
    {
      id: answerId,
      author_id: resolved.tweet.author_id,
      text: button ?? text,
      created_at: new Date(deps.now()).toISOString(),
      in_reply_to_tweet_id: resolved.replies["resolved"] ?? "",
    },
    deps.feedbackWindowDays,
    deps.feedbackLexicon,
  );
  if (decision.action === "triage") {
    if (button) await say(deps, msg.chatId, t.feedback.tooLate(resolved.id), "remove");
    return button !== null;
  }
  const at = new Date(deps.now()).toISOString();
  const actor = CITIZEN_ACTOR;
  let ticket = resolved;
  let reopened = false;
  if (decision.action === "reopen") {
    try {
      ticket = (
        await deps.store.transition(resolved.id, { type: "reopen", reason: decision.reason }, at, actor)
      ).ticket;
      reopened = true;
    } catch (err) {
      if (!isTransitionRefused(err) || !err.ticket) throw err;
      ticket = err.ticket;
    }
  }
  const note = decision.action === "reopen" ? decision.reason : decision.note;
  ticket = await deps.store.appendEvent(ticket.id, {
    at,
    type: "feedback",
    actor,
    from: answerId,
    to: decision.action === "reopen" ? "not_fixed" : decision.kind,
    ...(note ? { note } : {}),
  });
  if (reopened)
    await deps.effects.telegram({ kind: "card", ticketId: ticket.id, dispatch: cardRound(ticket.history) });
  await say(
    deps,
    msg.chatId,
    reopened ? t.feedback.reopened(ticket.id) : t.feedback.thanks(ticket.id),
    "remove",
  );
  return true;
}

import { agencyLabel, type PipelineSettings } from "../core/settings.js";
import type { SupervisionContext } from "../core/supervision-context.js";
import type { TelegramJob } from "../ports/effects.js";
import type { ChatGateway } from "../ports/chat-gateway.js";
import type { TicketAction, TransitionRefusedError, TransitionResult } from "../core/lifecycle.js";
import { ticketStatusText } from "../core/render-card.js";
import { resolutionRound } from "../core/routing.js";
import { reportKindOf, type Ticket } from "../core/ticket.js";
import type { TicketStore } from "../ports/ticket-store.js";
import { uiStrings, type UiStrings } from "../core/ui-strings.js";
import { cleanPersonName } from "../core/invisible-text.js";
import type { CommandRateLimit, StrangerNotice } from "./command-rate-limit.js";
import type { Membership } from "./membership.js";
import type { PromptMemory } from "./prompt-memory.js";
import type { PendingNotes } from "./pending-notes.js";
import type { StaffEffects } from "../ports/effects.js";
import type { ReplyTemplates } from "../core/render-reply.js";
import type { EffectKind, ParkedEffect } from "../core/parking.js";

/** The slice of pino the staff handlers log through. */
export interface StaffLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Everything a staff action needs; no telegraf, no BullMQ. */
export interface StaffDeps {
  store: TicketStore;
  /** For the interactive part: answers, keyboard swaps, prompts. Cards and confirmations go through `effects`. */
  chat: ChatGateway;
  effects: StaffEffects;
  membership: Membership;
  prompts: PromptMemory;
  /** Notes sent as plain messages, held until their writer confirms them. */
  pendingNotes: PendingNotes;
  /** Commands per user in groups. */
  commandRate: CommandRateLimit;
  /** Commands per user in private chats; without it private chats are not limited. */
  privateRate?: CommandRateLimit;
  /** Strangers answered once per window in private chats; without it they are answered like staff. */
  strangers?: StrangerNotice;
  settings: PipelineSettings;
  /** HMAC key of the callback data (the same one cards are rendered with). */
  secret: string;
  /** The bot's username, to ignore `/cmd@otherbot`. Optional: without it every command is ours. */
  botUsername?: string;
  /**
   * Citizens have a bot of their own (`TELEGRAM_CITIZEN_BOT_TOKEN`): a stranger's answer sends them
   * there, by its username once known (getMe).
   */
  citizenBot?: { username(): string | undefined };
  /**
   * Commands another folder adds to the bot (the supervisors' `/statistik`, `/terlambat`,
   * `/laporan`): staff sits below supervision, so the bot's composition hands them in.
   */
  commands?: ChatCommands;
  /**
   * `/dasbor`: a one-time login link to the web dashboard for this user (a full URL). Without it
   * `/dasbor` says the dashboard is not set up here.
   */
  dashboardLink?: (user: StaffUser) => Promise<string>;
  /**
   * The citizen reply templates: with them, a staff member whose note had to be shortened for X is
   * told what the citizen got. Optional (without them the confirmation is the plain one).
   */
  replyTemplates?: ReplyTemplates;
  /** SLA targets and calendars for `/statistik`, `/terlambat` and `/laporan`; without it they say so. */
  supervision?: SupervisionContext;
  /** Parked effects: `/antrian`'s count and the `/macet` buttons (handed in by the bot's composition). */
  parking?: ParkingActions;
  /**
   * `/digest`: the daily digest composed now (HTML text, then the chart as a PNG with its caption,
   * or the HTML line saying why there is none). Without it `/digest` says it is not available.
   */
  digestNow?: () => Promise<{
    html: string;
    chart?: { png: Buffer; caption: string };
    noChart?: string;
  }>;
  now(): number;
  log: StaffLog;
}

/** A message a user wrote where the bot can see it (a command, or a reply to one of its prompts). */
export interface StaffMessage {
  chatId: number;
  chatType: "private" | "group" | "supergroup" | "channel";
  messageId: number;
  user: StaffUser;
  text?: string;
  /** A photo's caption. */
  caption?: string;
  hasPhoto: boolean;
  /** The message this one answers, if any. */
  replyToMessageId?: number;
}

/** What the staff side may do with parked effects; the use case lives in `supervision/parking.ts`. */
export interface ParkingActions {
  count(): Promise<number>;
  list(): Promise<ParkedEffect[]>;
  redrive(ticketId: string, effect: EffectKind): Promise<"redriven" | "not_parked">;
  dismiss(
    ticketId: string,
    effect: EffectKind,
    actor: string,
  ): Promise<"dismissed" | "not_parked" | "not_dismissable">;
}

/** Commands handled outside `staff/`, asked for by name (lower case, without the slash). */
export interface ChatCommands {
  names: readonly string[];
  run(deps: StaffDeps, msg: StaffMessage, name: string, args: string): Promise<"command" | "not_member">;
}

export interface StaffUser {
  id: number;
  /** Display name (first and last name): shown on the card as the assignee. */
  name: string;
}

/** The history's actor for a Telegram user. */
export function actorOf(user: StaffUser): string {
  return `tg:${user.id}`;
}

export function isoAt(deps: Pick<StaffDeps, "now">): string {
  return new Date(deps.now()).toISOString();
}

export function ui(deps: Pick<StaffDeps, "settings">): UiStrings {
  return uiStrings(deps.settings.language);
}

export { agencyLabel };

/** The ticket's status in a few words, as the card's status line says it (plain text). */
export function statusLabel(ticket: Ticket, settings: PipelineSettings): string {
  return ticketStatusText(
    ticket,
    uiStrings(settings.language),
    (id) => agencyLabel(settings, id),
    (text) => text,
  );
}

/** What to tell a presser whose action the store refused, with the ticket's current state. */
export function refusalText(
  err: TransitionRefusedError,
  ticketId: string,
  settings: PipelineSettings,
): string {
  const t = uiStrings(settings.language);
  const ticket = err.ticket;
  if (err.code === "not_found" || !ticket) return t.answer.notFound(ticketId);
  if (err.code === "moved") return t.answer.moved(agencyLabel(settings, ticket.agency));
  // Someone set the same kind a moment earlier: what the presser wanted is so.
  if (err.code === "same_kind" && err.action === "set_kind") {
    const kind = reportKindOf(ticket);
    if (kind) return t.answer.kindChanged(ticket.id, t.reportKind[kind]);
  }
  if (ticket.status === "claimed" && ticket.assignee)
    return t.answer.alreadyClaimed(cleanPersonName(ticket.assignee.name, "?"));
  return t.answer.refusedStatus(statusLabel(ticket, settings));
}

/** The follow-up Telegram jobs a refusal calls for: the pressed card shows the ticket as it is now. */
export function refreshAfterRefusal(
  err: TransitionRefusedError,
  pressed: { chatId: number; messageId: number } | undefined,
): TelegramJob[] {
  const ticket = err.ticket;
  if (!ticket) return [];
  if (err.code === "moved" && pressed) {
    return [
      {
        kind: "farewell",
        ticketId: ticket.id,
        chatId: pressed.chatId,
        messageId: pressed.messageId,
        toAgency: ticket.agency ?? "",
      },
    ];
  }
  return [{ kind: "sync", ticketId: ticket.id }];
}

/**
 * The resolve `action` was already applied by `actor` with the same note: the ticket is resolved
 * and its last resolution is theirs, word for word. Anything else (someone else resolved it, or
 * another note) is a genuine refusal.
 */
export function replayedResolve(
  ticket: Ticket | null,
  action: TicketAction,
  actor: string,
): TransitionResult | null {
  if (action.type !== "resolve" || ticket?.status !== "resolved") return null;
  const event = ticket.history.findLast((e) => e.type === "resolved");
  if (!event || event.actor !== actor || (ticket.resolution_note ?? "") !== (action.note ?? "")) return null;
  return { ticket, event };
}

/** The card shows the resolution; the citizen hears about it (when the deployment replies on resolve). */
export async function afterResolve(deps: StaffDeps, done: TransitionResult): Promise<void> {
  await deps.effects.telegram({ kind: "sync", ticketId: done.ticket.id });
  if (deps.settings.replies.on_resolve) {
    await deps.effects.reply({
      ticketId: done.ticket.id,
      kind: "resolved",
      round: resolutionRound(done.ticket.history),
    });
  }
}

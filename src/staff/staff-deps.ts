import { cleanPersonName } from "../tickets/invisible-text.js";
import type { PipelineSettings } from "../pipeline/pipeline-settings.js";
import type { SupervisionContext } from "../supervision/supervision-context.js";
import type { TelegramJob } from "../pipeline/queues.js";
import type { ChatGateway } from "../telegram/chat-gateway.js";
import type { TransitionRefusedError } from "../tickets/lifecycle.js";
import { ticketStatusText } from "../tickets/render-card.js";
import type { Ticket } from "../tickets/ticket.js";
import type { TicketStore } from "../tickets/ticket-store.js";
import { uiStrings, type UiStrings } from "../tickets/ui-strings.js";
import type { CommandRateLimit } from "./command-rate-limit.js";
import type { Membership } from "./membership.js";
import type { PromptMemory } from "./prompt-memory.js";
import type { StaffEffects } from "./staff-effects.js";

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
  commandRate: CommandRateLimit;
  settings: PipelineSettings;
  /** HMAC key of the callback data (the same one cards are rendered with). */
  secret: string;
  /** The bot's username, to ignore `/cmd@otherbot`. Optional: without it every command is ours. */
  botUsername?: string;
  /** SLA targets and calendars for `/statistik`, `/terlambat` and `/laporan`; without it they say so. */
  supervision?: SupervisionContext;
  now(): number;
  log: StaffLog;
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

/** The agency's short name for staff (`Dishub`), its id when unknown. */
export function agencyLabel(settings: PipelineSettings, id: string | null | undefined): string {
  if (!id) return "—";
  return settings.agencies.get(id)?.short_name ?? id;
}

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

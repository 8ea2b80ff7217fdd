import { renderCard, type CardKind, type CardMenu, type RenderedCard } from "./render-card.js";
import type { Ticket } from "./ticket.js";
import { agencyForChat, chatForAgency, type PipelineSettings } from "./settings.js";

/** A button as the chat gateway sends it: text and callback data. */
export interface InlineButton {
  text: string;
  /** Callback data, at most 64 bytes (Telegram's limit). */
  data: string;
}
/** Rows of buttons under a message. */
export type Keyboard = InlineButton[][];

/**
 * The chat a ticket's current card belongs in: while `new` (not routed yet) the moderation group
 * for an abusive tweet, else the triage group; once dispatched, its agency's group.
 */
export function chatForTicket(ticket: Ticket, s: PipelineSettings): number | undefined {
  if (ticket.status === "new") {
    return chatForAgency(s, ticket.triage.abusive ? s.moderationAgency : s.triageAgency);
  }
  return chatForAgency(s, ticket.agency);
}

/**
 * The agency whose group holds the ticket now, the one whose figures and queue it counts in:
 * while `new` the moderation agency (abusive) or the triage agency, not the agency triage guessed
 * (an abusive tweet about a canal is moderation's work until someone routes it); once routed, its owner.
 */
export function agencyHolding(
  ticket: Pick<Ticket, "status" | "agency" | "triage">,
  s: Pick<PipelineSettings, "triageAgency" | "moderationAgency">,
): string | null {
  if (ticket.status === "new") return ticket.triage.abusive ? s.moderationAgency : s.triageAgency;
  return ticket.agency;
}

/**
 * What kind of card a ticket shows in `chatId`: the triage/moderation card there, else an agency
 * card. A desk verdict names the command center as its agency, so a ticket the command center
 * holds is still the triage card unless it was dispatched there as its owner.
 */
export function cardKindIn(ticket: Ticket, chatId: number, s: PipelineSettings): CardKind {
  if (standsInForIn(ticket, chatId) !== undefined) return "agency";
  const triageChat = chatForAgency(s, s.triageAgency);
  const moderationChat = chatForAgency(s, s.moderationAgency);
  if (ticket.triage.abusive && chatId === moderationChat) return "moderation";
  if (chatId === triageChat && !ownedByTriageAgency(ticket, s)) return "triage";
  return "agency";
}

/**
 * The agency whose card `chatId` holds in place of that agency's own group (see
 * `Ticket.telegram.stands_in_for`), while the ticket is still that agency's and open or resolved.
 */
export function standsInForIn(ticket: Ticket, chatId: number): string | undefined {
  const tg = ticket.telegram;
  if (!tg?.stands_in_for || tg.chat_id !== chatId || ticket.status === "new") return undefined;
  return tg.stands_in_for === ticket.agency ? tg.stands_in_for : undefined;
}

/** The agency whose card `chatId` shows: the one it stands in for, else the group's own agency. */
export function cardAgencyIn(ticket: Ticket, chatId: number, s: PipelineSettings): string | undefined {
  return standsInForIn(ticket, chatId) ?? agencyForChat(s, chatId);
}

function ownedByTriageAgency(ticket: Ticket, s: PipelineSettings): boolean {
  if (ticket.agency !== s.triageAgency) return false;
  return ticket.history.some(
    (e) => (e.type === "dispatched" || e.type === "reassigned") && e.to === s.triageAgency,
  );
}

export interface CardViewDeps {
  settings: PipelineSettings;
  secret: string;
}

/**
 * The card of `ticket` as the group `chatId` should see it now. The same function renders the
 * current card, the card a ticket left behind (it then says where the ticket went and has no
 * buttons) and the sub-menus a button opens, so every edit converges on one view of the ticket.
 */
export function renderCardIn(
  deps: CardViewDeps,
  ticket: Ticket,
  chatId: number,
  menu: CardMenu = "main",
  /** The card is about to stand in `chatId` for this agency's group (before the ticket records it). */
  standsInFor?: string,
): RenderedCard {
  const s = deps.settings;
  const standIn = standsInFor ?? standsInForIn(ticket, chatId);
  return renderCard(ticket, {
    lang: s.language,
    agencies: [...s.agencies.values()],
    chatId,
    secret: deps.secret,
    kind: standIn !== undefined ? "agency" : cardKindIn(ticket, chatId, s),
    menu,
    cardAgency: standIn ?? agencyForChat(s, chatId) ?? null,
    ...(standIn !== undefined ? { standsInFor: standIn } : {}),
  });
}

/** render-card speaks Telegram's `callback_data`/`url` buttons; the gateway takes `{ text, data }`. */
export function toGatewayKeyboard(card: RenderedCard): Keyboard {
  return card.keyboard.map((row) =>
    row.flatMap((b) => ("callback_data" in b ? [{ text: b.text, data: b.callback_data }] : [])),
  );
}

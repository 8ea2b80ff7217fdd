import type { AgencyFile } from "../triage/agency-schema.js";
import type { TriageLocation } from "../triage/types.js";
import { encodeCallbackData, type CallbackAction } from "./callback-data.js";
import { canApply, type RejectReason } from "./lifecycle.js";
import { stripBidi, stripZeroWidth } from "./invisible-text.js";
import { formatJakartaTime } from "./jakarta-time.js";
import { channelOf, reportKindOf, type Ticket } from "./ticket.js";
import { uiStrings, type Lang, type UiStrings } from "./ui-strings.js";
import { parkingStrings } from "./parking.js";
import { REPORT_KINDS } from "./reply-templates.js";

/**
 * Telegram cards as HTML (`parse_mode: "HTML"`) plus their inline keyboards. Pure: the caller
 * sends the result through the ChatGateway. Every piece of tweet or staff text is escaped and
 * cleaned of bidi controls (an RTL override in a tweet must not flip the rest of the card), and
 * the whole text is kept within Telegram's 4096 characters by shortening the tweet text on a
 * grapheme boundary before escaping, so no emoji or `&amp;` is ever cut in half.
 */

export const TELEGRAM_MAX_TEXT = 4096;

export type InlineButton = { text: string; callback_data: string } | { text: string; url: string };
export type InlineKeyboard = InlineButton[][];

export interface RenderedCard {
  text: string;
  parse_mode: "HTML";
  /** Empty when the card offers no action (closed ticket, or a card the ticket has moved away from). */
  keyboard: InlineKeyboard;
}

export type AgencyInfo = Pick<AgencyFile, "id" | "name" | "short_name" | "kind">;

/**
 * - `agency`: the card in an agency's group (Ambil, Alihkan, Selesai, Tolak, Jenis).
 * - `triage`: the desk card in the triage group for a ticket no rule routed with confidence: the
 *   triage's three best agencies as one-tap routes, "Bukan aduan" (one-tap reject), and "Lainnya…"
 *   (every agency, triage candidates first, and Tolak with its other reasons).
 * - `moderation`: an abusive tweet: Tolak (kasar) or route it after all; never a reply.
 */
export type CardKind = "agency" | "triage" | "moderation";

/** How many of the triage's best agencies the desk card offers as one-tap buttons. */
export const DESK_CHOICES = 3;

/** Which keyboard to show: the card's main one, or the sub-menu a button opened. */
export type CardMenu = "main" | "reassign" | "reject" | "resolve" | "route" | "kind";

export interface CardContext {
  lang: Lang;
  /** All configured agencies, in the order buttons should list them. */
  agencies: readonly AgencyInfo[];
  /** The chat the card is (or will be) posted in: buttons are signed for it. */
  chatId: number;
  /** HMAC key for callback data. */
  secret: string;
  /** Default `agency`. */
  kind?: CardKind;
  /** Default `main`. */
  menu?: CardMenu;
  /**
   * For `agency` cards: the agency whose group holds this card. When the ticket now belongs to
   * another agency the card says where it went and loses its buttons. Default: the ticket's agency.
   */
  cardAgency?: string | null;
  /** The card stands in the triage group for this agency's group: its first line says so. */
  standsInFor?: string;
}

// C0/C1 controls other than tab and newline: Telegram rejects some, and none carry meaning here.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Escapes text for Telegram HTML, including `"` so the result is also safe inside an attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * Untrusted text as it may appear on a card: no bidi overrides, no zero-width characters (an
 * emoji's joiner excepted), no control characters, unified newlines.
 */
export function cleanText(text: string): string {
  return stripZeroWidth(stripBidi(text.replace(/\r\n?/g, "\n"))).replace(CONTROL_CHARS, "");
}

const segmenter = new Intl.Segmenter("id", { granularity: "grapheme" });

/**
 * Cleans, shortens and escapes `text` so the escaped result is at most `budget` UTF-16 units,
 * cutting only between graphemes (never inside an emoji sequence or an `&amp;`) and ending with
 * `…` when shortened.
 */
export function escapeWithin(text: string, budget: number): string {
  const clean = cleanText(text);
  const full = escapeHtml(clean);
  if (full.length <= budget) return full;
  if (budget <= 0) return "";
  const room = budget - 1; // the ellipsis
  // Walk code points to the last one that fits once escaped...
  let cut = 0;
  let used = 0;
  for (const ch of clean) {
    const w = ch === "&" ? 5 : ch === "<" || ch === ">" ? 4 : ch === '"' ? 6 : ch.length;
    if (used + w > room) break;
    used += w;
    cut += ch.length;
  }
  // ...then step back to a grapheme boundary. Intl.Segmenter is slow (~20 µs a grapheme), so it
  // only looks at a window around the cut: 20 KB of emoji costs the same as a short tweet.
  return `${escapeHtml(clean.slice(0, graphemeBoundaryAtOrBefore(clean, cut)).trimEnd())}…`;
}

function isRegionalIndicator(text: string, i: number): boolean {
  const cp = text.codePointAt(i);
  return cp !== undefined && cp >= 0x1f1e6 && cp <= 0x1f1ff;
}

function graphemeBoundaryAtOrBefore(text: string, index: number): number {
  let from = Math.max(0, index - 64);
  if (from > 0 && /[\uDC00-\uDFFF]/.test(text[from] ?? "")) from += 1;
  // Flags are pairs of regional indicators counted from the start of their run: start the window
  // on an even position of the run, or the segmenter would pair them off by one.
  let before = 0;
  while (from - 2 * (before + 1) >= 0 && isRegionalIndicator(text, from - 2 * (before + 1))) before++;
  if (before % 2 === 1) from -= 2;
  let boundary = -1;
  for (const { index: i } of segmenter.segment(text.slice(from, index + 16))) {
    if (i > index - from) break;
    // The window's first segment may be the tail of a longer cluster: its start is no boundary.
    if (i > 0 || from === 0) boundary = from + i;
  }
  return boundary >= 0 ? boundary : index;
}

function agencyLabel(ctx: CardContext, id: string | null | undefined): string {
  if (!id) return "—";
  return ctx.agencies.find((a) => a.id === id)?.short_name ?? id;
}

/** "Jl. Sangkuriang, Coblong (dari teks)"; coordinates appended when the triage has them. Each place once. */
export function describeLocation(loc: TriageLocation, lang: Lang): string {
  const t = uiStrings(lang).location;
  const parts: string[] = [];
  for (const p of [loc.street ?? loc.landmark, loc.neighbourhood, loc.kelurahan, loc.kecamatan]) {
    if (p && !parts.some((q) => q.toLowerCase() === p.toLowerCase())) parts.push(p);
  }
  const coords =
    loc.lat !== undefined && loc.lon !== undefined
      ? `${loc.lat.toFixed(5)}, ${loc.lon.toFixed(5)}`
      : undefined;
  if (loc.source === "none" || (parts.length === 0 && !coords)) return t.unknown;
  const source = { text: t.text, coordinates: t.coordinates, place: t.place, profile: t.profile }[loc.source];
  const where = [parts.join(", "), coords ? `(${coords})` : ""].filter(Boolean).join(" ");
  return `${where} (${source})`;
}

/** The words triage matched, each once (however many rules matched it), places left to the location line. */
function evidenceWords(ticket: Ticket): string[] {
  const loc = ticket.triage.location;
  const places = [loc.street, loc.landmark, loc.neighbourhood, loc.kelurahan, loc.kecamatan]
    .filter((p): p is string => !!p)
    .map((p) => p.toLowerCase());
  const seen = new Set<string>();
  const words: string[] = [];
  for (const e of ticket.triage.evidence) {
    if (e.field === "location" || e.field === "complaint") continue;
    const w = e.match.trim();
    const key = w.toLowerCase().replace(/\s+/g, " ");
    if (!w || seen.has(key) || places.some((p) => p === key || p.endsWith(` ${key}`))) continue;
    seen.add(key);
    words.push(w);
  }
  return words.slice(0, 8);
}

/** "Diselesaikan oleh Asep, 28 Nov 2026 14.05 WIB" on a resolved or rejected card; null otherwise. */
function closedLine(ticket: Ticket, t: UiStrings, lang: Lang): string | null {
  if (ticket.status !== "resolved" && ticket.status !== "rejected") return null;
  const type = ticket.status === "resolved" ? "resolved" : "rejected";
  const last = ticket.history.findLast((e) => e.type === type);
  if (!last) return null;
  const at = formatJakartaTime(last.at, lang);
  const by = last.by ? escapeWithin(last.by, 100) : null;
  return type === "resolved" ? t.card.resolvedBy(by, at) : t.card.rejectedBy(by, at);
}

function statusLine(ticket: Ticket, ctx: CardContext, t: UiStrings): string {
  const kind = ctx.kind ?? "agency";
  const esc = (s: string, max: number) => escapeWithin(s, max);
  if (kind !== "agency" && ticket.status !== "new" && ticket.status !== "rejected" && ticket.agency) {
    return t.status.routedTo(esc(agencyLabel(ctx, ticket.agency), 100));
  }
  const cardAgency = ctx.cardAgency === undefined ? ticket.agency : ctx.cardAgency;
  if (kind === "agency" && cardAgency !== ticket.agency && ticket.agency) {
    return t.status.movedTo(esc(agencyLabel(ctx, ticket.agency), 100));
  }
  return ticketStatusText(ticket, t, (id) => agencyLabel(ctx, id), esc);
}

/**
 * The ticket's status in a few words, as the card's status line says it. `esc` prepares a piece
 * of free text for where it goes (HTML-escaping and shortening on a card, nothing in plain text).
 */
export function ticketStatusText(
  ticket: Ticket,
  t: UiStrings,
  agencyName: (id: string | null) => string,
  esc: (text: string, max: number) => string,
): string {
  switch (ticket.status) {
    case "new":
      return t.status.new;
    case "dispatched":
      return t.status.dispatched;
    case "claimed":
      return t.status.claimed(esc(ticket.assignee?.name ?? "?", 100));
    case "resolved":
      return ticket.resolution_note
        ? t.status.resolvedWithNote(esc(ticket.resolution_note, 600))
        : t.status.resolved;
    case "rejected": {
      const last = [...ticket.history].reverse().find((e) => e.type === "rejected");
      const [reason, original] = (last?.note ?? "").split(" ");
      const label = t.rejectReason[reason as RejectReason] ?? reason ?? "";
      return t.status.rejected(esc(original ? `${label} ${original}` : label, 100));
    }
    case "merged": {
      const last = [...ticket.history].reverse().find((e) => e.type === "merged");
      return t.status.merged(esc(last?.to ?? "?", 30));
    }
    case "redirected":
      return t.status.redirected(esc(agencyName(ticket.agency), 100));
    case "not_complaint":
      return t.status.notComplaint;
  }
}

/**
 * Why an open ticket was reopened (the citizen's words), `""` when no reason was given, null when
 * the ticket is not open after a reopen: the card then says so at the top.
 */
export function reopenReason(ticket: Ticket): string | null {
  if (ticket.status !== "dispatched" && ticket.status !== "claimed") return null;
  const last = ticket.history.findLast((e) => e.type === "reopened" || e.type === "resolved");
  return last?.type === "reopened" ? (last.note ?? "") : null;
}

/**
 * The card a reopened ticket leaves behind in its group once the new card is posted: one short
 * line pointing to the live card, no buttons, so the group never sees "Selesai" beside
 * "DIBUKA KEMBALI" for the same ticket.
 */
export function renderRetiredCard(ticket: Ticket, lang: Lang): RenderedCard {
  const t = uiStrings(lang);
  return { text: `🔁 ${escapeWithin(t.card.retired(ticket.id), 200)}`, parse_mode: "HTML", keyboard: [] };
}

/** Renders the card text and keyboard for `ticket` as seen in the chat described by `ctx`. */
export function renderCard(ticket: Ticket, ctx: CardContext): RenderedCard {
  const t = uiStrings(ctx.lang);
  const kind = ctx.kind ?? "agency";
  const tweet = ticket.tweet;
  const head: string[] = [];
  if (ctx.standsInFor !== undefined) {
    head.push(
      `<b>${escapeWithin(parkingStrings(ctx.lang).standIn(agencyLabel(ctx, ctx.standsInFor)), 200)}</b>`,
    );
  }
  if (kind === "moderation") head.push(`<b>${t.card.moderationHeader}</b>`);
  if (kind === "triage" && ticket.status === "new") head.push(`<b>${t.card.triageHeader}</b>`);
  if (ticket.urgency === "urgent") head.push(`<b>${t.card.urgent}</b>`);
  const reopened = reopenReason(ticket);
  if (reopened !== null) head.push(`<b>${t.card.reopened}</b>`);
  const agencyName =
    kind === "agency" ? ` · ${escapeWithin(agencyLabel(ctx, ctx.cardAgency ?? ticket.agency), 100)}` : "";
  // Tickets stored before report kinds existed have none: the card then says nothing about it.
  const kindNow = reportKindOf(ticket);
  const reportKind = kindNow ? ` · ${t.reportKind[kindNow]}` : "";
  head.push(`<b>${escapeWithin(ticket.id, 30)}</b>${agencyName}${reportKind}`);
  head.push(`<i>${statusLine(ticket, ctx, t)}</i>`);
  const closed = closedLine(ticket, t, ctx.lang);
  if (closed) head.push(closed);
  if (reopened) head.push(`💬 ${escapeWithin(t.card.reopenedWhy(reopened), 400)}`);

  // Every field has a word label: the emoji before it is decoration (a phone without an emoji font shows boxes).
  const channel = channelOf(ticket);
  const author =
    channel === "telegram"
      ? ticket.citizen?.erased_at
        ? t.card.reporterErased
        : escapeWithin(ticket.citizen?.first_name ?? tweet.author_name ?? "?", 100)
      : tweet.author_name
        ? `${escapeWithin(tweet.author_name, 100)} (@${escapeWithin(tweet.author_username, 30)})`
        : `@${escapeWithin(tweet.author_username, 30)}`;
  const blocked = ticket.history.some((e) => e.type === "citizen_blocked")
    ? ` · 🚫 ${t.card.citizenBlocked}`
    : "";
  const tail: string[] = [
    `👤 ${t.card.reporter}: ${author} · ${t.card.via[channel]}${blocked}`,
    `📍 ${t.card.location}: ${escapeWithin(describeLocation(ticket.triage.location, ctx.lang), 300)}`,
  ];
  const map = mapLink(ticket);
  if (map) tail.push(`🗺️ <a href="${escapeHtml(map)}">${t.card.map}</a>`);
  const photos = ticket.citizen?.photos?.length ?? 0;
  if (photos > 0) tail.push(`📷 ${t.card.photos(photos)}`);
  const words = evidenceWords(ticket);
  if (words.length > 0) tail.push(`🔎 ${t.card.reason}: ${escapeWithin(words.join(", "), 300)}`);
  if (kind === "triage") {
    const best = ticket.triage.candidates[0];
    tail.push(
      best
        ? `🧭 ${escapeWithin(t.card.suggestion(agencyLabel(ctx, best.agency), Math.round(ticket.triage.confidence * 100)), 200)}`
        : `🧭 ${t.card.noSuggestion}`,
    );
  }
  if (kind === "moderation") tail.push(`🔇 ${t.card.moderationNoReply}`);
  const others = ticket.also_reported_by ?? [];
  if (others.length > 0) {
    const ids = others.length > 5 ? `${others.slice(0, 5).join(", ")}, …` : others.join(", ");
    tail.push(`👥 ${escapeWithin(t.card.alsoReported(others.length, ids), 300)}`);
  }
  tail.push(`🕑 ${t.card.received}: ${formatJakartaTime(tweet.created_at || ticket.received_at, ctx.lang)}`);
  if (/^https:\/\/(x|twitter)\.com\//.test(tweet.url)) {
    tail.push(`<a href="${escapeHtml(cleanText(tweet.url))}">${t.card.link}</a>`);
  }

  const before = `${head.join("\n")}\n\n`;
  const after = `\n\n${tail.join("\n")}`;
  const budget = TELEGRAM_MAX_TEXT - before.length - after.length;
  const text = `${before}${escapeWithin(tweet.text, budget)}${after}`;
  return { text, parse_mode: "HTML", keyboard: renderKeyboard(ticket, ctx, t) };
}

/** OpenStreetMap at the citizen's pin (or the tweet's exact coordinates), for the staff's phones. */
export function mapLink(ticket: Ticket): string | null {
  const at = ticket.citizen?.pin ?? ticket.tweet.coordinates;
  if (!at) return null;
  const [lon, lat] = at;
  const la = lat.toFixed(5);
  const lo = lon.toFixed(5);
  return `https://www.openstreetmap.org/?mlat=${la}&mlon=${lo}#map=18/${la}/${lo}`;
}

function renderKeyboard(ticket: Ticket, ctx: CardContext, t: UiStrings): InlineKeyboard {
  const kind = ctx.kind ?? "agency";
  const menu = ctx.menu ?? "main";
  const button = (text: string, action: CallbackAction, arg?: string): InlineButton => ({
    text,
    callback_data: encodeCallbackData(
      arg === undefined ? { action, ticketId: ticket.id } : { action, ticketId: ticket.id, arg },
      ctx.chatId,
      ctx.secret,
    ),
  });
  const cancel = button(t.button.cancel, "cancel");
  const agencyButtons = (
    action: "reassign" | "route",
    exclude: string | null,
    first: readonly string[] = [],
  ) => {
    const routable = ctx.agencies.filter((a) => a.kind === "agency" && a.id !== exclude);
    const ranked = [
      ...first.flatMap((id) => routable.filter((a) => a.id === id)),
      ...routable.filter((a) => !first.includes(a.id)),
    ];
    return ranked.map((a) => button(a.short_name, action, a.id));
  };
  const rejectMenu = (): InlineKeyboard => [
    [
      button(t.rejectReason.bukan_aduan, "reject", "bukan_aduan"),
      button(t.rejectReason.spam, "reject", "spam"),
    ],
    [button(t.rejectReason.duplikat, "reject", "duplikat"), cancel],
  ];

  if (kind === "agency") {
    const cardAgency = ctx.cardAgency === undefined ? ticket.agency : ctx.cardAgency;
    if (cardAgency !== ticket.agency) return [];
    const s = ticket.status;
    if (menu === "reassign" && canApply(s, "reassign"))
      return pairs([...agencyButtons("reassign", ticket.agency), cancel]);
    if (menu === "reject" && canApply(s, "reject")) return rejectMenu();
    if (menu === "resolve" && canApply(s, "resolve"))
      return [[button(t.button.resolveWithoutNote, "resolve")], [cancel]];
    // The kinds the ticket is not, two to a row (short labels: half a phone's width each).
    if (menu === "kind" && canApply(s, "set_kind")) {
      const now = reportKindOf(ticket);
      const other = REPORT_KINDS.filter((k) => k !== now);
      return pairs([...other.map((k) => button(t.button.kindChoice[k], "set_kind", k)), cancel]);
    }
    if (s === "dispatched") {
      return [
        [button(t.button.claim, "claim"), button(t.button.reassign, "reassign_menu")],
        [button(t.button.resolve, "resolve_menu"), button(t.button.reject, "reject_menu")],
        [button(t.button.kind, "kind_menu")],
      ];
    }
    if (s === "claimed") {
      return [
        [button(t.button.resolve, "resolve_menu"), button(t.button.reassign, "reassign_menu")],
        [button(t.button.reject, "reject_menu"), button(t.button.kind, "kind_menu")],
      ];
    }
    return [];
  }

  // Triage and moderation cards act only while nobody has routed or closed the ticket.
  if (ticket.status !== "new") return [];
  if (menu === "reject") return rejectMenu();
  const candidates = ticket.triage.candidates.map((c) => c.agency);
  if (kind === "triage") {
    // The full agency list (and the other reject reasons) sit behind "Lainnya…".
    if (menu === "route")
      return [
        ...pairs(agencyButtons("route", null, candidates)),
        [button(t.button.reject, "reject_menu"), cancel],
      ];
    // The desk card: the triage's three best agencies, one tap each, and one tap for "not a report".
    const routable = new Set(ctx.agencies.filter((a) => a.kind === "agency").map((a) => a.id));
    const top = [...new Set(candidates)].filter((id) => routable.has(id)).slice(0, DESK_CHOICES);
    return [
      ...top.map((id) => [button(t.button.routeTo(agencyLabel(ctx, id)), "route", id)]),
      [button(t.button.notAReport, "reject", "bukan_aduan"), button(t.button.more, "route_menu")],
    ];
  }
  if (menu === "route") return pairs([...agencyButtons("route", null, candidates), cancel]);
  return [[button(t.button.rejectAbusive, "reject", "kasar")], [button(t.button.route, "route_menu")]];
}

function pairs<T>(items: T[]): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += 2) rows.push(items.slice(i, i + 2));
  return rows;
}

import { formatJakartaTime } from "../../core/jakarta-time.js";
import type { RejectReason } from "../../core/lifecycle.js";
import { uiStrings } from "../../core/ui-strings.js";
import { describeLocation } from "../../core/render-card.js";
import { channelOf, type Ticket, type TicketEvent } from "../../core/ticket.js";
import type { DashboardStrings } from "../dashboard-strings.js";
import type { TicketRow } from "../ticket-query.js";
import { html, type Raw } from "./html-template.js";
import { BASE, page, type PageChrome } from "./layout.js";
import { slaText } from "./queue-page.js";

/** Events whose note a person wrote or needs (a reason, a resolution note, a citizen's words). */
const NOTE_SHOWN = new Set<TicketEvent["type"]>([
  "resolved",
  "rejected",
  "reopened",
  "feedback",
  "reassigned",
  "dismissed",
]);

/** A rejection's note is a reason code (`bukan_aduan`, `duplikat ADU-000012`): shown in words, as the card does. */
function noteText(t: DashboardStrings, e: TicketEvent, note: string): string {
  if (e.type !== "rejected") return note;
  const [reason = "", ...rest] = note.split(" ");
  const label = uiStrings(t.lang).rejectReason[reason as RejectReason] ?? reason;
  return [label, ...rest].join(" ");
}

/** Who reported it and where: a tweet links to X; a Telegram report has only the first name given. */
function reporterLine(t: DashboardStrings, ticket: Ticket): Raw {
  const when = formatJakartaTime(ticket.tweet.created_at, t.lang);
  if (channelOf(ticket) === "telegram") {
    const name = ticket.citizen?.erased_at
      ? t.channel.erased
      : (ticket.citizen?.first_name ?? ticket.tweet.author_username);
    return html`${name} · ${t.channel.via(t.channel.telegram)} · ${when}`;
  }
  return html`@${ticket.tweet.author_username} · ${when} ·
    <a href="${ticket.tweet.url}" rel="noopener noreferrer" target="_blank">${t.ticket.openOnX}</a>`;
}

function who(t: DashboardStrings, e: TicketEvent, ticket: Ticket): string {
  if (e.actor === "system") return t.ticket.system;
  if (e.actor.startsWith("citizen:")) return t.ticket.citizen;
  if (e.actor.startsWith("x:")) return `${t.ticket.citizen} @${ticket.tweet.author_username}`;
  if (e.by) return e.by;
  if (ticket.assignee && e.actor === `tg:${ticket.assignee.id}`) return ticket.assignee.name;
  return e.actor;
}

function what(t: DashboardStrings, e: TicketEvent, agencyName: (id: string | null) => string): string {
  const label = t.ticket.event[e.type] ?? e.type;
  const parts = [label];
  if (e.type === "reassigned" || e.type === "dispatched") {
    if (e.from && e.type === "reassigned") parts.push(`${agencyName(e.from)} → ${agencyName(e.to ?? null)}`);
    else if (e.to) parts.push(agencyName(e.to));
  } else if (e.type === "replied" && e.to) parts.push(e.to);
  else if (e.type === "merged" && e.to) parts.push(e.to);
  return parts.join(" · ");
}

/** At most this many of triage's guesses are named (the desk card offers three). */
const GUESSES_SHOWN = 3;

/**
 * Whether triage left the agency to a person: a desk or audit verdict (older stored verdicts
 * have no disposition; theirs is told by no agency or no confidence, which no routed verdict has).
 */
function pickedNoAgency(v: Ticket["triage"]): boolean {
  if (v.disposition) return v.disposition !== "agency";
  return v.agency === null || v.confidence === 0;
}

/**
 * The verdict's agency line. A desk or audit verdict names the command center or nothing, at a
 * confidence of 0 that means "not measured", so it shows what a supervisor can use instead:
 * whether someone has decided yet, and triage's best guesses. The candidates the desk pads with
 * configured fallbacks (score 0) are left out: triage did not guess them.
 */
function verdictAgency(
  t: DashboardStrings,
  ticket: Ticket,
  agencyName: (id: string | null) => string,
): string {
  const v = ticket.triage;
  if (!pickedNoAgency(v))
    return `${agencyName(v.agency)} (${t.ticket.confidence(Math.round(v.confidence * 100))})`;
  const waiting = ticket.status === "new" || ticket.status === "not_complaint";
  const guesses = [
    ...new Set(v.candidates.filter((c) => c.score > 0).map((c) => agencyName(c.agency))),
  ].slice(0, GUESSES_SHOWN);
  return [
    waiting ? t.ticket.noAgency.waiting : t.ticket.noAgency.decidedAtDesk,
    guesses.length > 0 ? t.ticket.noAgency.guesses(guesses.join(", ")) : t.ticket.noAgency.noGuess,
  ].join(" — ");
}

/** The ticket's live part (swapped in place when it changes). */
export function ticketBody(
  t: DashboardStrings,
  ticket: Ticket,
  row: TicketRow,
  agencyName: (id: string | null) => string,
): Raw {
  const v = ticket.triage;
  const reopens = ticket.history.filter((e) => e.type === "reopened");
  const merged = ticket.history.filter((e) => e.type === "merged");
  const incident = [
    ...(ticket.also_reported_by ?? []),
    ...merged.map((e) => e.to).filter((x): x is string => !!x),
  ];
  return html`<div id="live-region" data-live="ticket" data-ticket="${ticket.id}">
    <div class="ticket-head sla-${row.sla}">
      <h1>${ticket.id} <span class="status" data-field="status">${t.status[ticket.status]}</span></h1>
      <p class="sla">
        <span class="dot" aria-hidden="true"></span
        ><span data-field="sla">${slaText(t, row)}</span
        >${row.agency !== null ? ` · ${agencyName(row.agency)}` : ""}${ticket.assignee ? html` · <span data-field="assignee">${t.ticket.assignee}: ${ticket.assignee.name}</span>` : ""}
        ${reopens.length > 0 ? html` · <strong>${t.ticket.reopenings(reopens.length)}</strong>` : ""}
      </p>
      ${
        ticket.status === "not_complaint"
          ? html`<p class="restore-how" data-field="restore-how">
              ${t.ticket.restoreHow.before}
              <code>/jadikanaduan ${ticket.id}</code> ${t.ticket.restoreHow.after}
            </p>`
          : ""
      }
    </div>
    <div class="grid">
      <section class="card" aria-labelledby="h-tweet">
        <h2 id="h-tweet">${t.ticket.tweet}</h2>
        <blockquote>
          <p class="tweet-text">${ticket.tweet.text}</p>
          <footer>${reporterLine(t, ticket)}</footer>
        </blockquote>
        ${ticket.resolution_note ? html`<p><b>${t.status.resolved}:</b> ${ticket.resolution_note}</p>` : ""}
      </section>
      <section class="card" aria-labelledby="h-verdict">
        <h2 id="h-verdict">${t.ticket.verdict}</h2>
        <dl>
          <dt>${t.filter.agency}</dt>
          <dd data-field="verdict-agency">${verdictAgency(t, ticket, agencyName)}</dd>
          <dt>${t.ticket.kind}</dt>
          <dd>${v.kind ?? "—"}</dd>
          <dt>${t.ticket.urgency}</dt>
          <dd>${ticket.urgency === "urgent" ? t.filter.urgent : t.filter.normal}</dd>
          <dt>${t.ticket.place}</dt>
          <dd>${describeLocation(v.location, t.lang) || "—"}</dd>
        </dl>
        <h3>${t.ticket.evidence}</h3>
        <ul class="evidence">
          ${v.evidence.map((e) => html`<li><b>${t.ticket.evidenceField[e.field] ?? e.field}</b>: ${e.reason}${e.match ? html` — <q>${e.match}</q>` : ""}</li>`)}
        </ul>
      </section>
      <section class="card wide" aria-labelledby="h-timeline">
        <h2 id="h-timeline">${t.ticket.timeline}</h2>
        <ol class="timeline">
          ${ticket.history.map(
            (e) =>
              html`<li data-event="${e.type}">
                <time datetime="${e.at}">${formatJakartaTime(e.at, t.lang)}</time>
                <span class="what">${what(t, e, agencyName)}</span>
                <span class="who">${who(t, e, ticket)}</span
                >${e.note && NOTE_SHOWN.has(e.type) ? html`<p class="note">${noteText(t, e, e.note)}</p>` : ""}
              </li>`,
          )}
        </ol>
      </section>
      <section class="card" aria-labelledby="h-replies">
        <h2 id="h-replies">${t.ticket.replies}</h2>
        ${
          Object.keys(ticket.replies).length === 0
            ? html`<p>${t.ticket.noReplies}</p>`
            : html`<ul>
                ${Object.entries(ticket.replies).map(([kind, id]) => html`<li>${t.ticket.replyKind[kind] ?? kind}: <code>${id}</code></li>`)}
              </ul>`
        }
      </section>
      <section class="card" aria-labelledby="h-incident">
        <h2 id="h-incident">${t.ticket.incident}</h2>
        ${
          incident.length === 0
            ? html`<p>${t.ticket.noIncident}</p>`
            : html`<ul>
                ${incident.map((id) => html`<li><a href="${BASE}/tiket/${id}">${id}</a></li>`)}
              </ul>`
        }
      </section>
    </div>
  </div>`;
}

export function ticketPage(
  t: DashboardStrings,
  chrome: Omit<PageChrome, "t">,
  ticket: Ticket,
  row: TicketRow,
  agencyName: (id: string | null) => string,
): string {
  return page(
    ticket.id,
    { ...chrome, t, nav: "queue", data: { live: "ticket", ticket: ticket.id } },
    html`<p><a href="${BASE}">← ${t.ticket.back}</a></p>
      ${ticketBody(t, ticket, row, agencyName)}`,
  );
}

/** A missing ticket and another agency's ticket look the same: no hint that the id exists. */
/**
 * The live part of a ticket page when the ticket has just been moved to an agency the viewer
 * does not hold: the page says where it went instead of going quiet (its reload answers as for
 * any ticket of another agency).
 */
export function ticketMovedBody(t: DashboardStrings, ticketId: string, toAgency: string): Raw {
  return html`<div id="live-region" data-live="ticket" data-ticket="${ticketId}" data-moved="1">
    <h1>${ticketId}</h1>
    <p class="empty" role="alert">${t.ticket.movedAway(toAgency)}</p>
  </div>`;
}

export function ticketMissingPage(t: DashboardStrings, chrome: Omit<PageChrome, "t">): string {
  return page(
    t.ticket.notFound,
    { ...chrome, t, nav: "queue" },
    html`<p><a href="${BASE}">← ${t.ticket.back}</a></p>
      <p class="empty" role="alert">${t.ticket.notFound}</p>`,
  );
}

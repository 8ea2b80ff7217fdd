import { ticketIdIn } from "./ticket-id.js";
import {
  pickTemplate,
  renderReply,
  sanitiseNote,
  type RenderedReply,
  type ReplyTemplates,
} from "./render-reply.js";
import { reportKindOf, type Ticket } from "./ticket.js";
import type { PipelineSettings } from "./settings.js";
import type { ReplyKind } from "./ticket.js";

/** The citizen's reply for a ticket: template per kind, language and agency, within 280 weighted characters. */
export function replyText(
  ticket: Ticket,
  kind: ReplyKind,
  s: PipelineSettings,
  templates: ReplyTemplates,
): string {
  return citizenReply(ticket, kind, s, templates).text;
}

/** `replyText` with what had to be shortened to fit (staff are told when their note was). */
export function citizenReply(
  ticket: Ticket,
  kind: ReplyKind,
  s: PipelineSettings,
  templates: ReplyTemplates,
): RenderedReply {
  const agency = ticket.agency ? s.agencies.get(ticket.agency) : undefined;
  const note = ticket.resolution_note ? sanitiseNote(ticket.resolution_note) : "";
  const dup = [...ticket.history]
    .reverse()
    .find((e) => e.type === "merged" || (e.type === "rejected" && e.note?.startsWith("duplikat")));
  const original = dup?.type === "merged" ? dup.to : ticketIdIn(dup?.note ?? "");
  const templateKind =
    kind === "resolved" && !note
      ? "resolved_no_note"
      : kind === "duplicate" && dup?.type !== "merged"
        ? "rejected_duplicate"
        : kind;
  const template = pickTemplate(templates, templateKind, s.language, agency?.templates, reportKindOf(ticket));
  return renderReply(template, {
    ticket: ticket.id,
    agency: agency?.short_name ?? "",
    note,
    redirect: agency?.redirect?.[s.language] ?? "",
    original: original ?? "",
    handle: ticket.tweet.author_username,
  });
}

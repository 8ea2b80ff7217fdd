import type { Ticket } from "./ticket.js";
import type { TriageVerdict } from "../triage/types.js";

export interface DuplicateMatch {
  original: Ticket;
  /** Why the two are one incident, for the history and the logs. */
  reason: string;
}

/** A complaint joins an incident opened at most this long before it. */
export const DUPLICATE_WINDOW_HOURS = 72;

export interface DuplicateOptions {
  /** Only tickets received within this many hours before the new one count. Default {@link DUPLICATE_WINDOW_HOURS}. */
  windowHours?: number;
}

/**
 * The open ticket the new complaint repeats, if any: the same agency, the same place (street,
 * landmark or kelurahan, compared case-insensitively; a kecamatan alone is too wide a net) and at
 * least one of the same agency keywords, received within the window. The oldest such ticket is the
 * incident the others join, so twenty tweets about one flooded street become one card.
 */
export function findDuplicate(
  verdict: TriageVerdict,
  receivedAt: string,
  open: readonly Ticket[],
  opts: DuplicateOptions = {},
): DuplicateMatch | null {
  if (!verdict.complaint || !verdict.agency || verdict.abusive) return null;
  const place = placeKey(verdict);
  if (!place) return null;
  const topics = topicWords(verdict);
  if (topics.size === 0) return null;
  const since = Date.parse(receivedAt) - (opts.windowHours ?? DUPLICATE_WINDOW_HOURS) * 3_600_000;
  let best: DuplicateMatch | null = null;
  for (const t of open) {
    if (t.agency !== verdict.agency || Date.parse(t.received_at) < since) continue;
    if (placeKey(t.triage) !== place) continue;
    const shared = [...topicWords(t.triage)].find((w) => topics.has(w));
    if (!shared) continue;
    if (!best || t.received_at < best.original.received_at) {
      best = { original: t, reason: `same place (${place}) and topic "${shared}" as ${t.id}` };
    }
  }
  return best;
}

/** The place two complaints must share to be one incident: street, landmark or kelurahan. */
export function placeKey(v: TriageVerdict): string | null {
  const l = v.location;
  const name = l.street ?? l.landmark ?? l.kelurahan;
  return name ? name.toLowerCase() : null;
}

function topicWords(v: TriageVerdict): Set<string> {
  return new Set(v.evidence.filter((e) => e.field === "agency").map((e) => e.match.toLowerCase().trim()));
}

import { DateTime } from "luxon";
import type { Ticket, TicketStatus } from "../core/ticket.js";
import type { ReportKind } from "../triage/types.js";

/**
 * Tickets as Open311 GeoReport v2 service requests (https://wiki.open311.org/GeoReport_v2/):
 * the public, read-only face of the queue for civic tools. Pure: the routes feed it tickets, an
 * agency directory and the SLA deadline; nothing here reads Redis or the clock.
 *
 * What a citizen wrote is public on X already, but who wrote it is not ours to republish: the
 * description loses @handles, phone numbers and links (a t.co link or the tweet's URL leads back
 * to the author), and no field carries a handle, a name, a user id or the tweet's URL.
 */

/** One GeoReport v2 service request, with the spec's field names. */
export interface GeoReportRequest {
  service_request_id: string;
  status: "open" | "closed";
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

/** One GeoReport v2 service (GET services). */
export interface GeoReportService {
  service_code: string;
  service_name: string;
  description: string;
  metadata: false;
  type: "realtime";
  keywords: string;
  group: string;
}

/** What the mapping needs of an agency (config/agencies/*.yaml). */
export interface PublicAgency {
  id: string;
  name: string;
  short_name: string;
  kind: "agency" | "external" | "command_center";
  keywords?: readonly string[];
}

export type Open311Lang = "id" | "en";

const KINDS: readonly ReportKind[] = ["keluhan", "permintaan", "pertanyaan", "saran"];
const KIND_NAMES: Record<Open311Lang, Record<ReportKind, string>> = {
  id: { keluhan: "Keluhan", permintaan: "Permintaan", pertanyaan: "Pertanyaan", saran: "Saran" },
  en: { keluhan: "Complaint", permintaan: "Request", pertanyaan: "Question", saran: "Suggestion" },
};
const KIND_DESCRIPTIONS: Record<Open311Lang, Record<ReportKind, string>> = {
  id: {
    keluhan: "Laporan masalah yang perlu ditangani",
    permintaan: "Permintaan layanan atau tindakan",
    pertanyaan: "Pertanyaan warga kepada dinas",
    saran: "Saran atau masukan warga",
  },
  en: {
    keluhan: "A problem to be fixed",
    permintaan: "A request for a service or an action",
    pertanyaan: "A citizen's question to the agency",
    saran: "A citizen's suggestion",
  },
};

/** Statuses that are published, and how the spec's two-valued status reads them. */
const PUBLISHED: Partial<Record<TicketStatus, "open" | "closed">> = {
  new: "open",
  dispatched: "open",
  claimed: "open",
  resolved: "closed",
  merged: "closed",
};

/** The spec's status of a published ticket. */
export function geoReportStatus(ticket: Pick<Ticket, "status">): "open" | "closed" {
  return PUBLISHED[ticket.status] ?? "closed";
}

/** `keluhan` unless triage said otherwise (tickets stored before report kinds have none). */
export function kindOf(ticket: Pick<Ticket, "triage">): ReportKind {
  return ticket.triage.kind ?? "keluhan";
}

/** `dishub.keluhan`: one service per agency and report kind. */
export function serviceCode(agency: string, kind: ReportKind): string {
  return `${agency}.${kind}`;
}

/**
 * Whether a ticket may be shown at all: a routed report of one of the city's agencies that is
 * open, resolved or merged. Never: abusive tweets (also while they wait for moderation), rejected
 * ones, what is not a complaint, out-of-jurisdiction redirects, anything without an agency.
 */
export function isPublishable(ticket: Ticket, agencies: ReadonlyMap<string, PublicAgency>): boolean {
  if (PUBLISHED[ticket.status] === undefined) return false;
  if (ticket.triage.abusive) return false;
  if (ticket.triage.complaint === false && ticket.triage.disposition !== "desk") return false;
  if (ticket.agency === null) return false;
  const agency = agencies.get(ticket.agency);
  return agency !== undefined && agency.kind !== "external";
}

const HANDLE = /(^|[^\w@])@\w{1,15}\b/gu;
const URL = /\bhttps?:\/\/\S+|\bt\.co\/\S+/giu;
// Indonesian numbers as people write them: 08…, +62…, 62…, with spaces, dots or dashes in between.
const PHONE = /(?<![\w])(?:\+?62|0)[\s.-]?8(?:[\s.-]?\d){7,11}(?![\w])/gu;
const EMAIL = /\b[\w.+-]+@[\w-]+\.[\w.-]+\b/gu;

/** The text without what identifies its author or anyone else: handles, phone numbers, e-mail, links. */
export function scrubPersonalData(text: string): string {
  return text
    .replace(EMAIL, "[email]")
    .replace(URL, "")
    .replace(PHONE, "[nomor]")
    .replace(HANDLE, (_m, before: string) => `${before}@…`)
    .replace(/[ \t]{2,}/gu, " ")
    .trim();
}

/** W3C datetime with the Jakarta offset (`2026-03-02T08:00:00+07:00`), as the spec's examples. */
export function w3cDatetime(iso: string): string {
  const d = DateTime.fromISO(iso, { zone: "utc" }).setZone("Asia/Jakarta");
  return d.isValid ? (d.toISO({ suppressMilliseconds: true }) ?? iso) : iso;
}

/** Coordinates to about 11 m: enough to find a pothole, not a doorstep. */
function rounded(n: number | undefined): number | null {
  return n === undefined || !Number.isFinite(n) ? null : Math.round(n * 10_000) / 10_000;
}

function addressOf(ticket: Ticket, city: string): string | null {
  const l = ticket.triage.location;
  if (l.source === "profile") return null;
  const parts = [
    l.landmark,
    l.street,
    l.kelurahan === undefined ? undefined : `Kel. ${l.kelurahan}`,
    l.kecamatan === undefined ? undefined : `Kec. ${l.kecamatan}`,
  ].filter((p): p is string => p !== undefined && p !== "");
  return parts.length === 0 ? null : [...parts, city].join(", ");
}

function statusNotes(ticket: Ticket, lang: Open311Lang): string | null {
  if (ticket.status === "merged") {
    const of = [...ticket.history].reverse().find((e) => e.type === "merged")?.to;
    const to = of === undefined ? "" : ` ${of}`;
    return lang === "id" ? `Duplikat dari laporan${to}` : `Duplicate of request${to}`;
  }
  if (ticket.status === "resolved" && ticket.resolution_note)
    return scrubPersonalData(ticket.resolution_note);
  return null;
}

export interface MappingContext {
  agencies: ReadonlyMap<string, PublicAgency>;
  city: string;
  lang: Open311Lang;
  /** The running resolution deadline of an open ticket (ISO), from the SLA; null when none. */
  expectedAt(ticket: Ticket): string | null;
}

/** A publishable ticket (see {@link isPublishable}) as a GeoReport v2 request. */
export function toGeoReportRequest(ticket: Ticket, ctx: MappingContext): GeoReportRequest {
  const agencyId = ticket.agency ?? "";
  const agency = ctx.agencies.get(agencyId);
  const kind = kindOf(ticket);
  const status = PUBLISHED[ticket.status] ?? "closed";
  const updated = ticket.history.reduce((latest, e) => (e.at > latest ? e.at : latest), ticket.received_at);
  const expected = status === "open" ? ctx.expectedAt(ticket) : null;
  // The tweet's geotag, or the point of the landmark or street it names; never the author's
  // profile location (where someone lives is not where the problem is, and it is theirs).
  const coordinates = ticket.triage.location.source === "profile" ? undefined : ticket.triage.location;
  return {
    service_request_id: ticket.id,
    status,
    status_notes: statusNotes(ticket, ctx.lang),
    service_name: `${agency?.short_name ?? agencyId} — ${KIND_NAMES[ctx.lang][kind]}`,
    service_code: serviceCode(agencyId, kind),
    description: scrubPersonalData(ticket.tweet.text),
    agency_responsible: agency?.name ?? agencyId,
    service_notice: null,
    requested_datetime: w3cDatetime(ticket.tweet.created_at || ticket.received_at),
    updated_datetime: w3cDatetime(updated),
    expected_datetime: expected === null ? null : w3cDatetime(expected),
    address: addressOf(ticket, ctx.city),
    address_id: null,
    zipcode: null,
    lat: rounded(coordinates?.lat),
    long: rounded(coordinates?.lon),
    media_url: null,
  };
}

/** Every agency that owns tickets, times every report kind, as GeoReport v2 services. */
export function geoReportServices(agencies: Iterable<PublicAgency>, lang: Open311Lang): GeoReportService[] {
  const out: GeoReportService[] = [];
  for (const a of agencies) {
    if (a.kind === "external") continue;
    for (const kind of KINDS) {
      out.push({
        service_code: serviceCode(a.id, kind),
        service_name: `${a.short_name} — ${KIND_NAMES[lang][kind]}`,
        description: `${KIND_DESCRIPTIONS[lang][kind]}: ${a.name}`,
        metadata: false,
        type: "realtime",
        keywords: (a.keywords ?? []).slice(0, 8).join(", "),
        group: a.name,
      });
    }
  }
  return out;
}

/** What triage reads: one tweet, already flattened from X's wire format. */
export interface TweetInput {
  id: string;
  text: string;
  created_at?: string;
  lang?: string;
  /** [lon, lat] as X and GeoJSON give them. */
  coordinates?: [number, number];
  /** Full name of the place X attached to the tweet, e.g. "Coblong, Indonesia". */
  place_name?: string;
  /** The author's free-text profile location: a weak hint. */
  user_location?: string;
  /** The tweet @mentions (or quotes) one of the city's accounts. */
  mentions_us?: boolean;
  is_retweet?: boolean;
  /** Username of the author, without @, when known (official accounts are never complainants). */
  author_username?: string;
}

export type Urgency = "urgent" | "normal";
export type LocationSource = "coordinates" | "place" | "text" | "profile" | "none";
export type ExternalAgency = "pln" | "polisi";

export interface TriageLocation {
  kecamatan?: string;
  kelurahan?: string;
  street?: string;
  landmark?: string;
  /** The RT/RW a resident names ("RT 05/RW 02"): shown, never a duplicate key on its own. */
  neighbourhood?: string;
  lat?: number;
  lon?: number;
  source: LocationSource;
}

/** Why a decision was made: the field it supports, a human reason and the words or place that matched. */
export interface Evidence {
  field: "complaint" | "kind" | "disposition" | "agency" | "urgency" | "location" | "abusive" | "external";
  reason: string;
  match: string;
}

export interface AgencyCandidate {
  agency: string;
  score: number;
}

/**
 * What a citizen asks of the city: `keluhan` (something is wrong), `permintaan` (a service request),
 * `pertanyaan` (a question about a city service), `saran` (a suggestion). Null when not a report.
 */
export type ReportKind = "keluhan" | "permintaan" | "pertanyaan" | "saran";

/**
 * Where the verdict sends the tweet: `agency` (confident: the owning agency's group), `desk` (a
 * plausible report, or a report whose owner is unsure: the command center's triage group with the
 * top agencies as one-tap choices), `audit` (clearly nothing: kept, no card).
 */
export type Disposition = "agency" | "desk" | "audit";

export interface TriageVerdict {
  id: string;
  /** Becomes a ticket; always `disposition !== "audit"`. */
  complaint: boolean;
  /** Always set by triage; absent only on tickets stored before report kinds existed. */
  kind?: ReportKind | null;
  /** Always set by triage (absent on older stored tickets, where it is `complaint ? agency-or-desk : audit`). */
  disposition?: Disposition;
  /**
   * The owning agency id; for an out-of-jurisdiction complaint the external id (pln, polisi); for
   * the desk, the command center's id. Null for audit.
   */
  agency: string | null;
  confidence: number;
  /**
   * Ranked agencies (best first); at least three when the disposition is `desk` or `audit` (an
   * audit verdict keeps them for a person who brings the tweet back to the desk).
   */
  candidates: AgencyCandidate[];
  urgency: Urgency;
  location: TriageLocation;
  abusive: boolean;
  external: ExternalAgency | null;
  /**
   * Why a tweet is not a report, when one of kinds.yaml's `not_report` families spoke (`praise`,
   * `news`, …); set only with `disposition: "audit"`. Absent on older stored tickets.
   */
  not_report?: string;
  evidence: Evidence[];
}

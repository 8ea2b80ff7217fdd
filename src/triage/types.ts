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
  lat?: number;
  lon?: number;
  source: LocationSource;
}

/** Why a decision was made: the field it supports, a human reason and the words or place that matched. */
export interface Evidence {
  field: "complaint" | "agency" | "urgency" | "location" | "abusive" | "external";
  reason: string;
  match: string;
}

export interface AgencyCandidate {
  agency: string;
  score: number;
}

export interface TriageVerdict {
  id: string;
  complaint: boolean;
  /** The owning agency id; for an out-of-jurisdiction complaint the external id (pln, polisi). */
  agency: string | null;
  confidence: number;
  candidates: AgencyCandidate[];
  urgency: Urgency;
  location: TriageLocation;
  abusive: boolean;
  external: ExternalAgency | null;
  evidence: Evidence[];
}

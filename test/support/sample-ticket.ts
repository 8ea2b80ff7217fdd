import { createTicket } from "../../src/core/lifecycle.js";
import type { Ticket, TweetRef } from "../../src/core/ticket.js";
import type { TriageVerdict } from "../../src/triage/types.js";

/** A realistic Bandung complaint tweet; override what a test is about. */
export function sampleTweet(overrides: Partial<TweetRef> = {}): TweetRef {
  const id = overrides.id ?? "1864000000000000001";
  return {
    id,
    author_id: "90001",
    author_username: "wargacoblong",
    author_name: "Rina Kusuma",
    text: "@PemkotBandung jln Sangkuriang depan kampus bolong gede bgt, udh 2 minggu ga dibenerin",
    created_at: "2026-11-28T07:05:00.000Z",
    url: `https://x.com/wargacoblong/status/${id}`,
    mentions_us: true,
    ...overrides,
  };
}

export function sampleVerdict(overrides: Partial<TriageVerdict> = {}): TriageVerdict {
  return {
    id: "1864000000000000001",
    complaint: true,
    agency: "dsdabm",
    confidence: 0.82,
    candidates: [
      { agency: "dsdabm", score: 3.2 },
      { agency: "dishub", score: 0.6 },
    ],
    urgency: "normal",
    location: { kecamatan: "Coblong", street: "Jl. Sangkuriang", source: "text" },
    abusive: false,
    external: null,
    evidence: [
      { field: "agency", reason: "kata kunci", match: "jalan bolong" },
      { field: "location", reason: "nama jalan", match: "Jl. Sangkuriang" },
    ],
    ...overrides,
  };
}

export function sampleTicket(overrides: Partial<Ticket> = {}): Ticket {
  const base = createTicket("ADU-000123", sampleTweet(), sampleVerdict(), "2026-11-28T07:05:03.000Z");
  return { ...base, ...overrides };
}

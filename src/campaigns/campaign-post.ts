import { createHash } from "node:crypto";
import type { AppFile } from "../config/app-schema.js";
import { jakartaDate } from "../core/jakarta-time.js";
import type { FlattenedTweet } from "../core/tweet.js";
import type { SourceSpec } from "../ports/tweet-source.js";
import type { TriageLocation } from "../triage/types.js";

/**
 * Hashtag campaigns (app.yaml `campaigns`): each is an X search of its tag, polled like the other
 * searches and paid from the same X budget, whose posts are counted (posts, people, places, per
 * day) instead of becoming tickets. Pure.
 */
export type Campaign = AppFile["campaigns"][number];

/** `#NgepelBraga` → `campaign-ngepelbraga`: the source id its cursor and scheduler are keyed by. */
export function campaignSourceId(tag: string): string {
  return `campaign-${tag
    .replace(/^#/u, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/gu, "-")
    .slice(0, 30)}`;
}

/** The campaign's X search: its tag, original posts only (a retweet is not a new voice). */
export function campaignSource(c: Campaign): SourceSpec {
  return { id: campaignSourceId(c.tag), kind: "campaign", query: `${c.tag} -is:retweet`, tag: c.tag };
}

/** Whether the campaign runs on the Jakarta day of `nowMs` (`from` and `to` included). */
export function isCampaignActive(c: Pick<Campaign, "from" | "to">, nowMs: number): boolean {
  const today = jakartaDate(nowMs);
  return c.from <= today && (c.to === undefined || today <= c.to);
}

/** What one campaign post adds to the tally. */
export interface CampaignPost {
  tweetId: string;
  /** A one-way digest of the author's X id: people are counted, never named or kept. */
  person: string;
  /** The Jakarta day it was posted, `YYYY-MM-DD`. */
  day: string;
  /** The most precise place triage found in it, or null. */
  place: string | null;
}

/** The name a located place is counted under: the landmark or street, else kelurahan, else kecamatan. */
export function placeName(l: TriageLocation): string | null {
  if (l.source === "none" || l.source === "profile") return null;
  return l.landmark ?? l.street ?? l.kelurahan ?? l.kecamatan ?? null;
}

export function campaignPost(
  tweet: Pick<FlattenedTweet, "id" | "author_id" | "created_at">,
  location: TriageLocation,
): CampaignPost {
  const at = Date.parse(tweet.created_at);
  return {
    tweetId: tweet.id,
    person: createHash("sha256").update(`x:${tweet.author_id}`).digest("hex").slice(0, 16),
    day: jakartaDate(Number.isFinite(at) ? at : 0),
    place: placeName(location),
  };
}

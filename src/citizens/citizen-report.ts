import { createHmac } from "node:crypto";
import type { TicketOrigin } from "../core/lifecycle.js";
import type { FlattenedTweet } from "../core/tweet.js";
import { isFlattenedTweet } from "../x/x-payload-check.js";
import { reportText, type Draft } from "./conversation.js";

/** `tg-<20 hex>`: a Telegram report's id where a tweet has its snowflake. */
export const CITIZEN_REPORT_ID = /^tg-[0-9a-f]{20}$/;

/**
 * The id of the report that starts with message `messageId` of chat `chatId`: the same message
 * gives the same id (one report, one triage job, one ticket), and the id does not give away the
 * citizen's Telegram id (keyed with the deployment's secret), so `/hapus` leaves nothing behind.
 */
export function citizenReportId(
  secret: string,
  chatId: number,
  messageId: number,
  /**
   * `citizen` for the citizen-facing bot: a user's private chat has the same id with both bots and
   * each numbers its messages from 1, so without it the citizen bot's first messages would take
   * the ids of reports once made to the staff bot.
   */
  bot?: "citizen",
): string {
  const what = bot ? `${bot}:${chatId}:${messageId}` : `${chatId}:${messageId}`;
  return `tg-${createHmac("sha256", secret).update(what).digest("hex").slice(0, 20)}`;
}

/**
 * A finished Telegram report in the shape triage and the ticket store take a tweet in, so a
 * Telegram report runs through the same triage job, duplicate detection and routing as a tweet.
 * `mentions_us: false` and no URL: nothing ever tries to answer it on X. The citizen's first name
 * stands where a tweet has its author; their Telegram id is pseudonymous in `author_id`
 * (`tg:<id>`), so "only the reporter reopens" compares like on X.
 */
export function reportAsTweet(d: Draft, at: string): FlattenedTweet {
  return {
    id: d.id,
    author_id: `tg:${d.userId}`,
    author_username: d.firstName,
    author_name: d.firstName,
    text: reportText(d),
    created_at: at,
    url: "",
    ...(d.pin ? { coordinates: d.pin } : {}),
    mentions_us: false,
    is_retweet: false,
    lang: "in",
    ...(d.photos.length > 0 ? { has_media: true } : {}),
  };
}

/** What the ticket keeps of the citizen (nothing more: no username, no last name, no language). */
export function reportOrigin(d: Draft): TicketOrigin {
  return {
    channel: "telegram",
    citizen: {
      user_id: d.userId,
      chat_id: d.chatId,
      first_name: d.firstName,
      ...(d.phone ? { phone: d.phone } : {}),
      ...(d.photos.length > 0 ? { photos: d.photos } : {}),
      ...(d.pin ? { pin: d.pin } : {}),
    },
  };
}

/** A triage job's report: a flattened tweet, or a Telegram report in its shape (id `tg-…`). */
export function isReportTweet(v: unknown): v is FlattenedTweet {
  if (isFlattenedTweet(v)) return true;
  if (typeof v !== "object" || v === null) return false;
  const id = (v as { id?: unknown }).id;
  if (typeof id !== "string" || !CITIZEN_REPORT_ID.test(id)) return false;
  // The same checks as a tweet's, with a tweet-shaped stand-in id.
  return isFlattenedTweet({ ...v, id: "1" });
}

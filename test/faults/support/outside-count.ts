import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { SimWorld } from "./sim-world.js";

/** A tweet the suite pushed into the X simulator, and when. */
export interface PushedTweet {
  id: string;
  key: string;
  /** The agency that must get its card; null: not a complaint. */
  agency: string | null;
  /** Praise: one thank-you reply is due (and no card). */
  praise?: boolean;
  pushedAtMs: number;
}

/** What the outside world shows for one scenario's tweets. */
export interface Tally {
  tweets: number;
  complaints: number;
  /** Tickets whose tweet is one of the pushed ones. */
  tickets: number;
  /** Tickets beyond one per tweet. */
  duplicateTickets: number;
  /** Live cards beyond one per complaint's ticket. */
  duplicateCards: number;
  /** Reply tweets beyond one per complaint (or per praise: its thank-you). */
  duplicateReplies: number;
  /** Cards for tweets that are not complaints, replies to them other than praise's one thank-you, or cards outside the owning agency's group. */
  unexpected: number;
  /** Resolved replies (to tweets whose ticket staff resolved, see `resolved`) beyond one each. */
  duplicateResolvedReplies: number;
  /** Tweets without a ticket, complaints without a card or without a reply (or a resolved reply when due). */
  lost: number;
  missing: { ticket: string[]; card: string[]; reply: string[]; resolved: string[] };
  /** Longest time from pushing a complaint to its first card appearing (Telegram dates are whole seconds). */
  maxDelayMs: number;
}

const TICKET_ID = /\bADU-\d{6,}\b/g;

/**
 * Counts from outside Aduan: the X simulator's tweets (our replies), the Telegram simulator's
 * messages (cards, by the ticket id they show) and the ticket store's keys in Redis.
 */
export async function countFromOutside(
  world: SimWorld,
  redis: Redis,
  prefix: string,
  pushed: readonly PushedTweet[],
  ourUsername: string,
  /**
   * Tweets whose ticket staff resolved, each with a word of the resolution note: a reply to the
   * tweet carrying it is the resolved reply (one is due), any other the received one.
   */
  resolved: ReadonlyMap<string, string> = new Map(),
): Promise<Tally> {
  const byTweet = new Map(pushed.map((p) => [p.id, p]));

  const ticketIds = await redis.zrange(`${prefix}:idx:received`, 0, -1);
  const pipeline = redis.pipeline();
  for (const id of ticketIds) pipeline.hget(`${prefix}:ticket:${id}`, "json");
  const rows = (await pipeline.exec()) ?? [];
  const ticketsOfTweet = new Map<string, string[]>();
  for (const [err, json] of rows) {
    if (err) throw err;
    if (typeof json !== "string") continue;
    const t = JSON.parse(json) as { id: string; tweet: { id: string } };
    if (!byTweet.has(t.tweet.id)) continue; // the warm-up tweet
    ticketsOfTweet.set(t.tweet.id, [...(ticketsOfTweet.get(t.tweet.id) ?? []), t.id]);
  }

  const cardsOfTicket = new Map<string, { chatId: number; date: number }[]>();
  for (const m of await world.botMessages()) {
    // Answers to staff ("ADU-… selesai.") and prompts reply to a message and name the ticket too;
    // a card never replies to anything.
    if (m.deleted || m.replyToMessageId !== undefined) continue;
    for (const id of new Set((m.text ?? "").match(TICKET_ID) ?? [])) {
      cardsOfTicket.set(id, [...(cardsOfTicket.get(id) ?? []), { chatId: m.chatId, date: m.date }]);
    }
  }

  const repliesTo = new Map<string, number>();
  const resolvedRepliesTo = new Map<string, number>();
  for (const t of await world.tweets()) {
    if (t.deleted || !t.in_reply_to_tweet_id || t.author.username !== ourUsername) continue;
    const marker = resolved.get(t.in_reply_to_tweet_id);
    const counts = marker !== undefined && t.text.includes(marker) ? resolvedRepliesTo : repliesTo;
    counts.set(t.in_reply_to_tweet_id, (counts.get(t.in_reply_to_tweet_id) ?? 0) + 1);
  }

  const tally: Tally = {
    tweets: pushed.length,
    complaints: pushed.filter((p) => p.agency !== null).length,
    tickets: 0,
    duplicateTickets: 0,
    duplicateCards: 0,
    duplicateReplies: 0,
    duplicateResolvedReplies: 0,
    unexpected: 0,
    lost: 0,
    missing: { ticket: [], card: [], reply: [], resolved: [] },
    maxDelayMs: 0,
  };
  for (const p of pushed) {
    const tickets = ticketsOfTweet.get(p.id) ?? [];
    tally.tickets += tickets.length;
    tally.duplicateTickets += Math.max(0, tickets.length - 1);
    if (tickets.length === 0) tally.missing.ticket.push(p.key);
    const cards = tickets.flatMap((id) => cardsOfTicket.get(id) ?? []);
    const replies = repliesTo.get(p.id) ?? 0;
    if (p.agency === null) {
      tally.unexpected += cards.length;
      if (!p.praise) {
        tally.unexpected += replies;
      } else {
        tally.duplicateReplies += Math.max(0, replies - 1);
        if (tickets.length > 0 && replies === 0) tally.missing.reply.push(p.key);
      }
      continue;
    }
    const ownGroup = world.chatIds[p.agency];
    const own = cards.filter((c) => c.chatId === ownGroup);
    tally.unexpected += cards.length - own.length;
    tally.duplicateCards += Math.max(0, own.length - 1);
    tally.duplicateReplies += Math.max(0, replies - 1);
    if (tickets.length > 0 && own.length === 0) tally.missing.card.push(p.key);
    if (tickets.length > 0 && replies === 0) tally.missing.reply.push(p.key);
    if (resolved.has(p.id)) {
      const n = resolvedRepliesTo.get(p.id) ?? 0;
      if (n === 0) tally.missing.resolved.push(p.key);
      tally.duplicateResolvedReplies += Math.max(0, n - 1);
    }
    if (own.length > 0) {
      const first = Math.min(...own.map((c) => c.date * 1000));
      tally.maxDelayMs = Math.max(tally.maxDelayMs, first - p.pushedAtMs);
    }
  }
  tally.lost =
    tally.missing.ticket.length +
    tally.missing.card.length +
    tally.missing.reply.length +
    tally.missing.resolved.length;
  return tally;
}

/** True when no triage, Telegram or reply job is waiting, running or delayed (nothing more can happen). */
export async function pipelineIdle(queues: readonly Queue[]): Promise<boolean> {
  for (const q of queues) {
    const counts = await q.getJobCounts("wait", "active", "delayed", "prioritized", "waiting-children");
    if (Object.values(counts).some((n) => n > 0)) return false;
  }
  return true;
}

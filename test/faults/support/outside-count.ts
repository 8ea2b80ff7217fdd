import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { SimMessage, SimWorld } from "./sim-world.js";

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

/**
 * True when no triage, Telegram or reply job is waiting, running or delayed (nothing more can
 * happen). A citizen's collect-window flush waits minutes and does nothing once the citizen pressed
 * "Kirim laporan"; a report it would still send is counted missing by `countCitizensFromOutside`.
 */
export async function pipelineIdle(queues: readonly Queue[]): Promise<boolean> {
  for (const q of queues) {
    const counts = await q.getJobCounts("wait", "active", "delayed", "prioritized", "waiting-children");
    const { delayed = 0, ...rest } = counts;
    if (Object.values(rest).some((n) => n > 0)) return false;
    if (delayed > 0) {
      const jobs = await q.getDelayed(0, delayed);
      if (jobs.some((j) => (j.data as { kind?: string } | undefined)?.kind !== "citizen_flush")) return false;
    }
  }
  return true;
}

/** A report a simulated citizen made in a private chat with the bot, and what it must end as. */
export interface CitizenReport {
  /** The suite's key (`tg-dlh-03`). */
  key: string;
  /** The citizen's private chat (= their user id). */
  chatId: number;
  /**
   * The report's possible ids (`tg-<hex>`), as Aduan derives them from the chat and the message
   * that opened the report: the first one sent, or another of the report's messages when the bot
   * took a backlog of them (after it was down) in another order. One ticket for them all is due.
   */
  reportIds: readonly string[];
  /** The agency whose group must get the card. */
  agency: string;
  /** How many photos the citizen sent: each is shown once under the card. */
  photos: number;
  /** Staff claimed the ticket (and the citizen heard it before they resolved it). */
  claimed: boolean;
  /** Staff resolved the ticket. */
  resolved: boolean;
}

export type CitizenNoticeKind = "received" | "claimed" | "resolved";

/** What the outside world shows for the scenario's Telegram reports. */
export interface CitizenTally {
  reports: number;
  /** Tickets whose report is one of the citizens' (channel telegram). */
  tickets: number;
  duplicateTickets: number;
  /** Reports opened by a later message than the first the citizen sent (the bot took them out of order). */
  openedLater: number;
  /** Tickets of a citizen's report whose channel is not `telegram`. */
  wrongChannel: number;
  /** Live cards beyond one per report's ticket in its agency's group. */
  duplicateCards: number;
  /** Cards outside the agency's group. */
  wrongGroup: number;
  /** Photos shown under the cards (replies with a photo naming the ticket). */
  photos: number;
  /** Photos beyond the ones the citizens sent. */
  duplicatePhotos: number;
  /** Status messages in the citizens' chats, by kind. */
  notices: Record<CitizenNoticeKind, number>;
  /** Status messages beyond one of each kind per report. */
  duplicateNotices: number;
  lost: number;
  missing: {
    ticket: string[];
    card: string[];
    photo: string[];
    received: string[];
    claimed: string[];
    resolved: string[];
  };
}

/**
 * Counts the citizens' reports from outside: tickets in Redis (by report id), cards and the
 * photos under them in the Telegram simulator's groups, status messages in each citizen's chat
 * (by the words each carries with the ticket id).
 */
export async function countCitizensFromOutside(
  world: SimWorld,
  redis: Redis,
  prefix: string,
  reports: readonly CitizenReport[],
): Promise<CitizenTally> {
  const byReport = new Map(reports.flatMap((r) => r.reportIds.map((id) => [id, r] as const)));
  const ticketIds = await redis.zrange(`${prefix}:idx:received`, 0, -1);
  const pipeline = redis.pipeline();
  for (const id of ticketIds) pipeline.hget(`${prefix}:ticket:${id}`, "json");
  const rows = (await pipeline.exec()) ?? [];
  const ticketsOf = new Map<string, { id: string; channel?: string }[]>();
  const later = new Set<string>();
  for (const [err, json] of rows) {
    if (err) throw err;
    if (typeof json !== "string") continue;
    const t = JSON.parse(json) as { id: string; channel?: string; tweet: { id: string } };
    if (byReport.get(t.tweet.id)?.reportIds[0] !== t.tweet.id && byReport.has(t.tweet.id)) later.add(t.id);
    if (!byReport.has(t.tweet.id)) continue;
    const key = byReport.get(t.tweet.id)?.key ?? "";
    ticketsOf.set(key, [...(ticketsOf.get(key) ?? []), t]);
  }

  const groupMessages: SimMessage[] = await world.botMessages();
  const tally: CitizenTally = {
    reports: reports.length,
    tickets: 0,
    duplicateTickets: 0,
    openedLater: 0,
    wrongChannel: 0,
    duplicateCards: 0,
    wrongGroup: 0,
    photos: 0,
    duplicatePhotos: 0,
    notices: { received: 0, claimed: 0, resolved: 0 },
    duplicateNotices: 0,
    lost: 0,
    missing: { ticket: [], card: [], photo: [], received: [], claimed: [], resolved: [] },
  };
  for (const r of reports) {
    const tickets = ticketsOf.get(r.key) ?? [];
    tally.tickets += tickets.length;
    tally.duplicateTickets += Math.max(0, tickets.length - 1);
    tally.wrongChannel += tickets.filter((t) => t.channel !== "telegram").length;
    tally.openedLater += tickets.filter((t) => later.has(t.id)).length;
    const ticket = tickets[0]?.id;
    if (ticket === undefined) {
      tally.missing.ticket.push(r.key);
      continue;
    }
    const about = groupMessages.filter((m) => !m.deleted && (m.text ?? m.caption ?? "").includes(ticket));
    const cards = about.filter((m) => m.replyToMessageId === undefined && !m.photo);
    const own = cards.filter((m) => m.chatId === world.chatIds[r.agency]);
    tally.wrongGroup += cards.length - own.length;
    tally.duplicateCards += Math.max(0, own.length - 1);
    if (own.length === 0) tally.missing.card.push(r.key);
    const photos = about.filter((m) => m.photo && m.replyToMessageId !== undefined).length;
    tally.photos += photos;
    tally.duplicatePhotos += Math.max(0, photos - r.photos);
    if (photos < r.photos) tally.missing.photo.push(r.key);

    const said = (await world.chatMessages(r.chatId)).filter((m) => !m.deleted).map((m) => m.text ?? "");
    const words: Record<CitizenNoticeKind, string> = {
      received: `Laporan Anda kami terima: ${ticket}.`,
      claimed: `${ticket} sedang ditangani oleh`,
      resolved: `${ticket} selesai ditangani`,
    };
    for (const kind of ["received", "claimed", "resolved"] as const) {
      const due = kind === "received" || (kind === "claimed" ? r.claimed : r.resolved);
      const n = said.filter((text) => text.includes(words[kind])).length;
      tally.notices[kind] += n;
      tally.duplicateNotices += Math.max(0, n - 1);
      if (due && n === 0) tally.missing[kind].push(r.key);
    }
  }
  tally.lost = Object.values(tally.missing).reduce((n, keys) => n + keys.length, 0);
  return tally;
}

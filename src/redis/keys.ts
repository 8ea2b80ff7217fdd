/**
 * Every Redis key Aduan writes, in one place. `namespace` is `ADUAN_PREFIX` (default `aduan`; on
 * Redis Cluster give it a hash tag, `{aduan}`, so each ticket's keys and the scripts over them
 * land in one slot). Keys are `<namespace>:<part>:<part>…`; BullMQ's own live under
 * `<namespace>:q`. The README's "Redis key layout" lists the same table.
 */
export function redisKeys(namespace: string) {
  const k = (...parts: (string | number)[]) => [namespace, ...parts].join(":");
  return {
    namespace,
    /** Everything of this deployment (to clear the demo's namespace). */
    pattern: k("*"),
    // Tickets (hash `json` + `rev`, history list, indices) and the once-only effect ledger.
    ticketSeq: k("ticket", "seq"),
    tweet: (tweetId: string) => k("tweet", tweetId),
    ticket: (id: string) => k("ticket", id),
    history: (id: string) => k("ticket", id, "history"),
    received: k("idx", "received"),
    status: (status: string) => k("idx", "status", status),
    statusAgency: (status: string, agency: string | null) => k("idx", "status", status, agency ?? "_"),
    effect: (key: string) => k("effect", key),
    /** Parked effects (dead letter): hash `<ticket>|<effect>` → record, see `redis/parked-effects.ts`. */
    parked: k("parked"),
    /** The ticket one of our reply tweets belongs to (a citizen answers it). */
    replyTweet: (tweetId: string) => k("x", "reply", tweetId),
    // X: per-source cursors and the month's billed reads and posts.
    source: (sourceId: string) => k("x", "source", sourceId),
    usage: (month: string) => k("x", "usage", month),
    // Telegram: the shared rate gate, supergroup migrations, prompts, command limits, membership.
    sendLog: (chat: number | "all") => k("tg", "log", chat),
    coolDown: (chat: number | "all") => k("tg", "cool", chat),
    migrated: k("tg", "migrated"),
    prompt: (chatId: number, messageId: number) => k("tg", "prompt", chatId, messageId),
    /** The last prompt a user was asked in a chat (a note sent without "reply" still finds it). */
    promptOf: (chatId: number, userId: number) => k("tg", "prompt-of", chatId, userId),
    /**
     * A note sent as a plain message, held until its writer presses "Kirim sebagai catatan" or
     * "Batal" (hash: `json`, `claim`; TTL: the plain-answer window), by the chat and message id.
     */
    pendingNote: (chatId: number, messageId: number) => k("tg", "note", chatId, messageId),
    commandRate: (userId: number, minute: number) => k("tg", "cmdrate", userId, minute),
    /** Messages of one user in private chats with the bot, per minute. */
    privateRate: (userId: number, minute: number) => k("tg", "pmrate", userId, minute),
    /** Set while a stranger who wrote privately has had their one answer (TTL: the window). */
    strangerNotice: (userId: number) => k("tg", "stranger", userId),
    member: (chatId: number, userId: number) => k("tg", "member", chatId, userId),
    // Citizens on Telegram: the report being collected (TTL), their tickets, limits, the block list.
    citizenSession: (userId: number) => k("citizen", "session", userId),
    citizenTickets: (userId: number) => k("citizen", "tickets", userId),
    /** A citizen's message seen once (webhook retries, a redelivered update). */
    /** `bot`: the citizen-facing bot's messages (its chats share ids with the staff bot's). */
    citizenSeen: (chatId: number, messageId: number, bot?: "citizen") =>
      bot ? k("citizen", "seen", bot, chatId, messageId) : k("citizen", "seen", chatId, messageId),
    citizenRate: (userId: number, minute: number) => k("citizen", "rate", userId, minute),
    citizenReports: (userId: number, day: string) => k("citizen", "reports", userId, day),
    citizenBlocked: k("citizen", "blocked"),
    /** A blocked citizen's one refusal a day. */
    citizenRefused: (userId: number) => k("citizen", "refused", userId),
    // Staff corrections of triage (learning): the record by id, and the ids by decision time.
    corrections: k("learn", "corrections"),
    correctionTimes: k("learn", "corrections", "at"),
    // Accepted rules applied on top of config/ by every process, the version of that set and the
    // channel a change is announced on; suggestions offered to the supervisors and those dismissed.
    learnedRules: k("learn", "rules"),
    rulesVersion: k("learn", "rules", "version"),
    rulesChanged: k("learn", "rules", "changed"),
    offeredRule: (id: string) => k("learn", "offered", id),
    dismissedRules: k("learn", "dismissed"),
    // Duplicate detection: recent carded tickets per agency and place.
    incident: (agency: string, place: string) => k("incident", agency, place),
    /** One holder per prefix (`demo`, `bot-polling`): see `runtime/instance-lock.ts`. */
    lock: (name: string) => k("lock", name),
    // The public Open311 API's requests per client and window; campaign and mood tallies per day.
    open311Rate: (client: string, window: number) => k("open311", "rate", client, window),
    /** Tweet ids already tallied for a campaign (set), and the campaign's counts (hash). */
    campaignSeen: (tag: string) => k("campaign", tag, "seen"),
    campaignPeople: (tag: string) => k("campaign", tag, "people"),
    campaignCounts: (tag: string) => k("campaign", tag, "counts"),
    campaignPlaces: (tag: string) => k("campaign", tag, "places"),
    /** Tweet ids already scored for mood (set), and the counts per day and agency (hash). */
    moodSeen: k("mood", "seen"),
    moodDay: (date: string) => k("mood", "day", date),
    // The web dashboard: the key that signs login links (when ADUAN_WEB_SECRET is unset), each
    // link's one-time nonce, sessions, and the channel every ticket change is announced on.
    webSecret: k("web", "secret"),
    webLink: (nonce: string) => k("web", "link", nonce),
    webSession: (id: string) => k("web", "session", id),
    ticketChanged: k("web", "ticket-changed"),
    /** BullMQ's `prefix` option. */
    queues: k("q"),
  };
}

export type RedisKeys = ReturnType<typeof redisKeys>;

/**
 * The once-only effect key of a ticket's card for one dispatch round (`keySuffix` marks a re-post,
 * e.g. in a group upgraded to a supergroup). Its record's `attempts > 1` says a send of that round
 * ended in doubt and was repeated: the one case where a second copy of the card may exist.
 */
export function cardEffectKey(ticketId: string, round: number, keySuffix = ""): string {
  return `card:${ticketId}:${round}${keySuffix}`;
}

/** The once-only effect key of a reply tweet of `kind` for one round (kept for good, see below). */
export function replyEffectKey(ticketId: string, kind: string, round: number): string {
  return `reply:${ticketId}:${kind}:${round}`;
}

/**
 * How long once-only records are kept, and why each may (or may not) expire. Redis must never
 * evict (see `runtime/redis-durability.ts`), so keys that are only needed for a while carry a TTL
 * instead of growing forever.
 *
 * Expire:
 * - a delivered card's effect (`card:<ticket>:<round>`): it only stops a retried job of the same
 *   round from sending again, and a job's retries end within hours (12 attempts, about 34 min,
 *   plus stalled-job restarts). A later round is a new key. 30 days is far past any retry.
 * - the daily digest's effect (`digest:<date>`): the scheduler never runs a past day again.
 * - the reply-tweet → ticket lookup (`x:reply:<tweet id>`): needed while a citizen's answer may
 *   still reopen the ticket, at most `feedback.window_days` (≤ 90, app.yaml's bound); after that
 *   an answer is triaged like any tweet anyway.
 *
 * Kept for good: reply effects (`reply:…`: a reply tweet must never be posted twice, and its effect
 * is the only proof a re-driven job checks), SLA message effects (`sla:…`: a still-open ticket's
 * breach check may be planned again months later), tweet → ticket keys (one tweet, one ticket),
 * tickets and their histories.
 */
const DAY_S = 24 * 60 * 60;

export const CARD_EFFECT_TTL_S = 30 * DAY_S;
export const DIGEST_EFFECT_TTL_S = 30 * DAY_S;
/** Longer than the longest feedback window app.yaml allows (90 days). */
export const REPLY_LOOKUP_TTL_S = 120 * DAY_S;
/**
 * Staff corrections (`learn:corrections`) are kept this many days by default (app.yaml
 * `learning.corrections_retention_days`): long enough for rule suggestions to see a topic recur
 * across seasons, short enough that the tweets people wrote do not stay for good.
 */
export const CORRECTION_RETENTION_DAYS = 365;

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
    commandRate: (userId: number, minute: number) => k("tg", "cmdrate", userId, minute),
    member: (chatId: number, userId: number) => k("tg", "member", chatId, userId),
    // Duplicate detection: recent carded tickets per agency and place.
    incident: (agency: string, place: string) => k("incident", agency, place),
    /** BullMQ's `prefix` option. */
    queues: k("q"),
  };
}

export type RedisKeys = ReturnType<typeof redisKeys>;

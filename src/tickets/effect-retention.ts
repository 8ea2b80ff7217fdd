/**
 * How long once-only records are kept, and why each may (or may not) expire. Redis must never
 * evict (see `redis-durability.ts`), so keys that are only needed for a while carry a TTL instead
 * of growing forever.
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

import type { Redis } from "ioredis";
import { redisKeys } from "../redis/keys.js";

/**
 * A resolution note the presser sent as a plain message (not as a reply to the prompt): it is
 * published to the citizen only once its writer confirms it, because whatever they write next
 * ("sebentar ya", a word to a colleague) would otherwise go out on X.
 */
export interface PendingNote {
  ticketId: string;
  /** The ticket's agency when the prompt was asked: a confirmation after the ticket moved is refused. */
  agency: string | null;
  /** The card the prompt answers (refreshed when the resolve is refused). */
  cardMessageId: number;
  /** The prompt the note answers: forgotten once the note is sent. */
  promptMessageId: number;
  /** Who wrote the note (the presser of "Selesai"): the only one who may confirm it. */
  askedBy: number;
  note: string;
}

/** Who decided a held note: `send:<callback query id>` or {@link CANCELLED}. */
export const CANCELLED = "cancel";

/** Notes waiting for their writer's confirmation, by the chat and message id of the plain message. */
export interface PendingNotes {
  /** Holds `note` for `ttlSeconds`; a second hold of the same message (a redelivered update) changes nothing. */
  hold(chatId: number, messageId: number, note: PendingNote, ttlSeconds: number): Promise<void>;
  /** The held note, or null once it expired (or was never held). */
  get(chatId: number, messageId: number): Promise<PendingNote | null>;
  /**
   * Records the decision `by` unless one was made already, atomically, and returns the decision
   * that stands (null once the note expired). Two presses of "Kirim" (a double tap) get one
   * decision: the first's. The same callback query again (Telegram redelivers an update a dead
   * process did not confirm) gets its own decision back, so it can finish the job.
   */
  decide(chatId: number, messageId: number, by: string): Promise<string | null>;
}

/** Held notes in Redis at `<prefix>:tg:note:<chat>:<message>` (a hash), so any bot process sees them. */
export class RedisPendingNotes implements PendingNotes {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(chatId: number, messageId: number): string {
    return redisKeys(this.prefix).pendingNote(chatId, messageId);
  }

  async hold(chatId: number, messageId: number, note: PendingNote, ttlSeconds: number): Promise<void> {
    const key = this.key(chatId, messageId);
    // HSETNX: a redelivered message does not replace the note (or a decision taken on it). Plain
    // EXPIRE, not EXPIRE NX (Redis 7): Redis 6.2 is supported, and a redelivery comes soon anyway.
    await this.redis.multi().hsetnx(key, "json", JSON.stringify(note)).expire(key, ttlSeconds).exec();
  }

  async get(chatId: number, messageId: number): Promise<PendingNote | null> {
    const raw = await this.redis.hget(this.key(chatId, messageId), "json");
    return raw ? (JSON.parse(raw) as PendingNote) : null;
  }

  async decide(chatId: number, messageId: number, by: string): Promise<string | null> {
    const key = this.key(chatId, messageId);
    const res = await this.redis
      .multi()
      .hexists(key, "json")
      .hsetnx(key, "claim", by)
      .hget(key, "claim")
      .exec();
    const held = res?.[0]?.[1] === 1;
    if (!held) {
      // The note expired: HSETNX just made a stray hash of its own, which goes again.
      await this.redis.del(key);
      return null;
    }
    const claim = res?.[2]?.[1];
    return typeof claim === "string" ? claim : null;
  }
}

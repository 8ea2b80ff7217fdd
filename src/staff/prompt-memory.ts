import type { Redis } from "ioredis";
import { redisKeys } from "../redis/keys.js";

/** What an answer to one of the bot's ForceReply prompts means. */
export type PromptPurpose =
  /** The answer is the resolution note of `ticketId`. */
  | "resolve_note"
  /** The answer names the original ticket `ticketId` duplicates. */
  | "duplicate_of";

export interface PromptRecord {
  ticketId: string;
  purpose: PromptPurpose;
  /** The ticket's agency when the prompt was asked: an answer after the ticket moved is refused. */
  agency: string | null;
  /** The card the prompt answers. */
  cardMessageId: number;
  /** Who pressed the button that asked. */
  askedBy: number;
}

/** Prompts the bot is waiting for an answer to, by the chat and message id of the prompt. */
export interface PromptMemory {
  remember(chatId: number, messageId: number, record: PromptRecord): Promise<void>;
  recall(chatId: number, messageId: number): Promise<PromptRecord | null>;
  forget(chatId: number, messageId: number): Promise<void>;
  /**
   * The prompt `userId` was last asked in `chatId` if it is still open and was asked at most
   * {@link PLAIN_ANSWER_SECONDS} ago: a note sent as a plain message (not as a reply) answers it.
   */
  recentFor(chatId: number, userId: number): Promise<{ messageId: number; record: PromptRecord } | null>;
}

/**
 * How long after a prompt the presser's plain message in that chat is taken as the answer. Short,
 * because whatever they write next is published to the citizen; the prompt says so.
 */
export const PLAIN_ANSWER_SECONDS = 5 * 60;

/** Default lifetime of a prompt: a note written the next morning still counts. */
export const PROMPT_TTL_SECONDS = 24 * 3600;

/** Prompts in Redis at `<prefix>:tg:prompt:<chat>:<message>`, so any bot process can take the answer. */
export class RedisPromptMemory implements PromptMemory {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds = PROMPT_TTL_SECONDS,
  ) {}

  private key(chatId: number, messageId: number): string {
    return redisKeys(this.prefix).prompt(chatId, messageId);
  }

  async remember(chatId: number, messageId: number, record: PromptRecord): Promise<void> {
    await this.redis
      .multi()
      .set(this.key(chatId, messageId), JSON.stringify(record), "EX", this.ttlSeconds)
      .set(this.ofKey(chatId, record.askedBy), String(messageId), "EX", PLAIN_ANSWER_SECONDS)
      .exec();
  }

  private ofKey(chatId: number, userId: number): string {
    return redisKeys(this.prefix).promptOf(chatId, userId);
  }

  async recentFor(
    chatId: number,
    userId: number,
  ): Promise<{ messageId: number; record: PromptRecord } | null> {
    const messageId = Number(await this.redis.get(this.ofKey(chatId, userId)));
    if (!messageId) return null;
    const record = await this.recall(chatId, messageId);
    return record && record.askedBy === userId ? { messageId, record } : null;
  }

  async recall(chatId: number, messageId: number): Promise<PromptRecord | null> {
    const raw = await this.redis.get(this.key(chatId, messageId));
    return raw ? (JSON.parse(raw) as PromptRecord) : null;
  }

  async forget(chatId: number, messageId: number): Promise<void> {
    const record = await this.recall(chatId, messageId);
    await this.redis.del(this.key(chatId, messageId));
    if (!record) return;
    // The asker's pointer goes too, unless a newer prompt has taken it over.
    const of = this.ofKey(chatId, record.askedBy);
    if ((await this.redis.get(of)) === String(messageId)) await this.redis.del(of);
  }
}

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
}

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
    await this.redis.set(this.key(chatId, messageId), JSON.stringify(record), "EX", this.ttlSeconds);
  }

  async recall(chatId: number, messageId: number): Promise<PromptRecord | null> {
    const raw = await this.redis.get(this.key(chatId, messageId));
    return raw ? (JSON.parse(raw) as PromptRecord) : null;
  }

  async forget(chatId: number, messageId: number): Promise<void> {
    await this.redis.del(this.key(chatId, messageId));
  }
}

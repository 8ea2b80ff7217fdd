import type { Redis } from "ioredis";
import { redisKeys } from "../redis/keys.js";
import { ChatApiError, type ChatGateway, type MemberStatus } from "../ports/chat-gateway.js";
import type { PipelineSettings } from "../core/settings.js";

/**
 * Statuses of someone who is in the group now (a restricted user is still a member, unless
 * Telegram says `is_member: false`: the gateway reports that as `left`).
 */
const PRESENT: ReadonlySet<MemberStatus> = new Set(["creator", "administrator", "member", "restricted"]);

export function isPresent(status: MemberStatus): boolean {
  return PRESENT.has(status);
}

/** Who is in which group, as far as Aduan needs to know. */
export interface Membership {
  status(chatId: number, userId: number): Promise<MemberStatus>;
  /**
   * Telegram said a member's status changed (a `chat_member` update): a cached answer is dropped
   * at once, so someone removed from a group loses access now, not when the cache expires.
   */
  changed?(chatId: number, userId: number): Promise<void>;
}

export interface CachedMembershipOptions {
  redis: Redis;
  /** Key namespace, e.g. `aduan`: answers live at `<prefix>:tg:member:<chat>:<user>`. */
  prefix: string;
  chat: ChatGateway;
  /**
   * How long an answer of `getChatMember` is trusted, in seconds (fractions allowed). Default 60
   * (`telegram.membership_cache_seconds`): long enough that a burst of presses costs one API call,
   * short enough that someone removed from a group loses access within a minute. 0 disables it.
   */
  ttlSeconds?: number;
}

/**
 * Membership from Telegram's `getChatMember` (the bot must be an admin of the group), cached in
 * Redis so every process of the deployment shares the answers. Both answers are cached: a
 * stranger hammering a button costs one call per TTL too.
 */
export class CachedMembership implements Membership {
  private readonly ttlMs: number;
  constructor(private readonly opts: CachedMembershipOptions) {
    this.ttlMs = Math.round((opts.ttlSeconds ?? 60) * 1000);
  }

  private key(chatId: number, userId: number): string {
    return redisKeys(this.opts.prefix).member(chatId, userId);
  }

  async changed(chatId: number, userId: number): Promise<void> {
    await this.opts.redis.del(this.key(chatId, userId));
  }

  /** Asks in flight, per chat and user: a burst of messages from one user costs one call, not one each. */
  private readonly asking = new Map<string, Promise<MemberStatus>>();

  async status(chatId: number, userId: number): Promise<MemberStatus> {
    const key = this.key(chatId, userId);
    const pending = this.asking.get(key);
    if (pending) return pending;
    const asked = this.lookUp(chatId, userId).finally(() => this.asking.delete(key));
    this.asking.set(key, asked);
    return asked;
  }

  private async lookUp(chatId: number, userId: number): Promise<MemberStatus> {
    if (this.ttlMs > 0) {
      const cached = await this.opts.redis.get(this.key(chatId, userId));
      if (cached) return cached as MemberStatus;
    }
    let status: MemberStatus;
    try {
      status = await this.opts.chat.memberStatus(chatId, userId);
    } catch (err) {
      // 400 (user or chat unknown) and 403 (bot not in the group) are definite "no"; the network
      // failing or a 5xx is not, and is left to the caller.
      if (err instanceof ChatApiError && (err.status === 400 || err.status === 403)) status = "left";
      else throw err;
    }
    if (this.ttlMs > 0) await this.opts.redis.set(this.key(chatId, userId), status, "PX", this.ttlMs);
    return status;
  }
}

/**
 * May `userId` act on a ticket whose group is `ownerChatId`? A member of that group may, and so
 * may a member of the supervisors' group, wherever the card is.
 */
export async function mayAct(
  membership: Membership,
  settings: Pick<PipelineSettings, "supervisorsChatId">,
  ownerChatId: number | undefined,
  userId: number,
): Promise<boolean> {
  if (ownerChatId !== undefined && isPresent(await membership.status(ownerChatId, userId))) return true;
  const supervisors = settings.supervisorsChatId;
  if (supervisors === undefined || supervisors === ownerChatId) return false;
  return isPresent(await membership.status(supervisors, userId));
}

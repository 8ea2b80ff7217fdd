import type { Redis } from "ioredis";
import { redisKeys } from "./keys.js";
import type { PipelineSettings } from "../core/settings.js";

/**
 * Groups that Telegram upgraded to supergroups, old chat id → new. A group's id changes on the
 * upgrade; Aduan follows it at once (every process that meets the change records it) and on every
 * later start, so cards keep flowing while the operator updates the configured id.
 */
export class ChatMigrations {
  private readonly map = new Map<number, number>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private get key(): string {
    return redisKeys(this.prefix).migrated;
  }

  /** Reads the recorded migrations and points the settings' groups at their current ids. */
  async load(settings: PipelineSettings): Promise<void> {
    const all = await this.redis.hgetall(this.key);
    for (const [from, to] of Object.entries(all)) this.map.set(Number(from), Number(to));
    applyMigrations(settings, (id) => this.current(id));
  }

  /** Records one migration and applies it; true when it was news. */
  async record(settings: PipelineSettings, oldId: number, newId: number): Promise<boolean> {
    const fresh = (await this.redis.hset(this.key, String(oldId), String(newId))) === 1;
    this.map.set(oldId, newId);
    applyMigrations(settings, (id) => this.current(id));
    return fresh;
  }

  /** The id a group has now (following every recorded upgrade). */
  current(chatId: number): number {
    let id = chatId;
    for (let hops = 0; this.map.has(id) && hops < 10; hops++) id = this.map.get(id) ?? id;
    return id;
  }
}

/** Points every group in `settings` at the id `current` gives it. */
export function applyMigrations(settings: PipelineSettings, current: (chatId: number) => number): void {
  for (const a of settings.agencies.values()) if (a.chatId !== undefined) a.chatId = current(a.chatId);
  if (settings.supervisorsChatId !== undefined)
    settings.supervisorsChatId = current(settings.supervisorsChatId);
}

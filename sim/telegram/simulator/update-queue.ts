import { BotApiError } from "./bot-api-error.js";
import type { TgUpdate } from "./telegram-wire-types.js";

/** What Telegram leaves out when a bot asks for "all" updates with an empty `allowed_updates`. */
const OFF_BY_DEFAULT = new Set(["chat_member", "message_reaction", "message_reaction_count"]);

interface Waiter {
  resolve: (updates: TgUpdate[]) => void;
  reject: (error: BotApiError) => void;
  offsetFloor: number;
  limit: number;
  timer: NodeJS.Timeout;
}

export interface PollRequest {
  offset?: number;
  limit?: number;
  /** Seconds to hold the request open while nothing is pending; 0 answers at once. */
  timeoutSeconds?: number;
  signal?: AbortSignal;
}

/**
 * The bot's pending updates, kept until confirmed as `getUpdates` does: a call with `offset` forgets every update
 * below it; a long poll is held until an update arrives or its timeout ends; a second poller ends the first with
 * 409, since only one may read a bot's updates at a time.
 */
export class UpdateQueue {
  private pending: TgUpdate[] = [];
  private nextUpdateId: number;
  private allowed: Set<string> | undefined;
  private waiter: Waiter | undefined;
  private readonly pushListeners = new Set<() => void>();
  private readonly confirmWaiters = new Map<number, (() => void)[]>();

  constructor(firstUpdateId = 100_000_001) {
    this.nextUpdateId = firstUpdateId;
  }

  /** Queues an update of the given kind; returns undefined when `allowed_updates` excludes that kind. */
  push(
    kind: "message" | "callback_query" | "chat_member",
    payload: NonNullable<TgUpdate[typeof kind]>,
  ): TgUpdate | undefined {
    if (!this.isAllowed(kind)) return undefined;
    const update = { update_id: this.nextUpdateId++, [kind]: payload } as TgUpdate;
    this.pending.push(update);
    this.wake();
    for (const listener of this.pushListeners) listener();
    return update;
  }

  onPush(listener: () => void): () => void {
    this.pushListeners.add(listener);
    return () => this.pushListeners.delete(listener);
  }

  /** An empty list means Telegram's default set; undefined keeps the previous setting. */
  setAllowedUpdates(list: string[] | undefined): void {
    if (list === undefined) return;
    this.allowed = list.length === 0 ? undefined : new Set(list);
  }

  allowedUpdates(): string[] | undefined {
    return this.allowed ? [...this.allowed] : undefined;
  }

  private isAllowed(kind: string): boolean {
    return this.allowed ? this.allowed.has(kind) : !OFF_BY_DEFAULT.has(kind);
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  snapshot(): TgUpdate[] {
    return [...this.pending];
  }

  first(): TgUpdate | undefined {
    return this.pending[0];
  }

  /** Forgets one delivered update (webhook mode). */
  remove(updateId: number): void {
    this.forget((u) => u.update_id === updateId);
  }

  dropAll(): void {
    this.forget(() => true);
  }

  /** Resolves once the update has been confirmed (getUpdates offset past it) or delivered to the webhook. */
  whenConfirmed(updateId: number): Promise<void> {
    if (!this.pending.some((u) => u.update_id === updateId)) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.confirmWaiters.get(updateId) ?? [];
      list.push(resolve);
      this.confirmWaiters.set(updateId, list);
    });
  }

  private forget(predicate: (update: TgUpdate) => boolean): void {
    const kept: TgUpdate[] = [];
    for (const update of this.pending) {
      if (!predicate(update)) {
        kept.push(update);
        continue;
      }
      for (const resolve of this.confirmWaiters.get(update.update_id) ?? []) resolve();
      this.confirmWaiters.delete(update.update_id);
    }
    this.pending = kept;
  }

  async poll(request: PollRequest): Promise<TgUpdate[]> {
    const limit = Math.min(Math.max(request.limit ?? 100, 1), 100);
    const offsetFloor = this.confirm(request.offset);
    if (this.waiter) {
      const previous = this.waiter;
      this.waiter = undefined;
      clearTimeout(previous.timer);
      previous.reject(
        new BotApiError(
          409,
          "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
        ),
      );
    }
    const ready = this.readyFrom(offsetFloor, limit);
    const timeoutSeconds = request.timeoutSeconds ?? 0;
    if (ready.length > 0 || timeoutSeconds <= 0 || request.signal?.aborted) return ready;
    return await new Promise<TgUpdate[]>((resolve, reject) => {
      const settle = (): void => {
        if (this.waiter === waiter) this.waiter = undefined;
        clearTimeout(waiter.timer);
        request.signal?.removeEventListener("abort", onAbort);
      };
      const onAbort = (): void => {
        settle();
        resolve([]);
      };
      const waiter: Waiter = {
        offsetFloor,
        limit,
        resolve: (updates) => {
          settle();
          resolve(updates);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
        timer: setTimeout(() => waiter.resolve([]), timeoutSeconds * 1000),
      };
      this.waiter = waiter;
      request.signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Answers a held long poll with nothing, e.g. when the webhook is set or the simulator closes. */
  releaseWaiter(): void {
    this.waiter?.resolve([]);
  }

  /** Applies `offset`: forgets updates below it (a negative offset keeps only the last -offset). */
  private confirm(offset: number | undefined): number {
    if (offset === undefined || offset === 0) return 0;
    if (offset < 0) {
      const keep = new Set(this.pending.slice(offset));
      this.forget((u) => !keep.has(u));
      return 0;
    }
    this.forget((u) => u.update_id < offset);
    return offset;
  }

  private readyFrom(offsetFloor: number, limit: number): TgUpdate[] {
    return this.pending.filter((u) => u.update_id >= offsetFloor).slice(0, limit);
  }

  private wake(): void {
    const waiter = this.waiter;
    if (!waiter) return;
    const ready = this.readyFrom(waiter.offsetFloor, waiter.limit);
    if (ready.length > 0) waiter.resolve(ready);
  }
}

import type { Redis } from "ioredis";
import { redisKeys } from "../redis/keys.js";
import type { TicketAction, TransitionResult } from "../core/lifecycle.js";
import type { Ticket, TicketEvent } from "../core/ticket.js";
import type { TicketStore, TransitionExpectation } from "../ports/ticket-store.js";
import { TicketStoreDecorator } from "../ports/ticket-store-decorator.js";

/**
 * Every ticket change announced on Redis pub/sub, for the dashboard's live view in any process:
 * a button pressed in Telegram (bot process) reaches the browser served by another process.
 */
export interface TicketChange {
  id: string;
  status: Ticket["status"];
  agency: string | null;
  /** The agency it left, when this change moved it (a reassign): that agency's screens drop it. */
  from_agency?: string;
  /** The event that made the change, when there is one. */
  event?: TicketEvent["type"];
}

export type ChangePublisher = (change: TicketChange) => Promise<void>;

export function redisChangePublisher(redis: Redis, prefix: string): ChangePublisher {
  const channel = redisKeys(prefix).ticketChanged;
  return async (change) => {
    await redis.publish(channel, JSON.stringify(change));
  };
}

/**
 * The one door every ticket write passes (composed over the store in `app/platform.ts`): after
 * the write is committed, the change is published. Publishing is best effort: a dashboard that
 * misses a message catches up on its next refresh, and staff must never see an error for a
 * change that happened.
 */
export class PublishTicketChanges extends TicketStoreDecorator {
  constructor(
    inner: TicketStore,
    private readonly publish: ChangePublisher,
    private readonly onError: (ticketId: string, err: unknown) => void = () => {},
  ) {
    super(inner);
  }

  private announce(ticket: Ticket, event?: TicketEvent): void {
    const change: TicketChange = {
      id: ticket.id,
      status: ticket.status,
      agency: ticket.agency,
      ...(event?.type === "reassigned" && event.from ? { from_agency: event.from } : {}),
      ...(event ? { event: event.type } : {}),
    };
    this.publish(change).catch((err: unknown) => this.onError(ticket.id, err));
  }

  override async createFromTweet(...a: Parameters<TicketStore["createFromTweet"]>) {
    const r = await this.inner.createFromTweet(...a);
    if (r.created) this.announce(r.ticket, r.ticket.history[0]);
    return r;
  }
  override async transition(
    id: string,
    action: TicketAction,
    at: string,
    actor: string,
    expect?: TransitionExpectation,
  ): Promise<TransitionResult> {
    const r = await this.inner.transition(id, action, at, actor, expect);
    this.announce(r.ticket, r.event);
    return r;
  }
  override async setTelegramMessage(id: string, chatId: number, messageId: number, standsInFor?: string) {
    const t = await this.inner.setTelegramMessage(id, chatId, messageId, standsInFor);
    this.announce(t);
    return t;
  }
  override async addReporter(id: string, reporterTicketId: string) {
    const t = await this.inner.addReporter(id, reporterTicketId);
    this.announce(t);
    return t;
  }
  override async removeReporter(id: string, reporterTicketId: string) {
    const t = await this.inner.removeReporter(id, reporterTicketId);
    this.announce(t);
    return t;
  }
  override async recordReply(id: string, kind: string, tweetId: string, at: string) {
    const t = await this.inner.recordReply(id, kind, tweetId, at);
    this.announce(t, t.history.at(-1));
    return t;
  }
  override async appendEvent(id: string, event: TicketEvent) {
    const t = await this.inner.appendEvent(id, event);
    this.announce(t, event);
    return t;
  }
}

/**
 * One subscriber connection per process, fanned out to every open event stream. `subscribe`
 * returns the function that unsubscribes.
 */
export class TicketChangeFeed {
  private readonly listeners = new Set<(change: TicketChange) => void>();
  private sub: Redis | undefined;
  private starting: Promise<void> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly log?: { warn(obj: object, msg: string): void },
  ) {}

  private start(): Promise<void> {
    this.starting ??= (async () => {
      const sub = this.redis.duplicate();
      this.sub = sub;
      sub.on("error", (err: Error) =>
        this.log?.warn({ err: err.message }, "dashboard live feed: redis error"),
      );
      sub.on("message", (_channel: string, raw: string) => {
        let change: TicketChange;
        try {
          change = JSON.parse(raw) as TicketChange;
        } catch {
          this.log?.warn({ raw: raw.slice(0, 200) }, "dashboard live feed: unreadable message");
          return;
        }
        for (const l of this.listeners) l(change);
      });
      await sub.subscribe(redisKeys(this.prefix).ticketChanged);
    })();
    return this.starting;
  }

  async subscribe(listener: (change: TicketChange) => void): Promise<() => void> {
    await this.start();
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    const sub = this.sub;
    this.sub = undefined;
    this.starting = undefined;
    if (sub) await sub.quit().catch(() => sub.disconnect());
  }
}

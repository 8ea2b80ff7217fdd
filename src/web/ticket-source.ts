import type { Ticket } from "../core/ticket.js";
import type { TicketStore } from "../ports/ticket-store.js";
import type { TicketChange, TicketChangeFeed } from "./live-events.js";
import { isOpen, periodRange, type QueueFilter } from "./ticket-query.js";

/**
 * The tickets a dashboard query needs, through the store's index sets only (never a scan of
 * every key). Open tickets, which nearly every view shows, are kept in memory: read once, then
 * each one the live feed names is read again, and everything is read afresh every
 * `refreshMs` in case a message was missed. Other statuses are read per query from the
 * `received` index over the asked period (default the last {@link DEFAULT_CLOSED_DAYS} days).
 */

export const DEFAULT_CLOSED_DAYS = 30;
/** At most this many tickets per closed-status query (the page shows far fewer; counts say how many). */
const CLOSED_READ_LIMIT = 50_000;
const OPEN_READ_LIMIT = 1_000_000;

export class DashboardTickets {
  private open: Map<string, Ticket> | undefined;
  private loadedAt = 0;
  private loading: Promise<Map<string, Ticket>> | undefined;
  private unsubscribe: (() => void) | undefined;
  private changes = 0;
  private readonly reading = new Set<Promise<unknown>>();

  constructor(
    private readonly store: Pick<TicketStore, "listOpen" | "listReceivedBetween" | "get">,
    private readonly feed: TicketChangeFeed | undefined,
    private readonly now: () => number,
    private readonly refreshMs = 60_000,
  ) {}

  /**
   * Counts every change to the open tickets in memory (a ticket read again after the feed named
   * it, a full read): an answer made from them is current while this has not moved.
   */
  get version(): number {
    return this.changes;
  }

  /** Every open ticket (from memory when fresh). */
  async openTickets(): Promise<Ticket[]> {
    return [...(await this.openMap()).values()];
  }

  private async openMap(): Promise<Map<string, Ticket>> {
    if (this.open && this.now() - this.loadedAt < this.refreshMs) return this.open;
    const reload = this.reload();
    // Stale but present: answered from memory while the fresh read runs (only the first waits).
    if (this.open && this.loadedAt > 0) {
      reload.catch(() => undefined);
      return this.open;
    }
    return reload;
  }

  private reload(): Promise<Map<string, Ticket>> {
    return (this.loading ??= (async () => {
      if (this.feed && !this.unsubscribe)
        this.unsubscribe = await this.feed.subscribe((c) => this.onChange(c));
      const list = await this.store.listOpen({ limit: OPEN_READ_LIMIT });
      const fresh = new Map(list.map((t) => [t.id, t]));
      // Keep the objects of unchanged tickets: their computed rows stay cached (see RowCache).
      const before = this.open;
      if (before) {
        for (const [id, t] of fresh) {
          const old = before.get(id);
          if (old && JSON.stringify(old) === JSON.stringify(t)) fresh.set(id, old);
        }
      }
      // Answers made from memory stay current when the full read found nothing new.
      const same =
        before !== undefined &&
        before.size === fresh.size &&
        [...fresh].every(([id, t]) => before.get(id) === t);
      this.open = fresh;
      this.loadedAt = this.now();
      if (!same) this.changes++;
      return fresh;
    })().finally(() => (this.loading = undefined)));
  }

  private onChange(change: TicketChange): void {
    const open = this.open;
    if (!open) return;
    // Read again even if it closed: its last state is dropped from memory only once read.
    const read = this.store
      .get(change.id)
      .then((t) => {
        if (t && isOpen(t.status)) open.set(t.id, t);
        else open.delete(change.id);
        this.changes++;
      })
      .catch(() => (this.loadedAt = 0))
      .finally(() => this.reading.delete(read));
    this.reading.add(read);
  }

  /**
   * Resolves once the changes announced so far are in memory: a page told of a change asks
   * again at once, and must not be answered from the state before it.
   */
  async settled(): Promise<void> {
    await Promise.all([...this.reading]);
  }

  /** The tickets a filter may select (a superset: `queryQueue` filters them). */
  async forFilter(f: QueueFilter): Promise<Ticket[]> {
    if (f.status === "open" || (f.status !== "all" && isOpen(f.status))) return this.openTickets();
    const now = this.now();
    const asked = periodRange(f.period, new Date(now));
    const range =
      asked && "from" in asked
        ? asked
        : { from: new Date(now - DEFAULT_CLOSED_DAYS * 86_400_000), to: new Date(now + 60_000) };
    const received = await this.store.listReceivedBetween(range.from.toISOString(), range.to.toISOString(), {
      limit: CLOSED_READ_LIMIT,
    });
    if (f.status !== "all") return received;
    // "All" also shows the open tickets received before the period.
    const byId = new Map(received.map((t) => [t.id, t]));
    for (const t of await this.openTickets()) if (!byId.has(t.id)) byId.set(t.id, t);
    return [...byId.values()];
  }

  /** Fresh from the store (a ticket page is read live, never from memory). */
  get(id: string): Promise<Ticket | null> {
    return this.store.get(id);
  }

  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}

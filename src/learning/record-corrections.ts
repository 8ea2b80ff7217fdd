import { correctionAt } from "../core/correction.js";
import type { TicketAction, TransitionResult } from "../core/lifecycle.js";
import type { Ticket } from "../core/ticket.js";
import type { CorrectionLog } from "../ports/correction-log.js";
import type { TicketStore, TransitionExpectation } from "../ports/ticket-store.js";
import { TicketStoreDecorator } from "../ports/ticket-store-decorator.js";

/**
 * A decorator over any `TicketStore` that records every staff decision disagreeing with triage
 * (see `core/correction.ts`) into a `CorrectionLog`, whoever made it: a button on a card, a
 * command, a prompt's answer. Hooking the one door every transition passes keeps the staff
 * handlers free of it, like `supervision/replan-on-change.ts` does for SLA jobs.
 *
 * The record is keyed by ticket and history entry, so it happens once per decision: a transition
 * retried after it committed is refused by the lifecycle (nothing new to record), and a record
 * repeated for the same entry is a no-op. If recording fails the action still stands (the staff
 * member must not see an error for something that happened); `npm run corrections -- backfill`
 * derives the same records from the tickets' histories and fills the gap.
 */
export class RecordCorrections extends TicketStoreDecorator {
  constructor(
    inner: TicketStore,
    private readonly log: CorrectionLog,
    private readonly onRecordError: (ticketId: string, err: unknown) => void,
  ) {
    super(inner);
  }

  override async transition(
    id: string,
    action: TicketAction,
    at: string,
    actor: string,
    expect?: TransitionExpectation,
  ): Promise<TransitionResult> {
    const result = await this.inner.transition(id, action, at, actor, expect);
    if (actor !== "system") await this.record(result);
    return result;
  }

  private async record(result: TransitionResult): Promise<void> {
    const { ticket, event } = result;
    // The event is the last history entry the store wrote; its index is the decision's identity.
    const index = ticket.history.findLastIndex(
      (e) => e.at === event.at && e.type === event.type && e.actor === event.actor,
    );
    if (index < 0) return;
    const correction = correctionAt(ticket, index);
    if (!correction) return;
    try {
      await this.log.record(correction);
    } catch (err) {
      this.onRecordError(ticket.id, err);
    }
  }
}

/** Records the corrections in stored tickets' histories (idempotent): the repair after a failed record. */
export async function backfillCorrections(
  tickets: readonly Ticket[],
  log: CorrectionLog,
): Promise<{ seen: number; added: number }> {
  let seen = 0;
  let added = 0;
  for (const t of tickets) {
    for (let i = 0; i < t.history.length; i++) {
      const c = correctionAt(t, i);
      if (!c) continue;
      seen++;
      if (await log.record(c)) added++;
    }
  }
  return { seen, added };
}

import { describe, expect, it } from "vitest";
import type { Ticket } from "../src/core/ticket.js";
import { MemoryTicketStore } from "../src/ports/memory-ticket-store.js";
import { ReplanOnChange } from "../src/supervision/replan-on-change.js";
import { sampleTweet, sampleVerdict } from "./support/sample-ticket.js";

const AT = "2026-11-30T02:00:00.000Z";

/** The in-memory twin under the same re-planning decorator production puts over Redis. */
function storeWithPlans(listener?: (t: Ticket) => Promise<void>) {
  const planned: string[] = [];
  const failures: string[] = [];
  const store = new ReplanOnChange(
    new MemoryTicketStore(),
    listener ?? (async (t) => void planned.push(`${t.id}:${t.status}`)),
    (id) => failures.push(id),
  );
  return { store, planned, failures };
}

describe("SLA re-planning over any ticket store", () => {
  it("re-plans a ticket's clocks on every transition, whoever makes it", async () => {
    const { store, planned } = storeWithPlans();
    const { ticket } = await store.createFromTweet(sampleTweet(), sampleVerdict(), AT);
    await store.transition(ticket.id, { type: "dispatch", agency: "dsdabm" }, AT, "system");
    await store.transition(ticket.id, { type: "claim", assignee: { id: 1, name: "Sari" } }, AT, "tg:1");

    expect(planned).toEqual([`${ticket.id}:dispatched`, `${ticket.id}:claimed`]);
  });

  it("plans nothing for a tweet that ends as not a complaint without a card", async () => {
    const { store, planned } = storeWithPlans();
    const { ticket } = await store.createFromTweet(sampleTweet(), sampleVerdict({ complaint: false }), AT);
    await store.transition(ticket.id, { type: "mark_not_complaint" }, AT, "system");

    expect(planned).toEqual([]);
  });

  it("plans a new ticket once its card lands in the triage group", async () => {
    const { store, planned } = storeWithPlans();
    const { ticket } = await store.createFromTweet(sampleTweet(), sampleVerdict({ agency: null }), AT);
    await store.setTelegramMessage(ticket.id, -100200, 7);

    expect(planned).toEqual([`${ticket.id}:new`]);
  });

  it("keeps the change when planning fails, and says so", async () => {
    const { store, failures } = storeWithPlans(async () => {
      throw new Error("sla queue down");
    });
    const { ticket } = await store.createFromTweet(sampleTweet(), sampleVerdict(), AT);
    const done = await store.transition(ticket.id, { type: "dispatch", agency: "dsdabm" }, AT, "system");

    expect(done.ticket.status).toBe("dispatched");
    expect((await store.get(ticket.id))?.status).toBe("dispatched");
    expect(failures).toEqual([ticket.id]);
  });
});

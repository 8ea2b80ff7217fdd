import { describe, expect, it } from "vitest";
import { MemoryTicketStore } from "../src/ports/memory-ticket-store.js";
import { MemoryCorrectionLog } from "../src/ports/correction-log.js";
import type { TicketStore } from "../src/ports/ticket-store.js";
import { RecordCorrections } from "../src/learning/record-corrections.js";
import { ReplanOnChange } from "../src/supervision/replan-on-change.js";
import { PublishTicketChanges, type TicketChange } from "../src/web/live-events.js";
import { sampleTweet, sampleVerdict } from "./support/sample-ticket.js";

const AT = "2026-11-20T03:00:00.000Z";

function decorated(inner: TicketStore): Record<string, TicketStore> {
  const fail = (_id: string, err: unknown) => {
    throw err;
  };
  return {
    ReplanOnChange: new ReplanOnChange(inner, async () => undefined, fail),
    RecordCorrections: new RecordCorrections(inner, new MemoryCorrectionLog(), fail),
    PublishTicketChanges: new PublishTicketChanges(inner, async () => undefined, fail),
    "all three, as the platform stacks them": new PublishTicketChanges(
      new ReplanOnChange(
        new RecordCorrections(inner, new MemoryCorrectionLog(), fail),
        async () => undefined,
        fail,
      ),
      async () => undefined,
      fail,
    ),
  };
}

describe("every ticket write is announced for the dashboard", () => {
  it("announces creation, transitions, cards, reporters, replies and appended events, after they are committed", async () => {
    const heard: TicketChange[] = [];
    const store = new PublishTicketChanges(
      new MemoryTicketStore(),
      async (c) => void heard.push(c),
      (_id, err) => {
        throw err;
      },
    );
    const { ticket } = await store.createFromTweet(sampleTweet({ id: "pub-1" }), sampleVerdict(), AT);
    await store.createFromTweet(sampleTweet({ id: "pub-1" }), sampleVerdict(), AT); // the same tweet: nothing new
    await store.transition(ticket.id, { type: "dispatch", agency: "dsdabm" }, AT, "system");
    await store.setTelegramMessage(ticket.id, -1001, 7);
    await store.transition(ticket.id, { type: "reassign", agency: "dishub" }, AT, "tg:1");
    await store.addReporter(ticket.id, "ADU-000999");
    await store.removeReporter(ticket.id, "ADU-000999");
    await store.recordReply(ticket.id, "received", "555", AT);
    await store.appendEvent(ticket.id, { at: AT, type: "feedback", actor: "x:1", note: "makasih" });
    expect(heard.map((c) => c.event ?? "-")).toEqual([
      "created",
      "dispatched",
      "-",
      "reassigned",
      "-",
      "-",
      "replied",
      "feedback",
    ]);
    expect(heard[3]).toEqual({
      id: ticket.id,
      status: "dispatched",
      agency: "dishub",
      from_agency: "dsdabm",
      event: "reassigned",
    });
  });

  it("a failed announcement never fails the write", async () => {
    const errors: string[] = [];
    const store = new PublishTicketChanges(
      new MemoryTicketStore(),
      async () => {
        throw new Error("redis down");
      },
      (id) => errors.push(id),
    );
    const { ticket } = await store.createFromTweet(sampleTweet({ id: "pub-2" }), sampleVerdict(), AT);
    await new Promise((r) => setTimeout(r, 0));
    expect(ticket.status).toBe("new");
    expect(errors).toEqual([ticket.id]);
  });
});

describe("the ticket store's decorators pass every argument through", () => {
  for (const [name, store] of Object.entries(decorated(new MemoryTicketStore()))) {
    it(`${name}: a card standing in the triage group keeps whose card it is`, async () => {
      const { ticket } = await store.createFromTweet(sampleTweet({ id: `t-${name}` }), sampleVerdict(), AT);
      await store.setTelegramMessage(ticket.id, -1001, 42, "dsdabm");
      expect((await store.get(ticket.id))?.telegram).toEqual({
        chat_id: -1001,
        message_id: 42,
        stands_in_for: "dsdabm",
      });
    });

    it(`${name}: a report from Telegram keeps its channel and citizen`, async () => {
      const { ticket } = await store.createFromTweet(sampleTweet({ id: `tg-${name}` }), sampleVerdict(), AT, {
        channel: "telegram",
        citizen: { user_id: 7, first_name: "Sari" },
      });
      expect(ticket).toMatchObject({ channel: "telegram", citizen: { user_id: 7, first_name: "Sari" } });
      expect((await store.get(ticket.id))?.channel).toBe("telegram");
    });

    it(`${name}: an effect completed with a lifetime is done, and released claims can be taken again`, async () => {
      expect(await store.claimEffect(`fx-${name}`, 1000)).toBe("claimed");
      await store.completeEffect(`fx-${name}`, "m1", 60);
      expect(await store.claimEffect(`fx-${name}`, 1000)).toBe("done");
      expect(await store.claimEffect(`fy-${name}`, 1000)).toBe("claimed");
      await store.releaseEffect(`fy-${name}`);
      expect(await store.claimEffect(`fy-${name}`, 1000)).toBe("claimed");
    });
  }
});

import { describe, expect, it } from "vitest";
import { MemoryTicketStore } from "../src/ports/memory-ticket-store.js";
import { MemoryCorrectionLog } from "../src/ports/correction-log.js";
import type { TicketStore } from "../src/ports/ticket-store.js";
import { RecordCorrections } from "../src/learning/record-corrections.js";
import { ReplanOnChange } from "../src/supervision/replan-on-change.js";
import { sampleTweet, sampleVerdict } from "./support/sample-ticket.js";

const AT = "2026-11-20T03:00:00.000Z";

function decorated(inner: TicketStore): Record<string, TicketStore> {
  const fail = (_id: string, err: unknown) => {
    throw err;
  };
  return {
    ReplanOnChange: new ReplanOnChange(inner, async () => undefined, fail),
    RecordCorrections: new RecordCorrections(inner, new MemoryCorrectionLog(), fail),
    "both, as the platform stacks them": new ReplanOnChange(
      new RecordCorrections(inner, new MemoryCorrectionLog(), fail),
      async () => undefined,
      fail,
    ),
  };
}

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

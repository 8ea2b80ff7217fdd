import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/app/load-config.js";
import { pipelineSettings } from "../src/app/pipeline-settings-from-config.js";
import type { TicketAction, TransitionResult } from "../src/core/lifecycle.js";
import type { TransitionExpectation } from "../src/ports/ticket-store.js";
import type { Ticket } from "../src/core/ticket.js";
import type { FlattenedTweet } from "../src/core/tweet.js";
import { MemoryIncidentIndex } from "../src/ports/incident-index.js";
import { MemoryTicketStore } from "../src/ports/memory-ticket-store.js";
import { handleTweet, type HandleTweetDeps } from "../src/tickets/handle-tweet.js";
import { triage } from "../src/triage/triage.js";

const config = await loadConfig("config", new Date("2026-11-28T03:00:00Z"));

/**
 * A store that, the moment a ticket becomes `dispatched`, lets a second worker handle another
 * tweet: the instant a staff member, a test or a second channel can first see the incident.
 */
class StoreWithSecondWorker extends MemoryTicketStore {
  onFirstDispatch: ((t: Ticket) => Promise<void>) | undefined;

  override async transition(
    id: string,
    action: TicketAction,
    at: string,
    actor: string,
    expect?: TransitionExpectation,
  ): Promise<TransitionResult> {
    const result = await super.transition(id, action, at, actor, expect);
    const run = this.onFirstDispatch;
    if (result.ticket.status === "dispatched" && run) {
      this.onFirstDispatch = undefined;
      await run(result.ticket);
    }
    return result;
  }
}

function tweet(id: string, text: string, minute: number): FlattenedTweet {
  return {
    id,
    author_id: `a${id}`,
    author_username: `warga_${id}`,
    text,
    created_at: `2026-11-28T07:0${minute}:00.000Z`,
    url: `https://x.com/warga_${id}/status/${id}`,
    mentions_us: true,
    is_retweet: false,
  };
}

describe("a repeat report handled the moment the first one shows as dispatched", () => {
  it("joins that incident: one card, not two", async () => {
    const store = new StoreWithSecondWorker();
    const cards: string[] = [];
    const deps: HandleTweetDeps = {
      triage: (input) => triage(config.triage, input),
      store,
      incidents: new MemoryIncidentIndex(),
      settings: pipelineSettings(config, {}),
      enqueueCard: async (id) => void cards.push(id),
      enqueueReply: async () => undefined,
      enqueueSync: async () => undefined,
      now: () => Date.parse("2026-11-28T07:10:00Z"),
      feedbackWindowDays: 7,
      feedbackLexicon: config.feedback,
    };
    let second: Ticket | undefined;
    store.onFirstDispatch = async () => {
      second = (
        await handleTweet(
          deps,
          tweet("1900000000000000002", "banjir lagi di jl braga, saluran air mampet", 2),
        )
      ).ticket;
    };

    const first = (
      await handleTweet(deps, tweet("1900000000000000001", "Saluran air mampet, banjir di Jl. Braga", 1))
    ).ticket;

    expect(first.status).toBe("dispatched");
    expect(second?.status).toBe("merged");
    expect(second?.history.findLast((e) => e.type === "merged")?.to).toBe(first.id);
    expect(cards).toEqual([first.id]);
  });
});

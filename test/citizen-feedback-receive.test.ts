import { describe, expect, it } from "vitest";
import type { FeedbackTweet } from "../src/core/citizen-feedback.js";
import { receiveFeedback, type ReceiveFeedbackDeps } from "../src/tickets/receive-feedback.js";
import { MemoryTicketStore } from "../src/ports/memory-ticket-store.js";
import { loadFeedbackLexicon } from "../src/config/feedback-lexicon.js";
import { sampleTweet, sampleVerdict } from "./support/sample-ticket.js";

const lexicon = await loadFeedbackLexicon("config/feedback.yaml");

const OUR_REPLY = "1871000000000000500";
const T0 = Date.parse("2026-11-20T02:00:00.000Z");
const iso = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

/** A ticket resolved by staff, with our "resolved" reply recorded; the clock stands at +1 day. */
async function resolvedTicket() {
  const store = new MemoryTicketStore();
  const { ticket } = await store.createFromTweet(sampleTweet(), sampleVerdict(), iso(0));
  await store.transition(ticket.id, { type: "dispatch", agency: "dsdabm" }, iso(1), "system");
  await store.transition(ticket.id, { type: "resolve", note: "sudah ditambal" }, iso(60), "tg:61002");
  await store.recordReply(ticket.id, "resolved", OUR_REPLY, iso(61));
  const cards: Array<[string, number]> = [];
  const deps: ReceiveFeedbackDeps = {
    store,
    enqueueCard: async (id, round) => {
      cards.push([id, round]);
    },
    windowDays: 7,
    lexicon,
    now: () => T0 + 86_400_000,
  };
  return { store, deps, cards, id: ticket.id };
}

const answer = (text: string, id = "1871000000000000777"): FeedbackTweet => ({
  id,
  author_id: "90001",
  text,
  created_at: iso(24 * 60),
  in_reply_to_tweet_id: OUR_REPLY,
});

describe("receiving a citizen's answer to our 'resolved' reply", () => {
  it("reopens once and asks for the second card round, even when the job runs twice", async () => {
    const { store, deps, cards, id } = await resolvedTicket();
    const tweet = answer("@PemkotBandung belum diperbaiki, masih bolong");

    const first = await receiveFeedback(deps, tweet);
    const again = await receiveFeedback(deps, tweet);

    expect(first?.route).toEqual({ kind: "feedback", outcome: "reopened" });
    expect(again?.route).toEqual({ kind: "feedback", outcome: "reopened" });
    const ticket = await store.get(id);
    expect(ticket?.status).toBe("dispatched");
    expect(ticket?.history.filter((e) => e.type === "reopened")).toHaveLength(1);
    expect(ticket?.history.filter((e) => e.type === "feedback")).toHaveLength(1);
    expect(cards).toEqual([
      [id, 2],
      [id, 2],
    ]);
  });

  it("records a second 'not fixed' answer without reopening twice or sending another card", async () => {
    const { store, deps, cards, id } = await resolvedTicket();
    await receiveFeedback(deps, answer("@PemkotBandung masih bolong", "1871000000000000778"));
    const second = await receiveFeedback(deps, answer("@PemkotBandung iya bohong", "1871000000000000779"));

    expect(second?.route).toEqual({ kind: "feedback", outcome: "not_fixed" });
    const ticket = await store.get(id);
    expect(ticket?.history.filter((e) => e.type === "reopened")).toHaveLength(1);
    expect(ticket?.history.filter((e) => e.type === "feedback").map((e) => e.note)).toEqual([
      "masih bolong",
      "iya bohong",
    ]);
    expect(cards).toHaveLength(1);
  });

  it("leaves a tweet that answers no reply of ours to triage", async () => {
    const { deps } = await resolvedTicket();
    const stranger = { ...answer("@PemkotBandung belum"), in_reply_to_tweet_id: "1871000000000000001" };
    expect(await receiveFeedback(deps, stranger)).toBeNull();
  });
});

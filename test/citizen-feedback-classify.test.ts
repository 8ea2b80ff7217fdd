import { describe, expect, it } from "vitest";
import { classifyFeedback, decideFeedback, type FeedbackTweet } from "../src/core/citizen-feedback.js";
import type { Ticket } from "../src/core/ticket.js";
import { loadFeedbackLexicon } from "../src/config/feedback-lexicon.js";
import { sampleTicket } from "./support/sample-ticket.js";

/** The shipped words (`config/feedback.yaml`). */
const lexicon = await loadFeedbackLexicon("config/feedback.yaml");

describe("what a citizen's answer to 'resolved' says", () => {
  it.each([
    "@PemkotBandung belum diperbaiki, masih bolong",
    "@PemkotBandung blm ada perbaikan sama sekali min",
    "@PemkotBandung masih mati lampunya tadi malem",
    "@PemkotBandung msh numpuk sampahnya di TPS Tamansari",
    "@PemkotBandung tidak benar, saya lewat tadi pagi",
    "@PemkotBandung bohong, ga ada yg dateng",
    "@PemkotBandung boong bgt ini mah",
    "@PemkotBandung bo'ong, jalannya sama aja",
    "@PemkotBandung gak ada perbaikan apa2",
    "@PemkotBandung gaada perbaikan pak, cek lagi deh",
    "@PemkotBandung selokannya mampet lagi, baru 2 hari",
    "@PemkotBandung makasih min tapi masih bocor pipanya",
    "@PemkotBandung belummmm",
    "@PemkotBandung hoax, lubangnya makin parah",
    "@PemkotBandung pencitraan doang, fotonya jalan lain",
  ])("%s → not fixed", (text) => {
    expect(classifyFeedback(lexicon, text).kind).toBe("not_fixed");
  });

  it.each([
    "@PemkotBandung terima kasih, mantap",
    "@PemkotBandung makasih pak, sudah mulus lagi jalannya",
    "@PemkotBandung mantul min gercep",
    "@PemkotBandung hatur nuhun pisan",
    "@PemkotBandung nuhun kang",
    "@PemkotBandung trims, lampunya sudah nyala",
    "@PemkotBandung alhamdulillah sudah beres 🙏",
    "@PemkotBandung terimakasih, belum pernah secepat ini",
    "@PemkotBandung thx min, keren",
    "@PemkotBandung mantaaap",
  ])("%s → thanks", (text) => {
    expect(classifyFeedback(lexicon, text).kind).toBe("thanks");
  });

  it.each([
    "@PemkotBandung oke",
    "@PemkotBandung sekalian pak, lampu jalan di Jl. Riau juga mati",
    "@PemkotBandung kapan ada pengaspalan di Cigondewah?",
    "@PemkotBandung tolong cepat diperbaiki juga trotoarnya",
  ])("%s → other (triaged like any tweet)", (text) => {
    expect(classifyFeedback(lexicon, text).kind).toBe("other");
  });

  it("takes a photo without thanks as 'not fixed', and a photo with thanks as thanks", () => {
    expect(classifyFeedback(lexicon, "@PemkotBandung https://t.co/AbC123xyz", { hasPhoto: true })).toEqual({
      kind: "not_fixed",
      cues: ["foto"],
    });
    expect(classifyFeedback(lexicon, "@PemkotBandung makasih, ini fotonya", { hasPhoto: true }).kind).toBe(
      "thanks",
    );
  });

  it("names the cues it found", () => {
    expect(classifyFeedback(lexicon, "@PemkotBandung blm diperbaiki, msh bolong").cues).toEqual([
      "belum",
      "masih",
    ]);
  });
});

describe("whether an answer reopens the ticket", () => {
  const OUR_REPLY = "1870000000000000900";
  const resolvedAt = "2026-11-20T03:00:00.000Z";
  const resolved: Ticket = sampleTicket({
    status: "resolved",
    replies: { received: "1870000000000000800", resolved: OUR_REPLY },
    history: [
      { at: "2026-11-19T03:00:00.000Z", type: "created", actor: "system" },
      {
        at: "2026-11-19T03:00:05.000Z",
        type: "replied",
        actor: "system",
        to: "received",
        note: "1870000000000000800",
      },
      {
        at: "2026-11-20T02:59:00.000Z",
        type: "resolved",
        actor: "tg:61002",
        from: "claimed",
        to: "resolved",
      },
      { at: resolvedAt, type: "replied", actor: "system", to: "resolved", note: OUR_REPLY },
    ],
  });
  const answer = (overrides: Partial<FeedbackTweet>): FeedbackTweet => ({
    id: "1870000000000000999",
    author_id: "90001",
    text: "@PemkotBandung belum diperbaiki, masih bolong https://t.co/xyz",
    created_at: "2026-11-21T03:00:00.000Z",
    in_reply_to_tweet_id: OUR_REPLY,
    ...overrides,
  });

  function withoutReplyRef(tweet: FeedbackTweet): FeedbackTweet {
    const { in_reply_to_tweet_id: _gone, ...rest } = tweet;
    return rest;
  }

  it("reopens a resolved ticket with the citizen's words, without mentions and links", () => {
    expect(decideFeedback(resolved, answer({}), 7, lexicon)).toMatchObject({
      action: "reopen",
      reason: "belum diperbaiki, masih bolong",
    });
  });

  it("records thanks as satisfaction", () => {
    expect(
      decideFeedback(resolved, answer({ text: "@PemkotBandung terima kasih, mantap" }), 7, lexicon),
    ).toMatchObject({
      action: "record",
      kind: "thanks",
      note: "terima kasih, mantap",
    });
  });

  it.each([
    ["after the window", answer({ created_at: "2026-11-27T03:00:01.000Z" })],
    ["to our 'received' reply", answer({ in_reply_to_tweet_id: "1870000000000000800" })],
    ["without a reply reference", withoutReplyRef(answer({}))],
    ["about something else", answer({ text: "@PemkotBandung sekalian, trotoar Jl. Riau juga rusak" })],
  ])("triages an answer sent %s like any tweet", (_case, tweet) => {
    expect(decideFeedback(resolved, tweet, 7, lexicon)).toEqual({ action: "triage" });
  });

  it("counts the window from our reply: the last minute of day 7 still reopens", () => {
    const tweet = answer({ created_at: "2026-11-27T03:00:00.000Z" });
    expect(decideFeedback(resolved, tweet, 7, lexicon).action).toBe("reopen");
  });

  it("only records 'not fixed' when the ticket was already reopened", () => {
    const reopened: Ticket = { ...resolved, status: "dispatched" };
    expect(decideFeedback(reopened, answer({}), 7, lexicon)).toMatchObject({
      action: "record",
      kind: "not_fixed",
    });
  });
});

import twitterText from "twitter-text";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPipeline, type PipelineHarness } from "./support/pipeline-harness.js";
import { waitFor } from "./support/eventually.js";

let h: PipelineHarness;
beforeAll(async () => {
  h = await startPipeline({ roles: ["ingest", "workers", "bot"], replyLeaseMs: 1_000 });
});
afterAll(async () => {
  await h?.close();
});

const BIDI = /[\u202A-\u202E\u2066-\u2069]/;
const EMOJI_20KB = "🕳️🚧🛵".repeat(Math.ceil(20_000 / Buffer.byteLength("🕳️🚧🛵")));

function chatOf(agency: string | null): number {
  const id = h.world.chatIds[agency ?? ""];
  if (id === undefined) throw new Error(`no group for ${agency}`);
  return id;
}

describe("text that looks like markup, templates or tricks stays text", () => {
  it("a tweet full of HTML, template markers, RTL, zero-width characters and 20 KB of emoji becomes a card and a reply as typed", async () => {
    const hostile =
      "@PemkotBandung <b>jalan</b> rusak </pre> parah & berlubang <a href='x'>klik</a> {ticket} {agency} " +
      "di jl. sukajadi \u202Edilbuat\u202C ma\u200Bcet \u2067שלום\u2069 &amp; tolong " +
      EMOJI_20KB;
    expect(Buffer.byteLength(hostile)).toBeGreaterThan(20_000);
    const tweet = h.world.x.addTweet({ text: hostile, author: { username: "warga_iseng" } });

    await h.aduan.pollNow();
    const ticket = await waitFor(() => h.aduan.store.getByTweetId(tweet.id), "the ticket", 20_000);
    // X serves `&`, `<`, `>` escaped; the ticket keeps what the citizen typed, `&amp;` included.
    expect(ticket.tweet.text).toBe(hostile);
    const chatId = chatOf(ticket.agency);
    // The simulator answers 400 to HTML Telegram would refuse: a card that arrived was well formed.
    const card = await waitFor(
      () => h.world.telegram.messages(chatId).find((m) => (m.text ?? "").includes(ticket.id)),
      "the card",
      20_000,
    );
    const text = card.text ?? "";
    expect(text).toContain(
      "<b>jalan</b> rusak </pre> parah & berlubang <a href='x'>klik</a> {ticket} {agency}",
    );
    expect(text).toContain("&amp; tolong");
    // An RTL override in a tweet must not flip the rest of the card.
    expect(text).not.toMatch(BIDI);
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(card.buttons.flat().map((b) => b.text)).toContain("Ambil");

    const reply = await waitFor(
      () => h.world.x.tweets({ inReplyTo: tweet.id })[0],
      "the received reply",
      20_000,
    );
    expect(twitterText.parseTweet(reply.text).valid).toBe(true);
    expect(reply.text).toContain(ticket.id);
    expect(reply.text).not.toMatch(/\{[a-z_]+\}/);
    expect(reply.text).not.toContain("<b>");
  });

  it("a staff note cannot mention third parties, inject markup or markers, or flip the text direction in the public reply", async () => {
    const tweet = h.world.x.addTweet({
      text: "@PemkotBandung sampah numpuk di TPS jl. pagarsih udh 3 hari gk diangkut, bau bgt",
      author: { username: "warga_pagarsih" },
    });
    await h.aduan.pollNow();
    const ticket = await waitFor(() => h.aduan.store.getByTweetId(tweet.id), "the ticket");
    const chatId = chatOf(ticket.agency);
    const staff = h.world.telegram.chats().find((c) => c.id === chatId)?.members[0];
    if (!staff) throw new Error("no staff");
    const card = await waitFor(
      () => h.world.telegram.messages(chatId).find((m) => (m.text ?? "").includes(ticket.id)),
      "the card",
    );
    await waitFor(() => h.world.x.tweets({ inReplyTo: tweet.id }).length === 1, "the received reply");

    await h.world.telegram.press({ chatId, messageId: card.messageId, userId: staff.id, button: "Selesai" });
    const prompt = await waitFor(
      () => h.world.telegram.messages(chatId).find((m) => m.forceReply && (m.text ?? "").includes(ticket.id)),
      "the prompt for a note",
    );
    const note =
      ".@walikota_bdg sampah sudah diangkut <b>tuntas</b> {ticket} {agency} cc @@dlh_kota ＠humas_bdg " +
      "@pak\u200Bcamat \u202Etresbalik\u202C laporan ke admin@pemkot.go.id";
    h.world.telegram.sendUserMessage({
      chatId,
      userId: staff.id,
      text: note,
      replyToMessageId: prompt.messageId,
    });

    const resolved = await waitFor(
      () => h.world.x.tweets({ inReplyTo: tweet.id }).find((t) => t.text.includes("diangkut")),
      "the resolved reply",
      20_000,
    );
    // X links a mention by twitter-text's rules: none may be left for it to find.
    expect(twitterText.extractMentions(resolved.text)).toEqual([]);
    expect(resolved.text).toContain(": walikota_bdg sampah");
    expect(resolved.text).toContain(" humas_bdg ");
    expect(resolved.text).toContain("admin@pemkot.go.id");
    expect(resolved.text).toContain("<b>tuntas</b> {ticket} {agency}");
    expect(resolved.text).toContain(ticket.id);
    expect(resolved.text).not.toMatch(BIDI);
    expect(twitterText.parseTweet(resolved.text).valid).toBe(true);
    expect(h.world.x.tweets({ inReplyTo: tweet.id })).toHaveLength(2);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPipeline, type PipelineHarness } from "./support/pipeline-harness.js";
import { waitFor } from "./support/eventually.js";

let h: PipelineHarness;
/** The X simulator's clock runs ahead by this much: a test moves it past a spent rate-limit window. */
let xClockAhead = 0;
beforeAll(async () => {
  h = await startPipeline({ replyLeaseMs: 1_000, xNow: () => Date.now() + xClockAhead });
});
afterAll(async () => {
  await h?.close();
});

const citizen = { username: "warga_bdg", name: "Warga Bandung" };

function cardsFor(chat: string, ticketId: string) {
  const chatId = h.world.chatIds[chat];
  if (chatId === undefined) throw new Error(`no chat ${chat}`);
  return h.world.telegram.messages(chatId).filter((m) => (m.text ?? "").includes(ticketId) && !m.deleted);
}

describe("a citizen's tweet through the pipeline", () => {
  it("becomes one ticket, one card in the owning agency's group and one 'received' reply", async () => {
    const tweet = h.world.x.addTweet({
      text: "@PemkotBandung jalan berlubang parah di jl. pagarsih, motor sering jatuh. tolong diperbaiki",
      author: citizen,
    });
    await h.aduan.pollNow();
    const ticket = await waitFor(() => h.aduan.store.getByTweetId(tweet.id), "the ticket");
    expect(ticket.agency).toBe("dsdabm");
    const cards = await waitFor(() => {
      const c = cardsFor("dsdabm", ticket.id);
      return c.length > 0 ? c : undefined;
    }, "the card");
    expect(cards).toHaveLength(1);
    expect(cards[0]?.buttons.flat().map((b) => b.text)).toEqual(
      expect.arrayContaining(["Ambil", "Alihkan", "Selesai", "Tolak"]),
    );
    const replies = await waitFor(() => {
      const r = h.world.x.tweets({ inReplyTo: tweet.id });
      return r.length > 0 ? r : undefined;
    }, "the reply");
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toContain(ticket.id);
    expect(replies[0]?.text).toContain("DSDABM");
  });

  it("turns the same tweet seen twice (two polls, two sources) into one ticket and one card", async () => {
    const tweet = h.world.x.addTweet({
      text: "@PemkotBandung sampah numpuk udh 3 hari di TPS pasar kosambi, bau bgt #AduanBandung",
      author: citizen,
    });
    await h.aduan.pollNow();
    await h.aduan.pollNow();
    const ticket = await waitFor(() => h.aduan.store.getByTweetId(tweet.id), "the ticket");
    await waitFor(() => cardsFor("dlh", ticket.id).length > 0, "the card");
    await waitFor(() => h.world.x.tweets({ inReplyTo: tweet.id }).length > 0, "the reply");
    const all = await h.aduan.store.listReceivedBetween("2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z");
    expect(all.filter((t) => t.tweet.id === tweet.id)).toHaveLength(1);
    expect(cardsFor("dlh", ticket.id)).toHaveLength(1);
    expect(h.world.x.tweets({ inReplyTo: tweet.id })).toHaveLength(1);
  });

  it("keeps praise out of the agencies' groups and does not reply to it", async () => {
    const tweet = h.world.x.addTweet({
      text: "@PemkotBandung terima kasih pak, taman di dago sekarang bersih dan indah",
      author: citizen,
    });
    await h.aduan.pollNow();
    // Created as `new`, then marked: wait for the ticket to settle.
    const ticket = await waitFor(async () => {
      const t = await h.aduan.store.getByTweetId(tweet.id);
      return t && t.status !== "new" ? t : undefined;
    }, "the ticket to be routed");
    expect(ticket.status).toBe("not_complaint");
    expect(h.world.x.tweets({ inReplyTo: tweet.id })).toHaveLength(0);
  });

  it("sends an out-of-jurisdiction complaint a redirect reply and no card", async () => {
    const tweet = h.world.x.addTweet({
      text: "@PemkotBandung listrik padam dari pagi di antapani, kapan nyala?",
      author: citizen,
    });
    await h.aduan.pollNow();
    const replies = await waitFor(() => {
      const r = h.world.x.tweets({ inReplyTo: tweet.id });
      return r.length > 0 ? r : undefined;
    }, "the redirect reply");
    expect(replies[0]?.text).toMatch(/PLN/);
    const ticket = await h.aduan.store.getByTweetId(tweet.id);
    expect(ticket?.status).toBe("redirected");
    expect(ticket?.telegram).toBeUndefined();
  });

  it("delays a reply through X's 429 and 503s and still posts it exactly once", async () => {
    h.world.x.addFault({ endpoint: "post", status: 503, count: 2 });
    h.world.x.addFault({ endpoint: "post", status: 429, count: 1 });
    const tweet = h.world.x.addTweet({
      text: "@PemkotBandung air pdam mati total dari kemarin di sukajadi",
      author: citizen,
    });
    await h.aduan.pollNow();
    // The injected 429 spends X's 15-minute window: let it pass on the simulator's clock.
    await waitFor(() => h.world.x.stats().faultsServed >= 3, "the three faults to be served", 40_000);
    xClockAhead += 16 * 60_000;
    const replies = await waitFor(
      () => {
        const r = h.world.x.tweets({ inReplyTo: tweet.id });
        return r.length > 0 ? r : undefined;
      },
      "the reply after the faults",
      40_000,
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(h.world.x.tweets({ inReplyTo: tweet.id })).toHaveLength(replies.length);
    expect(replies).toHaveLength(1);
  }, 60_000);

  it("delivers a card through Telegram's 429 with retry_after and a 502", async () => {
    h.world.telegram.addFault({ method: "sendMessage", status: 429, retryAfter: 1, count: 1 });
    h.world.telegram.addFault({ method: "sendMessage", status: 502, count: 1 });
    const tweet = h.world.x.addTweet({
      text: "@PemkotBandung lampu merah perempatan kiaracondong mati, macet parah",
      author: citizen,
    });
    await h.aduan.pollNow();
    const ticket = await waitFor(() => h.aduan.store.getByTweetId(tweet.id), "the ticket");
    await waitFor(() => cardsFor("dishub", ticket.id).length > 0, "the card after 429", 30_000);
    expect(cardsFor("dishub", ticket.id)).toHaveLength(1);
  }, 45_000);

  it("joins a second report of the same problem at the same place to the open ticket instead of a second card", async () => {
    const first = h.world.x.addTweet({
      text: "@PemkotBandung sampah menumpuk di TPS dekat terminal leuwipanjang, bau banget",
      author: citizen,
    });
    await h.aduan.pollNow();
    const original = await waitFor(() => h.aduan.store.getByTweetId(first.id), "the first ticket");
    await waitFor(() => cardsFor("dlh", original.id).length > 0, "the first card");
    const second = h.world.x.addTweet({
      text: "@PemkotBandung tolong itu sampah numpuk terus di terminal leuwi panjang udah 3 hari",
      author: { username: "warga_lain" },
    });
    await h.aduan.pollNow();
    const merged = await waitFor(async () => {
      const t = await h.aduan.store.getByTweetId(second.id);
      return t?.status === "merged" ? t : undefined;
    }, "the second ticket to join the first");
    const reply = await waitFor(() => h.world.x.tweets({ inReplyTo: second.id })[0], "the duplicate reply");
    expect(reply.text).toContain(original.id);
    // The only card naming the second ticket is the original's, which counts it as a similar report.
    expect(cardsFor("dlh", merged.id).filter((m) => !(m.text ?? "").includes(original.id))).toHaveLength(0);
    expect(cardsFor("dlh", original.id)).toHaveLength(1);
    await waitFor(
      () => (cardsFor("dlh", original.id)[0]?.text ?? "").includes(`Laporan serupa: 1 (${merged.id})`),
      "the original card to count the second report",
    );
  });
});

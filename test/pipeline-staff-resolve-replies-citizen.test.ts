import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPipeline, type PipelineHarness } from "./support/pipeline-harness.js";
import { waitFor } from "./support/eventually.js";

let h: PipelineHarness;
beforeAll(async () => {
  h = await startPipeline({ roles: ["ingest", "workers", "bot"] });
});
afterAll(async () => {
  await h?.close();
});

describe("staff act on a card and the citizen hears back", () => {
  it("claims, resolves with a note, and replies once to the citizen with the ticket id and the note", async () => {
    const tweet = h.world.x.addTweet({
      text: "@PemkotBandung jalan rusak parah banyak lubang di jl. sukajadi, tolong segera diperbaiki",
      author: { username: "warga_sukajadi" },
    });
    await h.aduan.pollNow();
    const ticket = await waitFor(() => h.aduan.store.getByTweetId(tweet.id), "the ticket");
    const chatId = h.world.chatIds[ticket.agency ?? ""];
    if (chatId === undefined) throw new Error(`no group for ${ticket.agency}`);
    const staff = h.world.telegram.chats().find((c) => c.id === chatId)?.members[0];
    if (!staff) throw new Error("no staff member");
    const card = await waitFor(
      () => h.world.telegram.messages(chatId).find((m) => (m.text ?? "").includes(ticket.id)),
      "the card",
    );

    const claim = await h.world.telegram.press({
      chatId,
      messageId: card.messageId,
      userId: staff.id,
      button: "Ambil",
    });
    expect(claim.answered).toBe(true);
    await waitFor(
      () =>
        (h.world.telegram.messages(chatId).find((m) => m.messageId === card.messageId)?.text ?? "").includes(
          "Ditangani oleh",
        ),
      "the card to show who handles it",
    );

    await h.world.telegram.press({ chatId, messageId: card.messageId, userId: staff.id, button: "Selesai" });
    const prompt = await waitFor(
      () => h.world.telegram.messages(chatId).find((m) => m.forceReply && (m.text ?? "").includes(ticket.id)),
      "the prompt for a note",
    );
    h.world.telegram.sendUserMessage({
      chatId,
      userId: staff.id,
      text: "Lubang sudah ditambal dan aspal dipotong rata @someone",
      replyToMessageId: prompt.messageId,
    });

    const resolvedReply = await waitFor(
      () => h.world.x.tweets({ inReplyTo: tweet.id }).find((t) => t.text.includes("dipotong")),
      "the resolved reply",
    );
    expect(resolvedReply.text).toContain(ticket.id);
    expect(resolvedReply.text).not.toContain("@someone");
    const done = await h.aduan.store.get(ticket.id);
    expect(done?.status).toBe("resolved");
    expect(done?.resolution_note).toContain("dipotong");
    expect(h.world.x.tweets({ inReplyTo: tweet.id }).filter((t) => t.text.includes("dipotong"))).toHaveLength(
      1,
    );
  });
});

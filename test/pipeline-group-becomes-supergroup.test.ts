import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "./support/eventually.js";
import { startPipeline, type PipelineHarness } from "./support/pipeline-harness.js";

let h: PipelineHarness;
beforeAll(async () => {
  h = await startPipeline({ roles: ["ingest", "workers", "bot"], basicGroups: true });
});
afterAll(async () => {
  await h?.close();
});

const citizen = { username: "warga_cicendo" };

describe("an agency group upgraded to a supergroup", () => {
  it("is followed: later cards reach the new group, and the triage group is told", async () => {
    const oldId = h.world.chatIds["dishub"];
    const triageId = h.world.chatIds["diskominfo"];
    if (oldId === undefined || triageId === undefined) throw new Error("demo groups missing");
    const { newChatId } = h.world.telegram.migrateChat(oldId);

    const tweet = h.world.x.addTweet({
      text: "@PemkotBandung lampu merah di perempatan pasteur mati dari pagi, macet parah",
      author: citizen,
    });
    await h.aduan.pollNow();
    const ticket = await waitFor(() => h.aduan.store.getByTweetId(tweet.id), "the ticket");
    expect(ticket.agency).toBe("dishub");
    const card = await waitFor(
      () => h.world.telegram.messages(newChatId).find((m) => (m.text ?? "").includes(ticket.id)),
      "the card in the new supergroup",
    );
    expect(card.buttons.flat().map((b) => b.text)).toContain("Ambil");
    await waitFor(
      () => h.world.telegram.messages(triageId).find((m) => (m.text ?? "").includes(String(newChatId))),
      "the notice to the triage group",
    );
    // The card is recorded on the ticket just after Telegram answers.
    await waitFor(
      async () => (await h.aduan.store.get(ticket.id))?.telegram?.chat_id === newChatId,
      "the ticket to record its card in the new group",
    );
  });
});

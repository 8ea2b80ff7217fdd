import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReport } from "../src/core/reports/ticket-report.js";
import { supervisionContext } from "../src/core/supervision-context.js";
import type { Ticket } from "../src/core/ticket.js";
import { shippedConfig, startPipeline, type PipelineHarness } from "./support/pipeline-harness.js";
import { waitFor } from "./support/eventually.js";

let h: PipelineHarness;
beforeAll(async () => {
  h = await startPipeline({ roles: ["ingest", "workers", "bot"] });
});
afterAll(async () => {
  await h?.close();
});

/**
 * A citizen complains, the agency's card arrives, a staff member resolves it from Telegram with
 * a note, and Aduan tells the citizen it is resolved. Returns the ticket and our "resolved" reply.
 */
async function complainAndResolve(text: string, username: string, note: string) {
  const tweet = h.world.x.addTweet({ text, author: { username } });
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
  await h.world.telegram.press({ chatId, messageId: card.messageId, userId: staff.id, button: "Selesai" });
  const prompt = await waitFor(
    () => h.world.telegram.messages(chatId).find((m) => m.forceReply && (m.text ?? "").includes(ticket.id)),
    "the prompt for a note",
  );
  h.world.telegram.sendUserMessage({
    chatId,
    userId: staff.id,
    text: note,
    replyToMessageId: prompt.messageId,
  });
  const resolved = await waitFor(async () => {
    const t = await h.aduan.store.get(ticket.id);
    return t?.replies["resolved"] ? t : undefined;
  }, "our 'resolved' reply");
  return { tweet, ticket: resolved, chatId, ourReply: resolved.replies["resolved"] as string };
}

describe("the citizen answers our 'resolved' reply", () => {
  it("reopens the ticket when the citizen says it is not fixed, with a new card marked Dibuka kembali", async () => {
    const { ticket, chatId, ourReply } = await complainAndResolve(
      "@PemkotBandung jalan rusak parah banyak lubang di jl. sukajadi, tolong segera diperbaiki",
      "warga_sukajadi",
      "Lubang sudah ditambal",
    );
    const cardsBefore = h.world.telegram.messages(chatId).filter((m) => (m.text ?? "").includes(ticket.id));

    const answer = h.world.x.addTweet({
      text: "@PemkotBandung belum diperbaiki, masih bolong",
      author: { username: "warga_sukajadi" },
      in_reply_to: ourReply,
    });
    await h.aduan.pollNow();

    const reopened = await waitFor(async () => {
      const t = await h.aduan.store.get(ticket.id);
      return t?.status === "dispatched" && t.history.some((e) => e.type === "feedback") ? t : undefined;
    }, "the ticket to be reopened and the feedback recorded");
    const reopen = reopened.history.findLast((e) => e.type === "reopened");
    expect(reopen).toMatchObject({
      from: "resolved",
      to: "dispatched",
      note: "belum diperbaiki, masih bolong",
    });
    expect(reopen?.actor).toMatch(/^x:\d+$/);
    expect(reopened.history.at(-1)).toMatchObject({
      type: "feedback",
      from: answer.id,
      to: "not_fixed",
      note: "belum diperbaiki, masih bolong",
    });

    const newCard = await waitFor(
      () =>
        h.world.telegram
          .messages(chatId)
          .find(
            (m) =>
              (m.text ?? "").includes(ticket.id) && !cardsBefore.some((b) => b.messageId === m.messageId),
          ),
      "a new card in the agency's group",
    );
    expect(newCard.text).toContain("DIBUKA KEMBALI");
    expect(newCard.text).toContain("Kata warga: belum diperbaiki, masih bolong");
    expect(newCard.buttons.flat().map((b) => b.text)).toContain("Ambil");
    expect(await h.aduan.store.getByTweetId(answer.id)).toBeNull();

    const config = await shippedConfig();
    const sup = supervisionContext(config);
    const report = buildReport([reopened], {
      from: new Date(Date.now() - 86_400_000),
      to: new Date(Date.now() + 60_000),
      now: new Date(Date.now() + 1_000),
      calendars: sup.calendars,
      targetsFor: sup.targetsFor,
    });
    expect(report.total.reopened).toBe(1);
    expect(report.total.reopen_rate).toBe(1);
  });

  it("records thanks as satisfaction and leaves the ticket resolved", async () => {
    const { ticket, chatId, ourReply } = await complainAndResolve(
      "@PemkotBandung sampah menumpuk di TPS jl. tamansari sudah seminggu, bau banget",
      "warga_tamansari",
      "Sampah sudah diangkut",
    );
    const messagesBefore = h.world.telegram.messages(chatId).length;

    const answer = h.world.x.addTweet({
      text: "@PemkotBandung terima kasih, mantap",
      author: { username: "warga_tamansari" },
      in_reply_to: ourReply,
    });
    await h.aduan.pollNow();

    const thanked = await waitFor(async () => {
      const t: Ticket | null = await h.aduan.store.get(ticket.id);
      return t?.history.some((e) => e.type === "feedback") ? t : undefined;
    }, "the feedback to be recorded");
    expect(thanked.status).toBe("resolved");
    expect(thanked.history.at(-1)).toMatchObject({
      type: "feedback",
      from: answer.id,
      to: "thanks",
      note: "terima kasih, mantap",
    });
    expect(thanked.history.some((e) => e.type === "reopened")).toBe(false);
    expect(await h.aduan.store.getByTweetId(answer.id)).toBeNull();
    expect(h.world.telegram.messages(chatId)).toHaveLength(messagesBefore);
  });
});

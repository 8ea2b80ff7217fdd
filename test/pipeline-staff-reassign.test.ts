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

function chat(agency: string): number {
  const id = h.world.chatIds[agency];
  if (id === undefined) throw new Error(`no group for ${agency}`);
  return id;
}

describe("Alihkan through the whole pipeline", () => {
  it("moves a card from the group a rule chose to the one staff chose, and the old card says where it went", async () => {
    const tweet = h.world.x.addTweet({
      text: "@PemkotBandung jalan di jl. pagarsih berlubang, padahal rambu dilarang parkir di situ juga sudah roboh",
      author: { username: "warga_pagarsih" },
    });
    await h.aduan.pollNow();
    const ticket = await waitFor(async () => {
      const t = await h.aduan.store.getByTweetId(tweet.id);
      return t?.status === "dispatched" ? t : undefined;
    }, "the dispatched ticket");
    const from = ticket.agency ?? "";
    const to = from === "dishub" ? "dsdabm" : "dishub";
    const toName = h.aduan.settings.agencies.get(to)?.short_name ?? to;
    const staff = h.world.telegram.chats().find((c) => c.id === chat(from))?.members[0];
    if (!staff) throw new Error("no staff member in the first group");
    const card = await waitFor(
      () => h.world.telegram.messages(chat(from)).find((m) => (m.text ?? "").includes(ticket.id)),
      "the first card",
    );

    await h.world.telegram.press({
      chatId: chat(from),
      messageId: card.messageId,
      userId: staff.id,
      button: "Alihkan",
    });
    const moved = await h.world.telegram.press({
      chatId: chat(from),
      messageId: card.messageId,
      userId: staff.id,
      button: toName,
    });
    expect(moved).toMatchObject({ answered: true, show_alert: false });

    const fresh = await waitFor(
      () => h.world.telegram.messages(chat(to)).find((m) => (m.text ?? "").includes(ticket.id)),
      "the new card in the new group",
    );
    expect(fresh.buttons.flat().map((b) => b.text)).toEqual(expect.arrayContaining(["Ambil", "Selesai"]));
    const old = await waitFor(() => {
      const m = h.world.telegram.messages(chat(from)).find((c) => c.messageId === card.messageId);
      return (m?.text ?? "").includes(`Dialihkan ke ${toName}`) ? m : undefined;
    }, "the old card to say where the ticket went");
    expect(old.buttons.flat()).toEqual([]);

    // The card is in the chat a moment before the worker records it on the ticket.
    const now = await waitFor(async () => {
      const t = await h.aduan.store.get(ticket.id);
      return t?.telegram?.chat_id === chat(to) ? t : undefined;
    }, "the new card recorded on the ticket");
    expect(now).toMatchObject({ status: "dispatched", agency: to });
    expect(now?.telegram).toEqual({ chat_id: chat(to), message_id: fresh.messageId });
    const reassigned = now?.history.filter((e) => e.type === "reassigned") ?? [];
    expect(reassigned).toHaveLength(1);
    expect(reassigned[0]).toMatchObject({ from, to, actor: `tg:${staff.id}` });
    // One card per group, however many jobs ran.
    expect(
      h.world.telegram.messages(chat(to)).filter((m) => (m.text ?? "").includes(ticket.id)),
    ).toHaveLength(1);
    expect(
      h.world.telegram.messages(chat(from)).filter((m) => (m.text ?? "").includes(ticket.id)),
    ).toHaveLength(1);
  });
});

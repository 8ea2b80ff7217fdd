import { describe, expect, it } from "vitest";
import { handleMessage } from "../src/staff/handle-message.js";
import { handlePress } from "../src/staff/handle-press.js";
import { ASEP, DSDABM_CHAT, SARI, staffKitForFile } from "./support/staff-bot-kit.js";

/**
 * A bot process killed between resolving a ticket and queueing its effects: its poller never
 * confirmed the update, so Telegram hands the same answer (or press) to the next process. That
 * one must finish the job (the citizen's resolved reply, the card), not refuse it as "already
 * resolved" and leave the citizen without an answer. Found by the fault suite's staff scenario.
 */
const kit = staffKitForFile();

const at = () => new Date().toISOString();

describe("a staff action redelivered after the bot died half-way", () => {
  it("the same note answering the prompt again queues the resolved reply and the card edit", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Selesai" });
    const prompt = kit.sim
      .messages(DSDABM_CHAT)
      .filter((m) => m.forceReply)
      .at(-1);
    if (!prompt) throw new Error("no prompt");
    const note = "Saluran sudah dikeruk petugas";
    // The first delivery got as far as the resolve, then the process died.
    await kit.store.transition(ticket.id, { type: "resolve", note }, at(), `tg:${ASEP.id}`, {
      agency: "dsdabm",
    });
    expect(kit.replies.filter((r) => r.ticketId === ticket.id)).toEqual([]);

    const outcome = await handleMessage(kit.app.deps, {
      chatId: DSDABM_CHAT,
      chatType: "supergroup",
      messageId: 777_001,
      user: ASEP,
      text: note,
      hasPhoto: false,
      replyToMessageId: prompt.messageId,
    });

    expect(outcome).toBe("resolved");
    expect(kit.replies.filter((r) => r.ticketId === ticket.id)).toEqual([
      { ticketId: ticket.id, kind: "resolved", round: 1 },
    ]);
    expect(kit.telegramJobs).toContainEqual({ kind: "sync", ticketId: ticket.id });
    const after = await kit.ticket(ticket.id);
    expect(after.history.filter((e) => e.type === "resolved")).toHaveLength(1);
  });

  it("a different answer, or someone else's, after the ticket was resolved is still refused", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Selesai" });
    const prompt = kit.sim
      .messages(DSDABM_CHAT)
      .filter((m) => m.forceReply)
      .at(-1);
    if (!prompt) throw new Error("no prompt");
    await kit.store.transition(ticket.id, { type: "resolve", note: "sudah" }, at(), `tg:${SARI.id}`, {
      agency: "dsdabm",
    });

    const outcome = await handleMessage(kit.app.deps, {
      chatId: DSDABM_CHAT,
      chatType: "supergroup",
      messageId: 777_002,
      user: ASEP,
      text: "sudah",
      hasPhoto: false,
      replyToMessageId: prompt.messageId,
    });

    expect(outcome).toBe("refused");
    expect(kit.replies.filter((r) => r.ticketId === ticket.id)).toEqual([]);
  });

  it("the same 'Selesai tanpa catatan' press again queues the resolved reply instead of refusing", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: SARI.id, button: "Selesai" });
    const card = kit.sim.messages(DSDABM_CHAT).find((m) => m.messageId === messageId);
    const button = card?.buttons.flat().find((b) => b.text === "Selesai tanpa catatan");
    if (!button?.callbackData) throw new Error("no 'Selesai tanpa catatan' button");
    await kit.store.transition(ticket.id, { type: "resolve" }, at(), `tg:${SARI.id}`, { agency: "dsdabm" });

    const outcome = await handlePress(kit.app.deps, {
      callbackQueryId: "replayed-press",
      chatId: DSDABM_CHAT,
      messageId,
      user: SARI,
      data: button.callbackData,
      keyboard: card?.buttons.flat().flatMap((b) => (b.callbackData ? [b.callbackData] : [])) ?? [],
    }).catch((err: unknown) => {
      // The simulator refuses an answer to a query id it never issued; the outcome is what matters.
      if (String(err).includes("query is too old")) return "done";
      throw err;
    });

    expect(outcome).toBe("done");
    expect(kit.replies.filter((r) => r.ticketId === ticket.id)).toEqual([
      { ticketId: ticket.id, kind: "resolved", round: 1 },
    ]);
  });
});

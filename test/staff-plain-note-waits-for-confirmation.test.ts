import { describe, expect, it } from "vitest";
import { redisKeys } from "../src/redis/keys.js";
import { handlePress } from "../src/staff/handle-press.js";
import { CONFIRM_NOTE_SECONDS } from "../src/staff/confirm-note.js";
import { ASEP, DSDABM_CHAT, SARI, cardIn, eventually, staffKitForFile } from "./support/staff-bot-kit.js";

/**
 * A resolution note sent as a plain message (staff forget to press "reply") is published to the
 * citizen on X only after its writer confirms it: "sebentar ya" or a word to a colleague in the
 * five minutes after "Selesai" must not resolve the ticket and go out on X.
 */
const kit = staffKitForFile({ commandsPerMinute: 100 });

const at = () => new Date().toISOString();
const live = () => kit.sim.messages(DSDABM_CHAT).filter((m) => !m.deleted);

/** A ticket whose card ASEP pressed "Selesai" on: the ForceReply prompt is out. */
async function promptedTicket() {
  const { ticket, messageId } = await kit.dispatched("dsdabm");
  await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Selesai" });
  const prompt = await eventually(() => {
    const p = live().find((m) => m.forceReply && m.text?.includes(ticket.id));
    expect(p).toBeDefined();
    return p!;
  });
  return { ticket, cardId: messageId, promptId: prompt.messageId };
}

/** ASEP writes `text` as a plain message; resolves with the bot's confirmation under it. */
async function plainNote(text: string) {
  const sent = kit.sim.sendUserMessage({ chatId: DSDABM_CHAT, userId: ASEP.id, text });
  const confirmation = await eventually(() => {
    const c = live().find((m) => m.from.isBot && m.replyToMessageId === sent.message_id);
    expect(c).toBeDefined();
    return c!;
  });
  return { sourceId: sent.message_id, confirmation };
}

const resolvedReplies = (ticketId: string) =>
  kit.replies.filter((r) => r.ticketId === ticketId && r.kind === "resolved");

describe("a note sent as a plain message waits for its writer's confirmation", () => {
  it("is shown as the citizen would get it, with Kirim and Batal, and nothing is published yet", async () => {
    const { ticket } = await promptedTicket();
    const { sourceId, confirmation } = await plainNote("Lubang sudah ditambal pagi ini.");

    expect(confirmation.text).toContain(`Pakai pesan ini sebagai catatan penyelesaian ${ticket.id}?`);
    expect(confirmation.text).toContain(
      `Warga menerima di X: "Laporan ${ticket.id} sudah ditindaklanjuti DSDABM: Lubang sudah ditambal pagi ini.`,
    );
    expect(confirmation.buttons.flat().map((b) => b.text)).toEqual(["Kirim sebagai catatan", "Batal"]);
    for (const b of confirmation.buttons.flat())
      expect(Buffer.byteLength(b.callbackData ?? "")).toBeLessThanOrEqual(64);

    expect((await kit.ticket(ticket.id)).status).not.toBe("resolved");
    expect(resolvedReplies(ticket.id)).toEqual([]);
    const ttl = await kit.redis.ttl(redisKeys(kit.prefix).pendingNote(DSDABM_CHAT, sourceId));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(CONFIRM_NOTE_SECONDS);
  });

  it("Kirim resolves once with that note, and a double tap queues one resolved reply", async () => {
    const { ticket, cardId } = await promptedTicket();
    const { confirmation } = await plainNote("Saluran sudah dikeruk.");

    const press = () =>
      kit.sim.press({
        chatId: DSDABM_CHAT,
        messageId: confirmation.messageId,
        userId: ASEP.id,
        button: "Kirim sebagai catatan",
      });
    const answers = await Promise.all([press(), press()]);

    // One press decides; the other is told the note went already.
    const texts = answers.map((a) => (a.answered ? a.text : "unanswered")).sort();
    expect(texts).toEqual([`Anda menyelesaikan ${ticket.id}.`, "Catatan ini sudah dikirim."]);
    const now = await kit.ticket(ticket.id);
    expect(now.status).toBe("resolved");
    expect(now.resolution_note).toBe("Saluran sudah dikeruk.");
    expect(now.history.filter((e) => e.type === "resolved")).toHaveLength(1);
    expect(resolvedReplies(ticket.id)).toEqual([{ ticketId: ticket.id, kind: "resolved", round: 1 }]);

    const edited = cardIn(kit.sim, DSDABM_CHAT, confirmation.messageId);
    expect(edited.text).toContain(`Terkirim: Anda menyelesaikan ${ticket.id} dengan catatan ini.`);
    expect(edited.buttons).toEqual([]);
    expect(cardIn(kit.sim, DSDABM_CHAT, cardId).text).toContain("Saluran sudah dikeruk.");
  });

  it("Kirim redelivered after the bot died between the resolve and its effects finishes the job once", async () => {
    const { ticket } = await promptedTicket();
    const { sourceId, confirmation } = await plainNote("Pohon tumbang sudah dipotong.");
    const button = confirmation.buttons.flat().find((b) => b.text === "Kirim sebagai catatan");
    // The first delivery took the decision and resolved, then the process died.
    await kit.app.deps.pendingNotes.decide(DSDABM_CHAT, sourceId, "send:dead-process-query");
    await kit.store.transition(
      ticket.id,
      { type: "resolve", note: "Pohon tumbang sudah dipotong.", by: ASEP.name },
      at(),
      `tg:${ASEP.id}`,
      { agency: "dsdabm" },
    );

    const outcome = await handlePress(kit.app.deps, {
      callbackQueryId: "dead-process-query",
      chatId: DSDABM_CHAT,
      messageId: confirmation.messageId,
      user: ASEP,
      data: button?.callbackData ?? "",
      keyboard: confirmation.buttons.flat().flatMap((b) => (b.callbackData ? [b.callbackData] : [])),
    }).catch((err: unknown) => {
      // The simulator refuses an answer to a query id it never issued; the outcome is what matters.
      if (String(err).includes("query is too old")) return "done";
      throw err;
    });

    expect(outcome).toBe("done");
    expect(resolvedReplies(ticket.id)).toEqual([{ ticketId: ticket.id, kind: "resolved", round: 1 }]);
    expect((await kit.ticket(ticket.id)).history.filter((e) => e.type === "resolved")).toHaveLength(1);
  });

  it("Batal publishes nothing, and a later reply to the prompt still resolves at once", async () => {
    const { ticket, promptId } = await promptedTicket();
    const { confirmation } = await plainNote("sebentar ya");

    const cancelled = await kit.sim.press({
      chatId: DSDABM_CHAT,
      messageId: confirmation.messageId,
      userId: ASEP.id,
      button: "Batal",
    });
    expect(cancelled).toMatchObject({ answered: true });
    const edited = cardIn(kit.sim, DSDABM_CHAT, confirmation.messageId);
    expect(edited.text).toContain("Dibatalkan: tidak ada yang dikirim.");
    expect(edited.buttons).toEqual([]);
    expect((await kit.ticket(ticket.id)).status).not.toBe("resolved");
    expect(resolvedReplies(ticket.id)).toEqual([]);

    kit.sim.sendUserMessage({
      chatId: DSDABM_CHAT,
      userId: ASEP.id,
      text: "Lampu sudah diganti.",
      replyToMessageId: promptId,
    });
    await eventually(async () => expect((await kit.ticket(ticket.id)).status).toBe("resolved"));
    expect((await kit.ticket(ticket.id)).resolution_note).toBe("Lampu sudah diganti.");
    expect(resolvedReplies(ticket.id)).toHaveLength(1);
  });

  it("a colleague pressing the buttons is refused politely, logged, and changes nothing", async () => {
    const { ticket } = await promptedTicket();
    const { confirmation } = await plainNote("ok siap");

    for (const button of ["Kirim sebagai catatan", "Batal"]) {
      const refused = await kit.sim.press({
        chatId: DSDABM_CHAT,
        messageId: confirmation.messageId,
        userId: SARI.id,
        button,
      });
      expect(refused).toMatchObject({
        answered: true,
        show_alert: true,
        text: "Pertanyaan ini untuk staf yang menekan tombolnya; jawaban Anda tidak dipakai.",
      });
    }
    expect(
      kit.logs.filter(
        (l) =>
          l.msg === "refused a note confirmation pressed by someone other than its writer" &&
          (l.obj as { user?: number }).user === SARI.id,
      ),
    ).toHaveLength(2);
    expect((await kit.ticket(ticket.id)).status).not.toBe("resolved");
    expect(resolvedReplies(ticket.id)).toEqual([]);
    // The writer can still decide.
    expect(cardIn(kit.sim, DSDABM_CHAT, confirmation.messageId).buttons).toHaveLength(2);
  });

  it("a press after the confirmation's window is refused and nothing is sent", async () => {
    const { ticket } = await promptedTicket();
    const { sourceId, confirmation } = await plainNote("Aspal sudah diperbaiki.");
    // The window runs out (Redis expires the held note).
    await kit.redis.pexpire(redisKeys(kit.prefix).pendingNote(DSDABM_CHAT, sourceId), 1);
    await new Promise((r) => setTimeout(r, 20));

    const late = await kit.sim.press({
      chatId: DSDABM_CHAT,
      messageId: confirmation.messageId,
      userId: ASEP.id,
      button: "Kirim sebagai catatan",
    });
    expect(late).toMatchObject({ answered: true, show_alert: true });
    expect(late.answered && late.text).toContain("sudah kedaluwarsa; tidak ada yang dikirim");
    expect((await kit.ticket(ticket.id)).status).not.toBe("resolved");
    expect(resolvedReplies(ticket.id)).toEqual([]);
    expect(cardIn(kit.sim, DSDABM_CHAT, confirmation.messageId).buttons).toEqual([]);
    // No stray key is left behind by the late press.
    expect(await kit.redis.exists(redisKeys(kit.prefix).pendingNote(DSDABM_CHAT, sourceId))).toBe(0);
  });

  it("a reply to the card is deliberate: it resolves at once, without a confirmation", async () => {
    const { ticket, cardId } = await promptedTicket();
    kit.sim.sendUserMessage({
      chatId: DSDABM_CHAT,
      userId: ASEP.id,
      text: "Gorong-gorong sudah dibersihkan.",
      replyToMessageId: cardId,
    });
    await eventually(async () => expect((await kit.ticket(ticket.id)).status).toBe("resolved"));
    expect(
      live().some(
        (m) =>
          m.buttons.flat().some((b) => b.text === "Kirim sebagai catatan") &&
          m.text?.includes(ticket.id) &&
          m.text.includes("Gorong"),
      ),
    ).toBe(false);
  });
});

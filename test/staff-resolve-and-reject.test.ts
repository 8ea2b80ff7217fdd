import { describe, expect, it } from "vitest";
import { handleMessage } from "../src/staff/handle-message.js";
import { ASEP, DSDABM_CHAT, SARI, cardIn, eventually, staffKitForFile } from "./support/staff-bot-kit.js";

const kit = staffKitForFile();

/** The bot's newest ForceReply prompt in a chat. */
function lastPrompt(chatId: number) {
  const prompt = kit.sim
    .messages(chatId)
    .filter((m) => m.forceReply)
    .at(-1);
  if (!prompt) throw new Error("no prompt");
  return prompt;
}

describe("Selesai", () => {
  it("asks for a note, and the note that answers it resolves the ticket and queues the citizen's reply", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Ambil" });

    const asked = await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Selesai" });

    expect(asked).toMatchObject({ answered: true, show_alert: false });
    expect(cardIn(kit.sim, DSDABM_CHAT, messageId).buttons).toEqual(["Selesai tanpa catatan", "Batal"]);
    const prompt = lastPrompt(DSDABM_CHAT);
    expect(prompt.replyToMessageId).toBe(messageId);
    expect(prompt.text).toContain(`catatan penyelesaian ${ticket.id}`);
    expect(prompt.entities).toContainEqual(expect.objectContaining({ type: "text_mention" }));

    kit.sim.sendUserMessage({
      chatId: DSDABM_CHAT,
      userId: ASEP.id,
      text: "Lubang sudah ditambal tim UPT <Jalan> & drainase dibersihkan",
      replyToMessageId: prompt.messageId,
    });

    const done = await eventually(async () => {
      const t = await kit.ticket(ticket.id);
      expect(t.status).toBe("resolved");
      return t;
    });
    expect(done.resolution_note).toBe("Lubang sudah ditambal tim UPT <Jalan> & drainase dibersihkan");
    expect(done.history.at(-1)).toMatchObject({ type: "resolved", actor: `tg:${ASEP.id}` });
    await eventually(() => {
      expect(kit.replies.filter((r) => r.ticketId === ticket.id)).toEqual([
        { ticketId: ticket.id, kind: "resolved", round: 1 },
      ]);
      const card = cardIn(kit.sim, DSDABM_CHAT, messageId);
      expect(card.text).toContain("Selesai: Lubang sudah ditambal tim UPT <Jalan> & drainase dibersihkan");
      expect(card.buttons).toEqual([]);
      expect(kit.sim.messages(DSDABM_CHAT).at(-1)?.text).toBe(`Anda menyelesaikan ${ticket.id}.`);
    });
  });

  it("Selesai tanpa catatan resolves at once with no note and queues the reply", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: SARI.id, button: "Selesai" });

    const answer = await kit.sim.press({
      chatId: DSDABM_CHAT,
      messageId,
      userId: SARI.id,
      button: "Selesai tanpa catatan",
    });

    expect(answer).toMatchObject({ answered: true, text: `Anda menyelesaikan ${ticket.id}.` });
    const now = await kit.ticket(ticket.id);
    expect(now.status).toBe("resolved");
    expect(now.resolution_note).toBeUndefined();
    expect(kit.replies).toContainEqual({ ticketId: ticket.id, kind: "resolved", round: 1 });
    expect(cardIn(kit.sim, DSDABM_CHAT, messageId).text).toContain("Selesai");
  });

  it("a note sent as a photo with a caption counts, marked as having a photo", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Selesai" });
    const prompt = lastPrompt(DSDABM_CHAT);

    // The simulator's users send text only, so the photo message goes straight to the use case.
    const outcome = await handleMessage(kit.app.deps, {
      chatId: DSDABM_CHAT,
      chatType: "supergroup",
      messageId: 9999,
      user: ASEP,
      hasPhoto: true,
      caption: "Sudah diaspal ulang",
      replyToMessageId: prompt.messageId,
    });

    expect(outcome).toBe("resolved");
    expect((await kit.ticket(ticket.id)).resolution_note).toBe("Sudah diaspal ulang (foto terlampir)");
  });

  it("an answer to the prompt after someone else resolved it is refused with the current state", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Selesai" });
    const prompt = lastPrompt(DSDABM_CHAT);
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: SARI.id, button: "Selesai tanpa catatan" });

    kit.sim.sendUserMessage({
      chatId: DSDABM_CHAT,
      userId: ASEP.id,
      text: "sudah beres",
      replyToMessageId: prompt.messageId,
    });

    await eventually(() =>
      expect(kit.sim.messages(DSDABM_CHAT).at(-1)?.text).toBe("Tidak bisa: status tiket sekarang Selesai."),
    );
    const now = await kit.ticket(ticket.id);
    expect(now.history.filter((e) => e.type === "resolved")).toHaveLength(1);
    expect(now.resolution_note).toBeUndefined();
  });
});

describe("Tolak", () => {
  it("as a duplicate asks for the original, refuses an id that does not exist, then rejects and queues the duplicate reply", async () => {
    const original = await kit.dispatched("dsdabm");
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: SARI.id, button: "Tolak" });
    expect(cardIn(kit.sim, DSDABM_CHAT, messageId).buttons).toEqual([
      "Bukan aduan",
      "Spam",
      "Duplikat",
      "Batal",
    ]);

    const asked = await kit.sim.press({
      chatId: DSDABM_CHAT,
      messageId,
      userId: SARI.id,
      button: "Duplikat",
    });
    expect(asked).toMatchObject({ answered: true, show_alert: false });
    const prompt = lastPrompt(DSDABM_CHAT);
    expect(prompt.text).toContain(`yang diduplikasi ${ticket.id}`);
    expect((await kit.ticket(ticket.id)).status).toBe("dispatched");

    kit.sim.sendUserMessage({
      chatId: DSDABM_CHAT,
      userId: SARI.id,
      text: "ADU-999999",
      replyToMessageId: prompt.messageId,
    });
    await eventually(() =>
      expect(kit.sim.messages(DSDABM_CHAT).at(-1)?.text).toBe("Tiket ADU-999999 tidak ditemukan."),
    );
    expect((await kit.ticket(ticket.id)).status).toBe("dispatched");

    kit.sim.sendUserMessage({
      chatId: DSDABM_CHAT,
      userId: SARI.id,
      text: `sama dengan ${original.ticket.id.toLowerCase()}`,
      replyToMessageId: prompt.messageId,
    });

    const rejected = await eventually(async () => {
      const t = await kit.ticket(ticket.id);
      expect(t.status).toBe("rejected");
      return t;
    });
    expect(rejected.history.at(-1)).toMatchObject({
      type: "rejected",
      note: `duplikat ${original.ticket.id}`,
    });
    await eventually(() => {
      expect(kit.replies.filter((r) => r.ticketId === ticket.id)).toEqual([
        { ticketId: ticket.id, kind: "duplicate", round: 1 },
      ]);
      expect(cardIn(kit.sim, DSDABM_CHAT, messageId).text).toContain(
        `Ditolak: Duplikat ${original.ticket.id}`,
      );
    });
  });

  it("as spam rejects at once with no reply to the citizen", async () => {
    const { ticket, messageId } = await kit.dispatched(
      "dsdabm",
      "@PemkotBandung promo pinjol cair 5 menit klik link",
    );
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Tolak" });

    const answer = await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Spam" });

    expect(answer).toMatchObject({ answered: true, text: `Anda menolak ${ticket.id}.` });
    expect((await kit.ticket(ticket.id)).history.at(-1)).toMatchObject({ type: "rejected", note: "spam" });
    expect(kit.replies.filter((r) => r.ticketId === ticket.id)).toEqual([]);
    expect(cardIn(kit.sim, DSDABM_CHAT, messageId).buttons).toEqual([]);
  });
});

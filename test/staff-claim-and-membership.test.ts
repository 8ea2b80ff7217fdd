import { describe, expect, it } from "vitest";
import { encodeCallbackData } from "../src/core/callback-data.js";
import {
  ASEP,
  BUDI,
  DISHUB_CHAT,
  DSDABM_CHAT,
  KEPALA,
  SARI,
  SECRET,
  TAMU,
  cardIn,
  pressThenLeave,
  staffKitForFile,
} from "./support/staff-bot-kit.js";

const kit = staffKitForFile({ membershipCacheSeconds: 0.4 });

describe("Ambil", () => {
  it("makes the presser the assignee and the card says Ditangani oleh <name>", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    expect(cardIn(kit.sim, DSDABM_CHAT, messageId).buttons).toContain("Ambil");

    const answer = await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Ambil" });

    expect(answer).toMatchObject({ answered: true, text: `Anda mengambil ${ticket.id}.`, show_alert: false });
    const now = await kit.ticket(ticket.id);
    expect(now.status).toBe("claimed");
    expect(now.assignee).toEqual({ id: ASEP.id, name: ASEP.name });
    expect(now.history.at(-1)).toMatchObject({ type: "claimed", actor: `tg:${ASEP.id}` });
    const card = cardIn(kit.sim, DSDABM_CHAT, messageId);
    expect(card.text).toContain("Ditangani oleh Asep Sunandar");
    expect(card.buttons).not.toContain("Ambil");
    expect(card.buttons).toEqual(expect.arrayContaining(["Selesai", "Alihkan", "Tolak"]));
  });

  it("when two members press at once, exactly one gets the ticket and the other is told who has it", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");

    const [a, s] = await Promise.all([
      kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Ambil" }),
      kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: SARI.id, button: "Ambil" }),
    ]);

    const now = await kit.ticket(ticket.id);
    const winner = now.assignee?.id === ASEP.id ? ASEP : SARI;
    const [won, lost] = winner === ASEP ? [a, s] : [s, a];
    expect(now.history.filter((e) => e.type === "claimed")).toHaveLength(1);
    expect(won).toMatchObject({ answered: true, show_alert: false, text: `Anda mengambil ${ticket.id}.` });
    expect(lost).toMatchObject({
      answered: true,
      show_alert: true,
      text: `Tiket ini sudah diambil oleh ${winner.name}.`,
    });
    expect(cardIn(kit.sim, DSDABM_CHAT, messageId).text).toContain(`Ditangani oleh ${winner.name}`);
  });
});

describe("who may act", () => {
  it("refuses someone outside the owning group with an alert, logs it, and leaves the ticket unchanged", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");

    const answer = await pressThenLeave(kit.sim, DSDABM_CHAT, messageId, TAMU, "Ambil");

    expect(answer).toMatchObject({
      answered: true,
      show_alert: true,
      text: "Maaf, hanya anggota grup dinas pemilik tiket atau supervisor yang dapat melakukan ini.",
    });
    const now = await kit.ticket(ticket.id);
    expect(now.status).toBe("dispatched");
    expect(now.history).toHaveLength(ticket.history.length);
    expect(kit.logs).toContainEqual(
      expect.objectContaining({
        level: "warn",
        obj: expect.objectContaining({ user: TAMU.id, ticket: ticket.id }),
      }),
    );
  });

  it("lets a supervisor act on any agency's card", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");

    const answer = await pressThenLeave(kit.sim, DSDABM_CHAT, messageId, KEPALA, "Ambil");

    expect(answer).toMatchObject({ answered: true, show_alert: false });
    expect((await kit.ticket(ticket.id)).assignee).toEqual({ id: KEPALA.id, name: KEPALA.name });
  });

  it("refuses a removed member once the membership cache has expired", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    const ujang = { id: 61099, name: "Ujang Kurnia" };
    kit.sim.setMember(DSDABM_CHAT, { ...ujang, status: "member" });
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ujang.id, button: "Alihkan" });

    // Removed, but the cached answer still says member: the menu closes.
    const cached = await pressThenLeave(kit.sim, DSDABM_CHAT, messageId, ujang, "Batal");
    expect(cached).toMatchObject({ answered: true, show_alert: false });

    await new Promise((resolve) => setTimeout(resolve, 500));
    const expired = await pressThenLeave(kit.sim, DSDABM_CHAT, messageId, ujang, "Ambil");
    expect(expired).toMatchObject({ answered: true, show_alert: true });
    expect(expired.answered && expired.text).toContain("hanya anggota grup");
    expect((await kit.ticket(ticket.id)).status).toBe("dispatched");
  });
});

describe("buttons that are not what they claim", () => {
  it("refuses a button whose signature was tampered with", async () => {
    const { ticket } = await kit.dispatched("dsdabm");
    const genuine = encodeCallbackData({ action: "claim", ticketId: ticket.id }, DSDABM_CHAT, SECRET);
    const forged = `${genuine.slice(0, -1)}${genuine.endsWith("A") ? "B" : "A"}`;
    const sent = await kit.app.bot.telegram.sendMessage(DSDABM_CHAT, "kartu palsu", {
      reply_markup: { inline_keyboard: [[{ text: "Ambil", callback_data: forged }]] },
    });

    const answer = await kit.sim.press({
      chatId: DSDABM_CHAT,
      messageId: sent.message_id,
      userId: ASEP.id,
      button: "Ambil",
    });

    expect(answer).toMatchObject({
      answered: true,
      show_alert: true,
      text: "Tombol ini tidak berlaku di sini.",
    });
    expect((await kit.ticket(ticket.id)).status).toBe("dispatched");
    expect(kit.logs).toContainEqual(
      expect.objectContaining({
        level: "warn",
        obj: expect.objectContaining({ user: ASEP.id, code: "bad_signature" }),
      }),
    );
  });

  it("refuses a genuine button copied into another group", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    const original = cardIn(kit.sim, DSDABM_CHAT, messageId).message.buttons.flat();
    const ambil = original.find((b) => b.text === "Ambil")?.callbackData ?? "";
    const copy = await kit.app.bot.telegram.sendMessage(DISHUB_CHAT, `salinan kartu ${ticket.id}`, {
      reply_markup: { inline_keyboard: [[{ text: "Ambil", callback_data: ambil }]] },
    });

    const answer = await kit.sim.press({
      chatId: DISHUB_CHAT,
      messageId: copy.message_id,
      userId: BUDI.id,
      button: "Ambil",
    });

    expect(answer).toMatchObject({
      answered: true,
      show_alert: true,
      text: "Tombol ini tidak berlaku di sini.",
    });
    const now = await kit.ticket(ticket.id);
    expect(now.status).toBe("dispatched");
    expect(now.assignee).toBeUndefined();
  });
});

describe("a card the ticket has left", () => {
  it("answers a press on a card whose ticket moved to another agency with where it went, and takes its buttons away", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    // Another process moved it; this card has not been edited yet.
    await kit.store.transition(
      ticket.id,
      { type: "reassign", agency: "dishub" },
      new Date().toISOString(),
      "tg:1",
    );

    const answer = await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Ambil" });

    expect(answer).toMatchObject({
      answered: true,
      show_alert: true,
      text: "Tiket ini sudah dialihkan ke Dishub.",
    });
    const card = cardIn(kit.sim, DSDABM_CHAT, messageId);
    expect(card.text).toContain("Dialihkan ke Dishub");
    expect(card.buttons).toEqual([]);
    expect((await kit.ticket(ticket.id)).status).toBe("dispatched");
  });

  it("answers a press on a card whose ticket changed status with the current state and refreshes the card", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    await kit.store.transition(
      ticket.id,
      { type: "claim", assignee: { id: SARI.id, name: SARI.name } },
      new Date().toISOString(),
      `tg:${SARI.id}`,
    );

    const answer = await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Ambil" });

    expect(answer).toMatchObject({
      answered: true,
      show_alert: true,
      text: "Tiket ini sudah diambil oleh Sari Wulandari.",
    });
    expect(cardIn(kit.sim, DSDABM_CHAT, messageId).text).toContain("Ditangani oleh Sari Wulandari");
  });
});

describe("a second copy of a card (a send that ended in doubt and was repeated)", () => {
  it("is removed when pressed, and the live card keeps working", async () => {
    const { ticket, messageId, lostMessageId } = await kit.doubtfulResend("dsdabm");
    expect(cardIn(kit.sim, DSDABM_CHAT, lostMessageId).buttons).toContain("Ambil");

    const answer = await kit.sim.press({
      chatId: DSDABM_CHAT,
      messageId: lostMessageId,
      userId: ASEP.id,
      button: "Ambil",
    });

    expect(answer).toMatchObject({ answered: true, show_alert: true });
    expect(answer.answered && answer.text).toContain("salinan ganda");
    expect(kit.sim.messages(DSDABM_CHAT).find((m) => m.messageId === lostMessageId)?.deleted).toBe(true);
    expect((await kit.ticket(ticket.id)).status).toBe("dispatched");
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Ambil" });
    expect((await kit.ticket(ticket.id)).assignee?.id).toBe(ASEP.id);
  });
});

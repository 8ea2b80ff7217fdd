import { describe, expect, it } from "vitest";
import {
  ASEP,
  BUDI,
  DISHUB_CHAT,
  DSDABM_CHAT,
  OPERATOR,
  TRIAGE_CHAT,
  cardIn,
  staffKitForFile,
} from "./support/staff-bot-kit.js";

const kit = staffKitForFile();

describe("Alihkan", () => {
  it("shows the agencies, moves the ticket, marks the old card with where it went and posts a new card there", async () => {
    const { ticket, messageId } = await kit.dispatched(
      "dsdabm",
      "@PemkotBandung lampu merah perempatan Pasteur mati dari pagi, macet parah",
    );

    const menu = await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Alihkan" });
    expect(menu).toMatchObject({ answered: true, show_alert: false });
    const withMenu = cardIn(kit.sim, DSDABM_CHAT, messageId);
    expect(withMenu.buttons).toEqual(["Dishub", "Batal"]);
    expect(withMenu.text).toContain(ticket.id);

    const moved = await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Dishub" });

    expect(moved).toMatchObject({
      answered: true,
      show_alert: false,
      text: `${ticket.id} dialihkan ke Dishub.`,
    });
    const old = cardIn(kit.sim, DSDABM_CHAT, messageId);
    expect(old.text).toContain("Dialihkan ke Dishub");
    expect(old.buttons).toEqual([]);
    const now = await kit.ticket(ticket.id);
    expect(now).toMatchObject({ status: "dispatched", agency: "dishub" });
    expect(now.history.map((e) => e.type)).toEqual(["created", "dispatched", "reassigned"]);
    expect(now.history.at(-1)).toMatchObject({ from: "dsdabm", to: "dishub", actor: `tg:${ASEP.id}` });
    const fresh = kit.sim.messages(DISHUB_CHAT).filter((m) => m.text?.includes(ticket.id));
    expect(fresh).toHaveLength(1);
    expect(fresh[0]?.buttons.flat().map((b) => b.text)).toContain("Ambil");
    expect(now.telegram).toEqual({ chat_id: DISHUB_CHAT, message_id: fresh[0]?.messageId });

    const claimed = await kit.sim.press({
      chatId: DISHUB_CHAT,
      messageId: fresh[0]?.messageId ?? 0,
      userId: BUDI.id,
      button: "Ambil",
    });
    expect(claimed).toMatchObject({ answered: true, show_alert: false });
  });

  it("Batal closes the agency menu and brings back the card's own buttons", async () => {
    const { messageId } = await kit.dispatched("dsdabm");
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Alihkan" });

    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Batal" });

    expect(cardIn(kit.sim, DSDABM_CHAT, messageId).buttons).toEqual([
      "Ambil",
      "Alihkan",
      "Selesai",
      "Tolak",
      "Jenis",
    ]);
  });

  it("a button pressed on the old card after the move is answered with where the ticket is now", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Alihkan" });
    const dishub = cardIn(kit.sim, DSDABM_CHAT, messageId).message.buttons.flat()[0]?.callbackData ?? "";
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: dishub });
    // A second tap from a phone that still shows the menu: Telegram delivers the old button's data.
    const resent = await kit.app.bot.telegram.sendMessage(DSDABM_CHAT, "menu lama", {
      reply_markup: { inline_keyboard: [[{ text: "Dishub", callback_data: dishub }]] },
    });

    const again = await kit.sim.press({
      chatId: DSDABM_CHAT,
      messageId: resent.message_id,
      userId: ASEP.id,
      button: "Dishub",
    });

    expect(again).toMatchObject({
      answered: true,
      show_alert: true,
      text: "Tiket ini sudah dialihkan ke Dishub.",
    });
    const now = await kit.ticket(ticket.id);
    expect(now.history.filter((e) => e.type === "reassigned")).toHaveLength(1);
  });
});

describe("routing by hand from the triage group", () => {
  it("one tap on a top-three button of the desk card routes the ticket to that agency's group", async () => {
    const { ticket, messageId } = await kit.untriaged({
      agency: "diskominfo",
      disposition: "desk",
      kind: "pertanyaan",
      candidates: [
        { agency: "dishub", score: 0.4 },
        { agency: "dsdabm", score: 0.3 },
        { agency: "pln", score: 0.1 },
      ],
    });
    const triageCard = cardIn(kit.sim, TRIAGE_CHAT, messageId);
    expect(triageCard.text).toContain("Perlu dipilah");
    expect(triageCard.text).toContain("Pertanyaan");
    expect(triageCard.buttons).toEqual(["→ Dishub", "→ DSDABM", "Bukan aduan", "Lainnya…"]);

    const routed = await kit.sim.press({
      chatId: TRIAGE_CHAT,
      messageId,
      userId: OPERATOR.id,
      button: "→ DSDABM",
    });

    expect(routed).toMatchObject({
      answered: true,
      show_alert: false,
      text: `${ticket.id} diteruskan ke DSDABM.`,
    });
    const after = cardIn(kit.sim, TRIAGE_CHAT, messageId);
    expect(after.text).toContain("Diteruskan ke DSDABM");
    expect(after.buttons).toEqual([]);
    const now = await kit.ticket(ticket.id);
    expect(now).toMatchObject({ status: "dispatched", agency: "dsdabm" });
    expect(now.history.at(-1)).toMatchObject({
      type: "dispatched",
      to: "dsdabm",
      actor: `tg:${OPERATOR.id}`,
    });
    const card = kit.sim.messages(DSDABM_CHAT).find((m) => m.text?.includes(ticket.id));
    expect(card?.text).toContain("Pertanyaan");
    expect(card?.buttons.flat().map((b) => b.text)).toContain("Ambil");
    expect(now.telegram?.chat_id).toBe(DSDABM_CHAT);
  });

  it("Lainnya… opens every agency and routes to one the triage did not suggest", async () => {
    const { ticket, messageId } = await kit.untriaged({ candidates: [{ agency: "dsdabm", score: 0.3 }] });
    expect(cardIn(kit.sim, TRIAGE_CHAT, messageId).buttons).toEqual(["→ DSDABM", "Bukan aduan", "Lainnya…"]);

    await kit.sim.press({ chatId: TRIAGE_CHAT, messageId, userId: OPERATOR.id, button: "Lainnya…" });
    expect(cardIn(kit.sim, TRIAGE_CHAT, messageId).buttons).toEqual(["DSDABM", "Dishub", "Tolak", "Batal"]);
    await kit.sim.press({ chatId: TRIAGE_CHAT, messageId, userId: OPERATOR.id, button: "Dishub" });

    expect(await kit.ticket(ticket.id)).toMatchObject({ status: "dispatched", agency: "dishub" });
    expect(kit.sim.messages(DISHUB_CHAT).filter((m) => m.text?.includes(ticket.id))).toHaveLength(1);
  });

  it("Batal in the full menu brings back the desk card's one-tap buttons", async () => {
    const { messageId } = await kit.untriaged();
    await kit.sim.press({ chatId: TRIAGE_CHAT, messageId, userId: OPERATOR.id, button: "Lainnya…" });

    await kit.sim.press({ chatId: TRIAGE_CHAT, messageId, userId: OPERATOR.id, button: "Batal" });

    expect(cardIn(kit.sim, TRIAGE_CHAT, messageId).buttons).toEqual([
      "→ Dishub",
      "→ DSDABM",
      "Bukan aduan",
      "Lainnya…",
    ]);
  });

  it("one tap on Bukan aduan rejects it as not a report, with no reply to the citizen", async () => {
    // A desk verdict names the command center as its agency.
    const { ticket, messageId } = await kit.untriaged({ agency: "diskominfo", disposition: "desk" });
    expect(cardIn(kit.sim, TRIAGE_CHAT, messageId).buttons).toEqual([
      "→ Dishub",
      "→ DSDABM",
      "Bukan aduan",
      "Lainnya…",
    ]);

    const rejected = await kit.sim.press({
      chatId: TRIAGE_CHAT,
      messageId,
      userId: OPERATOR.id,
      button: "Bukan aduan",
    });

    expect(rejected).toMatchObject({ answered: true, text: `Anda menolak ${ticket.id}.` });
    const now = await kit.ticket(ticket.id);
    expect(now.status).toBe("rejected");
    expect(now.history.at(-1)).toMatchObject({ type: "rejected", note: "bukan_aduan" });
    const card = cardIn(kit.sim, TRIAGE_CHAT, messageId);
    expect(card.text).toContain("Ditolak: Bukan aduan");
    expect(card.buttons).toEqual([]);
    expect(kit.replies.filter((r) => r.ticketId === ticket.id)).toEqual([]);
  });

  it("the other reject reasons stay behind Lainnya… and Tolak", async () => {
    const { ticket, messageId } = await kit.untriaged();
    await kit.sim.press({ chatId: TRIAGE_CHAT, messageId, userId: OPERATOR.id, button: "Lainnya…" });
    await kit.sim.press({ chatId: TRIAGE_CHAT, messageId, userId: OPERATOR.id, button: "Tolak" });
    expect(cardIn(kit.sim, TRIAGE_CHAT, messageId).buttons).toEqual([
      "Bukan aduan",
      "Spam",
      "Duplikat",
      "Batal",
    ]);

    await kit.sim.press({ chatId: TRIAGE_CHAT, messageId, userId: OPERATOR.id, button: "Spam" });

    expect((await kit.ticket(ticket.id)).history.at(-1)).toMatchObject({ type: "rejected", note: "spam" });
  });

  it("an abusive tweet's moderation card can still be routed to an agency, or rejected as abusive with no reply", async () => {
    const routed = await kit.untriaged({ abusive: true, agency: "dsdabm", confidence: 0.9 });
    const card = cardIn(kit.sim, TRIAGE_CHAT, routed.messageId);
    expect(card.text).toContain("Moderasi");
    expect(card.buttons).toEqual(["Tolak (kasar)", "Teruskan ke dinas"]);
    await kit.sim.press({
      chatId: TRIAGE_CHAT,
      messageId: routed.messageId,
      userId: OPERATOR.id,
      button: "Teruskan ke dinas",
    });
    expect(cardIn(kit.sim, TRIAGE_CHAT, routed.messageId).buttons).toEqual(["Dishub", "DSDABM", "Batal"]);
    await kit.sim.press({
      chatId: TRIAGE_CHAT,
      messageId: routed.messageId,
      userId: OPERATOR.id,
      button: "DSDABM",
    });
    expect(await kit.ticket(routed.ticket.id)).toMatchObject({ status: "dispatched", agency: "dsdabm" });

    const abusive = await kit.untriaged({ abusive: true });
    const answer = await kit.sim.press({
      chatId: TRIAGE_CHAT,
      messageId: abusive.messageId,
      userId: OPERATOR.id,
      button: "Tolak (kasar)",
    });
    expect(answer).toMatchObject({ answered: true, text: `Anda menolak ${abusive.ticket.id}.` });
    expect((await kit.ticket(abusive.ticket.id)).history.at(-1)).toMatchObject({
      type: "rejected",
      note: "kasar",
    });
    expect(kit.replies.filter((r) => r.ticketId === abusive.ticket.id)).toEqual([]);
  });
});

import { beforeEach, describe, expect, it } from "vitest";
import {
  cardIn,
  DISHUB_CHAT,
  DSDABM_CHAT,
  OPERATOR,
  staffKitForFile,
  TRIAGE_CHAT,
} from "./support/staff-bot-kit.js";

/**
 * A ticket whose agency's group cannot be reached (none configured, or Telegram answers 403/400
 * for it) is not a dead end: its card goes to the triage group with the agency's own buttons and a
 * first line saying why, and the desk can act on it there as the agency would, or reassign it.
 */
const kit = staffKitForFile();
beforeEach(() => {
  const dsdabm = kit.settings.agencies.get("dsdabm");
  if (dsdabm) dsdabm.chatId = DSDABM_CHAT;
});

describe("a card for an agency whose group cannot be reached", () => {
  it("goes to the triage desk when Telegram says the chat is not found, and the desk reassigns it", async () => {
    const dsdabm = kit.settings.agencies.get("dsdabm");
    if (dsdabm) dsdabm.chatId = -1003199999999; // a group Telegram does not know (deleted, or a typo)
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    expect(ticket.telegram).toEqual({ chat_id: TRIAGE_CHAT, message_id: messageId, stands_in_for: "dsdabm" });
    const card = cardIn(kit.sim, TRIAGE_CHAT, messageId);
    expect(card.text.split("\n")[0]).toBe(
      "⚠️ Grup DSDABM tidak bisa dihubungi: kartu dikirim ke meja triase",
    );
    expect(card.text).toContain(`${ticket.id} · DSDABM`);
    expect(card.buttons).toEqual(["Ambil", "Alihkan", "Selesai", "Tolak", "Jenis"]);
    expect(kit.logs.some((l) => l.msg.includes("refused the card; sending it to the triage group"))).toBe(
      true,
    );

    await kit.sim.press({ chatId: TRIAGE_CHAT, messageId, userId: OPERATOR.id, button: "Alihkan" });
    const menu = cardIn(kit.sim, TRIAGE_CHAT, messageId);
    expect(menu.buttons).toContain("Dishub");
    const done = await kit.sim.press({
      chatId: TRIAGE_CHAT,
      messageId,
      userId: OPERATOR.id,
      button: "Dishub",
    });
    expect(done).toMatchObject({ answered: true });
    const moved = await kit.ticket(ticket.id);
    expect(moved).toMatchObject({ status: "dispatched", agency: "dishub" });
    expect(moved.telegram?.chat_id).toBe(DISHUB_CHAT);
    expect(moved.telegram?.stands_in_for).toBeUndefined();
    expect(cardIn(kit.sim, DISHUB_CHAT, moved.telegram?.message_id ?? 0).buttons).toContain("Ambil");
    const left = cardIn(kit.sim, TRIAGE_CHAT, messageId);
    expect(left.buttons).toEqual([]);
    expect(left.text).toContain("Dishub");
  });

  it("goes to the triage desk when the agency has no group configured, and the desk can claim it there", async () => {
    const dsdabm = kit.settings.agencies.get("dsdabm");
    if (dsdabm) delete dsdabm.chatId;
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    expect(ticket.telegram?.stands_in_for).toBe("dsdabm");
    expect(cardIn(kit.sim, TRIAGE_CHAT, messageId).text).toMatch(/^⚠️ Grup DSDABM tidak bisa dihubungi/);
    const claimed = await kit.sim.press({
      chatId: TRIAGE_CHAT,
      messageId,
      userId: OPERATOR.id,
      button: "Ambil",
    });
    expect(claimed).toMatchObject({ answered: true });
    expect(await kit.ticket(ticket.id)).toMatchObject({ status: "claimed", assignee: { id: OPERATOR.id } });
    const card = cardIn(kit.sim, TRIAGE_CHAT, messageId);
    expect(card.text).toMatch(/^⚠️ Grup DSDABM tidak bisa dihubungi/);
    expect(card.text).toContain(OPERATOR.name);
    expect(card.buttons).toContain("Selesai");
  });

  it("stays in its own group when that group takes it", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    expect(ticket.telegram).toEqual({ chat_id: DSDABM_CHAT, message_id: messageId });
    expect(cardIn(kit.sim, DSDABM_CHAT, messageId).text).not.toContain("meja triase");
  });
});

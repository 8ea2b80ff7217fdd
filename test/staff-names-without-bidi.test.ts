import { beforeAll, expect, it } from "vitest";
import { ASEP, DSDABM_CHAT, staffKitForFile } from "./support/staff-bot-kit.js";

// Telegram lets anyone put U+202E (right-to-left override) or zero-width characters in a name:
// "Eko\u202Enimda" reads as "Ekoadmin" in a right-to-left run. Aduan shows staff names cleaned.
const EKO = { id: 61077, name: "Eko\u202Enimda\u200B" };

const kit = staffKitForFile();
beforeAll(() => {
  kit.sim.setMember(DSDABM_CHAT, { ...EKO, status: "member" });
});

it("a staff name with an RTL override reaches the prompt, the card and the history without it", async () => {
  const { ticket, messageId } = await kit.dispatched("dsdabm");
  await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: EKO.id, button: "Ambil" });
  await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: EKO.id, button: "Selesai" });

  const prompt = kit.sim
    .messages(DSDABM_CHAT)
    .filter((m) => m.forceReply)
    .at(-1);
  expect(prompt?.text).toContain("Ekonimda,");
  expect((await kit.ticket(ticket.id)).assignee).toEqual({ id: EKO.id, name: "Ekonimda" });

  const alert = await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Batal" });
  for (const text of [prompt?.text ?? "", alert.answered ? alert.text : ""]) {
    expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B]/u);
  }
  const card = kit.sim.messages(DSDABM_CHAT).find((m) => m.messageId === messageId);
  expect(card?.text).toContain("Ditangani oleh Ekonimda");
});

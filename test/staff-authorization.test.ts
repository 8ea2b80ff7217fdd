import { describe, expect, it } from "vitest";
import { renderCardIn, toGatewayKeyboard } from "../src/core/card-view.js";
import { loadFeedbackLexicon } from "../src/config/feedback-lexicon.js";
import { receiveFeedback } from "../src/tickets/receive-feedback.js";
import { effectiveStatus } from "../src/telegram/telegraf-chat-gateway.js";
import { sampleTweet, sampleVerdict } from "./support/sample-ticket.js";
import {
  ASEP,
  BUDI,
  DISHUB_CHAT,
  DSDABM_CHAT,
  SARI,
  SECRET,
  TAMU,
  cardIn,
  eventually,
  staffKitForFile,
} from "./support/staff-bot-kit.js";

const kit = staffKitForFile();

const deleted = (messageId: number) =>
  kit.sim.messages(DSDABM_CHAT).find((m) => m.messageId === messageId)?.deleted ?? false;
const dataOf = (messageId: number, label: string) =>
  cardIn(kit.sim, DSDABM_CHAT, messageId)
    .message.buttons.flat()
    .find((b) => b.text === label)?.callbackData ?? "";

describe("a button is bound to its own card", () => {
  it("a valid button of card A sent with a press on card B is refused, and neither card is touched", async () => {
    const a = await kit.dispatched("dsdabm");
    const b = await kit.dispatched("dsdabm");

    const answer = await kit.sim.press({
      chatId: DSDABM_CHAT,
      messageId: b.messageId,
      userId: ASEP.id,
      button: "Ambil",
      forgedData: dataOf(a.messageId, "Ambil"),
    });

    expect(answer).toMatchObject({
      answered: true,
      show_alert: true,
      text: "Tombol ini tidak berlaku di sini.",
    });
    expect(deleted(a.messageId)).toBe(false);
    expect(deleted(b.messageId)).toBe(false);
    expect((await kit.ticket(a.ticket.id)).status).toBe("dispatched");
    expect((await kit.ticket(b.ticket.id)).status).toBe("dispatched");
  });

  it("a stranger pressing a leftover copy of a card is refused as a non-member and deletes nothing", async () => {
    const { lostMessageId } = await kit.doubtfulResend("dsdabm");

    kit.sim.setMember(DSDABM_CHAT, { ...TAMU, status: "member" });
    const pressing = kit.sim.press({
      chatId: DSDABM_CHAT,
      messageId: lostMessageId,
      userId: TAMU.id,
      button: "Ambil",
    });
    kit.sim.setMember(DSDABM_CHAT, { ...TAMU, status: "left" });
    const answer = await pressing;

    expect(answer).toMatchObject({ answered: true, show_alert: true });
    expect(answer.answered && answer.text).toContain("hanya anggota grup");
    expect(deleted(lostMessageId)).toBe(false);
  });

  it("an older copy of a card that no send recorded as doubtful is answered but not deleted", async () => {
    const t = sampleTweet({ id: "1867000000000000001" });
    const { ticket } = await kit.store.createFromTweet(
      t,
      sampleVerdict({ id: t.id }),
      new Date().toISOString(),
    );
    const { ticket: sent } = await kit.store.transition(
      ticket.id,
      { type: "dispatch", agency: "dsdabm" },
      new Date().toISOString(),
      "system",
    );
    const card = renderCardIn({ settings: kit.settings, secret: SECRET }, sent, DSDABM_CHAT);
    const older = await kit.app.chat.sendMessage(DSDABM_CHAT, card.text, {
      keyboard: toGatewayKeyboard(card),
    });
    await kit.app.deps.effects.telegram({ kind: "card", ticketId: ticket.id, dispatch: 1 });
    const live = (await kit.ticket(ticket.id)).telegram?.message_id;
    expect(live).toBeGreaterThan(older.messageId);

    const answer = await kit.sim.press({
      chatId: DSDABM_CHAT,
      messageId: older.messageId,
      userId: ASEP.id,
      button: "Ambil",
    });

    expect(answer.answered && answer.text).toBe(
      `Kartu ini bukan kartu aktif ${ticket.id}; pakai kartu yang terbaru.`,
    );
    expect(deleted(older.messageId)).toBe(false);
  });
});

describe("membership", () => {
  it("counts a restricted user with is_member false as outside the group", async () => {
    expect(effectiveStatus({ status: "restricted", is_member: false })).toBe("left");
    expect(effectiveStatus({ status: "restricted", is_member: true })).toBe("restricted");
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    const dewi = { id: 61090, name: "Dewi Dibatasi" };

    kit.sim.setMember(DSDABM_CHAT, { ...dewi, status: "restricted" });
    const pressing = kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: dewi.id, button: "Ambil" });
    kit.sim.setMember(DSDABM_CHAT, { ...dewi, status: "restricted", isMember: false });
    const answer = await pressing;

    expect(answer.answered && answer.text).toContain("hanya anggota grup");
    expect((await kit.ticket(ticket.id)).status).toBe("dispatched");
  });

  it("drops a removed member's cached rights as soon as Telegram reports the removal (chat_member)", async () => {
    const { messageId } = await kit.dispatched("dsdabm");
    const eko = { id: 61091, name: "Eko Sementara" };
    kit.sim.setMember(DSDABM_CHAT, { ...eko, status: "member" });
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: eko.id, button: "Ambil" });
    const key = `${kit.prefix}:tg:member:${DSDABM_CHAT}:${eko.id}`;
    expect(await kit.redis.get(key)).toBe("member"); // cached for a minute

    kit.sim.setMember(DSDABM_CHAT, { ...eko, status: "kicked" });

    await eventually(async () => expect(await kit.redis.exists(key)).toBe(0));
    // The update is confirmed by the poller's next getUpdates, a moment after it was handled.
    await eventually(() => expect(kit.sim.pendingUpdates().filter((u) => "chat_member" in u)).toEqual([]));
  });
});

describe("prompts", () => {
  it("only the member who pressed Selesai can answer its prompt with the note", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Ambil" });
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Selesai" });
    const prompt = kit.sim
      .messages(DSDABM_CHAT)
      .filter((m) => m.forceReply)
      .at(-1);
    if (!prompt) throw new Error("no prompt");

    const before = kit.sim.messages(DSDABM_CHAT).length;
    kit.sim.sendUserMessage({
      chatId: DSDABM_CHAT,
      userId: SARI.id,
      text: "sudah beres kok",
      replyToMessageId: prompt.messageId,
    });
    await eventually(() =>
      expect(
        kit.sim
          .messages(DSDABM_CHAT)
          .slice(before)
          .map((m) => m.text),
      ).toContain("Pertanyaan ini untuk staf yang menekan tombolnya; jawaban Anda tidak dipakai."),
    );
    expect((await kit.ticket(ticket.id)).status).toBe("claimed");

    kit.sim.sendUserMessage({
      chatId: DSDABM_CHAT,
      userId: ASEP.id,
      text: "Lubang sudah ditambal",
      replyToMessageId: prompt.messageId,
    });
    const done = await eventually(async () => {
      const t = await kit.ticket(ticket.id);
      expect(t.status).toBe("resolved");
      return t;
    });
    expect(done.resolution_note).toBe("Lubang sudah ditambal");
    expect(done.history.at(-1)).toMatchObject({ actor: `tg:${ASEP.id}` });
  });
});

describe("reports merged into a rejected ticket", () => {
  it("come back as tickets of their own, each with its card and a received reply", async () => {
    const original = await kit.dispatched("dsdabm", "@PemkotBandung jalan rusak parah hahaha prank");
    const merged: string[] = [];
    for (const n of [1, 2]) {
      const t = sampleTweet({ id: `186800000000000000${n}`, author_id: `9100${n}` });
      const { ticket } = await kit.store.createFromTweet(
        t,
        sampleVerdict({ id: t.id, agency: "dsdabm" }),
        new Date().toISOString(),
      );
      await kit.store.transition(
        ticket.id,
        { type: "merge", into: original.ticket.id },
        new Date().toISOString(),
        "system",
      );
      await kit.store.addReporter(original.ticket.id, ticket.id);
      merged.push(ticket.id);
    }

    await kit.sim.press({
      chatId: DSDABM_CHAT,
      messageId: original.messageId,
      userId: SARI.id,
      button: "Tolak",
    });
    await kit.sim.press({
      chatId: DSDABM_CHAT,
      messageId: original.messageId,
      userId: SARI.id,
      button: "Spam",
    });

    expect((await kit.ticket(original.ticket.id)).status).toBe("rejected");
    for (const id of merged) {
      const t = await kit.ticket(id);
      expect(t.status).toBe("dispatched");
      expect(t.agency).toBe("dsdabm");
      expect(t.history.at(-1)).toMatchObject({ type: "dispatched", from: "merged", actor: `tg:${SARI.id}` });
      expect(t.telegram?.chat_id).toBe(DSDABM_CHAT);
      expect(cardIn(kit.sim, DSDABM_CHAT, t.telegram?.message_id ?? 0).buttons).toContain("Ambil");
      expect(kit.replies).toContainEqual({ ticketId: id, kind: "received", round: 1 });
    }
  });
});

describe("/pisahkan", () => {
  async function mergedInto(originalId: string, tweetId: string) {
    const t = sampleTweet({ id: tweetId, author_id: "92001" });
    const now = new Date().toISOString();
    const { ticket } = await kit.store.createFromTweet(t, sampleVerdict({ id: t.id, agency: "dsdabm" }), now);
    await kit.store.transition(ticket.id, { type: "merge", into: originalId }, now, "system");
    await kit.store.addReporter(originalId, ticket.id);
    return ticket.id;
  }
  const ask = async (chatId: number, userId: number, text: string) => {
    const sent = kit.sim.sendUserMessage({ chatId, userId, text });
    return eventually(() => {
      const reply = kit.sim.messages(chatId).find((m) => m.replyToMessageId === sent.message_id);
      expect(reply).toBeDefined();
      return reply?.text ?? "";
    });
  };

  it("splits a wrongly merged report off its incident for a member of the incident's group, once", async () => {
    const original = await kit.dispatched("dsdabm");
    const report = await mergedInto(original.ticket.id, "1868100000000000001");

    expect(await ask(DSDABM_CHAT, ASEP.id, `/pisahkan ${report}`)).toBe(
      `${report} dipisahkan dari ${original.ticket.id} dan dikirim sebagai tiket sendiri.`,
    );

    const split = await kit.ticket(report);
    expect(split.status).toBe("dispatched");
    expect(split.telegram?.chat_id).toBe(DSDABM_CHAT);
    expect((await kit.ticket(original.ticket.id)).also_reported_by ?? []).not.toContain(report);
    const cards = () =>
      kit.sim
        .messages(DSDABM_CHAT)
        .filter((m) => !m.deleted && m.buttons.flat().length > 0 && m.text?.includes(report)).length;
    expect(cards()).toBe(1);
    // A second try (or a retry after a crash) changes nothing.
    expect(await ask(DSDABM_CHAT, ASEP.id, `/pisahkan ${report}`)).toContain("tidak ditemukan");
    expect(cards()).toBe(1);
  });

  it("answers a stranger's /pisahkan like an unknown id and splits nothing", async () => {
    const original = await kit.dispatched("dsdabm");
    const report = await mergedInto(original.ticket.id, "1868100000000000002");

    const refused = await ask(DISHUB_CHAT, BUDI.id, `/pisahkan ${report}`);
    const unknown = await ask(DISHUB_CHAT, BUDI.id, "/pisahkan ADU-777777");

    expect(refused.replace(report, "ID")).toBe(unknown.replace("ADU-777777", "ID"));
    expect((await kit.ticket(report)).status).toBe("merged");
  });
});

describe("citizen feedback", () => {
  it("only the original reporter reopens a resolved ticket; another account's 'belum' is recorded on it", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: SARI.id, button: "Selesai" });
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: SARI.id, button: "Selesai tanpa catatan" });
    await kit.store.recordReply(ticket.id, "resolved", "1869000000000000500", new Date().toISOString());
    const cards: number[] = [];
    const deps = {
      store: kit.store,
      enqueueCard: async (_id: string, round: number) => void cards.push(round),
      windowDays: 7,
      lexicon: await loadFeedbackLexicon("config/feedback.yaml"),
      now: () => Date.now(),
    };
    const answer = (id: string, author: string) => ({
      id,
      author_id: author,
      text: "@PemkotBandung belum, masih bolong",
      created_at: new Date().toISOString(),
      in_reply_to_tweet_id: "1869000000000000500",
    });

    const stranger = await receiveFeedback(deps, answer("1869000000000000601", "77777"));
    expect(stranger?.route).toEqual({ kind: "feedback", outcome: "not_fixed" });
    const after = await kit.ticket(ticket.id);
    expect(after.status).toBe("resolved");
    expect(after.history.at(-1)).toMatchObject({ type: "feedback", actor: "x:77777", to: "not_fixed" });
    expect(cards).toEqual([]);

    const reporter = await receiveFeedback(deps, answer("1869000000000000602", ticket.tweet.author_id));
    expect(reporter?.route).toEqual({ kind: "feedback", outcome: "reopened" });
    expect((await kit.ticket(ticket.id)).status).toBe("dispatched");
    expect(cards).toEqual([2]);
  });
});

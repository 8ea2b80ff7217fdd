import { beforeAll, describe, expect, it } from "vitest";
import { cardRound } from "../src/core/routing.js";
import { QUEUE_LINES } from "../src/staff/handle-message.js";
import { sampleVerdict } from "./support/sample-ticket.js";
import {
  ASEP,
  BUDI,
  DISHUB_CHAT,
  DSDABM_CHAT,
  KEPALA,
  SARI,
  SUPERVISORS_CHAT,
  TRIAGE_CHAT,
  cardIn,
  eventually,
  staffKitForFile,
} from "./support/staff-bot-kit.js";

const kit = staffKitForFile({ commandsPerMinute: 100 });
beforeAll(() => {
  for (const who of [KEPALA, SARI]) kit.privateChat(who);
});

/** Sends a message as `userId` and waits for the bot's next message in that chat. */
async function ask(chatId: number, userId: number, text: string, replyToMessageId?: number): Promise<string> {
  const fromBot = () => kit.sim.messages(chatId).filter((m) => m.from.isBot && !m.deleted);
  const before = fromBot().length;
  kit.sim.sendUserMessage({ chatId, userId, text, ...(replyToMessageId ? { replyToMessageId } : {}) });
  return await eventually(() => {
    expect(fromBot().length).toBeGreaterThan(before);
    return fromBot().at(-1)?.text ?? "";
  });
}

const prompts = (chatId: number) => kit.sim.messages(chatId).filter((m) => m.forceReply && !m.deleted);

describe("closed cards say who and when", () => {
  it("a resolved card names who resolved it and when (WIB), and the note prompt goes once it is not needed", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Selesai" });
    await eventually(() => expect(prompts(DSDABM_CHAT).some((m) => m.text?.includes(ticket.id))).toBe(true));
    const answer = await kit.sim.press({
      chatId: DSDABM_CHAT,
      messageId,
      userId: ASEP.id,
      button: "Selesai tanpa catatan",
    });
    expect(answer).toMatchObject({ answered: true, text: `Anda menyelesaikan ${ticket.id}.` });
    const card = cardIn(kit.sim, DSDABM_CHAT, messageId);
    expect(card.text).toMatch(/Diselesaikan oleh Asep Sunandar, \d{1,2} \w{3} \d{4} \d{2}\.\d{2} WIB/);
    expect(prompts(DSDABM_CHAT).filter((m) => m.text?.includes(ticket.id))).toEqual([]);
  });

  it("a rejected card names who rejected it", async () => {
    const { messageId } = await kit.dispatched("dsdabm");
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: SARI.id, button: "Tolak" });
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: SARI.id, button: "Spam" });
    expect(cardIn(kit.sim, DSDABM_CHAT, messageId).text).toMatch(/Ditolak oleh Sari Wulandari, .* WIB/);
  });
});

describe("resolution notes", () => {
  it("a note sent as a plain message (not as a reply) right after Selesai is the presser's, once they confirm it", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Selesai" });
    await eventually(() => expect(prompts(DSDABM_CHAT).some((m) => m.text?.includes(ticket.id))).toBe(true));
    // Someone else's chatter is not the note.
    kit.sim.sendUserMessage({ chatId: DSDABM_CHAT, userId: SARI.id, text: "siap pak" });
    const told = await ask(DSDABM_CHAT, ASEP.id, "Lubang sudah ditambal pagi ini.");
    expect(told).toContain(`Pakai pesan ini sebagai catatan penyelesaian ${ticket.id}?`);
    expect(told).toContain(`Warga menerima di X: "Laporan ${ticket.id} sudah ditindaklanjuti DSDABM: Lubang`);
    expect((await kit.ticket(ticket.id)).status).not.toBe("resolved");
    const confirmation = kit.sim
      .messages(DSDABM_CHAT)
      .filter((m) => m.from.isBot)
      .at(-1);
    const sent = await kit.sim.press({
      chatId: DSDABM_CHAT,
      messageId: confirmation?.messageId ?? 0,
      userId: ASEP.id,
      button: "Kirim sebagai catatan",
    });
    expect(sent).toMatchObject({ answered: true, text: `Anda menyelesaikan ${ticket.id}.` });
    const now = await kit.ticket(ticket.id);
    expect(now.status).toBe("resolved");
    expect(now.resolution_note).toBe("Lubang sudah ditambal pagi ini.");
  });

  it("a note too long for X is shortened, and the staff member sees what the citizen gets", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Selesai" });
    const prompt = await eventually(() => {
      const p = prompts(DSDABM_CHAT).find((m) => m.text?.includes(ticket.id));
      expect(p).toBeDefined();
      return p;
    });
    const note = "Lubang di depan kampus sudah ditambal dan dipadatkan, marka menyusul. ".repeat(6).trim();
    const told = await ask(DSDABM_CHAT, ASEP.id, note, prompt?.messageId);
    expect(told).toContain(
      `Anda menyelesaikan ${ticket.id}. Catatannya terlalu panjang untuk X dan dipendekkan`,
    );
    expect(told).toContain(
      `warga menerima: "Laporan ${ticket.id} sudah ditindaklanjuti DSDABM: Lubang di depan kampus`,
    );
    expect(told).toContain("… Terima kasih atas laporannya.");
  });
});

describe("a reopened ticket has one live card", () => {
  it("the old card becomes one line pointing to the new DIBUKA KEMBALI card", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Selesai" });
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Selesai tanpa catatan" });
    const { ticket: reopened } = await kit.store.transition(
      ticket.id,
      { type: "reopen", reason: "belum, masih bolong" },
      new Date().toISOString(),
      "x:90001",
    );
    await kit.app.deps.effects.telegram({
      kind: "card",
      ticketId: ticket.id,
      dispatch: cardRound(reopened.history),
    });
    const now = await kit.ticket(ticket.id);
    const newCard = cardIn(kit.sim, DSDABM_CHAT, now.telegram?.message_id ?? 0);
    expect(newCard.text).toContain("DIBUKA KEMBALI");
    expect(newCard.buttons).toContain("Ambil");
    const old = cardIn(kit.sim, DSDABM_CHAT, messageId);
    expect(old.text).toBe(`🔁 ${ticket.id} dibuka kembali oleh warga: kartu aktifnya ada di bawah.`);
    expect(old.buttons).toEqual([]);
    const live = kit.sim
      .messages(DSDABM_CHAT)
      .filter((m) => !m.deleted && m.buttons.length > 0 && (m.text ?? "").includes(ticket.id));
    expect(live.map((m) => m.messageId)).toEqual([now.telegram?.message_id]);
  });
});

describe("/help per chat and person, and Telegram's menu", () => {
  it("an agency group hears about the buttons, the note and its commands with its own figures", async () => {
    const help = await ask(DSDABM_CHAT, ASEP.id, "/help");
    expect(help).toContain("Bantuan Aduan · grup DSDABM");
    expect(help).toContain("Ambil: Anda yang menangani");
    expect(help).toContain("dalam 5 menit");
    expect(help).toContain("/antrian: Tiket terbuka grup ini");
    expect(help).toContain("/statistik: Statistik aduan, mis. /statistik minggu ini (angka grup ini)");
    expect(help).not.toContain("Perlu dipilah");
  });

  it("the triage group also hears how to route a desk card", async () => {
    expect(await ask(TRIAGE_CHAT, 61004, "/help")).toContain('Kartu "Perlu dipilah"');
  });

  it("the supervisors' group lists /statistik, /terlambat and /laporan for every agency", async () => {
    const help = await ask(SUPERVISORS_CHAT, KEPALA.id, "/help");
    expect(help).toContain("Bantuan Aduan · grup supervisor");
    for (const c of ["/statistik", "/terlambat", "/laporan", "/antrian"]) expect(help).toContain(c);
    expect(help).not.toContain("(angka grup ini)");
  });

  it("a private chat lists the supervisors' commands only to a supervisor", async () => {
    const boss = await ask(KEPALA.id, KEPALA.id, "/help");
    expect(boss).toContain("Anda supervisor");
    expect(boss).toContain("/terlambat");
    const staff = await ask(SARI.id, SARI.id, "/help");
    expect(staff).toContain("/tiket");
    expect(staff).toContain("/dasbor: Tautan masuk ke dasbor web (peta, antrian, angka)");
    expect(staff).not.toContain("/terlambat");
    expect(staff).not.toContain("/antrian");
  });

  it("an unknown command gets a short hint", async () => {
    expect(await ask(DISHUB_CHAT, BUDI.id, "/selesai ADU-000001")).toBe(
      "Perintah /selesai tidak dikenal. Ketik /help untuk daftar perintah di sini.",
    );
  });

  it("sets Telegram's menu per scope: each group, private chats, and the default", async () => {
    await kit.app.setCommands();
    const tg = kit.app.bot.telegram;
    const names = async (scope?: Parameters<typeof tg.getMyCommands>[0]) =>
      (await tg.getMyCommands(scope)).map((c) => c.command);
    expect(await names({ scope: { type: "chat", chat_id: SUPERVISORS_CHAT } })).toEqual(
      expect.arrayContaining(["statistik", "terlambat", "laporan", "antrian", "help"]),
    );
    expect(await names({ scope: { type: "chat", chat_id: DSDABM_CHAT } })).toEqual(
      expect.arrayContaining(["antrian", "tiket", "help"]),
    );
    expect(await names({ scope: { type: "all_private_chats" } })).not.toContain("antrian");
    expect(await names({ scope: { type: "all_group_chats" } })).toContain("antrian");
    expect(await names()).toContain("help");
  });

  it("the simulator refuses a scope for a chat it does not know, like Telegram", async () => {
    await expect(
      kit.app.bot.telegram.setMyCommands([{ command: "help", description: "Bantuan" }], {
        scope: { type: "chat", chat_id: -1009999999999 },
      }),
    ).rejects.toThrow(/chat not found/);
  });
});

describe("/antrian", () => {
  it("says how many more there are, and the supervisors' group sees whose each ticket is", async () => {
    for (let i = 0; i < QUEUE_LINES + 3; i++) await kit.dispatched("dishub");
    const group = await ask(DISHUB_CHAT, BUDI.id, "/antrian");
    expect(group).toMatch(/…dan \d+ lagi\.$/);
    const all = await ask(SUPERVISORS_CHAT, KEPALA.id, "/antrian");
    expect(all).toMatch(/ADU-\d{6} · (Dishub|DSDABM) · /);
    expect(all).toMatch(/…dan \d+ lagi\.$/);
  });
});

describe("card wording", () => {
  it("gives every field a word label (the emoji is decoration)", async () => {
    const { messageId } = await kit.dispatched("dsdabm");
    const card = cardIn(kit.sim, DSDABM_CHAT, messageId).text;
    for (const label of ["Pelapor: ", "Lokasi: ", "Alasan: ", "Diterima: "]) expect(card).toContain(label);
  });

  it("shows matched words once each, however many rules matched them", async () => {
    const t = await kit.store.createFromTweet(
      {
        id: "1865999999999999001",
        author_id: "90001",
        author_username: "warga",
        text: "@PemkotBandung jalan berlubang di Coblong",
        created_at: new Date().toISOString(),
        url: "https://x.com/warga/status/1865999999999999001",
        mentions_us: true,
      },
      sampleVerdict({
        id: "1865999999999999001",
        location: { kecamatan: "Coblong", kelurahan: "Coblong", source: "text" },
        evidence: [
          { field: "agency", reason: "kata kunci", match: "berlubang" },
          { field: "urgency", reason: "kata kunci", match: "berlubang" },
          { field: "kind", reason: "kata kunci", match: "Berlubang" },
          { field: "agency", reason: "tempat", match: "coblong" },
        ],
      }),
      new Date().toISOString(),
    );
    await kit.store.transition(
      t.ticket.id,
      { type: "dispatch", agency: "dsdabm" },
      new Date().toISOString(),
      "system",
    );
    await kit.app.deps.effects.telegram({ kind: "card", ticketId: t.ticket.id, dispatch: 1 });
    const now = await kit.ticket(t.ticket.id);
    const card = cardIn(kit.sim, DSDABM_CHAT, now.telegram?.message_id ?? 0).text;
    expect(card).toContain("Alasan: berlubang\n");
    expect(card).toContain("Lokasi: Coblong (dari teks)");
  });
});

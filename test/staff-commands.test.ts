import { describe, expect, it } from "vitest";
import {
  ASEP,
  BUDI,
  DISHUB_CHAT,
  DSDABM_CHAT,
  KEPALA,
  OPERATOR,
  SARI,
  SUPERVISORS_CHAT,
  TRIAGE_CHAT,
  WARUNG_CHAT,
  eventually,
  startStaffKit,
  staffKitForFile,
} from "./support/staff-bot-kit.js";

const kit = staffKitForFile({ commandsPerMinute: 5 });

/** Sends a message as `userId` and waits for the bot's next message in that chat. */
async function ask(chatId: number, userId: number, text: string): Promise<string> {
  const before = kit.sim.messages(chatId).length;
  kit.sim.sendUserMessage({ chatId, userId, text });
  return await eventually(() => {
    const mine = kit.sim.messages(chatId);
    expect(mine.length).toBeGreaterThan(before);
    return mine.at(-1)?.text ?? "";
  });
}

describe("/tiket", () => {
  it("shows a member the ticket's card text, without buttons", async () => {
    const { ticket } = await kit.dispatched(
      "dsdabm",
      "@PemkotBandung trotoar Jl. Dago amblas, bahaya buat pejalan kaki",
    );

    const text = await ask(DSDABM_CHAT, ASEP.id, `/tiket ${ticket.id}`);

    expect(text).toContain(ticket.id);
    expect(text).toContain("trotoar Jl. Dago amblas");
    expect(text).toContain("Menunggu diambil");
    expect(kit.sim.messages(DSDABM_CHAT).at(-1)?.buttons).toEqual([]);
  });

  it("shows a supervisor any agency's ticket in the supervisors' group", async () => {
    const { ticket } = await kit.dispatched("dishub");
    const text = await ask(
      SUPERVISORS_CHAT,
      KEPALA.id,
      `/tiket@aduan_sim_bot ${ticket.id.replace(/^ADU-0+/, "adu-")}`,
    );
    expect(text).toContain(ticket.id);
  });

  const unavailable = (id: string) =>
    `Tiket ${id} tidak ditemukan, atau hanya dapat dilihat anggota grup pemiliknya dan supervisor.`;

  it.each([
    ["a member of another agency's group", DISHUB_CHAT, BUDI.id],
    ["the triage operator", TRIAGE_CHAT, OPERATOR.id],
  ])("refuses %s", async (_who, chatId, userId) => {
    const { ticket } = await kit.dispatched("dsdabm");
    const text = await ask(chatId, userId, `/tiket ${ticket.id}`);
    expect(text).toBe(unavailable(ticket.id));
  });

  it("answers a ticket that does not exist exactly as one the asker may not see, so ids cannot be probed", async () => {
    const { ticket } = await kit.dispatched("dsdabm");
    const missing = "ADU-888888";
    const refused = await ask(TRIAGE_CHAT, OPERATOR.id, `/tiket ${ticket.id}`);
    const unknown = await ask(TRIAGE_CHAT, OPERATOR.id, `/tiket ${missing}`);
    expect(unknown.replace(missing, "ID")).toBe(refused.replace(ticket.id, "ID"));
  });

  it.each([
    ["an unknown ticket", "/tiket ADU-888888", unavailable("ADU-888888")],
    ["no ticket id", "/tiket", "Lihat tiket, mis. /tiket ADU-000123"],
  ])("answers %s politely", async (_case, command, expected) => {
    expect(await ask(DSDABM_CHAT, SARI.id, command)).toBe(expected);
  });
});

describe("/antrian", () => {
  it("lists the group's open tickets oldest first with age, status and assignee", async () => {
    const isolated = await startStaffKit();
    try {
      const first = await isolated.dispatched("dsdabm");
      const second = await isolated.dispatched("dsdabm");
      await isolated.dispatched("dishub");
      const closed = await isolated.dispatched("dsdabm");
      await isolated.sim.press({
        chatId: DSDABM_CHAT,
        messageId: second.messageId,
        userId: SARI.id,
        button: "Ambil",
      });
      await isolated.sim.press({
        chatId: DSDABM_CHAT,
        messageId: closed.messageId,
        userId: SARI.id,
        button: "Selesai",
      });
      await isolated.sim.press({
        chatId: DSDABM_CHAT,
        messageId: closed.messageId,
        userId: SARI.id,
        button: "Selesai tanpa catatan",
      });

      const before = isolated.sim.messages(DSDABM_CHAT).length;
      isolated.sim.sendUserMessage({ chatId: DSDABM_CHAT, userId: ASEP.id, text: "/antrian" });
      const text = await eventually(() => {
        const all = isolated.sim.messages(DSDABM_CHAT);
        expect(all.length).toBeGreaterThan(before);
        return all.at(-1)?.text ?? "";
      });

      expect(text.split("\n")).toEqual([
        "2 tiket terbuka:",
        `${first.ticket.id} · 0 mnt · Menunggu diambil`,
        `${second.ticket.id} · 0 mnt · Ditangani oleh Sari Wulandari`,
      ]);
    } finally {
      await isolated.close();
    }
  });

  it("in the triage group lists the tickets waiting to be routed", async () => {
    const { ticket } = await kit.untriaged();
    const text = await ask(TRIAGE_CHAT, OPERATOR.id, "/antrian");
    expect(text).toContain(`${ticket.id} · 0 mnt · Menunggu dipilah`);
  });
});

describe("help and limits", () => {
  it("/help explains the buttons", async () => {
    expect(await ask(DISHUB_CHAT, BUDI.id, "/help")).toContain("Ambil: Anda yang menangani");
  });

  it("refuses a user who sends too many commands once, politely, then ignores them for the minute", async () => {
    const spammer = { id: 61777, name: "Rudi Cepat" };
    kit.sim.setMember(DISHUB_CHAT, { ...spammer, status: "member" });
    // The limit counts per clock minute: keep the burst inside one.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 58_000) await new Promise((resolve) => setTimeout(resolve, 60_100 - intoMinute));
    const before = kit.sim.messages(DISHUB_CHAT).length;
    for (let i = 0; i < 8; i++)
      kit.sim.sendUserMessage({ chatId: DISHUB_CHAT, userId: spammer.id, text: "/help" });

    await eventually(() => expect(kit.sim.messages(DISHUB_CHAT).length).toBe(before + 6));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const answers = kit.sim
      .messages(DISHUB_CHAT)
      .slice(before)
      .map((m) => m.text);
    expect(answers).toHaveLength(6);
    expect(answers.filter((t) => t === "Terlalu banyak perintah. Coba lagi sebentar lagi, ya.")).toHaveLength(
      1,
    );
    // Someone else in the group is not held back.
    expect(await ask(DISHUB_CHAT, BUDI.id, "/help")).toContain("Ambil: Anda yang menangani");
  });

  it("registers its commands with Telegram at start: the supervisors' own only in their group's menu", async () => {
    const commands = await kit.app.bot.telegram.getMyCommands();
    expect(commands.map((c) => c.command)).toEqual([
      "help",
      "antrian",
      "tiket",
      "pisahkan",
      "dasbor",
      "statistik",
      "terlambat",
      "laporan",
    ]);
    expect(commands.find((c) => c.command === "antrian")?.description).toBe("Tiket terbuka grup ini");
    const supervisors = await kit.app.bot.telegram.getMyCommands({
      scope: { type: "chat", chat_id: SUPERVISORS_CHAT },
    });
    expect(supervisors.map((c) => c.command)).toEqual(
      expect.arrayContaining(["macet", "digest", "statistik"]),
    );
  });
});

describe("groups the bot is added to", () => {
  it("tells the operator about a group no agency owns and leaves it", async () => {
    const before = kit.sim.messages(TRIAGE_CHAT).length;
    await kit.app.bot.handleUpdate({
      update_id: 990001,
      my_chat_member: {
        chat: { id: WARUNG_CHAT, type: "supergroup", title: "Warung Kopi RW 05" },
        from: { id: BUDI.id, is_bot: false, first_name: "Budi" },
        date: Math.floor(Date.now() / 1000),
        old_chat_member: { status: "left", user: { id: kit.sim.bot.id, is_bot: true, first_name: "Aduan" } },
        new_chat_member: {
          status: "member",
          user: { id: kit.sim.bot.id, is_bot: true, first_name: "Aduan" },
        },
      },
    });

    const notice = kit.sim.messages(TRIAGE_CHAT).slice(before);
    expect(notice.map((m) => m.text)).toEqual([
      `Bot ditambahkan ke grup yang bukan milik dinas mana pun: Warung Kopi RW 05 (${WARUNG_CHAT}). Bot sudah keluar dari grup itu.`,
    ]);
    expect(kit.logs).toContainEqual(
      expect.objectContaining({ level: "warn", obj: expect.objectContaining({ chat: WARUNG_CHAT }) }),
    );
    expect(kit.sim.chats().find((c) => c.id === WARUNG_CHAT)?.botStatus).toBe("left");
    expect(kit.logs.filter((l) => l.level === "error")).toEqual([]);
    // Out of the group for real: Telegram refuses the bot anything there now.
    await expect(kit.app.bot.telegram.sendMessage(WARUNG_CHAT, "halo")).rejects.toMatchObject({
      response: { error_code: 403 },
    });
    expect(await ask(DISHUB_CHAT, BUDI.id, "/start")).toContain("Bantuan Aduan · grup Dishub");
  });
});

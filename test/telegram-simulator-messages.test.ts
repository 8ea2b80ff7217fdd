import { Markup, type Telegraf } from "telegraf";
import { TelegramError } from "telegraf";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TelegramSimulator } from "../sim/telegram/telegram-simulator.js";
import {
  ASEP,
  DLH_CHAT,
  KEPALA,
  MANTAN,
  RINA,
  botFor,
  startDlhSimulator,
} from "./support/telegram-simulator-harness.js";

let sim: TelegramSimulator;
let bot: Telegraf;

beforeEach(async () => {
  sim = await startDlhSimulator();
  bot = botFor(sim);
});
afterEach(async () => {
  await sim.close();
});

async function telegramError(call: Promise<unknown>): Promise<TelegramError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TelegramError);
  return error as TelegramError;
}

const card =
  "<b>ADU-000123</b> · Sampah menumpuk\n<i>Jl. Pagarsih, Astanaanyar</i>\n" +
  '"sampah di TPS pagarsih udh 3 hari gk diangkut &amp; bau bgt" — <a href="https://x.com/warga/status/1">@warga</a>';

describe("sendMessage", () => {
  it("posts an HTML card and returns the Message with its parsed entities", async () => {
    const sent = await bot.telegram.sendMessage(DLH_CHAT, card, { parse_mode: "HTML" });
    expect(sent.text).toBe(
      'ADU-000123 · Sampah menumpuk\nJl. Pagarsih, Astanaanyar\n"sampah di TPS pagarsih udh 3 hari gk diangkut & bau bgt" — @warga',
    );
    expect(sent.entities).toEqual([
      { type: "bold", offset: 0, length: 10 },
      { type: "italic", offset: 29, length: 25 },
      { type: "text_link", offset: sent.text.length - 6, length: 6, url: "https://x.com/warga/status/1" },
    ]);
    expect(sent.chat).toEqual({ id: DLH_CHAT, type: "supergroup", title: "DLH Kota Bandung — Aduan" });
    expect(sim.messages(DLH_CHAT).map((m) => m.html)).toEqual([
      '<b>ADU-000123</b> · Sampah menumpuk\n<i>Jl. Pagarsih, Astanaanyar</i>\n&quot;sampah di TPS pagarsih udh 3 hari gk diangkut &amp; bau bgt&quot; — <a href="https://x.com/warga/status/1" target="_blank" rel="noopener noreferrer">@warga</a>',
    ]);
  });

  it.each([
    ["an unknown tag", "<div>Sampah</div>", 'Unsupported start tag "div" at byte offset 0'],
    ["an unclosed tag", "<b>Sampah menumpuk", `Can't find end tag corresponding to start tag "b"`],
    [
      "crossed tags",
      "<b><i>banjir</b></i>",
      'Unmatched end tag at byte offset 12, expected "</i>", found "</b>"',
    ],
    ["an unescaped less-than", "debit air < 5 cm", 'Unsupported start tag "" at byte offset 10'],
    [
      "an unescaped ampersand",
      "Jl. Asia & Afrika",
      'Unsupported HTML entity or unescaped "&" at byte offset 9; escape it as "&amp;"',
    ],
  ])("refuses HTML with %s as Telegram does", async (_name, text, detail) => {
    const error = await telegramError(bot.telegram.sendMessage(DLH_CHAT, text, { parse_mode: "HTML" }));
    expect(error.code).toBe(400);
    expect(error.description).toBe(`Bad Request: can't parse entities: ${detail}`);
    expect(sim.messages(DLH_CHAT)).toEqual([]);
  });

  it("refuses text longer than 4096 characters after entity parsing, and accepts exactly 4096", async () => {
    const error = await telegramError(bot.telegram.sendMessage(DLH_CHAT, "a".repeat(4097)));
    expect(error.description).toBe("Bad Request: message is too long");
    // Tags and entities do not count: 4096 visible characters pass even though the source is longer.
    const sent = await bot.telegram.sendMessage(DLH_CHAT, `<b>${"&amp;".repeat(4096)}</b>`, {
      parse_mode: "HTML",
    });
    expect(sent.text).toHaveLength(4096);
  });

  it("refuses callback_data over 64 bytes with BUTTON_DATA_INVALID", async () => {
    const keyboard = Markup.inlineKeyboard([Markup.button.callback("Klaim", `claim:${"x".repeat(59)}`)]);
    const error = await telegramError(bot.telegram.sendMessage(DLH_CHAT, "Kartu", keyboard));
    expect(error.description).toBe("Bad Request: BUTTON_DATA_INVALID");
    const ok = await bot.telegram.sendMessage(
      DLH_CHAT,
      "Kartu",
      Markup.inlineKeyboard([Markup.button.callback("Klaim", `claim:${"x".repeat(58)}`)]),
    );
    expect(ok.reply_markup?.inline_keyboard[0]?.[0]).toEqual({
      text: "Klaim",
      callback_data: `claim:${"x".repeat(58)}`,
    });
  });

  it("replies to a message with reply_parameters and refuses a reply to a missing message", async () => {
    const first = await bot.telegram.sendMessage(DLH_CHAT, "Kartu ADU-000124");
    const reply = await bot.telegram.sendMessage(DLH_CHAT, "Catatan: petugas sudah di lokasi", {
      reply_parameters: { message_id: first.message_id },
    });
    expect(reply.reply_to_message?.message_id).toBe(first.message_id);
    const error = await telegramError(
      bot.telegram.sendMessage(DLH_CHAT, "x", { reply_parameters: { message_id: 999 } }),
    );
    expect(error.description).toBe("Bad Request: message to be replied not found");
  });

  it("sends a force_reply prompt that the web view marks as asking for a reply", async () => {
    await bot.telegram.sendMessage(DLH_CHAT, "Tulis catatan penyelesaian untuk ADU-000125:", {
      reply_markup: { force_reply: true, input_field_placeholder: "catatan" },
    });
    expect(sim.messages(DLH_CHAT)[0]?.forceReply).toBe(true);
  });

  it("answers 400 chat not found for an unknown chat and 403 when the bot was kicked", async () => {
    const missing = await telegramError(bot.telegram.sendMessage(-100999, "halo"));
    expect([missing.code, missing.description]).toEqual([400, "Bad Request: chat not found"]);
    sim.addChat({ id: -1002200000009, title: "Grup lama", type: "supergroup", botStatus: "kicked" });
    const kicked = await telegramError(bot.telegram.sendMessage(-1002200000009, "halo"));
    expect([kicked.code, kicked.description]).toEqual([
      403,
      "Forbidden: bot was kicked from the supergroup chat",
    ]);
  });
});

describe("editing and deleting", () => {
  it("edits a card's text, and an identical edit is refused as not modified", async () => {
    const keyboard = Markup.inlineKeyboard([Markup.button.callback("Klaim", "claim:ADU-000126")]);
    const sent = await bot.telegram.sendMessage(DLH_CHAT, "<b>ADU-000126</b> baru", {
      parse_mode: "HTML",
      ...keyboard,
    });
    const edited = await bot.telegram.editMessageText(
      DLH_CHAT,
      sent.message_id,
      undefined,
      "<b>ADU-000126</b> diklaim",
      {
        parse_mode: "HTML",
        ...keyboard,
      },
    );
    expect(edited).toMatchObject({ text: "ADU-000126 diklaim", edit_date: expect.any(Number) });
    const error = await telegramError(
      bot.telegram.editMessageText(DLH_CHAT, sent.message_id, undefined, "<b>ADU-000126</b> diklaim", {
        parse_mode: "HTML",
        ...keyboard,
      }),
    );
    expect(error.description).toMatch(/^Bad Request: message is not modified: /);
  });

  it("drops the keyboard when an edit does not repeat it", async () => {
    const sent = await bot.telegram.sendMessage(
      DLH_CHAT,
      "ADU-000127",
      Markup.inlineKeyboard([[Markup.button.callback("Klaim", "c")], [Markup.button.callback("Tolak", "r")]]),
    );
    const edited = await bot.telegram.editMessageText(
      DLH_CHAT,
      sent.message_id,
      undefined,
      "ADU-000127 selesai",
    );
    expect(edited).not.toHaveProperty("reply_markup");
    expect(sim.messages(DLH_CHAT)[0]?.buttons).toEqual([]);
  });

  it("replaces and removes a keyboard with editMessageReplyMarkup, refusing a no-op", async () => {
    const sent = await bot.telegram.sendMessage(
      DLH_CHAT,
      "ADU-000128",
      Markup.inlineKeyboard([Markup.button.callback("Klaim", "c")]),
    );
    const swapped = await bot.telegram.editMessageReplyMarkup(DLH_CHAT, sent.message_id, undefined, {
      inline_keyboard: [[{ text: "Selesai", callback_data: "d" }]],
    });
    expect(sim.messages(DLH_CHAT)[0]?.buttons).toEqual([[{ text: "Selesai", callbackData: "d" }]]);
    expect(swapped).toMatchObject({
      reply_markup: { inline_keyboard: [[{ text: "Selesai", callback_data: "d" }]] },
    });
    await bot.telegram.editMessageReplyMarkup(DLH_CHAT, sent.message_id, undefined, undefined);
    expect(sim.messages(DLH_CHAT)[0]?.buttons).toEqual([]);
    const error = await telegramError(
      bot.telegram.editMessageReplyMarkup(DLH_CHAT, sent.message_id, undefined, undefined),
    );
    expect(error.description).toMatch(/^Bad Request: message is not modified/);
  });

  it("flags a deleted message and refuses to delete or edit it again", async () => {
    const sent = await bot.telegram.sendMessage(DLH_CHAT, "salah kirim");
    expect(await bot.telegram.deleteMessage(DLH_CHAT, sent.message_id)).toBe(true);
    expect(sim.messages(DLH_CHAT)[0]?.deleted).toBe(true);
    const again = await telegramError(bot.telegram.deleteMessage(DLH_CHAT, sent.message_id));
    expect(again.description).toBe("Bad Request: message to delete not found");
    const edit = await telegramError(bot.telegram.editMessageText(DLH_CHAT, sent.message_id, undefined, "x"));
    expect(edit.description).toBe("Bad Request: message to edit not found");
  });
});

describe("members, chats, media and commands", () => {
  it.each([
    [KEPALA.id, "creator"],
    [RINA.id, "administrator"],
    [ASEP.id, "member"],
    [MANTAN.id, "kicked"],
    [777000111, "left"],
  ])("getChatMember reports user %i as %s", async (userId, status) => {
    const member = await bot.telegram.getChatMember(DLH_CHAT, userId);
    expect(member.status).toBe(status);
    expect(member.user.id).toBe(userId);
  });

  it("reports the bot itself as an administrator and getChat returns the group's title", async () => {
    expect((await bot.telegram.getChatMember(DLH_CHAT, sim.bot.id)).status).toBe("administrator");
    const chat = await bot.telegram.getChat(DLH_CHAT);
    expect(chat).toMatchObject({ id: DLH_CHAT, type: "supergroup", title: "DLH Kota Bandung — Aduan" });
  });

  it("sends a location, a photo by URL and by upload, and a CSV document the test can read back", async () => {
    const location = await bot.telegram.sendLocation(DLH_CHAT, -6.9175, 107.6191);
    expect(location.location).toEqual({ latitude: -6.9175, longitude: 107.6191 });
    const byUrl = await bot.telegram.sendPhoto(DLH_CHAT, "https://pbs.example/media/banjir.jpg", {
      caption: "Foto warga",
    });
    expect(byUrl.caption).toBe("Foto warga");
    expect(byUrl.photo.length).toBeGreaterThan(0);
    const png = Buffer.from("89504e470d0a1a0a", "hex");
    const uploaded = await bot.telegram.sendPhoto(DLH_CHAT, { source: png, filename: "lokasi.png" });
    expect(sim.file(uploaded.photo.at(-1)?.file_id ?? "")?.data).toEqual(png);
    const csv = "tiket,dinas,status\nADU-000123,dlh,resolved\n";
    const doc = await bot.telegram.sendDocument(
      DLH_CHAT,
      { source: Buffer.from(csv), filename: "laporan-harian.csv" },
      { caption: "<b>Laporan harian</b>", parse_mode: "HTML" },
    );
    expect(doc.document).toMatchObject({
      file_name: "laporan-harian.csv",
      mime_type: "text/csv",
      file_size: csv.length,
    });
    expect(doc.caption_entities).toEqual([{ type: "bold", offset: 0, length: 14 }]);
    expect(sim.file(doc.document.file_id)?.data?.toString()).toBe(csv);
    const served = await fetch(`${sim.url}/_sim/files/${doc.document.file_id}`);
    expect(await served.text()).toBe(csv);
  });

  it("stores commands with setMyCommands and refuses an invalid command name", async () => {
    const commands = [
      { command: "antrean", description: "Tiket terbuka dinas ini" },
      { command: "bantuan", description: "Cara memakai bot" },
    ];
    expect(await bot.telegram.setMyCommands(commands)).toBe(true);
    expect(await bot.telegram.getMyCommands()).toEqual(commands);
    const error = await telegramError(
      bot.telegram.setMyCommands([{ command: "Antrean!", description: "x" }]),
    );
    expect(error.description).toBe("Bad Request: BOT_COMMAND_INVALID");
  });
});

describe("the Bot API's HTTP surface", () => {
  it("answers 401 Unauthorized for an unknown token and 404 Not Found for an unknown method", async () => {
    const wrong = await fetch(`${sim.url}/bot123:wrong/getMe`);
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ ok: false, error_code: 401, description: "Unauthorized" });
    const unknown = await fetch(`${sim.url}/bot${sim.token}/sendTelepathy`, { method: "POST" });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ ok: false, error_code: 404, description: "Not Found" });
  });

  it("accepts form-encoded and query-string parameters and case-insensitive method names", async () => {
    const form = await fetch(`${sim.url}/bot${sim.token}/SENDMESSAGE`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        chat_id: String(DLH_CHAT),
        text: "<b>form</b>",
        parse_mode: "HTML",
        reply_markup: JSON.stringify({ inline_keyboard: [[{ text: "OK", callback_data: "ok" }]] }),
      }),
    });
    expect(await form.json()).toMatchObject({
      ok: true,
      result: { text: "form", reply_markup: { inline_keyboard: [[{ text: "OK" }]] } },
    });
    const query = await fetch(`${sim.url}/bot${sim.token}/getChat?chat_id=${DLH_CHAT}`);
    expect(await query.json()).toMatchObject({ ok: true, result: { id: DLH_CHAT } });
  });
});

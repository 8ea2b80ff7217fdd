import Fastify, { type FastifyInstance } from "fastify";
import type { TelegramError } from "telegraf";
import { Markup } from "telegraf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TelegramSimulator } from "../sim/telegram/telegram-simulator.js";
import {
  ASEP,
  DLH_CHAT,
  KEPALA,
  MANTAN,
  RINA,
  botFor,
  eventually,
  startDlhSimulator,
} from "./support/telegram-simulator-harness.js";
import { TelegramSpecValidator } from "./support/telegram-spec-schema.js";

const spec = new TelegramSpecValidator();
const results = new Map<string, unknown[]>();
const deliveredUpdates: unknown[] = [];
let sim: TelegramSimulator;
let hook: FastifyInstance;

function record(method: string, result: unknown): void {
  results.set(method, [...(results.get(method) ?? []), result]);
}

/** Drives every served method through telegraf and keeps each raw result for the checks below. */
beforeAll(async () => {
  sim = await startDlhSimulator();
  const restricted = { id: 51005, name: "Nining Suryani", status: "restricted" as const };
  sim.setMember(DLH_CHAT, restricted);
  const group = sim.addChat({ id: -4100000088, title: "Disdukcapil", type: "group", members: [{ ...ASEP }] });
  const direct = sim.addChat({ id: ASEP.id, title: ASEP.name, type: "private" });
  const bot = botFor(sim);
  const tg = bot.telegram;

  record("getMe", await tg.getMe());
  const card = await tg.sendMessage(
    DLH_CHAT,
    '<b>ADU-000400</b> <i>Sampah</i> <u>menumpuk</u> <s>lama</s> <span class="tg-spoiler">nama</span> ' +
      '<a href="https://x.com/i/status/1">tweet</a> <code>TPS-07</code> <pre><code class="language-text">log</code></pre>' +
      "<blockquote expandable>kutipan</blockquote>",
    {
      parse_mode: "HTML",
      ...Markup.inlineKeyboard([
        [
          Markup.button.callback("Klaim", "claim:ADU-000400"),
          Markup.button.url("Tweet", "https://x.com/i/status/1"),
        ],
      ]),
    },
  );
  record("sendMessage", card);
  record(
    "sendMessage",
    await tg.sendMessage(DLH_CHAT, "Balasan", { reply_parameters: { message_id: card.message_id } }),
  );
  record("sendMessage", await tg.sendMessage(group.id, "Kartu grup biasa"));
  record("sendMessage", await tg.sendMessage(direct.id, "Pesan pribadi"));
  record("sendMessage", await tg.sendMessage(DLH_CHAT, "Catatan?", { reply_markup: { force_reply: true } }));
  record(
    "editMessageText",
    await tg.editMessageText(DLH_CHAT, card.message_id, undefined, "ADU-000400 diklaim"),
  );
  record(
    "editMessageReplyMarkup",
    await tg.editMessageReplyMarkup(DLH_CHAT, card.message_id, undefined, {
      inline_keyboard: [[{ text: "Selesai", callback_data: "done:ADU-000400" }]],
    }),
  );
  const doomed = await tg.sendMessage(DLH_CHAT, "hapus");
  record("deleteMessage", await tg.deleteMessage(DLH_CHAT, doomed.message_id));
  for (const userId of [KEPALA.id, RINA.id, ASEP.id, restricted.id, MANTAN.id, 999_000_111, sim.bot.id]) {
    record("getChatMember", await tg.getChatMember(DLH_CHAT, userId));
  }
  for (const chatId of [DLH_CHAT, group.id, direct.id]) record("getChat", await tg.getChat(chatId));
  record("sendLocation", await tg.sendLocation(DLH_CHAT, -6.9147, 107.6098, { horizontal_accuracy: 50 }));
  record(
    "sendPhoto",
    await tg.sendPhoto(DLH_CHAT, "https://pbs.example/media/jalan.jpg", {
      caption: "<b>Foto</b>",
      parse_mode: "HTML",
    }),
  );
  record("sendPhoto", await tg.sendPhoto(DLH_CHAT, { source: Buffer.from("fake-jpeg"), filename: "a.jpg" }));
  record(
    "sendDocument",
    await tg.sendDocument(DLH_CHAT, { source: Buffer.from("a,b\n"), filename: "r.csv" }),
  );
  record("setMyCommands", await tg.setMyCommands([{ command: "antrean", description: "Tiket terbuka" }]));
  record("getMyCommands", await tg.getMyCommands());

  sim.sendUserMessage({
    chatId: DLH_CHAT,
    userId: ASEP.id,
    text: "/antrean",
    replyToMessageId: card.message_id,
  });
  const press = sim.press({
    chatId: DLH_CHAT,
    messageId: card.message_id,
    userId: ASEP.id,
    button: "Selesai",
    timeoutMs: 3000,
  });
  const polled = await tg.getUpdates(0, 100, 0, []);
  record("getUpdates", polled);
  const callback = polled.find((u) => "callback_query" in u);
  record(
    "answerCallbackQuery",
    await tg.answerCbQuery(callback ? asCallback(callback).callback_query.id : "", "OK"),
  );
  sim.migrateChat(group.id);
  // The next poll's offset confirms the first batch, which is also when the press counts as handled.
  record("getUpdates", await tg.getUpdates(0, 100, (polled.at(-1)?.update_id ?? 0) + 1, []));
  await press;

  record("getWebhookInfo", await tg.getWebhookInfo());
  hook = Fastify();
  let refuseFirst = true;
  hook.post("/hook", async (request, reply) => {
    if (refuseFirst) {
      refuseFirst = false;
      return reply.code(500).send();
    }
    deliveredUpdates.push(request.body);
    return reply.send();
  });
  await hook.listen({ port: 0, host: "127.0.0.1" });
  const address = hook.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  record(
    "setWebhook",
    await tg.setWebhook(`http://127.0.0.1:${port}/hook`, {
      secret_token: "s3cret",
      drop_pending_updates: true,
    }),
  );
  sim.sendUserMessage({ chatId: DLH_CHAT, userId: RINA.id, text: "pesan lewat webhook" });
  await eventually(() => expect(sim.webhookInfo().last_error_message).toBeDefined());
  record("getWebhookInfo", await tg.getWebhookInfo());
  await eventually(() => expect(deliveredUpdates).toHaveLength(1), 5000);
  record("deleteWebhook", await tg.deleteWebhook());
});

function asCallback(update: unknown): { callback_query: { id: string } } {
  return update as { callback_query: { id: string } };
}

afterAll(async () => {
  await hook?.close();
  await sim?.close();
});

const served = [
  "getMe",
  "sendMessage",
  "editMessageText",
  "editMessageReplyMarkup",
  "deleteMessage",
  "answerCallbackQuery",
  "getChatMember",
  "getChat",
  "sendLocation",
  "sendPhoto",
  "sendDocument",
  "setMyCommands",
  "getMyCommands",
  "setWebhook",
  "deleteWebhook",
  "getWebhookInfo",
  "getUpdates",
];

describe("every served method's result validates against telegram-bot-api.json", () => {
  it.each(served)("%s", (method) => {
    const samples = results.get(method) ?? [];
    expect(samples.length).toBeGreaterThan(0);
    for (const sample of samples) expect(spec.validateResult(method, sample)).toEqual([]);
  });

  it("the updates delivered cover messages, commands, replies, button presses and migrations", () => {
    const updates = (results.get("getUpdates") ?? []).flat() as Record<string, unknown>[];
    const kinds = updates.map((update) => {
      const message = update.message as Record<string, unknown> | undefined;
      if (update.callback_query) return "callback_query";
      if (message?.migrate_to_chat_id) return "migrate_to";
      if (message?.migrate_from_chat_id) return "migrate_from";
      return message?.reply_to_message ? "reply" : "message";
    });
    expect(kinds).toEqual(["reply", "callback_query", "migrate_to", "migrate_from"]);
  });

  it("an update POSTed to a webhook is a valid Update", () => {
    expect(deliveredUpdates).toHaveLength(1);
    expect(spec.validateType("Update", deliveredUpdates[0])).toEqual([]);
  });

  it("error bodies carry ResponseParameters as the spec defines them", async () => {
    sim.addFault({ method: "sendMessage", status: 429, retryAfter: 3 });
    const error = (await botFor(sim)
      .telegram.sendMessage(DLH_CHAT, "x")
      .catch((e: unknown) => e)) as TelegramError;
    expect(error.parameters).toEqual({ retry_after: 3 });
    expect(spec.validateType("ResponseParameters", error.parameters)).toEqual([]);
  });
});

describe("the spec validator itself", () => {
  it("rejects a Message with a field Telegram does not send, such as telegraf's button `hide`", () => {
    const message = results.get("sendMessage")?.[0] as Record<string, unknown>;
    const tampered = {
      ...message,
      reply_markup: { inline_keyboard: [[{ text: "Klaim", callback_data: "c", hide: false }]] },
    };
    expect(spec.validateResult("sendMessage", tampered).join("\n")).toMatch(/additional properties/);
  });

  it("rejects a ChatMember whose fields do not match its status, and a Message without a date", () => {
    expect(
      spec.validateType("ChatMember", { status: "kicked", user: { id: 1, is_bot: false, first_name: "A" } }),
    ).not.toEqual([]);
    const { date: _date, ...undated } = results.get("sendMessage")?.[0] as Record<string, unknown>;
    expect(spec.validateType("Message", undated)).not.toEqual([]);
  });
});

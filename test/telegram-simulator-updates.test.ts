import Fastify, { type FastifyInstance } from "fastify";
import { Markup, TelegramError, type Telegraf } from "telegraf";
import { afterEach, describe, expect, it } from "vitest";
import type { TelegramSimulator } from "../sim/telegram/telegram-simulator.js";
import {
  ASEP,
  DLH_CHAT,
  MANTAN,
  botFor,
  eventually,
  launchPolling,
  startDlhSimulator,
} from "./support/telegram-simulator-harness.js";

let sim: TelegramSimulator | undefined;
let stopBot: (() => Promise<void>) | undefined;
let webhookServer: FastifyInstance | undefined;

afterEach(async () => {
  await stopBot?.();
  stopBot = undefined;
  await webhookServer?.close();
  webhookServer = undefined;
  await sim?.close();
  sim = undefined;
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw wire bodies are inspected field by field
type WireBody = any;

async function getUpdates(
  s: TelegramSimulator,
  params: Record<string, unknown>,
): Promise<{ status: number; body: WireBody }> {
  const response = await fetch(`${s.url}/bot${s.token}/getUpdates`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(params),
  });
  return { status: response.status, body: (await response.json()) as WireBody };
}

function claimCard(bot: Telegraf): Promise<{ message_id: number }> {
  return bot.telegram.sendMessage(DLH_CHAT, "<b>ADU-000200</b> Sampah menumpuk di TPS Pagarsih", {
    parse_mode: "HTML",
    ...Markup.inlineKeyboard([
      Markup.button.callback("Klaim", "claim:ADU-000200"),
      Markup.button.callback("Tolak", "reject:ADU-000200"),
    ]),
  });
}

describe("long polling", () => {
  it("holds getUpdates until an update arrives, then returns it at once", async () => {
    sim = await startDlhSimulator();
    const s = sim;
    const started = Date.now();
    const poll = getUpdates(s, { timeout: 10 });
    setTimeout(
      () => s.sendUserMessage({ chatId: DLH_CHAT, userId: ASEP.id, text: "Siap, meluncur ke lokasi" }),
      150,
    );
    const { body } = await poll;
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(140);
    expect(waited).toBeLessThan(3000);
    expect(body.result).toHaveLength(1);
    expect(body.result[0].message).toMatchObject({ text: "Siap, meluncur ke lokasi", from: { id: ASEP.id } });
  });

  it("returns an empty list when the timeout ends with nothing to deliver", async () => {
    sim = await startDlhSimulator();
    const started = Date.now();
    const { body } = await getUpdates(sim, { timeout: 1 });
    expect(body).toEqual({ ok: true, result: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("keeps updates until a later offset confirms them", async () => {
    sim = await startDlhSimulator();
    sim.sendUserMessage({ chatId: DLH_CHAT, userId: ASEP.id, text: "satu" });
    sim.sendUserMessage({ chatId: DLH_CHAT, userId: ASEP.id, text: "dua" });
    const first = await getUpdates(sim, { limit: 1 });
    const [one] = first.body.result;
    expect(one.message.text).toBe("satu");
    const again = await getUpdates(sim, {});
    expect(again.body.result.map((u: { message: { text: string } }) => u.message.text)).toEqual([
      "satu",
      "dua",
    ]);
    const confirmed = await getUpdates(sim, { offset: one.update_id + 1 });
    expect(confirmed.body.result.map((u: { message: { text: string } }) => u.message.text)).toEqual(["dua"]);
    expect(sim.pendingUpdates()).toHaveLength(1);
  });

  it("leaves out update kinds that allowed_updates does not list", async () => {
    sim = await startDlhSimulator();
    await getUpdates(sim, { allowed_updates: ["callback_query"] });
    sim.sendUserMessage({ chatId: DLH_CHAT, userId: ASEP.id, text: "tidak diminta" });
    expect((await getUpdates(sim, {})).body.result).toEqual([]);
  });

  it("ends an older long poll with 409 when a second poller starts", async () => {
    sim = await startDlhSimulator();
    const older = getUpdates(sim, { timeout: 10 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const newer = getUpdates(sim, { timeout: 0 });
    const [o, n] = await Promise.all([older, newer]);
    expect(o.status).toBe(409);
    expect(o.body.description).toMatch(/^Conflict: terminated by other getUpdates request/);
    expect(n.status).toBe(200);
  });
});

describe("pressing inline buttons", () => {
  it("delivers the press to telegraf's callback handler and returns the bot's answer and edit", async () => {
    sim = await startDlhSimulator();
    const bot = botFor(sim);
    const seen: string[] = [];
    bot.action(/^claim:(.+)$/, async (ctx) => {
      seen.push(`${ctx.from.first_name}:${ctx.match[1]}`);
      await ctx.answerCbQuery(`ADU-000200 diklaim oleh ${ctx.from.first_name}`);
      await ctx.editMessageText(`<b>ADU-000200</b> diklaim oleh ${ctx.from.first_name}`, {
        parse_mode: "HTML",
      });
    });
    stopBot = await launchPolling(bot);
    const card = await claimCard(bot);
    const result = await sim.press({
      chatId: DLH_CHAT,
      messageId: card.message_id,
      userId: ASEP.id,
      button: "Klaim",
    });
    expect(result).toMatchObject({ answered: true, text: "ADU-000200 diklaim oleh Asep", show_alert: false });
    expect(seen).toEqual(["Asep:ADU-000200"]);
    expect(sim.messages(DLH_CHAT)[0]).toMatchObject({ text: "ADU-000200 diklaim oleh Asep", buttons: [] });
  });

  it("presses by callback data through the HTTP control API too", async () => {
    sim = await startDlhSimulator();
    const bot = botFor(sim);
    bot.action(/^reject:/, (ctx) => ctx.answerCbQuery("Alasan penolakan?", { show_alert: true }));
    stopBot = await launchPolling(bot);
    const card = await claimCard(bot);
    const response = await fetch(`${sim.url}/_sim/press`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        chatId: DLH_CHAT,
        messageId: card.message_id,
        userId: ASEP.id,
        button: "reject:ADU-000200",
      }),
    });
    expect(await response.json()).toMatchObject({
      answered: true,
      text: "Alasan penolakan?",
      show_alert: true,
    });
  });

  it("reports answered: false when the bot never answers within the wait", async () => {
    sim = await startDlhSimulator();
    const bot = botFor(sim);
    bot.action(/.*/, () => undefined);
    stopBot = await launchPolling(bot);
    const card = await claimCard(bot);
    const result = await sim.press({
      chatId: DLH_CHAT,
      messageId: card.message_id,
      userId: ASEP.id,
      button: "Klaim",
      timeoutMs: 300,
    });
    expect(result.answered).toBe(false);
  });

  it("refuses a second answer to the same callback query", async () => {
    sim = await startDlhSimulator();
    const bot = botFor(sim);
    const errors: unknown[] = [];
    bot.action(/.*/, async (ctx) => {
      await ctx.answerCbQuery("ok");
      await ctx.answerCbQuery("lagi").catch((e: unknown) => errors.push(e));
    });
    stopBot = await launchPolling(bot);
    const card = await claimCard(bot);
    await sim.press({ chatId: DLH_CHAT, messageId: card.message_id, userId: ASEP.id, button: "Klaim" });
    await eventually(() => expect(errors).toHaveLength(1));
    expect(errors[0]).toBeInstanceOf(TelegramError);
    expect((errors[0] as TelegramError).description).toBe(
      "Bad Request: query is too old and response timeout expired or query ID is invalid",
    );
  });

  it("refuses an answer that comes more than 15 minutes after the press", async () => {
    let clock = Date.UTC(2026, 2, 2, 8, 0, 0);
    sim = await startDlhSimulator({ now: () => clock });
    const s = sim;
    const bot = botFor(s);
    const card = await claimCard(bot);
    const press = s.press({
      chatId: DLH_CHAT,
      messageId: card.message_id,
      userId: ASEP.id,
      button: "Klaim",
      timeoutMs: 500,
    });
    const [update] = await eventually(() => {
      const pending = s.pendingUpdates();
      expect(pending).toHaveLength(1);
      return pending;
    });
    clock += 15 * 60 * 1000 + 1000;
    const error = await bot.telegram
      .answerCbQuery(update?.callback_query?.id ?? "", "terlambat")
      .catch((e: unknown) => e);
    expect((error as TelegramError).description).toBe(
      "Bad Request: query is too old and response timeout expired or query ID is invalid",
    );
    expect((await press).answered).toBe(false);
  });

  it("does not let a member who was kicked press a button", async () => {
    sim = await startDlhSimulator();
    const card = await claimCard(botFor(sim));
    await expect(
      sim.press({ chatId: DLH_CHAT, messageId: card.message_id, userId: MANTAN.id, button: "Klaim" }),
    ).rejects.toThrow(/not a member/);
  });
});

describe("messages from members", () => {
  it("delivers a /command with a bot_command entity to telegraf's command handler", async () => {
    sim = await startDlhSimulator();
    const bot = botFor(sim);
    bot.command("antrean", (ctx) => ctx.reply(`Antrean DLH untuk ${ctx.from.first_name}: 3 tiket terbuka`));
    stopBot = await launchPolling(bot);
    sim.sendUserMessage({ chatId: DLH_CHAT, userId: ASEP.id, text: "/antrean@aduan_sim_bot" });
    const s = sim;
    await eventually(() =>
      expect(s.messages(DLH_CHAT).at(-1)?.text).toBe("Antrean DLH untuk Asep: 3 tiket terbuka"),
    );
  });

  it("delivers a reply to a bot prompt with reply_to_message", async () => {
    sim = await startDlhSimulator();
    const bot = botFor(sim);
    const notes: string[] = [];
    bot.on("message", (ctx) => {
      const message = ctx.message as { text?: string; reply_to_message?: { message_id: number } };
      notes.push(`${message.reply_to_message?.message_id}:${message.text}`);
    });
    const prompt = await bot.telegram.sendMessage(DLH_CHAT, "Catatan penyelesaian ADU-000201?", {
      reply_markup: { force_reply: true },
    });
    stopBot = await launchPolling(bot);
    sim.sendUserMessage({
      chatId: DLH_CHAT,
      userId: ASEP.id,
      text: "Sampah sudah diangkut",
      replyToMessageId: prompt.message_id,
    });
    await eventually(() => expect(notes).toEqual([`${prompt.message_id}:Sampah sudah diangkut`]));
  });
});

describe("webhook mode", () => {
  it("POSTs updates to the webhook with the secret token header and refuses getUpdates with 409", async () => {
    sim = await startDlhSimulator();
    const bot = botFor(sim);
    const secrets: (string | undefined)[] = [];
    bot.action(/^claim:/, async (ctx) => {
      await ctx.answerCbQuery("Diklaim lewat webhook");
      await ctx.editMessageText("ADU-000200 diklaim");
    });
    webhookServer = Fastify();
    const callback = bot.webhookCallback("/telegram/hook", { secretToken: "rahasia_DLH-2026" });
    webhookServer.post("/telegram/hook", async (request, reply) => {
      secrets.push(request.headers["x-telegram-bot-api-secret-token"] as string | undefined);
      reply.hijack();
      // fastify has read the body already; telegraf takes a parsed one from req.body.
      Object.assign(request.raw, { body: request.body });
      await callback(request.raw, reply.raw);
    });
    await webhookServer.listen({ port: 0, host: "127.0.0.1" });
    const address = webhookServer.server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    await bot.telegram.setWebhook(`http://127.0.0.1:${port}/telegram/hook`, {
      secret_token: "rahasia_DLH-2026",
    });
    expect((await bot.telegram.getWebhookInfo()).url).toBe(`http://127.0.0.1:${port}/telegram/hook`);

    const card = await claimCard(bot);
    const result = await sim.press({
      chatId: DLH_CHAT,
      messageId: card.message_id,
      userId: ASEP.id,
      button: "Klaim",
    });
    expect(result).toMatchObject({ answered: true, text: "Diklaim lewat webhook" });
    expect(secrets).toEqual(["rahasia_DLH-2026"]);
    expect(sim.messages(DLH_CHAT)[0]?.text).toBe("ADU-000200 diklaim");

    const conflict = await getUpdates(sim, {});
    expect(conflict.status).toBe(409);
    expect(conflict.body.description).toMatch(
      /^Conflict: can't use getUpdates method while webhook is active/,
    );
    expect(await bot.telegram.deleteWebhook()).toBe(true);
    expect((await getUpdates(sim, {})).status).toBe(200);
  });

  it("keeps an update the webhook refused and shows the error in getWebhookInfo", async () => {
    sim = await startDlhSimulator({ webhookRetryDelayMs: 50 });
    webhookServer = Fastify();
    let failuresLeft = 2;
    const received: number[] = [];
    webhookServer.post("/hook", async (request, reply) => {
      if (failuresLeft-- > 0) return reply.code(502).send("down");
      received.push((request.body as { update_id: number }).update_id);
      return reply.send("");
    });
    await webhookServer.listen({ port: 0, host: "127.0.0.1" });
    const address = webhookServer.server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const bot = botFor(sim);
    await bot.telegram.setWebhook(`http://127.0.0.1:${port}/hook`);
    sim.sendUserMessage({ chatId: DLH_CHAT, userId: ASEP.id, text: "halo" });
    const s = sim;
    await eventually(() => expect(received).toHaveLength(1));
    // The simulator drops the update once it has read the webhook's answer, a moment after our handler ran.
    await eventually(() => expect(s.pendingUpdates()).toEqual([]));
    const info = await bot.telegram.getWebhookInfo();
    expect(info.last_error_message).toBe("Wrong response from the webhook: 502 Bad Gateway");
  });
});

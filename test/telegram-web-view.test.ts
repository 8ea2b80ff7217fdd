import type { Browser, Page } from "playwright-core";
import { Markup } from "telegraf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TelegramSimulator } from "../sim/telegram/telegram-simulator.js";
import {
  ASEP,
  DLH_CHAT,
  RINA,
  botFor,
  launchPolling,
  startDlhSimulator,
} from "./support/telegram-simulator-harness.js";
import { launchHeadlessChromium } from "./support/headless-chromium.js";

const CITIZEN = { id: 5_100_077, name: "Siti Aminah" };

let sim: TelegramSimulator;
let stopBot: () => Promise<void>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  sim = await startDlhSimulator();
  const bot = botFor(sim);
  bot.action(/^claim:(.+)$/, async (ctx) => {
    await ctx.answerCbQuery(`${ctx.match[1]} diklaim oleh ${ctx.from.first_name}`);
    await ctx.editMessageText(`<b>${ctx.match[1]}</b> · Diklaim oleh ${ctx.from.first_name}`, {
      parse_mode: "HTML",
      ...Markup.inlineKeyboard([Markup.button.callback("Selesai", `done:${ctx.match[1]}`)]),
    });
  });
  bot.on("message", async (ctx) => {
    const message = ctx.message as {
      text?: string;
      reply_to_message?: { message_id: number };
      location?: { latitude: number; longitude: number };
      photo?: { file_id: string }[];
    };
    if (ctx.chat.type === "private") {
      // A citizen's phone: a reply keyboard asking for the location, answers to the pin and the photo.
      if (message.location)
        await ctx.reply(
          `Lokasi: ${message.location.latitude}, ${message.location.longitude}`,
          Markup.removeKeyboard(),
        );
      else if (message.photo) await ctx.reply(`Foto diterima (${message.photo.length} ukuran)`);
      else
        await ctx.reply(
          "Di mana tempatnya?",
          Markup.keyboard([
            [Markup.button.locationRequest("📍 Kirim lokasi")],
            ["Kirim tanpa lokasi"],
          ]).resize(),
        );
      return;
    }
    if (message.reply_to_message)
      await ctx.reply(`Catatan diterima dari ${ctx.from.first_name}: ${message.text}`);
  });
  stopBot = await launchPolling(bot);
  await bot.telegram.sendMessage(
    DLH_CHAT,
    "<b>ADU-000500</b> · Sampah menumpuk\n<i>TPS Pagarsih, Astanaanyar</i>\n<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>",
    { parse_mode: "HTML", ...Markup.inlineKeyboard([Markup.button.callback("Klaim", "claim:ADU-000500")]) },
  );
  sim.addPrivateChat({ id: CITIZEN.id, name: CITIZEN.name });
  browser = await launchHeadlessChromium();
  page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(sim.url);
});

afterAll(async () => {
  await browser?.close();
  await stopBot?.();
  await sim?.close();
});

describe("the simulator's web view in a real browser", () => {
  it("shows the group's column with the bot's card rendered as HTML and its button", async () => {
    const column = page.locator(`section.chat[data-chat-id="${DLH_CHAT}"]`);
    await expect.poll(() => column.locator(".chat-title").textContent()).toBe("DLH Kota Bandung — Aduan");
    const card = column.locator("article.msg").first();
    await expect.poll(() => card.locator(".body b").textContent()).toBe("ADU-000500");
    // The bot's text is shown, never run: the escaped script stays text inside <code>.
    expect(await card.locator(".body code").textContent()).toBe("<script>alert(1)</script>");
    expect(await card.locator("script").count()).toBe(0);
    expect(await card.locator(".keyboard button").allTextContents()).toEqual(["Klaim"]);
  });

  it("presses a button as the chosen member and shows the bot's answer and edited card", async () => {
    const column = page.locator(`section.chat[data-chat-id="${DLH_CHAT}"]`);
    await column.locator("select").selectOption(String(RINA.id));
    await column.locator(".keyboard button", { hasText: "Klaim" }).click();
    await expect.poll(() => column.locator(".toast").textContent()).toBe("ADU-000500 diklaim oleh Rina");
    const card = column.locator("article.msg").first();
    await expect.poll(() => card.locator(".body").textContent()).toBe("ADU-000500 · Diklaim oleh Rina");
    expect(await card.locator(".keyboard button").allTextContents()).toEqual(["Selesai"]);
    expect(await card.locator(".foot").textContent()).toContain("edited");
  });

  it("replies to the card as a member and shows the bot's response", async () => {
    const column = page.locator(`section.chat[data-chat-id="${DLH_CHAT}"]`);
    await column.locator("select").selectOption(String(ASEP.id));
    await column.locator("article.msg").first().locator(".foot button", { hasText: "Reply" }).click();
    await column.locator("textarea").fill("Sudah diangkut truk pagi ini");
    await column.locator("form button[type=submit]").click();
    await expect
      .poll(() => column.locator("article.msg").last().locator(".body").textContent())
      .toBe("Catatan diterima dari Asep: Sudah diangkut truk pagi ini");
    const staffMessage = column.locator("article.msg.from-user");
    expect(await staffMessage.locator(".body").textContent()).toBe("Sudah diangkut truk pagi ini");
    expect(await staffMessage.locator(".quote").textContent()).toContain("ADU-000500");
  });
});

describe("a citizen's private chat in the web view", () => {
  it("shows the bot's reply keyboard; its location button sends a pin, the photo button a photo", async () => {
    const column = page.locator(`section.chat[data-chat-id="${CITIZEN.id}"]`);
    await expect.poll(() => column.locator(".chat-title").textContent()).toBe("Warga · Siti Aminah");
    await column.locator("textarea").fill("Jalan berlubang");
    await column.locator("form button[type=submit]").click();
    await expect
      .poll(() => column.locator(".reply-kb button").allTextContents())
      .toEqual(["📍 Kirim lokasi", "Kirim tanpa lokasi"]);
    page.once("dialog", (d) => void d.accept("-6.89150, 107.61070"));
    await column.locator(".reply-kb button", { hasText: "Kirim lokasi" }).click();
    await expect
      .poll(() => column.locator("article.msg").last().locator(".body").textContent())
      .toBe("Lokasi: -6.8915, 107.6107");
    // ReplyKeyboardRemove took the keyboard away.
    await expect.poll(() => column.locator(".reply-kb").isHidden()).toBe(true);
    expect(await column.locator("article.msg.from-user .media").first().textContent()).toBe(
      "📍 -6.89150, 107.61070",
    );

    await column.locator(".tools button", { hasText: "Photo" }).click();
    await expect
      .poll(() => column.locator("article.msg").last().locator(".body").textContent())
      .toBe("Foto diterima (3 ukuran)");
    expect(await column.locator("article.msg.from-user .media img").count()).toBe(1);
  });
});

import { TelegramError, type Telegraf } from "telegraf";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { TelegramSimulator } from "../sim/telegram/telegram-simulator.js";
import { DLH_CHAT, botFor, startDlhSimulator } from "./support/telegram-simulator-harness.js";

let sim: TelegramSimulator;
let bot: Telegraf;

beforeEach(async () => {
  sim = await startDlhSimulator();
  bot = botFor(sim);
});
afterEach(async () => {
  await sim.close();
});

async function errorOf(call: Promise<unknown>): Promise<TelegramError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TelegramError);
  return error as TelegramError;
}

it("leaves a group: the bot's status there becomes left and it can no longer post", async () => {
  expect(await bot.telegram.leaveChat(DLH_CHAT)).toBe(true);

  expect(sim.chats().find((c) => c.id === DLH_CHAT)?.botStatus).toBe("left");
  const refused = await errorOf(bot.telegram.sendMessage(DLH_CHAT, "masih di sini?"));
  expect(refused.response).toMatchObject({
    ok: false,
    error_code: 403,
    description: "Forbidden: bot is not a member of the supergroup chat",
  });
});

it("answers a second leave with 403, as Telegram does for a chat the bot is not in", async () => {
  await bot.telegram.leaveChat(DLH_CHAT);

  const again = await errorOf(bot.telegram.leaveChat(DLH_CHAT));

  expect(again.response.error_code).toBe(403);
});

it("answers a leave of an unknown chat with 400 chat not found", async () => {
  const unknown = await errorOf(bot.telegram.leaveChat(-1009999999999));

  expect(unknown.response).toMatchObject({ error_code: 400, description: "Bad Request: chat not found" });
});

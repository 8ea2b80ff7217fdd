import { TelegramError } from "telegraf";
import { afterEach, describe, expect, it } from "vitest";
import type { TelegramSimulator } from "../sim/telegram/telegram-simulator.js";
import { DLH_CHAT, botFor, startDlhSimulator } from "./support/telegram-simulator-harness.js";

let sim: TelegramSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function failure(call: Promise<unknown>): Promise<unknown> {
  return await call.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
}

describe("flood control", () => {
  it("answers the 21st message in a minute into one group with 429 and retry_after, and lets it through after", async () => {
    let clock = Date.UTC(2026, 2, 2, 8, 0, 0);
    sim = await startDlhSimulator({ now: () => clock });
    const bot = botFor(sim);
    for (let i = 1; i <= 20; i += 1) {
      clock += 1000;
      await bot.telegram.sendMessage(DLH_CHAT, `Kartu ${i}`);
    }
    clock += 1000;
    const error = await failure(bot.telegram.sendMessage(DLH_CHAT, "Kartu 21"));
    expect(error).toBeInstanceOf(TelegramError);
    const tgError = error as TelegramError;
    expect(tgError.code).toBe(429);
    // The first of the 20 was sent 20 s ago: it leaves the one-minute window in 40 s.
    expect(tgError.parameters).toEqual({ retry_after: 40 });
    expect(tgError.description).toBe("Too Many Requests: retry after 40");
    clock += 40_000;
    await expect(bot.telegram.sendMessage(DLH_CHAT, "Kartu 21")).resolves.toMatchObject({ text: "Kartu 21" });
  });

  it("limits the bot to 30 messages a second across chats", async () => {
    const clock = Date.UTC(2026, 2, 2, 8, 0, 0);
    sim = await startDlhSimulator({ now: () => clock });
    const bot = botFor(sim);
    const chats = Array.from(
      { length: 31 },
      (_, i) => sim!.addChat({ title: `Dinas ${i}`, type: "supergroup" }).id,
    );
    for (const chatId of chats.slice(0, 30)) await bot.telegram.sendMessage(chatId, "Digest pagi");
    const error = (await failure(
      bot.telegram.sendMessage(chats[30] as number, "Digest pagi"),
    )) as TelegramError;
    expect([error.code, error.parameters?.retry_after]).toEqual([429, 1]);
  });

  it("lets a benchmark switch flood control off", async () => {
    sim = await startDlhSimulator({ floodControl: false });
    const bot = botFor(sim);
    for (let i = 0; i < 40; i += 1) await bot.telegram.sendMessage(DLH_CHAT, `Kartu ${i}`);
    expect(sim.messages(DLH_CHAT)).toHaveLength(40);
  });
});

describe("injected faults", () => {
  it("fails the next calls with the given status, then recovers", async () => {
    sim = await startDlhSimulator();
    const bot = botFor(sim);
    await fetch(`${sim.url}/_sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ method: "sendMessage", status: 503, count: 2 }),
    });
    for (let i = 0; i < 2; i += 1) {
      const error = (await failure(bot.telegram.sendMessage(DLH_CHAT, "Kartu"))) as TelegramError;
      expect(error.code).toBe(503);
    }
    await expect(bot.telegram.sendMessage(DLH_CHAT, "Kartu")).resolves.toMatchObject({ text: "Kartu" });
    expect(sim.messages(DLH_CHAT)).toHaveLength(1);
  });

  it("injects a 429 with the requested retry_after", async () => {
    sim = await startDlhSimulator();
    sim.addFault({ method: "editMessageText", status: 429, retryAfter: 7 });
    const bot = botFor(sim);
    const sent = await bot.telegram.sendMessage(DLH_CHAT, "Kartu");
    const error = (await failure(
      bot.telegram.editMessageText(DLH_CHAT, sent.message_id, undefined, "Diklaim"),
    )) as TelegramError;
    expect([error.code, error.parameters]).toEqual([429, { retry_after: 7 }]);
  });

  it("posts the message but loses the response when dropResponse is set", async () => {
    sim = await startDlhSimulator();
    sim.addFault({ method: "sendMessage", dropResponse: true });
    const bot = botFor(sim);
    const error = await failure(bot.telegram.sendMessage(DLH_CHAT, "Kartu ADU-000300"));
    expect((error as Error).name).toBe("FetchError");
    expect(sim.messages(DLH_CHAT).map((m) => m.text)).toEqual(["Kartu ADU-000300"]);
  });

  it("delays a call by delayMs and clears every fault on DELETE", async () => {
    sim = await startDlhSimulator();
    sim.addFault({ method: "getChat", delayMs: 300 });
    sim.addFault({ method: "sendMessage", status: 500, count: 5 });
    const bot = botFor(sim);
    const started = Date.now();
    await bot.telegram.getChat(DLH_CHAT);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    await fetch(`${sim.url}/_sim/faults`, { method: "DELETE" });
    await expect(bot.telegram.sendMessage(DLH_CHAT, "Kartu")).resolves.toMatchObject({ text: "Kartu" });
  });
});

describe("a group upgraded to a supergroup", () => {
  it("answers the old id with migrate_to_chat_id and accepts the new id", async () => {
    sim = await startDlhSimulator();
    const group = sim.addChat({ id: -4100000077, title: "Dishub — Aduan", type: "group" });
    const bot = botFor(sim);
    await bot.telegram.sendMessage(group.id, "Kartu sebelum upgrade");
    const response = await fetch(`${sim.url}/_sim/chats/${group.id}/migrate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ newId: -1002200000077 }),
    });
    expect(await response.json()).toEqual({ oldChatId: -4100000077, newChatId: -1002200000077 });
    const error = (await failure(bot.telegram.sendMessage(group.id, "Kartu"))) as TelegramError;
    expect(error.code).toBe(400);
    expect(error.description).toBe("Bad Request: group chat was upgraded to a supergroup chat");
    expect(error.parameters).toEqual({ migrate_to_chat_id: -1002200000077 });
    const sent = await bot.telegram.sendMessage(-1002200000077, "Kartu sesudah upgrade");
    expect(sent.chat).toMatchObject({ id: -1002200000077, type: "supergroup" });
    const updates = sim.pendingUpdates().map((u) => u.message);
    expect(updates.map((m) => [m?.chat.id, m?.migrate_to_chat_id, m?.migrate_from_chat_id])).toEqual([
      [-4100000077, -1002200000077, undefined],
      [-1002200000077, undefined, -4100000077],
    ]);
  });
});

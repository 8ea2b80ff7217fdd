import { Telegraf } from "telegraf";
import { afterEach, describe, expect, it } from "vitest";
import type { TelegramSimulator } from "../sim/telegram/telegram-simulator.js";
import { superviseBotPolling, type SupervisedPolling } from "../src/telegram/supervised-polling.js";
import {
  ASEP,
  DLH_CHAT,
  botFor,
  eventually,
  startDlhSimulator,
} from "./support/telegram-simulator-harness.js";

let sim: TelegramSimulator | undefined;
let polling: SupervisedPolling | undefined;
afterEach(async () => {
  polling?.stop();
  await polling?.done;
  polling = undefined;
  await sim?.close();
  sim = undefined;
});

interface Entry {
  level: string;
  obj: Record<string, unknown>;
  msg: string;
}

function recorder() {
  const entries: Entry[] = [];
  const at = (level: string) => (obj: object, msg: string) =>
    entries.push({ level, obj: obj as Record<string, unknown>, msg });
  return { entries, log: { info: at("info"), warn: at("warn"), error: at("error") } };
}

/** A real telegraf bot that remembers the texts it was sent, polled by the supervised poller. */
function startPolling(bot: Telegraf, log: ReturnType<typeof recorder>["log"], revoked: Error[] = []) {
  const seen: string[] = [];
  bot.on("message", (ctx) => {
    if ("text" in ctx.message) seen.push(ctx.message.text);
  });
  polling = superviseBotPolling({
    bot,
    allowedUpdates: ["message"],
    log,
    minBackoffMs: 20,
    maxBackoffMs: 80,
    // Short long polls, so a fault armed now meets the next getUpdates within a second.
    pollTimeoutSeconds: 1,
    onRevoked: (err) => revoked.push(err),
  });
  return seen;
}

const failures = (entries: Entry[]) => entries.filter((e) => e.msg === "Telegram polling failed; retrying");

describe("long polling that never silently stops", () => {
  it("keeps trying getMe after Telegram answers 502 at start, then handles messages", async () => {
    sim = await startDlhSimulator();
    sim.addFault({ method: "getMe", status: 502, count: 3 });
    const { entries, log } = recorder();
    const seen = startPolling(botFor(sim), log);
    await eventually(() => expect(polling?.lastPollAt()).toBeDefined());
    sim.sendUserMessage({ chatId: DLH_CHAT, userId: ASEP.id, text: "/antrian" });
    await eventually(() => expect(seen).toEqual(["/antrian"]));
    expect(failures(entries).map((e) => [e.obj.code, e.obj.phase, e.obj.retryInMs])).toEqual([
      [502, "launch", 20],
      [502, "launch", 40],
      [502, "launch", 80],
    ]);
    expect(entries.some((e) => e.msg === "Telegram polling recovered")).toBe(true);
  });

  it("retries after a network error (the connection dies before getMe answers)", async () => {
    sim = await startDlhSimulator();
    sim.addFault({ method: "getMe", dropResponse: true });
    const { entries, log } = recorder();
    const seen = startPolling(botFor(sim), log);
    sim.sendUserMessage({ chatId: DLH_CHAT, userId: ASEP.id, text: "halo" });
    await eventually(() => expect(seen).toEqual(["halo"]));
    expect(failures(entries)).toHaveLength(1);
    expect(String(failures(entries)[0]?.obj.error)).toMatch(/FetchError|socket|ECONNRESET/i);
  });

  it("goes back to polling after a second poller takes getUpdates away with 409 Conflict", async () => {
    sim = await startDlhSimulator();
    const { entries, log } = recorder();
    const seen = startPolling(botFor(sim), log);
    await eventually(() => expect(sim?.stats().getUpdates).toBeGreaterThan(0));
    // Let the first long poll reach the simulator's queue, then poll from "another process".
    await new Promise((resolve) => setTimeout(resolve, 100));
    const other = await fetch(`${sim.url}/bot${sim.token}/getUpdates?timeout=0`);
    expect(other.status).toBe(200);
    await eventually(() => expect(failures(entries).map((e) => e.obj.code)).toEqual([409]));
    expect(String(failures(entries)[0]?.obj.error)).toMatch(/terminated by other getUpdates request/);
    sim.sendUserMessage({ chatId: DLH_CHAT, userId: ASEP.id, text: "masih dengar?" });
    await eventually(() => expect(seen).toEqual(["masih dengar?"]));
  });

  it("doubles the pause after each failed poll up to the cap and resets it after a good one", async () => {
    sim = await startDlhSimulator();
    const { entries, log } = recorder();
    startPolling(botFor(sim), log);
    await eventually(() => expect(polling?.lastPollAt()).toBeDefined());
    sim.addFault({ method: "getUpdates", status: 503, count: 5 });
    await eventually(() =>
      expect(failures(entries).map((e) => [e.obj.code, e.obj.retryInMs])).toEqual([
        [503, 20],
        [503, 40],
        [503, 80],
        [503, 80],
        [503, 80],
      ]),
    );
    await eventually(() =>
      expect(entries.filter((e) => e.msg === "Telegram polling recovered").at(-1)?.obj).toEqual({
        failures: 5,
      }),
    );
    sim.addFault({ method: "getUpdates", status: 500 });
    await eventually(() => expect(failures(entries).at(-1)?.obj).toMatchObject({ code: 500, retryInMs: 20 }));
  });

  it("stops for good and reports the refused token when Telegram answers 401", async () => {
    sim = await startDlhSimulator();
    const { entries, log } = recorder();
    const revoked: Error[] = [];
    const bot = new Telegraf("123:revoked-token", { telegram: { apiRoot: sim.url, webhookReply: false } });
    startPolling(bot, log, revoked);
    await polling?.done;
    expect(revoked).toHaveLength(1);
    expect(failures(entries)).toEqual([]);
    expect(entries.at(-1)).toMatchObject({ level: "error", obj: { code: 401 } });
    expect(entries.at(-1)?.msg).toMatch(/refused the bot token \(401 Unauthorized\)/);
    expect(sim.stats().getUpdates ?? 0).toBe(0);
  });
});

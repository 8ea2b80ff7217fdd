import { afterEach, describe, expect, it } from "vitest";
import type { TelegramSimulator } from "../sim/telegram/telegram-simulator.js";
import { TelegrafChatGateway } from "../src/telegram/telegraf-chat-gateway.js";
import { limitTelegramCalls, TelegramTimeoutError } from "../src/telegram/telegram-call-timeout.js";
import { startPipeline, type PipelineHarness } from "./support/pipeline-harness.js";
import { waitFor } from "./support/eventually.js";
import { DLH_CHAT, botFor, startDlhSimulator } from "./support/telegram-simulator-harness.js";

let sim: TelegramSimulator | undefined;
let h: PipelineHarness | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  await h?.close();
  h = undefined;
});

describe("a limit on every Telegram call", () => {
  it("fails a call the simulator never answers with a timeout error naming the method and the limit", async () => {
    sim = await startDlhSimulator();
    sim.addFault({ method: "sendMessage", hang: true });
    const chat = new TelegrafChatGateway(limitTelegramCalls(botFor(sim).telegram, 200));
    const error = await chat.sendMessage(DLH_CHAT, "Kartu").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TelegramTimeoutError);
    expect(error).toMatchObject({ method: "sendMessage", timeoutMs: 200 });
    // The next call is not held up by the hung one.
    await expect(chat.sendMessage(DLH_CHAT, "Kartu lagi")).resolves.toMatchObject({
      messageId: expect.any(Number),
    });
    expect(sim.messages(DLH_CHAT).map((m) => m.text)).toEqual(["Kartu lagi"]);
  });

  it("leaves a caller's own abort as it was, and lets a long poll wait its poll timeout", async () => {
    sim = await startDlhSimulator();
    const telegram = limitTelegramCalls(botFor(sim).telegram, 200);
    // A 1 s long poll with a 200 ms call limit still answers (empty) instead of timing out.
    await expect(telegram.callApi("getUpdates", { timeout: 1, offset: 0 })).resolves.toEqual([]);
    const abort = new AbortController();
    sim.addFault({ method: "getMe", hang: true });
    const pending = telegram.callApi("getMe", {}, { signal: abort.signal as never });
    abort.abort();
    const error = await pending.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).not.toBeInstanceOf(TelegramTimeoutError);
    expect((error as Error).name).toBe("AbortError");
  });

  it("retries a card whose sendMessage hung, so the card arrives once instead of being lost", async () => {
    h = await startPipeline({ telegramCallTimeoutMs: 300 });
    h.world.telegram.addFault({ method: "sendMessage", hang: true });
    const tweet = h.world.x.addTweet({
      text: "@PemkotBandung sampah numpuk udh 3 hari di TPS pasar kosambi, bau bgt #AduanBandung",
      author: { username: "warga_bdg", name: "Warga Bandung" },
    });
    await h.aduan.pollNow();
    const ticket = await waitFor(() => h?.aduan.store.getByTweetId(tweet.id), "the ticket");
    const chatId = h.world.chatIds[ticket.agency ?? ""] ?? 0;
    const cards = () => h?.world.telegram.messages(chatId).filter((m) => (m.text ?? "").includes(ticket.id));
    await waitFor(() => (cards()?.length ?? 0) > 0, "the card after the hung send", 30_000);
    expect(cards()).toHaveLength(1);
    // The hung call took the fault (and never ran): the card is the retry's.
    const armed = (await (await fetch(`${h.world.telegram.url}/_sim/faults`)).json()) as {
      faults: unknown[];
    };
    expect(armed.faults).toEqual([]);
    expect(h.world.telegram.stats().sendMessage).toBe(1);
  }, 60_000);
});

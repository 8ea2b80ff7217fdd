import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Telegram } from "telegraf";
import { startPipeline, type PipelineHarness } from "./support/pipeline-harness.js";
import { waitFor } from "./support/eventually.js";
import type { SimBot, SimMessageView } from "../sim/telegram/telegram-simulator.js";
import { citizenReportId } from "../src/citizens/citizen-report.js";
import { uiStrings } from "../src/core/ui-strings.js";

// Two bots on one simulated Telegram: the staff bot in the agency groups, the citizen bot in the
// citizens' private chats (TELEGRAM_CITIZEN_BOT_TOKEN), against the real Redis and workers.
let h: PipelineHarness;
let citizenBot: SimBot;
beforeAll(async () => {
  h = await startPipeline({ roles: ["ingest", "workers", "bot"], citizenBot: true });
  if (!h.world.citizenBot) throw new Error("the harness started no citizen bot");
  citizenBot = h.world.citizenBot;
}, 60_000);
afterAll(async () => {
  await h?.close();
});

const WULAN = { id: 881_001, name: "Wulan Sari" };
const STRANGER = { id: 881_002, name: "Orang Asing" };
/** Bytes the citizen's phone sends: the card's photo must be these, uploaded by the staff bot. */
const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from("lampu-mati-pagarsih")]);

const chat = (agency: string): number => {
  const id = h.world.chatIds[agency];
  if (id === undefined) throw new Error(`no group for ${agency}`);
  return id;
};
const toCitizen = (userId: number, words: string): SimMessageView[] =>
  citizenBot.messages(userId).filter((m) => (m.text ?? "").includes(words));
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("citizens on a bot of their own", () => {
  beforeAll(() => {
    citizenBot.addPrivateChat(WULAN);
    h.world.telegram.addPrivateChat(STRANGER);
  });

  it("a report to the citizen bot reaches the agency's card (sent by the staff bot, photo included) and its status messages arrive in the citizen bot's chat once each", async () => {
    const opened = citizenBot.sendUserMessage({
      chatId: WULAN.id,
      userId: WULAN.id,
      text: "Lampu jalan mati total sejak kemarin malam di Jl. Pagarsih",
      photo: { fileName: "lampu.jpg", data: PHOTO },
    });
    await waitFor(
      () => toCitizen(WULAN.id, "Kirim laporan")[0],
      "the collecting prompt from the citizen bot",
    );
    citizenBot.sendUserMessage({ chatId: WULAN.id, userId: WULAN.id, text: "Kirim laporan" });

    const reportId = citizenReportId("test-secret", WULAN.id, opened.message_id, "citizen");
    const ticket = await waitFor(() => h.aduan.store.getByTweetId(reportId), "Wulan's ticket");
    expect(ticket.channel).toBe("telegram");
    expect(ticket.citizen).toMatchObject({ user_id: WULAN.id, chat_id: WULAN.id, bot: "citizen" });
    const agency = ticket.agency ?? "";
    expect(agency).not.toBe("");

    // The card is the staff bot's, in the agency's group.
    const card = await waitFor(
      () =>
        h.world.telegram
          .messages(chat(agency))
          .find((m) => (m.text ?? "").includes(ticket.id) && m.buttons.length > 0),
      "the card in the agency's group",
    );
    expect(card.text).toContain("via Telegram");
    // The photo's file_id is the citizen bot's: the staff bot fetched nothing by it, it uploaded the bytes.
    const photo = await waitFor(
      () =>
        h.world.telegram.messages(chat(agency)).find((m) => m.photo && m.replyToMessageId === card.messageId),
      "the photo under the card",
    );
    expect(photo.caption).toContain(ticket.id);
    expect(photo.photo?.fileId).not.toBe(ticket.citizen?.photos?.[0]);
    expect(h.world.telegram.file(photo.photo?.fileId ?? "")?.data).toEqual(PHOTO);

    await waitFor(() => toCitizen(WULAN.id, `${ticket.id}. Diteruskan ke`)[0], "the received notice");
    const staff = h.world.telegram.chats().find((c) => c.id === chat(agency))?.members[0];
    await h.world.telegram.press({
      chatId: chat(agency),
      messageId: card.messageId,
      userId: staff?.id ?? 0,
      button: "Ambil",
    });
    await waitFor(() => toCitizen(WULAN.id, `${ticket.id} sedang ditangani oleh`)[0], "the claimed notice");
    // The same notice asked for again (a retried job) is not sent again.
    await h.aduan.queues.telegram.add(
      "citizen",
      { kind: "citizen", ticketId: ticket.id, notice: "claimed", round: 1 },
      { jobId: `again-${ticket.id}` },
    );
    await pause(800);
    expect(toCitizen(WULAN.id, `${ticket.id}. Diteruskan ke`)).toHaveLength(1);
    expect(toCitizen(WULAN.id, `${ticket.id} sedang ditangani oleh`)).toHaveLength(1);
    // Nothing of it went through the staff bot: it has no chat with Wulan at all.
    expect(h.world.telegram.chats().some((c) => c.id === WULAN.id)).toBe(false);
  }, 40_000);

  it("the staff bot does not take a stranger's private message as a report: it names the citizen bot once", async () => {
    const opened = h.world.telegram.sendUserMessage({
      chatId: STRANGER.id,
      userId: STRANGER.id,
      text: "Jalan berlubang besar di Jl. Pagarsih, tolong diperbaiki",
    });
    h.world.telegram.sendUserMessage({ chatId: STRANGER.id, userId: STRANGER.id, text: "Kirim laporan" });
    const t = uiStrings("id").staff;
    const answer = await waitFor(
      () => h.world.telegram.messages(STRANGER.id)[0],
      "the staff bot's answer to a stranger",
    );
    expect(answer.text).toBe(t.strangerToCitizenBot(citizenBot.bot.username));
    expect(answer.text).toContain(`@${citizenBot.bot.username}`);
    await pause(800);
    expect(h.world.telegram.messages(STRANGER.id)).toHaveLength(1);
    for (const bot of [undefined, "citizen"] as const) {
      expect(
        await h.aduan.store.getByTweetId(citizenReportId("test-secret", STRANGER.id, opened.message_id, bot)),
      ).toBeNull();
    }
  }, 20_000);

  it("a photo's file_id is good only for the bot that received it, in the simulator as on Telegram", async () => {
    const sent = citizenBot.sendUserMessage({
      chatId: WULAN.id,
      userId: WULAN.id,
      photo: { fileName: "bukti.jpg", data: PHOTO },
    });
    const fileId = sent.photo?.at(-1)?.file_id ?? "";
    const asCitizenBot = new Telegram(citizenBot.token, { apiRoot: h.world.telegram.url });
    const asStaffBot = new Telegram(h.world.telegram.token, { apiRoot: h.world.telegram.url });
    const link = await asCitizenBot.getFileLink(fileId);
    expect(Buffer.from(await (await fetch(link)).arrayBuffer())).toEqual(PHOTO);
    await expect(asStaffBot.getFile(fileId)).rejects.toMatchObject({ code: 400 });
    await expect(asStaffBot.sendPhoto(chat("dishub"), fileId)).rejects.toMatchObject({ code: 400 });
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== "object" || address === null) throw new Error("no port");
  return address.port;
}

describe("both bots by webhook", () => {
  const STAFF_SECRET = "rahasia-staf-2026";
  const CITIZEN_SECRET = "rahasia-warga-2026";
  const DEDI = { id: 881_101, name: "Dedi Mulyadi" };
  let w: PipelineHarness;
  let staffUrl: string;
  let citizenUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    staffUrl = `http://127.0.0.1:${port}/telegram/staf`;
    citizenUrl = `http://127.0.0.1:${port}/telegram/warga`;
    w = await startPipeline({
      roles: ["workers", "bot"],
      citizenBot: true,
      webhookPort: port,
      webhook: { url: staffUrl, path: "/telegram/staf", secretToken: STAFF_SECRET },
      citizenWebhook: { url: citizenUrl, path: "/telegram/warga", secretToken: CITIZEN_SECRET },
    });
  }, 30_000);
  afterAll(async () => {
    await w?.close();
  });

  it("registers each bot's webhook at its own path, and a citizen's message reaches the citizen bot through it", async () => {
    const bot = w.world.citizenBot;
    if (!bot) throw new Error("no citizen bot");
    expect(w.world.telegram.webhookInfo().url).toBe(staffUrl);
    expect(bot.webhookInfo().url).toBe(citizenUrl);
    expect(bot.webhookInfo().allowed_updates).toEqual(["message", "my_chat_member"]);

    bot.addPrivateChat(DEDI);
    bot.sendUserMessage({ chatId: DEDI.id, userId: DEDI.id, text: "/start" });
    const start = await waitFor(() => bot.messages(DEDI.id)[0], "the citizen bot's /start answer");
    expect(start.text).toContain("Laporkan masalah kota di sini");
    expect(bot.webhookInfo().pending_update_count).toBe(0);
  });

  it("refuses an update posted to the citizen bot's path with the staff bot's secret", async () => {
    const res = await fetch(citizenUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": STAFF_SECRET },
      body: JSON.stringify({ update_id: 1 }),
    });
    expect(res.status).toBe(401);
  });
});

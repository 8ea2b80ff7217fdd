import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pipelineSettings } from "../src/app/pipeline-settings-from-config.js";
import { startAduan, type Role, type RunningAduan } from "../src/app/start-aduan.js";
import { botStarter } from "../src/app/roles/bot.js";
import { createLogger } from "../src/runtime/logger.js";
import { systemClock } from "../src/runtime/clock.js";
import { DEMO_X_CREDENTIALS, startDemoWorld, type DemoWorld } from "../sim/demo/demo-world.js";
import { citizenReportId } from "../src/citizens/citizen-report.js";
import type { AduanConfig } from "../src/app/load-config.js";
import { waitFor } from "./support/eventually.js";
import { deleteKeys, shippedConfig } from "./support/pipeline-harness.js";

const CITIZEN = { id: 881_001, name: "Wawan Setiawan" };
const SECRET = "test-secret";

describe("a citizen's status messages across a workers process stopped and started again", () => {
  let world: DemoWorld;
  let config: AduanConfig;
  const prefix = `test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  let bot: RunningAduan;
  let workers: RunningAduan | undefined;

  const start = (roles: Role[]) =>
    startAduan({
      config,
      settings: pipelineSettings(config, {}, world.chatIds),
      redisUrl: "redis://127.0.0.1:6379",
      prefix,
      x: { baseUrl: world.x.url, ...DEMO_X_CREDENTIALS },
      telegram: { token: world.telegram.token, apiRoot: world.telegram.url },
      callbackSecret: SECRET,
      roles: new Set(roles),
      log: createLogger({ level: "silent" }),
      clock: systemClock,
      telegramLimits: null,
      cardLeaseMs: 1_000,
      pollEveryMs: 3_600_000,
      startBot: botStarter({
        config,
        token: world.telegram.token,
        apiRoot: world.telegram.url,
        prefix,
        secret: SECRET,
        log: createLogger({ level: "silent" }),
        now: () => Date.now(),
      }),
    });

  beforeAll(async () => {
    config = await shippedConfig();
    world = await startDemoWorld(config.agencies, { floodControl: false });
    world.telegram.addPrivateChat(CITIZEN);
    bot = await start(["bot"]);
    workers = await start(["workers"]);
  }, 60_000);

  afterAll(async () => {
    await workers?.stop();
    await bot?.stop();
    await world.close();
    await deleteKeys(prefix);
  });

  const said = (words: string) =>
    world.telegram.messages(CITIZEN.id).filter((m) => (m.text ?? "").includes(words));

  it("sends the claim made while no worker ran once the workers are back, and nothing twice", async () => {
    const opened = world.telegram.sendUserMessage({
      chatId: CITIZEN.id,
      userId: CITIZEN.id,
      text: "Lampu jalan mati total di Jl. Cihampelas",
    });
    world.telegram.sendUserMessage({ chatId: CITIZEN.id, userId: CITIZEN.id, text: "Kirim laporan" });
    const reportId = citizenReportId(SECRET, CITIZEN.id, opened.message_id);
    const ticket = await waitFor(async () => {
      const t = await bot.store.getByTweetId(reportId);
      return t?.telegram ? t : undefined;
    }, "the ticket and its card");
    await waitFor(() => said(`${ticket.id}. Diteruskan`)[0], "the received notice");

    // The workers stop; staff claim meanwhile (the bot only enqueues the card's edit).
    await workers?.stop();
    workers = undefined;
    const group = ticket.telegram?.chat_id ?? 0;
    const staff = world.telegram.chats().find((c) => c.id === group)?.members[0];
    await world.telegram.press({
      chatId: group,
      messageId: ticket.telegram?.message_id ?? 0,
      userId: staff?.id ?? 0,
      button: "Ambil",
    });
    await waitFor(async () => (await bot.store.get(ticket.id))?.status === "claimed", "the claim");
    await new Promise((r) => setTimeout(r, 500));
    expect(said("sedang ditangani")).toHaveLength(0);

    workers = await start(["workers"]);
    await waitFor(
      () => said(`${ticket.id} sedang ditangani oleh`)[0],
      "the claimed notice after the restart",
    );
    await new Promise((r) => setTimeout(r, 1_000));
    expect(said("sedang ditangani")).toHaveLength(1);
    expect(said("Laporan Anda kami terima")).toHaveLength(1);
  }, 60_000);
});

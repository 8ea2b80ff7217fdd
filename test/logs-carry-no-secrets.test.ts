import { Writable } from "node:stream";
import { Redis } from "ioredis";
import { Telegram } from "telegraf";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_X_CREDENTIALS } from "../sim/demo/demo-world.js";
import { secretValues, parseEnv } from "../src/runtime/env.js";
import { createLogger } from "../src/runtime/logger.js";
import { createAduanBot } from "../src/telegram/aduan-bot.js";
import { encodeCallbackData } from "../src/core/callback-data.js";
import { startPipeline, type PipelineHarness } from "./support/pipeline-harness.js";
import { waitFor } from "./support/eventually.js";

const CALLBACK_SECRET = "tombol-rahasia-9f8e7d6c5b4a39281706";
const lines: string[] = [];
let h: PipelineHarness;
let secrets: string[];

/** Every form a secret could take in a log line: as is, URL-encoded, JSON-escaped, base64. */
function forms(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
    Buffer.from(secret).toString("base64"),
  ];
}

beforeAll(async () => {
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  // The secrets main.ts would scrub, built the same way: from the environment.
  const env = parseEnv({
    TELEGRAM_BOT_TOKEN: "7012345678:AAH-aduan-simulator-local-token-000",
    X_APP_KEY: DEMO_X_CREDENTIALS.appKey,
    X_APP_SECRET: DEMO_X_CREDENTIALS.appSecret,
    X_ACCESS_TOKEN: DEMO_X_CREDENTIALS.accessToken,
    X_ACCESS_SECRET: DEMO_X_CREDENTIALS.accessSecret,
    CALLBACK_SECRET,
  });
  secrets = secretValues(env);
  const log = createLogger({ level: "trace", secrets, destination });
  h = await startPipeline({
    roles: ["ingest", "workers", "bot"],
    log,
    callbackSecret: CALLBACK_SECRET,
    replyLeaseMs: 1_000,
  });
  expect(h.world.telegram.token).toBe(env.TELEGRAM_BOT_TOKEN);

  // A run with the paths that tend to leak: X and Telegram errors, staff actions, a forged button.
  h.world.x.addFault({ endpoint: "post", status: 503, count: 1 });
  h.world.telegram.addFault({ method: "sendMessage", status: 502, count: 1 });
  const tweet = h.world.x.addTweet({
    text: "@PemkotBandung jalan berlubang besar di jl. cibaduyut depan pasar, motor sering jatuh",
    author: { username: "warga_cibaduyut" },
  });
  await h.aduan.pollNow();
  const ticket = await waitFor(() => h.aduan.store.getByTweetId(tweet.id), "the ticket");
  const chatId = h.world.chatIds[ticket.agency ?? ""] ?? 0;
  const staff = h.world.telegram.chats().find((c) => c.id === chatId)?.members[0];
  if (!staff) throw new Error("no staff");
  const card = await waitFor(
    () => h.world.telegram.messages(chatId).find((m) => (m.text ?? "").includes(ticket.id)),
    "the card",
    30_000,
  );
  await h.world.telegram.press({ chatId, messageId: card.messageId, userId: staff.id, button: "Ambil" });
  const forged = encodeCallbackData({ action: "resolve", ticketId: ticket.id }, chatId, "bukan-rahasia-kita");
  const asBot = new Telegram(h.world.telegram.token, { apiRoot: h.world.telegram.url });
  const fake = await asBot.sendMessage(chatId, "kartu palsu", {
    reply_markup: { inline_keyboard: [[{ text: "Selesai", callback_data: forged }]] },
  });
  await h.world.telegram.press({ chatId, messageId: fake.message_id, userId: staff.id, button: "Selesai" });
  await waitFor(
    () => h.world.x.tweets({ inReplyTo: tweet.id }).length > 0,
    "the received reply after X's 503",
    30_000,
  );

  // telegraf puts the bot token in its request URLs, and a network failure repeats the URL in the
  // error: a second bot pointed at a closed port logs exactly that error.
  const redis = new Redis("redis://127.0.0.1:6379");
  const deadBot = createAduanBot({
    token: h.world.telegram.token,
    apiRoot: "http://127.0.0.1:1",
    redis,
    prefix: h.prefix,
    store: h.aduan.store,
    effects: { telegram: async () => undefined, reply: async () => undefined },
    settings: h.aduan.settings,
    secret: CALLBACK_SECRET,
    log,
  });
  deadBot.launchPolling();
  await waitFor(() => lines.some((l) => l.includes("Telegram polling failed")), "the poller's error");
  await deadBot.stop();
  redis.disconnect();
}, 60_000);
afterAll(async () => {
  if (process.env["SHOW_LOGS"]) console.log(lines.join(""));
  await h?.close();
});

it("logged a real run, errors included", () => {
  const text = lines.join("");
  expect(lines.length).toBeGreaterThanOrEqual(8);
  expect(text).toContain('"msg":"polled X"');
  expect(text).toContain("job failed");
  expect(text).toContain("FetchError");
  expect(text).toContain("refused a button that was not issued for this chat");
  // The network error did carry the token's place in the URL: it was scrubbed, not absent.
  expect(text).toMatch(/\/bot(7012345678:)?\[(redacted|REDACTED)\]\//);
});

it.each([
  ["as is", (t: string) => `request to https://api.telegram.org/bot${t}/getUpdates failed`],
  ["URL-encoded", (t: string) => `GET /bot${encodeURIComponent(t)}/getMe -> ECONNRESET`],
  ["as its secret part alone", (t: string) => `token ...${t.split(":")[1] ?? ""} rejected`],
])("scrubs a bot token that a library repeats in an error message %s", (_form, message) => {
  const out: string[] = [];
  const log = createLogger({
    level: "info",
    secrets,
    destination: { write: (line: string) => void out.push(line) },
  });
  const token = "7012345678:AAH-aduan-simulator-local-token-000";

  log.error({ err: new Error(message(token)) }, "a Telegram call failed");

  expect(out).toHaveLength(1);
  expect(out[0]).toContain("[redacted]");
  expect(out[0]).not.toContain("AAH-aduan-simulator");
});

it("contains no secret from the environment in any form", () => {
  const text = lines.join("");
  for (const secret of secrets) {
    for (const form of forms(secret)) expect(text).not.toContain(form);
  }
});

it("contains neither half of the bot token's secret part nor any bearer or OAuth header", () => {
  const text = lines.join("");
  const tokenSecret = h.world.telegram.token.split(":")[1] ?? "";
  expect(tokenSecret.length).toBeGreaterThan(20);
  expect(text).not.toContain(tokenSecret.slice(0, 16));
  expect(text).not.toContain(tokenSecret.slice(-16));
  expect(text).not.toMatch(/bearer\s+[A-Za-z0-9%._~+/=-]{8,}/i);
  expect(text).not.toMatch(/oauth_(signature|token|consumer_key)/i);
  expect(text).not.toMatch(/authorization/i);
});

import { createServer } from "node:net";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookSettings } from "../src/app/telegram-webhook.js";
import { EnvError } from "../src/runtime/env.js";
import { createLogger } from "../src/runtime/logger.js";
import { startPipeline, type PipelineHarness } from "./support/pipeline-harness.js";
import { waitFor } from "./support/eventually.js";

describe("webhook settings from the environment", () => {
  it("takes the path Telegram posts to from the URL", () => {
    expect(
      webhookSettings({
        TELEGRAM_WEBHOOK_URL: "https://aduan.bandung.go.id/telegram/updates-7f3a",
        TELEGRAM_WEBHOOK_SECRET: "s3cret_Token-value",
      }),
    ).toEqual({
      url: "https://aduan.bandung.go.id/telegram/updates-7f3a",
      path: "/telegram/updates-7f3a",
      secretToken: "s3cret_Token-value",
    });
  });

  it("means long polling when no webhook URL is set", () => {
    expect(webhookSettings({ TELEGRAM_WEBHOOK_URL: undefined, TELEGRAM_WEBHOOK_SECRET: undefined })).toBe(
      undefined,
    );
  });

  it("refuses to start with a webhook URL but no secret, and says how to make one", () => {
    const start = () =>
      webhookSettings({
        TELEGRAM_WEBHOOK_URL: "https://aduan.bandung.go.id/telegram/updates",
        TELEGRAM_WEBHOOK_SECRET: undefined,
      });
    expect(start).toThrow(EnvError);
    expect(start).toThrow(/TELEGRAM_WEBHOOK_SECRET is not.*openssl rand -hex 32/s);
  });

  it.each([
    "https://aduan.bandung.go.id/",
    "https://aduan.bandung.go.id/metrics",
    "https://x.id/admin/queues",
  ])("refuses a webhook URL whose path the ops server already serves: %s", (url) => {
    expect(() => webhookSettings({ TELEGRAM_WEBHOOK_URL: url, TELEGRAM_WEBHOOK_SECRET: "abc_123" })).toThrow(
      /needs a path of its own/,
    );
  });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe("updates by webhook on the ops server", () => {
  const SECRET = "rahasia_webhook-Aduan-2026";
  const lines: string[] = [];
  let h: PipelineHarness;
  let hookUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    hookUrl = `http://127.0.0.1:${port}/telegram/aduan-updates`;
    const log = createLogger({
      level: "debug",
      secrets: [SECRET],
      destination: new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    });
    h = await startPipeline({
      roles: ["workers", "bot"],
      webhookPort: port,
      httpPort: 0,
      log,
      webhook: { url: hookUrl, path: "/telegram/aduan-updates", secretToken: SECRET },
    });
  }, 30_000);
  afterAll(async () => {
    await h?.close();
  });

  const dishub = () => {
    const id = h.world.chatIds["dishub"];
    if (id === undefined) throw new Error("no dishub group");
    const member = h.world.telegram.chats().find((c) => c.id === id)?.members[0];
    if (!member) throw new Error("no dishub staff");
    return { chatId: id, member };
  };

  const helpUpdate = (updateId: number) => {
    const { chatId, member } = dishub();
    return JSON.stringify({
      update_id: updateId,
      message: {
        message_id: 900_000 + updateId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: "supergroup", title: "Dishub" },
        from: { id: member.id, is_bot: false, first_name: member.name },
        text: "/help",
        entities: [{ type: "bot_command", offset: 0, length: 5 }],
      },
    });
  };

  it("registers the webhook with Telegram with its secret and the update kinds the bot handles", () => {
    const info = h.world.telegram.webhookInfo();

    expect(info.url).toBe(hookUrl);
    expect(info.allowed_updates).toEqual(["message", "callback_query", "my_chat_member", "chat_member"]);
  });

  it("handles a staff command that Telegram delivers through the webhook", async () => {
    const { chatId, member } = dishub();
    const before = h.world.telegram.messages(chatId).length;

    h.world.telegram.sendUserMessage({ chatId, userId: member.id, text: "/help" });

    const answer = await waitFor(
      () =>
        h.world.telegram
          .messages(chatId)
          .slice(before)
          .find((m) => m.from.isBot),
      "the bot's answer",
    );
    expect(answer.text).toContain("Ambil: Anda yang menangani");
    expect(h.world.telegram.webhookInfo().pending_update_count).toBe(0);
  });

  it.each([
    ["without the secret header", {}],
    ["with a wrong secret", { "x-telegram-bot-api-secret-token": "tebakan_saja" }],
    ["with the secret of another bot", { "x-telegram-bot-api-secret-token": `${SECRET}x` }],
  ])("answers 401 to a request %s and processes nothing", async (_label, headers) => {
    const { chatId } = dishub();
    const before = h.world.telegram.messages(chatId).length;
    const linesBefore = lines.length;

    const res = await fetch(hookUrl, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: helpUpdate(Math.floor(Math.random() * 100_000)),
    });

    expect(res.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.world.telegram.messages(chatId)).toHaveLength(before);
    const logged = lines.slice(linesBefore).map((l) => JSON.parse(l) as { msg: string; level: number });
    expect(logged.map((l) => l.msg)).toEqual([
      "refused a Telegram webhook request without the right secret token",
    ]);
  });

  it("answers 401 to a forged request before reading its body, even when the body is not JSON", async () => {
    const res = await fetch(hookUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{ not json",
    });

    expect(res.status).toBe(401);
  });

  it("processes the same request when it carries the right secret (the 401s above are the check, not a broken route)", async () => {
    const { chatId } = dishub();
    const before = h.world.telegram.messages(chatId).length;

    const res = await fetch(hookUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
      body: helpUpdate(777_001),
    });

    expect(res.status).toBe(200);
    await waitFor(() => h.world.telegram.messages(chatId).length > before, "the answer to /help");
  });

  it("serves the webhook on its own listener: the ops server (on 127.0.0.1) does not know the path, the webhook listener serves nothing else", async () => {
    const ops = h.aduan.httpUrl ?? "";
    expect(new URL(ops).hostname).toBe("127.0.0.1");
    const onOps = await fetch(`${ops}/telegram/aduan-updates`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
      body: helpUpdate(777_002),
    });
    expect(onOps.status).toBe(404);
    expect((await fetch(new URL("/healthz", hookUrl))).status).toBe(404);
    expect((await fetch(new URL("/metrics", hookUrl))).status).toBe(404);
  });

  it("never writes the secret into a log line", () => {
    expect(lines.join("")).not.toContain(SECRET);
  });
});

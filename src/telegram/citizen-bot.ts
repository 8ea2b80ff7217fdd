import { Telegraf } from "telegraf";
import { handleCitizenMessage, type CitizenDeps } from "../citizens/handle-citizen-message.js";
import { citizenCommands } from "../citizens/citizen-commands.js";
import type { Lang } from "../core/ui-strings.js";
import { citizenMessageOf, type WebhookHandler } from "./aduan-bot.js";
import { PerChatOrder } from "./per-chat-order.js";
import { superviseBotPolling, type PollingLog, type SupervisedPolling } from "./supervised-polling.js";
import { TelegrafChatGateway } from "./telegraf-chat-gateway.js";
import { limitTelegramCalls } from "./telegram-call-timeout.js";

export interface CitizenBotOptions {
  /** `TELEGRAM_CITIZEN_BOT_TOKEN`. */
  token: string;
  apiRoot?: string;
  citizens: CitizenDeps;
  language: Lang;
  log: PollingLog;
  now?: () => number;
  pollingBackoffMs?: { min: number; max: number };
  callTimeoutMs?: number;
  pollTimeoutSeconds?: number;
}

/**
 * The updates the citizen bot asks for: private messages, and `my_chat_member` so it can leave a
 * group someone added it to (it has no business there: cards are the staff bot's).
 */
export const CITIZEN_ALLOWED_UPDATES = ["message", "my_chat_member"] as const;

export interface CitizenBot {
  readonly bot: Telegraf;
  /** Its `@username` once getMe has answered (polling start, first webhook update, or `identify`). */
  username(): string | undefined;
  /** getMe, so the staff bot can name this one to strangers; a failure is logged, polling retries it. */
  identify(): Promise<void>;
  setCommands(): Promise<void>;
  launchPolling(onRevoked?: (err: Error) => void): void;
  lastUpdateCheckAt(): number | undefined;
  webhookCallback(path: string, secretToken: string): WebhookHandler;
  setWebhook(url: string, secretToken: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The citizen-facing bot (`TELEGRAM_CITIZEN_BOT_TOKEN`): every private message goes to the same
 * citizen use case as on the one-bot setup, one chat's messages in the order they were sent. It
 * only receives: what it says to citizens (answers, status messages) goes out as queue jobs marked
 * `bot: "citizen"`, which the workers send with this token under its own rate gate.
 */
export function createCitizenBot(opts: CitizenBotOptions): CitizenBot {
  const bot = new Telegraf(opts.token, {
    telegram: { webhookReply: false, ...(opts.apiRoot ? { apiRoot: opts.apiRoot } : {}) },
  });
  limitTelegramCalls(bot.telegram, opts.callTimeoutMs);
  const log = opts.log;
  // Commands and leaving a group put nothing in a chat: no rate gate needed.
  const telegraf = new TelegrafChatGateway(bot.telegram);
  const order = new PerChatOrder();

  bot.on("message", async (ctx) => {
    const m = ctx.message;
    if (!m.from || m.from.is_bot || m.chat.type !== "private") return;
    const from = m.from;
    await order.run(m.chat.id, () => handleCitizenMessage(opts.citizens, citizenMessageOf(m, from)));
  });

  bot.on("my_chat_member", async (ctx) => {
    const c = ctx.myChatMember.chat;
    const status = ctx.myChatMember.new_chat_member.status;
    if (c.type === "private" || status === "left" || status === "kicked") return;
    log.warn(
      { chat: c.id, by: ctx.myChatMember.from.id },
      "the citizen bot was added to a group; leaving it",
    );
    await telegraf.leaveChat(c.id);
  });

  bot.catch((err, ctx) => {
    log.error(
      { err: String(err), update: ctx.update.update_id, type: ctx.updateType, chat: ctx.chat?.id },
      "a Telegram update of the citizen bot failed",
    );
  });

  let polling: SupervisedPolling | undefined;
  let lastWebhookUpdate: number | undefined;
  const setCommands = () =>
    telegraf.setCommands(citizenCommands(opts.language), { type: "all_private_chats" });

  return {
    bot,
    username: () => bot.botInfo?.username,
    async identify() {
      try {
        // eslint-disable-next-line no-restricted-syntax -- getMe puts nothing in a chat: no rate gate to pass
        bot.botInfo ??= await bot.telegram.getMe();
      } catch (err) {
        log.warn({ error: String(err) }, "getMe of the citizen bot failed; its name is learnt later");
      }
    },
    setCommands,
    launchPolling(onRevoked) {
      setCommands().catch((err: unknown) =>
        log.warn({ error: String(err) }, "setMyCommands of the citizen bot failed"),
      );
      polling = superviseBotPolling({
        bot,
        allowedUpdates: CITIZEN_ALLOWED_UPDATES,
        log,
        ...(opts.now ? { now: opts.now } : {}),
        ...(opts.pollingBackoffMs
          ? { minBackoffMs: opts.pollingBackoffMs.min, maxBackoffMs: opts.pollingBackoffMs.max }
          : {}),
        ...(opts.pollTimeoutSeconds !== undefined ? { pollTimeoutSeconds: opts.pollTimeoutSeconds } : {}),
        onRevoked: (err) => onRevoked?.(err),
      });
    },
    lastUpdateCheckAt: () => polling?.lastPollAt() ?? lastWebhookUpdate,
    setWebhook: (url, secretToken) => telegraf.setWebhook(url, secretToken, CITIZEN_ALLOWED_UPDATES),
    webhookCallback(path, secretToken) {
      const handle = bot.webhookCallback(path, { secretToken });
      return async (req, res, next) => {
        await handle(req, res, next);
        if (res.statusCode < 400 && req.body !== undefined) lastWebhookUpdate = (opts.now ?? Date.now)();
      };
    },
    async stop() {
      polling?.stop();
      await polling?.done;
    },
  };
}

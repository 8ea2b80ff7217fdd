import { cleanPersonName } from "../core/invisible-text.js";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Redis } from "ioredis";
import { Telegraf } from "telegraf";
import type { Update, User } from "telegraf/types";
import { agencyForChat, chatForAgency, type PipelineSettings } from "../core/settings.js";
import { RedisCommandRateLimit, RedisStrangerNotice } from "../staff/command-rate-limit.js";
import { handleMessage, isStranger, type StaffMessage } from "../staff/handle-message.js";
import {
  handleCitizenMessage,
  type CitizenDeps,
  type CitizenMessage,
} from "../citizens/handle-citizen-message.js";
import { citizenCommands } from "../citizens/citizen-commands.js";
import { PerChatOrder } from "./per-chat-order.js";
import { supervisorCommands } from "../supervision/supervisor-commands.js";
import { withDashboardCommand } from "../staff/dashboard-command.js";
import { handlePress } from "../staff/handle-press.js";
import { isRuleCallback } from "../core/rule-callback-data.js";
import { handleRulePress } from "../learning/rule-press.js";
import { RedisLearnedRules } from "../redis/learned-rules.js";
import { CachedMembership, isPresent, type Membership } from "../staff/membership.js";
import { RedisPromptMemory } from "../staff/prompt-memory.js";
import { RedisPendingNotes } from "../staff/pending-notes.js";
import type { ParkingActions, StaffDeps, StaffLog } from "../staff/staff-deps.js";
import type { StaffEffects } from "../ports/effects.js";
import { escapeHtml } from "../core/render-card.js";
import { commandsFor, type ChatRole } from "../staff/command-catalogue.js";
import type { TicketStore } from "../ports/ticket-store.js";
import { uiStrings } from "../core/ui-strings.js";
import type { SupervisionContext } from "../core/supervision-context.js";
import type { ReplyTemplates } from "../core/render-reply.js";
import { type ChatGateway, type MemberStatus } from "../ports/chat-gateway.js";
import { effectiveStatus, TelegrafChatGateway } from "./telegraf-chat-gateway.js";
import { limitTelegramCalls } from "./telegram-call-timeout.js";
import { GatedChatGateway } from "../dispatch/gated-chat-gateway.js";
import { TELEGRAM_LIMITS, type RateGate } from "../ports/rate-gate.js";
import { SendRateGate } from "../redis/send-rate-gate.js";
import { superviseBotPolling, type SupervisedPolling } from "./supervised-polling.js";

export interface AduanBotOptions {
  token: string;
  /** Bot API base URL: the simulator or a proxy. Default Telegram's own. */
  apiRoot?: string;
  redis: Redis;
  /** Key namespace, e.g. `aduan`: membership cache, prompts and command counters live under `<prefix>:tg:`. */
  prefix: string;
  store: TicketStore;
  effects: StaffEffects;
  settings: PipelineSettings;
  /** HMAC key of callback data: the same one the card renderer signs buttons with. */
  secret: string;
  /** Default `Date.now`. */
  now?: () => number;
  log: StaffLog;
  /** `telegram.membership_cache_seconds`. Default 60. */
  membershipCacheSeconds?: number;
  /** `telegram.leave_unknown_groups`: leave a group no agency owns after telling the operator. Default true. */
  leaveUnknownGroups?: boolean;
  /** Commands per user and minute in groups. Default 10 (`telegram.commands_per_minute`). */
  commandsPerMinute?: number;
  /**
   * Commands per user and minute in a private chat with the bot. Default 10
   * (`telegram.private_messages_per_minute`).
   */
  privateMessagesPerMinute?: number;
  /** A stranger writing privately is answered once per this many minutes. Default 60 (`telegram.stranger_answer_minutes`). */
  strangerAnswerMinutes?: number;
  /**
   * The shared rate gate every call that puts something in a chat passes (the workers' gate, in
   * the same Redis). Default: the Redis gate under `prefix` with Telegram's limits.
   */
  gate?: RateGate;
  /** A group became a supergroup (Telegram's `migrate_to_chat_id` service message). */
  onMigrated?: (oldChatId: number, newChatId: number) => Promise<void>;
  /** Replaces the Redis-cached `getChatMember` (rarely wanted outside tests). */
  membership?: Membership;
  /** SLA targets and calendars for the supervisors' commands; without it they answer "not available". */
  supervision?: SupervisionContext;
  /** Citizen reply templates: a staff member whose note was shortened for X is told what was sent. */
  replyTemplates?: ReplyTemplates;
  /** Parked effects for `/macet`, its buttons and `/antrian`'s count; without it `/macet` lists nothing. */
  parking?: ParkingActions;
  /** The daily digest composed now, for `/digest`; without it `/digest` answers "not available". */
  digestNow?: StaffDeps["digestNow"];
  /** `/dasbor`: issues a one-time dashboard login link (URL) for a user; without it `/dasbor` says it is not set up. */
  dashboardLink?: StaffDeps["dashboardLink"];
  /**
   * Citizens' reports in private chats (`citizens/`, app.yaml `citizens.enabled`). Without it a
   * stranger writing privately gets the one polite refusal per window.
   */
  citizens?: CitizenDeps;
  /**
   * Citizens write to a bot of their own (`TELEGRAM_CITIZEN_BOT_TOKEN`, `citizen-bot.ts`): this bot
   * then keeps private chats for staff, and answers a stranger once per window with that bot's name.
   */
  citizenBot?: { username(): string | undefined };
  /** Backoff of long polling after a failure: first and largest pause. Defaults 1 s and 60 s. */
  pollingBackoffMs?: { min: number; max: number };
  /** Limit of each Bot API call (a long poll gets its poll timeout on top). Default 30 s. */
  callTimeoutMs?: number;
  /** Long-poll timeout of getUpdates in seconds. Default 50. */
  pollTimeoutSeconds?: number;
}

export type WebhookHandler = (
  req: IncomingMessage & { body?: Update },
  res: ServerResponse,
  next?: () => void,
) => Promise<void>;

export interface AduanBot {
  readonly bot: Telegraf;
  readonly chat: ChatGateway;
  readonly deps: StaffDeps;
  /** Registers `/start`, `/help`, `/tiket`, `/antrian`, `/statistik`, `/terlambat`, `/laporan` with their descriptions in the UI language. */
  setCommands(): Promise<void>;
  /**
   * Long polling (one poller per token). Registers the commands first; failures are logged, never
   * thrown, and polling restarts with backoff (see `superviseBotPolling`) except on a 401, which
   * calls `onRevoked` (the process should exit).
   */
  launchPolling(onLaunch?: () => void, onRevoked?: (err: Error) => void): void;
  /** When long polling last got an answer from getUpdates, or a webhook last delivered an update. */
  lastUpdateCheckAt(): number | undefined;
  /** The request handler for a webhook at `path` that checks Telegram's `X-Telegram-Bot-Api-Secret-Token`. */
  webhookCallback(path: string, secretToken: string): WebhookHandler;
  /** Webhook mode: tells Telegram to deliver the updates Aduan handles to `url`. */
  setWebhook(url: string, secretToken: string): Promise<void>;
  /** Stops polling and waits until the poller has let go. */
  stop(reason?: string): Promise<void>;
}

/**
 * The updates the bot handles; `my_chat_member` tells it which groups it was added to or removed
 * from, `chat_member` (off unless asked for; the bot must be an admin) who joins or leaves them.
 */
export const ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member", "chat_member"] as const;

/**
 * The callback data of the buttons on the pressed message, as Telegram reports it with the query;
 * nothing when the message is inaccessible to the bot (Telegram then sends `date: 0` and no content).
 */
function keyboardOf(message: object): { keyboard?: string[] } {
  const m = message as { date?: number; reply_markup?: { inline_keyboard?: unknown } };
  if (m.date === 0) return {};
  const rows = m.reply_markup?.inline_keyboard;
  if (!Array.isArray(rows)) return { keyboard: [] };
  const data: string[] = [];
  for (const row of rows) {
    if (!Array.isArray(row)) continue;
    for (const b of row as { callback_data?: unknown }[]) {
      if (typeof b.callback_data === "string") data.push(b.callback_data);
    }
  }
  return { keyboard: data };
}

/** A private message of a citizen: only what the report may keep (first name, never the username). */
export function citizenMessageOf(
  m: object & { chat: { id: number }; message_id: number },
  from: User,
): CitizenMessage {
  const x = m as {
    text?: unknown;
    caption?: unknown;
    photo?: { file_id: string }[];
    location?: { latitude: number; longitude: number };
    contact?: { phone_number: string; user_id?: number };
  };
  const photo = Array.isArray(x.photo) && x.photo.length > 0 ? x.photo[x.photo.length - 1] : undefined;
  return {
    chatId: m.chat.id,
    messageId: m.message_id,
    user: { id: from.id, firstName: cleanPersonName(from.first_name, "Warga") },
    ...(typeof x.text === "string" ? { text: x.text } : {}),
    ...(typeof x.caption === "string" ? { caption: x.caption } : {}),
    ...(photo ? { photoFileId: photo.file_id } : {}),
    ...(x.location ? { location: { latitude: x.location.latitude, longitude: x.location.longitude } } : {}),
    ...(x.contact
      ? {
          contact: {
            phone: x.contact.phone_number,
            ...(x.contact.user_id !== undefined ? { userId: x.contact.user_id } : {}),
          },
        }
      : {}),
  };
}

function displayName(user: User): string {
  // Anyone can put an RTL override or zero-width characters in their name: shown cleaned everywhere.
  const fallback = user.username ?? String(user.id);
  return cleanPersonName([user.first_name, user.last_name].filter(Boolean).join(" "), fallback);
}

/**
 * The staff side of Aduan on telegraf: button presses, prompt answers and commands go to the
 * staff use cases, which know nothing of telegraf. Every handler error ends in one `bot.catch`,
 * which logs it and keeps the bot running.
 */
export function createAduanBot(opts: AduanBotOptions): AduanBot {
  const bot = new Telegraf(opts.token, {
    telegram: { webhookReply: false, ...(opts.apiRoot ? { apiRoot: opts.apiRoot } : {}) },
  });
  limitTelegramCalls(bot.telegram, opts.callTimeoutMs);
  const log = opts.log;
  // One gateway over bot.telegram for every handler (ctx.telegram points at the same apiRoot and
  // token): sends, edits and deletes pass the shared rate gate as interactive calls, waiting in
  // process for a slot (there is no job to delay) ahead of the workers' cards.
  const telegraf = new TelegrafChatGateway(bot.telegram);
  const chat = new GatedChatGateway(telegraf, {
    gate: opts.gate ?? new SendRateGate(opts.redis, opts.prefix, TELEGRAM_LIMITS),
    now: opts.now ?? Date.now,
    onWait: "wait",
    priority: "interactive",
    onRateLimited: (chatId, retryAfterS) =>
      log.warn({ chat: chatId, retryAfterS }, "Telegram said 429: every sender holds back until retry_after"),
    onAnswerSkipped: (waitMs) =>
      log.warn({ waitMs }, "skipped a callback answer: Telegram asked the bot to hold back"),
  });
  const settings = opts.settings;
  const deps: StaffDeps = {
    store: opts.store,
    chat,
    effects: opts.effects,
    membership:
      opts.membership ??
      new CachedMembership({
        redis: opts.redis,
        prefix: opts.prefix,
        chat,
        ttlSeconds: opts.membershipCacheSeconds ?? 60,
      }),
    prompts: new RedisPromptMemory(opts.redis, opts.prefix),
    pendingNotes: new RedisPendingNotes(opts.redis, opts.prefix),
    commandRate: new RedisCommandRateLimit(opts.redis, opts.prefix, opts.commandsPerMinute),
    privateRate: new RedisCommandRateLimit(opts.redis, opts.prefix, opts.privateMessagesPerMinute, "private"),
    strangers: new RedisStrangerNotice(opts.redis, opts.prefix, opts.strangerAnswerMinutes),
    settings,
    secret: opts.secret,
    now: opts.now ?? Date.now,
    log,
    ...(opts.supervision ? { supervision: opts.supervision } : {}),
    ...(opts.replyTemplates ? { replyTemplates: opts.replyTemplates } : {}),
    ...(opts.parking ? { parking: opts.parking } : {}),
    ...(opts.digestNow ? { digestNow: opts.digestNow } : {}),
    ...(opts.dashboardLink ? { dashboardLink: opts.dashboardLink } : {}),
    ...(opts.citizenBot ? { citizenBot: opts.citizenBot } : {}),
    commands: withDashboardCommand(supervisorCommands),
  };
  const withBot = (username: string | undefined): StaffDeps =>
    username ? { ...deps, botUsername: username } : deps;

  bot.on("callback_query", async (ctx) => {
    const q = ctx.callbackQuery;
    if (!("data" in q) || !q.message) {
      // Games and inline-mode messages are not ours; the query still gets its one answer.
      await chat.answerCallback(q.id, "");
      return;
    }
    if (isRuleCallback(q.data)) {
      // Terima / Abaikan under a rule suggestion in the supervisors' group (learning/rule-press.ts).
      await handleRulePress(
        {
          rules: new RedisLearnedRules(opts.redis, opts.prefix),
          chat,
          membership: deps.membership,
          settings,
          secret: opts.secret,
          now: deps.now,
        },
        {
          callbackQueryId: q.id,
          chatId: q.message.chat.id,
          messageId: q.message.message_id,
          user: { id: q.from.id, name: displayName(q.from) },
          data: q.data,
        },
      );
      return;
    }
    await handlePress(withBot(ctx.botInfo?.username), {
      callbackQueryId: q.id,
      chatId: q.message.chat.id,
      messageId: q.message.message_id,
      user: { id: q.from.id, name: displayName(q.from) },
      data: q.data,
      ...keyboardOf(q.message),
    });
  });

  const privateOrder = new PerChatOrder();
  bot.on("message", async (ctx) => {
    const m = ctx.message;
    if ("migrate_to_chat_id" in m && typeof m.migrate_to_chat_id === "number") {
      await opts.onMigrated?.(m.chat.id, m.migrate_to_chat_id);
      return;
    }
    if (!m.from || m.from.is_bot) return;
    // A private chat with someone in none of the groups is a citizen's report; staff keep their commands.
    if (opts.citizens && !opts.citizenBot && m.chat.type === "private") {
      const citizens = opts.citizens;
      const from = m.from;
      // One private chat's messages in the order they were sent (see PerChatOrder).
      const handled = await privateOrder.run(m.chat.id, async () => {
        if (!(await isStranger(deps, from.id))) return false;
        await handleCitizenMessage(citizens, citizenMessageOf(m, from));
        return true;
      });
      if (handled) return;
    }
    const msg: StaffMessage = {
      chatId: m.chat.id,
      chatType: m.chat.type,
      messageId: m.message_id,
      user: { id: m.from.id, name: displayName(m.from) },
      hasPhoto: "photo" in m && Array.isArray(m.photo) && m.photo.length > 0,
      ...("text" in m && typeof m.text === "string" ? { text: m.text } : {}),
      ...("caption" in m && typeof m.caption === "string" ? { caption: m.caption } : {}),
      ...("reply_to_message" in m && m.reply_to_message
        ? { replyToMessageId: m.reply_to_message.message_id }
        : {}),
    };
    await handleMessage(withBot(ctx.botInfo?.username), msg);
  });

  bot.on("chat_member", async (ctx) => {
    // Someone's rights in a group changed: forget what was cached about them there.
    const u = ctx.chatMember;
    await deps.membership.changed?.(u.chat.id, u.new_chat_member.user.id);
    const was = isPresent(effectiveStatus(u.old_chat_member));
    const is = isPresent(effectiveStatus(u.new_chat_member));
    if (was && !is) log.info({ chat: u.chat.id, user: u.new_chat_member.user.id }, "a member left a group");
    // A new member of a configured group is staff from now on, not a stranger until the window ends.
    if (!was && is) await deps.strangers?.forget(u.new_chat_member.user.id);
  });

  bot.on("my_chat_member", async (ctx) => {
    const update = ctx.myChatMember;
    const c = update.chat;
    if (c.type !== "group" && c.type !== "supergroup") return;
    const was = isPresent(update.old_chat_member.status as MemberStatus);
    const is = isPresent(update.new_chat_member.status as MemberStatus);
    const known = agencyForChat(settings, c.id) !== undefined || c.id === settings.supervisorsChatId;
    const title = c.title;
    if (was && !is) {
      log.warn({ chat: c.id, title, known, by: update.from.id }, "the bot was removed from a group");
      return;
    }
    if (was || !is) return;
    if (known) {
      log.info({ chat: c.id, title }, "the bot was added to a configured group");
      return;
    }
    const leave = opts.leaveUnknownGroups ?? true;
    log.warn({ chat: c.id, title, by: update.from.id, leave }, "the bot was added to a group no agency owns");
    const operator = chatForAgency(settings, settings.triageAgency);
    if (operator !== undefined && operator !== c.id) {
      await opts.effects.telegram({
        kind: "text",
        chatId: operator,
        html: escapeHtml(uiStrings(settings.language).staff.unknownGroup(title, c.id, leave)),
      });
    }
    // Told first, left second: the operator hears of the group even if leaving fails.
    if (leave) await chat.leaveChat(c.id);
  });

  bot.catch((err, ctx) => {
    log.error(
      { err, update: ctx.update.update_id, type: ctx.updateType, chat: ctx.chat?.id, user: ctx.from?.id },
      "a Telegram update failed",
    );
  });

  let polling: SupervisedPolling | undefined;
  let lastWebhookUpdate: number | undefined;
  const setCommands = async (): Promise<void> => {
    // Telegram's menu per scope, the same lists /help shows: each configured group by its chat,
    // private chats (the supervisors' commands marked as theirs), and a default for the rest.
    const t = uiStrings(settings.language);
    const menu = (role: ChatRole, supervisor: boolean, desk = false) =>
      commandsFor(t, role, supervisor, desk).map((e) => ({ command: e.command, description: e.description }));
    await chat.setCommands(menu("agency", false));
    await chat.setCommands(menu("agency", false), { type: "all_group_chats" });
    // With citizens' intake, private chats are mostly citizens': their menu (staff still type theirs).
    await chat.setCommands(opts.citizens ? citizenCommands(settings.language) : menu("private", true), {
      type: "all_private_chats",
    });
    const groups = new Map<number, ChatRole>();
    for (const a of settings.agencies.values()) if (a.chatId !== undefined) groups.set(a.chatId, "agency");
    if (settings.supervisorsChatId !== undefined) groups.set(settings.supervisorsChatId, "supervisors");
    for (const [chatId, role] of groups) {
      // A group the bot is not in yet refuses its scope; the others still get theirs.
      await chat
        .setCommands(menu(role, true, chatId === settings.agencies.get(settings.triageAgency)?.chatId), {
          type: "chat",
          chat_id: chatId,
        })
        .catch((err: unknown) =>
          log.warn({ chat: chatId, err: String(err) }, "setMyCommands for a group failed"),
        );
    }
  };

  return {
    bot,
    chat,
    deps,
    setCommands,
    launchPolling(onLaunch, onRevoked) {
      setCommands().catch((err: unknown) => log.error({ err }, "setMyCommands failed"));
      polling = superviseBotPolling({
        bot,
        allowedUpdates: ALLOWED_UPDATES,
        log,
        ...(opts.now ? { now: opts.now } : {}),
        ...(opts.pollingBackoffMs
          ? { minBackoffMs: opts.pollingBackoffMs.min, maxBackoffMs: opts.pollingBackoffMs.max }
          : {}),
        ...(opts.pollTimeoutSeconds !== undefined ? { pollTimeoutSeconds: opts.pollTimeoutSeconds } : {}),
        ...(onLaunch ? { onLaunch } : {}),
        onRevoked: (err) => onRevoked?.(err),
      });
    },
    lastUpdateCheckAt: () => polling?.lastPollAt() ?? lastWebhookUpdate,
    setWebhook: (url, secretToken) => telegraf.setWebhook(url, secretToken, ALLOWED_UPDATES),
    webhookCallback(path, secretToken) {
      const handle = bot.webhookCallback(path, { secretToken });
      return async (req, res, next) => {
        await handle(req, res, next);
        // Only a delivery telegraf accepted (right path and secret) counts as the bot being reachable.
        if (res.statusCode < 400 && req.body !== undefined) lastWebhookUpdate = (opts.now ?? Date.now)();
      };
    },
    async stop(reason = "stop") {
      try {
        bot.stop(reason);
      } catch {
        // Not running (webhook mode, or our own poller): nothing for telegraf to stop.
      }
      polling?.stop();
      await polling?.done;
    },
  };
}

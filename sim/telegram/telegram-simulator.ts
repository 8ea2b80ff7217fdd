import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import { ZodError } from "zod";
import { BotApiError, tooManyRequests } from "./simulator/bot-api-error.js";
import {
  SimBotApi,
  type PressInput,
  type PressResult,
  type UserMessageInput,
} from "./simulator/bot-api-methods.js";
import { registerControlRoutes } from "./simulator/control-routes.js";
import { FaultPlan, type SimFault } from "./simulator/fault-plan.js";
import { TELEGRAM_FLOOD_LIMITS, type FloodLimits } from "./simulator/flood-control.js";
import { MethodParams, parseMultipart } from "./simulator/request-params.js";
import {
  SimControlError,
  SimWorld,
  type SimChatInput,
  type SimChatView,
  type SimMemberInput,
  type SimMessageView,
} from "./simulator/sim-world.js";
import type { TgMessage, TgUpdate, TgUser, TgWebhookInfo } from "./simulator/telegram-wire-types.js";

export type { PressInput, PressResult, UserMessageInput } from "./simulator/bot-api-methods.js";
export type { SimFault } from "./simulator/fault-plan.js";
export type { FloodLimits } from "./simulator/flood-control.js";
export type {
  SimChatInput,
  SimChatView,
  SimMemberInput,
  SimMessageView,
  SimButtonView,
} from "./simulator/sim-world.js";
export type * from "./simulator/telegram-wire-types.js";

/** The token the simulator accepts unless told otherwise. Shaped like a real one; worthless outside it. */
export const DEFAULT_SIM_TOKEN = "7012345678:AAH-aduan-simulator-local-token-000";
/** A second simulated bot's token (the citizen-facing bot), another bot id than the default's. */
export const CITIZEN_SIM_TOKEN = "7012345679:AAH-aduan-simulator-citizen-token-00";

export interface TelegramSimulatorOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The one bot token accepted; any other gets 401. Default `DEFAULT_SIM_TOKEN`. */
  token?: string;
  /** Clock for message dates, flood windows and callback-query expiry. Default `Date.now`. */
  now?: () => number;
  /** Enforce Telegram's flood limits (429 with retry_after). Default true; benchmarks turn it off. */
  floodControl?: boolean;
  /** Override the flood limits (defaults: 20 a minute per group, 30 a second overall). */
  floodLimits?: Partial<FloodLimits>;
  /** Refuse a bare `&` or unknown named entity in HTML (real Telegram keeps it literally). Default true. */
  strictHtmlEntities?: boolean;
  /** Chats to create at start. */
  chats?: SimChatInput[];
  /** The bot's first name and username as getMe reports them. Defaults "Aduan" / "aduan_sim_bot". */
  botName?: string;
  botUsername?: string;
  /** Pause before re-delivering an update the webhook refused. Default 1000 ms. */
  webhookRetryDelayMs?: number;
  /**
   * More bots on the same simulated Telegram (a citizen-facing bot beside the staff one), each
   * with its own token, chats, updates, files and flood windows, as separate bots are. Reach each
   * through `otherBot(token)`; the web view and control routes show the first bot.
   */
  otherBots?: { token: string; botName?: string; botUsername?: string }[];
}

/** One bot of the simulated Telegram: its chats, updates and files, as that bot sees them. */
export interface SimBot {
  readonly token: string;
  /** The bot as getMe returns it. */
  readonly bot: TgUser;
  addChat(input: SimChatInput): SimChatView;
  /**
   * A person's private chat with the bot (its id is theirs, as on Telegram): a citizen who opened
   * the bot. `blocked`: they blocked it (the bot's sends there answer 403).
   */
  addPrivateChat(user: { id: number; name: string; username?: string; blocked?: boolean }): SimChatView;
  setMember(chatId: number, member: SimMemberInput): void;
  /** Removes the bot from a group (`kicked`, `left`: its calls there answer 403) or lets it back in. */
  setBotStatus(chatId: number, status: SimChatView["botStatus"]): void;
  chats(): SimChatView[];
  /** The bot's messages in a chat as they look now (after edits; deleted ones flagged); users' too if asked. */
  messages(chatId: number, options?: { includeUsers?: boolean }): SimMessageView[];
  /** A member presses an inline button; resolves with the bot's answerCallbackQuery (or `answered: false`). */
  press(input: PressInput): Promise<PressResult>;
  /** A member writes in a chat; the bot receives it as a `message` update. */
  sendUserMessage(input: UserMessageInput): TgMessage;
  /** Upgrades a group to a supergroup with a new id; the old id then answers 400 with migrate_to_chat_id. */
  migrateChat(chatId: number, newId?: number): { oldChatId: number; newChatId: number };
  addFault(fault: SimFault): void;
  clearFaults(): void;
  /** Updates not yet confirmed by the bot (getUpdates offset) or delivered to its webhook. */
  pendingUpdates(): TgUpdate[];
  webhookInfo(): TgWebhookInfo;
  /** Calls served per Bot API method. */
  stats(): Record<string, number>;
  /** An uploaded file (e.g. a CSV report sent with sendDocument). */
  file(fileId: string): { fileName: string; mimeType: string; data?: Buffer; url?: string } | undefined;
  /** Forget flood-control history (e.g. between benchmark phases). */
  resetFloodControl(): void;
}

export interface TelegramSimulator extends SimBot {
  /** Base URL, for telegraf's `telegram.apiRoot` (and the web view at `/`). */
  readonly url: string;
  close(): Promise<void>;
  /** Another bot given in `otherBots`, on the same URL. */
  otherBot(token: string): SimBot;
}

/** Starts a local Telegram Bot API that telegraf can use unmodified via `telegram.apiRoot`. */
export async function startTelegramSimulator(
  options: TelegramSimulatorOptions = {},
): Promise<TelegramSimulator> {
  const now = options.now ?? Date.now;
  const makeBot = (token: string, name: string, username: string): BotState => {
    const botId = Number(token.split(":")[0]);
    if (!Number.isSafeInteger(botId) || botId <= 0)
      throw new Error("the simulator's token must look like <bot id>:<secret>");
    const botProfile: TgUser = {
      id: botId,
      is_bot: true,
      first_name: name,
      username,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    };
    const world = new SimWorld({ id: botId, is_bot: true, first_name: name, username });
    const api = new SimBotApi(world, botProfile, {
      now,
      floodControl: options.floodControl ?? true,
      floodLimits: { ...TELEGRAM_FLOOD_LIMITS, ...options.floodLimits },
      strictHtmlEntities: options.strictHtmlEntities ?? true,
      ...(options.webhookRetryDelayMs !== undefined
        ? { webhookRetryDelayMs: options.webhookRetryDelayMs }
        : {}),
    });
    return { token, botId, botProfile, world, api, faults: new FaultPlan() };
  };
  const primary = makeBot(
    options.token ?? DEFAULT_SIM_TOKEN,
    options.botName ?? "Aduan",
    options.botUsername ?? "aduan_sim_bot",
  );
  const bots = new Map<string, BotState>([[primary.token, primary]]);
  for (const other of options.otherBots ?? []) {
    if (bots.has(other.token)) throw new Error("each simulated bot needs a token of its own");
    const state = makeBot(
      other.token,
      other.botName ?? "Aduan Warga",
      other.botUsername ?? "aduan_warga_sim_bot",
    );
    if ([...bots.values()].some((b) => b.botId === state.botId))
      throw new Error("each simulated bot needs a bot id of its own");
    bots.set(other.token, state);
  }
  const { world, api, faults } = primary;
  const hung = new Set<AbortController>();
  for (const chat of options.chats ?? []) world.addChat(chat);

  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 50 * 1024 * 1024 });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    const text = String(body).trim();
    if (text === "") return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new BotApiError(400, "Bad Request: can't parse JSON"), undefined);
    }
  });
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string" },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    },
  );
  app.addContentTypeParser("multipart/form-data", { parseAs: "buffer" }, (request, body, done) => {
    try {
      done(null, parseMultipart(body as Buffer, request.headers["content-type"] ?? ""));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, _body, done) => done(null, {}));

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof BotApiError) return reply.code(error.errorCode).send(error.toBody());
    if (error instanceof SimControlError) return reply.code(error.status).send({ error: error.message });
    if (error instanceof ZodError) {
      return reply
        .code(400)
        .send({ error: error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return reply
        .code(status)
        .send(
          isBotPath(request.url)
            ? { ok: false, error_code: status, description: `Bad Request: ${(error as Error).message}` }
            : { error: (error as Error).message },
        );
    }
    console.error("telegram simulator: internal error", error);
    return reply.code(500).send({ ok: false, error_code: 500, description: "Internal Server Error" });
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send({ ok: false, error_code: 404, description: "Not Found" }),
  );

  registerControlRoutes(app, api, faults);

  app.route<{ Params: { botPath: string; method: string } }>({
    method: ["GET", "POST"],
    url: "/:botPath/:method",
    handler: async (request, reply) => {
      const { botPath, method } = request.params;
      if (!botPath.startsWith("bot"))
        return reply.code(404).send({ ok: false, error_code: 404, description: "Not Found" });
      const state = bots.get(botPath.slice(3));
      if (!state) return reply.code(401).send({ ok: false, error_code: 401, description: "Unauthorized" });
      if (!state.api.hasMethod(method))
        return reply.code(404).send({ ok: false, error_code: 404, description: "Not Found" });
      return await serveMethod(state, request, reply, method);
    },
  });

  // A file's download link from getFile, as https://api.telegram.org/file/bot<token>/<file_path>.
  app.get<{ Params: { botPath: string; fileId: string } }>(
    "/file/:botPath/files/:fileId",
    async (request, reply) => {
      const state = bots.get(request.params.botPath.replace(/^bot/, ""));
      if (!state) return reply.code(401).send({ ok: false, error_code: 401, description: "Unauthorized" });
      const data = state.world.file(request.params.fileId)?.data;
      if (!data) return reply.code(404).send({ ok: false, error_code: 404, description: "Not Found" });
      return reply.type("application/octet-stream").send(data);
    },
  );

  async function serveMethod(
    state: BotState,
    request: FastifyRequest,
    reply: FastifyReply,
    method: string,
  ): Promise<FastifyReply | undefined> {
    const { api, faults } = state;
    const abort = new AbortController();
    reply.raw.on("close", () => {
      if (!reply.raw.writableFinished) abort.abort();
    });
    const body =
      typeof request.body === "object" && request.body !== null
        ? (request.body as Record<string, unknown>)
        : {};
    const raw = { ...(request.query as Record<string, unknown>), ...body };
    const params = new MethodParams(raw);
    const chatParam = Number(raw["chat_id"] ?? Number.NaN);
    const fault = faults.take(method, Number.isFinite(chatParam) ? chatParam : undefined);
    if (fault?.hang) {
      hung.add(abort);
      // Until the client gives up, or the simulator closes.
      await sleep(2_147_483_647, abort.signal);
      hung.delete(abort);
      reply.hijack();
      request.raw.socket.destroy();
      return undefined;
    }
    if (fault?.delayMs) await sleep(fault.delayMs, abort.signal);
    if (fault?.status !== undefined && fault.status !== 200) {
      const error = faultError(fault);
      return reply.code(error.errorCode).send(error.toBody());
    }
    const outcome = await api.call(method, params, abort.signal);
    if (fault?.dropResponse) {
      // The effect happened; the client never hears about it, as when a connection dies mid-response.
      reply.hijack();
      request.raw.socket.destroy();
      return undefined;
    }
    return reply.send({
      ok: true,
      result: outcome.result,
      ...(outcome.description ? { description: outcome.description } : {}),
    });
  }

  const host = options.host ?? "127.0.0.1";
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : options.port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  const handleOf = (state: BotState): SimBot => {
    const { world, api, faults, botId } = state;
    return {
      token: state.token,
      bot: state.botProfile,
      addChat: (input) => world.addChat(input),
      addPrivateChat: (user) =>
        world.addChat({
          id: user.id,
          type: "private",
          title: user.name,
          members: [{ id: user.id, name: user.name, ...(user.username ? { username: user.username } : {}) }],
          botStatus: user.blocked ? "kicked" : "member",
        }),
      setMember: (chatId, member) => api.setMember(chatId, member),
      setBotStatus: (chatId, status) => api.world.setBotStatus(chatId, status),
      chats: () => world.chats(),
      messages(chatId, opts = {}) {
        const chat = world.chat(chatId) ?? world.chat(world.migratedTo(chatId) ?? NaN);
        if (!chat) throw new SimControlError(404, `no chat ${chatId}`);
        return chat.messages
          .filter((m) => opts.includeUsers || m.fromId === botId)
          .map((m) => world.messageView(chat, m));
      },
      press: (input) => api.press(input),
      sendUserMessage: (input) => api.sendUserMessage(input),
      migrateChat: (chatId, newId) => api.migrate(chatId, newId),
      addFault: (fault) => faults.add(fault),
      clearFaults: () => faults.clear(),
      pendingUpdates: () => api.updates.snapshot(),
      webhookInfo: () => api.webhook.info(),
      stats: () => Object.fromEntries(api.calls),
      file(fileId) {
        const file = world.file(fileId);
        if (!file) return undefined;
        return {
          fileName: file.fileName,
          mimeType: file.mimeType,
          ...(file.data ? { data: file.data } : {}),
          ...(file.url ? { url: file.url } : {}),
        };
      },
      resetFloodControl: () => api.resetFloodControl(),
    };
  };
  const handles = new Map([...bots].map(([token, state]) => [token, handleOf(state)]));

  return {
    ...handleOf(primary),
    url,
    async close() {
      for (const h of hung) h.abort();
      for (const state of bots.values()) state.api.close();
      await app.close();
    },
    otherBot(token) {
      const handle = handles.get(token);
      if (!handle || token === primary.token) throw new Error("no other simulated bot has that token");
      return handle;
    },
  };
}

interface BotState {
  token: string;
  botId: number;
  botProfile: TgUser;
  world: SimWorld;
  api: SimBotApi;
  faults: FaultPlan;
}

function isBotPath(url: string): boolean {
  return /^\/bot[^/]*\//.test(url);
}

function faultError(fault: SimFault): BotApiError {
  const status = fault.status ?? 500;
  if (status === 429) return tooManyRequests(fault.retryAfter ?? 1);
  if (status >= 500) {
    const names: Record<number, string> = {
      500: "Internal Server Error",
      502: "Bad Gateway",
      503: "Service Unavailable",
      504: "Gateway Timeout",
    };
    return new BotApiError(status, names[status] ?? "Internal Server Error");
  }
  return new BotApiError(status, fault.description ?? "Bad Request: simulated fault");
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

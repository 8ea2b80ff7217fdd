import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { EnvError, type Env } from "../runtime/env.js";
import type { WebhookHandler } from "../telegram/aduan-bot.js";

/** Where Telegram posts updates, from `TELEGRAM_WEBHOOK_URL` and `TELEGRAM_WEBHOOK_SECRET`. */
export interface WebhookSettings {
  /** The public HTTPS URL given to Telegram's `setWebhook`. */
  url: string;
  /** Its path, served by the ops server (a proxy in front forwards the URL to it). */
  path: string;
  /** Telegram sends it in `X-Telegram-Bot-Api-Secret-Token` with every update. */
  secretToken: string;
}

/** The webhook route the bot role hands to the ops server. */
export interface TelegramWebhookRoute {
  path: string;
  secretToken: string;
  handle: WebhookHandler;
}

const RESERVED = ["/healthz", "/metrics", "/admin"];

/**
 * Webhook settings from the environment, or undefined for long polling. A webhook without a
 * secret would let anyone who guesses the URL press buttons as any staff member: refused.
 */
export function webhookSettings(
  env: Pick<Env, "TELEGRAM_WEBHOOK_URL" | "TELEGRAM_WEBHOOK_SECRET">,
): WebhookSettings | undefined {
  const url = env.TELEGRAM_WEBHOOK_URL;
  if (url === undefined) return undefined;
  const secretToken = env.TELEGRAM_WEBHOOK_SECRET;
  if (secretToken === undefined) {
    throw new EnvError(
      "TELEGRAM_WEBHOOK_URL is set but TELEGRAM_WEBHOOK_SECRET is not. Without a secret anyone who finds the URL " +
        "could send updates as any staff member. Set TELEGRAM_WEBHOOK_SECRET to 1-256 characters A-Z a-z 0-9 _ - " +
        "(e.g. `openssl rand -hex 32`), or unset TELEGRAM_WEBHOOK_URL to use long polling.",
    );
  }
  const path = new URL(url).pathname;
  if (path === "/" || RESERVED.some((r) => path === r || path.startsWith(`${r}/`))) {
    throw new EnvError(
      `TELEGRAM_WEBHOOK_URL needs a path of its own (e.g. https://aduan.example.go.id/telegram/updates), not ${path}: ` +
        `${RESERVED.join(", ")} are served by the same server.`,
    );
  }
  return { url, path, secretToken };
}

/**
 * The citizen bot's webhook in webhook mode (`TELEGRAM_CITIZEN_WEBHOOK_URL` and
 * `TELEGRAM_CITIZEN_WEBHOOK_SECRET`): a path and a secret of its own, so an update can never be
 * handed to the wrong bot. Both bots use one mode: a citizen webhook without the staff one (or
 * the other way round) is refused.
 */
export function citizenWebhookSettings(
  env: Pick<Env, "TELEGRAM_CITIZEN_WEBHOOK_URL" | "TELEGRAM_CITIZEN_WEBHOOK_SECRET">,
  staff: WebhookSettings | undefined,
): WebhookSettings | undefined {
  const url = env.TELEGRAM_CITIZEN_WEBHOOK_URL;
  if (staff === undefined) {
    if (url === undefined) return undefined;
    throw new EnvError(
      "TELEGRAM_CITIZEN_WEBHOOK_URL is set but TELEGRAM_WEBHOOK_URL is not: both bots use the same mode. " +
        "Set TELEGRAM_WEBHOOK_URL too, or unset TELEGRAM_CITIZEN_WEBHOOK_URL to poll with both.",
    );
  }
  if (url === undefined) {
    throw new EnvError(
      "TELEGRAM_CITIZEN_BOT_TOKEN is set in webhook mode but TELEGRAM_CITIZEN_WEBHOOK_URL is not: the citizen bot " +
        "needs a webhook path of its own (e.g. https://aduan.example.go.id/telegram/warga).",
    );
  }
  if (env.TELEGRAM_CITIZEN_WEBHOOK_SECRET === undefined) {
    throw new EnvError(
      "TELEGRAM_CITIZEN_WEBHOOK_URL is set but TELEGRAM_CITIZEN_WEBHOOK_SECRET is not. Set it to 1-256 characters " +
        "A-Z a-z 0-9 _ - (e.g. `openssl rand -hex 32`), different from TELEGRAM_WEBHOOK_SECRET.",
    );
  }
  let settings: WebhookSettings;
  try {
    settings = webhookSettings({
      TELEGRAM_WEBHOOK_URL: url,
      TELEGRAM_WEBHOOK_SECRET: env.TELEGRAM_CITIZEN_WEBHOOK_SECRET,
    }) as WebhookSettings;
  } catch (err) {
    // The same rules as the staff bot's URL, told under the variable that broke them.
    if (err instanceof EnvError)
      throw new EnvError(err.message.replaceAll("TELEGRAM_WEBHOOK_URL", "TELEGRAM_CITIZEN_WEBHOOK_URL"));
    throw err;
  }
  if (settings.path === staff.path) {
    throw new EnvError(
      `TELEGRAM_CITIZEN_WEBHOOK_URL has the same path as TELEGRAM_WEBHOOK_URL (${staff.path}): each bot needs its own.`,
    );
  }
  if (settings.secretToken === staff.secretToken) {
    throw new EnvError(
      "TELEGRAM_CITIZEN_WEBHOOK_SECRET equals TELEGRAM_WEBHOOK_SECRET: give each bot its own secret.",
    );
  }
  return settings;
}

function sameSecret(given: string, expected: string): boolean {
  // Hash both so the comparison takes the same time whatever the lengths.
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Serves Telegram's webhook at `route.path`. The secret token is checked before the body is even
 * read: a request without the right `X-Telegram-Bot-Api-Secret-Token` gets 401 and reaches no
 * handler. fastify has already parsed the JSON body, so it is handed to telegraf on the raw
 * request, and fastify lets telegraf write the response itself.
 */
export function mountTelegramWebhook(
  app: FastifyInstance,
  route: TelegramWebhookRoute,
  log?: { warn(obj: object, msg: string): void },
): void {
  const checkSecret = async (request: FastifyRequest, reply: FastifyReply) => {
    const given = request.headers["x-telegram-bot-api-secret-token"];
    if (typeof given === "string" && sameSecret(given, route.secretToken)) return;
    log?.warn(
      { ip: request.ip, path: route.path, hasToken: given !== undefined },
      "refused a Telegram webhook request without the right secret token",
    );
    await reply.code(401).send({ ok: false, error: "unauthorized" });
  };
  app.post(route.path, { onRequest: checkSecret }, async (request, reply) => {
    Object.assign(request.raw, { body: request.body });
    reply.hijack();
    await route.handle(request.raw, reply.raw);
  });
}

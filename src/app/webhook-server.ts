import Fastify from "fastify";
import { mountTelegramWebhook, type TelegramWebhookRoute } from "./telegram-webhook.js";

/** Where the webhook listens: `WEBHOOK_HOST` (default 0.0.0.0) and `WEBHOOK_PORT` (default 8081). */
export interface WebhookListen {
  host: string;
  port: number;
}

/**
 * The Telegram webhook on a listener of its own, apart from health, metrics and Bull Board (which
 * stay on `OPS_HOST`, 127.0.0.1 by default): a reverse proxy can forward the public HTTPS path here
 * without exposing anything else, and each route (one per bot) answers 401 without its secret token.
 */
export async function serveTelegramWebhook(
  /** The staff bot's route, and the citizen bot's (its own path and secret) when there is one. */
  routes: readonly TelegramWebhookRoute[],
  listen: WebhookListen,
  log?: { warn(obj: object, msg: string): void },
): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false });
  for (const route of routes) mountTelegramWebhook(app, route, log);
  const url = await app.listen({ host: listen.host, port: listen.port });
  return { url, close: () => app.close() };
}

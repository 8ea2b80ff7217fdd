import { TelegramError, type Telegraf } from "telegraf";
import type { Update } from "telegraf/types";

export interface PollingLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SupervisedPollingOptions {
  bot: Telegraf;
  allowedUpdates: readonly string[];
  log: PollingLog;
  /** Default `Date.now`. */
  now?: () => number;
  /** First pause after a failure; doubled on each failure in a row up to `maxBackoffMs`. Default 1000. */
  minBackoffMs?: number;
  /** Default 60 000. */
  maxBackoffMs?: number;
  /** Long-poll `timeout` of getUpdates in seconds. Default 50 (as telegraf's). */
  pollTimeoutSeconds?: number;
  /** Called once, after getMe and deleteWebhook first succeeded. */
  onLaunch?: () => void;
  /** The token was refused (401): polling has stopped for good and the caller should exit. */
  onRevoked: (err: TelegramError) => void;
}

export interface SupervisedPolling {
  /** Resolves when polling has stopped: after `stop()`, or for good on a 401. Never rejects. */
  readonly done: Promise<void>;
  /** When getUpdates last answered (with or without updates); undefined before the first answer. */
  lastPollAt(): number | undefined;
  stop(): void;
}

function describe(err: unknown): { error: string; code?: number } {
  if (err instanceof TelegramError) return { error: err.description, code: err.code };
  return { error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * Long polling that never stops by itself: a failed getMe/deleteWebhook at start, a network error,
 * a Telegram 5xx or 429, or a 409 Conflict (a second poller, a webhook set elsewhere) is logged and
 * retried with exponential backoff (1 s, 2 s, 4 s … capped at 60 s, reset by the next good poll).
 * Only a 401 (revoked or wrong token) ends it, through `onRevoked`. telegraf's own `launch` instead
 * rejects once on these and never polls again, while the process lives on.
 */
export function superviseBotPolling(o: SupervisedPollingOptions): SupervisedPolling {
  const now = o.now ?? Date.now;
  const min = o.minBackoffMs ?? 1000;
  const max = o.maxBackoffMs ?? 60_000;
  const timeout = o.pollTimeoutSeconds ?? 50;
  const abort = new AbortController();
  const tg = o.bot.telegram;
  let lastPoll: number | undefined;

  async function run(): Promise<void> {
    let launched = false;
    let offset = 0;
    let delay = min;
    let failures = 0;
    while (!abort.signal.aborted) {
      try {
        if (!launched) {
          o.bot.botInfo ??= await tg.getMe();
          await tg.deleteWebhook();
          launched = true;
          o.log.info({ bot: o.bot.botInfo.username }, "Telegram long polling started");
          o.onLaunch?.();
        }
        const updates: Update[] = await tg.callApi(
          "getUpdates",
          { timeout, offset, allowed_updates: [...o.allowedUpdates] as never },
          // telegraf types the signal as the abort-controller polyfill's; node-fetch takes the native one.
          { signal: abort.signal as never },
        );
        lastPoll = now();
        if (failures > 0) o.log.info({ failures }, "Telegram polling recovered");
        failures = 0;
        delay = min;
        const last = updates.at(-1);
        if (last !== undefined) offset = last.update_id + 1;
        // Handler errors end in bot.catch; an update is never polled twice.
        await Promise.all(updates.map((u) => o.bot.handleUpdate(u)));
      } catch (err) {
        if (abort.signal.aborted) break;
        if (err instanceof TelegramError && err.code === 401) {
          o.log.error(
            describe(err),
            "Telegram refused the bot token (401 Unauthorized): it was revoked or is wrong; polling stops",
          );
          o.onRevoked(err);
          break;
        }
        failures += 1;
        const retryAfter =
          err instanceof TelegramError
            ? (err.parameters as { retry_after?: number } | undefined)?.retry_after
            : undefined;
        const wait = Math.max(delay, (retryAfter ?? 0) * 1000);
        o.log.warn(
          { ...describe(err), failures, retryInMs: wait, phase: launched ? "getUpdates" : "launch" },
          "Telegram polling failed; retrying",
        );
        await sleep(wait, abort.signal);
        delay = Math.min(delay * 2, max);
      }
    }
  }

  const done = run().catch((err: unknown) => {
    o.log.error(describe(err), "Telegram polling stopped unexpectedly");
  });
  return {
    done,
    lastPollAt: () => lastPoll,
    stop: () => abort.abort(),
  };
}

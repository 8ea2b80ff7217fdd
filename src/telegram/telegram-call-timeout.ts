import type { Telegram } from "telegraf";

/** A Bot API call that got no answer within its limit (the request was aborted). */
export class TelegramTimeoutError extends Error {
  override readonly name = "TelegramTimeoutError";
  constructor(
    readonly method: string,
    readonly timeoutMs: number,
  ) {
    super(`Telegram ${method} got no answer within ${timeoutMs} ms`);
  }
}

/** Default limit of one Bot API call: telegraf's own is 500 s, which lets a hung connection hold a send slot. */
export const TELEGRAM_CALL_TIMEOUT_MS = 30_000;

type CallApi = (method: string, payload: object, opts?: { signal?: AbortSignal }) => Promise<unknown>;

/**
 * Puts a limit on every call `telegram` makes (its methods all go through `callApi`): past
 * `timeoutMs` the request is aborted and the call fails with `TelegramTimeoutError`, which the
 * queues treat as a doubtful failure and retry. A long poll (`getUpdates` with `timeout`) gets its
 * own timeout on top. A caller's own signal still aborts as before.
 */
export function limitTelegramCalls(telegram: Telegram, timeoutMs = TELEGRAM_CALL_TIMEOUT_MS): Telegram {
  const original = (telegram.callApi as unknown as CallApi).bind(telegram);
  const limited: CallApi = async (method, payload, opts = {}) => {
    const poll = method === "getUpdates" ? Number((payload as { timeout?: unknown }).timeout ?? 0) : 0;
    const limit = timeoutMs + (Number.isFinite(poll) ? poll * 1000 : 0);
    const timer = new AbortController();
    const t = setTimeout(() => timer.abort(), limit);
    const signal = opts.signal ? AbortSignal.any([timer.signal, opts.signal]) : timer.signal;
    try {
      return await original(method, payload, { signal });
    } catch (err) {
      if (timer.signal.aborted && !opts.signal?.aborted) throw new TelegramTimeoutError(method, limit);
      throw err;
    } finally {
      clearTimeout(t);
    }
  };
  (telegram as unknown as { callApi: CallApi }).callApi = limited;
  return telegram;
}

import type { TgResponseParameters } from "./telegram-wire-types.js";

/** An error the simulated Bot API answers with: `{ ok: false, error_code, description, parameters? }`. */
export class BotApiError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: TgResponseParameters,
  ) {
    super(`${errorCode}: ${description}`);
    this.name = "BotApiError";
  }

  toBody(): { ok: false; error_code: number; description: string; parameters?: TgResponseParameters } {
    return {
      ok: false,
      error_code: this.errorCode,
      description: this.description,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    };
  }
}

export function badRequest(detail: string, parameters?: TgResponseParameters): BotApiError {
  return new BotApiError(400, `Bad Request: ${detail}`, parameters);
}

export function forbidden(detail: string): BotApiError {
  return new BotApiError(403, `Forbidden: ${detail}`);
}

export function tooManyRequests(retryAfter: number): BotApiError {
  return new BotApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
}

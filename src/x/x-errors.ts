import { ApiPartialResponseError, ApiRequestError, ApiResponseError } from "twitter-api-v2";

import type { XRefusalReason } from "../ports/tweet-publisher.js";

export type { XRefusalReason } from "../ports/tweet-publisher.js";

/**
 * What a failed X call means for the job that made it:
 * - `rate-limited`: wait until `resetAtMs` (unix ms, from `x-rate-limit-reset`; absent if X sent none);
 * - `retryable`: a 5xx, a dropped connection or a timeout; try again with backoff;
 * - `refused`: a 4xx that will not change on retry (bad payload, forbidden reply, duplicate).
 */
export type XFailure =
  | { kind: "rate-limited"; status: 429; resetAtMs?: number; message: string }
  | { kind: "retryable"; cause: "server" | "network" | "timeout"; status?: number; message: string }
  | { kind: "refused"; reason: XRefusalReason; status: number; message: string };

/** X's own words for the refusals a job must tell apart. */
const DETAIL_REASONS: [RegExp, XRefusalReason][] = [
  [/duplicate content/iu, "duplicate"],
  [/not allowed because you have not been mentioned|otherwise engaged/iu, "reply-not-allowed"],
  [/text is too long/iu, "too-long"],
  [/deleted or not visible/iu, "not-found"],
];

function describe(err: ApiResponseError): string {
  const data = err.data;
  const firstError = data.errors?.[0];
  const inner = firstError && "message" in firstError ? firstError.message : undefined;
  return (
    [data.title, data.detail, inner]
      .filter((s): s is string => typeof s === "string" && s.length > 0)
      .join(": ") || err.message
  );
}

/**
 * The socket-level error behind an ApiRequestError. twitter-api-v2 1.29 stores it as
 * `_options.error` while its `requestError` getter reads `_options.requestError` (always
 * undefined), so read both.
 */
function transportError(err: ApiRequestError): Error | undefined {
  const options = (err as unknown as { _options?: { error?: unknown } })._options;
  const inner: unknown = err.requestError ?? options?.error;
  return inner instanceof Error ? inner : undefined;
}

/**
 * Classifies an error thrown by twitter-api-v2. Returns `undefined` when the error did not come
 * from an X call (a bug in our code): rethrow those. Messages never contain tokens: they come
 * from X's response body or the transport error.
 */
export function classifyXError(err: unknown): XFailure | undefined {
  if (err instanceof ApiResponseError) {
    const status = err.code;
    const message = `X answered ${status}: ${describe(err)}`;
    if (status === 429) {
      const reset = err.rateLimit?.reset ?? Number(err.headers["x-rate-limit-reset"]);
      return {
        kind: "rate-limited",
        status: 429,
        message,
        ...(Number.isFinite(reset) && reset > 0 ? { resetAtMs: reset * 1000 } : {}),
      };
    }
    if (status >= 500 || status === 408) return { kind: "retryable", cause: "server", status, message };
    const text = `${err.data.detail ?? ""} ${describe(err)}`;
    const byDetail = DETAIL_REASONS.find(([re]) => re.test(text))?.[1];
    const reason: XRefusalReason =
      byDetail ??
      (status === 401
        ? "unauthorized"
        : err.data.title === "Unsupported Authentication"
          ? "unsupported-auth"
          : status === 404
            ? "not-found"
            : status === 400
              ? "invalid"
              : "forbidden");
    return { kind: "refused", reason, status, message };
  }
  if (err instanceof ApiRequestError) {
    const inner = transportError(err)?.message ?? err.message;
    const timeout = /timeout/iu.test(inner);
    return {
      kind: "retryable",
      cause: timeout ? "timeout" : "network",
      message: `X request failed: ${inner}`,
    };
  }
  if (err instanceof ApiPartialResponseError) {
    return {
      kind: "retryable",
      cause: "network",
      message: `X response cut short: ${err.responseError.message}`,
    };
  }
  return undefined;
}

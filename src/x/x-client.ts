import { Agent } from "node:http";
import {
  TwitterApi,
  type IClientSettings,
  type ITwitterApiClientPlugin,
  type ITwitterApiBeforeRequestConfigHookArgs,
} from "twitter-api-v2";

export interface XClientOptions {
  /**
   * Where X lives. Default: the real X (`https://api.x.com`). Give the simulator's `url` in
   * tests and the demo; twitter-api-v2 has no base-URL option, so a plugin rewrites each request.
   */
  baseUrl?: string | undefined;
  /** App-only bearer token: reads mentions and search, cannot post. */
  bearerToken?: string | undefined;
  /** OAuth 1.0a user context (all four together): what posting replies needs. Preferred when given. */
  appKey?: string | undefined;
  appSecret?: string | undefined;
  accessToken?: string | undefined;
  accessSecret?: string | undefined;
  /**
   * Milliseconds before a request is abandoned with `ApiRequestError` ("Request timeout.").
   * Default 30 000: twitter-api-v2 itself waits forever.
   */
  timeoutMs?: number | undefined;
}

/** X's hosts as twitter-api-v2 writes them (with or without scheme). */
const X_HOST = /^(?:https?:\/\/)?(?:api|upload)\.(?:x|twitter)\.com/u;

/** Points every request (and stream) of a twitter-api-v2 client at `baseUrl`, and bounds its time. */
export class XBaseUrlPlugin implements ITwitterApiClientPlugin {
  private readonly base: string;

  constructor(
    baseUrl: string,
    private readonly timeoutMs: number,
  ) {
    this.base = baseUrl.replace(/\/+$/u, "");
  }

  onBeforeRequestConfig(args: ITwitterApiBeforeRequestConfigHookArgs): void {
    // `args.url` is a copy: the request is built from `params.url`, so that is what we rewrite.
    args.params.url = args.params.url.replace(X_HOST, this.base);
    args.params.timeout ??= this.timeoutMs;
  }

  onBeforeStreamRequestConfig(args: ITwitterApiBeforeRequestConfigHookArgs): void {
    args.params.url = args.params.url.replace(X_HOST, this.base);
  }
}

/** Times out requests when talking to the real X (no rewriting needed there). */
class TimeoutPlugin implements ITwitterApiClientPlugin {
  constructor(private readonly timeoutMs: number) {}
  onBeforeRequestConfig(args: ITwitterApiBeforeRequestConfigHookArgs): void {
    args.params.timeout ??= this.timeoutMs;
  }
}

/**
 * A twitter-api-v2 client (unmodified) for X or, with `baseUrl`, for the X simulator or any
 * stand-in. OAuth 1.0a user context when all four user keys are given, else the bearer token.
 */
export function createXClient(opts: XClientOptions): TwitterApi {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const settings: Partial<IClientSettings> = {
    plugins: [opts.baseUrl ? new XBaseUrlPlugin(opts.baseUrl, timeoutMs) : new TimeoutPlugin(timeoutMs)],
  };
  // twitter-api-v2 sends through `https.request`, which accepts a plain-http target only with an http agent.
  if (opts.baseUrl?.startsWith("http://")) settings.httpAgent = new Agent({ keepAlive: true });

  const { appKey, appSecret, accessToken, accessSecret, bearerToken } = opts;
  if (appKey && appSecret && accessToken && accessSecret) {
    return new TwitterApi({ appKey, appSecret, accessToken, accessSecret }, settings);
  }
  if (appKey || appSecret || accessToken || accessSecret) {
    throw new Error(
      "createXClient: OAuth 1.0a needs appKey, appSecret, accessToken and accessSecret together",
    );
  }
  if (bearerToken) return new TwitterApi(bearerToken, settings);
  throw new Error("createXClient: give a bearerToken or the four OAuth 1.0a user keys");
}

import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import { renderTimelinePage } from "./x-timeline-page.js";
import twitterText from "twitter-text";
import { z } from "zod";
import { matchesSearchQuery, parseSearchQuery } from "./x-search-query.js";
import {
  fieldSelection,
  simTweetInputSchema,
  XSimulatorStore,
  type FieldSelection,
  type SimTweet,
  type SimTweetInput,
  type SimTweetRecord,
} from "./x-simulator-store.js";

export type { SimTweetInput, SimTweetRecord } from "./x-simulator-store.js";

/** The X endpoints the simulator serves, named for limits, faults and stats. */
export type EndpointName = "me" | "mentions" | "search" | "post" | "delete";

/**
 * Requests per 15-minute window, from X's published limits: mentions 450 per app, recent search
 * 450 per app, POST /2/tweets 100 per user, users/me 75 per user, DELETE /2/tweets 50 per user.
 */
export const DEFAULT_X_LIMITS: Readonly<Record<EndpointName, number>> = {
  me: 75,
  mentions: 450,
  search: 450,
  post: 100,
  delete: 50,
};
const WINDOW_SECONDS = 15 * 60;
/** X's mentions timeline reaches back 800 tweets; recent search seven days. */
const MENTIONS_DEPTH = 800;
const SEARCH_DAYS_MS = 7 * 24 * 3600 * 1000;
const MAX_WEIGHTED_LENGTH = 280;

/**
 * A fault to inject on the next requests to an endpoint. `status` answers with that HTTP status
 * and X's body for it (0 drops the connection without an answer); `delayMs` holds the answer back
 * first (with no `status`, the real answer follows the delay: a slow response). The fault lets
 * `afterRequests` requests through untouched first (a page that fails midway: `afterRequests: 1`)
 * and then strikes `count` times (default 1).
 */
export const xFaultSchema = z
  .object({
    endpoint: z.enum(["me", "mentions", "search", "post", "delete", "*"]),
    status: z.number().int().min(0).max(599).optional(),
    count: z.number().int().min(1).default(1),
    delayMs: z.number().int().min(0).optional(),
    afterRequests: z.number().int().min(0).default(0),
  })
  .strict()
  .refine(
    (f) => f.status !== undefined || f.delayMs !== undefined,
    "a fault needs a status, a delayMs, or both",
  );
export type XFault = z.input<typeof xFaultSchema>;
type ActiveFault = z.output<typeof xFaultSchema>;

export interface XSimulatorStats {
  /** Requests received per endpoint, refused ones included. */
  requests: Record<EndpointName, number>;
  /** Posts returned in `data` by mentions and search: what X bills as reads. */
  tweetsRead: number;
  /** Posts created through POST /2/tweets: what X bills as writes. */
  postsCreated: number;
  /** Requests answered 429 because a window was spent (injected 429s not included). */
  rateLimited: number;
  /** Requests a fault struck. */
  faultsServed: number;
}

export interface XSimulatorOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * App-only bearer tokens accepted (they may read mentions and search, not post or read
   * users/me, as on X). Default: any bearer token not listed in `userTokens`.
   */
  bearerTokens?: string[];
  /** OAuth 2.0 user-context access tokens (also sent as `Bearer`), acting as `ownUser`. Default none. */
  userTokens?: string[];
  /** The account the app acts as (OAuth 1.0a or a user token). Default @PemkotBandung. */
  ownUser?: { id?: string; username: string; name?: string };
  /** Requests per 15-minute window per endpoint; defaults in `DEFAULT_X_LIMITS`. */
  limits?: Partial<Record<EndpointName, number>>;
  /**
   * True lets the app reply to any tweet (X's Enterprise / Public Utility exemption). Default
   * false: since February 2026 X refuses a reply to a tweet that does not mention or quote us.
   */
  replyExemption?: boolean;
  /** The clock (unix ms) for ids, created_at, rate-limit windows and search's seven days. */
  now?: () => number;
  /** Tweets present at start-up. */
  seed?: SimTweetInput[];
}

/** A running X API v2 simulator, with the control API both over HTTP (`/_sim`) and in-process. */
export interface XSimulator {
  /** Base URL to hand to `createXClient({ baseUrl })`, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly ownUser: { id: string; username: string; name: string };
  /** A citizen tweets (same as `POST /_sim/tweets`). Throws a ZodError on bad input. */
  addTweet(input: SimTweetInput): SimTweetRecord;
  /** Tweets newest first, optionally only replies to one tweet or by one author (same as `GET /_sim/tweets`). */
  tweets(filter?: { inReplyTo?: string; author?: string; includeDeleted?: boolean }): SimTweetRecord[];
  addFault(fault: XFault): void;
  /** Removes every pending fault; returns how many there were. */
  clearFaults(): number;
  stats(): XSimulatorStats;
  close(): Promise<void>;
}

type Auth = { kind: "app" } | { kind: "user" };
interface Answer {
  status: number;
  body: unknown;
}

const STATUS_TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  408: "Request Timeout",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** X's generic RFC 7807 problem (`type: about:blank`), as sent for 401, 403, 429 and 5xx. */
function plainProblem(status: number, detail?: string): Answer {
  const title = STATUS_TITLES[status] ?? `HTTP ${status}`;
  return { status, body: { title, detail: detail ?? title, type: "about:blank", status } };
}

function invalidRequest(parameter: string, value: string, message: string): Answer {
  return {
    status: 400,
    body: {
      errors: [{ parameters: { [parameter]: [value] }, message }],
      title: "Invalid Request",
      detail: "One or more parameters to your request was invalid.",
      type: "https://api.x.com/2/problems/invalid-request",
    },
  };
}

/** X's 400 for a path id that is not a snowflake. */
function invalidId(id: string): Answer {
  return invalidRequest("id", id, `The \`id\` query parameter value [${id}] does not match ^[0-9]{1,19}$`);
}

export const REPLY_NOT_ALLOWED =
  "Reply to this conversation is not allowed because you have not been mentioned or otherwise engaged by the author of the post you are replying to.";
export const DUPLICATE_CONTENT = "You are not allowed to create a Tweet with duplicate content.";
export const TEXT_TOO_LONG =
  "Your Tweet text is too long. For more information on how Twitter determines text length see https://github.com/twitter/twitter-text.";

const SNOWFLAKE = /^[0-9]{1,19}$/;
const INVALID_JSON = Symbol("invalid-json");

interface Paging {
  max: number;
  sinceId?: bigint;
  untilId?: bigint;
  /** Only tweets older than this id (from a pagination token). */
  before?: bigint;
}

/** Pagination tokens are base32hex, as X says of its own; ours encode the last id of the page. */
function encodeToken(oldestId: string): string {
  return BigInt(oldestId).toString(32);
}
function decodeToken(token: string): bigint | undefined {
  if (!/^[0-9a-v]{1,16}$/u.test(token)) return undefined;
  let n = 0n;
  for (const c of token) n = n * 32n + BigInt(parseInt(c, 32));
  return n;
}

function readPaging(
  q: Record<string, unknown>,
  min: number,
  max: number,
  tokenParams: string[],
): Paging | Answer {
  const str = (k: string): string | undefined => (typeof q[k] === "string" ? (q[k] as string) : undefined);
  const rawMax = str("max_results");
  let size = 10;
  if (rawMax !== undefined) {
    const n = Number(rawMax);
    if (!/^\d+$/u.test(rawMax) || n < min || n > max) {
      return invalidRequest(
        "max_results",
        rawMax,
        `The \`max_results\` query parameter value [${rawMax}] is not between ${min} and ${max}`,
      );
    }
    size = n;
  }
  const paging: Paging = { max: size };
  for (const k of ["since_id", "until_id"] as const) {
    const v = str(k);
    if (v === undefined) continue;
    if (!SNOWFLAKE.test(v)) {
      return invalidRequest(k, v, `The \`${k}\` query parameter value [${v}] does not match ^[0-9]{1,19}$`);
    }
    if (k === "since_id") paging.sinceId = BigInt(v);
    else paging.untilId = BigInt(v);
  }
  for (const k of tokenParams) {
    const v = str(k);
    if (v === undefined) continue;
    const before = decodeToken(v);
    if (before === undefined)
      return invalidRequest(k, v, `The \`${k}\` query parameter value [${v}] is not valid`);
    paging.before = before;
  }
  return paging;
}

export async function startXSimulator(opts: XSimulatorOptions = {}): Promise<XSimulator> {
  const now = opts.now ?? Date.now;
  const limits: Record<EndpointName, number> = { ...DEFAULT_X_LIMITS, ...opts.limits };
  const store = new XSimulatorStore(
    {
      id: opts.ownUser?.id ?? "1355724829463367680",
      username: opts.ownUser?.username ?? "PemkotBandung",
      name: opts.ownUser?.name ?? opts.ownUser?.username ?? "Pemerintah Kota Bandung",
      created_at: "2012-03-01T02:00:00.000Z",
    },
    now,
  );
  const own = store.ownUser;
  for (const t of opts.seed ?? []) store.addTweet(t);

  const stats: XSimulatorStats = {
    requests: { me: 0, mentions: 0, search: 0, post: 0, delete: 0 },
    tweetsRead: 0,
    postsCreated: 0,
    rateLimited: 0,
    faultsServed: 0,
  };
  let faults: ActiveFault[] = [];
  const windows = new Map<EndpointName, { resetS: number; remaining: number }>();
  const sleepers = new Set<() => void>();
  let closing = false;

  /** X's window opens at the first request and lasts 15 minutes. */
  const windowFor = (endpoint: EndpointName): { resetS: number; remaining: number } => {
    const nowS = Math.floor(now() / 1000);
    let w = windows.get(endpoint);
    if (!w || nowS >= w.resetS) {
      w = { resetS: nowS + WINDOW_SECONDS, remaining: limits[endpoint] };
      windows.set(endpoint, w);
    }
    return w;
  };

  const takeFault = (endpoint: EndpointName): ActiveFault | undefined => {
    const fault = faults.find((f) => f.endpoint === endpoint || f.endpoint === "*");
    if (!fault) return undefined;
    if (fault.afterRequests > 0) {
      fault.afterRequests--;
      return undefined;
    }
    fault.count--;
    if (fault.count <= 0) faults = faults.filter((f) => f !== fault);
    return fault;
  };

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleepers.add(done);
    });

  const userTokens = new Set(opts.userTokens ?? []);
  const appTokens = opts.bearerTokens ? new Set(opts.bearerTokens) : undefined;
  const authenticate = (header: string | undefined): Auth | undefined => {
    if (!header) return undefined;
    const bearer = /^Bearer\s+(\S+)$/iu.exec(header);
    if (bearer) {
      const token = decodeURIComponent(bearer[1] ?? "");
      if (userTokens.has(token)) return { kind: "user" };
      if (appTokens ? appTokens.has(token) : token.length > 0) return { kind: "app" };
      return undefined;
    }
    // OAuth 1.0a user context: the signature is not checked, its parts must be there.
    if (
      /^OAuth\s/iu.test(header) &&
      ["oauth_consumer_key", "oauth_token", "oauth_signature"].every((k) => header.includes(k))
    ) {
      return { kind: "user" };
    }
    return undefined;
  };

  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    const text = typeof body === "string" ? body : body.toString("utf8");
    if (text.trim() === "") return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(null, INVALID_JSON);
    }
  });

  const send = (reply: FastifyReply, answer: Answer): FastifyReply =>
    reply
      .code(answer.status)
      .type(answer.status >= 400 ? "application/problem+json" : "application/json; charset=utf-8")
      .send(JSON.stringify(answer.body));

  /** Auth, rate limit and faults in X's order, then the endpoint's own answer. */
  const serve =
    (endpoint: EndpointName, userContextOnly: boolean, handler: (req: FastifyRequest) => Answer) =>
    async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
      stats.requests[endpoint]++;
      const w = windowFor(endpoint);
      const headers = (): void => {
        reply.header("x-rate-limit-limit", String(limits[endpoint]));
        reply.header("x-rate-limit-remaining", String(Math.max(0, w.remaining)));
        reply.header("x-rate-limit-reset", String(w.resetS));
      };
      const auth = authenticate(req.headers.authorization);
      if (!auth) {
        headers();
        return send(reply, plainProblem(401));
      }
      if (userContextOnly && auth.kind === "app") {
        headers();
        return send(reply, {
          status: 403,
          body: {
            title: "Unsupported Authentication",
            detail:
              "Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].",
            type: "https://api.x.com/2/problems/unsupported-authentication",
            status: 403,
          },
        });
      }
      if (w.remaining <= 0) {
        stats.rateLimited++;
        headers();
        return send(reply, plainProblem(429));
      }
      w.remaining--;
      const fault = takeFault(endpoint);
      if (fault) {
        stats.faultsServed++;
        if (fault.delayMs) await sleep(fault.delayMs);
        if (closing || fault.status === 0) {
          reply.hijack();
          req.raw.socket.destroy();
          return undefined;
        }
        if (fault.status !== undefined) {
          if (fault.status === 429) w.remaining = 0;
          headers();
          return send(reply, plainProblem(fault.status));
        }
      }
      headers();
      return send(reply, handler(req));
    };

  const query = (req: FastifyRequest): Record<string, unknown> =>
    (req.query ?? {}) as Record<string, unknown>;

  const listPage = (candidates: SimTweet[], paging: Paging, f: FieldSelection): Answer => {
    const matching = candidates.filter((t) => {
      const id = BigInt(t.id);
      if (paging.sinceId !== undefined && id <= paging.sinceId) return false;
      if (paging.untilId !== undefined && id >= paging.untilId) return false;
      if (paging.before !== undefined && id >= paging.before) return false;
      return true;
    });
    const page = matching.slice(0, paging.max);
    if (page.length === 0) return { status: 200, body: { meta: { result_count: 0 } } };
    stats.tweetsRead += page.length;
    const newest = page[0] as SimTweet;
    const oldest = page[page.length - 1] as SimTweet;
    const includes = store.includesFor(page, f);
    return {
      status: 200,
      body: {
        data: page.map((t) => store.renderTweet(t, f)),
        ...(includes ? { includes } : {}),
        meta: {
          newest_id: newest.id,
          oldest_id: oldest.id,
          result_count: page.length,
          ...(matching.length > page.length ? { next_token: encodeToken(oldest.id) } : {}),
        },
      },
    };
  };

  app.get(
    "/2/users/me",
    serve("me", true, (req) => ({
      status: 200,
      body: { data: store.renderUser(own, fieldSelection(query(req))) },
    })),
  );

  app.get(
    "/2/users/:id/mentions",
    serve("mentions", false, (req) => {
      const { id } = req.params as { id: string };
      if (!SNOWFLAKE.test(id)) return invalidId(id);
      const q = query(req);
      const paging = readPaging(q, 5, 100, ["pagination_token"]);
      if ("status" in paging) return paging;
      const user = store.users.get(id);
      if (!user) {
        return {
          status: 200,
          body: {
            errors: [
              {
                value: id,
                detail: `Could not find user with id: [${id}].`,
                title: "Not Found Error",
                resource_type: "user",
                parameter: "id",
                resource_id: id,
                type: "https://api.x.com/2/problems/resource-not-found",
              },
            ],
          },
        };
      }
      const candidates = store
        .liveTweetsNewestFirst()
        .filter((t) => t.author_id !== user.id && store.mentionsUser(t, user))
        .slice(0, MENTIONS_DEPTH);
      return listPage(candidates, paging, fieldSelection(q));
    }),
  );

  app.get(
    "/2/tweets/search/recent",
    serve("search", false, (req) => {
      const q = query(req);
      const text = typeof q["query"] === "string" ? q["query"] : "";
      if (text.trim() === "")
        return invalidRequest("query", text, "The `query` query parameter can not be empty");
      const parsed = parseSearchQuery(text);
      if (!parsed.ok)
        return invalidRequest("query", text, `There were errors processing your request: ${parsed.message}`);
      const paging = readPaging(q, 10, 100, ["next_token", "pagination_token"]);
      if ("status" in paging) return paging;
      const since = now() - SEARCH_DAYS_MS;
      const candidates = store
        .liveTweetsNewestFirst()
        .filter((t) => t.created_at_ms >= since && matchesSearchQuery(parsed.query, store.searchable(t)));
      return listPage(candidates, paging, fieldSelection(q));
    }),
  );

  const createKeys = new Set([
    "card_uri",
    "community_id",
    "direct_message_deep_link",
    "edit_options",
    "for_super_followers_only",
    "geo",
    "made_with_ai",
    "media",
    "nullcast",
    "paid_partnership",
    "poll",
    "quote_tweet_id",
    "reply",
    "reply_settings",
    "share_with_followers",
    "text",
  ]);
  const replyKeys = new Set([
    "in_reply_to_tweet_id",
    "auto_populate_reply_metadata",
    "exclude_reply_user_ids",
  ]);

  /** X's 2026 rule: we may reply where the author engaged us (mentioned us, replied to us) or to our own posts. */
  const mayReplyTo = (parent: SimTweet): boolean =>
    parent.author_id === own.id || store.mentionsUser(parent, own) || parent.in_reply_to_user_id === own.id;

  app.post(
    "/2/tweets",
    serve("post", true, (req) => {
      const body: unknown = req.body;
      if (body === INVALID_JSON || typeof body !== "object" || body === null || Array.isArray(body)) {
        return invalidRequest("body", "", "The request body is not valid JSON");
      }
      const b = body as Record<string, unknown>;
      const unknownKey = Object.keys(b).find((k) => !createKeys.has(k));
      if (unknownKey) {
        return invalidRequest(
          unknownKey,
          "",
          `$.${unknownKey}: is not defined in the schema and the schema does not allow additional properties`,
        );
      }
      const text = typeof b["text"] === "string" ? b["text"] : "";
      if (text.trim() === "")
        return invalidRequest("text", text, "Post text is required when no media is attached");
      if (twitterText.parseTweet(text).weightedLength > MAX_WEIGHTED_LENGTH)
        return invalidRequest("text", text, TEXT_TOO_LONG);
      let inReplyTo: string | undefined;
      if (b["reply"] !== undefined) {
        const reply = b["reply"] as Record<string, unknown> | null;
        const id = reply && typeof reply === "object" ? reply["in_reply_to_tweet_id"] : undefined;
        const extra =
          reply && typeof reply === "object" ? Object.keys(reply).find((k) => !replyKeys.has(k)) : undefined;
        if (typeof id !== "string" || !SNOWFLAKE.test(id) || extra) {
          return invalidRequest(
            "reply.in_reply_to_tweet_id",
            String(id),
            "$.reply.in_reply_to_tweet_id: must be a tweet id",
          );
        }
        const parent = store.tweets.get(id);
        if (!parent || parent.deleted)
          return plainProblem(
            403,
            "You attempted to reply to a Tweet that is deleted or not visible to you.",
          );
        if (!opts.replyExemption && !mayReplyTo(parent)) return plainProblem(403, REPLY_NOT_ALLOWED);
        inReplyTo = id;
      }
      for (const t of store.tweets.values()) {
        if (t.author_id === own.id && !t.deleted && t.text.trim() === text.trim())
          return plainProblem(403, DUPLICATE_CONTENT);
      }
      const created = store.addTweet({
        text,
        author: { username: own.username },
        ...(inReplyTo ? { in_reply_to: inReplyTo } : {}),
      });
      stats.postsCreated++;
      return {
        status: 201,
        body: { data: { id: created.id, text: created.text, edit_history_tweet_ids: [created.id] } },
      };
    }),
  );

  app.delete(
    "/2/tweets/:id",
    serve("delete", true, (req) => {
      const { id } = req.params as { id: string };
      if (!SNOWFLAKE.test(id)) return invalidId(id);
      const t = store.tweets.get(id);
      if (!t || t.deleted) {
        return {
          status: 404,
          body: {
            value: id,
            detail: `Could not find tweet with id: [${id}].`,
            title: "Not Found Error",
            resource_type: "tweet",
            parameter: "id",
            resource_id: id,
            type: "https://api.x.com/2/problems/resource-not-found",
            status: 404,
          },
        };
      }
      if (t.author_id !== own.id)
        return plainProblem(403, "You are not allowed to delete a Tweet you did not create.");
      t.deleted = true;
      return { status: 200, body: { data: { deleted: true } } };
    }),
  );

  // ---- control API: only this simulator mounts /_sim ----
  const addTweet = (input: SimTweetInput): SimTweetRecord => store.record(store.addTweet(input));
  const listTweets = (
    filter: { inReplyTo?: string; author?: string; includeDeleted?: boolean } = {},
  ): SimTweetRecord[] => {
    const author = filter.author ? store.userByName(filter.author.replace(/^@/u, "")) : undefined;
    if (filter.author && !author) return [];
    return [...store.tweets.values()]
      .filter((t) => filter.includeDeleted || !t.deleted)
      .filter((t) => !filter.inReplyTo || t.in_reply_to_tweet_id === filter.inReplyTo)
      .filter((t) => !author || t.author_id === author.id)
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1))
      .map((t) => store.record(t));
  };
  const addFault = (fault: XFault): void => {
    faults.push(xFaultSchema.parse(fault));
  };
  const clearFaults = (): number => {
    const n = faults.length;
    faults = [];
    return n;
  };
  const snapshot = (): XSimulatorStats => ({ ...stats, requests: { ...stats.requests } });

  const badInput = (reply: FastifyReply, error: z.ZodError): FastifyReply =>
    reply.code(400).send({
      error: "invalid input",
      issues: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });

  app.post("/_sim/tweets", async (req, reply) => {
    const parsed = simTweetInputSchema.safeParse(req.body);
    if (!parsed.success) return badInput(reply, parsed.error);
    return reply.code(201).send(addTweet(parsed.data));
  });
  app.get("/_sim/tweets", async (req) => {
    const q = query(req);
    const str = (k: string): string | undefined => (typeof q[k] === "string" ? (q[k] as string) : undefined);
    const inReplyTo = str("in_reply_to");
    const author = str("author");
    return {
      tweets: listTweets({
        ...(inReplyTo ? { inReplyTo } : {}),
        ...(author ? { author } : {}),
        includeDeleted: str("include_deleted") === "true",
      }),
    };
  });
  app.post("/_sim/faults", async (req, reply) => {
    const parsed = xFaultSchema.safeParse(req.body);
    if (!parsed.success) return badInput(reply, parsed.error);
    faults.push(parsed.data);
    return reply.code(201).send({ fault: parsed.data });
  });
  app.delete("/_sim/faults", async () => ({ cleared: clearFaults() }));
  app.get("/_sim/stats", async () => snapshot());

  // A person opening the simulator's URL sees the timeline: citizens' tweets, our replies threaded.
  app.get("/", async (_req, reply) =>
    reply
      .type("text/html; charset=utf-8")
      .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'")
      .send(renderTimelinePage(listTweets({ includeDeleted: true }), own.username)),
  );

  app.setNotFoundHandler((_req, reply) =>
    reply
      .code(404)
      .type("application/json; charset=utf-8")
      .send(JSON.stringify({ errors: [{ message: "Sorry, that page does not exist", code: 34 }] })),
  );

  await app.listen({ port: opts.port ?? 0, host: opts.host ?? "127.0.0.1" });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : (opts.port ?? 0);
  const host = opts.host ?? "127.0.0.1";

  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    ownUser: { id: own.id, username: own.username, name: own.name },
    addTweet,
    tweets: listTweets,
    addFault,
    clearFaults,
    stats: snapshot,
    async close() {
      closing = true;
      for (const wake of [...sleepers]) wake();
      await app.close();
    },
  };
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Redis } from "ioredis";
import type { SupervisionContext } from "../core/supervision-context.js";
import { slaStatus } from "../core/sla/sla-clock.js";
import type { Ticket } from "../core/ticket.js";
import type { TicketStore } from "../ports/ticket-store.js";
import { redisKeys } from "../redis/keys.js";
import { ClientRateLimit } from "./client-rate-limit.js";
import {
  geoReportServices,
  geoReportStatus,
  isPublishable,
  kindOf,
  serviceCode,
  toGeoReportRequest,
  type GeoReportRequest,
  type MappingContext,
  type Open311Lang,
  type PublicAgency,
} from "./georeport-request.js";
import {
  parseGeoReportQuery,
  queryCacheKey,
  serviceCodeMatches,
  type GeoReportQuery,
} from "./georeport-query.js";

export interface Open311Deps {
  store: Pick<TicketStore, "get" | "listReceivedBetween">;
  redis: Redis;
  /** The Redis namespace (`ADUAN_PREFIX`). */
  prefix: string;
  agencies: readonly PublicAgency[];
  city: string;
  lang: Open311Lang;
  sla: Pick<SupervisionContext, "slaOf">;
  now(): number;
  /** How long an answer is reused (default 30 s): a civic app polling every few seconds costs one read. */
  cacheTtlMs?: number;
  /** Requests per client address and minute (default 60). */
  perMinute?: number;
  log?: { warn(obj: object, msg: string): void };
}

const DAY = 86_400_000;
/** Tickets read from one slice of the window at most (a slice is one to sixteen days). */
const SLICE_READ_LIMIT = 20_000;
/**
 * Answers kept at once. A full page is about 1 MB of JSON, so this bounds the cache near 64 MB
 * however many different queries clients invent; popular ones stay, the oldest go first.
 */
const CACHE_ENTRIES = 64;

/** The spec's error body: an array of `{code, description}`. */
function error(reply: FastifyReply, code: number, description: string): FastifyReply {
  return reply.code(code).send([{ code, description }]);
}

/**
 * The Open311 GeoReport v2 read API, public and read-only: services, requests (filtered, paged),
 * one request, and the discovery document. Every answer is cached briefly and every client address
 * rate limited (429 with Retry-After). Only JSON: an `.xml` path is answered with the spec's
 * error array and 400.
 */
export function registerOpen311(app: FastifyInstance, deps: Open311Deps): void {
  const ttl = deps.cacheTtlMs ?? 30_000;
  const limiter = new ClientRateLimit(
    deps.redis,
    redisKeys(deps.prefix).open311Rate,
    deps.perMinute ?? 60,
    60_000,
  );
  const agencies = new Map(deps.agencies.map((a) => [a.id, a]));
  const ctx: MappingContext = {
    agencies,
    city: deps.city,
    lang: deps.lang,
    expectedAt: (t) => {
      const sla = deps.sla.slaOf(t);
      const clock = slaStatus(t, sla.targets, sla.calendar, new Date(deps.now())).resolution;
      return clock.stopped_at === null ? clock.due_at.toISOString() : null;
    },
  };
  const cache = new Map<string, { at: number; body: unknown }>();
  const cached = async (key: string, build: () => Promise<unknown>): Promise<unknown> => {
    const now = deps.now();
    const hit = cache.get(key);
    if (hit && now - hit.at < ttl) return hit.body;
    const body = await build();
    for (const [k, v] of cache) if (now - v.at >= ttl) cache.delete(k);
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
    cache.set(key, { at: now, body });
    return body;
  };
  const publish = (t: Ticket | null): GeoReportRequest | null =>
    t && isPublishable(t, agencies) ? toGeoReportRequest(t, ctx) : null;

  void app.register(async (scope) => {
    scope.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
      void reply.header("access-control-allow-origin", "*");
      const verdict = await limiter.take(request.ip, deps.now()).catch((err: unknown) => {
        // Redis down: serve rather than refuse; the cache still shields the store.
        deps.log?.warn({ err: (err as Error).message }, "open311 rate limit unavailable");
        return { ok: true as const };
      });
      if (!verdict.ok) {
        void reply.header("retry-after", String(verdict.retryAfterS));
        return error(reply, 429, `too many requests: try again in ${verdict.retryAfterS} s`);
      }
    });

    scope.get("/open311/discovery.json", async (request) => {
      const base = `${request.protocol}://${request.host}`;
      return {
        changeset: "2026-11-29T00:00:00+07:00",
        contact: `${deps.city}: Aduan`,
        key_service: "none: the API is read-only and public",
        endpoints: [
          {
            specification: "http://wiki.open311.org/GeoReport_v2",
            url: `${base}/open311/v2`,
            changeset: "2026-11-29T00:00:00+07:00",
            type: "production",
            formats: ["application/json"],
          },
        ],
      };
    });

    scope.get("/open311/v2/services.:format", async (request, reply) => {
      if (!isJson(request)) return error(reply, 400, "only the json format is served");
      return cached("services", async () => geoReportServices(agencies.values(), deps.lang));
    });

    scope.get("/open311/v2/requests.:format", async (request, reply) => {
      if (!isJson(request)) return error(reply, 400, "only the json format is served");
      const parsed = parseGeoReportQuery(request.query as Record<string, unknown>, deps.now());
      if (!parsed.ok) return error(reply, 400, parsed.description);
      const q = parsed.query;
      return cached(`requests:${queryCacheKey(q, ttl)}`, () =>
        findRequests(deps, q, agencies, (t) => toGeoReportRequest(t, ctx)),
      );
    });

    scope.get("/open311/v2/requests/:file", async (request, reply) => {
      const file = (request.params as { file: string }).file;
      const m = /^(.+)\.(json|xml)$/u.exec(file);
      if (!m || m[2] !== "json") return error(reply, 400, "only the json format is served");
      const id = m[1] ?? "";
      const body = await cached(`request:${id}`, async () => {
        const one = /^ADU-\d{1,12}$/u.test(id) ? publish(await deps.store.get(id)) : null;
        return one ? [one] : null;
      });
      if (body === null) return error(reply, 404, `no service request ${id}`);
      return body;
    });
  });
}

function isJson(request: FastifyRequest): boolean {
  return (request.params as { format?: string }).format === "json";
}

async function findRequests(
  deps: Open311Deps,
  q: GeoReportQuery,
  agencies: ReadonlyMap<string, PublicAgency>,
  map: (t: Ticket) => GeoReportRequest,
): Promise<GeoReportRequest[]> {
  const shown = (t: Ticket | null): t is Ticket => t !== null && isPublishable(t, agencies);
  if (q.ids) {
    // The spec: with ids, every other filter is ignored.
    const tickets = await Promise.all(q.ids.slice(0, q.pageSize).map((id) => deps.store.get(id)));
    return tickets.filter(shown).map(map);
  }
  // Newest first, as civic apps show them: the window is read backwards a slice at a time (a day,
  // growing while slices are sparse), so the first page of a busy city reads days, not 90 of them.
  // Filters run on tickets; only the page's tickets are mapped (the SLA deadline costs a little).
  const wanted = q.page * q.pageSize;
  const found: Ticket[] = [];
  let end = q.toMs;
  let span = DAY;
  while (end > q.fromMs && found.length < wanted) {
    const start = Math.max(q.fromMs, end - span);
    const tickets = await deps.store.listReceivedBetween(
      new Date(start).toISOString(),
      new Date(end).toISOString(),
      {
        limit: SLICE_READ_LIMIT,
      },
    );
    const slice = tickets
      .filter(shown)
      .filter((t) => serviceCodeMatches(serviceCode(t.agency ?? "", kindOf(t)), q.serviceCodes))
      .filter((t) => q.statuses === null || q.statuses.includes(geoReportStatus(t)));
    found.push(...slice.reverse());
    end = start;
    if (slice.length < q.pageSize / 4) span = Math.min(span * 2, 16 * DAY);
  }
  return found.slice((q.page - 1) * q.pageSize, wanted).map(map);
}

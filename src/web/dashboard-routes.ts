import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Redis } from "ioredis";
import type { PipelineSettings } from "../core/settings.js";
import type { SupervisionContext } from "../core/supervision-context.js";
import { uiStrings } from "../core/ui-strings.js";
import type { TicketStore } from "../ports/ticket-store.js";
import type { Membership } from "../staff/membership.js";
import type { ReportKind } from "../triage/types.js";
import { maySee, rightsOf, type Rights } from "../staff/dashboard-rights.js";
import { AnswerCache, acceptsGzip } from "./answer-cache.js";
import { dashboardReport, weeklyTrend } from "./dashboard-figures.js";
import { dashboardStrings } from "./dashboard-strings.js";
import { TicketChangeFeed, type TicketChange } from "./live-events.js";
import { LoginLinks } from "./login-links.js";
import { mapLayers, thinnedAreas } from "./map-layers.js";
import { figuresPage } from "./pages/figures-page.js";
import type { Raw } from "./pages/html-template.js";
import { BASE } from "./pages/layout.js";
import { loginConfirmPage, refusedPage, type RefusalReason } from "./pages/login-pages.js";
import { mapPage } from "./pages/map-page.js";
import { queueBody, queuePage, type QueueView } from "./pages/queue-page.js";
import { ticketBody, ticketMissingPage, ticketMovedBody, ticketPage } from "./pages/ticket-page.js";
import { wallBody, wallPage } from "./pages/wall-page.js";
import { queueCsv, queueJson } from "./queue-export.js";
import { DashboardTickets } from "./ticket-source.js";
import {
  parseQueueFilter,
  periodRange,
  queryQueue,
  queueQueryString,
  RowCache,
  toRow,
  type QueueFilter,
} from "./ticket-query.js";
import { WebSessions, type WebSession } from "./web-sessions.js";

/**
 * The supervisors' and staff's web dashboard under `/dasbor`, mounted on the ops server's
 * fastify (one call: {@link registerDashboard}), so it runs in the processes that already run.
 * Login by a one-time link from the bot (`/dasbor`), a session cookie, rights from Telegram
 * membership on every request.
 */

/** Registers more API routes behind the dashboard's session guard (e.g. campaigns and mood). */
export type DashboardApiRegistrar = (scope: FastifyInstance, viewer: ViewerLookup) => void | Promise<void>;

/** Who is asking, for a route registered behind the guard. */
export type ViewerLookup = (request: FastifyRequest) => Viewer;

export interface Viewer {
  session: WebSession;
  rights: Exclude<Rights, { kind: "none" }>;
}

export interface DashboardDeps {
  redis: Redis;
  prefix: string;
  store: TicketStore;
  settings: PipelineSettings;
  sup: SupervisionContext;
  /** Telegram membership, cached (the bot's `CachedMembership` over the platform's gateway). */
  membership: Membership;
  /** Key of the login links (see web-secret.ts). */
  secret: string;
  now(): number;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** `config/` directory: the kecamatan outlines come from `places/kecamatan.geojson`. */
  configDir: string;
  /** A map tile URL template (`ADUAN_MAP_TILE_URL`); none by default: outlines only, works offline. */
  tileUrl?: string | undefined;
  sessionTtlSeconds?: number;
  /**
   * Mark the cookie `Secure` even when the request arrived over plain HTTP: the dashboard sits
   * behind an HTTPS proxy (`ADUAN_WEB_URL` starts with `https:`). Requests over HTTPS always are.
   */
  secureCookies?: boolean;
  /** More authenticated API routes, mounted under `/dasbor/api` behind the guard. */
  extraApi?: readonly DashboardApiRegistrar[];
}

export interface MountedDashboard {
  links: LoginLinks;
  sessions: WebSessions;
}

const COOKIE = "aduan_dasbor";
const ASSETS_DIR = join(dirname(fileURLToPath(import.meta.url)), "assets");
const LEAFLET_DIR = dirname(createRequire(import.meta.url).resolve("leaflet/dist/leaflet.js"));
const OWN_ASSETS: Record<string, string> = {
  "dashboard.css": "text/css; charset=utf-8",
  "dashboard.js": "text/javascript; charset=utf-8",
  "dashboard-map.js": "text/javascript; charset=utf-8",
};
const LEAFLET_ASSETS: Record<string, string> = {
  "leaflet.js": "text/javascript; charset=utf-8",
  "leaflet.css": "text/css; charset=utf-8",
  "images/layers.png": "image/png",
  "images/layers-2x.png": "image/png",
  "images/marker-icon.png": "image/png",
  "images/marker-icon-2x.png": "image/png",
  "images/marker-shadow.png": "image/png",
};
const REPORT_KINDS: ReportKind[] = ["keluhan", "permintaan", "pertanyaan", "saran"];
const PAGE_ROWS = 200;

function cookieOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie ?? "";
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === COOKIE) return decodeURIComponent(v.join("="));
  }
  return undefined;
}

function securityHeaders(reply: FastifyReply, tileUrl: string | undefined): FastifyReply {
  const tiles = tileUrl ? " https:" : "";
  return reply
    .header(
      "content-security-policy",
      `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:${tiles}; ` +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    )
    .header("x-content-type-options", "nosniff")
    .header("referrer-policy", "no-referrer")
    .header("cache-control", "no-store");
}

export function registerDashboard(app: FastifyInstance, deps: DashboardDeps): MountedDashboard {
  const t = dashboardStrings(deps.settings.language);
  const links = new LoginLinks(deps.redis, deps.prefix, deps.secret, deps.now);
  const sessions = new WebSessions(deps.redis, deps.prefix, deps.sessionTtlSeconds);
  const feed = new TicketChangeFeed(deps.redis, deps.prefix, deps.log);
  const tickets = new DashboardTickets(deps.store, feed, deps.now);
  const rows = new RowCache();
  const mapAnswers = new AnswerCache(deps.now);
  const viewers = new WeakMap<FastifyRequest, Viewer>();
  const settings = deps.settings;
  const agencyName = (id: string | null) =>
    id === null ? "—" : (settings.agencies.get(id)?.short_name ?? id);
  let areas: Promise<{ text: string; names: string[] }> | undefined;
  let kelurahan: Promise<string> | undefined;
  // Kelurahan outlines are drawn only when zoomed in: read and thinned on first ask.
  const kelurahanData = () =>
    (kelurahan ??= readFile(join(deps.configDir, "places", "kelurahan.geojson"), "utf8").then((text) =>
      JSON.stringify(thinnedAreas(text, "nama_kelurahan", 0.0001)),
    ));
  const areaData = () =>
    (areas ??= readFile(join(deps.configDir, "places", "kecamatan.geojson"), "utf8").then((text) => {
      const thin = thinnedAreas(text, "nama_kecamatan");
      const names = thin.features.map((f) => String(f.properties["name"])).sort((a, b) => a.localeCompare(b));
      return { text: JSON.stringify(thin), names };
    }));

  app.addHook("onClose", async () => {
    tickets.close();
    await feed.close();
  });

  const html = (reply: FastifyReply, code: number, body: string) =>
    securityHeaders(reply, deps.tileUrl).code(code).type("text/html; charset=utf-8").send(body);
  const refuse = (request: FastifyRequest, reply: FastifyReply, reason: RefusalReason, code: number) => {
    if (reason !== "needLogin" && reason !== "loggedOut")
      deps.log.warn({ reason, ip: request.ip, path: request.url.split("?")[0] }, "dashboard access refused");
    return html(reply, code, refusedPage(t, reason));
  };

  // Public: the login link, its confirmation, the static assets.
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string", bodyLimit: 4096 },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    scope.get<{ Querystring: { t?: string } }>(`${BASE}/masuk`, async (request, reply) => {
      const token = request.query.t ?? "";
      const checked = links.inspect(token);
      if (!checked.ok)
        return refuse(request, reply, checked.reason, checked.reason === "expired" ? 410 : 400);
      // A GET never uses the link up: Telegram's link preview fetches it before anyone taps it.
      return html(reply, 200, loginConfirmPage(t, token, checked.claims.name));
    });
    scope.post<{ Body: { t?: string } }>(`${BASE}/masuk`, async (request, reply) => {
      const redeemed = await links.redeem(String(request.body?.t ?? ""));
      if (!redeemed.ok)
        return refuse(request, reply, redeemed.reason, redeemed.reason === "expired" ? 410 : 400);
      const { userId, name } = redeemed.claims;
      const rights = await rightsOf(deps.membership, settings, userId);
      if (rights.kind === "none") return refuse(request, reply, "noRights", 403);
      const id = await sessions.create({ userId, name, createdAt: deps.now() });
      deps.log.info({ user: userId, rights: rights.kind }, "dashboard login");
      const secure = request.protocol === "https" || deps.secureCookies ? "; Secure" : "";
      return reply
        .header(
          "set-cookie",
          `${COOKIE}=${id}; Path=${BASE}; HttpOnly; SameSite=Lax; Max-Age=${sessions.ttlSeconds}${secure}`,
        )
        .redirect(BASE, 303);
    });
    scope.post(`${BASE}/keluar`, async (request, reply) => {
      const id = cookieOf(request);
      if (id) await sessions.end(id);
      reply.header("set-cookie", `${COOKIE}=; Path=${BASE}; HttpOnly; SameSite=Lax; Max-Age=0`);
      return html(reply, 200, refusedPage(t, "loggedOut"));
    });
    scope.get<{ Params: { name: string } }>(`${BASE}/assets/:name`, async (request, reply) => {
      const type = OWN_ASSETS[request.params.name];
      if (!type) return reply.code(404).send("not found");
      const body = await readFile(join(ASSETS_DIR, request.params.name));
      return reply.type(type).header("cache-control", "no-cache").send(body);
    });
    scope.get<{ Params: { "*": string } }>(`${BASE}/assets/leaflet/*`, async (request, reply) => {
      const name = request.params["*"];
      const type = LEAFLET_ASSETS[name];
      if (!type) return reply.code(404).send("not found");
      const body = await readFile(join(LEAFLET_DIR, name));
      return reply.type(type).header("cache-control", "public, max-age=86400").send(body);
    });
  });

  // Everything else: a session, and rights from Telegram membership asked again on each request.
  void app.register(async (scope) => {
    scope.addHook("onRequest", async (request, reply) => {
      const id = cookieOf(request);
      const session = id ? await sessions.get(id) : null;
      const api = request.url.startsWith(`${BASE}/api/`) || request.headers["x-dasbor-fragment"] === "1";
      if (!session || !id) {
        if (api) return reply.code(401).send({ error: "not logged in" });
        return html(reply, 401, refusedPage(t, "needLogin"));
      }
      const rights = await rightsOf(deps.membership, settings, session.userId);
      if (rights.kind === "none") {
        // Left every group since logging in: the session ends now.
        await sessions.end(id);
        deps.log.warn({ user: session.userId }, "dashboard session ended: no longer a member of any group");
        if (api) return reply.code(403).send({ error: "no longer a member" });
        return html(reply, 403, refusedPage(t, "noRights"));
      }
      viewers.set(request, { session, rights });
    });
    const viewerOf: ViewerLookup = (request) => {
      const v = viewers.get(request);
      if (!v) throw new Error("dashboard route without a viewer: the guard did not run");
      return v;
    };
    const who = (v: Viewer) =>
      t.loggedInAs(
        v.session.name,
        v.rights.kind === "all" ? t.scopeAll : t.scopeAgencies(v.rights.agencies.map(agencyName).join(", ")),
      );
    const visible = (v: Viewer) =>
      v.rights.kind === "all"
        ? undefined
        : (x: Parameters<typeof maySee>[1]) => maySee(v.rights, x, settings);

    const queueView = async (v: Viewer, f: QueueFilter, limit = PAGE_ROWS): Promise<QueueView> => {
      const now = new Date(deps.now());
      const range = periodRange(f.period, now);
      const list = await tickets.forFilter(f);
      const result = queryQueue(list, f, {
        rights: v.rights,
        settings,
        sup: deps.sup,
        now,
        limit,
        cache: rows,
      });
      const agencyChoices = [...settings.agencies.values()]
        .filter((a) => v.rights.kind === "all" || v.rights.agencies.includes(a.id))
        .map((a) => ({ value: a.id, label: a.short_name }));
      return {
        filter: f,
        result,
        agencies: agencyChoices,
        kinds: REPORT_KINDS.map((k) => ({ value: k, label: uiStrings(settings.language).reportKind[k] })),
        kecamatan: (await areaData()).names,
        agencyName,
        ...(range && "error" in range ? { periodError: range.error } : {}),
      };
    };
    const fragment = (request: FastifyRequest) => request.headers["x-dasbor-fragment"] === "1";
    const send = (reply: FastifyReply, request: FastifyRequest, part: Raw, full: () => string) =>
      html(reply, 200, fragment(request) ? part.value : full());

    scope.get<{ Querystring: Record<string, string> }>(BASE, async (request, reply) => {
      if (request.query["wall"] === "1") return reply.redirect(`${BASE}/wall`, 302);
      const v = viewerOf(request);
      const view = await queueView(v, parseQueueFilter(request.query));
      return send(reply, request, queueBody(t, view), () => queuePage(t, { who: who(v) }, view));
    });

    scope.get<{ Params: { id: string } }>(`${BASE}/tiket/:id`, async (request, reply) => {
      const v = viewerOf(request);
      const id = request.params.id.toUpperCase();
      const ticket = /^ADU-\d{1,12}$/.test(id) ? await tickets.get(id) : null;
      if (ticket && fragment(request) && !maySee(v.rights, ticket, settings)) {
        // The page was open while the ticket moved away from the viewer's agency: say where.
        const moved = ticket.history.findLast((e) => e.type === "reassigned");
        if (v.rights.kind === "agencies" && moved?.from && v.rights.agencies.includes(moved.from))
          return html(reply, 200, ticketMovedBody(t, ticket.id, agencyName(ticket.agency)).value);
      }
      if (!ticket || !maySee(v.rights, ticket, settings)) {
        if (ticket)
          deps.log.warn(
            { user: v.session.userId, ticket: id },
            "dashboard: ticket of another agency refused",
          );
        return html(reply, 404, ticketMissingPage(t, { who: who(v) }));
      }
      const row = toRow(ticket, settings, deps.sup, new Date(deps.now()));
      return send(reply, request, ticketBody(t, ticket, row, agencyName), () =>
        ticketPage(t, { who: who(v) }, ticket, row, agencyName),
      );
    });

    scope.get<{ Querystring: Record<string, string> }>(`${BASE}/peta`, async (request, reply) => {
      const v = viewerOf(request);
      const f = parseQueueFilter(request.query);
      return html(
        reply,
        200,
        mapPage(t, { who: who(v) }, { tileUrl: deps.tileUrl, query: queueQueryString(f) }),
      );
    });

    scope.get<{ Querystring: Record<string, string> }>(`${BASE}/angka`, async (request, reply) => {
      const v = viewerOf(request);
      const now = new Date(deps.now());
      const asked = request.query["period"]?.trim() || (t.lang === "en" ? "this month" : "bulan ini");
      const cut = request.query["cut"] === "topic" ? "topic" : "agency";
      const parsed = periodRange(asked, now);
      const range =
        parsed && "from" in parsed ? parsed : (periodRange("bulan ini", now) as { from: Date; to: Date });
      const see = visible(v);
      const [report, weeks] = await Promise.all([
        dashboardReport(
          deps.store,
          settings,
          deps.sup,
          { ...range, cut, ...(see ? { visible: see } : {}) },
          now,
        ),
        weeklyTrend(deps.store, settings, deps.sup, now, see ? { visible: see } : {}),
      ]);
      return html(
        reply,
        200,
        figuresPage(
          t,
          { who: who(v) },
          {
            report,
            weeks,
            period: asked,
            cut,
            ...(parsed && "error" in parsed ? { periodError: parsed.error } : {}),
            groupName: (key) => (cut === "agency" ? agencyName(key === "_" ? null : key) : key),
          },
        ),
      );
    });

    const wallPart = async (v: Viewer) => {
      const now = new Date(deps.now());
      const open = await queueView(v, { status: "open" }, 1_000_000);
      const today = periodRange("hari ini", now) as { from: Date; to: Date };
      const see = visible(v);
      const report = await dashboardReport(
        deps.store,
        settings,
        deps.sup,
        { ...today, cut: "agency", ...(see ? { visible: see } : {}) },
        now,
      );
      return wallBody(t, {
        // Ten fill a wall in two columns at the wall's type size; the heading counts them all.
        breaches: open.result.rows.filter((r) => r.sla === "breached").slice(0, 10),
        today: {
          received: report.total.received,
          resolved: report.total.resolved,
          open: open.result.total,
          breached: open.result.counts.breached,
        },
        agencyName,
      });
    };
    scope.get(`${BASE}/wall`, async (request, reply) => {
      const v = viewerOf(request);
      const part = await wallPart(v);
      return send(reply, request, part, () => wallPage(t, { who: who(v) }, part, { tileUrl: deps.tileUrl }));
    });

    // JSON API (the pages' scripts, and anyone scripting the dashboard with a session).
    scope.get<{ Querystring: Record<string, string> }>(`${BASE}/api/tickets`, async (request) => {
      const v = viewerOf(request);
      const limit = Math.min(Math.max(Number(request.query["limit"]) || PAGE_ROWS, 1), 5000);
      const view = await queueView(v, parseQueueFilter(request.query), limit);
      return { total: view.result.total, counts: view.result.counts, tickets: view.result.rows };
    });
    scope.get<{ Params: { id: string } }>(`${BASE}/api/tickets/:id`, async (request, reply) => {
      const v = viewerOf(request);
      const ticket = await tickets.get(request.params.id.toUpperCase());
      if (!ticket || !maySee(v.rights, ticket, settings))
        return reply.code(404).send({ error: "no such ticket" });
      return { ticket, row: toRow(ticket, settings, deps.sup, new Date(deps.now())) };
    });
    // The map's data: one compact answer per rights scope and filter, kept while the open
    // tickets are unchanged (see AnswerCache), gzipped for a browser that accepts it.
    scope.get<{ Querystring: Record<string, string> }>(`${BASE}/api/map`, async (request, reply) => {
      const v = viewerOf(request);
      const f = { ...parseQueueFilter(request.query), status: "open" as const };
      const scopeKey = v.rights.kind === "all" ? "*" : [...v.rights.agencies].sort().join(",");
      const answer = await mapAnswers.get(`${scopeKey}|${queueQueryString(f)}`, tickets.version, async () => {
        const view = await queueView(v, f, 1_000_000);
        const layers = mapLayers(view.result.rows);
        const withoutPoint = view.result.rows.length - layers.markers.length;
        return JSON.stringify({
          ...layers,
          label: t.map.openTickets(view.result.total),
          without_point: withoutPoint,
          without_point_label: withoutPoint > 0 ? t.map.noPoint(withoutPoint) : "",
        });
      });
      reply.type("application/json; charset=utf-8").header("vary", "accept-encoding");
      if (!acceptsGzip(request.headers["accept-encoding"])) return reply.send(answer.body);
      return reply.header("content-encoding", "gzip").send(await answer.gzip());
    });
    scope.get(`${BASE}/api/kelurahan.geojson`, async (_request, reply) => {
      return reply
        .type("application/geo+json")
        .header("cache-control", "private, max-age=3600")
        .send(await kelurahanData());
    });
    scope.get(`${BASE}/api/kecamatan.geojson`, async (_request, reply) => {
      return reply
        .type("application/geo+json")
        .header("cache-control", "private, max-age=3600")
        .send((await areaData()).text);
    });
    scope.get<{ Querystring: Record<string, string> }>(`${BASE}/api/figures`, async (request, reply) => {
      const v = viewerOf(request);
      const now = new Date(deps.now());
      const range =
        request.query["from"] && request.query["to"]
          ? periodRange(`${request.query["from"]}..${request.query["to"]}`, now)
          : periodRange(request.query["period"] ?? "bulan ini", now);
      if (!range || "error" in range) return reply.code(400).send({ error: range?.error ?? "no period" });
      const cutAsked = request.query["cut"];
      const cut =
        cutAsked === "topic" || cutAsked === "kecamatan" || cutAsked === "urgency" ? cutAsked : "agency";
      const see = visible(v);
      return reply
        .type("application/json")
        .send(
          JSON.stringify(
            await dashboardReport(
              deps.store,
              settings,
              deps.sup,
              { ...range, cut, ...(see ? { visible: see } : {}) },
              now,
            ),
          ),
        );
    });
    const exported = async (request: FastifyRequest<{ Querystring: Record<string, string> }>) => {
      const v = viewerOf(request);
      const view = await queueView(v, parseQueueFilter(request.query), 1_000_000);
      deps.log.info({ user: v.session.userId, rows: view.result.rows.length }, "dashboard export");
      return view.result.rows;
    };
    scope.get<{ Querystring: Record<string, string> }>(`${BASE}/api/export.csv`, async (request, reply) =>
      reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", 'attachment; filename="aduan-antrian.csv"')
        .send(queueCsv(await exported(request))),
    );
    scope.get<{ Querystring: Record<string, string> }>(`${BASE}/api/export.json`, async (request, reply) =>
      reply
        .type("application/json; charset=utf-8")
        .header("content-disposition", 'attachment; filename="aduan-antrian.json"')
        .send(queueJson(await exported(request))),
    );

    scope.get(`${BASE}/api/events`, async (request, reply) => {
      let v = viewerOf(request);
      const sessionId = cookieOf(request) ?? "";
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      });
      res.write("retry: 2000\n: connected\n\n");
      const sees = (c: TicketChange) => {
        if (v.rights.kind === "all") return true;
        const mine = v.rights.agencies;
        if (c.from_agency && mine.includes(c.from_agency)) return true;
        const holder = c.status === "new" ? null : c.agency;
        if (holder !== null) return mine.includes(holder);
        return mine.includes(settings.triageAgency) || mine.includes(settings.moderationAgency);
      };
      // A change that moved a ticket out of the viewer's agencies says so (`gone`, and where it
      // went): the queue drops its row, an open ticket page says it was moved.
      const gone = (c: TicketChange) =>
        v.rights.kind !== "all" && c.from_agency !== undefined && !v.rights.agencies.includes(c.agency ?? "");
      const unsubscribe = await feed.subscribe((c) => {
        if (!sees(c)) return;
        const data = gone(c)
          ? { id: c.id, status: c.status, gone: true, to: agencyName(c.agency) }
          : { id: c.id, status: c.status };
        // Written once this process's memory has the change: the page asks again at once.
        void tickets.settled().then(() => res.write(`event: ticket\ndata: ${JSON.stringify(data)}\n\n`));
      });
      // Rights are asked again while the stream is open: a removed member's stream ends.
      const check = setInterval(() => {
        void (async () => {
          const session = await sessions.get(sessionId);
          const rights = session
            ? await rightsOf(deps.membership, settings, session.userId)
            : { kind: "none" as const };
          if (!session || rights.kind === "none") {
            res.end();
            return;
          }
          v = { session, rights };
          res.write(": still here\n\n");
        })().catch(() => res.write(": check failed\n\n"));
      }, 25_000);
      const stop = () => {
        clearInterval(check);
        unsubscribe();
      };
      request.raw.on("close", stop);
      res.on("close", stop);
    });

    for (const register of deps.extraApi ?? []) await register(scope, viewerOf);
  });

  return { links, sessions };
}

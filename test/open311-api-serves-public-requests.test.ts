import { randomUUID } from "node:crypto";
import Fastify, { type FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerOpen311 } from "../src/open311/open311-routes.js";
import type { PublicAgency } from "../src/open311/georeport-request.js";
import { supervisionContext } from "../src/core/supervision-context.js";
import { RedisTicketStore } from "../src/redis/ticket-store.js";
import { createRedis } from "../src/runtime/redis.js";
import { deleteKeys, shippedConfig } from "./support/pipeline-harness.js";
import { sampleTweet, sampleVerdict } from "./support/sample-ticket.js";

const prefix = `test-open311-${randomUUID().slice(0, 8)}`;
const NOW = Date.parse("2026-11-29T05:00:00.000Z");
let redis: Redis;
let store: RedisTicketStore;
let app: FastifyInstance;
const ids: Record<string, string> = {};

async function ticket(name: string, tweetId: string, at: string, text: string, verdict = sampleVerdict()) {
  const { ticket: t } = await store.createFromTweet(
    sampleTweet({
      id: tweetId,
      text,
      created_at: at,
      author_username: `warga_${name}`,
      author_name: `Warga ${name}`,
    }),
    verdict,
    at,
  );
  ids[name] = t.id;
  return t.id;
}

async function server(perMinute = 1000): Promise<FastifyInstance> {
  const config = await shippedConfig();
  const a = Fastify({ logger: false });
  registerOpen311(a, {
    store,
    redis,
    prefix: `${prefix}:${randomUUID().slice(0, 4)}`,
    agencies: config.agencies.map((x): PublicAgency => ({ ...x, keywords: Object.keys(x.keywords) })),
    city: config.app.city,
    lang: "id",
    sla: supervisionContext(config),
    now: () => NOW,
    perMinute,
  });
  await a.ready();
  return a;
}

beforeAll(async () => {
  redis = createRedis("redis://127.0.0.1:6379", "worker");
  await redis.connect();
  store = new RedisTicketStore(redis, prefix);
  const open = await ticket(
    "open",
    "1864000000000000011",
    "2026-11-28T01:00:00.000Z",
    "@PemkotBandung jalan bolong di Sangkuriang, WA 081234567890",
  );
  await store.transition(open, { type: "dispatch" }, "2026-11-28T01:00:05.000Z", "system");
  const done = await ticket(
    "done",
    "1864000000000000012",
    "2026-11-27T01:00:00.000Z",
    "trotoar rusak di Dago",
  );
  await store.transition(done, { type: "dispatch" }, "2026-11-27T01:00:05.000Z", "system");
  await store.transition(
    done,
    { type: "resolve", note: "sudah diperbaiki", by: "Budi" },
    "2026-11-28T03:00:00.000Z",
    "tg:42",
  );
  const parkir = await ticket(
    "parkir",
    "1864000000000000013",
    "2026-11-26T01:00:00.000Z",
    "parkir liar di Braga",
    sampleVerdict({ agency: "dishub", kind: "keluhan" }),
  );
  await store.transition(parkir, { type: "dispatch" }, "2026-11-26T01:00:05.000Z", "system");
  const rejected = await ticket("rejected", "1864000000000000014", "2026-11-28T02:00:00.000Z", "iseng aja");
  await store.transition(rejected, { type: "dispatch" }, "2026-11-28T02:00:05.000Z", "system");
  await store.transition(rejected, { type: "reject", reason: "spam" }, "2026-11-28T02:10:00.000Z", "tg:42");
  await ticket(
    "abusive",
    "1864000000000000015",
    "2026-11-28T03:00:00.000Z",
    "kata kasar di jalan",
    sampleVerdict({ abusive: true, agency: "diskominfo" }),
  );
  await ticket("old", "1864000000000000016", "2026-07-01T01:00:00.000Z", "jalan rusak lama sekali");
  await store.transition(ids["old"]!, { type: "dispatch" }, "2026-07-01T01:00:05.000Z", "system");
  app = await server();
});
afterAll(async () => {
  await app.close();
  await deleteKeys(prefix);
  await redis.quit();
});

async function get(url: string, a = app) {
  const res = await a.inject({ method: "GET", url });
  return { status: res.statusCode, body: res.json<unknown>(), headers: res.headers };
}
type Req = Record<string, unknown> & { service_request_id: string };

describe("GET /open311/v2/requests.json", () => {
  it("lists the last 90 days' published requests, newest first, without rejected or abusive tickets", async () => {
    const { status, body } = await get("/open311/v2/requests.json");
    expect(status).toBe(200);
    expect((body as Req[]).map((r) => r.service_request_id)).toEqual([
      ids["open"],
      ids["done"],
      ids["parkir"],
    ]);
  });

  it("filters by status", async () => {
    const open = (await get("/open311/v2/requests.json?status=open")).body as Req[];
    const closed = (await get("/open311/v2/requests.json?status=closed")).body as Req[];
    expect(open.map((r) => r.service_request_id)).toEqual([ids["open"], ids["parkir"]]);
    expect(closed.map((r) => r.service_request_id)).toEqual([ids["done"]]);
    expect(closed[0]).toMatchObject({
      status: "closed",
      status_notes: "sudah diperbaiki",
      expected_datetime: null,
    });
    expect(open[0]?.["expected_datetime"]).toMatch(/\+07:00$/);
  });

  it("filters by service code, exact or by agency", async () => {
    const exact = (await get("/open311/v2/requests.json?service_code=dishub.keluhan")).body as Req[];
    const agency = (await get("/open311/v2/requests.json?service_code=dsdabm")).body as Req[];
    expect(exact.map((r) => r.service_request_id)).toEqual([ids["parkir"]]);
    expect(agency.map((r) => r.service_request_id)).toEqual([ids["open"], ids["done"]]);
  });

  it("filters by start_date and end_date in W3C datetime", async () => {
    const { body } = await get(
      "/open311/v2/requests.json?start_date=2026-11-27T00:00:00%2B07:00&end_date=2026-11-28T00:00:00%2B07:00",
    );
    expect((body as Req[]).map((r) => r.service_request_id)).toEqual([ids["done"]]);
    const july = (
      await get("/open311/v2/requests.json?start_date=2026-06-30T00:00:00Z&end_date=2026-07-02T00:00:00Z")
    ).body;
    expect((july as Req[]).map((r) => r.service_request_id)).toEqual([ids["old"]]);
  });

  it("takes a list of service_request_id and then ignores the other filters, as the spec says", async () => {
    const { body } = await get(
      `/open311/v2/requests.json?service_request_id=${ids["old"]},${ids["rejected"]},${ids["done"]}&status=open`,
    );
    expect((body as Req[]).map((r) => r.service_request_id).sort()).toEqual([ids["done"], ids["old"]].sort());
  });

  it("pages with page and page_size", async () => {
    const p1 = (await get("/open311/v2/requests.json?page_size=2")).body as Req[];
    const p2 = (await get("/open311/v2/requests.json?page_size=2&page=2")).body as Req[];
    expect([...p1, ...p2].map((r) => r.service_request_id)).toEqual([
      ids["open"],
      ids["done"],
      ids["parkir"],
    ]);
  });

  it("refuses bad filters with the spec's error array", async () => {
    for (const q of [
      "status=pending",
      "start_date=kemarin",
      "start_date=2026-01-01T00:00:00Z&end_date=2026-11-01T00:00:00Z",
      "page=0",
    ]) {
      const { status, body } = await get(`/open311/v2/requests.json?${q}`);
      expect(status, q).toBe(400);
      expect(body, q).toEqual([{ code: 400, description: expect.any(String) as string }]);
    }
  });

  it("never shows a citizen's handle, name, user id, tweet link or phone number", async () => {
    const text = JSON.stringify((await get("/open311/v2/requests.json")).body);
    for (const s of ["warga_", "Warga ", "90001", "x.com", "status/", "PemkotBandung", "081234567890"])
      expect(text, s).not.toContain(s);
  });
});

describe("GET /open311/v2/requests/{id}.json", () => {
  it("answers an array of one request", async () => {
    const { status, body } = await get(`/open311/v2/requests/${ids["open"]}.json`);
    expect(status).toBe(200);
    expect(body).toHaveLength(1);
    expect((body as Req[])[0]).toMatchObject({
      service_request_id: ids["open"],
      status: "open",
      service_code: "dsdabm.keluhan",
    });
  });

  it("answers 404 with the spec's error array for an unknown, rejected or abusive ticket", async () => {
    for (const id of ["ADU-999999", ids["rejected"], ids["abusive"], "nonsense"]) {
      const { status, body } = await get(`/open311/v2/requests/${id}.json`);
      expect(status, id).toBe(404);
      expect(body, id).toEqual([{ code: 404, description: `no service request ${id}` }]);
    }
  });
});

describe("services and discovery", () => {
  it("lists the agencies' services with the spec's fields", async () => {
    const { status, body } = await get("/open311/v2/services.json");
    expect(status).toBe(200);
    const services = body as Record<string, unknown>[];
    expect(services.find((s) => s["service_code"] === "dishub.keluhan")).toMatchObject({
      service_name: "Dishub — Keluhan",
      metadata: false,
      type: "realtime",
      group: "Dinas Perhubungan",
    });
    expect(services.some((s) => String(s["service_code"]).startsWith("pln."))).toBe(false);
  });

  it("serves a discovery document pointing at the v2 endpoint", async () => {
    const { body } = await get("/open311/discovery.json");
    expect(body).toMatchObject({
      endpoints: [{ specification: "http://wiki.open311.org/GeoReport_v2", formats: ["application/json"] }],
    });
  });

  it("answers an .xml request with the error array (JSON only)", async () => {
    const { status, body } = await get("/open311/v2/services.xml");
    expect(status).toBe(400);
    expect(body).toEqual([{ code: 400, description: "only the json format is served" }]);
  });
});

describe("cache and rate limit", () => {
  it("serves a repeated query from the cache for its TTL", async () => {
    const a = await server();
    const before = (await get("/open311/v2/requests.json?status=closed", a)).body as Req[];
    await store.transition(ids["parkir"]!, { type: "resolve" }, "2026-11-29T04:00:00.000Z", "tg:42");
    const after = (await get("/open311/v2/requests.json?status=closed", a)).body as Req[];
    expect(after).toEqual(before);
    await a.close();
  });

  it("answers 429 with Retry-After once a client passes its requests per minute", async () => {
    const a = await server(3);
    const codes: number[] = [];
    let retry: string | undefined;
    for (let i = 0; i < 5; i++) {
      const r = await get("/open311/v2/services.json", a);
      codes.push(r.status);
      if (r.status === 429) retry = String(r.headers["retry-after"]);
    }
    expect(codes).toEqual([200, 200, 200, 429, 429]);
    expect(Number(retry)).toBeGreaterThan(0);
    expect(Number(retry)).toBeLessThanOrEqual(60);
    await a.close();
  });
});

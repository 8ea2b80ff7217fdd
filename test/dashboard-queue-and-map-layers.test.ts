import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createTicket, applyTransition } from "../src/core/lifecycle.js";
import { supervisionContext } from "../src/core/supervision-context.js";
import type { Ticket } from "../src/core/ticket.js";
import { AnswerCache, acceptsGzip } from "../src/web/answer-cache.js";
import { MARKER_SLA, mapLayers, simplifyRing, thinnedAreas } from "../src/web/map-layers.js";
import {
  parseQueueFilter,
  queryQueue,
  queueQueryString,
  RowCache,
  type TicketRow,
} from "../src/web/ticket-query.js";
import { shippedConfig } from "./support/pipeline-harness.js";
import { sampleTweet, sampleVerdict } from "./support/sample-ticket.js";

const NOW = new Date("2026-11-25T05:00:00.000Z"); // a Wednesday, 12:00 WIB
const HOUR = 3_600_000;
const settings = { triageAgency: "diskominfo", moderationAgency: "diskominfo" };

function ticket(
  n: number,
  agency: string,
  ageMs: number,
  extra: { text?: string; kecamatan?: string } = {},
): Ticket {
  const at = new Date(NOW.getTime() - ageMs).toISOString();
  const id = `1${String(n).padStart(18, "0")}`;
  const created = createTicket(
    `ADU-${String(n).padStart(6, "0")}`,
    sampleTweet({ id, ...(extra.text ? { text: extra.text } : {}) }),
    sampleVerdict({
      id,
      agency,
      location: { kecamatan: extra.kecamatan ?? "Coblong", lat: -6.89, lon: 107.61, source: "text" },
    }),
    at,
  );
  return applyTransition(created, { type: "dispatch", agency }, at, "system").ticket;
}

describe("the queue's filters", () => {
  it("keeps known values and drops the rest, so a stale bookmark still opens", () => {
    const f = parseQueueFilter({ status: "claimed", urgency: "sangat", agency: " dishub ", q: "", x: "1" });
    expect(f).toEqual({ status: "claimed", agency: "dishub" });
    expect(parseQueueFilter({ status: "bogus" }).status).toBe("open");
    expect(queueQueryString({ status: "open", agency: "dishub", q: "banjir dago" })).toBe(
      "?agency=dishub&q=banjir+dago",
    );
  });

  it("puts the overdue first, finds a ticket by id or by all its words, and counts by SLA state", async () => {
    const sup = supervisionContext(await shippedConfig());
    const tickets = [
      ticket(1, "dsdabm", 10 * 60_000, { text: "jalan rusak parah di Dago" }),
      ticket(2, "dishub", 9 * 24 * HOUR, { text: "lampu merah mati", kecamatan: "Andir" }),
      ticket(3, "dsdabm", 2 * HOUR, { text: "jalan berlubang di Dago" }),
    ];
    const all = { rights: { kind: "all" } as const, settings, sup, now: NOW };
    const r = queryQueue(tickets, { status: "open" }, all);
    expect(r.rows.map((x) => x.id)).toEqual(["ADU-000002", "ADU-000003", "ADU-000001"]);
    expect(r.rows[0]!.sla).toBe("breached");
    expect(r.counts.breached).toBe(1);
    expect(queryQueue(tickets, { status: "open", q: "adu-000003" }, all).rows.map((x) => x.id)).toEqual([
      "ADU-000003",
    ]);
    expect(queryQueue(tickets, { status: "open", q: "jalan dago" }, all).total).toBe(2);
    expect(queryQueue(tickets, { status: "open", kecamatan: "andir" }, all).total).toBe(1);
    const staff = { ...all, rights: { kind: "agencies", agencies: ["dishub"] } as const };
    expect(queryQueue(tickets, { status: "open" }, staff).rows.map((x) => x.id)).toEqual(["ADU-000002"]);
    // Rows kept between queries give the same answer, and a state that changes with time follows it.
    const cache = new RowCache();
    expect(queryQueue(tickets, { status: "open" }, { ...all, cache }).rows).toEqual(r.rows);
    expect(queryQueue(tickets, { status: "open" }, { ...all, cache }).rows).toEqual(r.rows);
  });

  it("tells the channels apart and filters on the kind staff set, not triage's guess", async () => {
    const sup = supervisionContext(await shippedConfig());
    const fromTelegram: Ticket = {
      ...ticket(4, "dsdabm", HOUR, { text: "got mampet di depan rumah" }),
      channel: "telegram",
      citizen: { first_name: "Sari" },
    };
    const staffKind: Ticket = { ...ticket(5, "dishub", HOUR), kind: "pertanyaan" };
    const tickets = [ticket(6, "dishub", HOUR), fromTelegram, staffKind];
    const all = { rights: { kind: "all" } as const, settings, sup, now: NOW };
    expect(parseQueueFilter({ channel: "telegram" }).channel).toBe("telegram");
    expect(parseQueueFilter({ channel: "fax" }).channel).toBeUndefined();
    const tg = queryQueue(tickets, { status: "open", channel: "telegram" }, all);
    expect(tg.rows.map((x) => [x.id, x.channel])).toEqual([["ADU-000004", "telegram"]]);
    expect(queryQueue(tickets, { status: "open", channel: "x" }, all).total).toBe(2);
    const asked = queryQueue(tickets, { status: "open", kind: "pertanyaan" }, all);
    expect(asked.rows.map((x) => [x.id, x.kind])).toEqual([["ADU-000005", "pertanyaan"]]);
    expect(queueQueryString({ status: "open", channel: "telegram" })).toBe("?channel=telegram");
  });
});

describe("the map's layers", () => {
  it("thins the shipped kecamatan outlines to a light page and keeps every kecamatan", () => {
    const text = readFileSync("config/places/kecamatan.geojson", "utf8");
    const thin = thinnedAreas(text, "nama_kecamatan");
    expect(thin.features).toHaveLength(30);
    expect(JSON.stringify(thin).length).toBeLessThan(text.length / 20);
    for (const f of thin.features) {
      expect(f.geometry.type === "Polygon" || f.geometry.type === "MultiPolygon").toBe(true);
      expect(String(f.properties["name"]).length).toBeGreaterThan(0);
    }
  });

  it("keeps a ring closed and its corners, dropping points on a straight line", () => {
    const ring: [number, number][] = [
      [0, 0],
      [0.5, 0.00001],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ];
    expect(simplifyRing(ring, 0.001)).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ]);
  });

  it("counts open tickets and breaches per kecamatan and places a compact marker per ticket with a point", async () => {
    const sup = supervisionContext(await shippedConfig());
    const tickets = [
      ticket(1, "dsdabm", 9 * 24 * HOUR),
      ticket(2, "dishub", HOUR, { kecamatan: "Andir" }),
      ticket(3, "dishub", 2 * HOUR, { kecamatan: "Andir" }),
    ];
    const rows = queryQueue(
      tickets,
      { status: "open" },
      { rights: { kind: "all" }, settings, sup, now: NOW },
    ).rows;
    const layers = mapLayers(rows);
    expect(layers.areas).toEqual({ coblong: { open: 1, breached: 1 }, andir: { open: 2, breached: 0 } });
    // [ticket number, lat, lon, SLA state's index in MARKER_SLA, place's index in places]
    expect(layers.markers).toEqual([
      [1, -6.89, 107.61, MARKER_SLA.indexOf("breached"), 0],
      [3, -6.89, 107.61, MARKER_SLA.indexOf("ok"), 1],
      [2, -6.89, 107.61, MARKER_SLA.indexOf("ok"), 1],
    ]);
    expect(layers.places).toEqual(["Coblong", "Andir"]);
  });

  it("rounds a marker's point to five decimals and keeps an id of another shape as it is", () => {
    const row = {
      id: "ADU-000042",
      sla: "warning",
      kecamatan: null,
      kelurahan: null,
      place: null,
      lat: -6.912345678,
      lon: 107.609876543,
    } as unknown as TicketRow;
    const other = { ...row, id: "ADU-1234567890123" };
    expect(mapLayers([row, other]).markers).toEqual([
      [42, -6.91235, 107.60988, 1, -1],
      ["ADU-1234567890123", -6.91235, 107.60988, 1, -1],
    ]);
  });
});

describe("the map's answer cache", () => {
  it("answers from memory while the open tickets are unchanged, builds again when they change, and refreshes an old answer behind the next request", async () => {
    let clock = 0;
    let builds = 0;
    const cache = new AnswerCache(() => clock, 10_000);
    const build = async () => `answer ${++builds}`;
    expect((await cache.get("*|", 1, build)).body).toBe("answer 1");
    expect((await cache.get("*|", 1, build)).body).toBe("answer 1");
    expect((await cache.get("dishub|", 1, build)).body).toBe("answer 2");
    expect((await cache.get("*|", 2, build)).body).toBe("answer 3");
    // Older than its time: answered once more while a fresh one is made.
    clock = 10_000;
    expect((await cache.get("*|", 2, build)).body).toBe("answer 3");
    await new Promise((r) => setTimeout(r, 0));
    expect((await cache.get("*|", 2, build)).body).toBe("answer 4");
  });

  it("builds an answer once for requests that arrive together, and gzips it once", async () => {
    let builds = 0;
    const cache = new AnswerCache(() => 0);
    const build = async () => {
      builds++;
      await new Promise((r) => setTimeout(r, 20));
      return JSON.stringify({ markers: Array.from({ length: 500 }, (_, i) => [i, -6.9, 107.6, 0, 1]) });
    };
    const [a, b] = await Promise.all([cache.get("*|", 1, build), cache.get("*|", 1, build)]);
    expect(builds).toBe(1);
    const zipped = await a.gzip();
    expect(await b.gzip()).toBe(zipped);
    expect(gunzipSync(zipped).toString()).toBe(a.body);
    expect(zipped.length).toBeLessThan(a.body.length / 5);
  });

  it("gzips only for a browser that accepts it", () => {
    expect(acceptsGzip("gzip, deflate, br")).toBe(true);
    expect(acceptsGzip("br;q=1.0, gzip;q=0.8")).toBe(true);
    expect(acceptsGzip("gzip;q=0")).toBe(false);
    expect(acceptsGzip("identity")).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});

describe("the dashboard's language", () => {
  it("speaks Indonesian by default and English when app.yaml says language: en", async () => {
    const { dashboardStrings } = await import("../src/web/dashboard-strings.js");
    const { refusedPage } = await import("../src/web/pages/login-pages.js");
    const id = refusedPage(dashboardStrings("id"), "expired");
    expect(id).toContain('<html lang="id">');
    expect(id).toContain("Tautan ini sudah kedaluwarsa (berlaku 15 menit).");
    const en = refusedPage(dashboardStrings("en"), "expired");
    expect(en).toContain('<html lang="en">');
    expect(en).toContain("This link has expired (links last 15 minutes).");
    expect(en).not.toContain("Tautan");
  });
});

import { describe, expect, it } from "vitest";
import {
  geoReportServices,
  isPublishable,
  scrubPersonalData,
  toGeoReportRequest,
  type MappingContext,
  type PublicAgency,
} from "../src/open311/georeport-request.js";
import type { Ticket } from "../src/core/ticket.js";
import { sampleTicket, sampleTweet, sampleVerdict } from "./support/sample-ticket.js";

/**
 * GeoReport v2, "GET Service Requests" response (http://wiki.open311.org/GeoReport_v2/): every
 * field a request carries, in the spec's order, with the type it may take.
 */
const SPEC_REQUEST_FIELDS = {
  service_request_id: "string",
  status: "string",
  status_notes: "string|null",
  service_name: "string",
  service_code: "string",
  description: "string",
  agency_responsible: "string",
  service_notice: "string|null",
  requested_datetime: "string",
  updated_datetime: "string",
  expected_datetime: "string|null",
  address: "string|null",
  address_id: "string|null",
  zipcode: "string|null",
  lat: "number|null",
  long: "number|null",
  media_url: "string|null",
} as const;

/** GeoReport v2 "GET Service List": the fields of one service. */
const SPEC_SERVICE_FIELDS = {
  service_code: "string",
  service_name: "string",
  description: "string",
  metadata: "boolean",
  type: "string",
  keywords: "string",
  group: "string",
} as const;

const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const agencies = new Map<string, PublicAgency>([
  [
    "dsdabm",
    { id: "dsdabm", name: "Dinas Sumber Daya Air dan Bina Marga", short_name: "DSDABM", kind: "agency" },
  ],
  ["diskominfo", { id: "diskominfo", name: "Diskominfo", short_name: "Diskominfo", kind: "command_center" }],
  ["pln", { id: "pln", name: "PLN", short_name: "PLN", kind: "external" }],
]);
const ctx: MappingContext = {
  agencies,
  city: "Kota Bandung",
  lang: "id",
  expectedAt: () => "2026-11-30T07:05:03.000Z",
};

function typeOf(v: unknown): string {
  return v === null ? "null" : typeof v;
}

function dispatched(overrides: Partial<Ticket> = {}): Ticket {
  return sampleTicket({
    status: "dispatched",
    history: [
      { at: "2026-11-28T07:05:03.000Z", type: "created", actor: "system" },
      { at: "2026-11-28T07:06:00.000Z", type: "dispatched", actor: "system", to: "dsdabm" },
    ],
    ...overrides,
  });
}

describe("a ticket as a GeoReport v2 service request", () => {
  it("has exactly the spec's fields, each of the spec's type", () => {
    const r = toGeoReportRequest(dispatched(), ctx) as unknown as Record<string, unknown>;
    expect(Object.keys(r)).toEqual(Object.keys(SPEC_REQUEST_FIELDS));
    for (const [field, types] of Object.entries(SPEC_REQUEST_FIELDS))
      expect(types.split("|"), field).toContain(typeOf(r[field]));
  });

  it("fills every field from the ticket as the spec means it", () => {
    const r = toGeoReportRequest(dispatched(), ctx);
    expect(r.service_request_id).toBe("ADU-000123");
    expect(r.status).toBe("open");
    expect(r.status_notes).toBeNull();
    expect(r.service_name).toBe("DSDABM — Keluhan");
    expect(r.service_code).toBe("dsdabm.keluhan");
    expect(r.description).toBe("@… jln Sangkuriang depan kampus bolong gede bgt, udh 2 minggu ga dibenerin");
    expect(r.agency_responsible).toBe("Dinas Sumber Daya Air dan Bina Marga");
    expect(r.service_notice).toBeNull();
    expect(r.requested_datetime).toBe("2026-11-28T14:05:00+07:00");
    expect(r.updated_datetime).toBe("2026-11-28T14:06:00+07:00");
    expect(r.expected_datetime).toBe("2026-11-30T14:05:03+07:00");
    expect(r.address).toBe("Jl. Sangkuriang, Kec. Coblong, Kota Bandung");
    expect(r.address_id).toBeNull();
    expect(r.zipcode).toBeNull();
    expect(r.lat).toBeNull();
    expect(r.long).toBeNull();
    expect(r.media_url).toBeNull();
    for (const d of [r.requested_datetime, r.updated_datetime, r.expected_datetime]) expect(d).toMatch(W3C);
  });

  it("gives lat and long of a landmark the text names, but no place at all from the author's profile location", () => {
    const at = (source: "text" | "profile") =>
      toGeoReportRequest(
        dispatched({
          triage: sampleVerdict({
            location: {
              kecamatan: "Sumur Bandung",
              landmark: "Gedung Sate",
              lat: -6.9025,
              lon: 107.6188,
              source,
            },
          }),
        }),
        ctx,
      );
    expect([at("text").lat, at("text").long]).toEqual([-6.9025, 107.6188]);
    expect([at("profile").lat, at("profile").long, at("profile").address]).toEqual([null, null, null]);
  });

  it("gives lat and long from the tweet's coordinates rounded to about 11 m", () => {
    const t = dispatched({
      triage: sampleVerdict({
        location: {
          kecamatan: "Coblong",
          kelurahan: "Dago",
          lat: -6.8867123,
          lon: 107.6135987,
          source: "coordinates",
        },
      }),
    });
    const r = toGeoReportRequest(t, ctx);
    expect([r.lat, r.long]).toEqual([-6.8867, 107.6136]);
    expect(r.address).toBe("Kel. Dago, Kec. Coblong, Kota Bandung");
  });

  it("is closed when resolved, with the staff's note as status_notes and no expected time", () => {
    const t = dispatched({
      status: "resolved",
      resolution_note: "Sudah ditambal, hubungi 0812-3456-7890 bila rusak lagi",
      resolved_at: "2026-11-29T02:00:00.000Z",
    });
    const r = toGeoReportRequest(t, ctx);
    expect(r.status).toBe("closed");
    expect(r.status_notes).toBe("Sudah ditambal, hubungi [nomor] bila rusak lagi");
    expect(r.expected_datetime).toBeNull();
  });

  it("names the ticket a merged report duplicates in status_notes", () => {
    const t = dispatched({
      status: "merged",
      history: [
        { at: "2026-11-28T07:05:03.000Z", type: "created", actor: "system" },
        { at: "2026-11-28T07:06:00.000Z", type: "merged", actor: "system", to: "ADU-000100" },
      ],
    });
    expect(toGeoReportRequest(t, ctx)).toMatchObject({
      status: "closed",
      status_notes: "Duplikat dari laporan ADU-000100",
    });
  });

  it("carries no handle, name, user id, tweet URL or phone number of the citizen anywhere", () => {
    const t = dispatched({
      tweet: sampleTweet({
        text: "@PemkotBandung @dishubkotabdg lampu mati di Dago, WA saya +62 812 3456 7890 atau 081234567890 https://t.co/abc",
        author_username: "rina_coblong",
        author_name: "Rina Kusuma",
        author_id: "90001",
      }),
    });
    const json = JSON.stringify(toGeoReportRequest(t, ctx));
    for (const secret of [
      "rina_coblong",
      "Rina",
      "90001",
      "x.com",
      "t.co",
      "PemkotBandung",
      "dishubkotabdg",
      "812",
      "0812",
    ])
      expect(json, secret).not.toContain(secret);
  });
});

describe("which tickets are published", () => {
  const cases: [string, Partial<Ticket>, boolean][] = [
    ["an open dispatched report", {}, true],
    ["a claimed report", { status: "claimed" }, true],
    ["a new report on the triage desk", { status: "new", agency: "diskominfo" }, true],
    ["a rejected report", { status: "rejected" }, false],
    ["a tweet that is not a complaint", { status: "not_complaint" }, false],
    ["an out-of-jurisdiction redirect", { status: "redirected", agency: "pln" }, false],
    [
      "an abusive tweet held for moderation",
      { status: "new", triage: sampleVerdict({ abusive: true }) },
      false,
    ],
    ["a report without an agency", { agency: null }, false],
  ];
  for (const [name, overrides, shown] of cases)
    it(`${shown ? "publishes" : "withholds"} ${name}`, () => {
      expect(isPublishable(dispatched(overrides), agencies)).toBe(shown);
    });
});

describe("the services list", () => {
  it("has one service per agency and report kind with the spec's fields, and no external agency", () => {
    const services = geoReportServices(agencies.values(), "id");
    expect(services.map((s) => s.service_code)).toEqual([
      "dsdabm.keluhan",
      "dsdabm.permintaan",
      "dsdabm.pertanyaan",
      "dsdabm.saran",
      "diskominfo.keluhan",
      "diskominfo.permintaan",
      "diskominfo.pertanyaan",
      "diskominfo.saran",
    ]);
    for (const s of services) {
      const rec = s as unknown as Record<string, unknown>;
      expect(Object.keys(rec)).toEqual(Object.keys(SPEC_SERVICE_FIELDS));
      for (const [field, type] of Object.entries(SPEC_SERVICE_FIELDS))
        expect(typeOf(rec[field]), field).toBe(type);
      expect(s.metadata).toBe(false);
      expect(s.type).toBe("realtime");
    }
  });
});

describe("scrubbing personal data from text", () => {
  it("removes handles, phone numbers in their usual spellings, e-mail and links", () => {
    expect(
      scrubPersonalData("@a_b tolong cek, hub 0812.3456.7890 / 62-812-3456-789 / x@y.id http://t.co/z"),
    ).toBe("@… tolong cek, hub [nomor] / [nomor] / [email]");
  });
  it("keeps numbers that are not phone numbers (RT/RW, house numbers, years)", () => {
    expect(scrubPersonalData("RT 05/RW 02 no 123 sejak 2024")).toBe("RT 05/RW 02 no 123 sejak 2024");
  });
});

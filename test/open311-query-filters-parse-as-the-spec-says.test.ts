import { expect, it } from "vitest";
import { MAX_RESULTS, parseGeoReportQuery, serviceCodeMatches } from "../src/open311/georeport-query.js";

const NOW = Date.parse("2026-11-29T05:00:00Z");
const DAY = 86_400_000;
const ok = (params: Record<string, unknown>) => {
  const r = parseGeoReportQuery(params, NOW);
  if (!r.ok) throw new Error(r.description);
  return r.query;
};

it("defaults to the last 90 days, the first page and at most 1000 requests", () => {
  expect(ok({})).toEqual({
    ids: null,
    serviceCodes: null,
    statuses: null,
    fromMs: NOW - 90 * DAY,
    toMs: NOW,
    page: 1,
    pageSize: MAX_RESULTS,
  });
});

it("reads W3C datetimes with an offset or Z, and a date alone as a Jakarta day", () => {
  expect(ok({ start_date: "2026-11-01T00:00:00+07:00", end_date: "2026-11-02T00:00:00Z" })).toMatchObject({
    fromMs: Date.parse("2026-10-31T17:00:00Z"),
    toMs: Date.parse("2026-11-02T00:00:00Z"),
  });
  expect(ok({ start_date: "2026-11-01" }).fromMs).toBe(Date.parse("2026-10-31T17:00:00Z"));
});

it("takes 90 days before an end date alone, and up to now after a start date alone", () => {
  const end = Date.parse("2026-10-01T00:00:00Z");
  expect(ok({ end_date: "2026-10-01T00:00:00Z" })).toMatchObject({ fromMs: end - 90 * DAY, toMs: end });
  expect(ok({ start_date: "2026-11-20T00:00:00Z" })).toMatchObject({ toMs: NOW });
  expect(ok({ start_date: "2026-12-20T00:00:00Z" })).toMatchObject({
    fromMs: Date.parse("2026-12-20T00:00:00Z"),
    toMs: Date.parse("2026-12-20T00:00:00Z"),
  });
});

it("splits comma lists, drops repeats, and caps page_size at 1000", () => {
  expect(
    ok({ service_request_id: "ADU-1, ADU-2,ADU-1", status: "open,closed", page_size: "5000" }),
  ).toMatchObject({
    ids: ["ADU-1", "ADU-2"],
    statuses: ["open", "closed"],
    pageSize: 1000,
  });
});

it("refuses what the spec does not allow, saying why", () => {
  const fail = (p: Record<string, unknown>) => {
    const r = parseGeoReportQuery(p, NOW);
    return r.ok ? "accepted" : r.description;
  };
  expect(fail({ status: "pending" })).toBe('status must be open or closed, not "pending"');
  expect(fail({ start_date: "29/11/2026" })).toMatch(/^start_date is not a W3C datetime/u);
  expect(fail({ start_date: "2026-11-10T00:00:00Z", end_date: "2026-11-01T00:00:00Z" })).toBe(
    "end_date is before start_date",
  );
  expect(fail({ start_date: "2026-01-01T00:00:00Z", end_date: "2026-06-01T00:00:00Z" })).toBe(
    "start_date to end_date may not span more than 90 days",
  );
  expect(fail({ page: "1.5" })).toBe("page must be a whole number from 1");
});

it("matches a service code exactly or by its agency", () => {
  expect(serviceCodeMatches("dishub.keluhan", ["dishub"])).toBe(true);
  expect(serviceCodeMatches("dishub.keluhan", ["dishub.saran"])).toBe(false);
  expect(serviceCodeMatches("dishubx.keluhan", ["dishub"])).toBe(false);
  expect(serviceCodeMatches("dlh.saran", null)).toBe(true);
});

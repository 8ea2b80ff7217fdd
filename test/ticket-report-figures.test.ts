import { describe, expect, it } from "vitest";
import { buildReport, nearestRank, stats, type ReportOptions } from "../src/core/reports/ticket-report.js";
import type { Ticket } from "../src/core/ticket.js";
import { bandungOffice, continuous, wib, NORMAL_TARGETS, URGENT_TARGETS } from "./fixtures/sla-calendar.js";
import { makeTicket } from "./fixtures/sla-tickets.js";

// Office calendar: Mon–Thu 08:00–16:00, Fri 08:00–11:30 + 13:00–16:30; 2026-01-01 is a holiday,
// 2025 has no holiday list. Period: Monday 2026-01-05 to Saturday 01-10 00:00 (WIB), seen on
// Monday 01-12, so the report is as of Saturday 00:00.
const H = 3_600_000;
const normal = NORMAL_TARGETS;
const urgent = URGENT_TARGETS;

const tickets: Ticket[] = [
  // A: claimed after 1 h, resolved Tuesday 10:00 (10 working h, 26 calendar h).
  makeTicket("ADU-000001", {
    received: "2026-01-05 08:00",
    kecamatan: "Coblong",
    events: [
      ["claimed", "2026-01-05 09:00"],
      ["resolved", "2026-01-06 10:00"],
    ],
  }),
  // B: claimed after 8 working h (24 calendar h), resolved after 24 working h (72 calendar h).
  makeTicket("ADU-000002", {
    received: "2026-01-05 10:00",
    kecamatan: "Coblong",
    events: [
      ["claimed", "2026-01-06 10:00"],
      ["resolved", "2026-01-08 10:00"],
    ],
  }),
  // C: claimed next morning (2 working h, 18 calendar h), still open: 3.25 working days old.
  makeTicket("ADU-000003", {
    received: "2026-01-06 14:00",
    keyword: "drainase",
    kecamatan: "Lengkong",
    events: [["claimed", "2026-01-07 08:00"]],
  }),
  // D: received before the period and forgotten: 9 working days old; resolution due Tue 01-06 09:00.
  makeTicket("ADU-000004", { received: "2025-12-29 08:00" }),
  // E: rejected after an hour: a first response, not a resolution.
  makeTicket("ADU-000005", { received: "2026-01-07 09:00", events: [["rejected", "2026-01-07 10:00"]] }),
  // F: resolved in 4 h, reopened by the citizen, resolved again after 24 working h (72 calendar h).
  makeTicket("ADU-000006", {
    received: "2026-01-05 08:00",
    keyword: "drainase",
    events: [
      ["claimed", "2026-01-05 08:30"],
      ["resolved", "2026-01-05 12:00"],
      ["reopened", "2026-01-06 09:00"],
      ["resolved", "2026-01-09 09:00"],
    ],
  }),
  // G: urgent at night on the 24/7 clock: claimed after 2 h (breach), resolved after 14 h (met).
  makeTicket("ADU-000007", {
    received: "2026-01-07 20:00",
    agency: "dishub",
    urgency: "urgent",
    keyword: "lampu merah mati",
    kecamatan: "Coblong",
    events: [
      ["claimed", "2026-01-07 22:00"],
      ["resolved", "2026-01-08 10:00"],
    ],
  }),
  // H: never claimed: first response breached Thursday 09:00; 4.875 working days old.
  makeTicket("ADU-000008", { received: "2026-01-05 09:00", agency: "dishub", keyword: "parkir liar" }),
  // I: a duplicate merged into another incident: not counted anywhere.
  makeTicket("ADU-000009", { received: "2026-01-05 11:00", events: [["merged", "2026-01-05 11:05"]] }),
  // J: Friday afternoon, untouched: 1.5 of Friday's 7 h.
  makeTicket("ADU-000010", { received: "2026-01-09 15:00" }),
  // K: after the period: invisible to it.
  makeTicket("ADU-000011", { received: "2026-01-12 09:00" }),
];

const options: ReportOptions = {
  from: wib("2026-01-05 00:00"),
  to: wib("2026-01-10 00:00"),
  now: wib("2026-01-12 08:00"),
  calendars: { working_hours: bandungOffice(), continuous },
  targetsFor: (t) => (t.urgency === "urgent" ? urgent : normal),
};

describe("a week's report per agency", () => {
  const report = buildReport(tickets, { ...options, cut: "agency" });
  const dsdabm = report.groups.find((g) => g.key === "dsdabm")!;
  const dishub = report.groups.find((g) => g.key === "dishub")!;

  it("is taken as of the end of the period, not as of today", () => {
    expect(report.as_of).toEqual(wib("2026-01-10 00:00"));
    expect(report.groups.map((g) => g.key)).toEqual(["dishub", "dsdabm"]);
  });

  it("counts received, resolved (each resolution) and rejected tickets in the period", () => {
    expect([dsdabm.received, dsdabm.resolved, dsdabm.rejected]).toEqual([6, 4, 1]);
    expect([dishub.received, dishub.resolved, dishub.rejected]).toEqual([2, 1, 0]);
  });

  it("sorts the open backlog into working-day age buckets", () => {
    expect(dsdabm.open).toBe(3);
    expect(dsdabm.backlog).toEqual({ under_1: 1, from_1_to_3: 0, from_3_to_7: 1, over_7: 1 });
    expect(dishub.backlog).toEqual({ under_1: 0, from_1_to_3: 0, from_3_to_7: 1, over_7: 0 });
  });

  it("gives time to first response as nearest-rank median, p90 and mean, in working and calendar time", () => {
    // Working: 0.5, 1, 1, 2, 8 h. Calendar: 0.5, 1, 1, 18, 24 h.
    expect(dsdabm.first_response.working).toEqual({
      count: 5,
      median_ms: 1 * H,
      p90_ms: 8 * H,
      mean_ms: 2.5 * H,
    });
    expect(dsdabm.first_response.calendar).toEqual({
      count: 5,
      median_ms: 1 * H,
      p90_ms: 24 * H,
      mean_ms: 8.9 * H,
    });
    // The urgent night-time claim took 2 calendar hours and no office time.
    expect(dishub.first_response.working.median_ms).toBe(0);
    expect(dishub.first_response.calendar.median_ms).toBe(2 * H);
  });

  it("gives time to resolution per resolution clock, a reopened ticket's second clock from the reopen", () => {
    // Working: 4, 10, 24, 24 h. Calendar: 4, 26, 72, 72 h.
    expect(dsdabm.resolution.working).toEqual({
      count: 4,
      median_ms: 10 * H,
      p90_ms: 24 * H,
      mean_ms: 15.5 * H,
    });
    expect(dsdabm.resolution.calendar).toEqual({
      count: 4,
      median_ms: 26 * H,
      p90_ms: 72 * H,
      mean_ms: 43.5 * H,
    });
    expect(dishub.resolution.working.median_ms).toBe(2 * H);
    expect(dishub.resolution.calendar.median_ms).toBe(14 * H);
  });

  it("counts a forgotten open ticket as a breach once its deadline passes", () => {
    expect(dsdabm.first_response_sla).toEqual({ met: 5, breached: 0, share: 1 });
    // A, B, F twice met; D breached on Tuesday while nobody had touched it.
    expect(dsdabm.resolution_sla).toEqual({ met: 4, breached: 1, share: 0.8 });
    // G claimed an hour late on the 24/7 clock; H never claimed.
    expect(dishub.first_response_sla).toEqual({ met: 0, breached: 2, share: 0 });
    expect(dishub.resolution_sla).toEqual({ met: 1, breached: 0, share: 1 });
  });

  it("computes the reopen rate over the period's resolutions", () => {
    expect([dsdabm.reopened, dsdabm.reopen_rate]).toEqual([1, 0.25]);
    expect(dishub.reopen_rate).toBe(0);
  });

  it("lists the slowest open tickets first, with their owners and whether they are overdue", () => {
    expect(dsdabm.slowest_open.map((o) => [o.id, o.age_working_days, o.overdue, o.status])).toEqual([
      ["ADU-000004", 9, true, "new"],
      ["ADU-000003", 3.25, false, "claimed"],
      ["ADU-000010", 1.5 / 7, false, "new"],
    ]);
    expect(dsdabm.slowest_open[0]!.age_calendar_ms).toBe(11 * 24 * H + 16 * H);
  });

  it("adds every group up in the total", () => {
    expect(report.total).toMatchObject({ received: 8, resolved: 5, rejected: 1, open: 4 });
    expect(report.total.backlog).toEqual({ under_1: 1, from_1_to_3: 0, from_3_to_7: 2, over_7: 1 });
    expect(report.total.first_response.working).toMatchObject({ count: 6, median_ms: 1 * H, p90_ms: 8 * H });
    expect(report.total.resolution_sla).toEqual({ met: 5, breached: 1, share: 5 / 6 });
  });
});

describe("other cuts of the same week", () => {
  it("cuts by urgency", () => {
    const r = buildReport(tickets, { ...options, cut: "urgency" });
    expect(r.groups.map((g) => [g.key, g.received, g.open])).toEqual([
      ["normal", 7, 4],
      ["urgent", 1, 0],
    ]);
  });

  it("cuts by topic, the first keyword triage matched for the agency", () => {
    const r = buildReport(tickets, { ...options, cut: "topic" });
    expect(r.groups.map((g) => [g.key, g.received, g.resolved])).toEqual([
      ["drainase", 2, 2],
      ["jalan berlubang", 4, 2],
      ["lampu merah mati", 1, 1],
      ["parkir liar", 1, 0],
    ]);
  });

  it("cuts by kecamatan, with unknown places in their own group", () => {
    const r = buildReport(tickets, { ...options, cut: "kecamatan" });
    expect(r.groups.map((g) => [g.key, g.received])).toEqual([
      ["(tidak diketahui)", 4],
      ["Coblong", 3],
      ["Lengkong", 1],
    ]);
  });

  it("with no cut gives one group equal to the total", () => {
    const r = buildReport(tickets, options);
    expect(r.groups.map((g) => g.key)).toEqual(["semua"]);
    expect({ ...r.groups[0]!, key: "total" }).toEqual(r.total);
  });
});

describe("periods that reach into the present", () => {
  it("measures an unfinished period as of now and ignores nothing that already happened", () => {
    const r = buildReport(tickets, {
      ...options,
      from: wib("2026-01-12 00:00"),
      to: wib("2026-01-19 00:00"),
      now: wib("2026-01-12 10:00"),
    });
    expect(r.as_of).toEqual(wib("2026-01-12 10:00"));
    expect(r.total.received).toBe(1);
    // C: resolution due Tue 01-13 15:00, not yet; H: resolution due Mon 01-12 10:00, breached now.
    expect(r.total.resolution_sla).toEqual({ met: 0, breached: 1, share: 0 });
    expect(r.total.open).toBe(5);
  });
});

describe("percentiles", () => {
  it.each([
    [[], 50, null],
    [[7], 90, 7],
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4], 90, 4],
    [Array.from({ length: 70 }, (_, i) => i + 1), 90, 63],
    [Array.from({ length: 10 }, (_, i) => i + 1), 90, 9],
  ])("the nearest-rank percentile of %j at %i is %s", (values, percent, expected) => {
    expect(nearestRank(values, percent)).toBe(expected);
  });

  it("one forgotten ticket moves the p90 and the mean but not the median", () => {
    const s = stats([1, 1, 1, 1, 1, 1, 1, 1, 1, 100].map((h) => h * H));
    expect([s.median_ms, s.p90_ms, s.mean_ms]).toEqual([1 * H, 1 * H, 10.9 * H]);
    const t = stats([1, 1, 1, 1, 1, 1, 1, 1, 100, 100].map((h) => h * H));
    expect(t.p90_ms).toBe(100 * H);
  });
});

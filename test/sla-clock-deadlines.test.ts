import { describe, expect, it } from "vitest";
import { parseSlaJobId, slaJobPlan, slaStatus } from "../src/core/sla/sla-clock.js";
import { bandungOffice, continuous, wib, NORMAL_TARGETS, URGENT_TARGETS } from "./fixtures/sla-calendar.js";
import { makeTicket } from "./fixtures/sla-tickets.js";

// Office calendar: Mon–Thu 08:00–16:00, Fri 08:00–16:30 minus 11:30–13:00; 2026-01-16 (Fri) is a holiday.
const office = bandungOffice();
const HOUR = 3_600_000;
const normal = NORMAL_TARGETS;
const urgent = URGENT_TARGETS;

const iso = (local: string) => wib(local).toISOString();

describe("deadlines of a new ticket", () => {
  it.each([
    // received, first-response remind, due; resolution remind, due
    [
      "Monday morning",
      "2026-01-05 08:00",
      "2026-01-07 11:12",
      "2026-01-07 16:00",
      "2026-01-08 16:00",
      "2026-01-12 09:00",
    ],
    [
      "Saturday, so the clock starts Monday",
      "2026-01-10 10:00",
      "2026-01-14 11:12",
      "2026-01-14 16:00",
      "2026-01-15 16:00",
      "2026-01-19 16:00",
    ],
    [
      "Thursday before a Friday holiday",
      "2026-01-15 08:00",
      "2026-01-20 11:12",
      "2026-01-20 16:00",
      "2026-01-21 16:00",
      "2026-01-22 16:00",
    ],
  ])(
    "a normal complaint received %s gets office-hour deadlines",
    (_when, received, frRemind, frDue, resRemind, resDue) => {
      const s = slaStatus(makeTicket("ADU-000001", { received }), normal, office, wib(received));
      expect([s.first_response.remind_at, s.first_response.due_at].map((d) => d.toISOString())).toEqual([
        iso(frRemind),
        iso(frDue),
      ]);
      expect([s.resolution.remind_at, s.resolution.due_at].map((d) => d.toISOString())).toEqual([
        iso(resRemind),
        iso(resDue),
      ]);
      expect(s.running.map((c) => c.kind)).toEqual(["first_response", "resolution"]);
    },
  );

  it("an urgent complaint on a Saturday night runs on the 24/7 clock", () => {
    const t = makeTicket("ADU-000002", {
      received: "2026-01-10 22:00",
      urgency: "urgent",
      agency: "diskarpb",
    });
    const s = slaStatus(t, urgent, continuous, wib("2026-01-10 22:30"));
    expect(s.first_response.remind_at).toEqual(wib("2026-01-10 22:48"));
    expect(s.first_response.due_at).toEqual(wib("2026-01-10 23:00"));
    expect(s.resolution.remind_at).toEqual(wib("2026-01-11 17:12"));
    expect(s.resolution.due_at).toEqual(wib("2026-01-11 22:00"));
    expect(s.first_response.elapsed_ms).toBe(0.5 * HOUR);
    expect(s.first_response.remaining_ms).toBe(0.5 * HOUR);
  });
});

describe("how the clocks run and stop", () => {
  it("a claim on Tuesday morning meets the first-response target after 10 working hours", () => {
    const t = makeTicket("ADU-000003", {
      received: "2026-01-05 08:00",
      events: [["claimed", "2026-01-06 10:00"]],
    });
    const s = slaStatus(t, normal, office, wib("2026-01-06 12:00"));
    expect(s.first_response).toMatchObject({ outcome: "met", stopped_by: "claimed", elapsed_ms: 10 * HOUR });
    expect(s.first_response.stopped_at).toEqual(wib("2026-01-06 10:00"));
    expect(s.resolution).toMatchObject({
      outcome: "running",
      elapsed_ms: 12 * HOUR,
      remaining_ms: 28 * HOUR,
    });
    expect(s.running.map((c) => c.kind)).toEqual(["resolution"]);
  });

  it("an unclaimed ticket is breached once its deadline passes, and shows how overdue it is", () => {
    const t = makeTicket("ADU-000004", { received: "2026-01-05 08:00" });
    const s = slaStatus(t, normal, office, wib("2026-01-08 10:00"));
    expect(s.first_response.outcome).toBe("breached");
    expect(s.first_response.remaining_ms).toBe(-2 * HOUR);
    expect(s.breached).toBe(true);
    expect(s.resolution.outcome).toBe("running");
  });

  it("a clock still running at the exact deadline instant is breached; one stopped then is met", () => {
    const open = makeTicket("ADU-000005", { received: "2026-01-05 08:00" });
    expect(slaStatus(open, normal, office, wib("2026-01-07 16:00")).first_response.outcome).toBe("breached");
    const claimed = makeTicket("ADU-000005", {
      received: "2026-01-05 08:00",
      events: [["claimed", "2026-01-07 16:00"]],
    });
    expect(slaStatus(claimed, normal, office, wib("2026-01-07 16:00")).first_response.outcome).toBe("met");
  });

  it("reassignment to another agency does not reset the clock", () => {
    const plain = makeTicket("ADU-000006", {
      received: "2026-01-05 08:00",
      events: [["claimed", "2026-01-07 10:00"]],
    });
    const moved = makeTicket("ADU-000006", {
      received: "2026-01-05 08:00",
      events: [
        ["reassigned", "2026-01-06 09:00", "dishub"],
        ["reassigned", "2026-01-06 15:00", "dsdabm"],
        ["claimed", "2026-01-07 10:00"],
      ],
    });
    const now = wib("2026-01-07 12:00");
    expect(slaStatus(moved, normal, office, now)).toEqual(slaStatus(plain, normal, office, now));
    expect(slaStatus(moved, normal, office, now).first_response.elapsed_ms).toBe(18 * HOUR);
  });

  it("a reopened ticket starts a new resolution clock with the full target and counts the reopen", () => {
    const t = makeTicket("ADU-000007", {
      received: "2026-01-05 08:00",
      events: [
        ["claimed", "2026-01-05 09:00"],
        ["resolved", "2026-01-09 10:00"],
        ["reopened", "2026-01-12 10:00"],
      ],
    });
    const s = slaStatus(t, normal, office, wib("2026-01-13 10:00"));
    expect(s.reopens).toBe(1);
    expect(s.resolution_clocks.map((c) => [c.n, c.outcome])).toEqual([
      [1, "met"],
      [2, "running"],
    ]);
    // 40 h from Monday 10:00, Friday 01-16 a holiday: Mon 6 + Tue 8 + Wed 8 + Thu 8 + Mon 8 + Tue 2.
    expect(s.resolution.started_at).toEqual(wib("2026-01-12 10:00"));
    expect(s.resolution.due_at).toEqual(wib("2026-01-20 10:00"));
    expect(s.resolution.remind_at).toEqual(wib("2026-01-19 10:00"));
    expect(s.resolution.elapsed_ms).toBe(8 * HOUR);
    // The first response was given once and is not asked again.
    expect(s.first_response).toMatchObject({ n: 1, outcome: "met" });
  });

  it("a ticket resolved after its deadline stays on record as breached", () => {
    const t = makeTicket("ADU-000008", {
      received: "2026-01-05 08:00",
      events: [
        ["claimed", "2026-01-05 09:00"],
        ["resolved", "2026-01-13 08:00"],
      ],
    });
    const s = slaStatus(t, normal, office, wib("2026-01-20 08:00"));
    // Due Monday 01-12 09:00; resolved Tuesday 08:00: 47 working hours, 7 past the deadline.
    expect(s.resolution).toMatchObject({
      outcome: "breached",
      elapsed_ms: 47 * HOUR,
      remaining_ms: -7 * HOUR,
    });
    expect(s.breached).toBe(true);
    expect(s.running).toEqual([]);
  });

  it("a rejection answers the complaint but is no resolution: the resolution clock is cancelled", () => {
    const t = makeTicket("ADU-000009", {
      received: "2026-01-05 08:00",
      events: [["rejected", "2026-01-05 10:00"]],
    });
    const s = slaStatus(t, normal, office, wib("2026-01-20 08:00"));
    expect(s.first_response.outcome).toBe("met");
    expect(s.resolution.outcome).toBe("cancelled");
    expect(s.breached).toBe(false);
  });

  it("a tweet triage found not to be a complaint has no running clock", () => {
    const t = makeTicket("ADU-000010", { received: "2026-01-05 08:00", status: "not_complaint" });
    const s = slaStatus(t, normal, office, wib("2026-02-20 08:00"));
    expect(s.running).toEqual([]);
    expect([s.first_response.stopped_by, s.resolution.outcome]).toEqual(["closed", "cancelled"]);
  });

  it("a tweet kept as not a complaint and brought back by staff has its clocks running from receipt", () => {
    const t = makeTicket("ADU-000012", {
      received: "2026-01-05 08:00",
      events: [
        ["rejected", "2026-01-05 08:00", "not_complaint"],
        ["restored", "2026-01-06 09:00", "new"],
      ],
      status: "new",
    });
    const s = slaStatus(t, normal, office, wib("2026-01-06 10:00"));
    // Triage's "not a report" answered nobody: it neither stops nor fulfils a clock.
    expect(s.running.map((c) => c.kind)).toEqual(["first_response", "resolution"]);
    expect(s.first_response.due_at.toISOString()).toBe(iso("2026-01-07 16:00"));
  });

  it("looking back at an earlier instant ignores what happened after it", () => {
    const t = makeTicket("ADU-000011", {
      received: "2026-01-05 08:00",
      events: [
        ["claimed", "2026-01-06 10:00"],
        ["resolved", "2026-01-07 10:00"],
      ],
    });
    const before = slaStatus(t, normal, office, wib("2026-01-05 12:00"));
    expect(before.running.map((c) => c.kind)).toEqual(["first_response", "resolution"]);
    expect(before.first_response.elapsed_ms).toBe(4 * HOUR);
  });
});

describe("planning the reminder and breach jobs", () => {
  const received = "2026-01-05 08:00";

  it("a new ticket gets four jobs with ids made of ticket, kind and clock", () => {
    const plan = slaJobPlan(makeTicket("ADU-000123", { received }), normal, office, wib("2026-01-05 08:05"));
    expect(plan.schedule.map((j) => [j.jobId, j.at.toISOString()])).toEqual([
      ["ADU-000123-remind-first-response-1", iso("2026-01-07 11:12")],
      ["ADU-000123-breach-first-response-1", iso("2026-01-07 16:00")],
      ["ADU-000123-remind-resolution-1", iso("2026-01-08 16:00")],
      ["ADU-000123-breach-resolution-1", iso("2026-01-12 09:00")],
    ]);
    expect(plan.cancel).toEqual([]);
    expect(plan.schedule.every((j) => !j.jobId.includes(":"))).toBe(true);
  });

  it("recalculating later, or after a reassignment, plans the very same jobs", () => {
    const first = slaJobPlan(makeTicket("ADU-000123", { received }), normal, office, wib("2026-01-05 08:05"));
    const moved = makeTicket("ADU-000123", {
      received,
      events: [["reassigned", "2026-01-06 09:00", "dishub"]],
    });
    const again = slaJobPlan(moved, normal, office, wib("2026-01-06 13:00"));
    expect(again).toEqual(first);
  });

  it("a claim cancels the first-response jobs and keeps the resolution ones", () => {
    const t = makeTicket("ADU-000123", { received, events: [["claimed", "2026-01-05 09:00"]] });
    const plan = slaJobPlan(t, normal, office, wib("2026-01-05 09:00"));
    expect(plan.schedule.map((j) => j.kind)).toEqual(["remind-resolution", "breach-resolution"]);
    expect(plan.cancel).toEqual(["ADU-000123-remind-first-response-1", "ADU-000123-breach-first-response-1"]);
  });

  it("a ticket resolved in time cancels all its pending jobs", () => {
    const t = makeTicket("ADU-000123", {
      received,
      events: [
        ["claimed", "2026-01-05 09:00"],
        ["resolved", "2026-01-06 09:00"],
      ],
    });
    const plan = slaJobPlan(t, normal, office, wib("2026-01-06 09:00"));
    expect(plan.schedule).toEqual([]);
    expect(plan.cancel).toHaveLength(4);
  });

  it("a reopen plans jobs for resolution clock 2 and never reuses clock 1's ids", () => {
    const t = makeTicket("ADU-000123", {
      received,
      events: [
        ["claimed", "2026-01-05 09:00"],
        ["resolved", "2026-01-09 10:00"],
        ["reopened", "2026-01-12 10:00"],
      ],
    });
    const plan = slaJobPlan(t, normal, office, wib("2026-01-12 10:00"));
    expect(plan.schedule.map((j) => [j.jobId, j.at.toISOString()])).toEqual([
      ["ADU-000123-remind-resolution-2", iso("2026-01-19 10:00")],
      ["ADU-000123-breach-resolution-2", iso("2026-01-20 10:00")],
    ]);
    expect(plan.cancel).toContain("ADU-000123-breach-resolution-1");
  });

  it("after a restart past the deadline only the breach is planned, due at once", () => {
    const plan = slaJobPlan(makeTicket("ADU-000123", { received }), normal, office, wib("2026-01-08 09:00"));
    expect(plan.schedule.map((j) => j.jobId)).toEqual([
      "ADU-000123-breach-first-response-1",
      "ADU-000123-remind-resolution-1",
      "ADU-000123-breach-resolution-1",
    ]);
    expect(plan.schedule[0]!.at < wib("2026-01-08 09:00")).toBe(true);
  });

  it("a job id reads back into its ticket, kind and clock", () => {
    expect(parseSlaJobId("ADU-000123-breach-resolution-2")).toEqual({
      ticketId: "ADU-000123",
      kind: "breach-resolution",
      clock: 2,
    });
    expect(parseSlaJobId("tweet-1890000000000000001")).toBeUndefined();
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatProblem } from "../src/config/config-error.js";
import {
  parseSlaPolicy,
  resolveSlaTargets,
  slaCalendars,
  type SlaPolicy,
} from "../src/core/sla/sla-policy.js";
import { addWorkingTime } from "../src/core/sla/working-time.js";
import { holidays2026, wib } from "./fixtures/sla-calendar.js";

function shippedPolicy(): SlaPolicy {
  const r = parseSlaPolicy(readFileSync("config/sla.yaml", "utf8"), "config/sla.yaml");
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join("\n"));
  return r.value;
}

describe("the SLA policy file", () => {
  it("ships a valid policy: urgent on the 24/7 clock, normal in office hours", () => {
    const p = shippedPolicy();
    expect(p.clocks).toEqual({ urgent: "continuous", normal: "working_hours" });
    expect(p.targets.normal).toEqual({ first_response_hours: 24, resolution_hours: 40 });
    expect(p.reminder_fraction).toBe(0.8);
    expect(p.schedule.digest).toBe("07:00");
  });

  it("gives Friday seven working hours around the prayer break", () => {
    const cals = slaCalendars(shippedPolicy(), holidays2026());
    expect(addWorkingTime(wib("2026-01-09 08:00"), 7, cals.working_hours)).toEqual(wib("2026-01-09 16:30"));
    expect(addWorkingTime(wib("2026-01-09 11:00"), 1, cals.working_hours)).toEqual(wib("2026-01-09 13:30"));
    expect(addWorkingTime(wib("2026-01-10 10:00"), 1, cals.continuous)).toEqual(wib("2026-01-10 11:00"));
  });

  it("lists every mistake with its line and path", () => {
    const text = [
      "timezone: Asia/Tokyo",
      "working_hours:",
      "  mon: { open: '8am', close: '16:00' }",
      "  fri: { open: '08:00', close: '16:30', breaks: ['11.30-13.00'] }",
      "clocks: { urgent: continuous, normal: office }",
      "targets:",
      "  urgent: { first_response_hours: 1, resolution_hours: 24 }",
      "  normal: { first_response_hours: 48, resolution_hours: 40 }",
      "reminder_fraction: 80",
      "schedule: { breach_summary: '07:00', digest: '07:00' }",
    ].join("\n");
    const r = parseSlaPolicy(text, "config/sla.yaml");
    expect(r.ok).toBe(false);
    const where = r.ok ? [] : r.problems.map((p) => `${p.line}:${p.path}`);
    expect(where).toEqual(
      expect.arrayContaining([
        "1:timezone",
        "3:working_hours.mon.open",
        "4:working_hours.fri.breaks.0",
        "5:clocks.normal",
        "9:reminder_fraction",
      ]),
    );
  });

  it("refuses a first-response target longer than the resolution target", () => {
    const text = readFileSync("config/sla.yaml", "utf8").replace(
      "normal: { first_response_hours: 24, resolution_hours: 40 }",
      "normal: { first_response_hours: 48, resolution_hours: 40 }",
    );
    const r = parseSlaPolicy(text, "config/sla.yaml");
    expect(r.ok ? [] : r.problems.map((p) => p.path)).toEqual(["targets.normal.first_response_hours"]);
  });
});

describe("choosing a ticket's targets", () => {
  const policy = shippedPolicy();

  it("uses the policy's defaults when the agency sets none", () => {
    expect(resolveSlaTargets(policy, undefined, "normal")).toEqual({
      urgency: "normal",
      clock: "working_hours",
      first_response_hours: 24,
      resolution_hours: 40,
      reminder_fraction: 0.8,
      source: "policy",
    });
  });

  it("lets an agency promise faster urgent service, on the same 24/7 clock", () => {
    const diskarpb = { urgent: { first_response_hours: 0.25, resolution_hours: 6 } };
    expect(resolveSlaTargets(policy, diskarpb, "urgent")).toMatchObject({
      clock: "continuous",
      first_response_hours: 0.25,
      resolution_hours: 6,
      source: "agency",
    });
    expect(resolveSlaTargets(policy, diskarpb, "normal")).toMatchObject({
      resolution_hours: 40,
      source: "policy",
    });
  });
});

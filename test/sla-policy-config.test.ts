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
import { slaTargetsFor } from "../src/core/supervision-context.js";
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

describe("targets per report kind", () => {
  const base = readFileSync("config/sla.yaml", "utf8");
  const withKinds = base.replace(
    "reminder_fraction: 0.8",
    "targets_by_kind:\n  pertanyaan: { first_response_hours: 8, resolution_hours: 16 }\n\nreminder_fraction: 0.8",
  );
  const parsed = parseSlaPolicy(withKinds, "sla.yaml");
  if (!parsed.ok) throw new Error(parsed.problems.map(formatProblem).join("\n"));
  const policy = parsed.value;

  it("a normal ticket of a kind with its own targets takes them, on the urgency's clock", () => {
    expect(resolveSlaTargets(policy, undefined, "normal", "pertanyaan")).toEqual({
      urgency: "normal",
      clock: "working_hours",
      first_response_hours: 8,
      resolution_hours: 16,
      reminder_fraction: 0.8,
      source: "policy",
    });
  });

  it("a kind without targets, a ticket without a kind and an urgent ticket keep the urgency's targets", () => {
    expect(resolveSlaTargets(policy, undefined, "normal", "keluhan")).toMatchObject({ resolution_hours: 40 });
    expect(resolveSlaTargets(policy, undefined, "normal", null)).toMatchObject({ resolution_hours: 40 });
    expect(resolveSlaTargets(policy, undefined, "normal")).toMatchObject({ resolution_hours: 40 });
    expect(resolveSlaTargets(policy, undefined, "urgent", "pertanyaan")).toMatchObject({
      resolution_hours: 24,
    });
  });

  it("an agency's own targets still win over the kind's", () => {
    const own = { normal: { first_response_hours: 4, resolution_hours: 30 } };
    expect(resolveSlaTargets(policy, own, "normal", "pertanyaan")).toMatchObject({
      resolution_hours: 30,
      source: "agency",
    });
  });

  it("the supervision lookup reads the kind from the ticket's triage", () => {
    expect(
      slaTargetsFor({ agency: "dishub", urgency: "normal", triage: { kind: "pertanyaan" } }, policy, []),
    ).toMatchObject({ first_response_hours: 8, resolution_hours: 16 });
  });

  it("a kind's targets are checked like the others: a first response longer than resolution, or an unknown kind, is refused", () => {
    const at = (yaml: string) => {
      const r = parseSlaPolicy(
        base.replace("reminder_fraction: 0.8", `targets_by_kind:\n${yaml}\n\nreminder_fraction: 0.8`),
        "sla.yaml",
      );
      return r.ok ? [] : r.problems.map((p) => p.path);
    };
    expect(at("  saran: { first_response_hours: 50, resolution_hours: 16 }")).toEqual([
      "targets_by_kind.saran.first_response_hours",
    ]);
    expect(at("  pujian: { first_response_hours: 1, resolution_hours: 2 }")).toEqual([
      "targets_by_kind.pujian",
    ]);
  });
});

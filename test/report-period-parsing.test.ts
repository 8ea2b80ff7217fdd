import { describe, expect, it } from "vitest";
import { parseReportPeriod } from "../src/core/reports/report-period.js";

// Thursday 26 November 2026, 09:30 WIB (02:30 UTC).
const NOW = new Date("2026-11-26T02:30:00Z");
/** Local midnight WIB of a day, as an ISO instant. */
const wib = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 7 * 3_600_000).toISOString();

describe("a supervisor's period in words or dates", () => {
  it.each([
    ["hari ini", "2026-11-26", "2026-11-27"],
    ["today", "2026-11-26", "2026-11-27"],
    ["Hari  Ini", "2026-11-26", "2026-11-27"],
    ["kemarin", "2026-11-25", "2026-11-26"],
    ["yesterday", "2026-11-25", "2026-11-26"],
    ["minggu ini", "2026-11-23", "2026-11-30"],
    ["pekan ini", "2026-11-23", "2026-11-30"],
    ["this week", "2026-11-23", "2026-11-30"],
    ["minggu lalu", "2026-11-16", "2026-11-23"],
    ["bulan ini", "2026-11-01", "2026-12-01"],
    ["this month", "2026-11-01", "2026-12-01"],
    ["bulan lalu", "2026-10-01", "2026-11-01"],
    ["2026-11", "2026-11-01", "2026-12-01"],
    ["2026-02", "2026-02-01", "2026-03-01"],
    ["2025-12", "2025-12-01", "2026-01-01"],
    ["2026-11-02", "2026-11-02", "2026-11-03"],
    ["2026-11-01..2026-11-15", "2026-11-01", "2026-11-16"],
    ["2026-11-01 .. 2026-11-15", "2026-11-01", "2026-11-16"],
    ["2025-12-29..2026-01-04", "2025-12-29", "2026-01-05"],
  ])("%s covers [%s, %s) in Jakarta time", (input, from, to) => {
    const r = parseReportPeriod(input, NOW);
    if (!r.ok) throw new Error(r.message);
    expect(r.period.from.toISOString()).toBe(wib(from));
    expect(r.period.to.toISOString()).toBe(wib(to));
  });

  it("names the first and last day included, for file names", () => {
    const r = parseReportPeriod("2026-11", NOW);
    expect(r.ok && [r.period.firstDay, r.period.lastDay]).toEqual(["2026-11-01", "2026-11-30"]);
  });

  it("counts the day in Jakarta, not in UTC: 23:30 UTC on the 25th is already the 26th in Bandung", () => {
    const r = parseReportPeriod("hari ini", new Date("2026-11-25T23:30:00Z"));
    expect(r.ok && r.period.firstDay).toBe("2026-11-26");
  });

  it("starts a week on Monday even when asked on a Sunday", () => {
    const r = parseReportPeriod("minggu ini", new Date("2026-11-29T05:00:00Z"));
    expect(r.ok && [r.period.firstDay, r.period.lastDay]).toEqual(["2026-11-23", "2026-11-29"]);
  });

  it("takes last month across a year boundary", () => {
    const r = parseReportPeriod("bulan lalu", new Date("2026-01-10T05:00:00Z"));
    expect(r.ok && [r.period.firstDay, r.period.lastDay]).toEqual(["2025-12-01", "2025-12-31"]);
  });

  it.each([
    ["minggu depan", "unknown"],
    ["november", "unknown"],
    ["26/11/2026", "unknown"],
    ["2026-13", "bad_date"],
    ["2026-02-30", "bad_date"],
    ["2026-11-01..2026-11-31", "bad_date"],
    ["2026-11-15..2026-11-01", "reversed"],
    ["2024-01-01..2026-11-01", "too_long"],
    ["2027-01", "future"],
  ])("refuses %s with a clear reason (%s)", (input, code) => {
    const r = parseReportPeriod(input, NOW);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe(code);
    expect(r.input).toBe(input);
    expect(r.message.length).toBeGreaterThan(10);
  });

  it("lists the accepted forms when it does not understand", () => {
    const r = parseReportPeriod("sebulan terakhir", NOW);
    expect(!r.ok && r.message).toContain("bulan ini");
    expect(!r.ok && r.message).toContain("YYYY-MM-DD..YYYY-MM-DD");
  });
});

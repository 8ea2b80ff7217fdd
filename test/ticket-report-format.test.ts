import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import {
  formatReportCsv,
  formatReportJson,
  formatReportTable,
  periodLabel,
} from "../src/core/reports/format-report.js";
import { buildReport, type ReportOptions } from "../src/core/reports/ticket-report.js";
import { bandungOffice, continuous, wib, NORMAL_TARGETS } from "./fixtures/sla-calendar.js";
import { makeTicket } from "./fixtures/sla-tickets.js";

const normal = NORMAL_TARGETS;
const options: ReportOptions = {
  from: wib("2026-01-05 00:00"),
  to: wib("2026-01-10 00:00"),
  now: wib("2026-01-12 08:00"),
  cut: "agency",
  calendars: { working_hours: bandungOffice(), continuous },
  targetsFor: () => normal,
};
const tickets = [
  // Claimed after 1 working hour, resolved after 10 working hours (26 calendar hours).
  makeTicket("ADU-000001", {
    received: "2026-01-05 08:00",
    events: [
      ["claimed", "2026-01-05 09:00"],
      ["resolved", "2026-01-06 10:00"],
    ],
  }),
  // Forgotten since before the period: 9 working days old, resolution breached on Tuesday.
  makeTicket("ADU-000004", { received: "2025-12-29 08:00" }),
  // Never claimed: first response breached on Thursday.
  makeTicket("ADU-000008", { received: "2026-01-05 09:00", agency: "disdukcapil", keyword: "blanko, KTP" }),
];
const report = buildReport(tickets, options);

describe("the report as a Telegram table", () => {
  const text = formatReportTable(report);

  it("names the period by its local days, the exclusive end excluded", () => {
    expect(periodLabel(report)).toBe("5 Jan 2026 – 9 Jan 2026");
    expect(text.split("\n")[0]).toBe("Laporan 5 Jan 2026 – 9 Jan 2026");
  });

  it("lines up one row per agency and a total under Indonesian headers", () => {
    const lines = text.split("\n");
    expect(lines.slice(2, 6)).toEqual([
      "Dinas       Masuk Selesai Tolak Terbuka >7hk",
      "disdukcapil     1       0     0       1    0",
      "dsdabm          1       1     0       1    1",
      "Total           2       1     0       2    1",
    ]);
    expect(lines.slice(7, 12)).toEqual([
      "Waktu dalam jam kerja, p50/p90:",
      "Dinas       Respon  SLA Selesai SLA Ulang",
      "disdukcapil      -   0%       -   -     -",
      "dsdabm         1/1 100%   10/10 50%    0%",
      "Total          1/1  50%   10/10 50%    0%",
    ]);
  });

  it("lists the slowest open tickets and marks the overdue ones", () => {
    expect(text).toContain("ADU-000004 dsdabm       9.0 terlambat");
    expect(text).toContain("ADU-000008 disdukcapil  4.9 terlambat");
  });

  it("keeps every line narrow enough for a phone", () => {
    expect(Math.max(...text.split("\n").map((l) => l.length))).toBeLessThanOrEqual(70);
  });

  it("shortens a long group name instead of widening the table", () => {
    const long = buildReport(tickets, { ...options, cut: "topic" });
    expect(formatReportTable(long)).toContain("blanko, ktp ");
    const kec = buildReport(
      [makeTicket("ADU-000020", { received: "2026-01-05 09:00", kecamatan: "Cibeunying Kaler" })],
      { ...options, cut: "kecamatan" },
    );
    expect(formatReportTable(kec)).toContain("Cibeunying …");
  });
});

describe("the report as CSV", () => {
  const csv = formatReportCsv(report);
  const rows = parse(csv, { columns: true }) as Array<Record<string, string>>;

  it("has one row per group and a total, times in hours", () => {
    expect(rows.map((r) => r["group"])).toEqual(["disdukcapil", "dsdabm", "total"]);
    expect(rows[1]).toMatchObject({
      received: "1",
      resolved: "1",
      backlog_7_or_more_working_days: "1",
      first_response_working_median_hours: "1",
      resolution_working_p90_hours: "10",
      resolution_calendar_mean_hours: "26",
      resolution_sla_share: "0.5",
    });
  });

  it("leaves a figure empty when there is nothing to measure", () => {
    expect(rows[0]!["resolution_working_median_hours"]).toBe("");
    expect(rows[0]!["reopen_rate"]).toBe("");
  });

  it("quotes a group name that contains a comma", () => {
    const byTopic = formatReportCsv(buildReport(tickets, { ...options, cut: "topic" }));
    expect(byTopic).toContain('\n"blanko, ktp",1,');
  });
});

describe("the report as JSON", () => {
  it("round-trips with ISO instants and millisecond durations", () => {
    const back = JSON.parse(formatReportJson(report)) as {
      as_of: string;
      total: { resolution: { working: { median_ms: number } } };
    };
    expect(back.as_of).toBe("2026-01-09T17:00:00.000Z");
    expect(back.total.resolution.working.median_ms).toBe(10 * 3_600_000);
  });
});

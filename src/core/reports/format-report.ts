import { JAKARTA_UTC_OFFSET_MINUTES } from "../jakarta-time.js";
import type { DurationStats, ReportCut, ReportGroup, TicketReport } from "./ticket-report.js";

/**
 * A report as text: a compact fixed-width table for a Telegram `<pre>` block (Indonesian
 * headers; plain text, so the caller HTML-escapes it), CSV for `/laporan` and spreadsheets,
 * and JSON for machines.
 */

const HOUR = 3_600_000;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"];
const CUT_HEADER: Record<ReportCut | "none", string> = {
  agency: "Dinas",
  topic: "Topik",
  kecamatan: "Kecamatan",
  urgency: "Urgensi",
  none: "Kelompok",
};
const URGENCY_LABEL: Record<string, string> = { urgent: "mendesak", normal: "biasa" };
/** Phones wrap a `<pre>` line beyond about 45 characters: names are cut to keep rows on one line. */
const NAME_WIDTH = 12;

export interface TableOptions {
  /** Local time = UTC + this, for the period's dates. Default 420 (WIB). */
  utcOffsetMinutes?: number;
  /** Lines of slowest open tickets under the table. Default 5; 0 hides them. */
  slowest?: number;
}

/** `"5 Jan 2026 – 9 Jan 2026"`: the last day shown is the one before the exclusive `to`. */
export function periodLabel(report: TicketReport, utcOffsetMinutes = JAKARTA_UTC_OFFSET_MINUTES): string {
  const day = (d: Date) => {
    const local = new Date(d.getTime() + utcOffsetMinutes * 60_000);
    return `${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()}`;
  };
  const first = day(report.from);
  const last = day(new Date(report.to.getTime() - 1));
  return first === last ? first : `${first} – ${last}`;
}

/** Working hours, short: `0.5`, `2`, `12`; `-` when there is nothing to measure. */
function hours(ms: number | null): string {
  if (ms === null) return "-";
  const h = ms / HOUR;
  if (h >= 10) return String(Math.round(h));
  return String(Math.round(h * 10) / 10);
}

function percent(share: number | null): string {
  return share === null ? "-" : `${Math.round(share * 100)}%`;
}

function p50p90(s: DurationStats): string {
  return s.count === 0 ? "-" : `${hours(s.median_ms)}/${hours(s.p90_ms)}`;
}

function groupName(report: TicketReport, g: ReportGroup): string {
  const name =
    g === report.total ? "Total" : report.cut === "urgency" ? (URGENCY_LABEL[g.key] ?? g.key) : g.key;
  return name.length > NAME_WIDTH ? `${name.slice(0, NAME_WIDTH - 1)}…` : name;
}

/** Columns one space apart: the first `textColumns` left-aligned (names), the rest right-aligned (numbers). */
function table(header: string[], rows: string[][], textColumns = 1): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < textColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join(" ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/**
 * The compact table: volumes and backlog, then times in working hours (median/p90) with the
 * share within SLA and the reopen rate, then the slowest open tickets.
 */
export function formatReportTable(report: TicketReport, opts: TableOptions = {}): string {
  const groups = report.cut === null ? [report.total] : [...report.groups, report.total];
  const first = CUT_HEADER[report.cut ?? "none"];
  const lines = [`Laporan ${periodLabel(report, opts.utcOffsetMinutes)}`, ""];
  lines.push(
    ...table(
      [first, "Masuk", "Selesai", "Tolak", "Terbuka", ">7hk"],
      groups.map((g) => [
        groupName(report, g),
        String(g.received),
        String(g.resolved),
        String(g.rejected),
        String(g.open),
        String(g.backlog.over_7),
      ]),
    ),
  );
  lines.push("", "Waktu dalam jam kerja, p50/p90:");
  lines.push(
    ...table(
      [first, "Respon", "SLA", "Selesai", "SLA", "Ulang"],
      groups.map((g) => [
        groupName(report, g),
        p50p90(g.first_response.working),
        percent(g.first_response_sla.share),
        p50p90(g.resolution.working),
        percent(g.resolution_sla.share),
        percent(g.reopen_rate),
      ]),
    ),
  );
  const slowest = report.total.slowest_open.slice(0, opts.slowest ?? 5);
  if (slowest.length > 0) {
    lines.push("", "Terbuka paling lama (hari kerja):");
    lines.push(
      ...table(
        ["Tiket", "Dinas", "Umur", ""],
        slowest.map((o) => [
          o.id,
          o.agency ?? "-",
          (Math.round(o.age_working_days * 10) / 10).toFixed(1),
          o.overdue ? "terlambat" : "",
        ]),
        2,
      ),
    );
  }
  lines.push("", "hk = hari kerja; SLA = dalam target; Ulang = dibuka kembali");
  return lines.join("\n");
}

const CSV_COLUMNS = [
  "group",
  "received",
  "resolved",
  "rejected",
  "open",
  "backlog_under_1_working_day",
  "backlog_1_to_3_working_days",
  "backlog_3_to_7_working_days",
  "backlog_7_or_more_working_days",
  ...["first_response", "resolution"].flatMap((m) => [
    `${m}_count`,
    ...["working", "calendar"].flatMap((c) => [
      `${m}_${c}_median_hours`,
      `${m}_${c}_p90_hours`,
      `${m}_${c}_mean_hours`,
    ]),
  ]),
  "first_response_sla_met",
  "first_response_sla_breached",
  "first_response_sla_share",
  "resolution_sla_met",
  "resolution_sla_breached",
  "resolution_sla_share",
  "reopened",
  "reopen_rate",
] as const;

function csvCell(v: string | number | null): string {
  if (v === null) return "";
  const s = typeof v === "number" ? String(Math.round(v * 1000) / 1000) : v;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function hoursOrNull(ms: number | null): number | null {
  return ms === null ? null : ms / HOUR;
}

/** One row per group and a last row `total`; times in hours, shares as 0–1, empty when undefined. */
export function formatReportCsv(report: TicketReport): string {
  const row = (g: ReportGroup): Array<string | number | null> => [
    g === report.total ? "total" : g.key,
    g.received,
    g.resolved,
    g.rejected,
    g.open,
    g.backlog.under_1,
    g.backlog.from_1_to_3,
    g.backlog.from_3_to_7,
    g.backlog.over_7,
    ...[g.first_response, g.resolution].flatMap((t) => [
      t.working.count,
      ...[t.working, t.calendar].flatMap((s) => [
        hoursOrNull(s.median_ms),
        hoursOrNull(s.p90_ms),
        hoursOrNull(s.mean_ms),
      ]),
    ]),
    g.first_response_sla.met,
    g.first_response_sla.breached,
    g.first_response_sla.share,
    g.resolution_sla.met,
    g.resolution_sla.breached,
    g.resolution_sla.share,
    g.reopened,
    g.reopen_rate,
  ];
  const groups = report.cut === null ? [] : report.groups;
  return (
    [CSV_COLUMNS.join(","), ...[...groups, report.total].map((g) => row(g).map(csvCell).join(","))].join(
      "\n",
    ) + "\n"
  );
}

/** The report as it is: instants as ISO strings, durations in milliseconds (`*_ms`). */
export function formatReportJson(report: TicketReport): string {
  return JSON.stringify(report, null, 2) + "\n";
}

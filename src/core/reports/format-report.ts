import { JAKARTA_UTC_OFFSET_MINUTES } from "../jakarta-time.js";
import { formatHours } from "../durations.js";
import { uiStrings, type Lang } from "../ui-strings.js";
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
  channel: "Saluran",
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

/** A phone in portrait (360 px) shows about this many characters of a Telegram message line. */
export const PHONE_LINE_WIDTH = 34;

/** One agency (or the total) in `/statistik`: its name, then short lines of words. */
export interface ReportBlock {
  title: string;
  lines: string[];
}

export interface ReportBlocks {
  /** The period and what the times mean. */
  intro: string[];
  blocks: ReportBlock[];
}

/** `parts` joined by " · ", a new line (indented) wherever the next part would pass `width`. */
function wrapParts(parts: readonly string[], width = PHONE_LINE_WIDTH, indent = "  "): string[] {
  const lines: string[] = [];
  for (const part of parts) {
    const last = lines.at(-1);
    if (last !== undefined && `${last} · ${part}`.length <= width)
      lines[lines.length - 1] = `${last} · ${part}`;
    else lines.push(last === undefined ? part : `${indent}${part}`);
  }
  return lines;
}

/**
 * The report for a phone: one block per group (agency), every figure in words with its unit
 * ("median 45 menit", "9 dari 10 dalam 6 jam", "tepat waktu 80% (4 dari 5)"), no line wider than
 * {@link PHONE_LINE_WIDTH}. The caller bolds the titles and escapes the text for HTML.
 */
export function formatReportBlocks(
  report: TicketReport,
  lang: Lang,
  opts: TableOptions & { periodLabel?: string } = {},
): ReportBlocks {
  const t = uiStrings(lang).supervisor.stats;
  const offset = opts.utcOffsetMinutes ?? JAKARTA_UTC_OFFSET_MINUTES;
  const label = opts.periodLabel ?? periodLabel(report, offset);
  const intro = [t.period(label), t.workingTime];
  if (report.total.received + report.total.open + report.total.resolved + report.total.rejected === 0) {
    return { intro: [...intro, "", t.empty], blocks: [] };
  }
  const by = report.received_by_channel;
  if (by.x + by.telegram > 0) intro.push(...wrapParts(t.byChannel(by.x, by.telegram)));
  const time = (title: string, s: DurationStats, sla: ReportGroup["first_response_sla"]): string[] => {
    if (s.count === 0 && sla.met + sla.breached === 0) return [];
    const parts: string[] = [];
    if (s.median_ms !== null) parts.push(t.median(formatHours(s.median_ms / HOUR, lang)));
    if (s.p90_ms !== null && s.count >= 2) parts.push(t.p90(formatHours(s.p90_ms / HOUR, lang)));
    if (sla.share !== null)
      parts.push(t.onTime(Math.round(sla.share * 100), sla.met, sla.met + sla.breached));
    // The heading on its own line, then one line per figure: each fits a phone whatever the numbers.
    return [`${title}:`, ...parts.map((p) => `  ${p}`)];
  };
  const block = (title: string, g: ReportGroup): ReportBlock => {
    const lines = [
      ...wrapParts([t.received(g.received), t.resolved(g.resolved), t.rejected(g.rejected)]),
      ...wrapParts([t.open(g.open), ...(g.backlog.over_7 > 0 ? [t.openOver7(g.backlog.over_7)] : [])]),
      ...time(t.firstResponse, g.first_response.working, g.first_response_sla),
      ...time(t.resolution, g.resolution.working, g.resolution_sla),
      ...(g.reopened > 0 ? [t.reopened(g.reopened, g.resolved)] : []),
    ];
    return { title, lines };
  };
  const blocks =
    report.cut === null
      ? [block(t.total, report.total)]
      : [
          ...report.groups.map((g) => block(groupTitle(report, g), g)),
          // One agency's report needs no total: it would repeat the block above.
          ...(report.groups.length > 1 ? [block(t.total, report.total)] : []),
        ];
  const slowest = report.total.slowest_open.slice(0, opts.slowest ?? 5);
  if (slowest.length > 0) {
    const number = new Intl.NumberFormat(lang === "en" ? "en-US" : "id-ID", {
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    });
    blocks.push({
      title: t.slowestHeader,
      lines: slowest.flatMap((o) => [
        o.agency ? `${o.id} · ${o.agency}` : o.id,
        `  ${t.slowestAge(o.age_working_days < 1 ? null : number.format(o.age_working_days), o.overdue)}`,
      ]),
    });
  }
  return { intro, blocks };
}

function groupTitle(report: TicketReport, g: ReportGroup): string {
  return report.cut === "urgency" ? (URGENCY_LABEL[g.key] ?? g.key) : g.key;
}

/** The blocks as plain text (a blank line between blocks), e.g. for a terminal or a test. */
export function reportBlocksText(r: ReportBlocks): string {
  return [r.intro.join("\n"), ...r.blocks.map((b) => [b.title, ...b.lines].join("\n"))].join("\n\n");
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

const CSV_METRIC_ID: Record<string, string> = {
  first_response: "respons pertama",
  resolution: "penyelesaian",
};
const CSV_CLOCK_ID: Record<string, string> = { working: "jam kerja", calendar: "jam kalender" };
const CSV_STAT_ID: Record<string, string> = { median: "median", p90: "p90", mean: "rata-rata" };
const CSV_CUT_ID: Record<ReportCut | "none", string> = {
  agency: "dinas",
  topic: "topik",
  kecamatan: "kecamatan",
  urgency: "urgensi",
  channel: "saluran",
  none: "kelompok",
};

/**
 * The CSV's header row: the stable English names with `language: en`, words a supervisor reads in
 * a spreadsheet in Indonesian (no commas, so no quoting): "penyelesaian median (jam kerja)".
 */
export function csvHeader(lang: Lang, cut: ReportCut | null): string[] {
  if (lang === "en") return [...CSV_COLUMNS];
  const fixed: Record<string, string> = {
    group: CSV_CUT_ID[cut ?? "none"],
    received: "masuk",
    resolved: "selesai",
    rejected: "ditolak",
    open: "terbuka",
    backlog_under_1_working_day: "terbuka kurang dari 1 hari kerja",
    backlog_1_to_3_working_days: "terbuka 1 sampai 3 hari kerja",
    backlog_3_to_7_working_days: "terbuka 3 sampai 7 hari kerja",
    backlog_7_or_more_working_days: "terbuka 7 hari kerja atau lebih",
    reopened: "dibuka kembali",
    reopen_rate: "porsi dibuka kembali",
  };
  return CSV_COLUMNS.map((c) => {
    if (fixed[c]) return fixed[c];
    const m =
      /^(first_response|resolution)_(?:(count)|(working|calendar)_(median|p90|mean)_hours|sla_(met|breached|share))$/.exec(
        c,
      );
    if (!m) return c;
    const metric = CSV_METRIC_ID[m[1]!]!;
    if (m[2]) return `${metric} jumlah`;
    if (m[3]) return `${metric} ${CSV_STAT_ID[m[4]!]!} (${CSV_CLOCK_ID[m[3]]!})`;
    return `${metric} ${{ met: "tepat waktu", breached: "terlambat", share: "porsi tepat waktu" }[m[5]!]!}`;
  });
}

function csvCell(v: string | number | null): string {
  if (v === null) return "";
  const s = typeof v === "number" ? String(Math.round(v * 1000) / 1000) : v;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function hoursOrNull(ms: number | null): number | null {
  return ms === null ? null : ms / HOUR;
}

/**
 * One row per group and a last row `total`; times in hours, shares as
 * 0–1, empty when undefined. Headers in the deployment's language (see `csvHeader`).
 */
export function formatReportCsv(report: TicketReport, lang: Lang = "en"): string {
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
    [
      csvHeader(lang, report.cut).map(csvCell).join(","),
      ...[...groups, report.total].map((g) => row(g).map(csvCell).join(",")),
    ].join("\n") + "\n"
  );
}

/** The report as it is: instants as ISO strings, durations in milliseconds (`*_ms`). */
export function formatReportJson(report: TicketReport): string {
  return JSON.stringify(report, null, 2) + "\n";
}

import type { TicketRow } from "./ticket-query.js";

/**
 * The filtered queue as CSV or JSON for a spreadsheet. Tweets are written by anyone, so every
 * text cell that a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a tab
 * or a carriage return) gets a leading apostrophe (OWASP's advice for CSV injection), in the
 * JSON too: it is as likely to be pasted into a sheet.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export const EXPORT_COLUMNS = [
  "id",
  "status",
  "agency",
  "kind",
  "channel",
  "urgency",
  "kecamatan",
  "kelurahan",
  "place",
  "received_at",
  "sla",
  "sla_left_minutes",
  "assignee",
  "author",
  "text",
  "lat",
  "lon",
] as const;

type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string | number | null>;

function exportRow(r: TicketRow): ExportRow {
  const text = (v: string | null) => (v === null ? null : neutraliseCell(v));
  return {
    id: r.id,
    status: r.status,
    agency: text(r.agency),
    kind: text(r.kind),
    channel: r.channel,
    urgency: r.urgency,
    kecamatan: text(r.kecamatan),
    kelurahan: text(r.kelurahan),
    place: text(r.place),
    received_at: r.received_at,
    sla: r.sla,
    sla_left_minutes: r.sla_left_ms === null ? null : Math.round(r.sla_left_ms / 60_000),
    assignee: text(r.assignee),
    author: text(r.author),
    text: text(r.text),
    lat: r.lat,
    lon: r.lon,
  };
}

function csvField(v: string | number | null): string {
  if (v === null) return "";
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV with a header row, CRLF line ends and a BOM (Excel then reads UTF-8). */
export function queueCsv(rows: readonly TicketRow[]): string {
  const lines = [EXPORT_COLUMNS.join(",")];
  for (const r of rows) {
    const e = exportRow(r);
    lines.push(EXPORT_COLUMNS.map((c) => csvField(e[c])).join(","));
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

export function queueJson(rows: readonly TicketRow[]): string {
  return JSON.stringify({ tickets: rows.map(exportRow) });
}

import type { ScenarioResult } from "./fault-scenario.js";

const HEADERS = [
  "scenario",
  "tweets",
  "tickets",
  "duplicate cards",
  "duplicate replies",
  "lost",
  "max delay",
  "injected",
];

/** The suite's summary: one row per scenario, counted from outside. */
export function formatResultsTable(results: readonly ScenarioResult[]): string {
  const rows = results.map((r) => [
    r.plan.name,
    String(r.tally.tweets),
    String(r.tally.tickets),
    String(r.tally.duplicateCards),
    String(r.tally.duplicateReplies),
    String(r.tally.lost),
    `${(r.tally.maxDelayMs / 1000).toFixed(0)} s`,
    Object.entries(r.notes)
      .map(([k, v]) => `${k} ${v}`)
      .join(", "),
  ]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) =>
        i === 0 || i === cells.length - 1 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0),
      )
      .join(" | ");
  return [line(HEADERS), widths.map((w) => "-".repeat(w)).join("-|-"), ...rows.map(line)].join("\n");
}

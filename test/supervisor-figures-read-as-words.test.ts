import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import {
  PHONE_LINE_WIDTH,
  formatReportBlocks,
  formatReportCsv,
  reportBlocksText,
} from "../src/core/reports/format-report.js";
import { buildReport, type ReportOptions } from "../src/core/reports/ticket-report.js";
import { agencyHolding } from "../src/core/card-view.js";
import { formatHours } from "../src/core/durations.js";
import { splitMessage } from "../src/supervision/digest.js";
import { uiStrings } from "../src/core/ui-strings.js";
import { bandungOffice, continuous, wib, NORMAL_TARGETS } from "./fixtures/sla-calendar.js";
import { makeTicket } from "./fixtures/sla-tickets.js";

const routing = { triageAgency: "diskominfo", moderationAgency: "diskominfo" };
const options: ReportOptions = {
  from: wib("2026-01-05 00:00"),
  to: wib("2026-01-10 00:00"),
  now: wib("2026-01-12 08:00"),
  cut: "agency",
  calendars: { working_hours: bandungOffice(), continuous },
  targetsFor: () => NORMAL_TARGETS,
  ownerOf: (t) => agencyHolding(t, routing),
};
const resolvedAfter = (id: string, claimed: string, resolved: string) =>
  makeTicket(id, {
    received: "2026-01-05 08:00",
    events: [
      ["claimed", claimed],
      ["resolved", resolved],
    ],
  });
const tickets = [
  resolvedAfter("ADU-000001", "2026-01-05 08:15", "2026-01-05 09:00"),
  resolvedAfter("ADU-000002", "2026-01-05 09:00", "2026-01-06 10:00"),
  resolvedAfter("ADU-000003", "2026-01-05 10:00", "2026-01-07 10:00"),
  // Forgotten since before the period: 9 working days old.
  makeTicket("ADU-000004", { received: "2025-12-29 08:00", events: [["dispatched", "2025-12-29 08:00"]] }),
  // Abusive, about a canal (triage guessed DSDABM), never routed: held in moderation.
  {
    ...makeTicket("ADU-000005", { received: "2026-01-06 08:00", events: [] }),
    status: "new" as const,
  },
].map((t) =>
  t.id === "ADU-000005"
    ? { ...t, history: t.history.slice(0, 1), triage: { ...t.triage, abusive: true } }
    : t,
);

describe("durations in words", () => {
  it.each([
    [0.25, "15 menit"],
    [1, "1 jam"],
    [1.5, "1 jam 30 menit"],
    [16, "16 jam"],
    [10.4, "10 jam"],
  ])("%s hours read as %s", (hours, words) => {
    expect(formatHours(hours, "id")).toBe(words);
  });

  it("gives wall-clock targets in days, working time in hours", () => {
    expect(formatHours(48, "id", { days: true })).toBe("2 hari");
    expect(formatHours(48, "id")).toBe("48 jam");
    expect(formatHours(0.25, "en")).toBe("15 min");
  });

  it("says a 15-minute target as 15 minutes in the breach message", () => {
    expect(uiStrings("id").sla.target(formatHours(0.25, "id"), false)).toBe("Target: 15 menit");
    expect(uiStrings("id").sla.target(formatHours(16, "id"), true)).toBe("Target: 16 jam (jam kerja)");
  });
});

describe("a ticket held in moderation", () => {
  const report = buildReport(tickets, options);

  it("counts as moderation's open ticket, not as the agency's triage guessed", () => {
    const byKey = new Map(report.groups.map((g) => [g.key, g]));
    expect(byKey.get("dsdabm")?.open).toBe(1);
    expect(byKey.get("diskominfo")?.open).toBe(1);
    expect(report.total.open).toBe(2);
  });

  it("without the owner rule would have counted for DSDABM (the bug this guards)", () => {
    const { ownerOf: _ignored, ...plain } = options;
    const old = buildReport(tickets, plain);
    expect(old.groups.find((g) => g.key === "dsdabm")?.open).toBe(2);
  });
});

describe("/statistik in narrow blocks", () => {
  const blocks = formatReportBlocks(buildReport(tickets, options), "id");
  const text = reportBlocksText(blocks);

  it("fits a 360 px phone: no line wider than the phone shows", () => {
    for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(PHONE_LINE_WIDTH);
    expect(PHONE_LINE_WIDTH).toBeLessThanOrEqual(34);
  });

  it("says figures in words with units, never p50/p90 or a bare x/y", () => {
    const dsdabm = blocks.blocks.find((b) => b.title === "dsdabm")!.lines;
    expect(dsdabm).toEqual([
      "Masuk 3 · selesai 3 · ditolak 0",
      "Terbuka 1 · 1 lewat 7 hari kerja",
      "Respons pertama:",
      "  median 1 jam",
      "  9 dari 10 dalam 2 jam",
      "  tepat waktu 100% (3 dari 3)",
      "Penyelesaian:",
      "  median 10 jam",
      "  9 dari 10 dalam 18 jam",
      "  tepat waktu 75% (3 dari 4)",
    ]);
    expect(text).not.toMatch(/p50|p90|\b\d+\/\d+\b/);
    expect(blocks.intro).toEqual([
      "Periode: 5 Jan 2026 – 9 Jan 2026",
      "Waktu dihitung dalam jam kerja.",
      "Masuk via X 4 · via Telegram 0",
    ]);
  });

  it("counts the reports that came in via X and via Telegram on one short line, in either language", () => {
    const viaTelegram = tickets
      .slice(0, 3)
      .map((t) => ({ ...t, id: `${t.id}-tg`, channel: "telegram" as const }));
    const report = buildReport([...tickets, ...viaTelegram], options);
    expect(report.received_by_channel).toEqual({ x: 4, telegram: 3 });
    expect(formatReportBlocks(report, "id").intro[2]).toBe("Masuk via X 4 · via Telegram 3");
    expect(formatReportBlocks(report, "en").intro[2]).toBe("In via X 4 · via Telegram 3");
    // Big numbers wrap rather than pass the phone's width.
    const big = formatReportBlocks({ ...report, received_by_channel: { x: 12_345, telegram: 6_789 } }, "id");
    expect(big.intro.slice(2)).toEqual(["Masuk via X 12345", "  via Telegram 6789"]);
  });

  it("speaks English with language: en", () => {
    const en = reportBlocksText(formatReportBlocks(buildReport(tickets, options), "en"));
    expect(en).toContain("9 in 10 within 18 h");
    expect(en).toContain("Times are in working hours.");
  });
});

describe("/laporan CSV headers", () => {
  const report = buildReport(tickets, options);

  it("are Indonesian words by default, one column per figure as before", () => {
    const csv = formatReportCsv(report, "id");
    const [header] = parse(csv, { to_line: 1 }) as string[][];
    expect(header!.slice(0, 5)).toEqual(["dinas", "masuk", "selesai", "ditolak", "terbuka"]);
    expect(header).toContain("penyelesaian median (jam kerja)");
    expect(header).toContain("respons pertama p90 (jam kalender)");
    expect(header).toContain("penyelesaian porsi tepat waktu");
    expect(header).toContain("porsi dibuka kembali");
    expect(header!.every((h) => !/[a-z]_[a-z]/.test(h))).toBe(true);
    expect(header).toHaveLength(formatReportCsv(report, "en").split("\n")[0]!.split(",").length);
  });

  it("keep the English column names with language: en", () => {
    expect(formatReportCsv(report, "en").split("\n")[0]).toMatch(/^group,received,resolved,rejected,open,/);
  });
});

describe("a report too long for one Telegram message", () => {
  it("is cut between blocks, each part within Telegram's limit, nothing lost", () => {
    const blocks = Array.from(
      { length: 40 },
      (_, i) => `<b>Dinas ${i}</b>\n${"Masuk 1 · selesai 0\n".repeat(8).trim()}`,
    );
    const html = blocks.join("\n\n");
    const parts = splitMessage(html);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(4096);
    expect(parts.join("\n\n")).toBe(html);
    expect(splitMessage("<b>Statistik</b>\nsingkat")).toEqual(["<b>Statistik</b>\nsingkat"]);
  });
});

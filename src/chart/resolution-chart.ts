import { Resvg } from "@resvg/resvg-js";
import { parse as parseVega, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { ResolutionChartLabels, ResolutionChartRow } from "../ports/chart-renderer.js";

/**
 * The digest's chart: resolution time per agency as p50 and p90 bars with each agency's SLA
 * target as a red line across its row. Vega-Lite describes it, Vega lays it out and writes SVG
 * headless (no canvas, no browser), and resvg (a prebuilt Rust binary shipped in the npm package)
 * turns the SVG into a PNG that Telegram shows inline.
 */

const WIDTH = 560;
const ROW_HEIGHT = 64;
/** Device pixels per SVG pixel: sharp on phone screens, still a small file. */
const SCALE = 2;

/** The Vega-Lite spec of the chart (pure: data and labels in, spec out). */
export function resolutionChartSpec(
  rows: readonly ResolutionChartRow[],
  labels: ResolutionChartLabels,
): TopLevelSpec {
  const name = (r: ResolutionChartRow) => `${r.agency} (n=${r.count})`;
  const bars = rows.flatMap((r) => [
    { agency: name(r), measure: labels.p50, hours: round(r.p50_hours) },
    { agency: name(r), measure: labels.p90, hours: round(r.p90_hours) },
  ]);
  const targets = rows.map((r) => ({
    agency: name(r),
    measure: labels.target,
    hours: round(r.target_hours),
  }));
  const order = rows.map(name);
  const y = { field: "agency", type: "nominal", sort: order, title: labels.agency } as const;
  const color = {
    field: "measure",
    type: "nominal",
    title: null,
    scale: { domain: [labels.p50, labels.p90, labels.target], range: ["#4c78a8", "#f58518", "#d62728"] },
    legend: { orient: "bottom" },
  } as const;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: labels.title, subtitle: labels.subtitle, anchor: "start" },
    width: WIDTH,
    height: Math.max(1, rows.length) * ROW_HEIGHT,
    background: "white",
    config: { font: "DejaVu Sans, Liberation Sans, Arial, sans-serif", view: { stroke: null } },
    layer: [
      {
        data: { values: bars },
        mark: { type: "bar", height: { band: 0.8 } },
        encoding: {
          y,
          yOffset: { field: "measure", sort: [labels.p50, labels.p90] },
          x: { field: "hours", type: "quantitative", title: labels.hours },
          color,
        },
      },
      {
        data: { values: bars },
        mark: { type: "text", align: "left", dx: 3, fontSize: 10 },
        encoding: {
          y,
          yOffset: { field: "measure", sort: [labels.p50, labels.p90] },
          x: { field: "hours", type: "quantitative" },
          text: { field: "hours", type: "quantitative", format: ".1f" },
        },
      },
      {
        data: { values: targets },
        mark: { type: "tick", thickness: 3, bandSize: ROW_HEIGHT * 0.8, opacity: 1 },
        encoding: { y, x: { field: "hours", type: "quantitative" }, color },
      },
    ],
  };
}

/** Renders the chart to a PNG. */
export async function renderResolutionChart(
  rows: readonly ResolutionChartRow[],
  labels: ResolutionChartLabels,
): Promise<Buffer> {
  const { spec } = compile(resolutionChartSpec(rows, labels));
  const view = new View(parseVega(spec), { renderer: "none" });
  try {
    const svg = await view.toSVG();
    const png = new Resvg(svg, {
      fitTo: { mode: "zoom", value: SCALE },
      font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
    })
      .render()
      .asPng();
    return Buffer.from(png);
  } finally {
    view.finalize();
  }
}

function round(hours: number): number {
  return Math.round(hours * 10) / 10;
}

/** The digest's chart of resolution time per agency; `chart/resolution-chart.ts` draws it as a PNG. */
export interface ResolutionChartRow {
  /** The agency's short name as supervisors know it. */
  agency: string;
  p50_hours: number;
  p90_hours: number;
  /** The agency's resolution target for normal tickets, in working hours. */
  target_hours: number;
  /** Resolutions measured: shown beside the name so a p90 of two tickets is read as such. */
  count: number;
}

export interface ResolutionChartLabels {
  title: string;
  subtitle: string;
  hours: string;
  agency: string;
  p50: string;
  p90: string;
  target: string;
}

export type RenderResolutionChart = (
  rows: readonly ResolutionChartRow[],
  labels: ResolutionChartLabels,
) => Promise<Buffer>;

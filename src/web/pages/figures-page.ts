import { formatDuration } from "../../core/durations.js";
import type { ReportGroup, TicketReport } from "../../core/reports/ticket-report.js";
import type { DashboardStrings } from "../dashboard-strings.js";
import type { WeekFigures } from "../dashboard-figures.js";
import { html, type Raw } from "./html-template.js";
import { BASE, page, type PageChrome } from "./layout.js";

const pct = (share: number | null) => (share === null ? "—" : `${Math.round(share * 100)}%`);

function duration(t: DashboardStrings, ms: number | null): string {
  return ms === null ? "—" : formatDuration(ms, t.lang);
}

function groupRow(t: DashboardStrings, g: ReportGroup, name: string, total = false): Raw {
  const b = g.backlog;
  const cell = (v: string | number) => html`<td>${v}</td>`;
  return html`<tr${total ? html` class="total"` : ""} data-group="${g.key}">
  <th scope="row">${name}</th>
  ${cell(g.received)}${cell(g.resolved)}${cell(g.open)}
  ${cell(duration(t, g.resolution.working.median_ms))}${cell(duration(t, g.resolution.working.p90_ms))}
  ${cell(pct(g.resolution_sla.share))}${cell(pct(g.reopen_rate))}
  ${cell(b.under_1)}${cell(b.from_1_to_3)}${cell(b.from_3_to_7)}${cell(b.over_7)}
</tr>`;
}

/** Weekly received and resolved as bars: an inline SVG, no chart library on the page. */
function trendChart(t: DashboardStrings, weeks: WeekFigures[]): Raw {
  const max = Math.max(1, ...weeks.map((w) => Math.max(w.received, w.resolved)));
  const w = 40;
  const h = 120;
  const bars = weeks.map((wk, i) => {
    const x = i * w + 4;
    const hr = (wk.received / max) * h;
    const hs = (wk.resolved / max) * h;
    return html`<g
      ><title>${wk.week}: ${t.figures.received} ${wk.received}, ${t.figures.resolved} ${wk.resolved}</title>
      <rect class="bar-received" x="${x}" y="${h - hr}" width="15" height="${hr}"></rect>
      <rect class="bar-resolved" x="${x + 16}" y="${h - hs}" width="15" height="${hs}"></rect>
      <text x="${x + 15}" y="${h + 14}" text-anchor="middle">${wk.week.slice(5)}</text></g
    >`;
  });
  return html`<figure class="trend">
    <svg viewBox="0 0 ${weeks.length * w + 8} ${h + 20}" role="img" aria-labelledby="trend-title">
      <title id="trend-title">${t.figures.trend}</title>
      ${bars}
    </svg>
    <figcaption>
      <span class="key"><span class="swatch bar-received"></span>${t.figures.received}</span>
      <span class="key"><span class="swatch bar-resolved"></span>${t.figures.resolved}</span>
    </figcaption>
    <table class="figures compact">
      <caption class="sr-only">
        ${t.figures.trend}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t.figures.week}</th>
          <th scope="col">${t.figures.received}</th>
          <th scope="col">${t.figures.resolved}</th>
          <th scope="col">${t.figures.median}</th>
          <th scope="col">${t.figures.withinSla}</th>
        </tr>
      </thead>
      <tbody>
        ${weeks.map(
          (wk) =>
            html`<tr>
              <th scope="row">${wk.week}</th>
              <td>${wk.received}</td>
              <td>${wk.resolved}</td>
              <td>${duration(t, wk.resolution_median_ms)}</td>
              <td>${pct(wk.resolution_sla_share)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </figure>`;
}

export function figuresPage(
  t: DashboardStrings,
  chrome: Omit<PageChrome, "t">,
  v: {
    report: TicketReport;
    weeks: WeekFigures[];
    period: string;
    cut: "agency" | "topic";
    periodError?: string;
    groupName: (key: string) => string;
  },
): string {
  const f = t.figures;
  return page(
    f.title,
    { ...chrome, t, nav: "figures", data: { live: "figures" } },
    html`<h1>${f.title}</h1>
      <form class="filters inline" method="get" action="${BASE}/angka">
        <label>${f.period} <input type="text" name="period" value="${v.period}" /></label>
        <label
          >${f.cut}
          <select name="cut">
            <option value="agency" ${v.cut === "agency" ? html` selected` : ""}>${f.cutAgency}</option>
            <option value="topic" ${v.cut === "topic" ? html` selected` : ""}>${f.cutTopic}</option>
          </select></label
        >
        <button type="submit" class="primary">${t.filter.apply}</button>
      </form>
      ${v.periodError ? html`<p class="error" role="alert">${t.queue.badPeriod(v.periodError)}</p>` : ""}
      <div class="table-scroll" tabindex="0" role="region" aria-label="${f.title}">
        <table class="figures">
          <thead>
            <tr>
              <th scope="col" rowspan="2">${f.group}</th>
              <th scope="col" rowspan="2">${f.received}</th>
              <th scope="col" rowspan="2">${f.resolved}</th>
              <th scope="col" rowspan="2">${f.open}</th>
              <th scope="col" rowspan="2">${f.median}</th>
              <th scope="col" rowspan="2">${f.p90}</th>
              <th scope="col" rowspan="2">${f.withinSla}</th>
              <th scope="col" rowspan="2">${f.reopenRate}</th>
              <th scope="colgroup" colspan="4" class="group-head">${f.backlog}</th>
            </tr>
            <tr>
              ${f.backlogBuckets.map((b) => html`<th scope="col">${b}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${v.report.groups.map((g) => groupRow(t, g, v.groupName(g.key)))}
            ${groupRow(t, v.report.total, f.total, true)}
          </tbody>
        </table>
      </div>
      <h2>${f.trend}</h2>
      ${trendChart(t, v.weeks)}`,
  );
}

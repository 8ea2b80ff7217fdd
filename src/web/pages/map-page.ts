import type { DashboardStrings } from "../dashboard-strings.js";
import { html } from "./html-template.js";
import { BASE, page, type PageChrome } from "./layout.js";

export const MAP_HEAD = html`<link rel="stylesheet" href="${BASE}/assets/leaflet/leaflet.css" />`;
export const MAP_SCRIPTS = [`${BASE}/assets/leaflet/leaflet.js`, `${BASE}/assets/dashboard-map.js`];

/** The map: drawn by dashboard-map.js from `/dasbor/api/map` and the kecamatan outlines. */
export function mapPage(
  t: DashboardStrings,
  chrome: Omit<PageChrome, "t">,
  opts: { tileUrl?: string | undefined; query: string },
): string {
  return page(
    t.map.title,
    {
      ...chrome,
      t,
      nav: "map",
      head: MAP_HEAD,
      scripts: MAP_SCRIPTS,
      data: { live: "map", tiles: opts.tileUrl ?? "", query: opts.query, ticketBase: `${BASE}/tiket/` },
    },
    html`<h1>${t.map.title} <small id="map-count"></small></h1>
      <p class="legend">
        ${t.map.legend}
        <span class="key"><span class="dot sla-breached"></span>${t.sla.breached}</span>
        <span class="key"><span class="dot sla-warning"></span>${t.sla.warning}</span>
        <span class="key"><span class="dot sla-ok"></span>${t.sla.ok}</span>
        <span class="key shades" aria-hidden="true"
          ><span style="background:#fde3c0">1</span><span style="background:#f7c08a">2–4</span
          ><span style="background:#ef8d5d">5–9</span
          ><span style="background:#d04a3a;color:#fff">≥ 10</span></span
        >
      </p>
      <div id="map" class="map" role="region" aria-label="${t.map.title}"></div>
      <p id="map-nopoint" class="muted" data-template="${t.map.noPoint(0)}"></p>`,
  );
}

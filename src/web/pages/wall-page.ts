import type { DashboardStrings } from "../dashboard-strings.js";
import type { TicketRow } from "../ticket-query.js";
import { html, type Raw } from "./html-template.js";
import { BASE, page, type PageChrome } from "./layout.js";
import { MAP_HEAD, MAP_SCRIPTS } from "./map-page.js";
import { slaText } from "./queue-page.js";

export interface WallNumbers {
  received: number;
  resolved: number;
  open: number;
  breached: number;
}

/** The wall's changing part: breaches and today's numbers (the map redraws itself). */
export function wallBody(
  t: DashboardStrings,
  v: { breaches: TicketRow[]; today: WallNumbers; agencyName: (id: string | null) => string },
): Raw {
  return html`<div id="live-region" data-live="wall">
    <section class="wall-view" data-view="breaches" aria-labelledby="w-breaches">
      <h2 id="w-breaches">${t.wall.breaches} <b>${v.today.breached}</b></h2>
      ${
        v.breaches.length === 0
          ? html`<p>${t.wall.noBreaches}</p>`
          : html`<ol class="breaches">
              ${v.breaches.map(
                (r) =>
                  html`<li class="sla-breached">
                    <b class="what">${r.id}</b>
                    <span class="late">${slaText(t, r)}</span>
                    <span class="where"
                      >${v.agencyName(r.agency)} ·
                      ${[r.place, r.kecamatan].filter(Boolean).join(", ") || "—"}</span
                    >
                  </li>`,
              )}
            </ol>`
      }
    </section>
    <section class="wall-view" data-view="today" aria-labelledby="w-today">
      <h2 id="w-today">${t.wall.today}</h2>
      <ul class="big-numbers">
        <li><b>${v.today.received}</b>${t.wall.received}</li>
        <li><b>${v.today.resolved}</b>${t.wall.resolved}</li>
        <li><b>${v.today.open}</b>${t.wall.open}</li>
        <li class="sla-breached"><b>${v.today.breached}</b>${t.wall.breaches}</li>
      </ul>
    </section>
  </div>`;
}

/** Wall mode: large type, the views take turns (map, breaches, today's numbers), nothing to press. */
export function wallPage(
  t: DashboardStrings,
  chrome: Omit<PageChrome, "t">,
  body: Raw,
  opts: { tileUrl?: string | undefined },
): string {
  return page(
    t.nav.wall,
    {
      ...chrome,
      t,
      wall: true,
      head: MAP_HEAD,
      scripts: MAP_SCRIPTS,
      data: {
        live: "wall",
        tiles: opts.tileUrl ?? "",
        query: "",
        ticketBase: `${BASE}/tiket/`,
        rotate: "20000",
      },
    },
    html`<header class="wall-head">
        <span>${t.title}</span><span id="wall-clock" aria-hidden="true"></span>
      </header>
      <section class="wall-view" data-view="map">
        <h2>${t.map.title} <small id="map-count"></small></h2>
        <div id="map" class="map wall-map"></div>
        <p id="map-nopoint" class="muted"></p>
      </section>
      ${body}`,
  );
}

import type { DashboardStrings } from "../dashboard-strings.js";
import { html, type Raw } from "./html-template.js";

export type NavKey = "queue" | "map" | "figures" | "wall" | "none";

export interface PageChrome {
  t: DashboardStrings;
  /** Shown top right: who is logged in and what they see; absent on the login pages. */
  who?: string;
  nav?: NavKey;
  /** Extra `<head>` lines (the map's stylesheet). */
  head?: Raw;
  /** Script files of the page, after the shared one. */
  scripts?: string[];
  /** `data-*` on `<body>` the page's script reads. */
  data?: Record<string, string>;
  /** Wall mode: no navigation, large type. */
  wall?: boolean;
}

export const BASE = "/dasbor";

/** One page: the dashboard's shell around `main`, with bundled assets only (no CDN). */
export function page(title: string, chrome: PageChrome, main: Raw): string {
  const { t } = chrome;
  const link = (key: Exclude<NavKey, "none">, href: string, label: string) =>
    html`<a href="${href}" ${chrome.nav === key ? html` aria-current="page"` : ""}>${label}</a>`;
  const data = Object.entries(chrome.data ?? {}).map(([k, v]) => html` data-${k}="${v}"`);
  return `<!doctype html>${
    html`<html lang="${t.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title} · ${t.title}</title>
        <link rel="stylesheet" href="${BASE}/assets/dashboard.css" />
        ${chrome.head ?? ""}
      </head>
      <body class="${chrome.wall ? "wall" : ""}" ${data}>
        <a class="skip" href="#main">${t.skip}</a>
        ${
          chrome.wall
            ? ""
            : html`<header class="top">
                <a class="brand" href="${BASE}">${t.title}</a>
                ${
                  chrome.who !== undefined
                    ? html`<nav aria-label="${t.title}">
                          ${link("queue", BASE, t.nav.queue)} ${link("map", `${BASE}/peta`, t.nav.map)}
                          ${link("figures", `${BASE}/angka`, t.nav.figures)}
                          ${link("wall", `${BASE}/wall`, t.nav.wall)}
                        </nav>
                        <div class="who">
                          <span>${chrome.who}</span>
                          <form method="post" action="${BASE}/keluar">
                            <button type="submit" class="link">${t.nav.logout}</button>
                          </form>
                        </div>`
                    : ""
                }
              </header>`
        }
        <main id="main" tabindex="-1">${main}</main>
        <div id="live-status" class="live" role="status" aria-live="polite"></div>
        <script src="${BASE}/assets/dashboard.js" defer></script>
        ${(chrome.scripts ?? []).map((s) => html`<script src="${s}" defer></script>`)}
      </body>
    </html>`.value
  }`;
}

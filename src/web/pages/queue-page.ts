import { formatDuration } from "../../core/durations.js";
import { formatJakartaTime } from "../../core/jakarta-time.js";
import type { DashboardStrings } from "../dashboard-strings.js";
import type { QueueFilter, QueueResult, TicketRow } from "../ticket-query.js";
import { queueQueryString } from "../ticket-query.js";
import { ALL_STATUSES } from "../../ports/ticket-store.js";
import { html, type Raw } from "./html-template.js";
import { BASE, page, type PageChrome } from "./layout.js";

export interface Choice {
  value: string;
  label: string;
}

export interface QueueView {
  filter: QueueFilter;
  result: QueueResult;
  agencies: Choice[];
  kinds: Choice[];
  kecamatan: string[];
  agencyName: (id: string | null) => string;
  periodError?: string;
}

export function slaText(t: DashboardStrings, row: Pick<TicketRow, "sla" | "sla_left_ms">): string {
  if (row.sla_left_ms === null) return t.sla[row.sla];
  return row.sla_left_ms < 0
    ? t.slaOver(formatDuration(-row.sla_left_ms, t.lang))
    : t.slaLeft(formatDuration(row.sla_left_ms, t.lang));
}

function select(
  name: string,
  label: string,
  current: string | undefined,
  choices: Choice[],
  any: string,
): Raw {
  return html`<label
    >${label}
    <select name="${name}">
      <option value="">${any}</option>
      ${choices.map((c) => html`<option value="${c.value}" ${c.value === current ? html` selected` : ""}>${c.label}</option>`)}
    </select></label
  >`;
}

export function queueFilterForm(t: DashboardStrings, v: QueueView, action = BASE): Raw {
  const f = v.filter;
  const statuses: Choice[] = [
    { value: "open", label: t.filter.open },
    { value: "all", label: t.filter.all },
    ...ALL_STATUSES.map((s) => ({ value: s, label: t.status[s] })),
  ];
  return html`<form class="filters" method="get" action="${action}" role="search">
    <fieldset>
      <legend class="sr-only">${t.filter.legend}</legend>
      <label
        >${t.filter.search}
        <input
          type="search"
          name="q"
          value="${f.q ?? ""}"
          placeholder="${t.filter.searchHint}"
          autocomplete="off"
      /></label>
      <label
        >${t.filter.status}
        <select name="status">
          ${statuses.map((c) => html`<option value="${c.value}" ${c.value === f.status ? html` selected` : ""}>${c.label}</option>`)}
        </select></label
      >
      ${select("agency", t.filter.agency, f.agency, v.agencies, t.filter.any)}
      ${select("kind", t.filter.kind, f.kind, v.kinds, t.filter.any)}
      ${select(
        "channel",
        t.filter.channel,
        f.channel,
        [
          { value: "x", label: t.channel.x },
          { value: "telegram", label: t.channel.telegram },
        ],
        t.filter.any,
      )}
      ${select(
        "urgency",
        t.filter.urgency,
        f.urgency,
        [
          { value: "urgent", label: t.filter.urgent },
          { value: "normal", label: t.filter.normal },
        ],
        t.filter.any,
      )}
      ${select(
        "kecamatan",
        t.filter.kecamatan,
        f.kecamatan,
        v.kecamatan.map((k) => ({ value: k, label: k })),
        t.filter.any,
      )}
      <label
        >${t.filter.period}
        <input type="text" name="period" value="${f.period ?? ""}" placeholder="${t.filter.periodHint}"
      /></label>
      <div class="actions">
        <button type="submit" class="primary">${t.filter.apply}</button>
        <a href="${action}">${t.filter.reset}</a>
      </div>
    </fieldset>
  </form>`;
}

function counts(t: DashboardStrings, r: QueueResult): Raw {
  const c = r.counts;
  return html`<ul class="counts" aria-label="${t.queue.title}">
    <li class="sla-breached"><b data-count="breached">${c.breached}</b> ${t.sla.breached}</li>
    <li class="sla-warning"><b data-count="warning">${c.warning}</b> ${t.sla.warning}</li>
    <li class="sla-ok"><b data-count="ok">${c.ok}</b> ${t.sla.ok}</li>
    <li class="urgent"><b data-count="urgent">${c.urgent}</b> ${t.filter.urgent}</li>
  </ul>`;
}

export function queueRows(t: DashboardStrings, v: QueueView): Raw {
  if (v.result.rows.length === 0) return html`<p class="empty">${t.queue.none}</p>`;
  const c = t.queue.columns;
  return html`<table class="queue">
    <caption class="sr-only">
      ${t.queue.title}
    </caption>
    <thead>
      <tr>
        <th scope="col">${c.id}</th>
        <th scope="col">${c.sla}</th>
        <th scope="col">${c.agency}</th>
        <th scope="col">${c.place}</th>
        <th scope="col">${c.text}</th>
        <th scope="col">${c.status}</th>
        <th scope="col">${c.received}</th>
      </tr>
    </thead>
    <tbody>
      ${v.result.rows.map(
        (r) =>
          html`<tr class="sla-${r.sla}" data-ticket="${r.id}" data-status="${r.status}">
            <th scope="row">
              <a href="${BASE}/tiket/${r.id}">${r.id}</a
              >${r.urgency === "urgent" ? html` <span class="badge urgent">${t.filter.urgent}</span>` : ""}
            </th>
            <td class="sla"><span class="dot" aria-hidden="true"></span>${slaText(t, r)}</td>
            <td data-label="${c.agency}">${v.agencyName(r.agency)}</td>
            <td data-label="${c.place}">
              ${[r.place, r.kelurahan, r.kecamatan].filter(Boolean).join(", ") || "—"}
            </td>
            <td class="text" data-label="${c.text}">
              ${r.text.length > 160 ? `${r.text.slice(0, 159)}…` : r.text}
            </td>
            <td class="status" data-label="${c.status}">
              ${t.status[r.status]}${r.assignee ? ` · ${r.assignee}` : ""}
            </td>
            <td data-label="${c.received}">${formatJakartaTime(r.received_at, t.lang)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** The queue's live part: counts and rows (swapped in place when a ticket changes). */
export function queueBody(t: DashboardStrings, v: QueueView): Raw {
  const qs = queueQueryString(v.filter);
  return html`<div id="live-region" data-live="queue">
    <div class="queue-head">
      <h1>${t.queue.title} <small>${t.queue.count(v.result.rows.length, v.result.total)}</small></h1>
      <p class="export">
        ${t.queue.export}: <a href="${BASE}/api/export.csv${qs}" download>CSV</a> ·
        <a href="${BASE}/api/export.json${qs}" download>JSON</a>
      </p>
    </div>
    ${v.periodError ? html`<p class="error" role="alert">${t.queue.badPeriod(v.periodError)}</p>` : ""}
    ${counts(t, v.result)} ${queueRows(t, v)}
  </div>`;
}

export function queuePage(t: DashboardStrings, chrome: Omit<PageChrome, "t">, v: QueueView): string {
  return page(
    t.queue.title,
    { ...chrome, t, nav: "queue", data: { live: "queue" } },
    html`${queueFilterForm(t, v)} ${queueBody(t, v)}
      <section id="panel" class="panel card" hidden aria-labelledby="panel-title">
        <h2 id="panel-title">${t.panel.title}</h2>
        <div
          class="panel-body"
          data-posts="${t.panel.posts}"
          data-people="${t.panel.people}"
          data-positive="${t.panel.positive}"
          data-neutral="${t.panel.neutral}"
          data-negative="${t.panel.negative}"
          data-campaigns="${t.panel.campaigns}"
          data-mood="${t.panel.mood}"
          data-names="${JSON.stringify(Object.fromEntries(v.agencies.map((a) => [a.value, a.label])))}"
        ></div>
      </section> `,
  );
}

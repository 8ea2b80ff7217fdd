import { DIGEST_EFFECT_TTL_S } from "../redis/keys.js";
import { cleanPersonName } from "../core/invisible-text.js";
import type { AppFile } from "../config/app-schema.js";
import { DeliverLaterError, GatedChatGateway } from "../dispatch/gated-chat-gateway.js";
import { agencyLabel, type PipelineSettings } from "../core/settings.js";
import { formatReportBlocks, type ReportBlocks } from "../core/reports/format-report.js";
import { withAgencyNames } from "../core/reports/report-view.js";
import { agencyHolding } from "../core/card-view.js";
import { buildReport, type TicketReport } from "../core/reports/ticket-report.js";
import type { HolidayCalendar } from "../core/sla/holiday-calendar.js";
import { SUPPORTED_TIMEZONES } from "../core/sla/sla-policy.js";
import { ChatApiError, type ChatGateway } from "../ports/chat-gateway.js";
import type { RateGate } from "../ports/rate-gate.js";
import { escapeHtml, TELEGRAM_MAX_TEXT } from "../core/render-card.js";
import { formatJakartaTime } from "../core/jakarta-time.js";
import type { Ticket } from "../core/ticket.js";
import type { TicketStore } from "../ports/ticket-store.js";
import { uiStrings, type Lang } from "../core/ui-strings.js";
import { estimatedCostUsd } from "../core/x-spend.js";
import { overdueTickets, type OverdueTicket } from "./escalation.js";
import { formatDuration } from "../core/durations.js";
import type { RenderResolutionChart, ResolutionChartRow } from "../ports/chart-renderer.js";
import type { SupervisionContext } from "../core/supervision-context.js";

/**
 * The supervisors' daily messages: the breach summary (every open ticket past a deadline, with
 * its owner) and the digest (yesterday's figures per agency, the overdue list, the X spend, a
 * missing holiday list, and a chart of resolution time per agency). Each message goes out once
 * per day (once per month for the X budget alert) through an effect key, so a retried or
 * doubled scheduler run never repeats it.
 *
 * These messages are sent directly through the shared rate gate rather than the Telegram outbox:
 * the chart is a PNG of tens of kilobytes that has no business sitting in a Redis job payload, and
 * the text must arrive before its chart, which two outbox jobs would not guarantee. A wait at the
 * gate or a Telegram 429 surfaces as `DeliverLaterError`, and the sla job is delayed and retried.
 */

const DAY = 86_400_000;
/** Tickets received this long before yesterday are read too, for resolutions made yesterday. */
export const DIGEST_LOOKBACK_DAYS = 35;
/** The chart covers this many days up to yesterday: one day holds too few resolutions to chart. */
export const CHART_DAYS = 7;
/** Overdue tickets listed by name; the rest are counted. */
const OVERDUE_LINES = 15;
/** Share of the X budget from which the digest warns (and one alert a month goes out). */
export const X_BUDGET_WARNING_SHARE = 0.8;
/** Open tickets read per run; a city with more open tickets than this has other problems. */
const OPEN_LIMIT = 10_000;

/** Text and photo to the supervisors' group, each at most once per effect key. */
export interface SupervisorChannel {
  sendText(chatId: number, html: string): Promise<void>;
  sendPhoto(chatId: number, png: Buffer, caption: string): Promise<void>;
}

export interface DailyDeps {
  store: Pick<
    TicketStore,
    "listReceivedBetween" | "listOpen" | "claimEffect" | "completeEffect" | "releaseEffect"
  >;
  sla: SupervisionContext;
  settings: PipelineSettings;
  channel: SupervisorChannel;
  now(): number;
  /** Re-plans one open ticket's SLA jobs (repairs a plan lost to a failure at transition time). */
  replan?(ticket: Ticket): Promise<void>;
  effectLeaseMs?: number;
}

export interface DigestDeps extends DailyDeps {
  holidays: Pick<HolidayCalendar, "missingYears">;
  usage: { month(atMs: number): Promise<{ month: string; reads: number; posts: number }> };
  xCost: AppFile["x"]["cost"];
  renderChart: RenderResolutionChart;
  /** Lines about campaigns and mood for the day `YYYY-MM-DD` (plain text); none when absent. */
  pulse?: (date: string) => Promise<string[]>;
}

export type Delivery = "sent" | "already_sent";

export interface BreachSummaryOutcome {
  sent: Delivery | "no_chat";
  overdue: number;
  replanned: number;
}

export interface DigestOutcome {
  /** The local date the figures are about (yesterday), `YYYY-MM-DD`. */
  date: string;
  text: Delivery | "no_chat";
  chart: Delivery | "no_data" | "no_chat";
  budgetAlert: Delivery | "below";
  overdue: number;
  xPercent: number;
  replanned: number;
}

/** The daily list of open breaches, with owners, to the supervisors' group. */
export async function sendBreachSummary(deps: DailyDeps): Promise<BreachSummaryOutcome> {
  const now = deps.now();
  const open = await deps.store.listOpen({ limit: OPEN_LIMIT });
  const replanned = await replanAll(deps, open);
  const overdue = overdueTickets(open, deps.sla, new Date(now));
  const chatId = deps.settings.supervisorsChatId;
  if (chatId === undefined) return { sent: "no_chat", overdue: overdue.length, replanned };
  const lang = deps.settings.language;
  const t = uiStrings(lang).sla;
  const at = formatJakartaTime(new Date(now).toISOString(), lang);
  const html =
    overdue.length === 0
      ? escapeHtml(t.summaryNone(at))
      : [`<b>${escapeHtml(t.summaryHeader(overdue.length, at))}</b>`, ...overdueLines(deps, overdue)].join(
          "\n",
        );
  const sent = await once(deps, `breach-summary:${localDate(now, deps)}`, () =>
    deps.channel.sendText(chatId, html),
  );
  return { sent, overdue: overdue.length, replanned };
}

/** The digest's content, before it is sent: the text, the chart (or why there is none), the figures. */
export interface ComposedDigest {
  /** The local date the figures are about (yesterday), `YYYY-MM-DD`. */
  date: string;
  html: string;
  chart: { png: Buffer; caption: string } | { noData: string };
  overdue: number;
  xPercent: number;
  /** The X budget alert's text, when the month's spend is past the warning share. */
  budgetAlert: { month: string; html: string } | null;
  replanned: number;
}

/**
 * Yesterday's figures (local time) per agency as narrow blocks, the overdue list, the X spend, a
 * missing holiday list, and the chart of the last {@link CHART_DAYS} days. Sends nothing: the
 * daily job sends it once a day, `/digest` whenever a supervisor asks.
 */
export async function composeDigest(
  deps: Omit<DigestDeps, "channel" | "store"> & {
    store: Pick<TicketStore, "listReceivedBetween" | "listOpen">;
  },
): Promise<ComposedDigest> {
  const now = deps.now();
  const lang = deps.settings.language;
  const ui = uiStrings(lang);
  const t = ui.sla;
  const today = localDayStart(now, deps);
  const yesterday = today - DAY;
  const date = localDate(yesterday, deps);

  const [recent, open, usage, pulse] = await Promise.all([
    deps.store.listReceivedBetween(
      new Date(yesterday - DIGEST_LOOKBACK_DAYS * DAY).toISOString(),
      new Date(today).toISOString(),
    ),
    deps.store.listOpen({ limit: OPEN_LIMIT }),
    deps.usage.month(now),
    deps.pulse ? deps.pulse(date) : Promise.resolve([]),
  ]);
  const replanned = deps.replan ? await replanAll({ ...deps, replan: deps.replan }, open) : 0;
  const tickets = uniqueById([...recent, ...open]);
  const report = (from: number) =>
    buildReport(tickets, {
      from: new Date(from),
      to: new Date(today),
      cut: "agency",
      now: new Date(now),
      calendars: deps.sla.calendars,
      targetsFor: deps.sla.targetsFor,
      ownerOf: (ticket) => agencyHolding(ticket, deps.settings),
      slowest: 0,
    });
  const daily = withAgencyNames(report(yesterday), (id) => deps.settings.agencies.get(id)?.short_name);
  const overdue = overdueTickets(open, deps.sla, new Date(now));

  const cost = estimatedCostUsd(usage, deps.xCost);
  const budget = deps.xCost.monthly_budget_usd;
  const xPercent = Math.round((cost / budget) * 100);
  const overBudgetShare = cost >= budget * X_BUDGET_WARNING_SHARE;
  const year = Number(date.slice(0, 4));
  const missing = deps.holidays.missingYears([year, year + 1]);

  const lines = [
    `<b>${escapeHtml(t.digestTitle(dayLabel(yesterday, deps, lang)))}</b>`,
    // The title names the day already: the blocks without their period line.
    reportBlocksHtml(withoutPeriod(formatReportBlocks(daily, lang, { slowest: 0 }))),
    "",
    `<b>${escapeHtml(overdue.length === 0 ? t.digestNoOverdue : t.digestOverdue(overdue.length))}</b>`,
    ...overdueLines(deps, overdue),
    "",
    escapeHtml(t.xSpend(usage.month, usage.reads, usage.posts, cost, budget, xPercent)),
    ...(overBudgetShare ? [escapeHtml(t.xWarning(xPercent))] : []),
    ...(missing.length > 0 ? [escapeHtml(t.missingHolidays(missing.join(", ")))] : []),
    ...(pulse.length > 0 ? ["", ...pulse.map(escapeHtml)] : []),
  ];

  const range = rangeLabel(today - CHART_DAYS * DAY, yesterday, deps, lang);
  const rows = chartRows(report(today - CHART_DAYS * DAY), deps);
  const chart: ComposedDigest["chart"] =
    rows.length > 0
      ? {
          png: await deps.renderChart(rows, {
            title: t.chart.title,
            subtitle: t.chart.subtitle(range),
            hours: t.chart.hours,
            agency: t.chart.agency,
            p50: t.chart.p50,
            p90: t.chart.p90,
            target: t.chart.target,
          }),
          caption: escapeHtml(t.chart.caption(range)),
        }
      : { noData: escapeHtml(t.chart.noData(range)) };
  return {
    date,
    html: lines.join("\n"),
    chart,
    overdue: overdue.length,
    xPercent,
    budgetAlert: overBudgetShare
      ? {
          month: usage.month,
          html: `<b>${escapeHtml(t.xBudgetAlert(usage.month, cost, budget, xPercent))}</b>`,
        }
      : null,
    replanned,
  };
}

/** The daily digest about yesterday (local time), then its chart, then the X budget alert if due. */
export async function sendDigest(deps: DigestDeps): Promise<DigestOutcome> {
  const d = await composeDigest(deps);
  const { date, overdue, xPercent, replanned } = d;
  const chatId = deps.settings.supervisorsChatId;
  if (chatId === undefined) {
    return { date, text: "no_chat", chart: "no_chat", budgetAlert: "below", overdue, xPercent, replanned };
  }
  let text: Delivery = "already_sent";
  for (const [i, part] of splitMessage(d.html).entries()) {
    const sent = await once(deps, `digest:${date}:text${i === 0 ? "" : `:${i}`}`, () =>
      deps.channel.sendText(chatId, part),
    );
    if (sent === "sent") text = "sent";
  }
  const drawn = d.chart;
  let chart: DigestOutcome["chart"] = "no_data";
  if ("png" in drawn) {
    chart = await once(deps, `digest:${date}:chart`, () =>
      deps.channel.sendPhoto(chatId, drawn.png, drawn.caption),
    );
  } else {
    await once(deps, `digest:${date}:chart`, () => deps.channel.sendText(chatId, drawn.noData));
  }
  const alert = d.budgetAlert;
  const budgetAlert = alert
    ? await once(deps, `x-budget-alert:${alert.month}`, () => deps.channel.sendText(chatId, alert.html))
    : "below";
  return { date, text, chart, budgetAlert, overdue, xPercent, replanned };
}

function withoutPeriod(r: ReportBlocks): ReportBlocks {
  return { ...r, intro: r.intro.slice(1) };
}

/**
 * `html` as messages Telegram accepts (at most {@link TELEGRAM_MAX_TEXT} characters each), cut
 * only between blocks (at a blank line), so a city with many agencies gets two messages instead
 * of a refused one. Tags never span a blank line here: each block is closed in itself.
 */
export function splitMessage(html: string, limit = TELEGRAM_MAX_TEXT - 96): string[] {
  const parts: string[] = [];
  for (const block of html.split("\n\n")) {
    const last = parts.at(-1);
    if (last !== undefined && last.length + 2 + block.length <= limit)
      parts[parts.length - 1] = `${last}\n\n${block}`;
    else parts.push(block);
  }
  return parts;
}

/** Report blocks as Telegram HTML: titles in bold, a blank line between blocks. */
export function reportBlocksHtml(r: ReportBlocks): string {
  return [
    r.intro.map(escapeHtml).join("\n"),
    ...r.blocks.map((b) => [`<b>${escapeHtml(b.title)}</b>`, ...b.lines.map(escapeHtml)].join("\n")),
  ].join("\n\n");
}

/** Per agency with resolutions in the report: p50 and p90 in working hours, slowest p90 first. */
export function chartRows(
  report: TicketReport,
  deps: Pick<DigestDeps, "sla" | "settings">,
): ResolutionChartRow[] {
  const HOUR = 3_600_000;
  return report.groups
    .filter((g) => g.resolution.working.count > 0)
    .map((g) => ({
      agency: agencyLabel(deps.settings, g.key),
      p50_hours: (g.resolution.working.median_ms ?? 0) / HOUR,
      p90_hours: (g.resolution.working.p90_ms ?? 0) / HOUR,
      target_hours: deps.sla.targetsFor({ agency: g.key, urgency: "normal" }).resolution_hours,
      count: g.resolution.working.count,
    }))
    .sort((a, b) => b.p90_hours - a.p90_hours || a.agency.localeCompare(b.agency));
}

function overdueLines(deps: Pick<DailyDeps, "settings">, overdue: readonly OverdueTicket[]): string[] {
  const lang = deps.settings.language;
  const t = uiStrings(lang).sla;
  const lines = overdue.slice(0, OVERDUE_LINES).map(({ ticket, clock, overdue_ms }) => {
    const kind = clock.kind === "first_response" ? "first_response" : "resolution";
    const text = t.overdueLine(
      ticket.id,
      agencyLabel(deps.settings, ticket.agency),
      ticket.assignee ? cleanPersonName(ticket.assignee.name, "?") : null,
      formatDuration(overdue_ms, lang),
      t.clock[kind],
    );
    return `<a href="${escapeHtml(ticket.tweet.url)}">${escapeHtml(ticket.id)}</a>${escapeHtml(text.slice(ticket.id.length))}`;
  });
  if (overdue.length > OVERDUE_LINES) lines.push(escapeHtml(t.more(overdue.length - OVERDUE_LINES)));
  return lines;
}

async function replanAll(deps: Pick<DailyDeps, "replan">, open: readonly Ticket[]): Promise<number> {
  if (!deps.replan) return 0;
  for (const ticket of open) await deps.replan(ticket);
  return open.length;
}

/**
 * Does `send` at most once for `key`. A failure that surely sent nothing (a wait, a 4xx) gives
 * the claim back for the retry; a doubtful one keeps it until the lease runs out.
 */
async function once(deps: DailyDeps, key: string, send: () => Promise<void>): Promise<Delivery> {
  const lease = deps.effectLeaseMs ?? 60_000;
  const claim = await deps.store.claimEffect(key, lease);
  if (claim === "done") return "already_sent";
  if (claim === "in_progress") throw new DeliverLaterError(lease, `${key} is being sent by another worker`);
  try {
    await send();
  } catch (err) {
    if (err instanceof DeliverLaterError || (err instanceof ChatApiError && err.status < 500)) {
      await deps.store.releaseEffect(key);
    }
    throw err;
  }
  await deps.store.completeEffect(key, "sent", DIGEST_EFFECT_TTL_S);
  return "sent";
}

function uniqueById(tickets: readonly Ticket[]): Ticket[] {
  return [...new Map(tickets.map((t) => [t.id, t])).values()];
}

function offsetMinutes(deps: Pick<DailyDeps, "sla">): number {
  return SUPPORTED_TIMEZONES[deps.sla.policy.timezone];
}

/** Local midnight (as a UTC instant) of the day containing `ms`. */
function localDayStart(ms: number, deps: Pick<DailyDeps, "sla">): number {
  const off = offsetMinutes(deps) * 60_000;
  return Math.floor((ms + off) / DAY) * DAY - off;
}

function localDate(ms: number, deps: Pick<DailyDeps, "sla">): string {
  return new Date(ms + offsetMinutes(deps) * 60_000).toISOString().slice(0, 10);
}

function dayLabel(ms: number, deps: Pick<DailyDeps, "sla">, lang: Lang): string {
  const d = new Date(ms + offsetMinutes(deps) * 60_000);
  return `${d.getUTCDate()} ${uiStrings(lang).months[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

function rangeLabel(from: number, lastDay: number, deps: Pick<DailyDeps, "sla">, lang: Lang): string {
  return `${dayLabel(from, deps, lang)} – ${dayLabel(lastDay, deps, lang)}`;
}

/** Sends through the shared rate gate; a wait or a Telegram 429 becomes `DeliverLaterError`. */
export function gatedSupervisorChannel(
  chat: ChatGateway,
  gate: RateGate,
  now: () => number,
): SupervisorChannel {
  const gated = new GatedChatGateway(chat, { gate, now, onWait: "defer", priority: "bulk" });
  return {
    sendText: async (chatId, html) => {
      await gated.sendMessage(chatId, html);
    },
    sendPhoto: async (chatId, png, caption) => {
      await gated.sendPhoto(chatId, png, caption);
    },
  };
}

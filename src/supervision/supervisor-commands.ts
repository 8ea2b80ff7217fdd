import { agencyForChat } from "../core/settings.js";
import { formatReportBlocks, formatReportCsv, periodLabel } from "../core/reports/format-report.js";
import { agencyHolding } from "../core/card-view.js";
import { reportBlocksHtml, splitMessage } from "./digest.js";
import { buildReport, type ReportCut, type TicketReport } from "../core/reports/ticket-report.js";
import { slaStatus } from "../core/sla/sla-clock.js";
import { SUPPORTED_TIMEZONES } from "../core/sla/sla-policy.js";
import { formatAge } from "../core/durations.js";
import { cleanPersonName } from "../core/invisible-text.js";
import { isPresent } from "../staff/membership.js";
import {
  agencyLabel,
  ui,
  type ChatCommands,
  type StaffDeps,
  type StaffMessage,
} from "../staff/staff-deps.js";
import { ChatApiError } from "../ports/chat-gateway.js";
import { DeliverLaterError } from "../dispatch/gated-chat-gateway.js";
import { OPEN_STATUSES } from "../core/lifecycle.js";
import { escapeHtml } from "../core/render-card.js";
import type { Ticket, TicketStatus } from "../core/ticket.js";
import { uiStrings } from "../core/ui-strings.js";
import { parseReportPeriod, PERIOD_FORMS, type ReportPeriod } from "../core/reports/report-period.js";
import { loadReportTickets } from "./report-tickets.js";
import type { SupervisionContext } from "../core/supervision-context.js";
import { withAgencyNames } from "../core/reports/report-view.js";
import { encodeCallbackData } from "../core/callback-data.js";
import {
  effectArg,
  isPerTweet,
  PARKED_LINES,
  parkedLine,
  parkingStrings,
  type ParkedEffect,
} from "../core/parking.js";

/**
 * The supervisors' commands, for the supervisors' group (every agency's figures) and for each
 * agency's group (its own figures only):
 *
 * - `/statistik [periode]` (default `hari ini`): the report in words, one narrow block per agency
 *   (every agency's in the supervisors' group), readable on a phone;
 * - `/terlambat`: open tickets with an SLA clock past its deadline, oldest first, with owner,
 *   assignee and age, at most {@link OVERDUE_LINES} lines;
 * - `/laporan [periode]` (default `bulan ini`): the same report as a CSV document
 *   `aduan-<first day>-<last day>.csv`, headers in the deployment's language;
 * - `/digest`: the daily digest (yesterday's figures, the overdue list, the X spend, the chart)
 *   now, in the chat it is asked in, without waiting for the morning.
 *
 * Who may ask: a member of the group it is asked in (or a supervisor there); in a private chat,
 * a member of the supervisors' group. Anywhere else the bot declines politely.
 */

export const SUPERVISOR_COMMANDS = ["statistik", "terlambat", "laporan", "macet", "digest"] as const;
export type SupervisorCommand = (typeof SUPERVISOR_COMMANDS)[number];

export function isSupervisorCommand(name: string): name is SupervisorCommand {
  return (SUPERVISOR_COMMANDS as readonly string[]).includes(name);
}

/** The supervisors' commands as the bot's composition hands them to the staff handlers. */
export const supervisorCommands: ChatCommands = {
  names: SUPERVISOR_COMMANDS,
  run: (deps, msg, name, args) =>
    isSupervisorCommand(name) ? runSupervisorCommand(deps, msg, name, args) : Promise.resolve("command"),
};

/** `/terlambat` lists at most this many tickets; the count above says how many there are. */
export const OVERDUE_LINES = 30;

/** Whose figures a command shows: every agency's, or one agency's. */
export type ReportScope = { kind: "all" } | { kind: "agency"; agency: string };

export type SupervisorOutcome = "command" | "not_member";

const DEFAULT_PERIOD: Record<Exclude<SupervisorCommand, "terlambat" | "macet" | "digest">, string> = {
  statistik: "hari ini",
  laporan: "bulan ini",
};

/** Runs one of the supervisors' commands; `args` is the text after the command. */
export async function runSupervisorCommand(
  deps: StaffDeps,
  msg: StaffMessage,
  name: SupervisorCommand,
  args: string,
): Promise<SupervisorOutcome> {
  const t = ui(deps).supervisor;
  const scope = await scopeOf(deps, msg);
  if (scope === "not_here" || scope === "not_member") {
    deps.log.warn({ user: msg.user.id, chat: msg.chatId, command: name }, `refused /${name}: ${scope}`);
    await say(deps, msg, escapeHtml(scope === "not_here" ? t.notHere : ui(deps).answer.notMember));
    return "not_member";
  }
  if (name === "macet") {
    // Every agency's parked effects: the supervisors' group or a supervisor's private chat only.
    if (scope.kind !== "all") {
      await say(deps, msg, escapeHtml(ui(deps).answer.notMember));
      return "not_member";
    }
    await showParked(deps, msg);
    return "command";
  }
  const sup = deps.supervision;
  if (!sup) {
    await say(deps, msg, escapeHtml(t.unavailable));
    return "command";
  }
  const now = new Date(deps.now());
  if (name === "terlambat") {
    await say(deps, msg, await overdueText(deps, sup, scope, now));
    return "command";
  }
  if (name === "digest") {
    await sendDigestNow(deps, msg, scope);
    return "command";
  }
  const offset = SUPPORTED_TIMEZONES[sup.policy.timezone];
  const asked = args.trim() || DEFAULT_PERIOD[name];
  const parsed = parseReportPeriod(asked, now, { utcOffsetMinutes: offset });
  if (!parsed.ok) {
    await say(deps, msg, escapeHtml(t.badPeriod(parsed.code, parsed.input, PERIOD_FORMS.join(", "))));
    return "command";
  }
  const period = parsed.period;
  const scopeName = scope.kind === "all" ? t.allAgencies : agencyLabel(deps.settings, scope.agency);
  const shortName = (id: string) => deps.settings.agencies.get(id)?.short_name;
  if (name === "statistik") {
    const report = withAgencyNames(await scopedReport(deps, sup, scope, period, now, "agency"), shortName);
    const blocks = formatReportBlocks(report, deps.settings.language, { utcOffsetMinutes: offset });
    // Thirteen agencies with every figure may pass Telegram's 4096 characters: cut between blocks.
    for (const part of splitMessage(
      `<b>${escapeHtml(t.title(scopeName))}</b>\n${reportBlocksHtml(blocks)}`,
    )) {
      await say(deps, msg, part);
    }
    return "command";
  }
  // Short names as everywhere people read them; headers in the deployment's language.
  const report = withAgencyNames(await scopedReport(deps, sup, scope, period, now, "agency"), shortName);
  const csv = formatReportCsv(report, deps.settings.language);
  const caption = t.reportCaption(periodLabel(report, offset), scopeName);
  try {
    await deps.chat.sendDocument(
      msg.chatId,
      reportFileName(period),
      Buffer.from(csv, "utf8"),
      escapeHtml(caption),
    );
  } catch (err) {
    // Refused by Telegram, or no slot in the rate gate within the interactive wait.
    if (!(err instanceof ChatApiError || err instanceof DeliverLaterError)) throw err;
    deps.log.error({ err: err.message, chat: msg.chatId }, "sending the CSV report failed");
    await say(deps, msg, escapeHtml(uiStrings(deps.settings.language).staff.failed));
  }
  return "command";
}

/** `aduan-2026-11-01-2026-11-30.csv`: the first and the last day the report covers. */
export function reportFileName(period: Pick<ReportPeriod, "firstDay" | "lastDay">): string {
  return `aduan-${period.firstDay}-${period.lastDay}.csv`;
}

/**
 * Whose figures this chat may see, or why not. The supervisors' group and a supervisor's
 * private chat see everything; an agency group sees its own agency, asked by one of its members
 * or a supervisor.
 */
async function scopeOf(deps: StaffDeps, msg: StaffMessage): Promise<ReportScope | "not_here" | "not_member"> {
  const s = deps.settings;
  const isMember = async (chatId: number | undefined) =>
    chatId !== undefined && isPresent(await deps.membership.status(chatId, msg.user.id));
  if (msg.chatType === "private") {
    return (await isMember(s.supervisorsChatId)) ? { kind: "all" } : "not_member";
  }
  if (msg.chatId === s.supervisorsChatId) {
    return (await isMember(msg.chatId)) ? { kind: "all" } : "not_member";
  }
  const agency = agencyForChat(s, msg.chatId);
  if (agency === undefined) return "not_here";
  if ((await isMember(msg.chatId)) || (await isMember(s.supervisorsChatId)))
    return { kind: "agency", agency };
  return "not_member";
}

async function scopedReport(
  deps: StaffDeps,
  sup: SupervisionContext,
  scope: ReportScope,
  period: ReportPeriod,
  now: Date,
  cut: ReportCut,
): Promise<TicketReport> {
  // A ticket held in moderation (or triage) counts for that group, not for the agency triage guessed.
  const ownerOf = (ticket: Ticket) => agencyHolding(ticket, deps.settings);
  const tickets = await loadReportTickets(deps.store, period.from, period.to, {
    ...(scope.kind === "agency" ? { agency: scope.agency } : {}),
    ownerOf,
  });
  return buildReport(tickets, {
    from: period.from,
    to: period.to,
    cut,
    now,
    calendars: sup.calendars,
    targetsFor: sup.targetsFor,
    ownerOf,
  });
}

/** The `/terlambat` message: overdue open tickets, oldest first. */
async function overdueText(
  deps: StaffDeps,
  sup: SupervisionContext,
  scope: ReportScope,
  now: Date,
): Promise<string> {
  const t = ui(deps);
  const lang = deps.settings.language;
  // A `new` ticket waits in the triage group: it is not yet the agency's to be late with.
  const statuses: readonly TicketStatus[] =
    scope.kind === "agency" ? OPEN_STATUSES.filter((st) => st !== "new") : OPEN_STATUSES;
  const open = await deps.store.listOpen({
    statuses,
    limit: 1_000_000,
    ...(scope.kind === "agency" ? { agency: scope.agency } : {}),
  });
  const overdue = open
    .map((ticket) => ({ ticket, late: lateClock(ticket, sup, now) }))
    .filter((x): x is { ticket: Ticket; late: "first_response" | "resolution" } => x.late !== null);
  if (overdue.length === 0) return escapeHtml(t.supervisor.overdueNone);
  const lines = overdue.slice(0, OVERDUE_LINES).map(({ ticket, late }) => {
    const parts = [
      agencyLabel(deps.settings, agencyHolding(ticket, deps.settings)),
      ticket.assignee ? cleanPersonName(ticket.assignee.name, "?") : t.supervisor.unassigned,
      formatAge(now.getTime() - Date.parse(ticket.received_at), lang),
      late === "first_response" ? t.supervisor.overdueFirstResponse : t.supervisor.overdueResolution,
    ];
    return `<b>${escapeHtml(ticket.id)}</b> · ${parts.map(escapeHtml).join(" · ")}`;
  });
  const more = overdue.length - OVERDUE_LINES;
  return [
    escapeHtml(t.supervisor.overdueHeader(overdue.length)),
    ...lines,
    ...(more > 0 ? [escapeHtml(t.supervisor.overdueMore(more))] : []),
  ].join("\n");
}

/** The running clock of `ticket` that is past its deadline, if any (first response first). */
function lateClock(
  ticket: Ticket,
  sup: SupervisionContext,
  now: Date,
): "first_response" | "resolution" | null {
  const { targets, calendar } = sup.slaOf(ticket);
  const status = slaStatus(ticket, targets, calendar, now);
  const late = status.running.filter((c) => c.outcome === "breached");
  if (late.length === 0) return null;
  return late.some((c) => c.kind === "first_response") ? "first_response" : "resolution";
}

/** The answer to a command, ahead of cards in the queue and the rate gate: someone is waiting for it. */
async function say(
  deps: StaffDeps,
  msg: StaffMessage,
  html: string,
  keyboard?: { text: string; data: string }[][],
): Promise<void> {
  await deps.effects.telegram({
    kind: "text",
    chatId: msg.chatId,
    html,
    replyToMessageId: msg.messageId,
    priority: "interactive",
    ...(keyboard && keyboard.length > 0 ? { keyboard } : {}),
  });
}

/**
 * `/macet`: parked effects, newest first, at most {@link PARKED_LINES} (the rest counted), each
 * with "Coba lagi" and, for a cause that belongs to the tweet itself, "Abaikan". The buttons are
 * signed for this chat and pass the same membership check as a card's.
 */
async function showParked(deps: StaffDeps, msg: StaffMessage): Promise<void> {
  const lang = deps.settings.language;
  const t = parkingStrings(lang);
  const items = (await deps.parking?.list()) ?? [];
  if (items.length === 0) {
    await say(deps, msg, escapeHtml(t.listNone));
    return;
  }
  const shown = items.slice(0, PARKED_LINES);
  const lines = shown.map(
    (item, i) => `${i + 1}. ${escapeHtml(parkedLine(item, lang, (id) => agencyLabel(deps.settings, id)))}`,
  );
  const more = items.length - shown.length;
  const sign = (action: "redrive" | "dismiss", item: ParkedEffect) =>
    encodeCallbackData(
      { action, ticketId: item.ticketId, arg: effectArg(item.effect) },
      msg.chatId,
      deps.secret,
    );
  const keyboard = shown.map((item, i) => [
    { text: `${i + 1}. ${t.redrive}`, data: sign("redrive", item) },
    ...(isPerTweet(item.code) && item.effect !== "card"
      ? [{ text: `${i + 1}. ${t.dismiss}`, data: sign("dismiss", item) }]
      : []),
  ]);
  await say(
    deps,
    msg,
    [escapeHtml(t.listHeader(items.length)), ...lines, ...(more > 0 ? [escapeHtml(t.more(more))] : [])].join(
      "\n",
    ),
    keyboard,
  );
}

/**
 * `/digest`: the daily digest, composed now and sent to this chat. Every agency's figures, so the
 * supervisors' group and supervisors' private chats only; an agency group has `/statistik`.
 */
async function sendDigestNow(deps: StaffDeps, msg: StaffMessage, scope: ReportScope): Promise<void> {
  const t = ui(deps).supervisor;
  if (scope.kind !== "all") {
    await say(deps, msg, escapeHtml(t.digestSupervisorsOnly));
    return;
  }
  if (!deps.digestNow) {
    await say(deps, msg, escapeHtml(t.digestUnavailable));
    return;
  }
  const digest = await deps.digestNow();
  // Sent here, in order (the text before its chart), like /laporan's document: the outbox queue
  // would not keep a text and a direct photo in order, and a PNG does not belong in a job payload.
  try {
    for (const [i, part] of splitMessage(digest.html).entries()) {
      await deps.chat.sendMessage(msg.chatId, part, {
        priority: "interactive",
        ...(i === 0 ? { replyToMessageId: msg.messageId } : {}),
      });
    }
    if (digest.chart) await deps.chat.sendPhoto(msg.chatId, digest.chart.png, digest.chart.caption);
    else if (digest.noChart)
      await deps.chat.sendMessage(msg.chatId, digest.noChart, { priority: "interactive" });
  } catch (err) {
    if (!(err instanceof ChatApiError)) throw err;
    deps.log.error({ err: err.message, chat: msg.chatId }, "sending the digest failed");
    await say(deps, msg, escapeHtml(uiStrings(deps.settings.language).staff.failed));
  }
}

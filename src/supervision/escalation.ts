import { RetryLaterError } from "../errors.js";
import { chatForTicket, standsInForIn } from "../core/card-view.js";
import { agencyLabel, type PipelineSettings } from "../core/settings.js";
import type { TelegramJob } from "../ports/effects.js";
import { cleanPersonName } from "../core/invisible-text.js";
import {
  slaJobPlan,
  slaStatus,
  type SlaClock,
  type SlaClockKind,
  type SlaJob,
  type SlaJobKind,
} from "../core/sla/sla-clock.js";
import { escapeHtml } from "../core/render-card.js";
import { formatJakartaTime } from "../core/jakarta-time.js";
import type { Ticket } from "../core/ticket.js";
import type { TicketStore } from "../ports/ticket-store.js";
import { uiStrings, type Lang, type UiStrings } from "../core/ui-strings.js";
import { formatDuration, formatHours } from "../core/durations.js";
import type { SupervisionContext } from "../core/supervision-context.js";

/**
 * SLA escalation: after every ticket change its reminder and breach checks are (re)planned as
 * delayed jobs; when one fires, the ticket is read again and its clocks recomputed, because the
 * job only says when to look, not what to say (the ticket may have been resolved, reassigned or
 * reopened since). Each message is sent at most once per (ticket, kind, clock) through an effect
 * key, so a restart, a retried job or a re-plan never repeats it.
 */

/** Where SLA check jobs live; the BullMQ adapter is `BullSlaJobQueue`. */
export interface SlaJobQueue {
  /**
   * Makes sure a check runs `delayMs` from now under `job.jobId`: added if absent, moved if it is
   * still waiting for another instant (the targets changed with a reassignment), left alone if it
   * already ran.
   */
  schedule(job: SlaJob, delayMs: number): Promise<"added" | "moved" | "kept">;
  /** Removes a pending check; a missing or finished one is fine. */
  cancel(jobId: string): Promise<boolean>;
}

export interface PlanDeps {
  queue: SlaJobQueue;
  sla: Pick<SupervisionContext, "slaOf">;
  now(): number;
}

export interface PlanOutcome {
  scheduled: { jobId: string; at: Date; result: "added" | "moved" | "kept" }[];
  cancelled: string[];
}

/** Plans one ticket's SLA checks at `now`: `slaJobPlan` applied to the queue. */
export async function planSlaJobs(deps: PlanDeps, ticket: Ticket): Promise<PlanOutcome> {
  const now = deps.now();
  const { targets, calendar } = deps.sla.slaOf(ticket);
  const plan = slaJobPlan(ticket, targets, calendar, new Date(now));
  const scheduled: PlanOutcome["scheduled"] = [];
  for (const job of plan.schedule) {
    const result = await deps.queue.schedule(job, Math.max(0, job.at.getTime() - now));
    scheduled.push({ jobId: job.jobId, at: job.at, result });
  }
  const cancelled: string[] = [];
  for (const id of plan.cancel) if (await deps.queue.cancel(id)) cancelled.push(id);
  return { scheduled, cancelled };
}

export interface SlaCheck {
  ticketId: string;
  kind: SlaJobKind;
  clock: number;
}

export interface EscalationDeps {
  store: Pick<TicketStore, "get" | "claimEffect" | "completeEffect" | "releaseEffect">;
  sla: Pick<SupervisionContext, "slaOf">;
  settings: PipelineSettings;
  /** Adds a message to the Telegram outbox under `jobId` (a second add with the same id is a no-op). */
  enqueueTelegram(job: TelegramJob, jobId: string): Promise<void>;
  now(): number;
  /** How long a claimed effect is presumed in flight before a retry may send again. Default 30 s. */
  effectLeaseMs?: number;
}

export type SlaCheckOutcome =
  | { outcome: "sent"; effectKey: string; chatId: number }
  /** Fired before its instant (the targets changed since it was planned): run again at `at`. */
  | { outcome: "early"; at: Date }
  | {
      outcome: "skipped";
      reason: "no_ticket" | "no_clock" | "stopped" | "past_due" | "already_sent" | "no_chat";
    };

/** The effect key of one escalation message: one per ticket, kind and clock, ever. */
export function slaEffectKey(check: SlaCheck): string {
  return `sla:${check.ticketId}:${check.kind}:${check.clock}`;
}

/** The outbox job id of that message (BullMQ ids may not contain `:`). */
export function slaMessageJobId(check: SlaCheck): string {
  return `sla-${check.ticketId}-${check.kind}-${check.clock}`;
}

function clockOf(ticket: Ticket, check: SlaCheck, deps: EscalationDeps, now: Date): SlaClock | undefined {
  const { targets, calendar } = deps.sla.slaOf(ticket);
  const status = slaStatus(ticket, targets, calendar, now);
  if (check.kind.endsWith("first-response")) return check.clock === 1 ? status.first_response : undefined;
  return status.resolution_clocks.find((c) => c.n === check.clock);
}

/**
 * Runs one fired check: re-reads the ticket, recomputes the clock, and sends the reminder (to the
 * owning agency's group, as a reply to its card) or the breach alert (to the supervisors' group)
 * if it is still due. Never sends the same (ticket, kind, clock) twice.
 */
export async function runSlaCheck(deps: EscalationDeps, check: SlaCheck): Promise<SlaCheckOutcome> {
  const now = new Date(deps.now());
  const ticket = await deps.store.get(check.ticketId);
  if (!ticket) return { outcome: "skipped", reason: "no_ticket" };
  const clock = clockOf(ticket, check, deps, now);
  if (!clock) return { outcome: "skipped", reason: "no_clock" };
  if (clock.stopped_at !== null) return { outcome: "skipped", reason: "stopped" };
  const reminder = check.kind.startsWith("remind");
  const at = reminder ? clock.remind_at : clock.due_at;
  if (now < at) return { outcome: "early", at };
  // A reminder after the deadline would only contradict the breach alert.
  if (reminder && now >= clock.due_at) return { outcome: "skipped", reason: "past_due" };

  const message = reminder ? reminderMessage(deps, ticket, clock) : breachMessage(deps, ticket, clock, now);
  if (!message) return { outcome: "skipped", reason: "no_chat" };

  const key = slaEffectKey(check);
  const claim = await deps.store.claimEffect(key, deps.effectLeaseMs ?? 30_000);
  if (claim === "done") return { outcome: "skipped", reason: "already_sent" };
  // Held by another worker: look again in a few seconds, without spending an attempt.
  if (claim === "in_progress") {
    throw new RetryLaterError(
      "telegram",
      "SLA_MESSAGE_BUSY",
      `${key} is being sent by another worker`,
      5_000,
    );
  }
  try {
    // The outbox job id is derived from the key: a retry after a crash here adds nothing new.
    await deps.enqueueTelegram(message, slaMessageJobId(check));
  } catch (err) {
    await deps.store.releaseEffect(key);
    throw err;
  }
  await deps.store.completeEffect(key, String(message.chatId));
  return { outcome: "sent", effectKey: key, chatId: message.chatId };
}

type TextJob = Extract<TelegramJob, { kind: "text" }>;

const CLOCK_KIND: Record<SlaClockKind, "first_response" | "resolution"> = {
  first_response: "first_response",
  resolution: "resolution",
};

function reminderMessage(deps: EscalationDeps, ticket: Ticket, clock: SlaClock): TextJob | null {
  // The group that holds the card: the owner's, or the triage/moderation group while still `new`,
  // or the triage group while the card stands in there for an owner's group that is unreachable.
  const tg = ticket.telegram;
  const standIn = tg && standsInForIn(ticket, tg.chat_id) !== undefined ? tg.chat_id : undefined;
  const chatId = standIn ?? chatForTicket(ticket, deps.settings);
  if (chatId === undefined) return null;
  const t = uiStrings(deps.settings.language).sla;
  const kind = CLOCK_KIND[clock.kind];
  // Time left on the ticket's own clock: on office hours, a night does not count.
  const left = formatDuration(clock.remaining_ms, deps.settings.language);
  const due = formatJakartaTime(clock.due_at.toISOString(), deps.settings.language);
  const lines = [
    `${escapeHtml(t.reminder(ticket.id, t.clock[kind], left, due))} ${escapeHtml(t.reminderAsk[kind])}`,
  ];
  // Reply to the card when it is in this group (it may still be in the previous owner's group).
  const card = ticket.telegram?.chat_id === chatId ? ticket.telegram : undefined;
  if (card) {
    const link = messageLink(card.chat_id, card.message_id);
    if (link) lines.push(`<a href="${escapeHtml(link)}">${escapeHtml(t.card)}</a>`);
  }
  lines.push(
    `<a href="${escapeHtml(ticket.tweet.url)}">${escapeHtml(uiStrings(deps.settings.language).card.link)}</a>`,
  );
  return {
    kind: "text",
    chatId,
    html: lines.join("\n"),
    ...(card ? { replyToMessageId: card.message_id } : {}),
  };
}

function breachMessage(deps: EscalationDeps, ticket: Ticket, clock: SlaClock, now: Date): TextJob | null {
  const chatId = deps.settings.supervisorsChatId;
  if (chatId === undefined) return null;
  const lang = deps.settings.language;
  const ui = uiStrings(lang);
  const t = ui.sla;
  const kind = CLOCK_KIND[clock.kind];
  const age = formatDuration(now.getTime() - Date.parse(ticket.received_at), lang);
  const late = formatDuration(now.getTime() - clock.due_at.getTime(), lang);
  const lines = [
    `<b>${escapeHtml(t.breach(ticket.id, t.clock[kind]))}</b>`,
    escapeHtml(
      t.owner(
        agencyLabel(deps.settings, ticket.agency),
        ticket.assignee ? cleanPersonName(ticket.assignee.name, "?") : null,
      ),
    ),
    escapeHtml(`${t.age(age)} · ${t.overdueBy(late)}`),
    escapeHtml(
      targetLine(t, clock.target_hours, deps.sla.slaOf(ticket).targets.clock === "working_hours", lang),
    ),
    `<a href="${escapeHtml(ticket.tweet.url)}">${escapeHtml(ui.card.link)}</a>`,
  ];
  return { kind: "text", chatId, html: lines.join("\n") };
}

/** "Target: 15 menit", "Target: 16 jam (jam kerja)", "Target: 2 hari". */
function targetLine(t: UiStrings["sla"], hours: number, working: boolean, lang: Lang): string {
  return t.target(formatHours(hours, lang, { days: !working }), working);
}

/**
 * A link to a message in a supergroup (`https://t.me/c/<id>/<message>`); members of the group
 * can open it. Basic groups have no message links.
 */
export function messageLink(chatId: number, messageId: number): string | undefined {
  const s = String(chatId);
  return s.startsWith("-100") ? `https://t.me/c/${s.slice(4)}/${messageId}` : undefined;
}

/** An open ticket with a running clock past its deadline, the longest overdue first. */
export interface OverdueTicket {
  ticket: Ticket;
  clock: SlaClock;
  overdue_ms: number;
}

/** The open tickets among `tickets` whose running clock is breached at `now`, most overdue first. */
export function overdueTickets(
  tickets: readonly Ticket[],
  sla: Pick<SupervisionContext, "slaOf">,
  now: Date,
): OverdueTicket[] {
  const out: OverdueTicket[] = [];
  for (const ticket of tickets) {
    const { targets, calendar } = sla.slaOf(ticket);
    const status = slaStatus(ticket, targets, calendar, now);
    const breached = status.running.filter((c) => c.outcome === "breached");
    // The resolution clock says more than the first-response one: it is the citizen's real wait.
    const clock = breached.find((c) => c.kind === "resolution") ?? breached[0];
    if (clock) out.push({ ticket, clock, overdue_ms: now.getTime() - clock.due_at.getTime() });
  }
  return out.sort((a, b) => b.overdue_ms - a.overdue_ms || a.ticket.id.localeCompare(b.ticket.id));
}

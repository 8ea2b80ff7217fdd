import type { PipelineSettings } from "../core/settings.js";
import { cardRound, mayReply } from "../core/routing.js";
import { isTransitionRefused } from "../core/lifecycle.js";
import type { Ticket } from "../core/ticket.js";
import type { TicketStore } from "../ports/ticket-store.js";
import type { StaffEffects } from "../ports/effects.js";
import type { StaffLog } from "./staff-deps.js";

export interface RestoreDeps {
  store: Pick<TicketStore, "get" | "transition" | "removeReporter">;
  effects: StaffEffects;
  settings: PipelineSettings;
  log: Pick<StaffLog, "info" | "warn">;
}

/**
 * The reports merged into `original` become tickets of their own again, each with its own card in
 * its agency's group and a "received" reply to its citizen: called when `original` is rejected
 * (a troll's report must not take the genuine ones down with it) or when a report is un-merged
 * (`/pisahkan`). `only` limits it to one report.
 *
 * Safe to run again after a crash at any line: a report already un-merged from `original` gets
 * its card and reply enqueued again (fixed job ids: no-ops when done), and it leaves the
 * original's list of reporters last, so a retry still finds it.
 *
 * A report goes to its own agency when that agency has a group, else to the original's.
 */
export async function restoreMergedReports(
  deps: RestoreDeps,
  original: Pick<Ticket, "id" | "agency" | "also_reported_by">,
  at: string,
  actor: string,
  note: string,
  only?: string,
): Promise<string[]> {
  const restored: string[] = [];
  for (const id of original.also_reported_by ?? []) {
    if (only !== undefined && id !== only) continue;
    let report = await deps.store.get(id);
    const merged = report ? report.history.findLastIndex((e) => e.type === "merged") : -1;
    if (!report || merged < 0 || report.history[merged]?.to !== original.id) continue;
    if (report.status === "merged") {
      const agency = routable(deps.settings, report.agency) ?? routable(deps.settings, original.agency);
      if (!agency) {
        deps.log.warn(
          { ticket: id, original: original.id },
          "a merged report has no agency group to go back to",
        );
        continue;
      }
      try {
        report = (await deps.store.transition(id, { type: "unmerge", agency, note }, at, actor)).ticket;
      } catch (err) {
        if (!isTransitionRefused(err) || !err.ticket) throw err;
        report = err.ticket; // someone else restored it first: make sure its card is on its way
      }
    }
    const unmerged = report.history
      .slice(merged + 1)
      .some((e) => e.type === "dispatched" && e.from === "merged");
    if (!unmerged) continue;
    await deps.effects.telegram({ kind: "card", ticketId: id, dispatch: cardRound(report.history) });
    if (deps.settings.replies.on_dispatch && mayReply(report.tweet, deps.settings)) {
      await deps.effects.reply({ ticketId: id, kind: "received", round: 1 });
    }
    await deps.store.removeReporter(original.id, id);
    deps.log.info({ ticket: id, original: original.id }, "a merged report stands on its own again");
    restored.push(id);
  }
  if (restored.length > 0) await deps.effects.telegram({ kind: "sync", ticketId: original.id });
  return restored;
}

function routable(settings: PipelineSettings, agency: string | null): string | undefined {
  const a = agency ? settings.agencies.get(agency) : undefined;
  return a?.kind === "agency" && a.chatId !== undefined ? a.id : undefined;
}

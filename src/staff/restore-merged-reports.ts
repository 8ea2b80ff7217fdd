import type { PipelineSettings } from "../pipeline/pipeline-settings.js";
import { cardRound, mayReply } from "../pipeline/route-ticket.js";
import { isTransitionRefused } from "../tickets/lifecycle.js";
import type { Ticket } from "../tickets/ticket.js";
import type { TicketStore } from "../tickets/ticket-store.js";
import type { StaffEffects } from "./staff-effects.js";
import type { StaffLog } from "./staff-deps.js";

export interface RestoreDeps {
  store: Pick<TicketStore, "get" | "transition">;
  effects: StaffEffects;
  settings: PipelineSettings;
  log: Pick<StaffLog, "info" | "warn">;
}

/**
 * The reports merged into `original` become tickets of their own again, each with its own card in
 * its agency's group and a "received" reply to its citizen: called when `original` is rejected
 * (a troll's report must not take the genuine ones down with it) or when a report is un-merged.
 * `only` limits it to one report. Safe to run twice: a report no longer merged into `original`
 * is left alone, and the card and reply jobs have fixed ids.
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
    const report = await deps.store.get(id);
    const mergedInto = report?.history.findLast((e) => e.type === "merged")?.to;
    if (!report || report.status !== "merged" || mergedInto !== original.id) continue;
    const agency = routable(deps.settings, report.agency) ?? routable(deps.settings, original.agency);
    if (!agency) {
      deps.log.warn(
        { ticket: id, original: original.id },
        "a merged report has no agency group to go back to",
      );
      continue;
    }
    let done: Ticket;
    try {
      done = (await deps.store.transition(id, { type: "unmerge", agency, note }, at, actor)).ticket;
    } catch (err) {
      if (!isTransitionRefused(err)) throw err;
      continue; // someone else restored it first
    }
    await deps.effects.telegram({ kind: "card", ticketId: id, dispatch: cardRound(done.history) });
    if (deps.settings.replies.on_dispatch && mayReply(done.tweet, deps.settings)) {
      await deps.effects.reply({ ticketId: id, kind: "received", round: 1 });
    }
    deps.log.info({ ticket: id, original: original.id, agency }, "a merged report stands on its own again");
    restored.push(id);
  }
  return restored;
}

function routable(settings: PipelineSettings, agency: string | null): string | undefined {
  const a = agency ? settings.agencies.get(agency) : undefined;
  return a?.kind === "agency" && a.chatId !== undefined ? a.id : undefined;
}

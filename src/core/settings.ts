/** What the pipeline needs to know about one agency, resolved from config and env at start-up. */
export interface AgencyDirectory {
  id: string;
  name: string;
  short_name: string;
  kind: "agency" | "external" | "command_center";
  /** The agency's Telegram group; undefined when none is configured (cards then go to the triage group). */
  chatId?: number;
  redirect?: { id: string; en: string };
  templates?: Record<string, { id: string; en: string }>;
}

/** The resolved, validated settings every stage reads (pure data, no I/O). */
export interface PipelineSettings {
  language: "id" | "en";
  agencies: ReadonlyMap<string, AgencyDirectory>;
  triageAgency: string;
  moderationAgency: string;
  supervisorsChatId?: number;
  minConfidence: number;
  /** Our X usernames: a tweet that mentions one of them may be replied to. */
  ourAccounts: readonly string[];
  replyExemption: boolean;
  /** `on_praise`: a short thank-you to praise (no ticket for anyone); off when absent. */
  replies: { on_dispatch: boolean; on_resolve: boolean; on_redirect: boolean; on_praise?: boolean };
  /**
   * `ADUAN_UNROUTED=triage`: complaints for an agency without a group go to the triage desk to be
   * routed by hand (start-up refuses such a deployment otherwise).
   */
  unroutedToTriage?: boolean;
}

/** The group a ticket's card belongs in: the owning agency's, else the triage group. */
export function chatForAgency(settings: PipelineSettings, agencyId: string | null): number | undefined {
  const own = agencyId ? settings.agencies.get(agencyId)?.chatId : undefined;
  return own ?? settings.agencies.get(settings.triageAgency)?.chatId;
}

/** The agency whose group holds this chat, if any (reverse of `chatForAgency`). */
export function agencyForChat(settings: PipelineSettings, chatId: number): string | undefined {
  for (const a of settings.agencies.values()) if (a.chatId === chatId) return a.id;
  return undefined;
}

/** The agency's short name for staff (`Dishub`), its id when unknown, `—` for none. */
export function agencyLabel(
  settings: Pick<PipelineSettings, "agencies">,
  id: string | null | undefined,
): string {
  if (!id) return "—";
  return settings.agencies.get(id)?.short_name ?? id;
}

import type { AduanConfig } from "./load-config.js";
import { chatIdFromEnv } from "../runtime/env.js";
import type { AgencyDirectory, PipelineSettings } from "../core/settings.js";

/**
 * Resolves config plus environment into the settings every stage reads: each agency's Telegram
 * group from `ADUAN_CHAT_<ID>` or its config file, the supervisors' group likewise.
 */
export function pipelineSettings(
  config: AduanConfig,
  env: NodeJS.ProcessEnv,
  chatOverrides: Readonly<Record<string, number>> = {},
): PipelineSettings {
  const agencies = new Map<string, AgencyDirectory>();
  for (const a of config.agencies) {
    const chatId = chatOverrides[a.id] ?? chatIdFromEnv(env, a.id) ?? a.telegram_chat_id;
    agencies.set(a.id, {
      id: a.id,
      name: a.name,
      short_name: a.short_name,
      kind: a.kind,
      ...(chatId !== undefined ? { chatId } : {}),
      ...(a.redirect ? { redirect: a.redirect } : {}),
      ...(a.templates ? { templates: a.templates } : {}),
    });
  }
  const supervisors =
    chatOverrides["supervisors"] ??
    chatIdFromEnv(env, "supervisors") ??
    config.app.telegram.supervisors_chat_id;
  return {
    language: config.app.language,
    agencies,
    triageAgency: config.app.telegram.triage_agency,
    moderationAgency: config.app.telegram.moderation_agency,
    ...(supervisors !== undefined ? { supervisorsChatId: supervisors } : {}),
    minConfidence: config.app.triage.min_confidence,
    ourAccounts: config.app.x.accounts,
    replyExemption: config.app.x.reply_exemption,
    replies: config.app.replies,
    ...(env["ADUAN_UNROUTED"]?.trim() === "triage" ? { unroutedToTriage: true } : {}),
  };
}

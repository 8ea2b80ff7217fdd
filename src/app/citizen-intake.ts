import type { Redis } from "ioredis";
import type { CitizenDeps } from "../citizens/handle-citizen-message.js";
import { RedisCitizenMemory } from "../redis/citizen-memory.js";
import type { AduanConfig } from "./load-config.js";
import type { PipelineSettings } from "../core/settings.js";
import type { StaffEffects } from "../ports/effects.js";
import type { TicketStore } from "../ports/ticket-store.js";
import type { Queues } from "../../jobs/queues.js";
import { tweetJobId } from "../../jobs/triage.js";
import { citizenReportId } from "../citizens/citizen-report.js";
import { triage, type TriageModel } from "../triage/triage.js";

/**
 * The citizens' side composed from the platform, alike in the bot (messages) and the workers
 * (the collect window's flush): Redis memory, the triage queue for finished reports, the triage
 * model to tell whether a report names its place, app.yaml's `citizens` limits.
 */
export function citizenDeps(o: {
  redis: Redis;
  prefix: string;
  config: AduanConfig;
  settings: PipelineSettings;
  store: TicketStore;
  effects: StaffEffects;
  queues: Pick<Queues, "triage">;
  /** Keys the report ids (`citizenReportId`): the callback secret. */
  secret: string;
  /** The rules in use now (a hot reload swaps them). Default: the configured ones. */
  model?: () => TriageModel;
  /**
   * `citizen`: citizens write to the citizen-facing bot (`TELEGRAM_CITIZEN_BOT_TOKEN`); its
   * reports say so (their notices and photos go through that bot) and its seen marks and report
   * ids are its own. Absent: the one bot.
   */
  bot?: "citizen" | undefined;
  now(): number;
  log: CitizenDeps["log"];
}): CitizenDeps {
  const c = o.config.app.citizens;
  const model = o.model ?? (() => o.config.triage);
  const locateOnly = (text: string, coordinates?: [number, number]) =>
    triage(model(), { id: "0", text, ...(coordinates ? { coordinates } : {}) }).location;
  return {
    memory: new RedisCitizenMemory(o.redis, o.prefix, c.blocked_user_ids, o.bot),
    store: o.store,
    effects: o.effects,
    submit: async (tweet, citizen) => {
      const contact = o.bot ? { ...citizen, bot: o.bot } : citizen;
      await o.queues.triage.add("triage", { tweet, citizen: contact }, { jobId: tweetJobId(tweet.id) });
    },
    settings: o.settings,
    reportIdOf: (chatId, messageId) => citizenReportId(o.secret, chatId, messageId, o.bot),
    collectMinutes: c.collect_minutes,
    messagesPerMinute: c.messages_per_minute,
    reportsPerDay: c.reports_per_day,
    feedbackWindowDays: o.config.app.feedback.window_days,
    feedbackLexicon: o.config.feedback,
    namesPlace: (text) => locateOnly(text).source !== "none",
    placeOfPin: (lat, lon) => {
      const loc = locateOnly("", [lon, lat]);
      if (loc.source !== "coordinates") return null;
      return (
        [loc.kelurahan, loc.kecamatan ? `Kec. ${loc.kecamatan}` : undefined].filter(Boolean).join(", ") ||
        null
      );
    },
    now: o.now,
    log: o.log,
  };
}

import { escapeHtml } from "../core/render-card.js";
import { loadTriageSetup } from "../config/load-triage-config.js";
import { configWithRules, unknownAgencies } from "../learning/apply-rules.js";
import { LiveTriage, type TriageSetup } from "../learning/live-triage.js";
import type { LearnedRuleStore } from "../learning/learned-rules.js";
import { redisKeys } from "../redis/keys.js";
import { RedisLearnedRules } from "../redis/learned-rules.js";
import { buildTriageModel } from "../triage/triage.js";
import type { Platform } from "./platform.js";

/**
 * Builds the triage setup of this process from config/ (read again, so edited files count too)
 * and the accepted rules in Redis on top. Throws when config/ does not validate or an accepted rule
 * names an agency config/ does not have: the caller keeps the model it has.
 */
export async function buildTriageSetup(
  dir: string,
  store: LearnedRuleStore,
  minConfidence: number,
): Promise<TriageSetup> {
  // The version first: a rule accepted while this builds leaves the version behind, and the
  // next check reloads again.
  const version = await store.version();
  const { config } = await loadTriageSetup(dir);
  const accepted = await store.accepted();
  const rules = accepted.map((a) => a.rule);
  const unknown = unknownAgencies(config, rules);
  if (unknown.length > 0)
    throw new Error(
      `accepted rules name agencies config/agencies does not have: ${unknown.join(", ")} ` +
        `(rules ${accepted
          .filter((a) => a.rule.type !== "kind" && unknown.includes(a.rule.agency))
          .map((a) => a.id)
          .join(", ")})`,
    );
  const withRules = configWithRules(config, rules);
  return {
    config: withRules,
    model: { ...buildTriageModel(withRules), minConfidence },
    version,
    rules: accepted.length,
  };
}

export interface RulesReload {
  live: LiveTriage;
  stop(): Promise<void>;
}

/**
 * Hot reload of the triage rules in a process that triages: a subscriber connection listens on
 * `<p>:learn:rules:changed` (published by every accept) and rebuilds the model; every
 * `checkEveryMs` (and after a reconnect) the version key is compared too, so a process that missed
 * a message catches up. A failed reload keeps the model in use, is logged and told once per
 * version in the triage group (the operator's).
 */
export async function startRulesReload(p: Platform, o: { checkEveryMs?: number } = {}): Promise<RulesReload> {
  const store = new RedisLearnedRules(p.redis, p.prefix);
  const keys = redisKeys(p.prefix);
  const minConfidence = p.config.triage.minConfidence;
  const build = () => buildTriageSetup(p.config.dir, store, minConfidence);
  const triageChat = p.settings.agencies.get(p.settings.triageAgency)?.chatId;
  // What start-up loaded, until the overlay is applied: config/ is known to load.
  const { config } = await loadTriageSetup(p.config.dir);
  const live = new LiveTriage(
    { config, model: p.config.triage, version: -1, rules: 0 },
    {
      build,
      version: () => store.version(),
      log: p.log,
      now: p.now,
      onFailed: (message) => {
        if (triageChat === undefined) return;
        void store
          .version()
          .then((v) =>
            p.queues.telegram.add(
              "text",
              {
                kind: "text",
                chatId: triageChat,
                html: escapeHtml(
                  `⚠️ Aturan triase versi ${v} tidak bisa dimuat; aturan lama tetap dipakai.\n${message}`.slice(
                    0,
                    3500,
                  ),
                ),
              },
              { jobId: `rules-reload-failed-${v}` },
            ),
          )
          .catch((err: unknown) => p.log.warn({ err: String(err) }, "could not tell the triage group"));
      },
    },
  );
  await live.reload();
  const sub = p.redis.duplicate();
  sub.on("error", (err: Error) => p.log.warn({ err: err.message }, "rules subscriber: redis error"));
  sub.on("message", (channel: string) => {
    if (channel === keys.rulesChanged) void live.reload();
  });
  // ioredis subscribes again after a reconnect; what was published meanwhile is caught here.
  sub.on("ready", () => void live.reloadIfStale().catch(() => undefined));
  await sub.connect().catch(() => undefined);
  await sub.subscribe(keys.rulesChanged);
  const timer = setInterval(() => void live.reloadIfStale().catch(() => undefined), o.checkEveryMs ?? 30_000);
  timer.unref();
  return {
    live,
    async stop() {
      clearInterval(timer);
      await sub.quit().catch(() => sub.disconnect());
    },
  };
}

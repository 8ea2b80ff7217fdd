import { Worker } from "bullmq";
import { ingestProcessor } from "../../../jobs/ingest.js";
import { jobId, QUEUES, workerOptions } from "../../../jobs/queues.js";
import { upsertSupervisionSchedulers } from "../../../jobs/sla-job-queue.js";
import { pollSource, type PollDeps, type PollResult } from "../../ingest/poll-source.js";
import type { SourceSpec, TweetSource } from "../../ports/tweet-source.js";
import { RedisSourceState } from "../../redis/source-state.js";
import { XApiTweetSource } from "../../x/tweet-source.js";
import type { Platform } from "../platform.js";
import { campaignPost, campaignSource, isCampaignActive } from "../../campaigns/campaign-post.js";
import { RedisCampaignTally } from "../../redis/campaign-tally.js";
import { estimatedCostUsd } from "../../core/x-spend.js";
import { toTriageInput } from "../../tickets/handle-tweet.js";
import { triage } from "../../triage/triage.js";

/** The X sources of a config: the account's mentions, each configured search and each campaign. */
export function sourcesOf(p: Pick<Platform, "config">): SourceSpec[] {
  return [
    { id: "mentions", kind: "mentions" },
    ...p.config.app.x.searches.map((s) => ({ id: s.id, kind: "search" as const, query: s.query })),
    ...p.config.app.campaigns.map(campaignSource),
  ];
}

/**
 * Why a campaign is not read now, if it is not: outside its days, or the month's X spend has
 * reached the budget (complaints keep the reads that are left; a campaign is only counted).
 */
export async function campaignIdleReason(
  p: Pick<Platform, "config" | "usage" | "now">,
  spec: SourceSpec,
): Promise<string | undefined> {
  const c = p.config.app.campaigns.find((x) => x.tag === spec.tag);
  if (!c || !isCampaignActive(c, p.now())) return "campaign not running today";
  const spent = estimatedCostUsd(await p.usage.month(p.now()), p.config.app.x.cost);
  return spent >= p.config.app.x.cost.monthly_budget_usd ? "X budget of the month reached" : undefined;
}

/** How often each source is polled: the override, else config's `x.poll_interval_seconds`. */
export function pollEvery(p: Pick<Platform, "config">, override?: number): number {
  return override ?? p.config.app.x.poll_interval_seconds * 1000;
}

/** What polling one source needs, by name: the X source, its cursor store, the triage queue. */
export function pollDeps(
  p: Pick<Platform, "redis" | "prefix" | "now" | "config" | "usage" | "queues">,
  source: TweetSource,
): PollDeps {
  const campaigns = new RedisCampaignTally(p.redis, p.prefix);
  return {
    source,
    state: new RedisSourceState(p.redis, p.prefix),
    now: p.now,
    maxResults: p.config.app.x.max_results,
    countReads: (n) => p.usage.countReads(n, p.now()),
    enqueue: async (tweets, s) => {
      if (s.kind === "campaign") {
        // Counted, never ticketed: triage only says which place the post names.
        for (const t of tweets) {
          const where = triage(p.config.triage, toTriageInput(t)).location;
          await campaigns.record(s.tag ?? "", campaignPost(t, where));
        }
        return;
      }
      await p.queues.triage.addBulk(
        tweets.map((t) => ({
          name: "tweet",
          data: { tweet: t, sourceId: s.id },
          opts: { jobId: jobId.tweet(t.id) },
        })),
      );
    },
  };
}

export interface IngestRole {
  sources: SourceSpec[];
  /** Polls one source now (the scheduler's job does the same). */
  poll(spec: SourceSpec): Promise<PollResult>;
  workers: Worker[];
}

/**
 * Builds the poller. With `start`, also schedules a poll per source and per day's supervisor
 * messages (Job Schedulers, idempotent across processes) and runs the `ingest` worker.
 */
export async function ingestRole(
  p: Platform,
  o: { start: boolean; pollEveryMs?: number },
): Promise<IngestRole> {
  const sources = sourcesOf(p);
  let deps: PollDeps | undefined;
  const poll = async (spec: SourceSpec) => {
    if (!deps) {
      const me = await p.x.v2.me();
      const source = new XApiTweetSource(p.x, me.data.id, p.settings.ourAccounts, (err) =>
        p.log.warn({ tweet: err.tweetId, err: err.message }, "skipped a malformed tweet from X"),
      );
      deps = pollDeps(p, source);
    }
    if (spec.kind === "campaign") {
      const idle = await campaignIdleReason(p, spec);
      if (idle) return { status: "idle" as const, reason: idle };
    }
    const result = await pollSource(deps, spec);
    p.log.debug({ source: spec.id, ...result }, "polled X");
    return result;
  };
  const workers: Worker[] = [];
  if (o.start) {
    const every = pollEvery(p, o.pollEveryMs);
    for (const s of sources) {
      await p.queues.ingest.upsertJobScheduler(
        `poll-${s.id}`,
        { every },
        { name: "poll", data: { sourceId: s.id } },
      );
    }
    await upsertSupervisionSchedulers(p.queues.sla, p.config.sla);
    // The supervisors' weekly rule suggestions (app.yaml learning.weekly_suggestions).
    const weekly = p.config.app.learning.weekly_suggestions;
    if (weekly.enabled)
      await p.queues.sla.upsertJobScheduler(
        "rule-suggestions",
        { pattern: weekly.cron, tz: p.config.sla.timezone },
        { name: "rule-suggestions", data: { kind: "rule-suggestions" } },
      );
    else await p.queues.sla.removeJobScheduler("rule-suggestions");
    const processor = ingestProcessor({ sources: new Map(sources.map((s) => [s.id, s])), poll, now: p.now });
    workers.push(
      new Worker(QUEUES.ingest.name, processor, workerOptions(p.redis, p.prefix, QUEUES.ingest.concurrency)),
    );
  }
  return { sources, poll, workers };
}

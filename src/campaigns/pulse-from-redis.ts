import type { Redis } from "ioredis";
import type { AduanConfig } from "../app/load-config.js";
import { agencyLabel, type PipelineSettings } from "../core/settings.js";
import { RedisCampaignTally } from "../redis/campaign-tally.js";
import { RedisMoodTally } from "../redis/mood-tally.js";
import { pulseDigestLines } from "./pulse-digest-lines.js";
import type { CampaignMoodDeps } from "./campaign-mood-routes.js";

/** The digest's `pulse` dependency over the Redis tallies (campaigns and mood). */
export function digestPulse(
  redis: Redis,
  prefix: string,
  config: Pick<AduanConfig, "app">,
  settings: PipelineSettings,
  now: () => number,
): (date: string) => Promise<string[]> {
  const campaigns = new RedisCampaignTally(redis, prefix);
  const mood = new RedisMoodTally(redis, prefix);
  return (date) =>
    pulseDigestLines(
      {
        campaigns: config.app.campaigns,
        campaignFigures: (tag) => campaigns.figures(tag),
        moodFigures: (dates) => mood.figures(dates),
        agencyName: (id) => agencyLabel(settings, id),
        lang: settings.language,
      },
      date,
      now(),
    );
}

/** The dashboard routes' dependencies over the same Redis tallies. */
export function campaignMoodDeps(
  redis: Redis,
  prefix: string,
  config: Pick<AduanConfig, "app">,
  now: () => number,
): CampaignMoodDeps {
  const campaigns = new RedisCampaignTally(redis, prefix);
  const mood = new RedisMoodTally(redis, prefix);
  return {
    campaigns: config.app.campaigns,
    campaignFigures: (tag) => campaigns.figures(tag),
    moodFigures: (dates) => mood.figures(dates),
    now,
  };
}

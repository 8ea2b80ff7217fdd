import type { FastifyInstance, preHandlerHookHandler } from "fastify";
import { jakartaDate } from "../core/jakarta-time.js";
import type { CampaignFigures } from "../redis/campaign-tally.js";
import type { MoodFigures } from "../redis/mood-tally.js";
import type { Campaign } from "./campaign-post.js";

/**
 * The dashboard's data for the campaigns and mood panels, JSON only:
 * - `GET /dasbor/api/campaigns` → `{ campaigns: [{ tag, posts, people, places: [{name, count}],
 *   daily: [{date, posts}] }] }`, every configured campaign in app.yaml's order;
 * - `GET /dasbor/api/mood?days=14` → `{ days: [{date, positive, neutral, negative}], topics:
 *   [{agency, positive, neutral, negative}] }`, the last `days` Jakarta days up to today (1–90).
 * The caller's `preHandler` guards both (the dashboard's session check); nothing here knows who asks.
 */
export interface CampaignMoodDeps {
  campaigns: readonly Pick<Campaign, "tag">[];
  campaignFigures(tag: string): Promise<CampaignFigures>;
  moodFigures(dates: readonly string[]): Promise<MoodFigures>;
  now(): number;
}

const DAY = 86_400_000;
export const MAX_MOOD_DAYS = 90;

/** The Jakarta dates of the last `days` days, today last. */
export function lastDays(days: number, nowMs: number): string[] {
  return Array.from({ length: days }, (_, i) => jakartaDate(nowMs - (days - 1 - i) * DAY));
}

export function registerCampaignRoutes(
  app: FastifyInstance,
  deps: Pick<CampaignMoodDeps, "campaigns" | "campaignFigures">,
  preHandler: preHandlerHookHandler,
): void {
  app.get("/dasbor/api/campaigns", { preHandler }, async () => ({
    campaigns: await Promise.all(
      deps.campaigns.map(async (c) => {
        const f = await deps.campaignFigures(c.tag);
        return { tag: c.tag, posts: f.posts, people: f.people, places: f.places, daily: f.daily };
      }),
    ),
  }));
}

export function registerMoodRoutes(
  app: FastifyInstance,
  deps: Pick<CampaignMoodDeps, "moodFigures" | "now">,
  preHandler: preHandlerHookHandler,
): void {
  app.get("/dasbor/api/mood", { preHandler }, async (request, reply) => {
    const raw = (request.query as { days?: string }).days;
    const days = raw === undefined || raw === "" ? 14 : Number(raw);
    if (!Number.isInteger(days) || days < 1 || days > MAX_MOOD_DAYS)
      return reply.code(400).send({ error: `days must be a whole number from 1 to ${MAX_MOOD_DAYS}` });
    const f = await deps.moodFigures(lastDays(days, deps.now()));
    return { days: f.days, topics: f.topics };
  });
}

/** Both panels' routes in one call. */
export function registerCampaignMoodRoutes(
  app: FastifyInstance,
  deps: CampaignMoodDeps,
  preHandler: preHandlerHookHandler,
): void {
  registerCampaignRoutes(app, deps, preHandler);
  registerMoodRoutes(app, deps, preHandler);
}

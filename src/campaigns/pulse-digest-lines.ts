import { isCampaignActive, type Campaign } from "./campaign-post.js";
import type { CampaignFigures } from "../redis/campaign-tally.js";
import type { MoodFigures } from "../redis/mood-tally.js";

/**
 * The daily digest's lines about the city's pulse: one per campaign running yesterday or today
 * (yesterday's posts, the total, people, the most-named place) and one for yesterday's mood (the
 * shares, and the agency with the most negative mentions). Pure: the figures are read before.
 */
type Lang = "id" | "en";

const STRINGS = {
  id: {
    campaign: (tag: string, day: number, total: number, people: number) =>
      `📣 ${tag}: ${day} postingan kemarin, total ${total} dari ${people} orang`,
    place: (name: string, n: number) => `; paling banyak disebut: ${name} (${n})`,
    mood: (pos: number, neu: number, neg: number, n: number) =>
      `🙂 Suasana kemarin: ${pos}% positif, ${neu}% netral, ${neg}% negatif (${n} sebutan)`,
    moodNone: "🙂 Suasana kemarin: belum ada sebutan",
    worst: (agency: string, neg: number) => `; paling banyak keluhan: ${agency} (${neg} negatif)`,
  },
  en: {
    campaign: (tag: string, day: number, total: number, people: number) =>
      `📣 ${tag}: ${day} posts yesterday, ${total} in all from ${people} people`,
    place: (name: string, n: number) => `; most named place: ${name} (${n})`,
    mood: (pos: number, neu: number, neg: number, n: number) =>
      `🙂 Mood yesterday: ${pos}% positive, ${neu}% neutral, ${neg}% negative (${n} mentions)`,
    moodNone: "🙂 Mood yesterday: no mentions yet",
    worst: (agency: string, neg: number) => `; most negative: ${agency} (${neg} negative)`,
  },
} as const;

/** Whole-number shares that add up to 100 (largest remainder), so a line never reads 99 % or 101 %. */
export function percentages(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return counts.map(() => 0);
  const exact = counts.map((c) => (c * 100) / total);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    left--;
  }
  return floors;
}

export function campaignLine(c: Campaign, f: CampaignFigures, yesterday: string, lang: Lang): string {
  const t = STRINGS[lang];
  const day = f.daily.find((d) => d.date === yesterday)?.posts ?? 0;
  const top = f.places[0];
  return t.campaign(c.tag, day, f.posts, f.people) + (top ? t.place(top.name, top.count) : "");
}

export function moodLine(mood: MoodFigures, agencyName: (id: string) => string, lang: Lang): string {
  const t = STRINGS[lang];
  const day = mood.days[0];
  const n = day ? day.positive + day.neutral + day.negative : 0;
  if (!day || n === 0) return t.moodNone;
  const [pos = 0, neu = 0, neg = 0] = percentages([day.positive, day.neutral, day.negative]);
  const worst = [...mood.topics].sort((a, b) => b.negative - a.negative)[0];
  return (
    t.mood(pos, neu, neg, n) +
    (worst && worst.negative > 0 ? t.worst(agencyName(worst.agency), worst.negative) : "")
  );
}

export interface PulseSources {
  campaigns: readonly Campaign[];
  campaignFigures(tag: string): Promise<CampaignFigures>;
  moodFigures(dates: readonly string[]): Promise<MoodFigures>;
  agencyName(id: string): string;
  lang: Lang;
}

/** The lines for the digest about `yesterday` (YYYY-MM-DD); `nowMs` decides which campaigns run. */
export async function pulseDigestLines(s: PulseSources, yesterday: string, nowMs: number): Promise<string[]> {
  const yesterdayMs = Date.parse(`${yesterday}T12:00:00+07:00`);
  const running = s.campaigns.filter((c) => isCampaignActive(c, yesterdayMs) || isCampaignActive(c, nowMs));
  const lines: string[] = [];
  for (const c of running) lines.push(campaignLine(c, await s.campaignFigures(c.tag), yesterday, s.lang));
  lines.push(moodLine(await s.moodFigures([yesterday]), s.agencyName, s.lang));
  return lines;
}

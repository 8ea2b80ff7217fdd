import { DateTime } from "luxon";
import { uiStrings, type Lang } from "./ui-strings.js";

/**
 * Asia/Jakarta (WIB) is UTC+7 all year (no daylight saving): the one place that says so. Calendars
 * with a configurable zone take their offset from `sla.yaml`; these helpers are for what is
 * always counted in Jakarta time (X's monthly bill, the holiday list's year, times on cards).
 */
export const JAKARTA_UTC_OFFSET_MINUTES = 420;

const ZONE = "Asia/Jakarta";

/** `2026-11` for an instant, in Asia/Jakarta (UTC+7, no daylight saving). */
export function jakartaMonth(atMs: number): string {
  return DateTime.fromMillis(atMs, { zone: ZONE }).toFormat("yyyy-MM");
}

/** `2026-11-29` for an instant, in Asia/Jakarta: the day a post or a mention is counted on. */
export function jakartaDate(atMs: number): string {
  return DateTime.fromMillis(atMs, { zone: ZONE }).toFormat("yyyy-MM-dd");
}

/** The year of an instant in Asia/Jakarta. */
export function jakartaYear(atMs: number): number {
  return DateTime.fromMillis(atMs, { zone: ZONE }).year;
}

/** "28 Nov 2026 14.05 WIB": Bandung's wall clock, whatever the server's time zone. */
export function formatJakartaTime(iso: string, lang: Lang): string {
  const t = uiStrings(lang);
  const d = DateTime.fromISO(iso, { zone: "utc" }).setZone(ZONE);
  if (!d.isValid) return iso;
  const hh = String(d.hour).padStart(2, "0");
  const mm = String(d.minute).padStart(2, "0");
  return `${d.day} ${t.months[d.month - 1]} ${d.year} ${hh}${t.timeSeparator}${mm} WIB`;
}

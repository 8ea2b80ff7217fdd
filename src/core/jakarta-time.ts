/**
 * Asia/Jakarta (WIB) is UTC+7 all year (no daylight saving): the one place that says so. Calendars
 * with a configurable zone take their offset from `sla.yaml`; these helpers are for what is
 * always counted in Jakarta time (X's monthly bill, the holiday list's year).
 */
export const JAKARTA_UTC_OFFSET_MINUTES = 420;

const OFFSET_MS = JAKARTA_UTC_OFFSET_MINUTES * 60_000;

/** `2026-11` for an instant, in Asia/Jakarta (UTC+7, no daylight saving). */
export function jakartaMonth(atMs: number): string {
  return new Date(atMs + OFFSET_MS).toISOString().slice(0, 7);
}

/** The year of an instant in Asia/Jakarta. */
export function jakartaYear(atMs: number): number {
  return Number(new Date(atMs + OFFSET_MS).toISOString().slice(0, 4));
}

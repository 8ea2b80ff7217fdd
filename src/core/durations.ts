import { uiStrings, type Lang } from "./ui-strings.js";

/**
 * How long something took or has waited, in staff-facing words. Two grains on purpose: a queue
 * line wants one unit (`formatAge`), an SLA message days and hours (`formatDuration`).
 */

/** "3 jam": how long a ticket has waited, in the unit that reads best. */
export function formatAge(ms: number, lang: Lang): string {
  const a = uiStrings(lang).staff.age;
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return a.minutes(minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return a.hours(hours);
  return a.days(Math.floor(hours / 24));
}

/** "2 hari 3 jam", "45 menit": days and hours, minutes only below a day. */
export function formatDuration(ms: number, lang: Lang): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = days > 0 ? 0 : minutes % 60;
  return uiStrings(lang).sla.duration(days, hours, mins);
}

/**
 * "15 menit", "4 jam", "1 jam 30 menit": a length given in hours (an SLA target, a median), in
 * words. Whole days only on the wall clock (`days: true`): a working day is not 24 hours, so
 * working time stays in hours ("16 jam").
 */
export function formatHours(hours: number, lang: Lang, opts: { days?: boolean } = {}): string {
  const minutes = Math.max(0, Math.round(hours * 60));
  const days = opts.days ? Math.floor(minutes / 1440) : 0;
  const rest = minutes - days * 1440;
  // Past ten hours the minutes are noise for a person reading figures.
  const mins = days > 0 || rest >= 600 ? 0 : rest % 60;
  const h = days > 0 || rest >= 600 ? Math.round(rest / 60) : Math.floor(rest / 60);
  if (days > 0 && h === 24) return uiStrings(lang).sla.duration(days + 1, 0, 0);
  return uiStrings(lang).sla.duration(days, h, mins);
}

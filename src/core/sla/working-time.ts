import { JAKARTA_UTC_OFFSET_MINUTES } from "../jakarta-time.js";
import type { Holiday, HolidayCalendar } from "./holiday-calendar.js";

/**
 * Working-time arithmetic: how long a stretch of time is on a clock that only runs in office
 * hours, and when a given amount of such time runs out. Pure: instants in, instants out.
 *
 * Indonesian zones have had no daylight saving since 1964, so local time is UTC plus a fixed
 * offset (Asia/Jakarta: +7 h). That lets days be plain integers and keeps the hot loop free of
 * time-zone lookups; luxon would only add cost here.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type Weekday = "sun" | "mon" | "tue" | "wed" | "thu" | "fri" | "sat";
/** Index = `Date#getUTCDay()` of a local date (0 = Sunday). */
export const WEEKDAYS: readonly Weekday[] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/** A stretch of working time within one local day, in minutes since local midnight: [start, end). */
export interface WorkInterval {
  start: number;
  end: number;
}

/** The clock urgent tickets run on: every millisecond counts. */
export interface ContinuousCalendar {
  readonly kind: "continuous";
}

/** The clock normal tickets run on: office hours per weekday, minus holidays. */
export interface OfficeCalendar {
  readonly kind: "office";
  /** Local time = UTC + this (Asia/Jakarta: 420). */
  readonly utcOffsetMinutes: number;
  /** Indexed like {@link WEEKDAYS}; each day's intervals sorted and disjoint. */
  readonly week: readonly (readonly WorkInterval[])[];
  readonly holidays: HolidayCalendar;
  /**
   * Whether collective leave (`cuti bersama`) closes the offices. Default true: civil servants
   * take it as leave, so a complaint filed on such a day waits like on a public holiday.
   */
  readonly cutiBersamaIsDayOff: boolean;
}

export type WorkingCalendar = ContinuousCalendar | OfficeCalendar;

export const CONTINUOUS_CALENDAR: ContinuousCalendar = Object.freeze({ kind: "continuous" });

export interface OfficeCalendarOptions {
  /** Working intervals per weekday; a missing or empty day is closed. */
  week: Partial<Record<Weekday, readonly WorkInterval[]>>;
  holidays: HolidayCalendar;
  /** Default true. */
  cutiBersamaIsDayOff?: boolean;
  /** Default 420 (Asia/Jakarta, WIB). */
  utcOffsetMinutes?: number;
}

/** Builds an office calendar, refusing a week without any working time (its clock would never run). */
export function officeCalendar(opts: OfficeCalendarOptions): OfficeCalendar {
  const week = WEEKDAYS.map((d) => {
    const intervals = [...(opts.week[d] ?? [])].sort((a, b) => a.start - b.start);
    intervals.forEach((iv, i) => {
      if (!(iv.start >= 0 && iv.end <= 24 * 60 && iv.start < iv.end)) {
        throw new RangeError(`${d}: working interval ${iv.start}-${iv.end} is not within one day`);
      }
      const prev = intervals[i - 1];
      if (prev && prev.end > iv.start) throw new RangeError(`${d}: working intervals overlap`);
    });
    return Object.freeze(intervals);
  });
  if (week.every((d) => d.length === 0))
    throw new RangeError("a working week needs at least one working interval");
  return Object.freeze({
    kind: "office",
    utcOffsetMinutes: opts.utcOffsetMinutes ?? JAKARTA_UTC_OFFSET_MINUTES,
    week: Object.freeze(week),
    holidays: opts.holidays,
    cutiBersamaIsDayOff: opts.cutiBersamaIsDayOff ?? true,
  });
}

/** `"08:00"` → 480. Throws on anything else (the config schema checks the format first). */
export function parseClockTime(hhmm: string): number {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new RangeError(`expected a time like 08:00, got ${JSON.stringify(hhmm)}`);
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (minutes > 24 * 60) throw new RangeError(`${hhmm} is past midnight`);
  return minutes;
}

/**
 * Office hours of one day as working intervals: `open`–`close` minus the breaks
 * (`"11:30-13:00"`, e.g. Friday prayers). Breaks outside opening hours are clipped away.
 */
export function workIntervals(open: string, close: string, breaks: readonly string[] = []): WorkInterval[] {
  let intervals: WorkInterval[] = [{ start: parseClockTime(open), end: parseClockTime(close) }];
  if (intervals[0]!.start >= intervals[0]!.end)
    throw new RangeError(`closing time ${close} is not after ${open}`);
  for (const b of breaks) {
    const [from, to] = b.split("-").map((s) => parseClockTime(s.trim()));
    if (from === undefined || to === undefined || from >= to) {
      throw new RangeError(`expected a break like 11:30-13:00, got ${JSON.stringify(b)}`);
    }
    intervals = intervals.flatMap((iv) =>
      [
        { start: iv.start, end: Math.min(iv.end, from) },
        { start: Math.max(iv.start, to), end: iv.end },
      ].filter((x) => x.start < x.end),
    );
  }
  return intervals;
}

/** Local calendar day number (days since 1970-01-01 local) of an instant. */
function localDay(ms: number, cal: OfficeCalendar): number {
  return Math.floor((ms + cal.utcOffsetMinutes * MINUTE) / DAY);
}

function closes(h: Holiday | undefined, cal: OfficeCalendar): boolean {
  return h !== undefined && (h.kind === "libur" || cal.cutiBersamaIsDayOff);
}

/** Working intervals of a local day as UTC millisecond ranges [start, end). */
function intervalsOfDay(day: number, cal: OfficeCalendar): Array<[number, number]> {
  const ivs = cal.week[(day + 4) % 7]!; // 1970-01-01 was a Thursday
  if (ivs.length === 0 || closes(cal.holidays.holidayOnDay(day), cal)) return [];
  const midnight = day * DAY - cal.utcOffsetMinutes * MINUTE;
  return ivs.map((iv) => [midnight + iv.start * MINUTE, midnight + iv.end * MINUTE]);
}

function checkHours(hours: number): number {
  if (!Number.isFinite(hours) || hours < 0)
    throw new RangeError(`working hours must be a finite number ≥ 0, got ${hours}`);
  // Whole milliseconds, so 0.8 × 24 h lands on an exact instant instead of a float a hair off it.
  return Math.round(hours * HOUR);
}

/**
 * The instant at which `hours` of working time have elapsed since `start`: the earliest `t`
 * with `workingTimeBetween(start, t) = hours`. A start outside working time (night, weekend,
 * holiday) effectively starts at the next working moment. Running out exactly at closing time
 * gives the closing instant (Friday 16:00), not the next opening. Zero hours returns `start`.
 * Cost grows with the number of calendar days spanned, not with the hours.
 */
export function addWorkingTime(start: Date, hours: number, cal: WorkingCalendar): Date {
  let remaining = checkHours(hours);
  const t = start.getTime();
  if (cal.kind === "continuous" || remaining === 0) return new Date(t + remaining);
  // Every week has working time and holiday lists are finite, so this loop ends.
  for (let day = localDay(t, cal); ; day++) {
    for (const [s, e] of intervalsOfDay(day, cal)) {
      if (e <= t) continue;
      const from = Math.max(s, t);
      if (remaining <= e - from) return new Date(from + remaining);
      remaining -= e - from;
    }
  }
}

/**
 * Working time in milliseconds between two instants. Antisymmetric: negative when `b` is
 * before `a`, so `workingTimeBetween(now, deadline)` is the time left (negative once overdue).
 */
export function workingTimeBetween(a: Date, b: Date, cal: WorkingCalendar): number {
  return sumOverlap(a.getTime(), b.getTime(), cal, (overlap) => overlap);
}

/**
 * Working days between two instants, each day weighted by its own length: a full Friday
 * counts 1 even if shorter than a Monday; half of a Monday's hours count 0.5. On a continuous
 * calendar a day is 24 hours. This is what the report's backlog age buckets use.
 */
export function workingDaysBetween(a: Date, b: Date, cal: WorkingCalendar): number {
  if (cal.kind === "continuous") return (b.getTime() - a.getTime()) / DAY;
  return sumOverlap(a.getTime(), b.getTime(), cal, (overlap, dayLength) => overlap / dayLength);
}

function sumOverlap(
  a: number,
  b: number,
  cal: WorkingCalendar,
  weigh: (overlapMs: number, dayLengthMs: number) => number,
): number {
  if (b < a) return -sumOverlap(b, a, cal, weigh);
  if (cal.kind === "continuous") return b - a;
  let total = 0;
  const last = localDay(b, cal);
  for (let day = localDay(a, cal); day <= last; day++) {
    const ivs = intervalsOfDay(day, cal);
    if (ivs.length === 0) continue;
    const dayLength = ivs.reduce((n, [s, e]) => n + e - s, 0);
    let overlap = 0;
    for (const [s, e] of ivs) overlap += Math.max(0, Math.min(e, b) - Math.max(s, a));
    if (overlap > 0) total += weigh(overlap, dayLength);
  }
  return total;
}

/** `at` itself if the clock is running then, else the next instant it starts running. */
export function nextWorkingMoment(at: Date, cal: WorkingCalendar): Date {
  if (cal.kind === "continuous") return at;
  const t = at.getTime();
  for (let day = localDay(t, cal); ; day++) {
    for (const [s, e] of intervalsOfDay(day, cal)) if (e > t) return new Date(Math.max(s, t));
  }
}

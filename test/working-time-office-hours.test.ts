import { describe, expect, it } from "vitest";
import { HolidayCalendar } from "../src/core/sla/holiday-calendar.js";
import {
  addWorkingTime,
  nextWorkingMoment,
  officeCalendar,
  workIntervals,
  workingDaysBetween,
  workingTimeBetween,
} from "../src/core/sla/working-time.js";
import { bandungOffice, continuous, wib } from "./fixtures/sla-calendar.js";

// Calendar: Mon–Thu 08:00–16:00, Fri 08:00–11:30 + 13:00–16:30, weekends closed, 2026 holidays.
// 2026-01-05 is a Monday; 01-16 (Fri) Isra Mikraj; 02-16 cuti bersama + 02-17 Imlek;
// 03-18 … 03-24 Nyepi and Idul Fitri (libur and cuti bersama); 12-24 cuti + 12-25 Christmas.
const office = bandungOffice();
const HOUR = 3_600_000;

describe("adding working time on the office-hours clock", () => {
  it.each([
    ["zero hours is the start itself", "2026-01-05 08:00", 0, "2026-01-05 08:00"],
    ["a full Monday ends at closing time, not next morning", "2026-01-05 08:00", 8, "2026-01-05 16:00"],
    ["half an hour past a full day spills into Tuesday", "2026-01-05 08:00", 8.5, "2026-01-06 08:30"],
    ["late afternoon carries over to the next morning", "2026-01-05 15:00", 2, "2026-01-06 09:00"],
    ["after hours the clock starts next morning", "2026-01-05 18:00", 1, "2026-01-06 09:00"],
    ["before opening the clock starts at 08:00", "2026-01-05 06:00", 1, "2026-01-05 09:00"],
    ["starting exactly at closing time waits for the next day", "2026-01-05 16:00", 1, "2026-01-06 09:00"],
    ["a Saturday complaint starts on Monday", "2026-01-10 10:00", 1, "2026-01-12 09:00"],
    ["a Sunday midnight complaint starts on Monday", "2026-01-11 23:59", 1, "2026-01-12 09:00"],
    ["the Friday prayer break does not count", "2026-01-09 11:00", 1, "2026-01-09 13:30"],
    ["a start during Friday prayers waits for 13:00", "2026-01-09 12:00", 1, "2026-01-09 14:00"],
    ["a whole Friday is seven hours", "2026-01-09 08:00", 7, "2026-01-09 16:30"],
    ["Friday afternoon carries over the weekend", "2026-01-09 15:30", 2, "2026-01-12 09:00"],
    ["a public holiday on Friday is skipped with the weekend", "2026-01-15 14:00", 4, "2026-01-19 10:00"],
    ["cuti bersama and Imlek are skipped", "2026-02-13 15:00", 3, "2026-02-18 09:30"],
    ["the Nyepi and Idul Fitri week is skipped whole", "2026-03-17 12:00", 8, "2026-03-25 12:00"],
    ["cuti bersama before Christmas is skipped", "2026-12-23 15:00", 2, "2026-12-28 09:00"],
    ["time runs across the end of a month", "2026-01-30 14:00", 10, "2026-02-02 15:30"],
    ["time runs across the end of a year, New Year's Day off", "2025-12-31 15:00", 2, "2026-01-02 09:00"],
    ["24 working hours from Monday morning is Wednesday closing", "2026-01-05 08:00", 24, "2026-01-07 16:00"],
    ["40 working hours from Monday morning is next Monday 09:00", "2026-01-05 08:00", 40, "2026-01-12 09:00"],
    ["80 % of 24 working hours lands on Wednesday 11:12", "2026-01-05 08:00", 19.2, "2026-01-07 11:12"],
    ["a zero target on a Saturday is due at once", "2026-01-10 10:00", 0, "2026-01-10 10:00"],
  ])("%s", (_name, start, hours, expected) => {
    expect(addWorkingTime(wib(start), hours, office).toISOString()).toBe(wib(expected).toISOString());
  });

  it("counts cuti bersama as a working day when the policy says offices stay open", () => {
    const open = bandungOffice({ cutiBersamaIsDayOff: false });
    expect(addWorkingTime(wib("2026-02-13 15:00"), 3, open)).toEqual(wib("2026-02-16 09:30"));
  });

  it("treats a year without a holiday list as plain weekdays", () => {
    // 2027-01-01 is a Friday; with no 2027 list it is a working day.
    expect(addWorkingTime(wib("2026-12-31 15:00"), 2, office)).toEqual(wib("2027-01-01 09:00"));
  });

  it("refuses negative or non-finite hours", () => {
    expect(() => addWorkingTime(wib("2026-01-05 08:00"), -1, office)).toThrow(RangeError);
    expect(() => addWorkingTime(wib("2026-01-05 08:00"), Number.NaN, office)).toThrow(RangeError);
  });

  it("stays exact and quick over a span of years", () => {
    const start = wib("2026-01-05 08:00");
    const began = performance.now();
    for (const hours of [0.25, 7, 24, 40, 100, 1000, 5000]) {
      const end = addWorkingTime(start, hours, office);
      expect(workingTimeBetween(start, end, office)).toBe(hours * HOUR);
    }
    expect(performance.now() - began).toBeLessThan(500);
  });
});

describe("adding time on the 24/7 clock of urgent tickets", () => {
  it.each([
    ["a Saturday hour is an hour", "2026-01-10 10:00", 1, "2026-01-10 11:00"],
    ["a holiday evening counts like any other", "2026-01-16 20:00", 24, "2026-01-17 20:00"],
    ["the clock runs through New Year's Eve", "2026-12-31 23:30", 1, "2027-01-01 00:30"],
  ])("%s", (_name, start, hours, expected) => {
    expect(addWorkingTime(wib(start), hours, continuous)).toEqual(wib(expected));
  });
});

describe("measuring working time between two instants", () => {
  it.each([
    ["a full Monday", "2026-01-05 08:00", "2026-01-05 16:00", office, 8],
    ["Friday with its prayer break, then Monday morning", "2026-01-09 10:00", "2026-01-12 10:00", office, 7],
    ["a weekend", "2026-01-10 00:00", "2026-01-11 23:59", office, 0],
    ["a night", "2026-01-05 20:00", "2026-01-06 07:00", office, 0],
    ["around a Friday holiday", "2026-01-15 12:00", "2026-01-19 12:00", office, 8],
    ["around the Idul Fitri closure", "2026-03-17 08:00", "2026-03-25 12:00", office, 12],
    ["backwards, as time left after a deadline", "2026-01-05 16:00", "2026-01-05 08:00", office, -8],
    ["across a month end", "2026-01-30 16:00", "2026-02-02 09:00", office, 1.5],
    ["across Friday prayers", "2026-01-09 11:00", "2026-01-09 13:30", office, 1],
    ["a weekend on the 24/7 clock", "2026-01-10 10:00", "2026-01-12 10:00", continuous, 48],
  ])("%s", (_name, a, b, cal, hours) => {
    expect(workingTimeBetween(wib(a), wib(b), cal)).toBe(hours * HOUR);
  });
});

describe("counting working days for backlog age", () => {
  it.each([
    ["half a Monday", "2026-01-05 08:00", "2026-01-05 12:00", 0.5],
    ["a shorter Friday still counts as one day", "2026-01-09 08:00", "2026-01-12 08:00", 1],
    ["a working week", "2026-01-05 08:00", "2026-01-12 08:00", 5],
    ["a Friday afternoon is half of Friday", "2026-01-09 13:00", "2026-01-09 16:30", 0.5],
    ["the Idul Fitri week adds nothing", "2026-03-17 16:00", "2026-03-25 08:00", 0],
  ])("%s", (_name, a, b, days) => {
    expect(workingDaysBetween(wib(a), wib(b), office)).toBeCloseTo(days, 10);
  });

  it("counts 24-hour days on the continuous clock", () => {
    expect(workingDaysBetween(wib("2026-01-10 10:00"), wib("2026-01-11 22:00"), continuous)).toBe(1.5);
  });
});

describe("finding when the clock next runs", () => {
  it.each([
    ["inside office hours it is now", "2026-01-05 10:15", "2026-01-05 10:15"],
    ["during Friday prayers it is 13:00", "2026-01-09 12:10", "2026-01-09 13:00"],
    ["on Saturday it is Monday 08:00", "2026-01-10 09:00", "2026-01-12 08:00"],
    [
      "on Tuesday evening before Idul Fitri it is the Wednesday after",
      "2026-03-17 17:00",
      "2026-03-25 08:00",
    ],
  ])("%s", (_name, at, expected) => {
    expect(nextWorkingMoment(wib(at), office)).toEqual(wib(expected));
  });
});

describe("building an office calendar", () => {
  it("splits a day around its breaks", () => {
    expect(workIntervals("08:00", "16:30", ["11:30-13:00"])).toEqual([
      { start: 480, end: 690 },
      { start: 780, end: 990 },
    ]);
  });

  it("refuses a week with no working time at all", () => {
    expect(() => officeCalendar({ week: {}, holidays: HolidayCalendar.empty() })).toThrow(/at least one/);
  });

  it("supports another Indonesian zone by its fixed offset", () => {
    // WITA (UTC+8): 08:00 in Makassar is 07:00 in Jakarta.
    const makassar = officeCalendar({
      week: { mon: workIntervals("08:00", "16:00") },
      holidays: HolidayCalendar.empty(),
      utcOffsetMinutes: 480,
    });
    expect(nextWorkingMoment(wib("2026-01-05 06:00"), makassar)).toEqual(wib("2026-01-05 07:00"));
  });
});

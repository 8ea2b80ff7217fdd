import { describe, expect, it } from "vitest";
import { formatProblem } from "../src/config/config-error.js";
import { HolidayCalendar, parseHolidayCsv } from "../src/core/sla/holiday-calendar.js";
import { holidays2026 } from "./fixtures/sla-calendar.js";

function problemsOf(text: string, file = "config/holidays/2027.csv"): string[] {
  const r = parseHolidayCsv(text, file);
  if (r.ok) throw new Error("expected problems");
  return r.problems.map(formatProblem);
}

describe("reading a holiday list", () => {
  it("reads the shipped 2026 list with its holidays and collective leave", () => {
    const cal = holidays2026();
    expect(cal.years()).toEqual([2026]);
    expect(cal.holidayOn("2026-08-17")).toEqual({
      date: "2026-08-17",
      kind: "libur",
      name: "Proklamasi Kemerdekaan",
    });
    expect(cal.holidayOn("2026-03-23")?.kind).toBe("cuti_bersama");
    expect(cal.isHoliday("2026-08-18")).toBe(false);
  });

  it("accepts comments, blank lines and quoted names with commas", () => {
    const r = parseHolidayCsv(
      '# SKB 3 Menteri\ndate,kind,name\n\n2027-01-01,libur,"Tahun Baru, 2027 Masehi"\n',
      "config/holidays/2027.csv",
    );
    expect(r).toEqual({
      ok: true,
      value: {
        file: "config/holidays/2027.csv",
        years: [2027],
        holidays: [{ date: "2027-01-01", kind: "libur", name: "Tahun Baru, 2027 Masehi" }],
      },
    });
  });

  it("names the file, line and column of every bad row, not just the first", () => {
    const text = [
      "date,kind,name",
      "2027-01-01,libur,Tahun Baru",
      "2027-02-30,libur,Tanggal yang tidak ada",
      "2027-03-10,cuti,Cuti bersama Nyepi",
      "2027-04-01,libur,",
      "2027-01-01,cuti_bersama,Dobel",
      "2026-12-31,libur,Salah tahun",
      "2027-05-01,libur",
    ].join("\n");
    expect(problemsOf(text)).toEqual([
      'config/holidays/2027.csv:3: date: expected a date like 2026-08-17, got "2027-02-30"',
      'config/holidays/2027.csv:4: kind: expected libur or cuti_bersama, got "cuti"',
      "config/holidays/2027.csv:5: name: a holiday needs a name",
      "config/holidays/2027.csv:6: date: 2027-01-01 is already listed on line 2",
      "config/holidays/2027.csv:7: date: 2026-12-31 is not in 2027, the year this file is named for",
      "config/holidays/2027.csv:8: (top level): expected 3 columns (date,kind,name), found 2",
    ]);
  });

  it("rejects a file without the expected header", () => {
    expect(problemsOf("tanggal,jenis,nama\n2027-01-01,libur,Tahun Baru\n")).toEqual([
      "config/holidays/2027.csv:1: header: expected the header date,kind,name",
    ]);
  });

  it("reports broken CSV quoting with its line", () => {
    expect(problemsOf('date,kind,name\n2027-01-01,libur,"Tahun Baru\n')[0]).toMatch(
      /^config\/holidays\/2027\.csv:2: \(top level\): CSV syntax: Quote Not Closed/,
    );
  });

  it("takes the covered years from the dates when the file name has no year", () => {
    const r = parseHolidayCsv(
      "date,kind,name\n2027-01-01,libur,A\n2028-01-01,libur,B\n",
      "extra-holidays.csv",
    );
    expect(r.ok && r.value.years).toEqual([2027, 2028]);
  });
});

describe("knowing which years have no holiday list", () => {
  it("names 2027 as missing while only the 2026 list exists", () => {
    expect(holidays2026().missingYears([2026, 2027, 2027])).toEqual([2027]);
  });

  it("finds nothing missing once every year has a list", () => {
    const r2027 = parseHolidayCsv(
      "date,kind,name\n2027-01-01,libur,Tahun Baru\n",
      "config/holidays/2027.csv",
    );
    if (!r2027.ok) throw new Error("fixture");
    const h = holidays2026();
    const cal = new HolidayCalendar([
      { file: "2026.csv", years: [2026], holidays: [h.holidayOn("2026-01-01")!] },
      r2027.value,
    ]);
    expect(cal.missingYears([2026, 2027])).toEqual([]);
    expect(cal.years()).toEqual([2026, 2027]);
  });

  it("counts an empty list named for its year as covered", () => {
    const r = parseHolidayCsv("date,kind,name\n", "config/holidays/2030.csv");
    if (!r.ok) throw new Error("fixture");
    expect(new HolidayCalendar([r.value]).missingYears([2030])).toEqual([]);
  });
});

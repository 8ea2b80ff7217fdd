import { parse } from "csv-parse/sync";
import type { ConfigProblem } from "../../config/config-error.js";
import type { ParseResult } from "../../config/yaml-file.js";

/**
 * Indonesian public holidays (`libur`) and collective leave (`cuti bersama`), one CSV per year
 * under `config/holidays/` (`date,kind,name`), as decreed each year by the joint ministerial
 * decree (SKB). The decree for next year comes out late in the year, so a missing year is a
 * warning for the operator, never a crash: the clock then simply treats that year's weekdays as
 * working days.
 */

export type HolidayKind = "libur" | "cuti_bersama";

export interface Holiday {
  /** Local date `YYYY-MM-DD`. */
  date: string;
  kind: HolidayKind;
  name: string;
}

export interface HolidayList {
  file: string;
  /** Years this file vouches for: the year in its name (`2026.csv`), else the years of its dates. */
  years: number[];
  holidays: Holiday[];
}

const HEADER = ["date", "kind", "name"] as const;
const KINDS: readonly string[] = ["libur", "cuti_bersama"] satisfies HolidayKind[];

/**
 * Parses one holiday CSV. Every problem names the file, the line and the column; all are
 * reported, not only the first. Blank lines and `#` comments are allowed.
 */
export function parseHolidayCsv(text: string, file: string): ParseResult<HolidayList> {
  const problems: ConfigProblem[] = [];
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    // csv-parse's typings ignore `info: true`, which wraps each record as { record, info }.
    rows = parse(text, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      comment: "#",
      trim: true,
      bom: true,
    }) as unknown as typeof rows;
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    return {
      ok: false,
      problems: [
        {
          file,
          ...(e.lines ? { line: e.lines } : {}),
          path: "",
          message: `CSV syntax: ${e.message ?? String(err)}`,
        },
      ],
    };
  }

  const [head, ...body] = rows;
  if (!head || head.record.join(",") !== HEADER.join(",")) {
    return {
      ok: false,
      problems: [
        {
          file,
          line: head?.info.lines ?? 1,
          path: "header",
          message: `expected the header ${HEADER.join(",")}`,
        },
      ],
    };
  }

  const fileYear = /(?:^|[\\/])(\d{4})\.csv$/i.exec(file)?.[1];
  const holidays: Holiday[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of body) {
    const line = info.lines;
    const problem = (path: string, message: string) => problems.push({ file, line, path, message });
    if (record.length !== HEADER.length) {
      problem("", `expected ${HEADER.length} columns (${HEADER.join(",")}), found ${record.length}`);
      continue;
    }
    const [date, kind, name] = record as [string, string, string];
    let ok = true;
    if (!isValidIsoDate(date)) {
      problem("date", `expected a date like 2026-08-17, got ${JSON.stringify(date)}`);
      ok = false;
    } else if (fileYear && !date.startsWith(`${fileYear}-`)) {
      problem("date", `${date} is not in ${fileYear}, the year this file is named for`);
      ok = false;
    } else if (seen.has(date)) {
      problem("date", `${date} is already listed on line ${seen.get(date)}`);
      ok = false;
    }
    if (!KINDS.includes(kind)) {
      problem("kind", `expected libur or cuti_bersama, got ${JSON.stringify(kind)}`);
      ok = false;
    }
    if (name === "") {
      problem("name", "a holiday needs a name");
      ok = false;
    }
    if (ok) {
      seen.set(date, line);
      holidays.push({ date, kind: kind as HolidayKind, name });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const years = fileYear
    ? [Number(fileYear)]
    : [...new Set(holidays.map((h) => Number(h.date.slice(0, 4))))].sort((a, b) => a - b);
  return { ok: true, value: { file, years, holidays } };
}

function isValidIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Every holiday list merged: which dates are off, and which years we know about. */
export class HolidayCalendar {
  private readonly byDate: ReadonlyMap<string, Holiday>;
  /** The same, keyed by day number: the working-time loop asks once per day and must not build strings. */
  private readonly byDay: ReadonlyMap<number, Holiday>;
  private readonly covered: ReadonlySet<number>;

  constructor(lists: readonly HolidayList[]) {
    const byDate = new Map<string, Holiday>();
    const covered = new Set<number>();
    for (const list of lists) {
      list.years.forEach((y) => covered.add(y));
      // Two files naming the same date: the first wins; both say the day is off anyway.
      for (const h of list.holidays) if (!byDate.has(h.date)) byDate.set(h.date, h);
    }
    this.byDate = byDate;
    this.byDay = new Map([...byDate].map(([date, h]) => [Date.parse(`${date}T00:00:00Z`) / 86_400_000, h]));
    this.covered = covered;
  }

  static empty(): HolidayCalendar {
    return new HolidayCalendar([]);
  }

  /** The holiday or collective-leave day on a local date (`YYYY-MM-DD`), if any. */
  holidayOn(isoDate: string): Holiday | undefined {
    return this.byDate.get(isoDate);
  }

  /** Like {@link holidayOn}, by local day number (days since 1970-01-01). */
  holidayOnDay(day: number): Holiday | undefined {
    return this.byDay.get(day);
  }

  isHoliday(isoDate: string): boolean {
    return this.byDate.has(isoDate);
  }

  /** Years with a holiday list, ascending. */
  years(): number[] {
    return [...this.covered].sort((a, b) => a - b);
  }

  /**
   * The years among `years` with no holiday list, ascending: start-up warns "2027 has no holiday
   * list" and the digest repeats it, while the clock counts that year's weekdays as working days.
   */
  missingYears(years: Iterable<number>): number[] {
    return [...new Set(years)].filter((y) => !this.covered.has(y)).sort((a, b) => a - b);
  }
}

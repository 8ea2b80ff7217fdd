import { DateTime } from "luxon";

/**
 * The filters of GET requests.json, checked. The spec (GeoReport v2): `service_request_id` (a
 * comma list; when given, every other filter is ignored), `service_code`, `status` (`open`,
 * `closed`), `start_date`/`end_date` in W3C datetime, "may not span more than 90 days", and by
 * default the last 90 days and at most 1000 requests. `page`/`page_size` are our extension for
 * walking past the first 1000. Pure: `now` is given.
 */
export interface GeoReportQuery {
  ids: string[] | null;
  /** Exact service codes, or an agency id that stands for all of its codes (an extension). */
  serviceCodes: string[] | null;
  statuses: ("open" | "closed")[] | null;
  fromMs: number;
  toMs: number;
  page: number;
  pageSize: number;
}

export const MAX_SPAN_DAYS = 90;
/** The spec's ceiling of one response; also our default and largest page. */
export const MAX_RESULTS = 1000;
const DAY = 86_400_000;

export type QueryParse = { ok: true; query: GeoReportQuery } | { ok: false; description: string };

function list(value: unknown): string[] | null {
  if (value === undefined || value === "") return null;
  const raw = Array.isArray(value) ? value.join(",") : String(value);
  const items = raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  return items.length === 0 ? null : [...new Set(items)];
}

function datetime(name: string, value: unknown): number | string | undefined {
  if (value === undefined || value === "") return undefined;
  const d = DateTime.fromISO(String(value), { zone: "Asia/Jakarta" });
  return d.isValid ? d.toMillis() : `${name} is not a W3C datetime (e.g. 2026-03-01T00:00:00+07:00)`;
}

function positiveInt(name: string, value: unknown, fallback: number, max: number): number | string {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) return `${name} must be a whole number from 1`;
  return Math.min(n, max);
}

export function parseGeoReportQuery(params: Record<string, unknown>, now: number): QueryParse {
  const fail = (description: string): QueryParse => ({ ok: false, description });
  const ids = list(params["service_request_id"]);
  const serviceCodes = list(params["service_code"]);
  const statusList = list(params["status"]);
  let statuses: ("open" | "closed")[] | null = null;
  if (statusList) {
    const bad = statusList.find((s) => s !== "open" && s !== "closed");
    if (bad !== undefined) return fail(`status must be open or closed, not ${JSON.stringify(bad)}`);
    statuses = statusList as ("open" | "closed")[];
  }
  const start = datetime("start_date", params["start_date"]);
  const end = datetime("end_date", params["end_date"]);
  if (typeof start === "string") return fail(start);
  if (typeof end === "string") return fail(end);
  let fromMs: number;
  let toMs: number;
  if (start !== undefined && end !== undefined) {
    [fromMs, toMs] = [start, end];
  } else if (start !== undefined) {
    // A start in the future finds nothing rather than an error about an end nobody gave.
    [fromMs, toMs] = [start, Math.max(start, Math.min(start + MAX_SPAN_DAYS * DAY, now))];
  } else if (end !== undefined) {
    [fromMs, toMs] = [end - MAX_SPAN_DAYS * DAY, end];
  } else {
    [fromMs, toMs] = [now - MAX_SPAN_DAYS * DAY, now];
  }
  if (toMs < fromMs) return fail("end_date is before start_date");
  if (toMs - fromMs > MAX_SPAN_DAYS * DAY)
    return fail(`start_date to end_date may not span more than ${MAX_SPAN_DAYS} days`);
  const page = positiveInt("page", params["page"], 1, 1_000_000);
  const pageSize = positiveInt("page_size", params["page_size"], MAX_RESULTS, MAX_RESULTS);
  if (typeof page === "string") return fail(page);
  if (typeof pageSize === "string") return fail(pageSize);
  return { ok: true, query: { ids, serviceCodes, statuses, fromMs, toMs, page, pageSize } };
}

/** Whether a request's service code passes the filter: exact, or the agency part of it. */
export function serviceCodeMatches(code: string, filter: readonly string[] | null): boolean {
  if (!filter) return true;
  return filter.some((f) => f === code || code.startsWith(`${f}.`));
}

/** A stable key of the query for the response cache. */
export function queryCacheKey(q: GeoReportQuery, bucketMs: number): string {
  // The default window moves with the clock: rounding it to the cache's TTL lets it hit the cache.
  const round = (ms: number) => Math.floor(ms / bucketMs);
  return JSON.stringify([
    q.ids,
    q.serviceCodes,
    q.statuses,
    round(q.fromMs),
    round(q.toMs),
    q.page,
    q.pageSize,
  ]);
}

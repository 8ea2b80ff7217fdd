import { gzip } from "node:zlib";
import { promisify } from "node:util";

const gzipped = promisify(gzip);

/**
 * Serialised answers kept a few seconds per key (the map's data per rights scope and filter):
 * thousands of markers cost far more to gather and write out than to send again. An answer is
 * kept while the data it came from is the same `version` (the open tickets in memory, which the
 * ticket-change feed updates); past `ttlMs` (SLA states move with the clock) it is still answered
 * once more while a fresh one is made. Its gzip is made once, on the first request that accepts it.
 */
export interface CachedAnswer {
  body: string;
  gzip(): Promise<Buffer>;
}

interface Entry extends CachedAnswer {
  version: number;
  at: number;
}

export class AnswerCache {
  private readonly entries = new Map<string, Entry>();
  private readonly building = new Map<string, Promise<CachedAnswer>>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = 10_000,
    private readonly maxEntries = 100,
  ) {}

  async get(key: string, version: number, build: () => Promise<string>): Promise<CachedAnswer> {
    const hit = this.entries.get(key);
    const current = hit?.version === version ? hit : undefined;
    if (current && this.now() - current.at < this.ttlMs) return current;
    const pending = this.building.get(`${version}:${key}`);
    if (current) {
      // Same tickets, only older than ttlMs: answered now, made afresh for the next request
      // (nobody waits on a rebuild because the clock moved; a changed ticket still waits).
      if (!pending) this.make(key, version, build).catch(() => undefined);
      return current;
    }
    return pending ?? this.make(key, version, build);
  }

  private make(key: string, version: number, build: () => Promise<string>): Promise<CachedAnswer> {
    const made = (async () => {
      const at = this.now();
      const body = await build();
      let zipped: Promise<Buffer> | undefined;
      const entry: Entry = { body, version, at, gzip: () => (zipped ??= gzipped(body)) };
      // Many viewers with their own scopes: the oldest answer makes room.
      if (!this.entries.has(key) && this.entries.size >= this.maxEntries) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
      this.entries.set(key, entry);
      return entry;
    })().finally(() => this.building.delete(`${version}:${key}`));
    this.building.set(`${version}:${key}`, made);
    return made;
  }
}

/** Whether a request's `Accept-Encoding` takes gzip (not refused with `q=0`). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(",") : (header ?? "");
  return value.split(",").some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (name !== "gzip" && name !== "*") return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return !q || Number(q.slice(2)) > 0;
  });
}

import type { Redis } from "ioredis";
import { redisKeys } from "./keys.js";

/** A key namespace (`ADUAN_PREFIX`) that holds tickets, and how many ticket ids it has handed out. */
export interface TicketPrefix {
  prefix: string;
  tickets: number;
}

/**
 * Every prefix on this Redis that has handed out ticket ids, most tickets first: found by SCAN for
 * each namespace's ticket counter (`<prefix>:ticket:seq`, see keys.ts), never by reading tickets.
 * `npm run report` names them when the prefix it read is empty (the demo writes under `aduan-demo`).
 */
export async function findTicketPrefixes(redis: Redis, maxKeys = 1_000): Promise<TicketPrefix[]> {
  const suffix = redisKeys("").ticketSeq; // ":ticket:seq"
  const found = new Set<string>();
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `*${suffix}`, "COUNT", 1000);
    cursor = next;
    for (const key of keys) if (key.endsWith(suffix)) found.add(key.slice(0, -suffix.length));
  } while (cursor !== "0" && found.size < maxKeys);
  const prefixes = [...found];
  const counts = prefixes.length > 0 ? await redis.mget(prefixes.map((p) => redisKeys(p).ticketSeq)) : [];
  return prefixes
    .map((prefix, i) => ({ prefix, tickets: Number(counts[i] ?? 0) || 0 }))
    .filter((p) => p.tickets > 0)
    .sort((a, b) => b.tickets - a.tickets || a.prefix.localeCompare(b.prefix));
}

import type { Redis } from "ioredis";
import { redisDurabilityWarnings } from "./redis.js";
import { AduanError } from "../errors.js";

/**
 * A Redis that evicts keys (`maxmemory-policy` other than noeviction) or keeps nothing across a
 * restart (no AOF, no save points) loses ticket histories and tweet → ticket keys: a trial lost
 * both. Production refuses such a Redis at start-up unless `ADUAN_REDIS_UNSAFE=allow` says the
 * operator knows (then it is logged and shown on /healthz as `allowed`). The demo skips the check:
 * it runs on whatever local Redis there is and wipes its namespace at every start anyway.
 */
export class RedisNotDurableError extends AduanError {
  readonly code = "REDIS_NOT_DURABLE";
  readonly who = "redis";
  constructor(readonly warnings: readonly string[]) {
    super(
      `Refusing to start: Redis could lose tickets.\n${warnings.map((w) => `  - ${w}`).join("\n")}\n` +
        `Fix the Redis configuration (appendonly yes, maxmemory-policy noeviction), or set ` +
        `ADUAN_REDIS_UNSAFE=allow to run anyway (not for production).`,
    );
    this.name = "RedisNotDurableError";
  }
}

export function unsafeRedisAllowed(source: Readonly<Record<string, string | undefined>>): boolean {
  return source["ADUAN_REDIS_UNSAFE"]?.trim() === "allow";
}

/**
 * Reads Redis's settings once; throws RedisNotDurableError when they are unsafe and not allowed,
 * returns the warnings otherwise. A Redis that refuses CONFIG GET (managed services rename it)
 * cannot be checked: that is a warning, not a refusal.
 */
export async function assertRedisDurable(redis: Redis, allowUnsafe: boolean): Promise<string[]> {
  let warnings: string[];
  try {
    warnings = await redisDurabilityWarnings(redis);
  } catch (err) {
    return [
      `Could not read Redis's persistence settings (${(err as Error).message}); make sure AOF is on and nothing is evicted.`,
    ];
  }
  if (warnings.length > 0 && !allowUnsafe) throw new RedisNotDurableError(warnings);
  return warnings;
}

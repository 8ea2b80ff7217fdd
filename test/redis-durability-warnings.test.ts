import type { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createRedis, redisDurabilityWarnings } from "../src/runtime/redis.js";

const PERSISTENCE_OFF =
  "Redis persistence is off (appendonly no, no save points); enable AOF so a restart loses nothing.";

let redis: Redis;
beforeAll(async () => {
  redis = createRedis("redis://127.0.0.1:6379", "producer");
  await redis.connect();
});
afterAll(async () => {
  await redis.quit();
});

it("warns at start-up that the local Redis keeps nothing across a restart, as it is configured here", async () => {
  const [, appendonly] = (await redis.config("GET", "appendonly")) as string[];
  const [, save] = (await redis.config("GET", "save")) as string[];
  const [, policy] = (await redis.config("GET", "maxmemory-policy")) as string[];
  // The development and CI Redis runs without AOF or save points; a Redis set up for production would not.
  const persistenceOff = appendonly === "no" && save === "";

  const warnings = await redisDurabilityWarnings(redis);

  expect(warnings.includes(PERSISTENCE_OFF)).toBe(persistenceOff);
  expect(warnings.some((w) => w.startsWith("Redis maxmemory-policy"))).toBe(policy !== "noeviction");
});

/** A Redis that answers CONFIG GET with the given settings (changing the shared test server's is not ours to do). */
function redisWith(settings: Record<string, string>): Redis {
  const fake = {
    config: async (_op: string, key: string) => [key, settings[key] ?? ""],
  };
  return fake as unknown as Redis;
}

it.each([
  [{ "maxmemory-policy": "noeviction", appendonly: "yes", save: "" }, []],
  [{ "maxmemory-policy": "noeviction", appendonly: "no", save: "3600 1 300 100" }, []],
  [{ "maxmemory-policy": "noeviction", appendonly: "no", save: "" }, [PERSISTENCE_OFF]],
  [
    { "maxmemory-policy": "allkeys-lru", appendonly: "yes", save: "" },
    ["Redis maxmemory-policy is allkeys-lru; set it to noeviction so queued work is never evicted."],
  ],
  [
    { "maxmemory-policy": "volatile-ttl", appendonly: "no", save: "" },
    [
      "Redis maxmemory-policy is volatile-ttl; set it to noeviction so queued work is never evicted.",
      PERSISTENCE_OFF,
    ],
  ],
])("for %o warns %o", async (settings, expected) => {
  expect(await redisDurabilityWarnings(redisWith(settings))).toEqual(expected);
});

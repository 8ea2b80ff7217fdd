import type { Redis } from "ioredis";
import type { AduanConfig } from "../../src/app/load-config.js";
import { createRedis } from "../../src/runtime/redis.js";
import { deleteKeys } from "./delete-keys.js";
import { shippedConfig } from "./pipeline-harness.js";

/**
 * What a campaign-and-mood test reads and writes: the shipped config with the test's own
 * campaigns in place of app.yaml's (their dates decide what counts), and a Redis connection
 * opened as the worker role opens it, for the tallies under `prefix`.
 */
export interface PulseKit {
  redis: Redis;
  config: AduanConfig;
  /** Deletes every key under the prefix and closes the connection. */
  close(): Promise<void>;
}

export async function openPulseKit(
  prefix: string,
  campaigns: AduanConfig["app"]["campaigns"],
): Promise<PulseKit> {
  const redis = createRedis("redis://127.0.0.1:6379", "worker");
  await redis.connect();
  const shipped = await shippedConfig();
  return {
    redis,
    config: { ...shipped, app: { ...shipped.app, campaigns } },
    async close() {
      await deleteKeys(prefix);
      await redis.quit();
    },
  };
}

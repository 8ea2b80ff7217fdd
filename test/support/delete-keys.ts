import { Redis } from "ioredis";

/**
 * Deletes every key under a test's prefix from the test Redis. Given a kit's own connection it
 * uses that one, so the deletes queue behind the kit's last writes; otherwise it opens its own.
 */
export async function deleteKeys(prefix: string, connection?: Redis): Promise<void> {
  const redis = connection ?? new Redis("redis://127.0.0.1:6379");
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== "0");
  if (!connection) redis.disconnect();
}

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { createRedis, redisDurabilityWarnings } from "../src/runtime/redis.js";
import { assertRedisDurable, RedisNotDurableError } from "../src/runtime/redis-durability.js";
import { shippedConfig } from "./support/pipeline-harness.js";
import { childEnv } from "./support/test-env.js";

/** A Redis that answers CONFIG GET with these settings (the shared test server's are not ours to change). */
function redisWith(settings: Record<string, string>): Redis {
  return { config: async (_op: string, key: string) => [key, settings[key] ?? ""] } as unknown as Redis;
}
const EVICTING = { "maxmemory-policy": "allkeys-lru", appendonly: "yes", save: "" };
const VOLATILE = { "maxmemory-policy": "noeviction", appendonly: "no", save: "" };
const DURABLE = { "maxmemory-policy": "noeviction", appendonly: "yes", save: "" };

describe("a Redis that could lose tickets", () => {
  it.each([
    ["evicts keys", EVICTING],
    ["persists nothing", VOLATILE],
  ])("is refused when it %s, unless the operator allows it", async (_what, settings) => {
    await expect(assertRedisDurable(redisWith(settings), false)).rejects.toThrow(RedisNotDurableError);
    await expect(assertRedisDurable(redisWith(settings), false)).rejects.toThrow(/ADUAN_REDIS_UNSAFE=allow/);
    expect(await assertRedisDurable(redisWith(settings), true)).toHaveLength(1);
  });

  it("is accepted when it persists and never evicts", async () => {
    expect(await assertRedisDurable(redisWith(DURABLE), false)).toEqual([]);
  });

  it("npm start outside the demo refuses the local non-persistent test Redis with exit code 2", async () => {
    const local = createRedis("redis://127.0.0.1:6379", "producer");
    await local.connect();
    const unsafe = await redisDurabilityWarnings(local).finally(() => local.disconnect());
    if (unsafe.length === 0) {
      // A development Redis set up like production: nothing to refuse, and nothing to start here.
      expect(unsafe).toEqual([]);
      return;
    }
    const config = await shippedConfig();
    const chats: Record<string, string> = {};
    let n = 0;
    for (const a of config.agencies) {
      if (a.kind !== "external") chats[`ADUAN_CHAT_${a.id.toUpperCase()}`] = String(-1001000000200 - n++);
    }
    const env = childEnv({
      ...chats,
      ADUAN_PREFIX: `test-durable-${process.pid}`,
      TELEGRAM_BOT_TOKEN: "123456:local-test-token",
      TELEGRAM_API_ROOT: "http://127.0.0.1:9",
      X_API_BASE_URL: "http://127.0.0.1:9",
      X_APP_KEY: "local-app-key",
      X_APP_SECRET: "local-app-secret",
      X_ACCESS_TOKEN: "local-access-token",
      X_ACCESS_SECRET: "local-access-secret",
    });
    const result = await promisify(execFile)(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env,
      timeout: 60_000,
    }).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code?: number; stderr?: string }) => ({ code: e.code, stderr: e.stderr ?? "" }),
    );
    expect(result.stderr).toContain("Refusing to start: Redis could lose tickets");
    expect(result.stderr).toContain("Redis persistence is off");
    expect(result.code).toBe(2);
  }, 60_000);
});

import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { claimDemoNamespace } from "../sim/demo/demo-namespace.js";
import { acquireInstanceLock, InstanceLockedError } from "../src/runtime/instance-lock.js";
import { deleteKeys } from "./support/pipeline-harness.js";

const prefix = `test-lock-${randomUUID().slice(0, 8)}`;
const redis = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: 2 });
const quiet = { warn: () => undefined };
afterAll(async () => {
  await deleteKeys(prefix);
  await deleteKeys(`${prefix}x`);
  await redis.quit();
});

describe("one demo per prefix", () => {
  it("a second demo on the same Redis and prefix refuses and leaves the first one's keys alone", async () => {
    const ns = `${prefix}-demo`;
    await redis.set(`${ns}:ticket:seq`, "7"); // a previous run's leftovers: wiped by the first demo
    const first = await claimDemoNamespace("redis://127.0.0.1:6379", ns, quiet, 500);
    expect(await redis.get(`${ns}:ticket:seq`)).toBeNull();
    await redis.set(`${ns}:ticket:seq`, "3"); // the running demo's state

    const second = claimDemoNamespace("redis://127.0.0.1:6379", ns, quiet, 500);
    await expect(second).rejects.toThrow(InstanceLockedError);
    await expect(second).rejects.toThrow(/Refusing to start: another Aduan demo is already running/);
    expect(await redis.get(`${ns}:ticket:seq`)).toBe("3");

    await first.release();
    const third = await claimDemoNamespace("redis://127.0.0.1:6379", ns, quiet, 500);
    await third.release();
  });

  it("wipes only keys under its own prefix, not a prefix that merely starts the same", async () => {
    await redis.set(`${prefix}x:ticket:seq`, "9");
    const mine = await claimDemoNamespace("redis://127.0.0.1:6379", prefix, quiet, 500);
    await mine.release();
    expect(await redis.get(`${prefix}x:ticket:seq`)).toBe("9");
  });
});

describe("instance lock", () => {
  it("is renewed while held, so a holder outlives its TTL", async () => {
    const key = `${prefix}:lock:renewed`;
    const lock = await acquireInstanceLock(redis, key, { what: "x", ttlMs: 300, waitMs: 0 });
    await new Promise((r) => setTimeout(r, 900));
    expect(lock.held()).toBe(true);
    await expect(
      acquireInstanceLock(redis, key, { what: "the bot's long polling", ttlMs: 300, waitMs: 100 }),
    ).rejects.toThrow(/the bot's long polling is already running/);
    await lock.release();
    expect(await redis.exists(key)).toBe(0);
  });

  it("a holder that died (no renewals) is taken over once its lock lapses, instead of refusing", async () => {
    const key = `${prefix}:lock:crashed`;
    await redis.set(key, "dead-host:1234:abcd", "PX", 400);
    const lock = await acquireInstanceLock(redis, key, { what: "x", ttlMs: 400, waitMs: 2000 });
    expect(lock.held()).toBe(true);
    expect(await redis.get(key)).not.toBe("dead-host:1234:abcd");
    await lock.release();
  });

  it("release never deletes a lock someone else holds", async () => {
    const key = `${prefix}:lock:stolen`;
    const lock = await acquireInstanceLock(redis, key, { what: "x", ttlMs: 60_000, waitMs: 0 });
    await redis.set(key, "someone-else");
    await lock.release();
    expect(await redis.get(key)).toBe("someone-else");
  });
});

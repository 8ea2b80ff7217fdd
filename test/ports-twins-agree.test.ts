import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { MemoryIncidentIndex, type IncidentIndex } from "../src/ports/incident-index.js";
import { MemoryRateGate, TELEGRAM_LIMITS, type RateGate } from "../src/ports/rate-gate.js";
import { RedisIncidentIndex } from "../src/redis/incident-index.js";
import { SendRateGate } from "../src/redis/send-rate-gate.js";

/** Each port's in-memory twin must answer like its Redis adapter: the same scenario runs on both. */

const redis = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: 2 });
const namespaces: string[] = [];
const fresh = () => {
  const ns = `test-twins-${randomUUID().slice(0, 8)}`;
  namespaces.push(ns);
  return ns;
};
afterAll(async () => {
  for (const ns of namespaces) {
    const keys = await redis.keys(`${ns}:*`);
    if (keys.length > 0) await redis.del(...keys);
  }
  await redis.quit();
});

const gates: [string, () => RateGate][] = [
  ["redis", () => new SendRateGate(redis, fresh(), TELEGRAM_LIMITS)],
  ["memory", () => new MemoryRateGate(TELEGRAM_LIMITS)],
];

describe.each(gates)("the Telegram rate gate (%s)", (_name, make) => {
  it("lets 20 messages a minute into one group and holds the 21st until the oldest is a minute old", async () => {
    const gate = make();
    const t0 = 1_700_000_000_000;
    const waits: number[] = [];
    for (let i = 0; i < 21; i++) waits.push(await gate.acquire(-1001, t0 + i * 100, "interactive"));
    expect(waits.slice(0, 20).every((w) => w === 0)).toBe(true);
    expect(waits[20]).toBe(60_000 - 2_000);
    expect(await gate.acquire(-1002, t0 + 2_100)).toBe(0);
  });

  it("keeps a fifth of each window for interactive sends: cards stop at 16 a minute in a group, staff answers do not", async () => {
    const gate = make();
    const t0 = 1_700_000_000_000;
    const cards: number[] = [];
    for (let i = 0; i < 17; i++) cards.push(await gate.acquire(-1001, t0 + i * 100, "bulk"));
    expect(cards.filter((w) => w === 0)).toHaveLength(16);
    expect(cards[16]).toBe(60_000 - 1_600);
    // The menu edit a staff member is waiting for still goes: four slots are theirs.
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) answers.push(await gate.acquire(-1001, t0 + 2_000 + i, "interactive"));
    expect(answers.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(answers[4]).toBeGreaterThan(0);
  });

  it("lets strangers' answers fill at most a fifth of the global window, so cards still go", async () => {
    const gate = make();
    const t0 = 1_700_000_000_000;
    const strangers: number[] = [];
    for (let i = 0; i < 10; i++) strangers.push(await gate.acquire(5_000_000_000 + i, t0 + i, "courtesy"));
    expect(strangers.filter((w) => w === 0)).toHaveLength(6);
    expect(await gate.acquire(-1001, t0 + 20, "bulk")).toBe(0);
  });

  it("holds every sender back after a 429 until its retry_after has passed", async () => {
    const gate = make();
    const t0 = 1_700_000_000_000;
    await gate.coolDown("all", t0 + 5_000, t0);
    expect(await gate.acquire(-1001, t0 + 1_000)).toBe(4_000);
    expect(await gate.acquire(-1001, t0 + 5_000)).toBe(0);
  });
});

const indices: [string, () => IncidentIndex][] = [
  ["redis", () => new RedisIncidentIndex(redis, fresh())],
  ["memory", () => new MemoryIncidentIndex()],
];

describe.each(indices)("the incident index (%s)", (_name, make) => {
  it("offers the tickets carded at the same agency and place since the window opened", async () => {
    const index = make();
    await index.add("dsdabm", "jl pagarsih", "ADU-000001", 1_000);
    await index.add("dsdabm", "jl pagarsih", "ADU-000002", 5_000);
    await index.add("dishub", "jl pagarsih", "ADU-000003", 5_000);
    expect((await index.candidates("dsdabm", "jl pagarsih", 2_000)).sort()).toEqual(["ADU-000002"]);
    expect((await index.candidates("dsdabm", "jl pagarsih", 0)).sort()).toEqual(["ADU-000001", "ADU-000002"]);
    expect(await index.candidates("dsdabm", "jl sudirman", 0)).toEqual([]);
  });
});

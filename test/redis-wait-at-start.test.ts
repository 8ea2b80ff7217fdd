import { describe, expect, it } from "vitest";
import { RedisUnreachableError, waitForRedis } from "../src/runtime/redis.js";
import { freePort } from "./faults/support/free-port.js";

function recordingLog() {
  const lines: { level: string; obj: object; msg: string }[] = [];
  const at = (level: string) => (obj: object, msg: string) => void lines.push({ level, obj, msg });
  return { lines, log: { error: at("error"), warn: at("warn"), info: at("info") } };
}

describe("a service process started while Redis is down", () => {
  it("says once how to get Redis, then retries with a growing pause until Redis answers", async () => {
    const { lines, log } = recordingLog();
    const pauses: number[] = [];
    let attempts = 0;
    await waitForRedis("redis://:hunter2@127.0.0.1:1", {
      log,
      probe: async (url) => {
        attempts++;
        if (attempts < 5) throw new RedisUnreachableError(url, new Error("connect ECONNREFUSED"));
      },
      sleep: async (ms) => void pauses.push(ms),
      minDelayMs: 1000,
      maxDelayMs: 4000,
    });

    expect(attempts).toBe(5);
    expect(pauses).toEqual([1000, 2000, 4000, 4000]);
    expect(lines.map((l) => l.level)).toEqual(["error", "warn", "warn", "warn", "info"]);
    const first = lines[0]?.msg ?? "";
    expect(first).toContain("Redis is not reachable at redis://***@127.0.0.1:1");
    expect(first).toContain("apt-get install -y redis-server");
    expect(first).toContain("retrying until it answers");
    expect(first).not.toContain("hunter2");
  });

  it("returns at once, without a word, when Redis answers the first time", async () => {
    const { lines, log } = recordingLog();
    await waitForRedis("redis://127.0.0.1:6379", { log });
    expect(lines).toEqual([]);
  });

  it("keeps trying a port nothing listens on (the real probe fails there, it does not throw out)", async () => {
    const { lines, log } = recordingLog();
    const port = await freePort();
    const gaveUp = new AbortController();
    const waiting = waitForRedis(`redis://127.0.0.1:${port}`, {
      log,
      sleep: (ms) =>
        new Promise((resolve, reject) => {
          if (lines.length >= 2) return reject(gaveUp.signal.reason ?? new Error("enough"));
          setTimeout(resolve, Math.min(ms, 50));
        }),
    });
    await expect(waiting).rejects.toThrow("enough");
    expect(lines[0]?.level).toBe("error");
    expect(lines[1]).toMatchObject({ level: "warn", msg: "Redis still not reachable; retrying" });
  });
});

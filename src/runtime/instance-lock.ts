import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Redis } from "ioredis";
import { AduanError } from "../errors.js";

/**
 * One holder per key across every process on one Redis: the demo per prefix (a second demo would
 * wipe and replay the first's namespace) and the bot's long polling per prefix (two pollers of one
 * token fight with 409s). Not for roles that may run many times (workers, ingest, a webhook bot).
 *
 * The lock is a Redis string holding the owner's token, set with NX and a TTL and renewed every
 * third of it; only the owner renews or releases it (compare-and-set in Lua). A holder killed with
 * SIGKILL stops renewing, so its lock lapses within the TTL: a newcomer waits that long before it
 * gives up, so a process manager's restart after a crash takes over instead of refusing.
 */
export class InstanceLockedError extends AduanError {
  readonly code = "INSTANCE_LOCKED";
  readonly who = "config";
  constructor(
    readonly key: string,
    readonly holder: string,
    what: string,
  ) {
    super(
      `Refusing to start: ${what} is already running on this Redis and prefix (held by ${holder}, key ${key}). ` +
        `Stop it first, or use another ADUAN_PREFIX.`,
    );
    this.name = "InstanceLockedError";
  }
}

export interface InstanceLock {
  readonly key: string;
  /** False once the lock was lost (Redis lost it, or another holder took it after a long stall). */
  held(): boolean;
  release(): Promise<void>;
}

// Renews our lock, or takes it back if it vanished (a Redis restarted without it): 0 only when
// someone else holds it now.
const RENEW = `local v = redis.call("get", KEYS[1])
if v == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) end
if not v then redis.call("set", KEYS[1], ARGV[1], "PX", ARGV[2]) return 1 end
return 0`;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export async function acquireInstanceLock(
  redis: Redis,
  key: string,
  opts: {
    /** What the lock guards, for the refusal message ("the demo", "the bot's long polling"). */
    what: string;
    /** Default 15 s. */
    ttlMs?: number;
    /** How long to wait for a lapsing lock before refusing. Default: the TTL plus a second. */
    waitMs?: number;
    onLost?: () => void;
  },
): Promise<InstanceLock> {
  const ttlMs = opts.ttlMs ?? 15_000;
  const waitMs = opts.waitMs ?? ttlMs + 1000;
  const token = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const deadline = Date.now() + waitMs;
  for (;;) {
    const ok = await redis.set(key, token, "PX", ttlMs, "NX");
    if (ok === "OK") break;
    if (Date.now() >= deadline) {
      throw new InstanceLockedError(key, (await redis.get(key)) ?? "another process", opts.what);
    }
    await new Promise((r) => setTimeout(r, Math.min(500, ttlMs / 4)));
  }
  let held = true;
  const timer = setInterval(
    () => {
      void (redis.eval(RENEW, 1, key, token, String(ttlMs)) as Promise<number>).then(
        (renewed) => {
          if (renewed === 0 && held) {
            held = false;
            clearInterval(timer);
            opts.onLost?.();
          }
        },
        () => undefined, // Redis down for a moment: the next renewal tries again
      );
    },
    Math.max(50, Math.floor(ttlMs / 3)),
  );
  timer.unref();
  return {
    key,
    held: () => held,
    async release() {
      clearInterval(timer);
      if (!held) return;
      held = false;
      await redis.eval(RELEASE, 1, key, token).catch(() => undefined);
    },
  };
}

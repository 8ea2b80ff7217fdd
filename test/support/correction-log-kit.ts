import { Redis } from "ioredis";
import { RecordCorrections } from "../../src/learning/record-corrections.js";
import type { TicketStore } from "../../src/ports/ticket-store.js";
import { RedisCorrectionLog } from "../../src/redis/correction-log.js";
import { RedisTicketStore } from "../../src/redis/ticket-store.js";
import { deleteKeys } from "./delete-keys.js";

/** Where a correction log keeps its entries and how long; the kit's prefix and the shipped retention by default. */
export interface CorrectionLogOptions {
  prefix?: string;
  retentionDays?: number;
}

/** A ticket store that records the staff's corrections, as the bot role wires it. */
export interface RecordingStore {
  store: RecordCorrections;
  log: RedisCorrectionLog;
  /** What failed to be recorded: the decorator swallows these so a staff action never fails for it. */
  errors: unknown[];
}

/**
 * The Redis side of a corrections test: one connection to the real Redis, correction logs under
 * the test file's own prefix (or prefixes below it), and a `close` that leaves none of its keys.
 */
export interface CorrectionLogKit {
  redis: Redis;
  /** `inner` (a staff kit's store, say) with its corrections recorded in a log of their own. */
  recording(inner: TicketStore, opts?: CorrectionLogOptions): RecordingStore;
  /** A Redis ticket store and its correction log under one prefix, as a deployment keeps them. */
  redisStore(opts?: CorrectionLogOptions): RecordingStore & { inner: RedisTicketStore };
  /** Deletes every key under the kit's prefix and closes the connection. */
  close(): Promise<void>;
}

export function openCorrectionLogKit(prefix: string): CorrectionLogKit {
  const redis = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: 2 });
  const recording = (inner: TicketStore, opts: CorrectionLogOptions = {}): RecordingStore => {
    const log = new RedisCorrectionLog(redis, opts.prefix ?? prefix, opts.retentionDays);
    const errors: unknown[] = [];
    return { store: new RecordCorrections(inner, log, (_ticketId, err) => errors.push(err)), log, errors };
  };
  return {
    redis,
    recording,
    redisStore(opts = {}) {
      const inner = new RedisTicketStore(redis, opts.prefix ?? prefix);
      return { inner, ...recording(inner, opts) };
    },
    async close() {
      await deleteKeys(prefix, redis);
      await redis.quit();
    },
  };
}

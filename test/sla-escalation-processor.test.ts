import { DelayedError, Queue, UnrecoverableError, type Job } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { slaProcessor } from "../jobs/sla.js";
import { DeliverLaterError } from "../src/dispatch/deliver-card.js";
import { bullPrefix, type SlaQueueJob } from "../jobs/queues.js";
import type { SlaCheck, SlaCheckOutcome } from "../src/supervision/escalation.js";
import { dailyCron, SUPERVISION_SCHEDULERS, upsertSupervisionSchedulers } from "../jobs/sla-job-queue.js";
import { deleteKeys } from "./support/pipeline-harness.js";

const prefix = `test-sla-proc-${process.pid}`;
const redis = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: null });
const queue = new Queue<SlaQueueJob>("sla", { connection: redis, prefix: bullPrefix(prefix) });
afterAll(async () => {
  await queue.close();
  redis.disconnect();
  await deleteKeys(prefix);
});

/** Just what the processor touches of a BullMQ job. */
function fakeJob(id: string, data: unknown) {
  const moved: number[] = [];
  const job = {
    id,
    data,
    moveToDelayed: async (at: number) => void moved.push(at),
  } as unknown as Job<SlaQueueJob>;
  return { job, moved };
}

function processor(check: (c: SlaCheck) => Promise<SlaCheckOutcome>, digest = async () => "digest") {
  return slaProcessor({ check, breachSummary: async () => "summary", digest, now: () => 1_000_000 });
}

const checkData = {
  kind: "check",
  ticketId: "ADU-000123",
  check: "breach-resolution",
  clock: 2,
  at: "2026-11-30T02:00:00.000Z",
} as const;

describe("the sla job processor", () => {
  it("runs the check named by the job id and its payload", async () => {
    const seen: SlaCheck[] = [];
    const run = processor(async (c) => {
      seen.push(c);
      return { outcome: "skipped", reason: "stopped" };
    });
    await run(fakeJob("ADU-000123-breach-resolution-2", checkData).job);
    expect(seen).toEqual([{ ticketId: "ADU-000123", kind: "breach-resolution", clock: 2 }]);
  });

  it.each([
    ["a payload that disagrees with its id", "ADU-000124-breach-resolution-2", checkData],
    ["an id that is not an SLA check", "tweet-1", checkData],
    ["an unknown kind", "x", { kind: "sweep" }],
    ["no payload at all", "x", undefined],
  ])("refuses %s without retrying", async (_name, id, data) => {
    const run = processor(async () => ({ outcome: "skipped", reason: "stopped" }));
    await expect(run(fakeJob(id, data).job)).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it("puts a check that fired early back to wait for its real instant", async () => {
    const at = new Date("2026-11-30T02:00:00Z");
    const { job, moved } = fakeJob("ADU-000123-breach-resolution-2", checkData);
    await expect(processor(async () => ({ outcome: "early", at }))(job)).rejects.toBeInstanceOf(DelayedError);
    expect(moved).toEqual([at.getTime()]);
  });

  it("lets a digest held by the rate gate wait without spending an attempt", async () => {
    const { job, moved } = fakeJob("repeat:sla-digest:1", { kind: "digest" });
    const run = processor(
      async () => ({ outcome: "skipped", reason: "stopped" }),
      async () => {
        throw new DeliverLaterError(3_000, "rate gate");
      },
    );
    await expect(run(job)).rejects.toBeInstanceOf(DelayedError);
    expect(moved).toEqual([1_003_000]);
  });
});

describe("the daily schedulers", () => {
  it.each([
    ["07:00", "0 7 * * *"],
    ["06:30", "30 6 * * *"],
    ["24:00", "0 0 * * *"],
  ])("turns %s into the cron pattern %s", (time, cron) => {
    expect(dailyCron(time)).toBe(cron);
  });

  it("registers a separate breach summary only when it is at another time than the digest", async () => {
    const timezone = "Asia/Jakarta" as const;
    await upsertSupervisionSchedulers(queue, {
      timezone,
      schedule: { breach_summary: "06:30", digest: "07:00" },
    });
    const both = await queue.getJobSchedulers();
    expect(both.find((s) => s.key === SUPERVISION_SCHEDULERS.breachSummary)).toMatchObject({
      pattern: "30 6 * * *",
      tz: timezone,
    });
    // 06:30 WIB is 23:30 UTC the day before.
    const next = both.find((s) => s.key === SUPERVISION_SCHEDULERS.breachSummary)?.next;
    expect(new Date(next!).toISOString()).toMatch(/T23:30:00\.000Z$/);

    await upsertSupervisionSchedulers(queue, {
      timezone,
      schedule: { breach_summary: "07:00", digest: "07:00" },
    });
    expect((await queue.getJobSchedulers()).map((s) => s.key)).toEqual([SUPERVISION_SCHEDULERS.digest]);
  });
});

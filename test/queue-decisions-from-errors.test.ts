import { DelayedError, UnrecoverableError, type Job } from "bullmq";
import { describe, expect, it } from "vitest";
import { settle } from "../jobs/settle.js";
import { DeliverLaterError } from "../src/dispatch/deliver-card.js";
import { ChatApiError } from "../src/ports/chat-gateway.js";
import { ReplyBusyError } from "../src/replies/send-reply.js";
import { RetryLaterError } from "../src/errors.js";

/** Just what the helper touches of a BullMQ job. */
function fakeJob() {
  const moved: number[] = [];
  const job = { moveToDelayed: async (at: number) => void moved.push(at) } as unknown as Job;
  return { job, moved };
}

const NOW = 1_000_000;

describe("the one helper that turns our errors into queue decisions", () => {
  it.each([
    ["a send the rate gate holds back", new DeliverLaterError(3_000, "rate gate"), NOW + 3_000],
    ["a reply another attempt is posting", new ReplyBusyError("held"), NOW + 5_000],
    ["a wait too short to be worth it", new DeliverLaterError(1, "almost"), NOW + 50],
  ])("puts %s back to wait without spending an attempt", async (_name, err, at) => {
    const { job, moved } = fakeJob();
    await expect(settle(err, job, { token: "t", now: NOW })).rejects.toBeInstanceOf(DelayedError);
    expect(moved).toEqual([at]);
  });

  it("fails a request Telegram refused for good at once, and retries one it may accept later", async () => {
    const { job } = fakeJob();
    const refused = new ChatApiError("sendMessage", 400, "Bad Request: chat not found");
    const overloaded = new ChatApiError("sendMessage", 502, "Bad Gateway");
    await expect(settle(refused, job, { token: "t", now: NOW })).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(settle(overloaded, job, { token: "t", now: NOW })).rejects.toBe(overloaded);
  });

  it("without a worker at hand, waits a queue-wide limit out on the job itself", async () => {
    const { job, moved } = fakeJob();
    const limit = new RetryLaterError("x", "X_RATE_LIMITED", "429", 60_000, "queue");
    await expect(settle(limit, job, { token: "t", now: NOW })).rejects.toBeInstanceOf(DelayedError);
    expect(moved).toEqual([NOW + 60_000]);
  });

  it("rethrows anything else for the queue's attempts and backoff", async () => {
    const { job, moved } = fakeJob();
    const boom = new Error("connection reset");
    await expect(settle(boom, job, { token: "t", now: NOW })).rejects.toBe(boom);
    expect(moved).toEqual([]);
  });
});

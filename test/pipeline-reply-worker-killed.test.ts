import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoWorld, type DemoWorld } from "../sim/demo/demo-world.js";
import { bullPrefix, jobId, QUEUE } from "../jobs/queues.js";
import { type ReplyJob } from "../src/ports/effects.js";
import { RedisTicketStore } from "../src/redis/ticket-store.js";
import { waitFor } from "./support/eventually.js";
import { childEnv } from "./support/test-env.js";
import { deleteKeys, shippedConfig } from "./support/pipeline-harness.js";
import { sampleTweet, sampleVerdict } from "./support/sample-ticket.js";

const REDIS_URL = "redis://127.0.0.1:6379";
const prefix = `test-reply-kill-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

let world: DemoWorld;
let redis: Redis;
let store: RedisTicketStore;
let replies: Queue<ReplyJob>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  world = await startDemoWorld((await shippedConfig()).agencies);
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  store = new RedisTicketStore(redis, prefix);
  replies = new Queue<ReplyJob>(QUEUE.replies, { connection: redis, prefix: bullPrefix(prefix) });
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await replies?.close();
  redis?.disconnect();
  await world?.close();
  await deleteKeys(prefix);
});

/** The replies stage in a process of its own; resolves once it prints `ready`. */
async function replyWorker(flags: string[] = []): Promise<{ child: ChildProcess; lines: string[] }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "test/support/reply-worker-process.ts", REDIS_URL, prefix, world.x.url, ...flags],
    { stdio: ["ignore", "pipe", "inherit"], env: childEnv() },
  );
  children.push(child);
  const lines: string[] = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (l) => lines.push(l));
  await waitFor(
    () => lines.includes("ready") || child.exitCode !== null,
    "the reply worker to start",
    30_000,
  );
  if (!lines.includes("ready")) throw new Error(`the reply worker exited with ${child.exitCode}`);
  return { child, lines };
}

describe("a reply worker killed between posting and recording", () => {
  it("still leaves exactly one reply, found on X and recorded by the next worker", async () => {
    const tweet = world.x.addTweet({
      text: "@PemkotBandung jalan di Jl. Sangkuriang berlubang besar depan kampus, udah 2 minggu ga dibenerin",
      author: { username: "warga_coblong", name: "Rina Kusuma" },
    });
    const { ticket: created } = await store.createFromTweet(
      sampleTweet({
        id: tweet.id,
        author_id: tweet.author_id,
        author_username: "warga_coblong",
        text: tweet.text,
        url: `https://x.com/warga_coblong/status/${tweet.id}`,
      }),
      sampleVerdict({ id: tweet.id }),
      new Date().toISOString(),
    );
    const { ticket } = await store.transition(
      created.id,
      { type: "dispatch", agency: "dsdabm" },
      new Date().toISOString(),
      "system",
    );

    const doomed = await replyWorker(["--hang-after-post"]);
    await replies.add(
      "received",
      { ticketId: ticket.id, kind: "received", round: 1 },
      {
        jobId: jobId.reply(ticket.id, "received", 1),
        attempts: 5,
      },
    );
    // X has the reply: the process dies before it can write that down.
    await waitFor(() => world.x.tweets({ inReplyTo: tweet.id }).length > 0, "X to accept the reply");
    await waitFor(() => doomed.lines.some((l) => l.startsWith("posted ")), "the worker to report the post");
    doomed.child.kill("SIGKILL");
    await new Promise((resolve) => doomed.child.once("exit", resolve));
    expect(doomed.child.signalCode).toBe("SIGKILL");
    expect((await store.get(ticket.id))?.replies).toEqual({});
    expect((await store.getEffect(`reply:${ticket.id}:received:1`))?.state).toBe("in_progress");

    const fresh = await replyWorker();
    const recorded = await waitFor(
      async () => (await store.get(ticket.id))?.replies["received"],
      "the fresh worker to record the reply",
      20_000,
    );

    const onX = world.x.tweets({ inReplyTo: tweet.id });
    expect(onX).toHaveLength(1);
    expect(onX[0]?.id).toBe(recorded);
    expect(onX[0]?.text).toContain(ticket.id);
    // The job completes just after the ticket records the reply.
    const completed = await waitFor(
      () => fresh.lines.find((l) => l.startsWith("completed ")),
      "the fresh worker to finish the job",
    );
    expect(completed).toContain('"status":"found"');
    expect(world.x.stats().postsCreated).toBe(1);
    fresh.child.kill("SIGTERM");
    await new Promise((resolve) => fresh.child.once("exit", resolve));
  }, 60_000);
});

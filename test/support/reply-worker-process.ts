/**
 * The replies stage alone, as its own process, for tests that kill it. Wired like the composition
 * root (the real `repliesProcessor`, `sendReply`, twitter-api-v2 against the X simulator, the
 * Redis ticket store) but with short locks so a fresh process picks up a dead one's job in about
 * a second instead of BullMQ's default 30 s.
 *
 *   tsx test/support/reply-worker-process.ts <redis url> <prefix> <x url> [--hang-after-post]
 *
 * With `--hang-after-post` it prints `posted <tweet id>` as soon as X has accepted a reply and then
 * never records it: the test kills the process at exactly that point. It prints `ready` once its
 * worker is taking jobs.
 */
import { Worker } from "bullmq";
import { repliesProcessor } from "../../jobs/replies.js";
import { pipelineSettings } from "../../src/app/pipeline-settings-from-config.js";
import { loadConfig } from "../../src/app/load-config.js";
import { DEMO_X_CREDENTIALS } from "../../sim/demo/demo-world.js";
import { bullPrefix, QUEUE } from "../../jobs/queues.js";
import { type ReplyJob } from "../../src/ports/effects.js";
import { replyText } from "../../src/core/reply-text.js";
import { sendReply } from "../../src/replies/send-reply.js";
import { createRedis } from "../../src/runtime/redis.js";
import { RedisTicketStore } from "../../src/redis/ticket-store.js";
import { XApiTweetPublisher } from "../../src/x/tweet-publisher.js";
import { type TweetPublisher } from "../../src/ports/tweet-publisher.js";
import { createXClient } from "../../src/x/x-client.js";

const [redisUrl, prefix, xUrl, ...flags] = process.argv.slice(2);
if (!redisUrl || !prefix || !xUrl) {
  console.error("usage: reply-worker-process.ts <redis url> <prefix> <x url> [--hang-after-post]");
  process.exit(2);
}
const hangAfterPost = flags.includes("--hang-after-post");

const config = await loadConfig("config", new Date());
const settings = pipelineSettings(config, {}, {});
const redis = createRedis(redisUrl, "worker");
await redis.connect();
const store = new RedisTicketStore(redis, prefix);
const real = new XApiTweetPublisher(
  createXClient({ baseUrl: xUrl, ...DEMO_X_CREDENTIALS, timeoutMs: 5_000 }),
  settings.ourAccounts[0] ?? "PemkotBandung",
);
const publisher: TweetPublisher = {
  async reply(inReplyTo, text) {
    const posted = await real.reply(inReplyTo, text);
    if (hangAfterPost) {
      console.log(`posted ${posted.id}`);
      await new Promise(() => {}); // the test SIGKILLs us here: X has the reply, Redis never hears of it
    }
    return posted;
  },
  findOurReply: (inReplyTo, marker) => real.findOurReply(inReplyTo, marker),
};

const worker: Worker<ReplyJob> = new Worker<ReplyJob>(
  QUEUE.replies,
  repliesProcessor({
    send: (job) =>
      sendReply(
        {
          store,
          publisher,
          settings,
          render: (ticket, kind) => replyText(ticket, kind, settings, config.templates),
          countPost: async () => {},
          now: () => Date.now(),
          leaseMs: 1_000,
        },
        job,
      ),
    worker: () => worker,
    now: () => Date.now(),
    maxPauseMs: 1_000,
  }),
  {
    connection: redis,
    prefix: bullPrefix(prefix),
    concurrency: 1,
    lockDuration: 1_000,
    stalledInterval: 500,
  },
);
worker.on("completed", (job, result) => console.log(`completed ${job.id} ${JSON.stringify(result)}`));
worker.on("failed", (job, err) => console.log(`failed ${job?.id} ${err.message}`));
await worker.waitUntilReady();
console.log("ready");

process.on("SIGTERM", () => {
  void worker.close().then(() => redis.quit().finally(() => process.exit(0)));
});

import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { pipelineSettings } from "../src/app/pipeline-settings-from-config.js";
import { bullPrefix, type SlaQueueJob } from "../jobs/queues.js";
import { type TelegramJob } from "../src/ports/effects.js";
import { ManualClock } from "../src/runtime/clock.js";
import {
  planSlaJobs,
  runSlaCheck,
  type EscalationDeps,
  type SlaCheck,
} from "../src/supervision/escalation.js";
import { BullSlaJobQueue } from "../jobs/sla-job-queue.js";
import { supervisionContext } from "../src/core/supervision-context.js";
import type { Ticket } from "../src/core/ticket.js";
import { RedisTicketStore } from "../src/redis/ticket-store.js";
import { deleteKeys, shippedConfig } from "./support/pipeline-harness.js";
import { sampleTweet, sampleVerdict } from "./support/sample-ticket.js";

const DSDABM_CHAT = -1001000000001;
const DISKARPB_CHAT = -1001000000002;
const SUPERVISORS_CHAT = -1001000000999;
const prefix = `test-sla-esc-${process.pid}`;
const SARI = { id: 1001, name: "Sari (DSDABM)" };

/** Monday 23 Nov 2026, 09:00 WIB. */
const MONDAY_9 = Date.parse("2026-11-23T02:00:00Z");

let redis: Redis;
let store: RedisTicketStore;
let queue: Queue<SlaQueueJob>;
let sent: { job: TelegramJob; jobId: string }[];
let deps: EscalationDeps;
let clock: ManualClock;
let sla: ReturnType<typeof supervisionContext>;
let tweetSeq = 0;

beforeAll(async () => {
  const config = await shippedConfig();
  redis = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: null });
  store = new RedisTicketStore(redis, prefix);
  queue = new Queue<SlaQueueJob>("sla", { connection: redis, prefix: bullPrefix(prefix) });
  sla = supervisionContext(config);
  clock = new ManualClock(MONDAY_9);
  const settings = pipelineSettings(
    config,
    {},
    { dsdabm: DSDABM_CHAT, diskarpb: DISKARPB_CHAT, supervisors: SUPERVISORS_CHAT },
  );
  deps = {
    store,
    sla,
    settings,
    now: () => clock.now(),
    // The outbox: a second add under the same id is ignored, as BullMQ does.
    enqueueTelegram: async (job, jobId) => {
      if (!sent.some((s) => s.jobId === jobId)) sent.push({ job, jobId });
    },
  };
});

beforeEach(() => {
  sent = [];
  clock.set(MONDAY_9);
});

afterAll(async () => {
  await queue.close();
  redis.disconnect();
  await deleteKeys(prefix);
});

/** A pothole report to DSDABM, received and dispatched at the clock's time, its card posted. */
async function dispatchedTicket(urgency: "normal" | "urgent" = "normal"): Promise<Ticket> {
  const id = `18650000000000${String(++tweetSeq).padStart(5, "0")}`;
  const at = new Date(clock.now()).toISOString();
  const { ticket } = await store.createFromTweet(
    sampleTweet({ id, url: `https://x.com/wargacoblong/status/${id}` }),
    sampleVerdict({ id, urgency }),
    at,
  );
  await store.transition(ticket.id, { type: "dispatch" }, at, "system");
  return store.setTelegramMessage(ticket.id, DSDABM_CHAT, 500 + tweetSeq);
}

const check = (t: Ticket, kind: SlaCheck["kind"], clockN = 1): SlaCheck => ({
  ticketId: t.id,
  kind,
  clock: clockN,
});

describe("planning the checks", () => {
  it("puts a reminder at 80% and a breach check at the deadline of each clock, as delayed jobs", async () => {
    const ticket = await dispatchedTicket();

    const plan = await planSlaJobs(
      { queue: new BullSlaJobQueue(queue), sla, now: () => clock.now() },
      ticket,
    );

    // DSDABM: 24 working hours to Ambil. Mon 09-16 (7 h) + Tue (8 h) + Wed 08:00-12:12 (4.2 h) = 19.2 h.
    const remindAt = Date.parse("2026-11-25T05:12:00Z");
    const dueAt = Date.parse("2026-11-26T02:00:00Z"); // Thursday 09:00 WIB
    const job = await queue.getJob(`${ticket.id}-remind-first-response-1`);
    expect(job?.delay).toBe(remindAt - MONDAY_9);
    expect(job?.data).toMatchObject({ kind: "check", ticketId: ticket.id, check: "remind-first-response" });
    expect((await queue.getJob(`${ticket.id}-breach-first-response-1`))?.delay).toBe(dueAt - MONDAY_9);
    expect(await queue.getJob(`${ticket.id}-breach-resolution-1`)).toBeDefined();
    expect(plan.scheduled.map((s) => s.result)).toEqual(["added", "added", "added", "added"]);
  });

  it("planning again changes nothing, and a reassignment to a faster agency moves the pending checks", async () => {
    const ticket = await dispatchedTicket();
    const jobs = new BullSlaJobQueue(queue);
    await planSlaJobs({ queue: jobs, sla, now: () => clock.now() }, ticket);

    const again = await planSlaJobs({ queue: jobs, sla, now: () => clock.now() }, ticket);
    expect(again.scheduled.every((s) => s.result === "kept")).toBe(true);

    clock.advance(3_600_000); // Monday 10:00: Diskar PB promises Ambil within 4 working hours
    const { ticket: moved } = await store.transition(
      ticket.id,
      { type: "reassign", agency: "diskarpb" },
      new Date(clock.now()).toISOString(),
      `tg:${SARI.id}`,
    );
    const replanned = await planSlaJobs({ queue: jobs, sla, now: () => clock.now() }, moved);

    // The clock is not reset by the reassignment: 4 h from Monday 09:00 is Monday 13:00 WIB.
    const breach = replanned.scheduled.find((s) => s.jobId.endsWith("breach-first-response-1"));
    expect(breach).toMatchObject({ result: "moved", at: new Date("2026-11-23T06:00:00Z") });
    const job = await queue.getJob(`${ticket.id}-breach-first-response-1`);
    expect(job?.data).toMatchObject({ at: "2026-11-23T06:00:00.000Z" });
  });

  it("a ticket resolved in time cancels its pending reminders", async () => {
    const ticket = await dispatchedTicket();
    const jobs = new BullSlaJobQueue(queue);
    await planSlaJobs({ queue: jobs, sla, now: () => clock.now() }, ticket);

    clock.advance(2 * 3_600_000);
    const { ticket: resolved } = await store.transition(
      ticket.id,
      { type: "resolve", note: "Lubang sudah ditambal" },
      new Date(clock.now()).toISOString(),
      `tg:${SARI.id}`,
    );
    const plan = await planSlaJobs({ queue: jobs, sla, now: () => clock.now() }, resolved);

    expect(plan.scheduled).toEqual([]);
    expect(plan.cancelled.sort()).toEqual(
      [
        `${ticket.id}-breach-first-response-1`,
        `${ticket.id}-breach-resolution-1`,
        `${ticket.id}-remind-first-response-1`,
        `${ticket.id}-remind-resolution-1`,
      ].sort(),
    );
    expect(await queue.getJob(`${ticket.id}-remind-resolution-1`)).toBeUndefined();
    // A check already on its way finds nothing to say.
    clock.set(Date.parse("2026-11-26T02:00:00Z"));
    expect(await runSlaCheck(deps, check(ticket, "breach-first-response"))).toEqual({
      outcome: "skipped",
      reason: "stopped",
    });
    expect(sent).toEqual([]);
  });
});

describe("when a check fires", () => {
  it("reminds the agency group at 80% of the first-response target, as a reply to the card", async () => {
    const ticket = await dispatchedTicket();
    clock.set(Date.parse("2026-11-25T05:12:00Z"));

    const out = await runSlaCheck(deps, check(ticket, "remind-first-response"));

    expect(out).toMatchObject({ outcome: "sent", chatId: DSDABM_CHAT });
    expect(sent).toHaveLength(1);
    const { job, jobId } = sent[0]!;
    expect(jobId).toBe(`sla-${ticket.id}-remind-first-response-1`);
    expect(job).toMatchObject({
      kind: "text",
      chatId: DSDABM_CHAT,
      replyToMessageId: ticket.telegram?.message_id,
    });
    const html = job.kind === "text" ? job.html : "";
    expect(html).toContain(`⏰ ${ticket.id}: batas respons pertama tinggal 4 jam 48 menit lagi`);
    expect(html).toContain("26 Nov 2026 09.00 WIB");
    expect(html).toContain("Mohon segera diambil.");
    expect(html).toContain(`https://t.me/c/1000000001/${ticket.telegram?.message_id}`);
  });

  it("reminds the triage group, under the card, while the card stands in there for an unreachable group", async () => {
    const dispatched = await dispatchedTicket();
    const triageChat = -1001000000003; // the desk the card went to
    const ticket = await store.setTelegramMessage(dispatched.id, triageChat, 4242, "dsdabm");
    clock.set(Date.parse("2026-11-25T05:12:00Z"));

    const out = await runSlaCheck(deps, check(ticket, "remind-first-response"));

    expect(out).toMatchObject({ outcome: "sent", chatId: triageChat });
    expect(sent[0]?.job).toMatchObject({ kind: "text", chatId: triageChat, replyToMessageId: 4242 });
  });

  it("a check that fires before its time (the deadline moved) asks to run again at the right instant", async () => {
    const ticket = await dispatchedTicket();
    clock.set(Date.parse("2026-11-24T02:00:00Z"));

    const out = await runSlaCheck(deps, check(ticket, "breach-first-response"));

    expect(out).toEqual({ outcome: "early", at: new Date("2026-11-26T02:00:00Z") });
    expect(sent).toEqual([]);
  });

  it("tells the supervisors when the resolution deadline passes, with the age, the owner and the tweet", async () => {
    const ticket = await dispatchedTicket("urgent");
    clock.advance(20 * 60_000);
    await store.transition(
      ticket.id,
      { type: "claim", assignee: SARI },
      new Date(clock.now()).toISOString(),
      "tg:1001",
    );
    // Urgent DSDABM tickets: 24 hours on the 24/7 clock. The check runs a little late.
    clock.set(MONDAY_9 + 24 * 3_600_000 + 30 * 60_000);

    const out = await runSlaCheck(deps, check(ticket, "breach-resolution"));

    expect(out).toMatchObject({ outcome: "sent", chatId: SUPERVISORS_CHAT });
    const job = sent[0]!.job;
    expect(job).toMatchObject({ kind: "text", chatId: SUPERVISORS_CHAT });
    const html = job.kind === "text" ? job.html : "";
    expect(html).toContain(`🔴 ${ticket.id} melewati batas penyelesaian`);
    expect(html).toContain("Pemilik: DSDABM · Sari (DSDABM)");
    expect(html).toContain("Umur: 1 hari · Terlambat: 30 menit");
    expect(html).toContain("Target: 1 hari");
    expect(html).not.toContain("jam kerja");
    expect(html).toContain(`href="${ticket.tweet.url}"`);
  });

  it("never sends the same reminder twice, even after a restart", async () => {
    const ticket = await dispatchedTicket();
    clock.set(Date.parse("2026-11-26T02:00:00Z"));

    const first = await runSlaCheck(deps, check(ticket, "breach-first-response"));
    const retried = await runSlaCheck(deps, check(ticket, "breach-first-response"));
    // A new process: new dependencies, same Redis.
    const restarted = await runSlaCheck(
      { ...deps, store: new RedisTicketStore(redis, prefix) },
      check(ticket, "breach-first-response"),
    );

    expect(first.outcome).toBe("sent");
    expect(retried).toEqual({ outcome: "skipped", reason: "already_sent" });
    expect(restarted).toEqual({ outcome: "skipped", reason: "already_sent" });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.job.kind === "text" && sent[0]!.job.html).toContain("belum diambil");
  });

  it("a reminder that fires after the deadline stays quiet: the breach alert says it all", async () => {
    const ticket = await dispatchedTicket();
    clock.set(Date.parse("2026-11-26T03:00:00Z"));

    expect(await runSlaCheck(deps, check(ticket, "remind-first-response"))).toEqual({
      outcome: "skipped",
      reason: "past_due",
    });
  });

  it("a reopened ticket gets a fresh resolution clock with its own reminder", async () => {
    const ticket = await dispatchedTicket("urgent");
    const at = (ms: number) => new Date(ms).toISOString();
    await store.transition(ticket.id, { type: "resolve" }, at(MONDAY_9 + 3_600_000), "tg:1001");
    await store.transition(
      ticket.id,
      { type: "reopen", reason: "masih bolong" },
      at(MONDAY_9 + 5 * 3_600_000),
      "x:90001",
    );
    // Clock 2 starts at the reopen (14:00 WIB): 80% of 24 h later.
    clock.set(MONDAY_9 + 5 * 3_600_000 + 0.8 * 24 * 3_600_000);

    expect(await runSlaCheck(deps, check(ticket, "remind-resolution", 1))).toMatchObject({
      outcome: "skipped",
    });
    expect(await runSlaCheck(deps, check(ticket, "remind-resolution", 2))).toMatchObject({ outcome: "sent" });
    expect(sent.map((s) => s.jobId)).toEqual([`sla-${ticket.id}-remind-resolution-2`]);
  });
});

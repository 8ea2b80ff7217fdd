import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUPERVISION_SCHEDULERS } from "../jobs/sla-job-queue.js";
import { waitFor } from "./support/eventually.js";
import { startPipeline, type PipelineHarness } from "./support/pipeline-harness.js";
import { sampleTweet, sampleVerdict } from "./support/sample-ticket.js";

let h: PipelineHarness;
beforeAll(async () => {
  h = await startPipeline();
});
afterAll(async () => {
  await h?.close();
});

describe("SLA escalation in the running pipeline", () => {
  it("a dispatched tweet gets its reminder and breach checks as delayed jobs in the sla queue", async () => {
    const tweet = h.world.x.addTweet({
      text: "@PemkotBandung jalan berlubang parah di jl. pagarsih, motor sering jatuh. tolong diperbaiki",
      author: { username: "warga_bdg", name: "Warga Bandung" },
    });
    await h.aduan.pollNow();
    const ticket = await waitFor(async () => {
      const t = await h.aduan.store.getByTweetId(tweet.id);
      return t?.status === "dispatched" ? t : undefined;
    }, "the dispatched ticket");

    // The plan is made right after the transition is stored: wait for it rather than race it.
    const ids = [
      "remind-first-response-1",
      "breach-first-response-1",
      "remind-resolution-1",
      "breach-resolution-1",
    ];
    for (const id of ids) {
      const job = await waitFor(() => h.aduan.queues.sla.getJob(`${ticket.id}-${id}`), id);
      expect(await job.getState()).toBe("delayed");
    }
    // Normal DSDABM tickets have 24 working hours to Ambil: at least three calendar days away.
    const breach = await h.aduan.queues.sla.getJob(`${ticket.id}-breach-first-response-1`);
    expect(breach!.delay).toBeGreaterThan(2 * 86_400_000);
  });

  it("a ticket already past its deadline reaches the supervisors' group once, through the real worker", async () => {
    const supervisors = h.world.chatIds["supervisors"]!;
    const threeWeeksAgo = new Date(Date.now() - 21 * 86_400_000).toISOString();
    // A ticket that sat unclaimed for three weeks (e.g. created while the workers were down).
    const { ticket } = await h.aduan.store.createFromTweet(
      sampleTweet({
        id: "1866000000000000001",
        url: "https://x.com/wargacoblong/status/1866000000000000001",
      }),
      sampleVerdict({ id: "1866000000000000001" }),
      threeWeeksAgo,
    );
    await h.aduan.store.transition(ticket.id, { type: "dispatch" }, new Date().toISOString(), "system");

    const alerts = await waitFor(() => {
      const m = h.world.telegram.messages(supervisors).filter((x) => (x.text ?? "").includes(ticket.id));
      return m.length > 0 ? m : undefined;
    }, "the breach alert");
    expect(alerts[0]!.text).toContain(`🔴 ${ticket.id} melewati batas respons pertama`);
    expect(alerts[0]!.text).toContain("Umur: 21 hari");
    expect(alerts[0]!.text).toContain("belum diambil");

    // A later change re-plans the same ids; the alert is not repeated.
    await h.aduan.store.transition(
      ticket.id,
      { type: "claim", assignee: { id: 1001, name: "Sari" } },
      new Date().toISOString(),
      "tg:1001",
    );
    const job = await h.aduan.queues.sla.getJob(`${ticket.id}-breach-first-response-1`);
    await waitFor(async () => ((await job?.getState()) === "completed" ? true : undefined), "the check done");
    const sent = h.world.telegram.messages(supervisors).filter((x) => (x.text ?? "").includes(ticket.id));
    expect(sent.filter((m) => (m.text ?? "").includes("respons pertama"))).toHaveLength(1);
  });

  it("a ticket waiting in the triage group gets its checks once its card is there; a closed non-complaint gets none", async () => {
    const store = h.aduan.store;
    const now = new Date().toISOString();
    const { ticket: waiting } = await store.createFromTweet(
      sampleTweet({ id: "1866000000000000002" }),
      sampleVerdict({ id: "1866000000000000002", agency: null, confidence: 0.1 }),
      now,
    );
    expect(await h.aduan.queues.sla.getJob(`${waiting.id}-breach-first-response-1`)).toBeUndefined();
    await store.setTelegramMessage(waiting.id, h.world.chatIds["diskominfo"]!, 4242);
    expect(await h.aduan.queues.sla.getJob(`${waiting.id}-breach-first-response-1`)).toBeDefined();

    const { ticket: praise } = await store.createFromTweet(
      sampleTweet({ id: "1866000000000000003", text: "@PemkotBandung taman sekarang bersih, mantap!" }),
      sampleVerdict({ id: "1866000000000000003", complaint: false }),
      now,
    );
    await store.transition(praise.id, { type: "mark_not_complaint" }, now, "system");
    const jobs = await h.aduan.queues.sla.getJobs(["delayed", "waiting", "active", "completed"]);
    expect(jobs.filter((j) => j.id?.startsWith(`${praise.id}-`))).toEqual([]);
  });

  it("registers the daily digest at 07:00 Jakarta time with the Job Scheduler", async () => {
    const schedulers = await h.aduan.queues.sla.getJobSchedulers();
    const digest = schedulers.find((s) => s.key === SUPERVISION_SCHEDULERS.digest);
    expect(digest).toMatchObject({ pattern: "0 7 * * *", tz: "Asia/Jakarta" });
    // The shipped policy sends the breach summary at the same minute: the digest carries it.
    expect(schedulers.find((s) => s.key === SUPERVISION_SCHEDULERS.breachSummary)).toBeUndefined();
    // 07:00 WIB is 00:00 UTC.
    expect(new Date(digest!.next!).toISOString()).toMatch(/T00:00:00\.000Z$/);
  });
});

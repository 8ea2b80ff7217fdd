import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPipeline, type PipelineHarness } from "./support/pipeline-harness.js";
import { eventually, waitFor } from "./support/eventually.js";

let h: PipelineHarness;
let base: string;
const ADMIN_PASSWORD = "kata-sandi-dasbor-2026";

/** Parses the Prometheus text format into `name{labels}` → value. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line.startsWith("#") || line.trim() === "") continue;
    const at = line.lastIndexOf(" ");
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

async function scrape(): Promise<Map<string, number>> {
  const res = await fetch(`${base}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/plain");
  return samples(await res.text());
}

beforeAll(async () => {
  h = await startPipeline({
    roles: ["ingest", "workers", "bot"],
    httpPort: 0,
    adminPassword: ADMIN_PASSWORD,
  });
  base = (h.aduan.httpUrl ?? "").replace("0.0.0.0", "127.0.0.1");
  // The poll scheduler's first run happens at start; let it pass so the reads below are counted once.
  await waitFor(
    async () => ((await h.aduan.queues.ingest.getJobCounts("completed"))["completed"] ?? 0) >= 1,
    "the scheduler's first poll",
  );
  // One card meets a Telegram 429 on the way, so the counter has something to count.
  h.world.telegram.addFault({ method: "sendMessage", status: 429, retryAfter: 1, count: 1 });
  const tweets = [
    h.world.x.addTweet({
      text: "@PemkotBandung sampah di TPS pasar ciroyom numpuk udh seminggu gk diangkut, bau bgt",
      author: { username: "warga_ciroyom" },
    }),
    h.world.x.addTweet({
      text: "@PemkotBandung lampu merah di perempatan jl. pasteur mati dari pagi, macet parah",
      author: { username: "ojol_pasteur" },
    }),
    h.world.x.addTweet({
      text: "@PemkotBandung terima kasih pak, taman di dago sekarang bersih dan rapi",
      author: { username: "warga_dago" },
    }),
  ];
  await h.aduan.pollNow();
  for (const t of tweets) await waitFor(() => h.aduan.store.getByTweetId(t.id), `the ticket of ${t.id}`);
  await waitFor(
    async () => (await h.aduan.queues.telegram.getJobCounts("completed"))["completed"] === 2,
    "both cards delivered",
    30_000,
  );
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe("/metrics after a run", () => {
  it("counts jobs done per queue and shows empty queues with no waiting age", async () => {
    const m = await scrape();
    expect(m.get('aduan_jobs_completed_total{queue="triage"}')).toBe(3);
    expect(m.get('aduan_jobs_completed_total{queue="telegram"}')).toBe(2);
    // The scheduled first poll of each source; the later poll was called directly.
    expect(m.get('aduan_jobs_completed_total{queue="ingest"}')).toBeGreaterThanOrEqual(1);
    expect(m.get('aduan_jobs_completed_total{queue="ingest"}')).toBe(
      m.get('aduan_queue_jobs{queue="ingest",state="completed"}'),
    );
    expect(m.get('aduan_queue_jobs{queue="triage",state="completed"}')).toBe(3);
    expect(m.get('aduan_queue_jobs{queue="triage",state="waiting"}')).toBe(0);
    expect(m.get('aduan_queue_oldest_waiting_seconds{queue="triage"}')).toBe(0);
    expect(m.get('aduan_queue_oldest_waiting_seconds{queue="replies"}')).toBeGreaterThanOrEqual(0);
  });

  it("counts the Telegram 429, which delays a job rather than failing it", async () => {
    const m = await scrape();
    expect(m.get("aduan_telegram_rate_limited_total")).toBe(1);
    expect(m.get('aduan_jobs_failed_total{queue="telegram"}') ?? 0).toBe(0);
  });

  it("counts tickets by status and agency from the index sets", async () => {
    const m = await scrape();
    expect(m.get('aduan_tickets{status="dispatched",agency="dlh"}')).toBe(1);
    expect(m.get('aduan_tickets{status="dispatched",agency="dishub"}')).toBe(1);
    expect(m.get('aduan_tickets{status="not_complaint",agency="_"}')).toBe(1);
    expect(m.get('aduan_tickets{status="resolved",agency="dlh"}')).toBe(0);
  });

  it("shows the X posts read and created this month", async () => {
    // The two received replies are posted by the replies queue; wait for both.
    await eventually(async () => {
      const m = await scrape();
      expect(m.get('aduan_x_posts_this_month{kind="read"}')).toBe(3);
      expect(m.get('aduan_x_posts_this_month{kind="created"}')).toBe(2);
    }, 15_000);
  });

  it("has a triage latency histogram with one observation per tweet", async () => {
    const m = await scrape();
    expect(m.get("aduan_triage_duration_seconds_count")).toBe(3);
    const sum = m.get("aduan_triage_duration_seconds_sum") ?? -1;
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(3);
    expect(m.get('aduan_triage_duration_seconds_bucket{le="+Inf"}')).toBe(3);
  });

  it("includes the process metrics", async () => {
    const m = await scrape();
    expect(m.get("process_resident_memory_bytes")).toBeGreaterThan(0);
  });
});

describe("the ops server's other routes", () => {
  it("reports healthy after the run", async () => {
    const res = await fetch(`${base}/healthz`);
    const body = (await res.json()) as { status: string; checks: Record<string, unknown> };
    expect(res.status).toBe(200);
    expect(body.status).toBe("ok");
    expect(body.checks).toMatchObject({ redis: "ok", "queue:triage": "ok", "queue:telegram": "ok" });
    expect(body.checks["poll_age_ms:mentions"]).toEqual(expect.any(Number));
  });

  it("keeps Bull Board behind the admin password", async () => {
    const anonymous = await fetch(`${base}/admin/queues`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toContain("Basic");
    const wrong = await fetch(`${base}/admin/queues/api/queues`, {
      headers: { authorization: `Basic ${Buffer.from("admin:tebakan").toString("base64")}` },
    });
    expect(wrong.status).toBe(401);

    const auth = { authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString("base64")}` };
    const page = await fetch(`${base}/admin/queues`, { headers: auth });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<html");
    const api = await fetch(`${base}/admin/queues/api/queues`, { headers: auth });
    expect(api.status).toBe(200);
    const listed = (await api.json()) as { queues: { name: string }[] };
    expect(listed.queues.map((q) => q.name).sort()).toEqual(
      expect.arrayContaining(["ingest", "replies", "telegram", "triage"]),
    );
  });

  it.each(["/_sim/state", "/_sim/chats", "/_sim/tweets"])(
    "answers 404 on the simulators' route %s",
    async (path) => {
      expect((await fetch(`${base}${path}`)).status).toBe(404);
      expect((await fetch(`${base}${path}`, { method: "POST", body: "{}" })).status).toBe(404);
    },
  );
});

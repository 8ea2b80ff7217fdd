/**
 * The fault-injection suite (`npm run test:faults`): a few hundred citizen tweets per scenario
 * through the whole pipeline (Aduan as OS processes, the simulators in a process of their own, a
 * redis-server with AOF started here), while something breaks on purpose. Everything is counted
 * from outside: tickets in Redis, cards in the Telegram simulator, replies in the X simulator.
 */
import { describe, expect, it } from "vitest";
import { pipelineSettings } from "../../src/app/pipeline-settings-from-config.js";
import { loadConfig } from "../../src/app/load-config.js";
import { placeKey } from "../../src/core/find-duplicate.js";
import { routeVerdict } from "../../src/core/routing.js";
import { triage } from "../../src/triage/triage.js";
import { citizenTweets } from "./support/citizen-tweets.js";
import { between, faultSuite, MINUTE, sleep } from "./support/fault-suite.js";

const PER_AGENCY = 18; // × 11 agencies: under Telegram's 20 messages a minute per group
const NON_COMPLAINTS = 42;

const { run } = faultSuite("main");

const base = { perAgency: PER_AGENCY, nonComplaints: NON_COMPLAINTS, settleTimeoutMs: 2 * MINUTE };

describe("nothing is lost or duplicated when things break", () => {
  it("generates complaints that each route with confidence to one agency, and others that are no complaint", async () => {
    const config = await loadConfig("config", new Date());
    const settings = pipelineSettings(config, {}, {});
    const tweets = citizenTweets("chk", { perAgency: PER_AGENCY, nonComplaints: NON_COMPLAINTS });
    const wrong = tweets.flatMap((t, i) => {
      const v = triage(config.triage, {
        id: String(1_000_000 + i),
        text: t.text,
        created_at: "2026-11-28T03:00:00Z",
        mentions_us: true,
        is_retweet: false,
        author_username: t.author.username,
      });
      const route = routeVerdict(v, settings);
      const got = route.kind === "dispatch" && route.group === "agency" ? route.agency : route.kind;
      // A place would let two of them merge into one incident (one card), which the suite does not expect.
      return got === (t.agency ?? "not_complaint") && placeKey(v) === null ? [] : [`${t.text} → ${got}`];
    });
    expect(wrong).toEqual([]);
    expect(tweets.filter((t) => t.agency !== null)).toHaveLength(PER_AGENCY * 11);
  });

  it("loses and repeats nothing when worker processes are SIGKILLed twenty times and restarted", async () => {
    await run(
      {
        ...base,
        name: "1 workers SIGKILLed 20x",
        ingest: 1,
        workers: 2,
        pushOverMs: 30_000,
        async chaos({ fleet, note, log }) {
          // Each worker process dies ten times at random moments, and comes back as systemd would restart it.
          await Promise.all(
            fleet.byRole("workers").map(async (member) => {
              for (let i = 0; i < 10; i++) {
                await sleep(between(200, 1_500));
                await fleet.killAndRestart(member);
                note("kills");
              }
            }),
          );
          log("twenty kills done");
        },
      },
      // A kill between Telegram accepting a card and Redis recording it leaves the send in doubt;
      // the retry sends again (logged). Each such re-send may be one duplicate, never more.
      (r) => r.notes["cards re-sent in doubt"] ?? 0,
    );
  });

  it("loses and repeats nothing when Redis is killed and shut down mid-run while Aduan keeps running", async () => {
    await run({
      ...base,
      name: "2 Redis killed, restarted",
      logEvidence: { "Redis errors logged": /redis connection error|worker error/ },
      ingest: 1,
      workers: 2,
      pushOverMs: 30_000,
      async chaos({ redis: server, pushedCount, until, note, log }) {
        const total = PER_AGENCY * 11 + NON_COMPLAINTS;
        await until(() => pushedCount() >= total / 3, "a third of the tweets");
        await server.kill9();
        note("kill -9");
        log("redis-server killed (-9)");
        await sleep(4_000);
        await server.start();
        log("redis-server back (AOF replayed)");
        await until(() => pushedCount() >= (2 * total) / 3, "two thirds of the tweets");
        await server.shutdown();
        note("SHUTDOWN");
        log("redis-server shut down");
        await sleep(4_000);
        await server.start();
        log("redis-server back");
      },
    });
  });

  it("loses and repeats nothing through X's 429 and 503 bursts, slow answers and a page failing midway", async () => {
    await run({
      ...base,
      name: "3 X 429/503/slow/page",
      ingest: 1,
      workers: 2,
      pushOverMs: 30_000,
      // The X clock runs behind: a 429's reset is then already past for Aduan, and the suite ends
      // the spent window by moving the X clock on, instead of waiting fifteen real minutes.
      xClockOffsetMs: -60 * MINUTE,
      settleTimeoutMs: 3 * MINUTE,
      async chaos({ world, pushedCount, pushNow, until, note, log }) {
        const served = async () => (await world.xStats()).faultsServed;
        const strike = async (faults: Parameters<typeof world.addXFault>[0][], what: string) => {
          const before = await served();
          const n = faults.reduce((s, f) => s + (f.count ?? 1), 0);
          for (const f of faults) await world.addXFault(f);
          await until(async () => (await served()) >= before + n, what, 90_000);
          note(what, n);
        };
        await strike(
          [
            { endpoint: "mentions", status: 503, count: 3 },
            { endpoint: "search", status: 503, count: 2 },
          ],
          "503 reads",
        );
        await strike([{ endpoint: "mentions", status: 429 }], "429 reads");
        await sleep(3_000); // Aduan keeps meeting the spent window
        await world.advanceXClock(16 * MINUTE);
        await until(() => pushedCount() >= 40, "replies to be due");
        await strike([{ endpoint: "post", status: 503, count: 3 }], "503 posts");
        await strike([{ endpoint: "post", status: 429 }], "429 posts");
        await sleep(3_000);
        await world.advanceXClock(16 * MINUTE);
        // A page that fails midway: one poll held back while a burst of 120 tweets arrives, so it
        // answers with a full page (max_results 100) and a next token; the next page then fails.
        const before = await world.xStats();
        await world.addXFault({ endpoint: "mentions", delayMs: 4_000 });
        await world.addXFault({ endpoint: "mentions", status: 503 });
        await until(
          async () => (await world.xStats()).requests.mentions > before.requests.mentions,
          "a held-back poll",
        );
        await pushNow(120);
        log("burst of 120 tweets pushed while a poll is held back");
        await until(async () => (await served()) >= before.faultsServed + 2, "the second page to fail");
        note("pages failed midway");
        // Slower than the client's 20 s timeout: the poll is abandoned, the reply is posted late.
        await strike([{ endpoint: "mentions", delayMs: 21_000 }], "slow reads");
        await strike([{ endpoint: "post", delayMs: 21_000 }], "slow posts");
      },
    });
  });

  it("keeps Telegram's duplicate cards to the responses it lost, through 429 storms and 502s", async () => {
    await run(
      {
        ...base,
        name: "4 Telegram 429/502/drop",
        ingest: 1,
        workers: 2,
        pushOverMs: 30_000,
        async chaos({ world, pushedCount, until, note }) {
          const storm = { method: "sendMessage", status: 429, retryAfter: 3, count: 6 };
          const steps: [number, Parameters<typeof world.addTelegramFault>[0], string][] = [
            [20, storm, "429s"],
            [50, { method: "sendMessage", status: 502, count: 4 }, "502s"],
            [80, { method: "sendMessage", dropResponse: true }, "dropped responses"],
            [110, storm, "429s"],
            [140, { method: "sendMessage", dropResponse: true }, "dropped responses"],
            [170, { method: "sendMessage", status: 502, count: 4 }, "502s"],
            [200, { method: "sendMessage", dropResponse: true }, "dropped responses"],
          ];
          for (const [after, fault, what] of steps) {
            await until(() => pushedCount() >= after, `${after} tweets`);
            await world.addTelegramFault(fault);
            note(what, fault.count ?? 1);
          }
          await until(
            async () => (await world.pendingTelegramFaults()).length === 0,
            "every Telegram fault served",
            90_000,
          );
        },
      },
      // The Bot API cannot list a chat's messages: a card whose response was lost is sent again.
      (r) => r.notes["dropped responses"] ?? 0,
    );
  });

  it("loses and repeats nothing with two ingest and three worker processes at once", async () => {
    await run({ ...base, name: "5 2 ingest + 3 workers", ingest: 2, workers: 3, pushOverMs: 30_000 });
  });
});

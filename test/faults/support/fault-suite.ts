/**
 * What every file of the fault suite shares: a redis-server of its own (AOF, in a temp dir) for
 * the file's scenarios, the results table printed at the end, logs kept when a scenario has not
 * passed its checks, and the guarantees every scenario must keep (`run`).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { runScenario, type ScenarioPlan, type ScenarioResult } from "./fault-scenario.js";
import { freePort } from "./free-port.js";
import { killAllProcesses } from "./managed-process.js";
import { SuiteRedis } from "./redis-server.js";
import { formatResultsTable } from "./results-table.js";

export const MINUTE = 60_000;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const between = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo));
export const log = (m: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${m}`);

export interface FaultSuite {
  /** A short random id of this run, for markers that must not collide with an earlier run's. */
  readonly runId: string;
  /**
   * Runs a scenario and checks the guarantees: no process died on its own, every tweet has exactly
   * one ticket, nothing lost, no duplicate reply (resolved replies included), nothing sent that
   * should not be, everything settled in time, the plan's own checks hold, and no more duplicate
   * cards than `allowedDuplicateCards` says the known residue explains (a card whose send ended in
   * doubt is sent again; see the README).
   */
  run(plan: ScenarioPlan, allowedDuplicateCards?: (r: ScenarioResult) => number): Promise<ScenarioResult>;
}

/** Registers the file's set-up and tear-down; `name` tells the temp dirs of the files apart. */
export function faultSuite(name: string): FaultSuite {
  let dir = "";
  let redis: SuiteRedis | undefined;
  const runId = Math.random().toString(36).slice(2, 8);
  const results: ScenarioResult[] = [];
  /** Scenarios that have not passed their checks (yet): their logs are kept. */
  let unfinished = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `aduan-faults-${name}-`));
    redis = new SuiteRedis(await freePort(), dir);
    await redis.start();
    log(`redis-server on ${redis.url}, AOF and logs in ${dir}`);
  });

  afterAll(async () => {
    if (results.length > 0) console.log(`\n${formatResultsTable(results)}\n`);
    await killAllProcesses();
    await redis?.stop();
    if (unfinished > 0) console.log(`logs kept in ${dir}`);
    else if (dir) await rm(dir, { recursive: true, force: true });
  });

  return {
    runId,
    async run(plan, allowedDuplicateCards = () => 0) {
      if (!redis) throw new Error("the suite's redis-server is not up (run() outside a test?)");
      unfinished++;
      const r = await runScenario(plan, { redis, logDir: dir, runId, log });
      results.push(r);
      if (r.tally.lost > 0) log(`[${plan.name}] missing: ${JSON.stringify(r.tally.missing)}`);
      expect(r.crashed, "Aduan processes that died on their own").toEqual([]);
      expect(r.tally.tickets - r.tally.duplicateTickets, "tweets with a ticket").toBe(r.tally.tweets);
      expect(r.tally.duplicateTickets, "duplicate tickets").toBe(0);
      expect(r.tally.lost, "lost").toBe(0);
      expect(r.tally.duplicateReplies, "duplicate replies").toBe(0);
      expect(r.tally.duplicateResolvedReplies, "duplicate resolved replies").toBe(0);
      expect(r.tally.unexpected, "cards or replies for non-complaints, cards in the wrong group").toBe(0);
      expect(r.settled, "every card and reply out and the queues empty in time").toBe(true);
      expect(r.verifyError, "the scenario's own checks").toBeUndefined();
      expect(r.tally.duplicateCards, "duplicate cards").toBeLessThanOrEqual(allowedDuplicateCards(r));
      unfinished--;
      return r;
    },
  };
}

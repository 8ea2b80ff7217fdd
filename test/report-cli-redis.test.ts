import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runReportCli } from "../src/cli/report-cli.js";
import { RedisTicketStore } from "../src/redis/ticket-store.js";
import { findTicketPrefixes } from "../src/redis/ticket-prefixes.js";
import { sampleTweet, sampleVerdict } from "./support/sample-ticket.js";
import { childEnv } from "./support/test-env.js";

const run = promisify(execFile);
const prefix = `test-report-cli-${randomUUID().slice(0, 8)}`;
const redis = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: 2 });

/**
 * Runs the report CLI in-process (`runReportCli`, what `npm run report` calls) with an
 * environment built like a child process's: no Node start-up per run, so a busy machine cannot
 * time it out.
 */
async function report(args: string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runReportCli(args, {
    env: childEnv(env),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

/** A Node start-up plus tsx's compile can take many seconds on a loaded 2-core machine. */
const SPAWN_TIMEOUT_MS = 90_000;

/** Runs `npm run report`'s script as a real child process; never throws, returns the exit code too. */
async function spawnReport(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ["--import", "tsx", "src/cli/report-cli.ts", ...args],
      { env: childEnv(env), maxBuffer: 16 * 1024 * 1024, timeout: SPAWN_TIMEOUT_MS },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/** A WIB wall-clock time as an ISO instant. */
const wib = (local: string) => new Date(`${local.replace(" ", "T")}:00+07:00`).toISOString();

let seq = 0;
async function ticket(
  agency: string,
  received: string,
  steps: Array<["claim" | "resolve" | "reject", string]>,
): Promise<void> {
  const store = new RedisTicketStore(redis, prefix);
  const id = `18800000000${String(++seq).padStart(8, "0")}`;
  const { ticket: t } = await store.createFromTweet(
    sampleTweet({ id, created_at: wib(received) }),
    sampleVerdict({ id, agency }),
    wib(received),
  );
  await store.transition(t.id, { type: "dispatch", agency }, wib(received), "system");
  for (const [step, at] of steps) {
    const action =
      step === "claim"
        ? ({ type: "claim", assignee: { id: 7, name: "Asep" } } as const)
        : step === "resolve"
          ? ({ type: "resolve", note: "sudah diperbaiki" } as const)
          : ({ type: "reject", reason: "spam" } as const);
    await store.transition(t.id, action, wib(at), "tg:7");
  }
}

beforeAll(async () => {
  // October 2026 has no public holiday; office hours Mon–Thu 08–16, Fri 08–16:30 with a break.
  // A: DSDABM, claimed after 1 working hour, resolved after 10 (Mon 8 h + Tue 2 h).
  await ticket("dsdabm", "2026-10-05 08:00", [
    ["claim", "2026-10-05 09:00"],
    ["resolve", "2026-10-06 10:00"],
  ]);
  // B: Dishub, claimed after 4 working hours, resolved after 16 (Wed 7 h + Thu 8 h + Fri 1 h).
  await ticket("dishub", "2026-10-07 09:00", [
    ["claim", "2026-10-07 13:00"],
    ["resolve", "2026-10-09 09:00"],
  ]);
  // C: Dishub, rejected as spam after an hour.
  await ticket("dishub", "2026-10-08 10:00", [["reject", "2026-10-08 11:00"]]);
  // D: DSDABM, never touched: open at the end of October, 9 working days old.
  await ticket("dsdabm", "2026-10-20 08:00", []);
  // Outside the period (and closed): must not count.
  await ticket("dishub", "2026-09-01 08:00", [["resolve", "2026-09-02 08:00"]]);
});

afterAll(async () => {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== "0");
  await redis.quit();
});

describe("npm run report, as a process", () => {
  it(
    "runs as a script with its exit code and output",
    async () => {
      const r = await spawnReport(["--from", "2026-10-01", "--to", "2026-10-31", "--prefix", prefix]);
      expect(r.code).toBe(0);
      expect(r.stdout.split("\n")[0]).toBe("Laporan 1 Okt 2026 – 31 Okt 2026");
      expect(r.stdout).toContain("Total      4       2     1       1    1");
      const bad = await spawnReport(["--prefix", prefix]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("which period?");
    },
    SPAWN_TIMEOUT_MS * 2 + 10_000,
  );
});

// In-process runs share this thread (loading the config is CPU work): one after another, each
// with room for a loaded machine.
describe("npm run report", { timeout: 120_000 }, () => {
  it("prints the month's table per agency from the tickets in Redis", async () => {
    const r = await report(["--from", "2026-10-01", "--to", "2026-10-31", "--prefix", prefix]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("Laporan 1 Okt 2026 – 31 Okt 2026");
    expect(lines).toContain("Dinas  Masuk Selesai Tolak Terbuka >7hk");
    expect(lines).toContain("Dishub     2       1     1       0    0");
    expect(lines).toContain("DSDABM     2       1     0       1    1");
    expect(lines).toContain("Total      4       2     1       1    1");
    expect(lines).toContainEqual(expect.stringMatching(/^Dishub\s+1\/4\s+100%\s+16\/16\s+100%\s+0%$/));
    // D's first response was due on 22 October and never came: one met, one breached.
    expect(lines).toContainEqual(expect.stringMatching(/^DSDABM\s+1\/1\s+50%\s+10\/10\s+100%\s+0%$/));
    // Not a terminal: no progress bar noise on stderr, only which prefix was read.
    expect(r.stderr).toBe(`report: read prefix "${prefix}" (5 tickets read).\n`);
  });

  // Two report processes one after the other: on a loaded machine each takes seconds to start.
  it(
    "writes CSV with one row per agency and a total, and narrows to one agency",
    { timeout: 90_000 },
    async () => {
      const all = await report([
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-31",
        "--prefix",
        prefix,
        "--format",
        "csv",
      ]);
      // Headers in the shipped config's language (Indonesian).
      expect(all.stdout.split("\n").map((l) => l.split(",").slice(0, 5).join(","))).toEqual([
        "dinas,masuk,selesai,ditolak,terbuka",
        "dishub,2,1,1,0",
        "dsdabm,2,1,0,1",
        "total,4,2,1,1",
        "",
      ]);
      const dishub = await report([
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-31",
        "--prefix",
        prefix,
        "--format",
        "csv",
        "--agency",
        "dishub",
      ]);
      expect(
        dishub.stdout
          .trim()
          .split("\n")
          .map((l) => l.split(",")[0]),
      ).toEqual(["dinas", "dishub", "total"]);
    },
  );

  it("names the prefix it read and, when it is empty, the prefixes that hold tickets", async () => {
    const empty = `${prefix}-empty`;
    const r = await report(["--period", "2026-10", "--prefix", empty]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`report: read prefix "${empty}" (0 tickets read).`);
    // Other tests' prefixes share this Redis: the hint lists the fullest five, ours among the found.
    expect(r.stderr).toMatch(/other prefixes on this Redis hold tickets: .+ \(\d+ tickets\)/);
    expect(r.stderr).toMatch(/Read one with --prefix \S+/);
    expect(await findTicketPrefixes(redis)).toContainEqual({ prefix, tickets: 5 });
  });

  it("writes JSON with the period's instants and durations in milliseconds", async () => {
    const r = await report([
      "--period",
      "2026-10",
      "--prefix",
      prefix,
      "--format",
      "json",
      "--cut",
      "urgency",
    ]);
    const json = JSON.parse(r.stdout) as {
      from: string;
      to: string;
      cut: string;
      total: { received: number; resolution: { working: { median_ms: number } } };
    };
    expect(json.from).toBe("2026-09-30T17:00:00.000Z");
    expect(json.to).toBe("2026-10-31T17:00:00.000Z");
    expect(json.cut).toBe("urgency");
    expect(json.total.received).toBe(4);
    expect(json.total.resolution.working.median_ms).toBe(10 * 3_600_000);
  });

  it("takes the prefix from ADUAN_PREFIX when --prefix is not given", async () => {
    const r = await report(["--from", "2026-10-05", "--format", "csv"], { ADUAN_PREFIX: prefix });
    expect(r.stdout.split("\n")[2]).toMatch(/^total,1,0,0,/);
  });

  it("says clearly that Redis is unreachable and how to get one", async () => {
    const r = await report(["--from", "2026-10-01", "--prefix", prefix], {
      REDIS_URL: "redis://127.0.0.1:1",
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Redis is not reachable at redis://127.0.0.1:1");
    expect(r.stderr).toContain("docker run");
    expect(r.stdout).toBe("");
  });

  it.each([
    [["--prefix", prefix], "which period?"],
    [["--from", "2026-10-31", "--to", "2026-10-01"], "ends (2026-10-01) before it starts"],
    [["--from", "1 Oktober"], "expected a date like 2026-11-01"],
    [["--from", "2026-10-01", "--agency", "dishubb"], "unknown agency dishubb"],
    [["--from", "2026-10-01", "--cut", "kelurahan"], "kelurahan"],
  ])("refuses %j with a usage message", async (args, message) => {
    const r = await report(args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(message);
  });

  it("explains itself with --help", async () => {
    const r = await report(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--from <date>");
    expect(r.stdout).toContain("--format <format>");
    expect(r.stdout).toContain("REDIS_URL");
  });
});

import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseLabelled } from "../src/cli/labelled-jsonl.js";
import { sampleTweet, sampleVerdict } from "./support/sample-ticket.js";
import { childEnv } from "./support/test-env.js";
import { openCorrectionLogKit, type CorrectionLogKit } from "./support/correction-log-kit.js";

const run = promisify(execFile);
const PREFIX = `test-corr-export-${randomUUID().slice(0, 8)}`;
let corrections: CorrectionLogKit;
let dir: string;

const cli = async (script: string, args: string[]) =>
  run(process.execPath, ["--import", "tsx", script, ...args], {
    env: childEnv(),
    maxBuffer: 16 * 1024 * 1024,
  });

beforeAll(async () => {
  corrections = openCorrectionLogKit(PREFIX);
  dir = await mkdtemp(join(tmpdir(), "aduan-corrections-"));
  const { store } = corrections.redisStore();
  // 3 Dec 2026, 10:00 WIB: one routed from the desk, one moved twice, one not a report.
  const at = (m: number) => new Date(Date.parse("2026-12-03T03:00:00.000Z") + m * 60_000).toISOString();
  const desk = sampleVerdict({ agency: "diskominfo", disposition: "desk", kind: "keluhan", confidence: 0 });
  const a = await store.createFromTweet(
    sampleTweet({ id: "9101", text: "@PemkotBandung jukir liar di depan pasar minta 10rb" }),
    desk,
    at(0),
  );
  await store.transition(a.ticket.id, { type: "dispatch", agency: "dishub" }, at(1), "tg:1");
  const b = await store.createFromTweet(
    sampleTweet({ id: "9102", text: "@PemkotBandung pohon tumbang menutup jalan Dago" }),
    sampleVerdict({ agency: "dishub", disposition: "agency", kind: "keluhan" }),
    at(2),
  );
  await store.transition(b.ticket.id, { type: "dispatch", agency: "dishub" }, at(3), "system");
  await store.transition(b.ticket.id, { type: "reassign", agency: "dsdabm" }, at(4), "tg:2");
  await store.transition(b.ticket.id, { type: "reassign", agency: "disperkim" }, at(5), "tg:2");
  const c = await store.createFromTweet(
    sampleTweet({ id: "9103", text: "@PemkotBandung selamat ulang tahun kota Bandung!" }),
    sampleVerdict({ agency: "disperkim" }),
    at(6),
  );
  await store.transition(c.ticket.id, { type: "dispatch", agency: "disperkim" }, at(7), "system");
  await store.transition(c.ticket.id, { type: "reject", reason: "bukan_aduan" }, at(8), "tg:3");
  // Another day: outside the exported period.
  const d = await store.createFromTweet(sampleTweet({ id: "9104" }), desk, at(60 * 24));
  await store.transition(d.ticket.id, { type: "dispatch", agency: "dsdabm" }, at(60 * 24 + 1), "tg:1");
});

afterAll(async () => {
  await corrections?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("npm run corrections -- export", () => {
  it("writes one labelled line per corrected ticket of the period, which the backtest reads as labelled tweets", async () => {
    const { stdout } = await cli("src/cli/corrections-cli.ts", [
      "export",
      "--from",
      "2026-12-03",
      "--to",
      "2026-12-03",
      "--prefix",
      PREFIX,
    ]);
    const lines = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l["text"], l["labels"], l["decision"]])).toEqual([
      ["@PemkotBandung jukir liar di depan pasar minta 10rb", ["dishub"], "route"],
      ["@PemkotBandung pohon tumbang menutup jalan Dago", ["disperkim"], "reassign"],
      ["@PemkotBandung selamat ulang tahun kota Bandung!", [], "reject"],
    ]);
    expect(lines[0]).toMatchObject({
      source: "correction",
      tweet_id: "9101",
      actor: "tg:1",
      triage: { agency: "diskominfo", kind: "keluhan", disposition: "desk", confidence: 0 },
    });

    // The backtest's own reader takes every line, with the staff's answer as the label.
    const parsed = parseLabelled(stdout);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((r) => r.labels)).toEqual([["dishub"], ["disperkim"], []]);

    const file = join(dir, "corrections.jsonl");
    await writeFile(file, stdout);
    const bt = await cli("src/cli/backtest-cli.ts", ["--json", file]);
    const report = (JSON.parse(bt.stdout) as { rows: { name: string; report: Record<string, number> }[] })
      .rows[0];
    expect(report?.name).toBe("corrections");
    expect(report?.report).toMatchObject({ total: 3, labelled: 3, goldComplaints: 2 });
  });

  it("--help names the commands and their options", async () => {
    const { stdout } = await cli("src/cli/corrections-cli.ts", ["export", "--help"]);
    expect(stdout).toContain("--from <date>");
    expect(stdout).toContain("--prefix <prefix>");
  });
});

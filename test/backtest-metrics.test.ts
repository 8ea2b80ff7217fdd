import { execFile } from "node:child_process";
import { childEnv } from "./support/test-env.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { computeBacktest, prf, splitHalf, type LabelledTweet } from "../src/triage/backtest-metrics.js";
import type { TriageVerdict } from "../src/triage/types.js";

const verdict = (id: string, complaint: boolean, agency: string | null, abusive = false): TriageVerdict => ({
  id,
  complaint,
  agency,
  confidence: complaint ? 0.6 : 0,
  candidates: [],
  urgency: "normal",
  location: { source: "none" },
  abusive,
  external: agency === "pln" || agency === "polisi" ? agency : null,
  evidence: [],
});

describe("backtest metrics", () => {
  it("computes precision, recall and F1", () => {
    expect(prf(8, 2, 2)).toEqual({ precision: 0.8, recall: 0.8, f1: 0.8, tp: 8, fp: 2, fn: 2 });
    expect(prf(0, 0, 0)).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });

  it("scores complaints, agencies (any acceptable label hits), the confusion matrix and misses", () => {
    const rows: LabelledTweet[] = [
      { id: "1", text: "banjir", labels: ["dsdabm", "diskarpb"] },
      { id: "2", text: "lampu merah mati", labels: ["dishub"] },
      { id: "3", text: "terima kasih", labels: [] },
      { id: "4", text: "listrik padam", labels: ["pln"] },
      { id: "5", text: "pengamen", labels: ["dinsos"] },
      { id: "6", text: "promo", labels: [], abusive: true },
    ];
    const verdicts = [
      verdict("1", true, "diskarpb"),
      verdict("2", true, "dsdabm"),
      verdict("3", true, "diskominfo"),
      verdict("4", true, "pln"),
      verdict("5", false, null),
      verdict("6", false, null, true),
    ];
    const r = computeBacktest(rows, verdicts);
    expect(r.complaint).toMatchObject({ tp: 3, fp: 1, fn: 1, precision: 0.75, recall: 0.75 });
    expect(r.agencyHits).toBe(2);
    expect(r.agencyAccuracy).toBe(0.5);
    expect(r.agencyAccuracyDetected).toBe(0.667);
    expect(r.perAgency["dsdabm"]).toMatchObject({ tp: 0, fp: 1, fn: 0 });
    expect(r.perAgency["dishub"]).toMatchObject({ tp: 0, fp: 0, fn: 1 });
    expect(r.confusion["dishub"]?.["dsdabm"]).toBe(1);
    expect(r.confusion["diskarpb"]?.["diskarpb"]).toBe(1);
    expect(r.confusion["none"]?.["diskominfo"]).toBe(1);
    expect(r.abusive).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    expect(r.worstMisses.map((m) => m.kind)).toEqual(["wrong agency", "false complaint", "missed complaint"]);
  });

  it("counts a line without agency labels only towards the abuse figures", () => {
    const rows: LabelledTweet[] = [
      { id: "1", text: "dasar goblok", abusive: true },
      { id: "2", text: "jalan rusak", labels: ["dsdabm"] },
    ];
    const r = computeBacktest(rows, [verdict("1", true, "diskominfo", true), verdict("2", true, "dsdabm")]);
    expect(r.labelled).toBe(1);
    expect(r.complaint).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    expect(r.abusive).toMatchObject({ tp: 1, fp: 0, fn: 0 });
  });

  it("runs on a labelled file from the command line, as an operator would before changing a rule", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aduan-backtest-"));
    const file = join(dir, "labelled.jsonl");
    const rows = [
      { id: "1", text: "jalan berlubang di Cibiru, mohon ditambal", labels: ["dsdabm"] },
      { id: "2", text: "terima kasih pak wali, tamannya indah", labels: [] },
      { id: "3", text: "air pdam ga ngocor 3 hari", labels: ["tirtawening"] },
      { id: "4", text: "lampu merah mati di per4an Kopo", labels: ["dishub"] },
    ];
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const run = promisify(execFile);
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", "src/cli/backtest-cli.ts", file, "--json"],
      { env: childEnv() },
    );
    const { rows: out } = JSON.parse(stdout) as {
      rows: { report: { total: number; complaint: { f1: number }; agencyAccuracy: number } }[];
    };
    const report = out[0]!.report;
    expect(report.total).toBe(4);
    expect(report.complaint.f1).toBe(1);
    expect(report.agencyAccuracy).toBe(1);
    const text = await run(process.execPath, [
      "--import",
      "tsx",
      "src/cli/backtest-cli.ts",
      file,
      "--detail",
    ]);
    expect(text.stdout).toMatch(/complaint\s+P 100\.0%/);
    expect(text.stdout).toMatch(/confusion/);
  });

  it("counts desk cards toward recall into any card but not toward agency accuracy, unless its best guess is right", () => {
    const rows: LabelledTweet[] = [
      { id: "1", text: "a", labels: ["dsdabm"] },
      { id: "2", text: "b", labels: ["dishub"] },
      { id: "3", text: "c", labels: ["dlh"] },
      { id: "4", text: "d", labels: [] },
    ];
    const desk = (id: string, guess: string): TriageVerdict => ({
      ...verdict(id, true, "diskominfo"),
      disposition: "desk",
      candidates: [{ agency: guess, score: 1 }],
    });
    const verdicts = [
      { ...verdict("1", true, "dsdabm"), disposition: "agency" as const, kind: "keluhan" as const },
      desk("2", "dishub"),
      { ...verdict("3", false, null), disposition: "audit" as const },
      desk("4", "dlh"),
    ];
    const r = computeBacktest(rows, verdicts);
    expect(r.cardRecall).toBe(0.667);
    expect(r.deskShare).toBe(0.667);
    expect(r.deskComplaints).toBe(1);
    expect(r.agencyAccuracy).toBe(0.333);
    expect(r.agencyAccuracyWithDeskGuess).toBe(0.667);
    expect(r.perKind["keluhan"]).toEqual({ cards: 1, complaints: 1, agencyHits: 1 });
  });

  it("splits a file into tune and check halves by id alone, the same way every time", () => {
    const ids = Array.from({ length: 200 }, (_, i) => `67889${i}`);
    const halves = ids.map(splitHalf);
    expect(ids.map(splitHalf)).toEqual(halves);
    const tune = halves.filter((h) => h === "tune").length;
    expect(tune).toBeGreaterThan(70);
    expect(tune).toBeLessThan(130);
  });

  it("splits a complaints-only channel into tune and check halves too, keeping the whole-file row for floors", async () => {
    const run = promisify(execFile);
    const cli = ["--import", "tsx", "src/cli/backtest-cli.ts"];
    const file = "test/fixtures/channel-small.jsonl";
    const { stdout } = await run(process.execPath, [...cli, file, "--split", "--json"], { env: childEnv() });
    const { rows } = JSON.parse(stdout) as {
      rows: { name: string; report: { total: number; goldComplaints: number } }[];
    };
    expect(rows.map((r) => r.name)).toEqual(["channel-small/tune", "channel-small/check", "channel-small"]);
    const [tune, check, whole] = rows.map((r) => r.report);
    expect(tune!.total + check!.total).toBe(whole!.total);
    expect(tune!.total).toBeGreaterThan(0);
    expect(check!.total).toBeGreaterThan(0);
    expect(whole!.goldComplaints).toBe(6);

    // Floors name the whole file as before, and a half by NAME/tune or NAME/check.
    const ok = await run(
      process.execPath,
      [...cli, file, "--split", "--min", "channel-small:card=0", "--min", "channel-small/check:accuracy=0"],
      { env: childEnv() },
    );
    expect(ok.stdout).toMatch(/^channel-small\/tune\s/m);
    expect(ok.stdout).toMatch(/^channel-small\/check\s/m);
    expect(ok.stdout).toMatch(/^channel-small\s+6\s/m);
    const failed = await run(
      process.execPath,
      [...cli, file, "--split", "--min", "channel-small/tune:card=1.01"],
      {
        env: childEnv(),
      },
    ).then(
      () => undefined,
      (e: unknown) => e as { code: number; stderr: string },
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/channel-small\/tune: card .* is below the floor 1\.01/);
  });

  it("prints one table for several files, with tune/check halves, and fails on a broken floor", async () => {
    const run = promisify(execFile);
    const cli = ["--import", "tsx", "src/cli/backtest-cli.ts"];
    const files = ["test/fixtures/backtest-small.jsonl", "test/fixtures/abuse-small.jsonl"];
    const { stdout } = await run(process.execPath, [...cli, ...files, "--split", "--json"]);
    const { rows } = JSON.parse(stdout) as {
      rows: { name: string; report: { total: number; cardRecall: number; abusive?: { tp: number } } }[];
    };
    expect(rows.map((r) => r.name)).toEqual([
      "backtest-small/tune",
      "backtest-small/check",
      "backtest-small",
      "abuse-small/tune",
      "abuse-small/check",
      "abuse-small",
    ]);
    expect(rows[2]?.report.total).toBe(8);
    expect(rows[2]?.report.cardRecall).toBe(1);
    expect(rows[5]?.report.abusive?.tp).toBe(1);

    const table = await run(process.execPath, [...cli, ...files, "--min", "card=0.9", "--max", "desk=0.5"]);
    expect(table.stdout).toMatch(/^file\s+n\s+compl P/m);
    expect(table.stdout).toMatch(/^backtest-small\s+8\s/m);
    expect(table.stdout).toMatch(/^abuse-small\s+2\s/m);

    const failed = await run(process.execPath, [
      ...cli,
      files[0] ?? "",
      "--min",
      "backtest-small:accuracy=1.01",
    ]).then(
      () => undefined,
      (e: unknown) => e as { code: number; stderr: string },
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/backtest-small: accuracy 1\.000 is below the floor 1\.01/);

    const unknown = await run(process.execPath, [...cli, files[0] ?? "", "--min", "speed=3"]).then(
      () => undefined,
      (e: unknown) => e as { code: number; stderr: string },
    );
    expect(unknown?.code).toBe(1);
    expect(unknown?.stderr).toMatch(/cannot read the bound `speed=3`/);
  });
});

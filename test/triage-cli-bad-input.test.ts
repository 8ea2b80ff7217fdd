import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { childEnv } from "./support/test-env.js";

const run = promisify(execFile);
const cli = (args: string[]) =>
  run(process.execPath, ["--import", "tsx", "src/cli/triage-cli.ts", ...args], {
    maxBuffer: 64 * 1024 * 1024,
    env: childEnv(),
  });

describe("npm run triage", () => {
  it("prints a readable verdict for a tweet given on the command line", async () => {
    const { stdout } = await cli(["jln pagarsih banjir lagi, mobil gk bisa lewat"]);
    expect(stdout).toMatch(/complaint\s+yes/);
    expect(stdout).toMatch(/agency\s+dsdabm/);
    expect(stdout).toMatch(/why:/);
  });

  it("prints the verdict object with --json", async () => {
    const { stdout } = await cli(["--json", "lampu merah per4an Kopo mati"]);
    const v = JSON.parse(stdout) as Record<string, unknown>;
    expect(v).toMatchObject({
      complaint: true,
      kind: "keluhan",
      disposition: "agency",
      agency: "dishub",
      external: null,
    });
    expect(Object.keys(v).sort()).toEqual([
      "abusive",
      "agency",
      "candidates",
      "complaint",
      "confidence",
      "disposition",
      "evidence",
      "external",
      "id",
      "kind",
      "location",
      "urgency",
    ]);
  });

  it("answers every JSONL line in order and turns bad lines into {id, error}", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aduan-triage-cli-"));
    const file = join(dir, "in.jsonl");
    const lines = [
      JSON.stringify({ id: "a", text: "sampah numpuk di TPS Cicadas udh seminggu" }),
      "",
      "{not json",
      JSON.stringify({ id: "b" }),
      JSON.stringify({ id: "c", text: "jalan rusak ".repeat(9000) }),
      JSON.stringify({ id: "d", text: "😡😡 air\u200b pdam\u200d ga ngocor 🙏🏽 \u202e" }),
      JSON.stringify({ id: 42, text: "terima kasih pak" }),
      JSON.stringify({ id: "e", text: 12 }),
      JSON.stringify({ id: "f", text: "listrik padam", coordinates: [107.6, -6.9] }),
    ];
    writeFileSync(file, lines.join("\n") + "\n");
    const { stdout, stderr } = await cli(["--jsonl", file]);
    expect(stderr).toBe("");
    const out = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out).toHaveLength(lines.length);
    expect(out[0]).toMatchObject({ id: "a", complaint: true, agency: "dlh" });
    expect(out[1]).toMatchObject({ id: null, error: expect.stringMatching(/empty line/) as string });
    expect(out[2]).toMatchObject({ id: null, error: expect.stringMatching(/invalid JSON/) as string });
    expect(out[3]).toMatchObject({ id: "b", error: expect.stringMatching(/text/) as string });
    expect(out[4]).toMatchObject({ id: "c", complaint: true });
    expect(out[5]).toMatchObject({ id: "d", complaint: true, agency: "tirtawening" });
    expect(out[6]).toMatchObject({ id: "42", complaint: false });
    expect(out[7]).toMatchObject({ id: "e", error: expect.stringMatching(/text/) as string });
    expect(out[8]).toMatchObject({ id: "f", external: "pln", location: { source: "coordinates" } });
  });

  it("explains itself with --help", async () => {
    const { stdout } = await cli(["--help"]);
    expect(stdout).toMatch(/--jsonl <file>/);
    expect(stdout).toMatch(/--json/);
  });
});

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../src/app/load-config.js";
import { ConfigError, type ConfigProblem } from "../src/config/config-error.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A copy of the shipped config/, edited by `edits` (file → text → new text). */
function brokenConfig(edits: Record<string, (text: string) => string>): string {
  dir = mkdtempSync(join(tmpdir(), "aduan-config-"));
  cpSync(resolve("config"), dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const path = join(dir, file);
    const before = readFileSync(path, "utf8");
    const after = edit(before);
    if (after === before) throw new Error(`edit of ${file} changed nothing`);
    writeFileSync(path, after);
  }
  return dir;
}

async function problemsOf(configDir: string): Promise<ConfigProblem[]> {
  try {
    await loadConfig(configDir, new Date("2026-11-29T00:00:00Z"));
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error("the config loaded");
}

const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

describe("config problems", () => {
  it("are all reported in one run, each with its file and line", async () => {
    const d = brokenConfig({
      "app.yaml": (t) =>
        t
          .replace("poll_interval_seconds: 60", "poll_interval_seconds: sering")
          .replace("triage_agency: diskominfo", "triage_agency: diskominfoo"),
      "agencies/dishub.yaml": (t) => t.replace("short_name: Dishub\n", ""),
    });
    const app = readFileSync(join(d, "app.yaml"), "utf8");
    const problems = await problemsOf(d);

    // Three problems in two files, the wrong agency name among them although app.yaml has another error.
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: join(d, "app.yaml"),
          line: lineOf(app, "poll_interval_seconds:"),
          path: "x.poll_interval_seconds",
        }),
        expect.objectContaining({
          file: join(d, "app.yaml"),
          line: lineOf(app, "triage_agency:"),
          path: "telegram.triage_agency",
          message: expect.stringMatching(/^unknown agency `diskominfoo` \(known: .*diskominfo/),
        }),
        expect.objectContaining({
          file: join(d, "agencies", "dishub.yaml"),
          line: expect.any(Number),
          path: "short_name",
          message: "missing (a string is required here)",
        }),
      ]),
    );
    for (const p of problems) expect(p.line, JSON.stringify(p)).toBeGreaterThan(0);
    expect(problems.map((p) => p.message).join("\n")).not.toContain("received undefined");
  });

  it("name a wrong moderation agency with its line when app.yaml is otherwise fine", async () => {
    const d = brokenConfig({
      "app.yaml": (t) => t.replace("moderation_agency: diskominfo", "moderation_agency: satpol"),
    });
    const app = readFileSync(join(d, "app.yaml"), "utf8");
    expect(await problemsOf(d)).toEqual([
      expect.objectContaining({
        path: "telegram.moderation_agency",
        line: lineOf(app, "moderation_agency:"),
      }),
    ]);
  });
});

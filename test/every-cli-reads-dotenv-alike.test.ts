import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { childEnv } from "./support/test-env.js";

const run = promisify(execFile);
// An operator's `.env` naming a Redis other than the default (local and closed: nothing answers there).
const dir = mkdtempSync(join(tmpdir(), "aduan-cli-dotenv-"));
writeFileSync(join(dir, ".env"), "REDIS_URL=redis://127.0.0.1:1\n");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a CLI from `dir`, as an operator would from their checkout; never throws. */
async function cli(script: string, args: string[], dotenv: "on" | "off") {
  const tsx = pathToFileURL(resolve("node_modules/tsx/dist/loader.mjs")).href;
  const env = childEnv();
  // Tests keep `.env` unread; this one switches it on for its own file in its own directory.
  if (dotenv === "on") delete env["ADUAN_DOTENV"];
  delete env["REDIS_URL"];
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", tsx, resolve(script), ...args], {
      cwd: dir,
      env,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

describe.concurrent("every CLI reads .env the same way", () => {
  it("`npm run bench -- pipeline --help` shows the Redis .env names", async () => {
    const on = await cli("bench/bench-cli.ts", ["pipeline", "--help"], "on");
    expect(on.stdout).toContain('(default: "redis://127.0.0.1:1")');
  });

  it("`npm run report` uses the Redis .env names", async () => {
    const r = await cli(
      "src/cli/report-cli.ts",
      ["--period", "2026-10", "--config", resolve("config")],
      "on",
    );
    expect(r.stderr).toContain("Redis is not reachable at redis://127.0.0.1:1");
  });

  it("leaves .env unread with ADUAN_DOTENV=off, as every test does", async () => {
    const off = await cli("bench/bench-cli.ts", ["pipeline", "--help"], "off");
    expect(off.stdout).toContain('(default: "redis://127.0.0.1:6379")');
  });
});

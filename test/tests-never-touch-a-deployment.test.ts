import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { loadDotenvFile } from "../src/runtime/dotenv-file.js";
import { testRunLeaks } from "../src/runtime/test-run-guard.js";
import { childEnv, DEPLOYMENT_VARIABLE } from "./support/test-env.js";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "aduan-dotenv-"));
// A developer's `.env` with real-looking credentials, in the directory a process starts from.
const DOTENV = [
  "TELEGRAM_BOT_TOKEN=7999999999:AAH-real-production-token-do-not-use",
  "X_APP_KEY=real-app-key",
  "REDIS_URL=redis://prod-redis.example.go.id:6379",
].join("\n");
writeFileSync(join(dir, ".env"), DOTENV);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `npm start` from `dir`; never throws. */
async function startIn(cwd: string, env: NodeJS.ProcessEnv) {
  const tsx = pathToFileURL(resolve("node_modules/tsx/dist/loader.mjs")).href;
  try {
    await run(process.execPath, ["--import", tsx, resolve("src/main.ts")], { cwd, env, timeout: 60_000 });
    return { code: 0, stderr: "" };
  } catch (err) {
    const e = err as { code?: number; stderr?: string };
    return { code: e.code ?? -1, stderr: e.stderr ?? "" };
  }
}

describe("a test run cannot reach a real deployment", () => {
  it("runs with no inherited credentials, Redis URL or Aduan settings, and with .env switched off", () => {
    const leaked = Object.keys(process.env).filter(
      (k) => DEPLOYMENT_VARIABLE.test(k) && k !== "ADUAN_DOTENV" && k !== "ADUAN_TEST_RUN",
    );
    expect(leaked).toEqual([]);
    expect(process.env["ADUAN_DOTENV"]).toBe("off");
    expect(process.env["ADUAN_TEST_RUN"]).toBe("1");
  });

  it("never reads a .env file while ADUAN_DOTENV=off, and reads it otherwise", () => {
    const off: NodeJS.ProcessEnv = { ADUAN_DOTENV: "off" };
    expect(loadDotenvFile(off, join(dir, ".env"))).toEqual({ loaded: false });
    expect(off["TELEGRAM_BOT_TOKEN"]).toBeUndefined();
    const on: NodeJS.ProcessEnv = {};
    loadDotenvFile(on, join(dir, ".env"));
    expect(on["TELEGRAM_BOT_TOKEN"]).toContain("AAH-real-production-token");
  });

  it("a process a test starts beside a real .env never loads it", async () => {
    const { code, stderr } = await startIn(dir, childEnv());
    // It stops on the missing config of the empty directory, knowing nothing of the .env's token.
    expect(code).toBe(2);
    expect(stderr).not.toMatch(/TELEGRAM_BOT_TOKEN|prod-redis|Refusing/);
  });

  it("a test process that gets a real token anyway refuses to start and names it", async () => {
    const env = childEnv({ ADUAN_DOTENV: undefined });
    delete env["ADUAN_DOTENV"];
    const { code, stderr } = await startIn(dir, env);
    expect(code).toBe(2);
    expect(stderr).toContain("Refusing to start");
    expect(stderr).toContain("TELEGRAM_BOT_TOKEN is set and TELEGRAM_API_ROOT is not a local simulator");
    expect(stderr).toContain("X_APP_KEY set and X_API_BASE_URL is not a local simulator");
    expect(stderr).not.toContain("AAH-real-production-token");
  });

  it.each([
    [{ TELEGRAM_BOT_TOKEN: "1:a", TELEGRAM_API_ROOT: "http://127.0.0.1:9999" }, 0],
    [{ TELEGRAM_BOT_TOKEN: "1:a" }, 1],
    [{ X_BEARER_TOKEN: "b", X_API_BASE_URL: "https://api.x.com" }, 1],
    [{ REDIS_URL: "redis://localhost:6379" }, 0],
    [{ TELEGRAM_WEBHOOK_URL: "https://aduan.example.go.id/tg" }, 1],
  ])("in a test run, %j has %i problem(s)", (env, n) => {
    expect(testRunLeaks({ ADUAN_TEST_RUN: "1", ...env })).toHaveLength(n);
  });
});

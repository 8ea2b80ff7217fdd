import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import type { AduanConfig } from "../src/app/load-config.js";
import { checkDeployment } from "../src/config/deployment-check.js";
import { parseEnv } from "../src/runtime/env.js";
import { pipelineSettings } from "../src/app/pipeline-settings-from-config.js";
import { routeVerdict } from "../src/core/routing.js";
import { shippedConfig } from "./support/pipeline-harness.js";
import { sampleVerdict } from "./support/sample-ticket.js";
import { childEnv } from "./support/test-env.js";

let config: AduanConfig;
beforeAll(async () => {
  config = await shippedConfig();
});

/** Every agency that receives cards, with its own group: a deployment that routes everything. */
function fullEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  let n = 0;
  for (const a of config.agencies) {
    if (a.kind === "external") continue;
    env[`ADUAN_CHAT_${a.id.toUpperCase()}`] = String(-1001000000100 - n++);
  }
  return env;
}

const check = (env: Record<string, string | undefined>, demo = false) =>
  checkDeployment({ agencies: config.agencies, app: config.app, env, demo });

describe("config that cannot misroute", () => {
  it("accepts a deployment where every agency has its own group", () => {
    expect(check(fullEnv())).toEqual([]);
  });

  it("refuses an ADUAN_CHAT_ name that matches no agency, and suggests the one meant", () => {
    const env = { ...fullEnv(), ADUAN_CHAT_DISHUBB: "-1001999999999" };
    expect(check(env)).toEqual([
      expect.stringMatching(/^ADUAN_CHAT_DISHUBB names no agency \(did you mean ADUAN_CHAT_DISHUB\?\)/),
    ]);
  });

  it("refuses routable agencies without a group, naming each variable, unless ADUAN_UNROUTED=triage", () => {
    const env: Record<string, string> = { ...fullEnv(), ADUAN_CHAT_DLH: "" };
    delete env["ADUAN_CHAT_DISHUB"];
    const problems = check(env);
    expect(problems).toHaveLength(2);
    expect(problems.join("\n")).toMatch(/ADUAN_CHAT_DISHUB is not set/);
    expect(problems.join("\n")).toMatch(/ADUAN_CHAT_DLH is not set/);
    expect(check({ ...env, ADUAN_UNROUTED: "triage" })).toEqual([]);
    expect(check({ ...env, ADUAN_UNROUTED: "yes" }).join("\n")).toMatch(
      /ADUAN_UNROUTED must be empty or "triage"/,
    );
  });

  it("with ADUAN_UNROUTED=triage, a confident complaint for an agency without a group goes to the triage desk", () => {
    const env: Record<string, string> = { ...fullEnv(), ADUAN_UNROUTED: "triage" };
    delete env["ADUAN_CHAT_DLH"];
    const verdict = sampleVerdict({ agency: "dlh", confidence: 0.9 });
    expect(routeVerdict(verdict, pipelineSettings(config, env))).toEqual({
      kind: "dispatch",
      agency: "diskominfo",
      group: "triage",
    });
    expect(routeVerdict(verdict, pipelineSettings(config, fullEnv()))).toEqual({
      kind: "dispatch",
      agency: "dlh",
      group: "agency",
    });
  });

  it("refuses a deployment with no chats at all (cp .env.example .env with credentials), even with the override the triage group is needed", () => {
    const none = check({});
    expect(none.length).toBeGreaterThanOrEqual(12);
    expect(check({ ADUAN_UNROUTED: "triage" })).toEqual([
      expect.stringMatching(/^ADUAN_CHAT_DISKOMINFO is not set/),
    ]);
  });

  it("refuses two agencies sharing one group", () => {
    const env = { ...fullEnv(), ADUAN_CHAT_DLH: "-1001000000100" };
    expect(check(env)).toEqual([
      expect.stringMatching(
        /ADUAN_CHAT_\w+ \(\w+\) and ADUAN_CHAT_\w+ \(\w+\) share one group -1001000000100/,
      ),
    ]);
    expect(check({ ...fullEnv(), ADUAN_CHAT_SUPERVISORS: "-1001000000100" })).toHaveLength(1);
  });

  it.each(["0x10", "1e3", "-1e3", "1001234567890", "-100.5", "abc", "- 1001", "-0"])(
    "refuses the group id %j",
    (id) => {
      // The variable is refused, and Dishub is then a routable agency without a group.
      expect(check({ ...fullEnv(), ADUAN_CHAT_DISHUB: id })).toEqual([
        expect.stringMatching(/^ADUAN_CHAT_DISHUB must be a Telegram group id: a negative decimal integer/),
        expect.stringMatching(/^ADUAN_CHAT_DISHUB is not set/),
      ]);
    },
  );

  it("refuses poll intervals outside the config's bounds against X, allows fast polls of a local simulator", () => {
    for (const bad of ["5000", "3600001", "1.5", "-100", "soon"]) {
      expect(check({ ...fullEnv(), ADUAN_POLL_INTERVAL_MS: bad })).toEqual([
        expect.stringMatching(
          /^ADUAN_POLL_INTERVAL_MS must be a whole number of milliseconds from 10000 to 3600000/,
        ),
      ]);
    }
    expect(check({ ...fullEnv(), ADUAN_POLL_INTERVAL_MS: "60000" })).toEqual([]);
    expect(
      check({ ...fullEnv(), ADUAN_POLL_INTERVAL_MS: "1000", X_API_BASE_URL: "http://127.0.0.1:4000" }),
    ).toEqual([]);
    expect(
      check({ ...fullEnv(), ADUAN_POLL_INTERVAL_MS: "50", X_API_BASE_URL: "http://127.0.0.1:4000" }),
    ).toHaveLength(1);
  });

  it("reports every problem at once", () => {
    const env = { ADUAN_CHAT_DISHUBB: "-1", ADUAN_CHAT_DLH: "0x10", ADUAN_POLL_INTERVAL_MS: "1" };
    const problems = check(env);
    expect(problems.filter((p) => p.startsWith("ADUAN_CHAT_DISHUBB"))).toHaveLength(1);
    expect(problems.filter((p) => p.startsWith("ADUAN_CHAT_DLH must be"))).toHaveLength(1);
    expect(problems.filter((p) => p.startsWith("ADUAN_POLL_INTERVAL_MS"))).toHaveLength(1);
    expect(problems.filter((p) => / is not set/.test(p)).length).toBeGreaterThan(5);
  });

  it("in the demo, only names and formats are checked: its groups are simulated", () => {
    expect(check({}, true)).toEqual([]);
    expect(check({ ADUAN_CHAT_DISHUBB: "-1" }, true)).toHaveLength(1);
  });

  it("reads an empty value as the default, so .env.example's ADUAN_CONFIG_DIR= means ./config", () => {
    const env = parseEnv({ ADUAN_CONFIG_DIR: "", ADUAN_PREFIX: " ", REDIS_URL: "", LOG_LEVEL: "", PORT: "" });
    expect(env).toMatchObject({
      ADUAN_CONFIG_DIR: "config",
      ADUAN_PREFIX: "aduan",
      REDIS_URL: "redis://127.0.0.1:6379",
      LOG_LEVEL: "info",
      PORT: 8080,
    });
  });

  it("refuses a poll-age alarm shorter than a quiet bot's long poll, naming the variable", () => {
    expect(() => parseEnv({ ADUAN_BOT_MAX_POLL_AGE_S: "30" })).toThrow(
      /ADUAN_BOT_MAX_POLL_AGE_S.*at least 60/s,
    );
    expect(parseEnv({ ADUAN_BOT_MAX_POLL_AGE_S: "90" }).ADUAN_BOT_MAX_POLL_AGE_S).toBe(90);
  });

  it(".env.example lists every agency's ADUAN_CHAT_<ID> and the supervisors'", () => {
    const lines = readFileSync(".env.example", "utf8").split("\n");
    for (const a of config.agencies) {
      if (a.kind === "external") continue;
      expect(lines).toContain(`ADUAN_CHAT_${a.id.toUpperCase()}=`);
    }
    expect(lines).toContain("ADUAN_CHAT_SUPERVISORS=");
    expect(lines).toContain("ADUAN_UNROUTED=");
  });

  it("npm start refuses with exit code 2 and a message naming each variable", async () => {
    const env = childEnv({
      ...fullEnv(),
      ADUAN_CHAT_DISHUBB: "-1001999999999",
      ADUAN_CHAT_DLH: "0x10",
      TELEGRAM_BOT_TOKEN: "123456:local-test-token",
      TELEGRAM_API_ROOT: "http://127.0.0.1:9",
      X_API_BASE_URL: "http://127.0.0.1:9",
      X_APP_KEY: "local-app-key",
      X_APP_SECRET: "local-app-secret",
      X_ACCESS_TOKEN: "local-access-token",
      X_ACCESS_SECRET: "local-access-secret",
    });
    const result = await promisify(execFile)(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env,
      timeout: 60_000,
    }).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code?: number; stderr?: string }) => ({ code: e.code, stderr: e.stderr ?? "" }),
    );
    expect(result.stderr).toContain("Refusing to start");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("ADUAN_CHAT_DISHUBB names no agency");
    expect(result.stderr).toContain("ADUAN_CHAT_DLH must be a Telegram group id");
    expect(result.stderr).toContain("ADUAN_CHAT_DLH is not set");
  }, 60_000);
});

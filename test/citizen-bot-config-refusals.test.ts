import { beforeAll, describe, expect, it } from "vitest";
import type { AduanConfig } from "../src/app/load-config.js";
import { citizenWebhookSettings, webhookSettings } from "../src/app/telegram-webhook.js";
import { checkDeployment } from "../src/config/deployment-check.js";
import { EnvError, parseEnv, secretValues } from "../src/runtime/env.js";
import { shippedConfig } from "./support/pipeline-harness.js";

let config: AduanConfig;
beforeAll(async () => {
  config = await shippedConfig();
});

const STAFF = "7012345678:AAH-staff-token-for-config-tests-0001";
const CITIZEN = "7012345679:AAH-citizen-token-for-config-tests-01";

/** Every agency with its own group: a deployment whose only problems are the ones a test adds. */
function routed(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = { TELEGRAM_BOT_TOKEN: STAFF, ...extra };
  let n = 0;
  for (const a of config.agencies) {
    if (a.kind !== "external") env[`ADUAN_CHAT_${a.id.toUpperCase()}`] = String(-1001000000100 - n++);
  }
  return env;
}

const check = (env: Record<string, string>, citizensEnabled = true) =>
  checkDeployment({
    agencies: config.agencies,
    app: { ...config.app, citizens: { ...config.app.citizens, enabled: citizensEnabled } },
    env,
    demo: false,
  });

describe("a second, citizen-facing bot token", () => {
  it("is accepted when it is another bot's token and citizens are on", () => {
    expect(check(routed({ TELEGRAM_CITIZEN_BOT_TOKEN: CITIZEN }))).toEqual([]);
  });

  it("refuses the same token set twice, naming both variables and never the token", () => {
    const problems = check(routed({ TELEGRAM_CITIZEN_BOT_TOKEN: STAFF }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("TELEGRAM_CITIZEN_BOT_TOKEN is the same token as TELEGRAM_BOT_TOKEN");
    expect(problems.join()).not.toContain(STAFF.split(":")[1]);
  });

  it("refuses a second token of the same bot (same bot id, re-issued secret)", () => {
    const problems = check(
      routed({ TELEGRAM_CITIZEN_BOT_TOKEN: "7012345678:AAH-reissued-secret-of-the-same-bot" }),
    );
    expect(problems).toEqual([expect.stringContaining("two tokens of the same bot (id 7012345678)")]);
  });

  it("refuses something that is no bot token", () => {
    expect(check(routed({ TELEGRAM_CITIZEN_BOT_TOKEN: "aduan-warga" }))).toEqual([
      expect.stringContaining("does not look like a bot token"),
    ]);
  });

  it("refuses a citizen bot while citizens' intake is off in app.yaml", () => {
    expect(check(routed({ TELEGRAM_CITIZEN_BOT_TOKEN: CITIZEN }), false)).toEqual([
      expect.stringContaining("citizens.enabled is false"),
    ]);
  });

  it("refuses the citizen bot's webhook variables without its token", () => {
    expect(
      check(routed({ TELEGRAM_CITIZEN_WEBHOOK_URL: "https://aduan.example.go.id/telegram/warga" })),
    ).toEqual([expect.stringContaining("TELEGRAM_CITIZEN_BOT_TOKEN is not")]);
  });

  it("keeps its token and webhook secret out of the logs, the secret half on its own too", () => {
    const env = parseEnv({
      TELEGRAM_CITIZEN_BOT_TOKEN: CITIZEN,
      TELEGRAM_CITIZEN_WEBHOOK_SECRET: "rahasia-warga",
    });
    expect(secretValues(env)).toEqual(
      expect.arrayContaining([CITIZEN, CITIZEN.split(":")[1], "rahasia-warga"]),
    );
  });
});

describe("the citizen bot's webhook", () => {
  const staff = webhookSettings({
    TELEGRAM_WEBHOOK_URL: "https://aduan.example.go.id/telegram/staf",
    TELEGRAM_WEBHOOK_SECRET: "rahasia-staf",
  });
  const hook = (url?: string, secret?: string) =>
    citizenWebhookSettings(
      { TELEGRAM_CITIZEN_WEBHOOK_URL: url, TELEGRAM_CITIZEN_WEBHOOK_SECRET: secret },
      staff,
    );

  it("has a path and a secret of its own", () => {
    expect(hook("https://aduan.example.go.id/telegram/warga", "rahasia-warga")).toEqual({
      url: "https://aduan.example.go.id/telegram/warga",
      path: "/telegram/warga",
      secretToken: "rahasia-warga",
    });
  });

  it.each([
    ["no URL in webhook mode", undefined, "rahasia-warga", "TELEGRAM_CITIZEN_WEBHOOK_URL is not"],
    [
      "no secret",
      "https://aduan.example.go.id/telegram/warga",
      undefined,
      "TELEGRAM_CITIZEN_WEBHOOK_SECRET is not",
    ],
    ["the staff bot's path", "https://aduan.example.go.id/telegram/staf", "rahasia-warga", "same path"],
    [
      "the staff bot's secret",
      "https://aduan.example.go.id/telegram/warga",
      "rahasia-staf",
      "its own secret",
    ],
    [
      "a reserved path",
      "https://aduan.example.go.id/healthz",
      "rahasia-warga",
      "TELEGRAM_CITIZEN_WEBHOOK_URL needs a path",
    ],
  ])("is refused with %s", (_label, url, secret, words) => {
    expect(() => hook(url, secret)).toThrow(EnvError);
    expect(() => hook(url, secret)).toThrow(words);
  });

  it("is refused without the staff bot's webhook: both bots use one mode", () => {
    expect(() =>
      citizenWebhookSettings(
        {
          TELEGRAM_CITIZEN_WEBHOOK_URL: "https://aduan.example.go.id/telegram/warga",
          TELEGRAM_CITIZEN_WEBHOOK_SECRET: "x",
        },
        undefined,
      ),
    ).toThrow("both bots use the same mode");
    expect(citizenWebhookSettings({}, undefined)).toBeUndefined();
  });
});

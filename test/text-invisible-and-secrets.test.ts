import { describe, expect, it } from "vitest";
import { reportFatal } from "../src/runtime/fatal-error.js";
import { createScrubber, secretsIn } from "../src/runtime/secret-scrubber.js";
import { cleanPersonName } from "../src/core/invisible-text.js";
import { renderCard } from "../src/core/render-card.js";
import { sampleTicket, sampleTweet } from "./support/sample-ticket.js";

describe("invisible characters", () => {
  it.each([
    ["Budi\u202Enimda", "Budinimda"],
    ["\u2066Siti\u2069 Rahma", "Siti Rahma"],
    ["A\u200Bhmad\u200C \uFEFFYani", "Ahmad Yani"],
    ["Dewi\n(admin)", "Dewi (admin)"],
    ["\u202E\u200B", "@fallback"],
  ])("a staff name %j is shown as %j", (raw, shown) => {
    expect(cleanPersonName(raw, "@fallback")).toBe(shown);
  });

  it("a card shows a tweet without its zero-width characters, emoji intact", () => {
    const text = "@PemkotBandung ja\u200Blan\u2060 bolong\uFEFF di Dago 👨\u200D👧 tolong";
    const card = renderCard(sampleTicket({ tweet: sampleTweet({ text }) }), {
      lang: "id",
      agencies: [{ id: "dsdabm", name: "Dinas SDABM", short_name: "DSDABM", kind: "agency" }],
      chatId: -1001000000001,
      secret: "card-test-secret",
    });
    expect(card.text).toContain("jalan bolong di Dago 👨\u200D👧 tolong");
    expect(card.text).not.toMatch(/[\u200B\u2060\uFEFF]/u);
  });

  it("keeps the joiner inside an emoji family and drops it elsewhere", () => {
    expect(cleanPersonName("Rina 👨\u200D👩\u200D👧 ba\u200Dru", "x")).toBe("Rina 👨\u200D👩\u200D👧 baru");
  });
});

describe("secret scrubbing", () => {
  it("scrubs a short secret where it stands alone and leaves longer words alone", () => {
    const scrub = createScrubber(["ab12"]);
    expect(scrub("login with ab12 failed; id xab12y kept")).toBe(
      "login with [redacted] failed; id xab12y kept",
    );
    expect(scrub("redis://:ab12@127.0.0.1:6379")).toBe("redis://:[redacted]@127.0.0.1:6379");
  });

  it("scrubs long secrets anywhere, URL-encoded and JSON-escaped", () => {
    const secret = 's3cr+t/"value"-000';
    const scrub = createScrubber([secret]);
    const line = `${secret} ${encodeURIComponent(secret)} ${JSON.stringify(secret)}`;
    expect(scrub(line)).toBe(`[redacted] [redacted] "[redacted]"`);
  });

  it("finds the secrets in a raw environment, the token's secret half and Redis's password included", () => {
    const found = secretsIn({
      TELEGRAM_BOT_TOKEN: "123456:AAH-real-secret",
      ADMIN_PASSWORD: "pw",
      REDIS_URL: "redis://user:hunter2@redis.internal:6379",
      LOG_LEVEL: "info",
    });
    expect(found).toEqual(
      expect.arrayContaining(["123456:AAH-real-secret", "AAH-real-secret", "pw", "hunter2"]),
    );
    expect(found).not.toContain("info");
  });

  it("an error that ends the process is printed without the secrets in it", () => {
    const env = { TELEGRAM_BOT_TOKEN: "7012345678:AAH-top-level-leak", ADMIN_PASSWORD: "pw12" };
    let printed = "";
    const err = new Error(
      "GET https://api.telegram.org/bot7012345678:AAH-top-level-leak/getMe failed (pw12)",
    );
    const code = reportFatal(
      err,
      env,
      () => false,
      (t) => (printed += t),
    );
    expect(code).toBe(1);
    expect(printed).toContain("getMe failed");
    expect(printed).not.toContain("AAH-top-level-leak");
    expect(printed).not.toContain("pw12");
  });

  it("an operator's error exits with code 2 and only its scrubbed message", () => {
    let printed = "";
    const code = reportFatal(
      new Error("bad pw12 here"),
      { ADMIN_PASSWORD: "pw12" },
      () => true,
      (t) => (printed += t),
    );
    expect(code).toBe(2);
    expect(printed).toBe("bad [redacted] here\n");
  });
});

import { ApiRequestError, ApiResponseError } from "twitter-api-v2";
import { afterEach, describe, expect, it } from "vitest";
import { createXClient } from "../src/x/x-client.js";
import { classifyXError } from "../src/x/x-errors.js";
import { addCitizenTweets, startSimKit, type SimKit } from "./support/x-sim-kit.js";

let kit: SimKit | undefined;
afterEach(async () => {
  await kit?.sim.close();
  kit = undefined;
});

async function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
}

const mentions = (k: SimKit) =>
  k.app.v2.get("users/:id/mentions", {}, { params: { id: k.sim.ownUser.id }, fullResponse: true });

describe("X simulator: authentication, rate limits and injected faults", () => {
  it("a request without credentials gets 401 with X's problem body", async () => {
    kit = await startSimKit();
    const res = await fetch(`${kit.sim.url}/2/users/${kit.sim.ownUser.id}/mentions`);
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await res.json()).toEqual({
      title: "Unauthorized",
      detail: "Unauthorized",
      type: "about:blank",
      status: 401,
    });
    const wrong = createXClient({ baseUrl: kit.sim.url, bearerToken: "not-our-token" });
    const err = await failure(wrong.v2.userMentionTimeline(kit.sim.ownUser.id));
    expect(classifyXError(err)).toMatchObject({ kind: "refused", reason: "unauthorized", status: 401 });
  });

  it("every answer carries x-rate-limit headers counting down within the window", async () => {
    kit = await startSimKit({ limits: { mentions: 10 } });
    const first = await mentions(kit);
    const second = await mentions(kit);
    const resetS = Math.floor(kit.clock.now() / 1000) + 900;
    expect(first.rateLimit).toEqual({ limit: 10, remaining: 9, reset: resetS });
    expect(second.rateLimit).toEqual({ limit: 10, remaining: 8, reset: resetS });
  });

  it("a spent window answers 429 with the reset on the error, and a fresh window opens once the clock passes it", async () => {
    kit = await startSimKit({ limits: { mentions: 3 } });
    const resetS = Math.floor(kit.clock.now() / 1000) + 900;
    for (let i = 0; i < 3; i++) await mentions(kit);
    const err = await failure(mentions(kit));
    expect(err).toBeInstanceOf(ApiResponseError);
    const apiErr = err as ApiResponseError;
    expect(apiErr.code).toBe(429);
    expect(apiErr.rateLimitError).toBe(true);
    expect(apiErr.rateLimit).toEqual({ limit: 3, remaining: 0, reset: resetS });
    expect(apiErr.data).toEqual({
      title: "Too Many Requests",
      detail: "Too Many Requests",
      type: "about:blank",
      status: 429,
    });
    expect(classifyXError(err)).toEqual({
      kind: "rate-limited",
      status: 429,
      resetAtMs: resetS * 1000,
      message: expect.any(String),
    });
    expect(kit.sim.stats().rateLimited).toBe(1);

    kit.clock.advance(899_000);
    await expect(failure(mentions(kit))).resolves.toMatchObject({ code: 429 });
    kit.clock.advance(1_000);
    const fresh = await mentions(kit);
    expect(fresh.rateLimit).toMatchObject({ limit: 3, remaining: 2, reset: resetS + 900 });
  });

  it("windows are per endpoint: a spent mentions window does not block posting", async () => {
    kit = await startSimKit({ limits: { mentions: 1 } });
    await mentions(kit);
    await expect(failure(mentions(kit))).resolves.toMatchObject({ code: 429 });
    await expect(kit.user.v2.tweet("Pengumuman: car free day Dago ditiadakan.")).resolves.toMatchObject({
      data: {},
    });
  });

  it("three injected 503s fail as retryable, then the fourth call succeeds", async () => {
    kit = await startSimKit();
    addCitizenTweets(kit, ["@PemkotBandung listrik padam di Antapani"]);
    kit.sim.addFault({ endpoint: "mentions", status: 503, count: 3 });
    const outcomes: (number | string)[] = [];
    for (let i = 0; i < 4; i++) {
      try {
        const res = await mentions(kit);
        outcomes.push((res.data as { meta: { result_count: number } }).meta.result_count);
      } catch (e) {
        const f = classifyXError(e);
        outcomes.push(`${f?.kind}:${f && "status" in f ? f.status : ""}`);
      }
    }
    expect(outcomes).toEqual(["retryable:503", "retryable:503", "retryable:503", 1]);
    expect(kit.sim.stats().faultsServed).toBe(3);
  });

  it("one injected 429 carries the window's reset", async () => {
    kit = await startSimKit();
    kit.sim.addFault({ endpoint: "post", status: 429 });
    const err = await failure(kit.user.v2.tweet("halo warga Bandung"));
    const f = classifyXError(err);
    expect(f).toMatchObject({
      kind: "rate-limited",
      resetAtMs: (Math.floor(kit.clock.now() / 1000) + 900) * 1000,
    });
  });

  it("a response slower than the client's timeout fails as a retryable timeout", async () => {
    kit = await startSimKit({}, 150);
    kit.sim.addFault({ endpoint: "mentions", delayMs: 5_000 });
    const started = Date.now();
    const err = await failure(mentions(kit));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(err).toBeInstanceOf(ApiRequestError);
    expect(classifyXError(err)).toMatchObject({ kind: "retryable", cause: "timeout" });
  });

  it("a dropped connection fails as a retryable network error", async () => {
    kit = await startSimKit();
    kit.sim.addFault({ endpoint: "me", status: 0 });
    const err = await failure(kit.user.v2.me());
    expect(classifyXError(err)).toMatchObject({ kind: "retryable", cause: "network" });
  });

  it("a walk through pages that fails on the second page keeps the first page and can resume", async () => {
    kit = await startSimKit();
    addCitizenTweets(
      kit,
      Array.from({ length: 8 }, (_, i) => `@PemkotBandung selokan mampet di RW ${i + 1} Cicadas`),
    );
    kit.sim.addFault({ endpoint: "mentions", status: 500, afterRequests: 1 });
    const timeline = await kit.app.v2.userMentionTimeline(kit.sim.ownUser.id, { max_results: 5 });
    expect(timeline.tweets).toHaveLength(5);
    await expect(failure(timeline.fetchNext())).resolves.toMatchObject({ code: 500 });
    await timeline.fetchNext();
    expect(timeline.tweets).toHaveLength(8);
    expect(timeline.done).toBe(true);
  });

  it("faults can be added and cleared over HTTP, and stats read back", async () => {
    kit = await startSimKit();
    const add = await fetch(`${kit.sim.url}/_sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ endpoint: "search", status: 503, count: 2 }),
    });
    expect(add.status).toBe(201);
    const cleared = (await (await fetch(`${kit.sim.url}/_sim/faults`, { method: "DELETE" })).json()) as {
      cleared: number;
    };
    expect(cleared.cleared).toBe(1);
    await kit.app.v2.search("banjir");
    const stats = (await (await fetch(`${kit.sim.url}/_sim/stats`)).json()) as {
      requests: Record<string, number>;
    };
    expect(stats.requests).toEqual({ me: 0, mentions: 0, search: 1, post: 0, delete: 0 });
  });
});
